//! The template engine: the theme's Tera templates, parsed once per build,
//! and the typed views ([`views`]) they are rendered with.
//!
//! Built-in templates are registered under the reserved prefix `privsite/`
//! and found through Tera's fallback prefixes, so a site theme overrides any
//! of them just by having a file of the same name. Autoescaping is always on;
//! only HTML this crate made (sanitized Markdown, localized `<time>` phrases)
//! is marked safe.

pub(crate) mod builtin;
pub mod theme;
pub mod views;
pub mod written;

use std::collections::BTreeSet;

use serde::Serialize;
use tera::{Context, Kwargs, State, Tera, TeraResult, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, Origin};
use crate::i18n::Strings;
pub use theme::{TemplateSource, Theme};

/// What a template is rendered with: the view's own values, and the
/// theme's strings in the page's locale (`t`) when it has any. The strings
/// are left out of the view's serialization (`#[serde(skip)]`) and given
/// here, so that the engine shares one value of them per locale instead of
/// copying some 150 strings into every page.
pub trait View: Serialize {
    /// The strings the template sees as `t`.
    fn strings(&self) -> Option<&Strings> {
        None
    }
}

/// Implements [`View`] for views whose `t` field holds the page's strings.
macro_rules! view_with_strings {
    ($($view:ident),+ $(,)?) => {
        $(impl $crate::render::View for $view<'_> {
            fn strings(&self) -> Option<&$crate::i18n::Strings> {
                Some(self.t)
            }
        })+
    };
}
pub(crate) use view_with_strings;

/// The prefix under which built-in templates are registered.
const BUILTIN_PREFIX: &str = "privsite/";

/// Templates every theme must provide (the built-in theme does).
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "index.html",
    "version.html",
    "versions.html",
    "changes.html",
    "notice.html",
    "feed.xml",
    "sitemap.xml",
    "email.html",
    "email.txt",
];

/// A ready-to-use template engine.
pub struct Engine {
    tera: Tera,
    /// The templates, to point a rendering problem at its file and line.
    templates: Vec<TemplateSource>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").finish_non_exhaustive()
    }
}

impl Engine {
    /// Parses every template of `theme`, checking that the strings templates
    /// use exist in the theme's reference locale.
    pub fn new(theme: &Theme, diagnostics: &mut Diagnostics) -> Option<Engine> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        tera.set_escape_fn(escape);
        tera.register_filter("fill", fill);
        if let Err(err) = tera.set_fallback_prefixes([BUILTIN_PREFIX]) {
            diagnostics.error(Origin::file("<built-in theme>"), err.to_string());
            return None;
        }
        let named: Vec<(String, &str)> = theme
            .templates
            .iter()
            .map(|t| {
                let name = if t.builtin {
                    format!("{BUILTIN_PREFIX}{}", t.name)
                } else {
                    t.name.clone()
                };
                (name, t.text.as_str())
            })
            .collect();
        if let Err(err) = tera.add_raw_templates(named.iter().map(|(n, t)| (n.as_str(), *t))) {
            diagnostics.push(template_error(&theme.templates, &err, None));
            return None;
        }
        let mut ok = true;
        for name in REQUIRED_TEMPLATES {
            if !tera.contains_template(name) {
                diagnostics.error(
                    Origin::file("themes"),
                    format!("the theme has no template `{name}`"),
                );
                ok = false;
            }
        }
        let reference = theme.strings.reference();
        for template in &theme.templates {
            for key in string_keys(&template.text) {
                match reference.and_then(|r| r.get(&key)) {
                    None => {
                        diagnostics.push(
                            Diagnostic::error(
                                Origin::file(&template.path),
                                format!("the template uses the string `t.{key}`, which the theme's en.yaml does not define"),
                            )
                            .with_help(format!("add `{key}:` to the theme's i18n/en.yaml")),
                        );
                        ok = false;
                    }
                    Some(text) if text.is_plural() && !counted(&template.text, &key) => {
                        diagnostics.push(
                            Diagnostic::error(
                                Origin::file(&template.path),
                                format!("the template uses `t.{key}`, a string with plural forms, without a number to choose the form"),
                            )
                            .with_help(format!("write `{{{{ t.{key} | fill(count=...) }}}}` with the number the sentence counts")),
                        );
                        ok = false;
                    }
                    Some(_) => {}
                }
            }
        }
        ok.then_some(Engine {
            tera,
            templates: theme.templates.clone(),
        })
    }

    /// Renders `template` with `view` as its context.
    pub fn render<T: View>(&self, template: &str, view: &T) -> Result<String, Diagnostic> {
        let fail = |err: tera::Error| template_error(&self.templates, &err, Some(template));
        let mut context = Context::from_serialize(view).map_err(fail)?;
        if let Some(t) = view.strings() {
            context.insert_value("t", t.template_value().map_err(fail)?);
        }
        self.tera.render(template, &context).map_err(fail)
    }
}

