//! Typed template contexts. Each page kind has one view struct that borrows
//! from the model; templates see exactly these fields (documented in
//! `docs/THEMES.md`), and nothing is assembled as a loose map.

use serde::Serialize;

use crate::diff::{BlockStatus, Level, SectionStatus, Side, Stats, words::Segment};
use crate::i18n::{DateView, Strings};
use crate::markdown::{BlockKind, ColumnAlign};
use crate::model::{SectionId, Status};

/// What every page's `<head>` and frame need.
#[derive(Debug, Serialize)]
pub struct Head<'a> {
    /// The page's language (`lang` attribute).
    pub lang: &'a str,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// The document title.
    pub title: String,
    /// The canonical URL of the page.
    pub canonical: String,
    /// The relative way back to the site root (`../../`).
    pub root: String,
    /// The same page in the other locales (absolute URLs), plus `x-default`.
    pub alternates: Vec<Alternate>,
    /// The language switcher: the same page in each locale (relative links).
    pub languages: Vec<LanguageLink>,
    /// Link to the site's stylesheet.
    pub stylesheet: String,
    /// Link to the Atom feed of what the page is about (relative), if any.
    pub feed: Option<String>,
    /// Whether the page is a draft preview (never indexed).
    pub noindex: bool,
}

/// An `hreflang` alternate.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    /// The locale tag, or `x-default`.
    pub hreflang: String,
    /// The absolute URL.
    pub href: String,
}

/// One entry of the language switcher.
#[derive(Debug, Serialize)]
pub struct LanguageLink {
    /// The locale tag.
    pub lang: String,
    /// Its display name.
    pub name: String,
    /// A relative link to the same page in that locale.
    pub href: String,
    /// Whether this is the page being shown.
    pub current: bool,
}

/// The site, as every page shows it.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    /// The site's name.
    pub title: &'a str,
    /// A relative link to the policy list.
    pub home: String,
}

/// `index.html`: the list of policies.
#[derive(Debug, Serialize)]
pub struct IndexPage<'a> {
    /// Head and frame.
    pub head: Head<'a>,
    /// The site.
    pub site: SiteView<'a>,
    /// The theme's strings in the page's locale.
    #[serde(skip)]
    pub t: &'a Strings,
    /// One card per policy.
    pub policies: Vec<PolicyCard<'a>>,
}

/// A policy on the policy list.
#[derive(Debug, Serialize)]
pub struct PolicyCard<'a> {
    /// The policy id.
    pub id: &'a str,
    /// The title of its current version.
    pub title: &'a str,
    /// The title's language, when it is not the page's.
    pub title_lang: Option<&'a str>,
    /// Who issues it.
    pub owner: &'a str,
    /// The current version's effective date.
    pub effective: DateView,
    /// Status of the version shown (current, or upcoming before any is in effect).
    pub status: Status,
    /// Link to the policy in the page's locale if it has one, else its source locale.
    pub href: String,
    /// Every locale the policy is available in.
    pub languages: Vec<LanguageLink>,
    /// An upcoming version, if one is announced.
    pub upcoming: Option<VersionLink<'a>>,
}

/// A page showing one version of a policy in one locale.
#[derive(Debug, Serialize)]
pub struct VersionPage<'a> {
    /// Head and frame.
    pub head: Head<'a>,
    /// The site.
    pub site: SiteView<'a>,
    /// The theme's strings in the page's locale.
    #[serde(skip)]
    pub t: &'a Strings,
    /// The policy.
    pub policy: PolicyView<'a>,
    /// The version shown.
    pub version: VersionView<'a>,
    /// Its sections, nested.
    pub sections: &'a [SectionView<'a>],
    /// The sections as HTML, written by privsite exactly as the built-in
    /// `version.html` and `components.html` would render them (the
    /// `section_tree` component), when the theme has neither of its own;
    /// `sections` is then empty. A theme's own templates get the sections.
    pub sections_html: Option<String>,
    /// Then: the table of contents as HTML (the `toc_list` component).
    pub toc_html: Option<String>,
    /// On any page but the current version's: the current version.
    pub current: Option<VersionLink<'a>>,
    /// On the current version's page: the next version, if one is announced.
    pub upcoming: Option<VersionLink<'a>>,
    /// For a replaced version: the day its successor took effect.
    pub superseded_until: Option<DateView>,
    /// The versions just before this one, newest first (a few: the
    /// version history lists them all).
    pub earlier: Vec<VersionLink<'a>>,
    /// In a translation: about the original.
    pub translation: Option<TranslationNote>,
}

