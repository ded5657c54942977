//! The change page of a version: its classification, the list of changes
//! with their reasons in the reader's language, and the whole policy as a
//! redline. The classification always comes from the source locale; the
//! redline of a translation compares that translation's own texts where both
//! versions translate a section, and the source text where they do not.

use std::collections::BTreeMap;

use super::pages::{head, link, localized_title, policy_view, site_view, version_view};
use super::{Artifact, Outputs, PagePath};
use crate::diagnostics::Diagnostic;
use crate::diff::{self, Change, ChangeKind, Comparison, Edit, Level};
use crate::i18n::Strings;
use crate::markdown::BlockKind;
use crate::model::{Locale, Timeline, Version};
use crate::render::views::{
    ChangeView, ChangesPage, ClassificationView, RedlineBlock, RedlineSection, SectionLink,
    TranslationNote,
};
use crate::render::{escape_html, fill_html, fill_text};

/// Renders `site/<p>/<l>/<v>/changes/index.html`.
pub(super) fn render(
    out: &Outputs<'_>,
    timeline: &Timeline<'_>,
    locale: &Locale,
    version: &Version,
) -> Result<Artifact, Diagnostic> {
    let policy = timeline.policy;
    let page = PagePath::changes(&policy.id, locale, &version.id);
    let previous = timeline
        .previous(version)
        .expect("change pages exist only for versions with a predecessor");
    let version_diff = out
        .diff(&policy.id, &version.id)
        .expect("every version with a predecessor has a diff");
    let redline = diff::redline(policy, previous, version, version_diff, locale);
    let titles = titles(&redline);
    let t = out.strings(locale);
    let source = policy.source_locale.as_str();
    let (title, _) = localized_title(version, locale, &policy.title);
    let changes = version_diff
        .comparison
        .changes
        .iter()
        .filter(|c| c.level > Level::None)
        .map(|change| ChangeView {
            level: change.level,
            section_id: change.section.id.as_str(),
            reason_html: reason(
                change,
                t,
                &titles,
                source,
                ReasonStyle::Html {
                    page_lang: locale.as_str(),
                },
            ),
            count: change.count,
        })
        .collect();
    let untranslated = (*locale != policy.source_locale).then_some(source);
    let in_source = diff::compared_in_source(previous, version, locale);
    let sections = redline
        .sections
        .iter()
        .map(|section| RedlineSection {
            id: section.id.as_str(),
            title_segments: &section.title_segments,
            status: section.status,
            moved: section.moved,
            renamed_from: section.renamed_from.as_deref(),
            level: section.level,
            heading: (section.depth + 2).min(6),
            blocks: section
                .blocks
                .iter()
                .map(|block| RedlineBlock {
                    kind: block.kind,
                    status: block.status,
                    segments: &block.segments,
                    moved: block.moved.as_ref().map(|m| SectionLink {
                        id: m.id.as_str(),
                        title: titles.get(m.id.as_str()).copied().unwrap_or(&m.title),
                    }),
                })
                .collect(),
            lang: untranslated.filter(|_| in_source.contains(section.id.as_str())),
        })
        .collect();
    let heading = t.text("changes").to_owned();
    let variants = |l: &Locale| PagePath::changes(&policy.id, l, &version.id);
    let mut view = ChangesPage {
        head: head(
            out,
            &page,
            locale,
            format!("{heading}: {title} {} – {}", version.id, out.site.title),
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
        sections,
        translation: (*locale != policy.source_locale).then(|| TranslationNote {
            language: out.language_name(&policy.source_locale),
            href: page.href_to(&variants(&policy.source_locale)),
            none_translated: !version.translations.contains_key(locale),
            page_language: out.language_name(locale),
        }),
    };
    view.head.feed = Some(page.href_to(&PagePath::feed(&policy.id, locale)));
    Ok(Artifact::new(
        &page,
        out.engine.render("changes.html", &view)?,
    ))
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
    /// Plain text.
    Plain,
}

/// The reason for `change` in the reader's language: the theme's sentence for
/// the kind of change, with the section and the words concerned filled in.
pub(super) fn reason(
    change: &Change,
    t: &Strings,
    titles: &BTreeMap<&str, &str>,
    source_lang: &str,
    style: ReasonStyle<'_>,
) -> String {
    let string = |key: &'static str| -> &str { t.text(key) };
    let html = matches!(style, ReasonStyle::Html { .. });
    let text = |s: &str| if html { escape_html(s) } else { s.to_owned() };
    let section = |r: &diff::SectionRef| {
        let title = titles.get(r.id.as_str()).copied().unwrap_or(&r.title);
        if html {
            format!(
                "<a href=\"#{}\">{}</a>",
                escape_html(&r.id),
                escape_html(title)
            )
        } else {
            format!("“{title}”")
        }
    };
    let quote = |s: &str| match style {
        ReasonStyle::Html { page_lang } if page_lang != source_lang => {
            format!(
                "<q lang=\"{}\">{}</q>",
                escape_html(source_lang),
                escape_html(s)
            )
        }
        ReasonStyle::Html { .. } => format!("<q>{}</q>", escape_html(s)),
        ReasonStyle::Plain => format!("“{s}”"),
    };
    let old = change.old.as_deref().unwrap_or_default();
    let new = change.new.as_deref().unwrap_or_default();
    let pair = match (old.is_empty(), new.is_empty()) {
        (true, _) => quote(new),
        (_, true) => quote(old),
        _ => format!("{} → {}", quote(old), quote(new)),
    };
    let block = |kind: BlockKind| text(string(block_key(kind)));
    let (key, block_name, word): (&str, Option<String>, Option<String>) = match change.kind {
        ChangeKind::SectionAdded => ("change_section_added", None, None),
        ChangeKind::SectionRemoved => ("change_section_removed", None, None),
        ChangeKind::SectionRenamed => ("change_section_renamed", None, None),
        ChangeKind::SectionMoved => ("change_section_moved", None, None),
        ChangeKind::TitleChanged => ("change_title_changed", None, None),
        ChangeKind::BlockAdded(k) => ("change_block_added", Some(block(k)), None),
        ChangeKind::BlockRemoved(k) => ("change_block_removed", Some(block(k)), None),
        ChangeKind::BlockMoved(k) => match &change.from_section {
            Some(from) if from.id != change.section.id => {
                ("change_block_moved", Some(block(k)), None)
            }
            _ => ("change_block_moved_within", Some(block(k)), None),
        },
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
    let mut values: Vec<(&str, String)> =
        vec![("section", section(&change.section)), ("change", pair)];
    if let Some(from) = &change.from_section {
        values.push(("from", section(from)));
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
    if change.count > 1 {
        out.push(' ');
        out.push_str(&fill(
            t.plural("change_places", change.count),
            &[("count", change.count.to_string())],
        ));
    }
    out
}

/// The theme string naming a kind of block.
fn block_key(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Paragraph => "block_paragraph",
        BlockKind::ListItem => "block_list_item",
        BlockKind::Heading => "block_heading",
        BlockKind::TableCell => "block_table_cell",
        BlockKind::Code => "block_code",
        BlockKind::Html => "block_html",
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
