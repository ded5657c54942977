//! Reading and checking a theme's string files (`i18n/<locale>.yaml`): each
//! key must be one of `en.yaml`'s, and is a single text or plural forms as
//! `en.yaml` has it; plural forms are keyed by CLDR category and have an
//! `other` form. Every problem names the file and line of the value.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::PathBuf;

use icu_plurals::PluralCategory;
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};

use crate::diagnostics::{Diagnostic, Diagnostics, Origin, Pos};
use crate::i18n::plurals::{self, CATEGORIES, Forms};
use crate::i18n::strings::REFERENCE_LOCALE;
use crate::i18n::{Text, ThemeStrings};
use crate::model::Locale;
use crate::source::yaml::{self, Spanned};

/// A string as written: one text, or forms by category name.
#[derive(Debug)]
enum RawText {
    Plain(String),
    Forms(Vec<(Spanned<String>, Spanned<String>)>),
}

impl<'de> Deserialize<'de> for RawText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = RawText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text, or plural forms such as `one:` and `other:`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawText, E> {
                Ok(RawText::Plain(v.to_owned()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<RawText, E> {
                Ok(RawText::Plain(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RawText, E> {
                Ok(RawText::Plain(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RawText, E> {
                Ok(RawText::Plain(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<RawText, E> {
                Ok(RawText::Plain(v.to_string()))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<RawText, E> {
                Err(E::custom(
                    "this string is empty: write its text after the colon, or its plural forms (`one:`, `other:`) on the indented lines below",
                ))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<RawText, A::Error> {
                Err(serde::de::Error::custom(
                    "a list is not a theme string: write one text, or plural forms (`one:`, `other:`) on the indented lines below",
                ))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawText, A::Error> {
                let mut forms = Vec::new();
                while let Some(category) = map.next_key::<Spanned<String>>()? {
                    forms.push((category, map.next_value::<Spanned<String>>()?));
                }
                Ok(RawText::Forms(forms))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// One string file: where it is, its text (for carets), its locale and entries.
struct File {
    path: PathBuf,
    text: String,
    locale: Locale,
    entries: BTreeMap<String, Spanned<RawText>>,
}

/// A string file found in the theme: its locale tag, path and text.
/// Built-in files come first.
pub(super) type Found = (String, PathBuf, String);

/// Parses and checks every string file; `None` when any has an error.
pub(super) fn load(found: Vec<Found>, diagnostics: &mut Diagnostics) -> Option<ThemeStrings> {
    let mut files = Vec::new();
    let mut ok = true;
    for (tag, path, text) in found {
        let locale = match Locale::parse(&tag) {
            Ok(locale) => locale,
            Err(problem) => {
                diagnostics.push(Diagnostic::error(
                    Origin::file(&path),
                    format!("the file name does not name a locale: {problem}"),
                ));
                ok = false;
                continue;
            }
        };
        match yaml::parse::<BTreeMap<String, Spanned<RawText>>>(&path, &text) {
            Ok(entries) => files.push(File {
                path,
                text,
                locale,
                entries,
            }),
            Err(d) => {
                diagnostics.push(d);
                ok = false;
            }
        }
    }
    // English decides the keys, and which are plural: the built-in en.yaml
    // for its own keys (a site theme cannot change their shape, which the
    // built-in translations and templates rely on), a site's for new keys.
    let mut reference: BTreeMap<String, bool> = BTreeMap::new();
    for file in files
        .iter()
        .filter(|f| f.locale.as_str() == REFERENCE_LOCALE)
    {
        for (key, value) in &file.entries {
            reference
                .entry(key.clone())
                .or_insert(matches!(value.value, RawText::Forms(_)));
        }
    }
    let known: Vec<String> = reference.keys().cloned().collect();
    let mut by_locale: BTreeMap<String, BTreeMap<String, Text>> = BTreeMap::new();
    for file in &files {
        let mut check = Check {
            file,
            diagnostics: &mut *diagnostics,
            ok: true,
        };
        for (key, value) in &file.entries {
            let Some(&plural) = reference.get(key) else {
                let help = match crate::source::suggest(key, &known) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "every key must also be in the theme's en.yaml".to_owned(),
                };
                check.error(value.pos, format!("unknown theme string `{key}`"), help);
                continue;
            };
            if let Some(text) = check.text(key, value, plural) {
                by_locale
                    .entry(file.locale.to_string())
                    .or_default()
                    .insert(key.clone(), text);
            }
        }
        ok &= check.ok;
    }
    ok.then(|| ThemeStrings::new(by_locale))
}

/// The checks of one file.
struct Check<'a> {
    file: &'a File,
    diagnostics: &'a mut Diagnostics,
    ok: bool,
}

impl Check<'_> {
    fn error(&mut self, pos: Option<Pos>, message: String, help: String) {
        self.push(Diagnostic::error(self.origin(pos), message).with_help(help));
        self.ok = false;
    }

    fn warning(&mut self, pos: Option<Pos>, message: String, help: String) {
        self.push(Diagnostic::warning(self.origin(pos), message).with_help(help));
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics
            .push(diagnostic.with_source(&self.file.text));
    }

    fn origin(&self, pos: Option<Pos>) -> Origin {
        Origin::at(&self.file.path, pos)
    }

    /// The string `key` of this file, checked against the reference's shape.
    fn text(&mut self, key: &str, value: &Spanned<RawText>, plural: bool) -> Option<Text> {
        match (&value.value, plural) {
            (RawText::Plain(text), false) => Some(Text::Plain(text.clone())),
            (RawText::Plain(_), true) => {
                self.error(
                    value.pos,
                    format!("`{key}` is a single text here, but the theme's en.yaml gives it plural forms"),
                    format!("write one form per plural category on the lines below `{key}:`, indented, e.g. `one: \"...\"` and `other: \"...\"`; `other` is required"),
                );
                None
            }
            (RawText::Forms(_), false) => {
                self.error(
                    value.pos,
                    format!("`{key}` has plural forms here, but the theme's en.yaml gives it a single text"),
                    format!("write `{key}:` with one text on the same line, as en.yaml does"),
                );
                None
            }
            (RawText::Forms(written), true) => {
                self.forms(key, value.pos, written).map(Text::Plural)
            }
        }
    }

    fn forms(
        &mut self,
        key: &str,
        pos: Option<Pos>,
        written: &[(Spanned<String>, Spanned<String>)],
    ) -> Option<Forms> {
        let names = CATEGORIES.map(|(_, n)| n.to_owned());
        let mut forms = BTreeMap::new();
        let mut ok = true;
        for (name, form) in written {
            match plurals::category(&name.value) {
                Some(category) => {
                    forms.insert(category, form.value.clone());
                }
                None => {
                    let help = match crate::source::suggest(&name.value, &names) {
                        Some(near) => format!("did you mean `{near}`? Plural forms are keyed by the CLDR categories zero, one, two, few, many and other"),
                        None => "plural forms are keyed by the CLDR categories zero, one, two, few, many and other".to_owned(),
                    };
                    self.error(
                        name.pos,
                        format!("`{}` is not a plural category (in `{key}`)", name.value),
                        help,
                    );
                    ok = false;
                }
            }
        }
        if !ok {
            // A mistyped category is often the missing `other`: one report.
            return None;
        }
        let Some(forms) = Forms::new(self.file.locale.clone(), forms) else {
            self.error(
                pos,
                format!("the plural forms of `{key}` have no `other` form"),
                "add `other:`, the form for every number the other forms do not cover".to_owned(),
            );
            return None;
        };
        self.categories(key, pos, &forms, written);
        Some(forms)
    }

    /// Warns about forms the file's language never uses, and about
    /// categories it uses that the forms leave to `other`.
    fn categories(
        &mut self,
        key: &str,
        pos: Option<Pos>,
        forms: &Forms,
        written: &[(Spanned<String>, Spanned<String>)],
    ) {
        let language = forms.language();
        let used = plurals::categories_of(language);
        let used_names: Vec<&str> = used.iter().map(|c| plurals::name(*c)).collect();
        let given: BTreeSet<PluralCategory> = forms.iter().map(|(c, _)| c).collect();
        for (name, _) in written {
            if let Some(category) = plurals::category(&name.value)
                && !used.contains(&category)
            {
                self.warning(
                    name.pos,
                    format!("the `{}` form of `{key}` is never used: no number takes it in `{language}`", name.value),
                    format!("remove it; `{language}` uses {}", used_names.join(", ")),
                );
            }
        }
        for category in used.iter().filter(|c| !given.contains(c)) {
            let example = example(language, *category)
                .map(|n| format!(" (such as {n})"))
                .unwrap_or_default();
            self.warning(
                pos,
                format!(
                    "`{key}` has no `{}` form: numbers{example} that take it in `{language}` get the `other` form",
                    plurals::name(*category)
                ),
                format!("add `{}:`; `{language}` uses {}", plurals::name(*category), used_names.join(", ")),
            );
        }
    }
}

/// A number in `category` for `language`, for messages.
fn example(language: &Locale, category: PluralCategory) -> Option<u64> {
    (0..=200)
        .chain([1_000, 1_000_000])
        .find(|n| plurals::category_for(language, *n) == category)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_files(files: &[(&str, &str)]) -> (Option<ThemeStrings>, Vec<String>) {
        let found = files
            .iter()
            .map(|(tag, text)| {
                (
                    (*tag).to_owned(),
                    PathBuf::from(format!("themes/t/i18n/{tag}.yaml")),
                    (*text).to_owned(),
                )
            })
            .collect();
        let mut diagnostics = Diagnostics::new();
        let strings = load(found, &mut diagnostics);
        let messages = diagnostics
            .into_sorted()
            .into_iter()
            .map(|d| {
                format!(
                    "{}:{}: {}{}",
                    d.origin.file.display(),
                    d.origin.pos.map_or(0, |p| p.line),
                    d.message,
                    d.help.map(|h| format!(" | {h}")).unwrap_or_default()
                )
            })
            .collect();
        (strings, messages)
    }

    const EN: &str =
        "title: Title\nplaces:\n  one: \"{count} place\"\n  other: \"{count} places\"\n";

    #[test]
    fn reads_texts_and_plural_forms() {
        let (strings, messages) = load_files(&[
            ("en", EN),
            (
                "fr",
                "places:\n  one: \"{count} occurrence\"\n  many: \"{count} d’occurrences\"\n  other: \"{count} occurrences\"\n",
            ),
        ]);
        assert_eq!(messages, Vec::<String>::new());
        let fr = strings.unwrap().for_locale(&Locale::parse("fr").unwrap());
        assert_eq!(fr.text("title"), "Title");
        assert_eq!(fr.plural("places", 0), "{count} occurrence");
        assert_eq!(fr.plural("places", 5), "{count} occurrences");
    }

    #[test]
    fn an_unknown_category_is_an_error_at_its_line() {
        let (strings, messages) =
            load_files(&[("en", "places:\n  one: a\n  others: b\n  other: c\n")]);
        assert!(strings.is_none());
        assert_eq!(
            messages,
            [
                "themes/t/i18n/en.yaml:3: `others` is not a plural category (in `places`) | did you mean `other`? Plural forms are keyed by the CLDR categories zero, one, two, few, many and other"
            ]
        );
    }

    #[test]
    fn plural_forms_without_other_are_an_error() {
        let (strings, messages) = load_files(&[("en", "places:\n  one: a\n")]);
        assert!(strings.is_none());
        assert_eq!(
            messages,
            [
                "themes/t/i18n/en.yaml:2: the plural forms of `places` have no `other` form | add `other:`, the form for every number the other forms do not cover"
            ]
        );
    }

    #[test]
    fn a_locale_must_keep_the_shape_en_yaml_gives_a_string() {
        let (strings, messages) = load_files(&[
            ("en", EN),
            (
                "de",
                "title:\n  one: Titel\n  other: Titel\nplaces: \"{count} Stellen\"\n",
            ),
        ]);
        assert!(strings.is_none());
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].starts_with("themes/t/i18n/de.yaml:2: `title` has plural forms here, but the theme's en.yaml gives it a single text"), "{messages:?}");
        assert!(messages[1].starts_with("themes/t/i18n/de.yaml:4: `places` is a single text here, but the theme's en.yaml gives it plural forms"), "{messages:?}");
    }

    #[test]
    fn an_empty_string_or_a_list_is_explained() {
        let (strings, messages) = load_files(&[("en", "title:\nplaces: [a, b]\n")]);
        assert!(strings.is_none());
        assert_eq!(
            messages,
            [
                "themes/t/i18n/en.yaml:1: this string is empty: write its text after the colon, or its plural forms (`one:`, `other:`) on the indented lines below"
            ]
        );
        let (_, messages) = load_files(&[("en", "places: [a, b]\n")]);
        assert_eq!(
            messages,
            [
                "themes/t/i18n/en.yaml:1: a list is not a theme string: write one text, or plural forms (`one:`, `other:`) on the indented lines below"
            ]
        );
    }

    #[test]
    fn the_built_in_shape_wins_over_a_site_en_yaml() {
        let (strings, messages) = load_files(&[("en", EN), ("en", "places: \"{count} spots\"\n")]);
        assert!(strings.is_none());
        assert!(
            messages[0].starts_with("themes/t/i18n/en.yaml:1: `places` is a single text here"),
            "{messages:?}"
        );
    }

    #[test]
    fn warns_about_categories_a_language_does_not_use_or_misses() {
        let (strings, messages) = load_files(&[
            (
                "en",
                "places:\n  zero: no places\n  one: a place\n  other: \"{count} places\"\n",
            ),
            (
                "ar",
                "places:\n  one: موضع واحد\n  other: \"{count} موضع\"\n",
            ),
        ]);
        assert!(strings.is_some(), "warnings do not stop the theme");
        assert!(messages.contains(&"themes/t/i18n/en.yaml:2: the `zero` form of `places` is never used: no number takes it in `en` | remove it; `en` uses one, other".to_owned()), "{messages:?}");
        assert!(messages.contains(&"themes/t/i18n/ar.yaml:2: `places` has no `two` form: numbers (such as 2) that take it in `ar` get the `other` form | add `two:`; `ar` uses zero, one, two, few, many, other".to_owned()), "{messages:?}");
        assert_eq!(
            messages.len(),
            5,
            "zero, two, few and many are missing in Arabic: {messages:?}"
        );
    }
}