/// The policy as a version page shows it.
#[derive(Debug, Serialize)]
pub struct PolicyView<'a> {
    /// The policy id.
    pub id: &'a str,
    /// The policy's own title (the version may have its own).
    pub title: &'a str,
    /// Who issues it.
    pub owner: &'a str,
    /// Link to the current version in this locale.
    pub current_href: String,
    /// Link to the version list in this locale.
    pub versions_href: String,
}

/// A version as its own page shows it.
#[derive(Debug, Serialize)]
pub struct VersionView<'a> {
    /// The version id.
    pub id: &'a str,
    /// The title shown.
    pub title: &'a str,
    /// The title's language, when it is not the page's (an untranslated title).
    pub title_lang: Option<&'a str>,
    /// When it takes effect.
    pub effective: DateView,
    /// When it was published ("last updated").
    pub published: DateView,
    /// Where it stands today.
    pub status: Status,
    /// Its permanent address (relative).
    pub href: String,
    /// Its permanent address (absolute), for citing and printing.
    pub permalink: String,
    /// SHA-256 of its source-locale file (hexadecimal), as in `versions.json`.
    pub digest: &'a str,
    /// How much it changed from the version before it (after `change.kind`);
    /// null for the first version.
    pub level: Option<Level>,
    /// Link to its change page; null for the first version.
    pub changes_href: Option<String>,
    /// The change summary as HTML, if any.
    pub summary_html: Option<String>,
    /// The summary's language, when it is not the page's.
    pub summary_lang: Option<&'a str>,
}

/// A link to a version, with what a list needs to describe it.
#[derive(Debug, Serialize)]
pub struct VersionLink<'a> {
    /// The version id.
    pub id: &'a str,
    /// How much it changed from the version before it; null for the first.
    pub level: Option<Level>,
    /// Link to its change page; null for the first version.
    pub changes_href: Option<String>,
    /// When it takes effect.
    pub effective: DateView,
    /// When it was published.
    pub published: DateView,
    /// Where it stands today.
    pub status: Status,
    /// For a replaced version: the day its successor took effect (the first
    /// day it no longer applied); null otherwise.
    pub until: Option<DateView>,
    /// Its permanent address (relative).
    pub href: String,
    /// The change summary as HTML, if any.
    pub summary_html: Option<String>,
    /// The summary's language, when it is not the page's.
    pub summary_lang: Option<&'a str>,
}

/// A section, localized.
#[derive(Debug, Serialize)]
pub struct SectionView<'a> {
    /// The stable anchor.
    pub id: &'a str,
    /// Former ids that still lead here: an anchor each.
    pub aliases: &'a [SectionId],
    /// The heading shown.
    pub title: &'a str,
    /// The heading's language, when it fell back to the source locale.
    pub title_lang: Option<&'a str>,
    /// The body as sanitized HTML.
    pub body_html: String,
    /// The body's language, when it fell back to the source locale.
    pub body_lang: Option<&'a str>,
    /// Whether any part of the section is shown untranslated.
    pub untranslated: bool,
    /// Whether the section is shown in the original because its original
    /// changed in meaning since its translation was made.
    pub stale: bool,
    /// Then: the translated heading, following the earlier wording.
    pub earlier_title: Option<&'a str>,
    /// Then: the translated body as sanitized HTML, following the earlier
    /// wording.
    pub earlier_html: Option<String>,
    /// The heading level (2 for top-level sections).
    pub level: usize,
    /// Subsections.
    pub sections: Vec<SectionView<'a>>,
}

/// On a translated page: which text controls.
#[derive(Debug, Serialize)]
pub struct TranslationNote {
    /// The original's language name.
    pub language: String,
    /// A relative link to the same page in the original language.
    pub href: String,
    /// Whether nothing of this version is translated yet (the whole page is
    /// the original, and says so once instead of on every section).
    pub none_translated: bool,
    /// The page's language name (for "not translated into ...").
    pub page_language: String,
}

