//! The theme's own strings ("Last updated", "Contents", ...), one YAML file
//! per locale under `themes/<theme>/i18n/`. English is the reference: every
//! other file may only use its keys, and a key it leaves out falls back to
//! English (then a locale's base language is tried first: `pt-BR`, `pt`, `en`).

use std::collections::BTreeMap;

use crate::model::Locale;

/// The strings of one locale, by key.
pub type Strings = BTreeMap<String, String>;

/// The locale whose strings every other locale falls back to.
pub const REFERENCE_LOCALE: &str = "en";

/// All strings of a theme.
#[derive(Debug, Clone, Default)]
pub struct ThemeStrings {
    by_locale: BTreeMap<String, Strings>,
}

impl ThemeStrings {
    /// Builds the table from `(locale tag, strings)` pairs.
    pub fn new(by_locale: BTreeMap<String, Strings>) -> Self {
        ThemeStrings { by_locale }
    }

    /// The reference (English) strings: the set of keys templates may use.
    pub fn reference(&self) -> Option<&Strings> {
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
        for tag in [locale.language(), locale.as_str()] {
            if let Some(strings) = self.by_locale.get(tag) {
                merged.extend(strings.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
        merged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(pairs: &[(&str, &str)]) -> Strings {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn falls_back_from_region_to_language_to_english() {
        let table = ThemeStrings::new(BTreeMap::from([
            (
                "en".to_owned(),
                strings(&[("a", "A"), ("b", "B"), ("c", "C")]),
            ),
            ("pt".to_owned(), strings(&[("a", "A-pt"), ("b", "B-pt")])),
            ("pt-BR".to_owned(), strings(&[("a", "A-br")])),
        ]));
        let br = table.for_locale(&Locale::parse("pt-BR").unwrap());
        assert_eq!(br["a"], "A-br");
        assert_eq!(br["b"], "B-pt");
        assert_eq!(br["c"], "C");
        assert!(table.has_locale(&Locale::parse("pt-PT").unwrap()));
        assert!(!table.has_locale(&Locale::parse("ja").unwrap()));
    }
}
