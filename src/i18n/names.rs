//! Names of languages, from CLDR through ICU4X's display names (no table
//! of names is kept here): a language named in a sentence is named in the
//! reader's language ("l'original (anglais)", "vom Original (Englisch)"),
//! and a language switcher entry that no site or theme names gets the
//! language's own name ("español (México)").
//!
//! CLDR has no names for some locales (Kabyle, Abkhaz...): their readers
//! get the names in the language their theme strings fall back to, so that
//! the name matches the sentence around it. A language CLDR cannot name
//! at all (Hakha Chin) has no name here; callers fall back to the site's
//! name for it, or its tag.

use std::collections::{BTreeMap, HashMap};
use std::sync::{LazyLock, Mutex};

use icu_experimental::displaynames::DisplayNamesOptions;
use icu_experimental::displaynames::multi::LocaleDisplayNamesFormatter;

use crate::model::Locale;

/// The names of a set of languages in a set of languages, computed once
/// up front.
#[derive(Debug, Default)]
pub struct LanguageNames {
    /// By reader, then by the language named.
    names: BTreeMap<Locale, BTreeMap<Locale, String>>,
}

impl LanguageNames {
    /// The names of every locale of `named` for each reader of `readers`,
    /// each given with the language its strings are written in (where CLDR
    /// has no names in the reader's own language).
    pub fn new<'a>(
        readers: impl IntoIterator<Item = (&'a Locale, &'a Locale)>,
        named: &[&Locale],
    ) -> Self {
        // Names are the same in every build: each is looked up in CLDR
        // once per process.
        static KNOWN: LazyLock<Mutex<Known>> = LazyLock::new(Default::default);
        let mut known = KNOWN.lock().unwrap_or_else(|e| e.into_inner());
        let mut names = BTreeMap::new();
        for (reader, fallback) in readers {
            let mut formatters = None;
            let mut in_reader = BTreeMap::new();
            for l in named {
                let name = known
                    .entry(((*reader).clone(), (*l).clone()))
                    .or_insert_with(|| {
                        let formatter = formatters
                            .get_or_insert_with(|| {
                                formatter(reader).or_else(|| formatter(fallback))
                            })
                            .as_ref()?;
                        cldr_name(formatter, l)
                    });
                if let Some(name) = name {
                    in_reader.insert((*l).clone(), name.clone());
                }
            }
            names.insert(reader.clone(), in_reader);
        }
        LanguageNames { names }
    }

    /// `named` in the language of `reader`, if CLDR names it there.
    pub fn name(&self, named: &Locale, reader: &Locale) -> Option<&str> {
        self.names.get(reader)?.get(named).map(String::as_str)
    }

    /// `locale` in its own language, starting with a capital as a menu
    /// entry does ("Español (México)"), if CLDR names it.
    pub fn own_name(&self, locale: &Locale) -> Option<String> {
        let name = self.name(locale, locale)?;
        let mut chars = name.chars();
        let first = chars.next()?;
        Some(first.to_uppercase().chain(chars).collect())
    }
}

/// `locale`'s name by `formatter`, unless CLDR has none: the tag back (or
/// `xx (YY)`) says so.
fn cldr_name(formatter: &LocaleDisplayNamesFormatter, locale: &Locale) -> Option<String> {
    let name = formatter.of(&locale.icu()).into_owned();
    let language = locale.icu().id.language.to_string();
    (name != locale.to_string() && name != language && !name.starts_with(&format!("{language} ")))
        .then_some(name)
}

/// Names looked up so far: by reader and language named, the name or none.
type Known = HashMap<(Locale, Locale), Option<String>>;

/// The CLDR display names in `locale`, if CLDR has them.
fn formatter(locale: &Locale) -> Option<LocaleDisplayNamesFormatter> {
    LocaleDisplayNamesFormatter::try_new(locale.icu().into(), DisplayNamesOptions::default()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(tag: &str) -> Locale {
        Locale::parse(tag).unwrap()
    }

    #[test]
    fn a_language_is_named_in_the_readers_language() {
        let (en, de, fr, ar, es_mx, kab, cnh) = (
            locale("en"),
            locale("de"),
            locale("fr"),
            locale("ar"),
            locale("es-MX"),
            locale("kab"),
            locale("cnh"),
        );
        let named = [&en, &de, &fr, &ar, &es_mx, &kab, &cnh];
        let names = LanguageNames::new(
            [
                (&en, &en),
                (&de, &de),
                (&fr, &fr),
                (&ar, &ar),
                (&kab, &en),
                (&es_mx, &es_mx),
            ],
            &named,
        );
        assert_eq!(names.name(&en, &de), Some("Englisch"));
        assert_eq!(names.name(&en, &fr), Some("anglais"));
        assert_eq!(names.name(&fr, &ar), Some("الفرنسية"));
        assert_eq!(names.name(&kab, &en), Some("Kabyle"));
        // No names in Kabyle: those of its strings' language.
        assert_eq!(names.name(&fr, &kab), Some("French"));
        // A language CLDR cannot name has no name.
        assert_eq!(names.name(&cnh, &en), None);
        assert_eq!(names.own_name(&es_mx).as_deref(), Some("Español de México"));
        assert_eq!(names.own_name(&fr).as_deref(), Some("Français"));
    }
}