/// `<p>/<l>/versions/index.html`: every version of a policy.
#[derive(Debug, Serialize)]
pub struct VersionsPage<'a> {
    /// Head and frame.
    pub head: Head<'a>,
    /// The site.
    pub site: SiteView<'a>,
    /// The theme's strings in the page's locale.
    #[serde(skip)]
    pub t: &'a Strings,
    /// The policy.
    pub policy: PolicyView<'a>,
    /// The title of the current version in this locale.
    pub title: &'a str,
    /// The title's language, when it is not the page's.
    pub title_lang: Option<&'a str>,
    /// Every built version, newest first.
    pub versions: Vec<VersionLink<'a>>,
}

/// `sitemap.xml`.
#[derive(Debug, Serialize)]
pub struct Sitemap {
    /// Every canonical page.
    pub urls: Vec<SitemapUrl>,
}

impl super::View for Sitemap {}

/// One page of the sitemap.
#[derive(Debug, Serialize)]
pub struct SitemapUrl {
    /// Its absolute URL.
    pub loc: String,
    /// The day it last changed (`YYYY-MM-DD`).
    pub lastmod: Option<String>,
    /// The same page in the other locales.
    pub alternates: Vec<Alternate>,
}

/// `<p>/<l>/<v>/changes/index.html`: what changed from the previous version.
#[derive(Debug, Serialize)]
pub struct ChangesPage<'a> {
    /// Head and frame.
    pub head: Head<'a>,
    /// The site.
    pub site: SiteView<'a>,
    /// The theme's strings in the page's locale.
    #[serde(skip)]
    pub t: &'a Strings,
    /// The policy.
    pub policy: PolicyView<'a>,
    /// The version the changes lead to.
    pub version: VersionView<'a>,
    /// The version before it.
    pub previous: VersionLink<'a>,
    /// How much the change matters.
    pub classification: ClassificationView,
    /// Counts for the summary before the redline.
    pub stats: Stats,
    /// Every change, most serious first, with its reason in the page's language.
    pub changes: Vec<ChangeView<'a>>,
    /// Every section in the order of the text: a changed, added or removed
    /// one as a redline, an unchanged one by its title alone (its text is on
    /// the version's page, under the same anchor).
    pub sections: Vec<RedlineSection<'a>>,
    /// The sections as HTML, written by privsite exactly as the built-in
    /// `changes.html` and `components.html` would render them, when the
    /// theme has neither of its own; `sections` is then empty. A theme's
    /// own templates get the sections.
    pub sections_html: Option<String>,
    /// Whether some section is unchanged (listed by title only).
    pub unchanged_sections: bool,
    /// In a translation: about the original.
    pub translation: Option<TranslationNote>,
}

/// The classification of a version.
#[derive(Debug, Serialize)]
pub struct ClassificationView {
    /// The level that applies (the author's `change.kind` if given).
    pub level: Level,
    /// What the comparison found.
    pub automatic: Level,
    /// Whether the author's `change.kind` differs from the automatic level.
    pub overridden: bool,
}

/// One change, for the list before the redline.
#[derive(Debug, Serialize)]
pub struct ChangeView<'a> {
    /// How much it matters.
    pub level: Level,
    /// The (first) section it is in.
    pub section_id: &'a str,
    /// Every section it is in: a change made the same way in several
    /// sections is listed once for reading, naming them all.
    pub sections: Vec<&'a str>,
    /// The reason as HTML: the theme's sentence with the sections linked and
    /// the words quoted (escaped, safe to print).
    pub reason_html: String,
    /// How many places the same change was made in, in all its sections.
    pub count: usize,
}

