//! The theme's own strings ("Last updated", "Contents", ...), one YAML file
//! per locale under `themes/<theme>/i18n/`. English is the reference: every
//! other file may only use its keys, and a key it leaves out falls back to
//! English (then a locale's base language is tried first: `pt-BR`, `pt`, `en`).
//!
//! A string is one text, or one text per plural category ([`Forms`]); which
//! it is, is decided by `en.yaml` and checked when the theme loads
//! (`render::theme`). Code asks a [`Strings`] for a text, a plural form or a
//! localized list; templates receive it as `t`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::ser::SerializeMap;

use super::lists;
use super::plurals::{self, Forms};
use crate::model::Locale;

/// The locale whose strings every other locale falls back to.
pub const REFERENCE_LOCALE: &str = "en";

/// One theme string as written: a text, or plural forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// One text for every use.
    Plain(String),
    /// One text per plural category.
    Plural(Forms),
}

impl Text {
    /// The text, or the `other` form of plural forms.
    pub fn as_str(&self) -> &str {
        match self {
            Text::Plain(text) => text,
            Text::Plural(forms) => forms.other(),
        }
    }

    /// Whether the string has plural forms.
    pub fn is_plural(&self) -> bool {
        matches!(self, Text::Plural(_))
    }
}

/// The strings of one locale, with fallback filled in: what a page, a feed
/// or an email in that locale uses.
#[derive(Debug, Clone)]
pub struct Strings {
    /// The language the theme writes this locale's strings in: the locale,
    /// its base language, or English when the theme has neither. Lists are
    /// joined in it, so that connectors match the strings around them.
    language: Locale,
    entries: BTreeMap<String, Text>,
    /// The strings as templates read them (`t`), made the first time a
    /// page asks and shared by every page after (see
    /// [`crate::render::Engine::render`]): a value of the template engine
    /// is shared, not copied, so that the page's own values alone are made
    /// for each page.
    template_value: std::sync::OnceLock<tera::Value>,
}

impl Strings {
    /// Strings written in `language`.
    pub fn new(language: Locale, entries: BTreeMap<String, Text>) -> Self {
        Strings {
            language,
            entries,
            template_value: std::sync::OnceLock::new(),
        }
    }

    /// The language the strings are written in.
    pub fn language(&self) -> &Locale {
        &self.language
    }

    /// The text of `key` (the `other` form of plural forms); the key itself
    /// when the theme does not define it, so a gap shows instead of vanishing.
    pub fn text<'s>(&'s self, key: &'s str) -> &'s str {
        self.entries.get(key).map_or(key, Text::as_str)
    }

    /// The form of `key` for `count`, chosen by the plural rules of the
    /// language the forms are written in; a plain text whatever the count;
    /// the key itself when the theme does not define it.
    pub fn plural<'s>(&'s self, key: &'s str, count: usize) -> &'s str {
        match self.entries.get(key) {
            Some(Text::Plural(forms)) => forms.pick(count as u64),
            Some(Text::Plain(text)) => text,
            None => key,
        }
    }

    /// `items` joined as a list in the strings' language ("A, B and C").
    /// With `html`, items are inserted as given (callers escape them) and
    /// the connectors are escaped.
    pub fn list(&self, items: &[String], html: bool) -> String {
        lists::join(&self.language, items, html)
    }

    /// The strings as a value of the template engine, made once.
    pub(crate) fn template_value(&self) -> Result<tera::Value, tera::Error> {
        if let Some(value) = self.template_value.get() {
            return Ok(value.clone());
        }
        let value = tera::Value::try_from_serializable(self)?;
        Ok(self.template_value.get_or_init(|| value).clone())
    }

    /// Whether the theme defines `key`.
    pub fn contains(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }

    /// Every key with its string.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Text)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The strings of the terminal's own English sentences (`privsite diff`),
    /// chosen with the English plural rules.
    pub fn terminal() -> Strings {
        let english = Locale::parse(REFERENCE_LOCALE).expect("`en` is a valid locale");
        let forms = |one: &str, other: &str| {
            let forms = BTreeMap::from([
                (icu_plurals::PluralCategory::One, one.to_owned()),
                (icu_plurals::PluralCategory::Other, other.to_owned()),
            ]);
            Text::Plural(Forms::new(english.clone(), forms).expect("`other` is given"))
        };
        let entries = BTreeMap::from([
            (
                "sections_changed".to_owned(),
                forms("{count} section changed", "{count} sections changed"),
            ),
            (
                "words_added".to_owned(),
                forms("{count} word added", "{count} words added"),
            ),
            (
                "words_removed".to_owned(),
                forms("{count} word removed", "{count} words removed"),
            ),
            (
                "passages_moved".to_owned(),
                forms("{count} passage moved", "{count} passages moved"),
            ),
        ]);
        Strings::new(english, entries)
    }

    /// Each `(key, count)` as its plural form with `{count}` filled in,
    /// joined with commas: "2 sections changed, 1 word added".
    pub fn counts(&self, counts: &[(&str, usize)]) -> String {
        counts
            .iter()
            .map(|(key, count)| {
                self.plural(key, *count)
                    .replace("{count}", &count.to_string())
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Templates see `t.key` as the text, and plural forms as a mapping from
/// category to form, plus `lang`, the language whose rules choose among them
/// (the `fill` filter does, given `count=`).
impl Serialize for Strings {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct FormsView<'a>(&'a Forms);
        impl Serialize for FormsView<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(None)?;
                for (category, form) in self.0.iter() {
                    map.serialize_entry(plurals::name(category), form)?;
                }
                map.serialize_entry("lang", self.0.language().as_str())?;
                map.end()
            }
        }
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (key, text) in &self.entries {
            match text {
                Text::Plain(text) => map.serialize_entry(key, text)?,
                Text::Plural(forms) => map.serialize_entry(key, &FormsView(forms))?,
            }
        }
        map.end()
    }
}

/// All strings of a theme, by the locale tag of their file.
#[derive(Debug, Clone, Default)]
pub struct ThemeStrings {
    by_locale: BTreeMap<String, BTreeMap<String, Text>>,
}

impl ThemeStrings {
    /// Builds the table from `(locale tag, strings)` pairs.
    pub fn new(by_locale: BTreeMap<String, BTreeMap<String, Text>>) -> Self {
        ThemeStrings { by_locale }
    }

    /// The reference (English) strings: the set of keys templates may use.
    pub fn reference(&self) -> Option<&BTreeMap<String, Text>> {
        self.by_locale.get(REFERENCE_LOCALE)
    }

    /// Whether the theme has its own strings for `locale` (or its language).
    pub fn has_locale(&self, locale: &Locale) -> bool {
        self.by_locale.contains_key(locale.as_str())
            || self.by_locale.contains_key(locale.language())
    }

    /// Every string for `locale`, with fallback filled in.
    pub fn for_locale(&self, locale: &Locale) -> Strings {
        let mut merged = self.reference().cloned().unwrap_or_default();
        let mut language = REFERENCE_LOCALE;
        for tag in [locale.language(), locale.as_str()] {
            if let Some(strings) = self.by_locale.get(tag) {
                merged.extend(strings.iter().map(|(k, v)| (k.clone(), v.clone())));
                language = tag;
            }
        }
        let language = Locale::parse(language).unwrap_or_else(|_| locale.clone());
        Strings::new(language, merged)
    }
}

#[cfg(test)]
mod tests;
