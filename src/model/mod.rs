//! The validated, typed model of a site: what every later stage reads.
//!
//! A [`Site`] can only be made by [`load`], from a [`crate::source::SourceTree`];
//! once made, ids are valid path segments, dates are real dates, every section
//! id is unique within its version, versions are ordered by `effective` with no
//! two on one day, every translated section exists in the source locale,
//! no text holds a control character or a direction override (titles and
//! names are one line; see `text.rs`), and every notice window ends on a day
//! of the calendar.
//! Later stages rely on this and do not check again. Positions of the values
//! ([`Origin`]) are kept so that later checks can still point at a line.

mod ids;
mod load;
mod locale;
mod localized;
mod news;
mod text;
pub mod timeline;

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil::Date;

use crate::diagnostics::Origin;

pub use ids::{PolicyId, SectionId, VersionId, id_help, id_problem, suggest_id};
pub use load::{
    MAX_BLOCKS, MAX_HTML_ELEMENTS, MAX_SECTION_DEPTH, PLACEHOLDER_OWNER, VersionCache, load,
    load_with, parse_date,
};
pub use locale::Locale;
pub use localized::{InLocale, SectionInLocale, Shown};
pub use news::Newsgroup;
pub use timeline::{Status, Timeline};

/// A whole site: settings and policies.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site's name.
    pub title: String,
    /// The absolute URL the site is published at, always ending in `/`.
    pub base_url: String,
    /// The locale of the site's own pages.
    pub default_locale: Locale,
    /// The theme name (a folder under `themes/`, or the built-in `default`).
    pub theme: String,
    /// Display names from `site.yaml`, in switcher order.
    pub locale_names: Vec<(Locale, String)>,
    /// The policies, sorted by id.
    pub policies: Vec<Policy>,
}

impl Site {
    /// The display name `site.yaml` gives a locale, if any.
    pub fn locale_name(&self, locale: &Locale) -> Option<&str> {
        self.locale_names
            .iter()
            .find(|(l, _)| l == locale)
            .map(|(_, name)| name.as_str())
    }

    /// Where `locale` stands in the switcher order: listed locales first, in
    /// their `site.yaml` order, then the others alphabetically.
    pub fn locale_rank(&self, locale: &Locale) -> (usize, Locale) {
        let index = self
            .locale_names
            .iter()
            .position(|(l, _)| l == locale)
            .unwrap_or(usize::MAX);
        (index, locale.clone())
    }
}

/// One policy and all its versions.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The id (its folder name).
    pub id: PolicyId,
    /// The policy's name.
    pub title: String,
    /// Who issues it.
    pub owner: String,
    /// The locale its text is written in; the others are translations.
    pub source_locale: Locale,
    /// Every locale the policy has, in switcher order (the source locale included).
    pub locales: Vec<Locale>,
    /// How many days the homepage notice stays up after a material change.
    pub notice_days: u32,
    /// Extra words whose change is always material.
    pub material_words: Vec<String>,
    /// The announcement list, if any.
    pub announce: Option<Announce>,
    /// The versions, oldest first (ordered by `effective`); shared with
    /// the cache of an incremental build.
    pub versions: Vec<std::sync::Arc<Version>>,
    /// `policy.yaml`.
    pub origin: Origin,
}

impl Policy {
    /// A fingerprint of the policy's own settings (everything but its
    /// versions): what is made from the policy is kept while it stays.
    pub fn settings_fingerprint(&self) -> u64 {
        crate::fingerprint::of(&(
            (&self.id, &self.title, &self.owner, &self.source_locale),
            (&self.locales, self.notice_days, &self.material_words),
            format!("{:?}", self.announce),
        ))
    }

    /// The first day without `version`'s homepage notice: its `published`
    /// day plus `notice_days`. Always a day of the calendar for a loaded
    /// policy ([`load`] refuses a window that would end after 9999-12-31).
    pub fn notice_ends(&self, version: &Version) -> Option<Date> {
        notice_end(version.published, self.notice_days)
    }
}

/// `published` plus `days`, if that is a day of the calendar. Computed with
/// checked arithmetic: `notice_days` comes from the sources, and a number of
/// days jiff cannot add must be a diagnostic, never a panic.
pub(crate) fn notice_end(published: Date, days: u32) -> Option<Date> {
    let span = jiff::Span::new().try_days(i64::from(days)).ok()?;
    published.checked_add(span).ok()
}

/// Where announcements of material changes go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announce {
    /// The sender.
    pub from: String,
    /// The list address.
    pub to: String,
    /// Where replies go.
    pub reply_to: Option<String>,
    /// How to leave the list (`mailto:` or `https:`), for `List-Unsubscribe`.
    pub unsubscribe: Option<String>,
    /// Newsgroups the announcement is also posted to (the `Newsgroups:` header).
    pub newsgroups: Vec<Newsgroup>,
}

