//! The change page of a version: its classification, the list of changes
//! with their reasons in the reader's language, and the whole policy as a
//! redline. The classification always comes from the source locale; the
//! redline of a translation compares that translation's own texts where both
//! versions translate a section, and the source text where they do not.

use std::collections::BTreeMap;

use super::frame::{head, link, localized_title, policy_view, site_view, version_view};
use super::redline::{self, View};
use super::{Artifact, Outputs, PagePath, artifact};
use crate::diagnostics::Diagnostic;
use crate::diff::words::Tag;
use crate::diff::{
    self, BlockStatus, ChangeGroup, ChangeKind, Comparison, Edit, Level, SectionStatus,
};
use crate::i18n::Strings;
use crate::markdown::BlockKind;
use crate::model::{Locale, Timeline, Version};
use crate::render::views::{
    ChangeView, ChangesPage, ClassificationView, RedlineSection, SectionLink, TranslationNote,
};
use crate::render::{escape_html, fill_html, fill_text, written};

/// Renders `site/<p>/<l>/<v>/changes/index.html`.
pub(super) fn render(
    out: &Outputs<'_>,
    timeline: &Timeline<'_>,
    locale: &Locale,
    version: &Version,
) -> Result<Artifact, Diagnostic> {
    let written = written::applies(out.theme, &written::CHANGES);
    render_as(out, timeline, locale, version, written)
}