/// A diagnostic for a template that does not compile, or (`rendering`)
/// that failed to render that page, pointing at the template file and line
/// that Tera names (` --> name:line:column`), else at the template being
/// rendered.
fn template_error(
    templates: &[TemplateSource],
    err: &tera::Error,
    rendering: Option<&str>,
) -> Diagnostic {
    let chain = error_chain(err);
    let location = chain
        .lines()
        .find_map(|l| l.trim().strip_prefix("--> "))
        .and_then(|l| {
            let mut parts = l.rsplitn(3, ':');
            let column = parts.next()?.trim().parse().ok()?;
            let line = parts.next()?.trim().parse().ok()?;
            Some((
                parts.next()?.to_owned(),
                crate::diagnostics::Pos { line, column },
            ))
        });
    let named = |name: &str| {
        let builtin = name.starts_with(BUILTIN_PREFIX);
        let name = name.strip_prefix(BUILTIN_PREFIX).unwrap_or(name);
        templates
            .iter()
            .find(|t| t.name == name && t.builtin == builtin)
    };
    let template = match &location {
        Some((name, _)) => named(name),
        // The page's own template: the site's, else the built-in one.
        None => rendering
            .and_then(|name| named(name).or_else(|| named(&format!("{BUILTIN_PREFIX}{name}")))),
    };
    let summary = chain
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ")
        .to_owned();
    let (origin, help) = match template {
        Some(t) if t.builtin => (
            Origin::at(&t.path, location.map(|(_, p)| p)),
            "this built-in template is used together with your theme's templates: check that your \
             templates define the blocks and components the built-in ones use (see docs/THEMES.md)",
        ),
        Some(t) => (
            Origin::at(&t.path, location.map(|(_, p)| p)),
            "fix the template, or delete it to use the built-in one",
        ),
        None => (
            Origin::file("themes"),
            "fix the template, or delete it to use the built-in one",
        ),
    };
    let message = match rendering {
        None => format!("a template has an error: {summary}"),
        Some(name) => format!("rendering `{name}` failed: {summary}"),
    };
    let mut diagnostic = Diagnostic::error(origin, message).with_help(help);
    if let Some(t) = template {
        diagnostic = diagnostic.with_source(&t.text);
    }
    diagnostic
}