/// A section of the redline.
#[derive(Debug, Serialize)]
pub struct RedlineSection<'a> {
    /// The anchor.
    pub id: &'a str,
    /// The title, as a redline.
    pub title_segments: &'a [Segment],
    /// Added, removed, changed or unchanged.
    pub status: SectionStatus,
    /// Whether it moved.
    pub moved: bool,
    /// Its old id, when it was renamed.
    pub renamed_from: Option<&'a str>,
    /// Earlier anchors the section keeps (`aliases:`).
    pub aliases: Vec<&'a str>,
    /// The highest level of its changes.
    pub level: Level,
    /// The heading level (2 for top-level sections).
    pub heading: usize,
    /// Its body as a redline, in the shape of the text: pieces that open
    /// and close lists, items, quotes and tables, and blocks and rows. Empty
    /// for an unchanged section, which the page names but does not repeat.
    pub inline: Vec<RedlinePiece<'a>>,
    /// The body as the earlier version had it (the "before" column), with
    /// a gap where the later version has something at the top level.
    pub before: Vec<RedlinePiece<'a>>,
    /// The body as the later version has it (the "after" column).
    pub after: Vec<RedlinePiece<'a>>,
    /// Whether the section changed although no word of it did (whitespace
    /// or formatting only), so that the redline has nothing to mark.
    pub formatting_only: bool,
    /// The language of its text, when it is not the page's (untranslated).
    pub lang: Option<&'a str>,
}

/// A piece of a section's redline, in reading order. Containers come as
/// an `open` piece, what they hold, and a `close` piece, so that a theme
/// renders any depth of nesting with one loop (no recursion).
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RedlinePiece<'a> {
    /// A list, item, quote, table or table part begins.
    Open {
        /// What begins.
        element: Element,
        /// Which versions have it: `both`, `old` (removed) or `new` (added).
        side: Side,
        /// Whether anything in it changed.
        changed: bool,
        /// For an item of a numbered list: its number.
        number: Option<u64>,
    },
    /// It ends.
    Close {
        /// What ends.
        element: Element,
    },
    /// A paragraph, list item text, heading, code block or raw HTML.
    Block(RedlineBlock<'a>),
    /// A row of the table that is open.
    Row(RedlineRow<'a>),
    /// In a column of the side-by-side view: room for what only the other
    /// version has, so that both columns line up.
    Gap,
}

/// What an `open` or `close` piece of the redline stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Element {
    /// A bulleted list.
    Ul,
    /// A numbered list.
    Ol,
    /// A list item.
    Li,
    /// A quote.
    Blockquote,
    /// A table.
    Table,
    /// A table's header rows.
    Thead,
    /// A table's other rows.
    Tbody,
}

/// A block of the redline.
#[derive(Debug, Serialize)]
pub struct RedlineBlock<'a> {
    /// Paragraph, list item, ...
    pub kind: BlockKind,
    /// What happened to it.
    pub status: BlockStatus,
    /// Its text as equal, inserted and deleted runs, as the view shows it:
    /// in a column of the side-by-side view, only that version's runs.
    pub segments: Vec<Segment>,
    /// For a moved block: the section on the other end.
    pub moved: Option<SectionLink<'a>>,
    /// Whether its formatting, or its place in lists and quotes, changed
    /// while its words did not.
    pub reformatted: bool,
}

/// A row of a table in the redline.
#[derive(Debug, Serialize)]
pub struct RedlineRow<'a> {
    /// What happened to it.
    pub status: BlockStatus,
    /// Whether it is a header row.
    pub header: bool,
    /// For a moved row: the section on the other end.
    pub moved: Option<SectionLink<'a>>,
    /// Whether its formatting changed while its words did not.
    pub reformatted: bool,
    /// Whether the row is in the redline itself (not a side-by-side
    /// column): only there are the headings of added and removed columns
    /// tagged.
    pub inline: bool,
    /// How many columns the view shows (a row that moved away is one note
    /// across them all, with no cells).
    pub span: usize,
    /// Its cells, one per column the view shows.
    pub cells: Vec<RedlineCell>,
}

/// A cell of a table row in the redline.
#[derive(Debug, Serialize)]
pub struct RedlineCell {
    /// Whether its column is in both versions (`both`), or was removed
    /// (`old`) or added (`new`).
    pub side: Side,
    /// Whether its text changed.
    pub changed: bool,
    /// Its text as equal, inserted and deleted runs.
    pub segments: Vec<Segment>,
    /// How its column is aligned.
    pub align: ColumnAlign,
}

/// A link to a section of the same page.
#[derive(Debug, Serialize)]
pub struct SectionLink<'a> {
    /// The anchor.
    pub id: &'a str,
    /// The title in the page's language.
    pub title: &'a str,
}

crate::render::view_with_strings!(IndexPage, VersionPage, VersionsPage, ChangesPage);