/// Renders the change page, its redline written here (`written`: exactly
/// what the built-in components make of it) or through the templates.
fn render_as(
    out: &Outputs<'_>,
    timeline: &Timeline<'_>,
    locale: &Locale,
    version: &Version,
    written: bool,
) -> Result<Artifact, Diagnostic> {
    let policy = timeline.policy;
    let page = PagePath::changes(&policy.id, locale, &version.id);
    let previous = timeline
        .previous(version)
        .expect("change pages exist only for versions with a predecessor");
    let version_diff = out
        .diff(&policy.id, &version.id)
        .expect("every version with a predecessor has a diff");
    let redline = diff::redline(
        policy,
        (previous, version),
        version_diff,
        locale,
        out.comparisons,
        &out.splits,
    );
    let titles = titles(&redline);
    let t = out.strings(locale);
    let source = policy.source_locale.as_str();
    let (title, _) = localized_title(version, locale, &policy.title);
    let changes = diff::for_reading(&version_diff.comparison.changes)
        .iter()
        .filter(|g| g.level > Level::None)
        .map(|group| ChangeView {
            level: group.level,
            section_id: group.change.section.id.as_str(),
            sections: group.sections.iter().map(|(s, _)| s.id.as_str()).collect(),
            reason_html: reason(
                group,
                t,
                &titles,
                source,
                ReasonStyle::Html {
                    page_lang: locale.as_str(),
                },
            ),
            count: group.count,
        })
        .collect();
    let untranslated = (*locale != policy.source_locale).then_some(source);
    let in_source = diff::compared_in_source(previous, version, locale);

    let sections = redline
        .sections
        .iter()
        .map(|section| {
            let view =
                |view: View| redline::pieces(&section.blocks, view, &|m| section_link(&titles, m));
            // Side by side only for a section on both sides that changed.
            let side_by_side =
                section.status == SectionStatus::Changed && !section.blocks.is_empty();
            // An unchanged section's text is on the version's page: the
            // change page names it and links there.
            let unchanged = section.status == SectionStatus::Unchanged;
            let (before, after) = if side_by_side {
                (view(View::Old), view(View::New))
            } else {
                (Vec::new(), Vec::new())
            };
            RedlineSection {
                id: section.id.as_str(),
                title_segments: &section.title_segments,
                status: section.status,
                moved: section.moved,
                renamed_from: section.renamed_from.as_deref(),
                // An alias that is the id of a section shown (removed) on this
                // page already has its anchor; one that a section of the new
                // version also keeps is that section's, not a removed one's.
                aliases: section
                    .aliases
                    .iter()
                    .map(String::as_str)
                    .filter(|a| !redline.sections.iter().any(|s| s.id == *a))
                    .filter(|a| {
                        section.status != SectionStatus::Removed
                            || !redline.sections.iter().any(|s| {
                                s.status != SectionStatus::Removed
                                    && s.aliases.iter().any(|b| b == a)
                            })
                    })
                    .collect(),
                level: section.level,
                heading: (section.depth + 2).min(6),
                inline: if unchanged {
                    Vec::new()
                } else {
                    view(View::Both)
                },
                before,
                after,
                formatting_only: section.status == SectionStatus::Changed
                    && section.level <= Level::Cosmetic
                    && !section.moved
                    && section.blocks.iter().all(|b| {
                        b.status == BlockStatus::Unchanged
                            && b.segments.iter().all(|s| s.tag == Tag::Equal)
                            && b.cells.iter().all(|c| !c.changed)
                    }),
                lang: untranslated.filter(|_| in_source.contains(section.id.as_str())),
            }
        })
        .collect();
    let heading = t.text("changes").to_owned();
    let variants = |l: &Locale| PagePath::changes(&policy.id, l, &version.id);
    let mut view = ChangesPage {
        head: head(
            out,
            &page,
            locale,
            format!(
                "{} – {}",
                fill_text(
                    t.text("page_title"),
                    &[
                        ("heading", &heading),
                        ("title", &format!("{title} {}", version.id))
                    ]
                ),
                out.site.title
            ),
            &variants,
            &policy.locales,
        ),
        site: site_view(out, &page),
        t,
        policy: policy_view(policy, locale, &page),
        version: version_view(out, timeline, locale, version, &page),
        previous: link(out, timeline, &page, locale, locale, previous),
        classification: ClassificationView {
            level: version_diff.classification,
            automatic: version_diff.automatic,
            overridden: version_diff.classification != version_diff.automatic,
        },
        stats: redline.stats,
        changes,
        unchanged_sections: redline
            .sections
            .iter()
            .any(|s| s.status == SectionStatus::Unchanged),
        sections,
        sections_html: None,
        translation: (*locale != policy.source_locale).then(|| TranslationNote {
            language: out.language_name_in(&policy.source_locale, locale),
            href: page.href_to(&variants(&policy.source_locale)),
            none_translated: !version.translations.contains_key(locale),
            page_language: out.language_name_in(locale, locale),
        }),
    };
    view.head.feed = Some(page.href_to(&PagePath::feed(&policy.id, locale)));
    if written {
        let mut html = String::new();
        written::redline_sections(
            &mut html,
            &std::mem::take(&mut view.sections),
            t,
            view.head.lang,
            &view.version.href,
        );
        view.sections_html = Some(html);
    }
    Ok(artifact(&page, out.engine.render("changes.html", &view)?))
}

/// How a reason is written: as HTML for a page (sections linked, words
/// quoted in their language), or as plain text for an email.
#[derive(Debug, Clone, Copy)]
pub(super) enum ReasonStyle<'a> {
    /// HTML for a page in the language `page_lang`.
    Html {
        /// The page's language.
        page_lang: &'a str,
    },
    /// Plain text; `isolate` wraps quoted words in Unicode isolates (for
    /// right-to-left text, so that quoted words keep their order).
    Plain {
        /// Whether to isolate quoted words.
        isolate: bool,
    },
}

/// The longest excerpt of a block a reason quotes, in words.
const EXCERPT_WORDS: usize = 14;

/// The longest run of changed words a reason quotes, in words.
const QUOTE_WORDS: usize = 40;

/// `text` cut to its first `limit` words, with "…" when cut.
fn excerpt(text: &str, limit: usize) -> String {
    let mut words = text.split_whitespace();
    let head: Vec<&str> = words.by_ref().take(limit).collect();
    let mut out = head.join(" ");
    if words.next().is_some() {
        out.push_str(" …");
    }
    out
}

