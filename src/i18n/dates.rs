//! Dates written the way each locale writes them ("4 August 2005",
//! "4 août 2005", "4. August 2005", "٤ أغسطس ٢٠٠٥"), using ICU4X and the
//! CLDR data it ships with, so no month name is spelled out here. A locale
//! CLDR has no date formats for (Kabyle, Dhivehi, ...) would get the root
//! locale's "2005 M08 4"; it gets the ISO date instead, which every reader
//! can read.

use std::collections::BTreeMap;

use icu_calendar::Date as IcuDate;
use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::YMD;
use jiff::civil::Date;
use serde::Serialize;

use crate::model::Locale;

/// A date as a template needs it: machine-readable and localized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateView {
    /// `YYYY-MM-DD`, for `<time datetime>`.
    pub iso: String,
    /// The date in the page's locale.
    pub text: String,
}

/// The localized forms of every date a build needs, computed once up front so
/// that rendering (in parallel) only looks them up.
#[derive(Debug, Default)]
pub struct DateBook {
    texts: BTreeMap<(Locale, Date), String>,
}

impl DateBook {
    /// Formats every `(locale, date)` pair given.
    pub fn new<'a>(pairs: impl IntoIterator<Item = (&'a Locale, Date)>) -> Self {
        let mut formatters: BTreeMap<Locale, Option<DateTimeFormatter<YMD>>> = BTreeMap::new();
        let mut texts = BTreeMap::new();
        for (locale, date) in pairs {
            if texts.contains_key(&(locale.clone(), date)) {
                continue;
            }
            let formatter = formatters.entry(locale.clone()).or_insert_with(|| {
                DateTimeFormatter::try_new(locale.icu().into(), YMD::long())
                    .ok()
                    .filter(|f| !writes_as_root(f))
            });
            texts.insert((locale.clone(), date), format(formatter.as_ref(), date));
        }
        DateBook { texts }
    }

    /// The date in `locale`; dates not prepared up front are written as ISO dates.
    pub fn view(&self, locale: &Locale, date: Date) -> DateView {
        DateView {
            iso: date.to_string(),
            text: self
                .texts
                .get(&(locale.clone(), date))
                .cloned()
                .unwrap_or_else(|| date.to_string()),
        }
    }
}

/// Whether `formatter` writes dates as the root locale does: the locale it
/// was asked for has no date formats of its own in CLDR, and fell back all
/// the way to the root ("2005 M08 4"), which reads as no language at all.
fn writes_as_root(formatter: &DateTimeFormatter<YMD>) -> bool {
    static ROOT: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let probe = IcuDate::try_new_iso(2005, 8, 4).expect("a valid date");
    let root = ROOT.get_or_init(|| {
        DateTimeFormatter::try_new(icu_locale::Locale::UNKNOWN.into(), YMD::long())
            .ok()
            .map(|root| root.format(&probe).to_string())
    });
    root.as_deref() == Some(&formatter.format(&probe).to_string())
}

fn format(formatter: Option<&DateTimeFormatter<YMD>>, date: Date) -> String {
    let icu_date =
        IcuDate::try_new_iso(i32::from(date.year()), date.month() as u8, date.day() as u8);
    match (formatter, icu_date) {
        (Some(formatter), Ok(icu_date)) => formatter.format(&icu_date).to_string(),
        _ => date.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(tag: &str) -> String {
        let locale = Locale::parse(tag).unwrap();
        let date = Date::new(2005, 8, 4).unwrap();
        DateBook::new([(&locale, date)]).view(&locale, date).text
    }

    #[test]
    fn writes_dates_as_each_locale_does() {
        assert_eq!(text("en"), "August 4, 2005");
        assert_eq!(text("fr"), "4 août 2005");
        assert_eq!(text("de"), "4. August 2005");
        assert_eq!(text("es"), "4 de agosto de 2005");
        assert!(text("ar").contains("أغسطس"), "{}", text("ar"));
    }

    #[test]
    fn a_locale_without_cldr_date_formats_gets_iso_dates() {
        for tag in ["kab", "dv", "cnh", "ab"] {
            assert_eq!(text(tag), "2005-08-04", "{tag}");
        }
        // A locale with its own formats keeps them, a regional one its
        // language's.
        assert_eq!(text("de-AT"), "4. August 2005");
    }

    #[test]
    fn unknown_dates_fall_back_to_iso() {
        let book = DateBook::default();
        let view = book.view(
            &Locale::parse("en").unwrap(),
            Date::new(2020, 1, 2).unwrap(),
        );
        assert_eq!(
            view,
            DateView {
                iso: "2020-01-02".into(),
                text: "2020-01-02".into()
            }
        );
    }
}
