//! Plural forms: a theme string may be written once per CLDR plural category
//! (`zero one two few many other`), and the form for a count is chosen with
//! the plural rules of the language the forms are written in (ICU4X, CLDR
//! data). No rule is written out here: "1 place" and "2 places" in English,
//! "0 occurrence" in French and the six Arabic forms all come from CLDR.

use std::collections::BTreeMap;

use icu_plurals::{PluralCategory, PluralRules};

use crate::model::Locale;

/// The categories in CLDR order, with the names theme files use for them.
pub const CATEGORIES: [(PluralCategory, &str); 6] = [
    (PluralCategory::Zero, "zero"),
    (PluralCategory::One, "one"),
    (PluralCategory::Two, "two"),
    (PluralCategory::Few, "few"),
    (PluralCategory::Many, "many"),
    (PluralCategory::Other, "other"),
];

/// The category called `name` in theme files (`one`, `few`, ...).
pub fn category(name: &str) -> Option<PluralCategory> {
    PluralCategory::get_for_cldr_string(name)
}

/// The name theme files use for `category`.
pub fn name(category: PluralCategory) -> &'static str {
    CATEGORIES
        .iter()
        .find(|(c, _)| *c == category)
        .map_or("other", |(_, n)| n)
}

/// The category `count` falls in for `language` (`other` when ICU4X has no
/// rules for it).
pub fn category_for(language: &Locale, count: u64) -> PluralCategory {
    rules(language).map_or(PluralCategory::Other, |r| r.category_for(count))
}

/// The categories `language` uses for whole numbers, in CLDR order.
pub fn categories_of(language: &Locale) -> Vec<PluralCategory> {
    let mut used: Vec<PluralCategory> = rules(language)
        .map(|r| r.categories().collect())
        .unwrap_or_else(|| vec![PluralCategory::Other]);
    used.sort();
    used
}

fn rules(language: &Locale) -> Option<PluralRules> {
    PluralRules::try_new_cardinal(language.icu().into()).ok()
}

/// A string written once per plural category, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forms {
    /// The language the forms are written in (the theme file's locale):
    /// its rules choose the form, whatever page shows it.
    language: Locale,
    /// The forms; `other` is always present.
    forms: BTreeMap<PluralCategory, String>,
}

impl Forms {
    /// Forms written in `language`; `None` without an `other` form.
    pub fn new(language: Locale, forms: BTreeMap<PluralCategory, String>) -> Option<Forms> {
        forms
            .contains_key(&PluralCategory::Other)
            .then_some(Forms { language, forms })
    }

    /// The language the forms are written in.
    pub fn language(&self) -> &Locale {
        &self.language
    }

    /// The `other` form, the one for "any number".
    pub fn other(&self) -> &str {
        &self.forms[&PluralCategory::Other]
    }

    /// The form for `count`: its category's, or `other` when the forms leave
    /// that category out.
    pub fn pick(&self, count: u64) -> &str {
        self.get(category_for(&self.language, count))
    }

    /// The form of `category`, or `other`.
    pub fn get(&self, category: PluralCategory) -> &str {
        self.forms
            .get(&category)
            .map_or_else(|| self.other(), String::as_str)
    }

    /// Every form with its category, in CLDR order.
    pub fn iter(&self) -> impl Iterator<Item = (PluralCategory, &str)> {
        self.forms.iter().map(|(c, f)| (*c, f.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(tag: &str) -> Locale {
        Locale::parse(tag).unwrap()
    }

    fn categories(tag: &str, counts: &[u64]) -> Vec<&'static str> {
        counts
            .iter()
            .map(|n| name(category_for(&locale(tag), *n)))
            .collect()
    }

    #[test]
    fn counts_fall_in_each_languages_cldr_categories() {
        assert_eq!(
            categories("en", &[0, 1, 2, 5]),
            ["other", "one", "other", "other"]
        );
        // French and Portuguese say "0 occurrence": 0 and 1 are `one`.
        assert_eq!(
            categories("fr", &[0, 1, 2, 1_000_000]),
            ["one", "one", "other", "many"]
        );
        assert_eq!(categories("pt-BR", &[0, 1, 2]), ["one", "one", "other"]);
        assert_eq!(
            categories("ar", &[0, 1, 2, 3, 10, 11, 99, 100, 102]),
            [
                "zero", "one", "two", "few", "few", "many", "many", "other", "other"
            ]
        );
        assert_eq!(categories("ja", &[0, 1, 2]), ["other", "other", "other"]);
    }

    #[test]
    fn knows_which_categories_a_language_uses() {
        let names = |tag: &str| -> Vec<&str> {
            categories_of(&locale(tag)).into_iter().map(name).collect()
        };
        assert_eq!(names("en"), ["one", "other"]);
        assert_eq!(names("de"), ["one", "other"]);
        assert_eq!(names("fr"), ["one", "many", "other"]);
        assert_eq!(names("ar"), ["zero", "one", "two", "few", "many", "other"]);
    }

    #[test]
    fn a_missing_category_falls_back_to_other() {
        let forms = Forms::new(
            locale("ar"),
            BTreeMap::from([
                (PluralCategory::One, "موضع واحد".to_owned()),
                (PluralCategory::Other, "{count} موضع".to_owned()),
            ]),
        )
        .unwrap();
        assert_eq!(forms.pick(1), "موضع واحد");
        assert_eq!(forms.pick(2), "{count} موضع", "`two` is not given");
        assert!(Forms::new(locale("en"), BTreeMap::new()).is_none());
    }

    #[test]
    fn category_names_round_trip() {
        for (category, written) in CATEGORIES {
            assert_eq!(super::category(written), Some(category));
            assert_eq!(name(category), written);
        }
        assert_eq!(super::category("several"), None);
    }
}