/// The reason for a group of changes in the reader's language: the theme's
/// sentence for the kind of change, with the sections and the words
/// concerned filled in. Quoted words are isolated from the sentence around
/// them (so that a right-to-left sentence quoting left-to-right words, or
/// numbers, keeps each in its order) and carry the page's own quote marks.
pub(super) fn reason(
    group: &ChangeGroup<'_>,
    t: &Strings,
    titles: &BTreeMap<&str, &str>,
    source_lang: &str,
    style: ReasonStyle<'_>,
) -> String {
    let change = group.change;
    let string = |key: &'static str| -> &str { t.text(key) };
    let html = matches!(style, ReasonStyle::Html { .. });
    let text = |s: &str| if html { escape_html(s) } else { s.to_owned() };
    let (open, close) = (string("quote_open"), string("quote_close"));
    let section = |r: &diff::SectionRef| {
        let title = titles.get(r.id.as_str()).copied();
        let shown = title.is_some();
        let title = title.unwrap_or(&r.title);
        if html && !shown {
            // Not a section the page shows: named, not linked.
            format!("<bdi>{}</bdi>", escape_html(title))
        } else if html {
            format!(
                "<a href=\"#{}\"><bdi>{}</bdi></a>",
                escape_html(&r.id),
                escape_html(title)
            )
        } else {
            quoted(open, close, title, style)
        }
    };
    let quote = |s: &str| match style {
        ReasonStyle::Html { page_lang } => {
            let lang = if page_lang == source_lang {
                String::new()
            } else {
                format!(" lang=\"{}\"", escape_html(source_lang))
            };
            format!(
                "{}<bdi class=\"quote\"{lang}>{}</bdi>{}",
                escape_html(open),
                escape_html(s),
                escape_html(close)
            )
        }
        ReasonStyle::Plain { .. } => quoted(open, close, s, style),
    };
    // A block is quoted by its start; words, up to a longer limit: the
    // redline below has the whole text.
    let limit = match change.kind {
        ChangeKind::BlockAdded(_) | ChangeKind::BlockRemoved(_) | ChangeKind::Restructured(_) => {
            EXCERPT_WORDS
        }
        _ => QUOTE_WORDS,
    };
    let cut = |s: &str| excerpt(s, limit);
    let old = cut(change.old.as_deref().unwrap_or_default());
    let new = cut(change.new.as_deref().unwrap_or_default());
    let pair = match (old.is_empty(), new.is_empty()) {
        (true, _) => quote(&new),
        (_, true) => quote(&old),
        _ => format!(
            "{} {} {}",
            quote(&old),
            text(string("change_arrow")),
            quote(&new)
        ),
    };
    let block = |kind: BlockKind| text(string(block_key(kind)));
    let moved_text = |s: &Option<diff::SectionRef>| s.as_ref().map(section);
    let (key, block_name, word): (&str, Option<String>, Option<String>) = match change.kind {
        ChangeKind::SectionAdded if change.from_section.is_some() => {
            ("change_section_added_from", None, None)
        }
        ChangeKind::SectionAdded => ("change_section_added", None, None),
        ChangeKind::SectionRemoved if change.to_section.is_some() => {
            ("change_section_removed_to", None, None)
        }
        ChangeKind::SectionRemoved => ("change_section_removed", None, None),
        ChangeKind::SectionRenamed => ("change_section_renamed", None, None),
        ChangeKind::SectionMoved => ("change_section_moved", None, None),
        ChangeKind::TitleChanged => ("change_title_changed", None, None),
        ChangeKind::BlockAdded(k) => ("change_block_added", Some(block(k)), None),
        ChangeKind::BlockRemoved(k) => ("change_block_removed", Some(block(k)), None),
        ChangeKind::BlockMoved(k) => {
            let from = change.from_section.as_ref().map(|s| s.id.as_str());
            let to = change.to_section.as_ref().map(|s| s.id.as_str());
            if from == to {
                ("change_block_moved_within", Some(block(k)), None)
            } else {
                ("change_block_moved", Some(block(k)), None)
            }
        }
        ChangeKind::Restructured(k) => ("change_restructured", Some(block(k)), None),
        ChangeKind::ColumnAdded => ("change_column_added", None, None),
        ChangeKind::ColumnRemoved => ("change_column_removed", None, None),
        ChangeKind::Spelling => ("change_spelling", None, None),
        ChangeKind::ProtectedWord(p, edit) => {
            let key = match edit {
                Edit::Added => "change_protected_added",
                Edit::Removed => "change_protected_removed",
                Edit::Replaced => "change_protected_changed",
            };
            let word_key = match p {
                diff::classify::Protected::Number => "word_number",
                diff::classify::Protected::Negation => "word_negation",
                diff::classify::Protected::Modal => "word_modal",
                diff::classify::Protected::MaterialWord => "word_material",
            };
            (key, None, Some(text(string(word_key))))
        }
        ChangeKind::Wording(Edit::Added) => ("change_words_added", None, None),
        ChangeKind::Wording(Edit::Removed) => ("change_words_removed", None, None),
        ChangeKind::Wording(Edit::Replaced) => ("change_wording", None, None),
        ChangeKind::Formatting => ("change_formatting", None, None),
    };
    // A move names its two ends; other changes, every section they are in.
    let sections = if group.is_move() {
        moved_text(&change.to_section).unwrap_or_else(|| section(&change.section))
    } else {
        let names: Vec<String> = group.sections.iter().map(|(s, _)| section(s)).collect();
        t.list(&names, html)
    };
    let mut values: Vec<(&str, String)> = vec![("section", sections), ("change", pair)];
    if let Some(from) = moved_text(&change.from_section) {
        values.push(("from", from));
    }
    if let Some(to) = moved_text(&change.to_section) {
        values.push(("to", to));
    }
    if let Some(b) = block_name {
        values.push(("block", b));
    }
    if let Some(w) = word {
        values.push(("word", w));
    }
    let fill = |sentence: &str, values: &[(&str, String)]| {
        if html {
            fill_html(sentence, values)
        } else {
            fill_text(sentence, values)
        }
    };
    let mut out = fill(string(key), &values);
    if let Some(places) = group.places() {
        out.push(' ');
        out.push_str(&fill(
            t.plural("change_places", places),
            &[("count", places.to_string())],
        ));
    }
    out
}

