//! A version as the readers of one locale see it: the one place where the
//! fallback rules are written. Every output (pages, change pages, feeds,
//! emails, notices, `status`, XLIFF) asks [`Version::in_locale`] rather
//! than reading a translation itself.
//!
//! The rules, field by field:
//! - The version title is the translation's, else the source's (a
//!   fallback), else none (the policy title applies, in the source locale).
//! - The change summary is the translation's, else the source's.
//! - A section's title and body are the translation's, else the source's;
//!   an out-of-date section (its original changed in meaning since it was
//!   translated) shows the source's, and its translation as the earlier
//!   one.
//! - In the source locale nothing is a fallback.
//!
//! Comparisons of two versions in a locale read the translation *as
//! written*, out of date or not ([`SectionInLocale::written_title`]): a
//! translation's change page shows how the translation changed.

use std::collections::BTreeMap;

use super::{Locale, Section, SectionId, SectionText, Translation, Version, VersionId};

/// A text as a locale shows it, and whether it is the source's in the
/// translation's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shown<'a> {
    /// The text.
    pub text: &'a str,
    /// Whether it is the source locale's text standing in for a missing
    /// (or out-of-date) translation.
    pub fallback: bool,
}

/// A version in one locale (see the module's documentation).
#[derive(Debug, Clone, Copy)]
pub struct InLocale<'a> {
    version: &'a Version,
    translation: Option<&'a Translation>,
    is_source: bool,
    stale: Option<&'a BTreeMap<SectionId, VersionId>>,
}

impl Version {
    /// This version as readers of `locale` see it. `stale` is the set of
    /// its out-of-date sections in that locale
    /// ([`crate::diff::OutOfDate::sections`]); without it no section is
    /// taken as out of date.
    pub fn in_locale<'a>(
        &'a self,
        locale: &Locale,
        stale: Option<&'a BTreeMap<SectionId, VersionId>>,
    ) -> InLocale<'a> {
        InLocale {
            version: self,
            translation: self.translations.get(locale),
            is_source: *locale == self.source.locale,
            stale,
        }
    }
}

impl<'a> InLocale<'a> {
    /// Whether the locale is the version's source locale.
    pub fn is_source(&self) -> bool {
        self.is_source
    }

    /// The source locale's tag (the `lang` of a fallback).
    pub fn source_lang(&self) -> &'a str {
        self.version.source.locale.as_str()
    }

    /// The translation file of this locale, if there is one.
    pub fn translation(&self) -> Option<&'a Translation> {
        self.translation
    }

    /// A text of the translation, else of the source (a fallback outside
    /// the source locale).
    fn pick(&self, translated: Option<&'a str>, source: Option<&'a str>) -> Option<Shown<'a>> {
        match translated {
            Some(text) => Some(Shown {
                text,
                fallback: false,
            }),
            None => source.map(|text| Shown {
                text,
                fallback: !self.is_source,
            }),
        }
    }

    /// The version title, if the version has one in some locale.
    pub fn title(&self) -> Option<Shown<'a>> {
        self.pick(
            self.translation.and_then(|t| t.title.as_deref()),
            self.version.source.title.as_deref(),
        )
    }

    /// The version title, else `policy_title` (written in the source
    /// locale: a fallback outside it).
    pub fn title_or(&self, policy_title: &'a str) -> Shown<'a> {
        self.title().unwrap_or(Shown {
            text: policy_title,
            fallback: !self.is_source,
        })
    }

    /// The change summary, if there is one.
    pub fn summary(&self) -> Option<Shown<'a>> {
        self.pick(
            self.translation.and_then(|t| t.summary.as_deref()),
            self.version.source.summary.as_deref(),
        )
    }

    /// `section` (of this version's source text) in this locale.
    pub fn section(&self, section: &'a Section) -> SectionInLocale<'a> {
        let written = self.translation.and_then(|t| t.sections.get(&section.id));
        SectionInLocale {
            section,
            written,
            stale_since: self.stale.and_then(|s| s.get(&section.id)),
            is_source: self.is_source,
        }
    }

    /// Every section, depth first, with its depth (0 = top level).
    pub fn sections(&self) -> Vec<(usize, SectionInLocale<'a>)> {
        self.version
            .sections_flat()
            .into_iter()
            .map(|(depth, s)| (depth, self.section(s)))
            .collect()
    }
}

/// One section in one locale.
#[derive(Debug, Clone, Copy)]
pub struct SectionInLocale<'a> {
    /// The section of the source text.
    pub section: &'a Section,
    /// Its translation as the file has it, current or not.
    pub written: Option<&'a SectionText>,
    /// When out of date: the version of the original its translation
    /// follows.
    pub stale_since: Option<&'a VersionId>,
    is_source: bool,
}

impl<'a> SectionInLocale<'a> {
    /// Whether the translation follows an earlier original.
    pub fn is_stale(&self) -> bool {
        self.stale_since.is_some()
    }