/// The keys used as `t.key` in a template's text.
fn string_keys(text: &str) -> BTreeSet<String> {
    let bytes = text.as_bytes();
    let mut keys = BTreeSet::new();
    let mut i = 0;
    while let Some(found) = text[i..].find("t.") {
        let start = i + found;
        let boundary = start == 0
            || !(bytes[start - 1].is_ascii_alphanumeric()
                || bytes[start - 1] == b'_'
                || bytes[start - 1] == b'.');
        let key: String = text[start + 2..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if boundary && !key.is_empty() {
            keys.insert(key);
        }
        i = start + 2;
    }
    keys
}

/// Whether every use of `t.key` in a template's text goes through
/// `| fill(...)` with a `count=` argument (a plural string needs one).
fn counted(text: &str, key: &str) -> bool {
    let needle = format!("t.{key}");
    let mut from = 0;
    while let Some(found) = text[from..].find(&needle) {
        let start = from + found;
        let end = start + needle.len();
        from = end;
        let bytes = text.as_bytes();
        let boundary = start == 0
            || !(bytes[start - 1].is_ascii_alphanumeric()
                || bytes[start - 1] == b'_'
                || bytes[start - 1] == b'.');
        let whole = text[end..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'));
        if !boundary || !whole {
            continue;
        }
        let rest = text[end..].trim_start();
        let Some(call) = rest
            .strip_prefix('|')
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix("fill("))
        else {
            return false;
        };
        let mut depth = 1;
        let arguments: String = call
            .chars()
            .take_while(|c| {
                depth += match c {
                    '(' => 1,
                    ')' => -1,
                    _ => 0,
                };
                depth > 0
            })
            .filter(|c| !c.is_whitespace())
            .collect();
        let has_count = arguments.starts_with("count=") || arguments.contains(",count=");
        if !has_count {
            return false;
        }
    }
    true
}

fn error_chain(err: &tera::Error) -> String {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

/// `{{ t.key | fill(date=some_date, name="x") }}`: the localized sentence with
/// its `{placeholders}` filled in. The sentence and plain values are escaped;
/// dates (maps with `iso` and `text`) become `<time>` elements. A string with
/// plural forms (a map of forms and `lang`) needs `count=`: it picks the
/// form, by the plural rules of the forms' language, and fills `{count}`.
fn fill(sentence: &Value, kwargs: Kwargs, _: &State) -> TeraResult<Value> {
    let sentence = match (sentence.as_str(), sentence.as_map()) {
        (Some(text), _) => text.to_owned(),
        (None, Some(forms)) => plural_form(forms, &kwargs)?,
        (None, None) => {
            return Err(tera::Error::message(format!(
                "`fill` takes a theme string, not {}",
                sentence.name()
            )));
        }
    };
    let values: Vec<(String, String)> = kwargs
        .iter()
        .map(|(key, value)| {
            let key = key.as_str().unwrap_or_default().to_owned();
            let html = match value.as_map() {
                Some(map) => {
                    let get = |field: &str| {
                        map.get(&tera::value::Key::Str(field))
                            .and_then(|v| v.as_str().map(str::to_owned))
                            .unwrap_or_default()
                    };
                    format!(
                        "<time datetime=\"{}\">{}</time>",
                        escape_html(&get("iso")),
                        escape_html(&get("text"))
                    )
                }
                None => match value.as_str() {
                    Some(text) if value.is_safe() => text.to_owned(),
                    Some(text) => escape_html(text),
                    // Numbers and other plain values.
                    None => escape_html(&value.to_string()),
                },
            };
            (key, html)
        })
        .collect();
    Ok(Value::safe_string(&fill_html(&sentence, &values)))
}

/// The form of plural `forms` (as [`crate::i18n::Strings`] serializes them)
/// for the `count` argument.
fn plural_form(forms: &tera::Map, kwargs: &Kwargs) -> TeraResult<String> {
    use tera::value::Key;
    let count = kwargs.get::<Value>("count")?.ok_or_else(|| {
        tera::Error::message(
            "this string has plural forms: give the number that chooses the form, as `fill(count=...)`",
        )
    })?;
    let count = count
        .as_i128()
        .map(i128::unsigned_abs)
        .and_then(|n| u64::try_from(n).ok())
        .ok_or_else(|| {
            tera::Error::message(format!(
                "`count` must be a whole number to choose a plural form, not {}",
                count.name()
            ))
        })?;
    let language = forms
        .get(&Key::Str("lang"))
        .and_then(Value::as_str)
        .and_then(|tag| crate::model::Locale::parse(tag).ok())
        .ok_or_else(|| tera::Error::message("plural forms without their `lang`"))?;
    let category = crate::i18n::plurals::category_for(&language, count);
    [crate::i18n::plurals::name(category), "other"]
        .iter()
        .find_map(|name| forms.get(&Key::Str(name)).and_then(Value::as_str))
        .map(str::to_owned)
        .ok_or_else(|| tera::Error::message("plural forms without an `other` form"))
}

/// Fills the `{placeholders}` of a sentence from the theme's strings with
/// plain-text values, for plain text (emails).
pub fn fill_text<K: AsRef<str>, V: AsRef<str>>(sentence: &str, values: &[(K, V)]) -> String {
    values
        .iter()
        .fold(sentence.to_owned(), |out, (key, value)| {
            out.replace(&format!("{{{}}}", key.as_ref()), value.as_ref())
        })
}

/// Fills the `{placeholders}` of a sentence from the theme's strings with
/// HTML values: the sentence is escaped, the values are inserted as given
/// (callers escape what they insert).
pub fn fill_html<K: AsRef<str>, V: AsRef<str>>(sentence: &str, values: &[(K, V)]) -> String {
    fill_text(&escape_html(sentence), values)
}

/// Escapes text for HTML.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(text, &mut out);
    out
}

/// Escapes `text` for HTML and XML exactly as Tera's own escaping does
/// (`&`, `<`, `>`, `"` and `'`, so that a theme's single-quoted attributes
/// are safe too), writing each run without them in one piece: Tera's
/// writes byte by byte, which was a tenth of a build. Tera's `fast_escape`
/// leaves `'` as it is, so it is not used.
pub fn escape(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut start = 0;
    for (i, entity) in entities(text) {
        out.write_all(&text.as_bytes()[start..i])?;
        out.write_all(entity.as_bytes())?;
        start = i + 1;
    }
    out.write_all(&text.as_bytes()[start..])
}

/// [`escape`] into a string.
pub fn escape_into(text: &str, out: &mut String) {
    let mut start = 0;
    for (i, entity) in entities(text) {
        // `i` is at an ASCII byte, so on a character boundary.
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// The characters escaping replaces, where they are, with what replaces them.
fn entities(text: &str) -> impl Iterator<Item = (usize, &'static str)> + '_ {
    text.bytes().enumerate().filter_map(|(i, byte)| {
        Some((
            i,
            match byte {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => return None,
            },
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_tera_does() {
        for text in [
            "",
            "plain",
            "a & b < c > d \"e\" 'f'",
            "&&<<>>\"\"''",
            "« déjà » — العربية & 中文 '",
            "<script>alert('x')</script>",
        ] {
            let mut ours = Vec::new();
            escape(text, &mut ours).unwrap();
            let mut teras = Vec::new();
            tera::escape_html(text, &mut teras).unwrap();
            assert_eq!(ours, teras, "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn escapes_any_text_as_tera_does(text in "[a-z&<>\"' é\u{627}]{0,40}") {
            let mut ours = Vec::new();
            escape(&text, &mut ours).unwrap();
            let mut teras = Vec::new();
            tera::escape_html(&text, &mut teras).unwrap();
            proptest::prop_assert_eq!(ours, teras);
        }
    }

    #[test]
    fn finds_string_keys_in_templates() {
        let keys = string_keys(
            "{{ t.contents }} {{ t.effective|upper }} {{ at.x }} {{ page.t.no }} t.last_updated",
        );
        assert_eq!(
            keys.into_iter().collect::<Vec<_>>(),
            ["contents", "effective", "last_updated"]
        );
    }

    #[test]
    fn knows_whether_plural_strings_get_a_count() {
        assert!(counted(
            "{{ t.places | fill(count=n) }} {{ t.placesx }}",
            "places"
        ));
        assert!(counted(
            "{{ t.places|fill( date=d, count = stats.x ) }}",
            "places"
        ));
        assert!(counted("{{ at.places }} no use at all", "places"));
        assert!(!counted("{{ t.places }}", "places"));
        assert!(!counted("{{ t.places | fill(date=d) }}", "places"));
        assert!(!counted("{{ t.places | fill(recount=2) }}", "places"));
        assert!(!counted(
            "{{ t.places | fill(count=n) }} {{ t.places | upper }}",
            "places"
        ));
    }

    #[test]
    fn embedded_theme_matches_the_theme_folder() {
        builtin::assert_matches_folder();
    }
}