/// `text` between the page's quote marks, as plain text.
fn quoted(open: &str, close: &str, text: &str, style: ReasonStyle<'_>) -> String {
    match style {
        ReasonStyle::Plain { isolate: true } => format!("{open}\u{2068}{text}\u{2069}{close}"),
        _ => format!("{open}{text}{close}"),
    }
}

/// The theme string naming a kind of block.
fn block_key(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Paragraph => "block_paragraph",
        BlockKind::ListItem => "block_list_item",
        BlockKind::Heading => "block_heading",
        BlockKind::TableHeader => "block_table_header",
        BlockKind::TableRow => "block_table_row",
        BlockKind::Code => "block_code",
        BlockKind::Html => "block_html",
    }
}

/// A link to the section `to`, titled as the page shows it.
fn section_link<'a>(
    titles: &BTreeMap<&'a str, &'a str>,
    to: &'a diff::SectionRef,
) -> SectionLink<'a> {
    SectionLink {
        id: to.id.as_str(),
        title: titles.get(to.id.as_str()).copied().unwrap_or(&to.title),
    }
}

/// The title each section has in a comparison's new text (or old, if
/// removed), by id.
pub(super) fn titles(comparison: &Comparison) -> BTreeMap<&str, &str> {
    comparison
        .sections
        .iter()
        .map(|s| (s.id.as_str(), s.title.as_str()))
        .collect()
}

#[cfg(test)]
mod tests;