/// What an author declared about a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeclaredKind {
    /// Declared material.
    Material,
    /// Declared minor.
    Minor,
}

/// One version of a policy, in its source locale and its translations.
#[derive(Debug, Clone)]
pub struct Version {
    /// The id (its folder name).
    pub id: VersionId,
    /// The day it takes effect.
    pub effective: Date,
    /// The day it was made public (the notice window starts here).
    pub published: Date,
    /// Where `published` is written, if it is (else it is `effective`).
    pub published_origin: Option<Origin>,
    /// `change.kind`, if the author set it.
    pub declared_kind: Option<DeclaredKind>,
    /// Where `change.kind` is written, if it is.
    pub declared_origin: Option<Origin>,
    /// The text in the source locale: complete, and the one that controls.
    pub source: VersionText,
    /// Translations by locale; each may be partial.
    pub translations: BTreeMap<Locale, Translation>,
    /// The source-locale file.
    pub origin: Origin,
    /// SHA-256 of the source-locale file's text (hexadecimal): anyone can
    /// check which text applied on a given day.
    pub digest: String,
}

impl Version {
    /// The change summary in `locale`, falling back to the source locale.
    /// The flag says whether the text is a fallback.
    pub fn summary_in(&self, locale: &Locale) -> Option<(&str, bool)> {
        self.in_locale(locale, None)
            .summary()
            .map(|s| (s.text, s.fallback))
    }

    /// Every section of the source text, depth first, with its depth (0 = top level).
    pub fn sections_flat(&self) -> Vec<(usize, &Section)> {
        fn walk<'a>(sections: &'a [Section], depth: usize, out: &mut Vec<(usize, &'a Section)>) {
            for section in sections {
                out.push((depth, section));
                walk(&section.sections, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.source.sections, 0, &mut out);
        out
    }
}

/// A body of Markdown text, shared: a policy's history repeats most of its
/// sections unchanged from version to version, and the loader keeps one
/// copy of each text for all of them (see `load/shared.rs`), so that a long
/// history costs memory for what changed, and texts that are the same are
/// told apart by address before their bytes are compared.
pub type Text = Arc<str>;

/// A version's text in the source locale.
#[derive(Debug, Clone)]
pub struct VersionText {
    /// The source locale.
    pub locale: Locale,
    /// The version title, overriding the policy title.
    pub title: Option<String>,
    /// The change summary (Markdown).
    pub summary: Option<String>,
    /// The sections, in order, nested.
    pub sections: Vec<Section>,
}

/// One section of the source text.
#[derive(Debug, Clone)]
pub struct Section {
    /// Its id, unique within the version.
    pub id: SectionId,
    /// Its former ids, kept as anchors so that old links still land here;
    /// unique within the version together with every id.
    pub aliases: Vec<SectionId>,
    /// The heading.
    pub title: String,
    /// The text (Markdown); empty when the section only groups subsections.
    /// Shared with every other version and locale of the policy that has
    /// the same text ([`Text`]).
    pub body: Text,
    /// Whether changes here can be material.
    pub material: bool,
    /// Subsections.
    pub sections: Vec<Section>,
    /// Where the section's id is written.
    pub origin: Origin,
}

/// A translation of one version: whatever has been translated so far.
#[derive(Debug, Clone)]
pub struct Translation {
    /// The version title in this locale.
    pub title: Option<String>,
    /// The change summary in this locale.
    pub summary: Option<String>,
    /// Translated section texts by id; a missing id or field falls back to the source.
    pub sections: BTreeMap<SectionId, SectionText>,
    /// `translated_from`: the version of the source the translator checked
    /// this file against (only changes in meaning after it make its
    /// sections out of date).
    pub translated_from: Option<TranslatedFrom>,
    /// The translation file.
    pub origin: Origin,
    /// Changes with the translation file's text: what a page made from it
    /// is cached by (the source text has [`Version::digest`]).
    pub fingerprint: u64,
}

/// A translation's `translated_from`, with where it is written (checked
/// against the policy's versions once they are all loaded).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TranslatedFrom {
    /// The version of the source.
    pub version: VersionId,
    /// Where the field is.
    pub origin: Origin,
    /// The line it is on, for a diagnostic about it.
    pub line: Option<String>,
}

/// A section's translated text.
#[derive(Debug, Clone)]
pub struct SectionText {
    /// The translated heading.
    pub title: Option<String>,
    /// The translated body (shared as [`Section::body`] is).
    pub body: Option<Text>,
    /// Where the section's id is written in the translation.
    pub origin: Origin,
}
