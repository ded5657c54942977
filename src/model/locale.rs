//! Locale tags (BCP 47): validated, written in their canonical form
//! (`pt-br` becomes `pt-BR`), and asked for their writing direction.

use std::fmt;
use std::sync::OnceLock;

use icu_locale::LocaleDirectionality;

/// A valid BCP 47 locale tag in canonical form, safe to use as a path segment.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Locale(String);

impl Locale {
    /// Validates and canonicalizes `tag`.
    pub fn parse(tag: &str) -> Result<Self, String> {
        if tag.is_empty() || !tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(format!(
                "`{tag}` is not a locale tag; use a BCP 47 tag such as `en`, `fr`, `pt-BR` or `ar`"
            ));
        }
        let parsed = icu_locale_core::Locale::try_from_str(tag).map_err(|_| {
            format!("`{tag}` is not a valid BCP 47 locale tag; use a tag such as `en`, `fr`, `pt-BR` or `ar`")
        })?;
        // BCP 47 allows 5-8 letter language subtags, but none is in real use and
        // accepting them would let a typo like `english` pass as a locale.
        if !(2..=3).contains(&parsed.id.language.as_str().len()) {
            return Err(format!(
                "`{tag}` is not a locale tag; the language part must be a 2- or 3-letter code such as `en`, `fr` or `ar`"
            ));
        }
        // `con`, `prn`, `aux` and `nul` are well-formed language codes, but a
        // folder of that name cannot exist on Windows.
        if matches!(parsed.id.language.as_str(), "con" | "prn" | "aux" | "nul") {
            return Err(format!(
                "`{tag}` cannot be used: `{}` is a reserved device name on Windows and cannot name a folder",
                parsed.id.language.as_str()
            ));
        }
        Ok(Locale(parsed.to_string()))
    }

    /// The tag as text, e.g. `pt-BR`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The language part of the tag (`pt` for `pt-BR`).
    pub fn language(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }

    /// Whether the locale is written right to left (`ar`, `he`, `fa`, ...).
    pub fn is_rtl(&self) -> bool {
        static DIRECTIONALITY: OnceLock<LocaleDirectionality> = OnceLock::new();
        let directionality = DIRECTIONALITY.get_or_init(LocaleDirectionality::new_extended);
        icu_locale_core::Locale::try_from_str(&self.0)
            .map(|l| directionality.is_right_to_left(&l.id))
            .unwrap_or(false)
    }

    /// The writing direction, as HTML's `dir` attribute wants it.
    pub fn dir(&self) -> &'static str {
        if self.is_rtl() { "rtl" } else { "ltr" }
    }

    /// The ICU form of the locale, for formatting.
    pub(crate) fn icu(&self) -> icu_locale_core::Locale {
        icu_locale_core::Locale::try_from_str(&self.0).unwrap_or(icu_locale_core::Locale::UNKNOWN)
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonicalizes_tags() {
        assert_eq!(Locale::parse("pt-br").unwrap().as_str(), "pt-BR");
        assert_eq!(Locale::parse("EN").unwrap().as_str(), "en");
        assert_eq!(Locale::parse("zh-hant-tw").unwrap().as_str(), "zh-Hant-TW");
    }

    #[test]
    fn rejects_non_tags() {
        for bad in [
            "", "english", "en_US", "../en", "en/fr", "e", "fr-", "a\u{0}", "con", "AUX", "nul-US",
        ] {
            assert!(Locale::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn knows_right_to_left_scripts() {
        for rtl in ["ar", "he", "fa", "ur", "ar-EG"] {
            assert!(Locale::parse(rtl).unwrap().is_rtl(), "{rtl}");
        }
        for ltr in ["en", "fr", "de", "es", "ja", "pt-BR"] {
            assert!(!Locale::parse(ltr).unwrap().is_rtl(), "{ltr}");
        }
    }
}