    /// The translation readers see: none when it is out of date.
    fn shown(&self) -> Option<&'a SectionText> {
        self.written.filter(|_| !self.is_stale())
    }

    /// The heading readers see.
    pub fn title(&self) -> Shown<'a> {
        match self.shown().and_then(|t| t.title.as_deref()) {
            Some(text) => Shown {
                text,
                fallback: false,
            },
            None => Shown {
                text: &self.section.title,
                fallback: !self.is_source,
            },
        }
    }

    /// The text readers see. An empty source body (a section that only
    /// groups subsections) is never a fallback.
    pub fn body(&self) -> Shown<'a> {
        match self.shown().and_then(|t| t.body.as_deref()) {
            Some(text) => Shown {
                text,
                fallback: false,
            },
            None => Shown {
                text: &self.section.body,
                fallback: !self.is_source && !self.section.body.is_empty(),
            },
        }
    }

    /// The translation of the earlier wording, shown after the original
    /// when the section is out of date.
    pub fn earlier(&self) -> Option<&'a SectionText> {
        self.written.filter(|_| self.is_stale())
    }

    /// Whether the translation has the section at all (a title or a body).
    pub fn is_translated(&self) -> bool {
        self.written
            .is_some_and(|t| t.title.is_some() || t.body.is_some())
    }

    /// Whether nothing of the section falls back: title and body translated
    /// (a body only where the source has one).
    pub fn is_complete(&self) -> bool {
        self.written.is_some_and(|t| {
            t.title.is_some() && (t.body.is_some() || self.section.body.is_empty())
        })
    }

    /// The translated heading as written, if there is one.
    pub fn translated_title(&self) -> Option<&'a str> {
        self.written.and_then(|t| t.title.as_deref())
    }

    /// The heading as the translation writes it, else the source's.
    pub fn written_title(&self) -> &'a str {
        self.translated_title().unwrap_or(&self.section.title)
    }

    /// The text as the translation writes it, else the source's.
    pub fn written_body(&self) -> &'a str {
        self.written
            .and_then(|t| t.body.as_deref())
            .unwrap_or(&self.section.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Origin;

    fn section(id: &str, body: &str, children: Vec<Section>) -> Section {
        Section {
            id: SectionId::parse(id).unwrap(),
            aliases: Vec::new(),
            title: format!("{id} title"),
            body: body.into(),
            material: true,
            sections: children,
            origin: Origin::file("en.yaml"),
        }
    }

    fn version() -> Version {
        let fr = Locale::parse("fr").unwrap();
        let mut sections = BTreeMap::new();
        for (id, title, body) in [
            ("a", Some("A fr"), Some("corps a")),
            ("b", Some("B fr"), None),
            ("c", None, None),
        ] {
            sections.insert(
                SectionId::parse(id).unwrap(),
                SectionText {
                    title: title.map(str::to_owned),
                    body: body.map(Into::into),
                    origin: Origin::file("fr.yaml"),
                },
            );
        }
        Version {
            id: VersionId::parse("2025-01").unwrap(),
            effective: jiff::civil::date(2025, 1, 1),
            published: jiff::civil::date(2025, 1, 1),
            published_origin: None,
            declared_kind: None,
            declared_origin: None,
            source: super::super::VersionText {
                locale: Locale::parse("en").unwrap(),
                title: None,
                summary: Some("Summary.".to_owned()),
                sections: vec![
                    section("a", "body a", vec![]),
                    section("b", "body b", vec![section("c", "", vec![])]),
                ],
            },
            translations: [(
                fr,
                Translation {
                    title: Some("Politique".to_owned()),
                    summary: None,
                    sections,
                    translated_from: None,
                    origin: Origin::file("fr.yaml"),
                    fingerprint: 0,
                },
            )]
            .into_iter()
            .collect(),
            origin: Origin::file("en.yaml"),
            digest: String::new(),
        }
    }

    #[test]
    fn each_field_falls_back_on_its_own() {
        let version = version();
        let fr = Locale::parse("fr").unwrap();
        let view = version.in_locale(&fr, None);
        assert_eq!(
            view.title_or("Policy"),
            Shown {
                text: "Politique",
                fallback: false
            }
        );
        assert_eq!(
            view.summary(),
            Some(Shown {
                text: "Summary.",
                fallback: true
            })
        );
        let sections = view.sections();
        let (a, b, c) = (sections[0].1, sections[1].1, sections[2].1);
        assert_eq!(
            a.body(),
            Shown {
                text: "corps a",
                fallback: false
            }
        );
        assert!(a.is_complete());
        assert_eq!(
            b.title(),
            Shown {
                text: "B fr",
                fallback: false
            }
        );
        assert_eq!(
            b.body(),
            Shown {
                text: "body b",
                fallback: true
            }
        );
        assert!(!b.is_complete() && b.is_translated());
        // A grouping section's empty body is never a fallback.
        assert_eq!(
            c.body(),
            Shown {
                text: "",
                fallback: false
            }
        );
        assert!(!c.is_translated());
        assert_eq!(sections[2].0, 1);
        // The source locale falls back on nothing.
        let en = version.in_locale(&version.source.locale, None);
        assert_eq!(
            en.title_or("Policy"),
            Shown {
                text: "Policy",
                fallback: false
            }
        );
        assert!(!en.section(&version.source.sections[0]).body().fallback);
    }

    #[test]
    fn an_out_of_date_section_shows_the_original_and_keeps_the_earlier_translation() {
        let version = version();
        let fr = Locale::parse("fr").unwrap();
        let stale: BTreeMap<SectionId, VersionId> = [(
            SectionId::parse("a").unwrap(),
            VersionId::parse("2024-01").unwrap(),
        )]
        .into_iter()
        .collect();
        let a = version
            .in_locale(&fr, Some(&stale))
            .section(&version.source.sections[0]);
        assert!(a.is_stale());
        assert_eq!(
            a.title(),
            Shown {
                text: "a title",
                fallback: true
            }
        );
        assert_eq!(
            a.body(),
            Shown {
                text: "body a",
                fallback: true
            }
        );
        assert_eq!(a.earlier().and_then(|t| t.body.as_deref()), Some("corps a"));
        // As written, for comparing translations: the translation.
        assert_eq!((a.written_title(), a.written_body()), ("A fr", "corps a"));
    }
}
