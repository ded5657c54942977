//! Components of the built-in theme written here instead of through the
//! template engine, byte for byte what `components.html` makes of the same
//! values (tests render both ways and compare). A change page's redline is
//! hundreds of small component calls per section, a version page's text and
//! contents a few per section, and the engine's interpreter was most of
//! their time.
//!
//! A theme that has its own page template or `components.html` gets the
//! values and renders them itself, as before; these functions are used only
//! when both are the built-in ones ([`CHANGES`], [`VERSION`]).

use std::fmt::{self, Display, Write};

use crate::diff::words::{Segment, Tag};
use crate::diff::{BlockStatus, Level, SectionStatus, Side};
use crate::i18n::Strings;
use crate::markdown::{BlockKind, ColumnAlign};
use crate::render::theme::Theme;
use crate::render::views::{
    Element, RedlineBlock, RedlinePiece, RedlineRow, RedlineSection, SectionLink, SectionView,
};
use crate::render::{entities, fill_html};

/// The templates whose built-in versions [`redline_sections`] stands for:
/// when a theme has either, the engine renders the redline.
pub const CHANGES: [&str; 2] = ["changes.html", "components.html"];

/// The templates whose built-in versions [`section_tree`] and [`toc_list`]
/// stand for: when a theme has either, the engine renders a version's text.
pub const VERSION: [&str; 2] = ["version.html", "components.html"];

/// Whether none of `templates` is the theme's own, so that the functions
/// standing for them write the page's parts.
pub fn applies(theme: &Theme, templates: &[&str]) -> bool {
    !templates.iter().any(|name| theme.overrides(name))
}

/// Writes to a `String` (which cannot fail).
macro_rules! html {
    ($out:expr, $($arg:tt)*) => {
        let _ = write!($out, $($arg)*);
    };
}

/// Text, escaped as the templates escape it when written.
struct Esc<'a>(&'a str);

impl Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut start = 0;
        for (i, entity) in entities(self.0) {
            f.write_str(&self.0[start..i])?;
            f.write_str(entity)?;
            start = i + 1;
        }
        f.write_str(&self.0[start..])
    }
}

/// ` lang="..."` when there is a language, else nothing.
struct Lang<'a>(Option<&'a str>);

impl Display for Lang<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.filter(|l| !l.is_empty()) {
            Some(lang) => write!(f, " lang=\"{}\"", Esc(lang)),
            None => Ok(()),
        }
    }
}

/// ` lang="..." dir="auto"` when there is a language (text shown in a
/// language not the page's, which then takes its own direction), else
/// nothing.
struct LangAuto<'a>(Option<&'a str>);

impl Display for LangAuto<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.filter(|l| !l.is_empty()) {
            Some(lang) => write!(f, " lang=\"{}\" dir=\"auto\"", Esc(lang)),
            None => Ok(()),
        }
    }
}

/// `text` when `on`, else nothing.
fn when(on: bool, text: &str) -> &str {
    if on { text } else { "" }
}

/// The sections of a change page's redline, as `changes.html` loops over
/// them: a run of unchanged sections as one list of their titles, each
/// leading to `version_href`; every other section with its badges, its
/// redline and its side-by-side view. `page_lang` is the page's language.
pub fn redline_sections(
    out: &mut String,
    sections: &[RedlineSection<'_>],
    t: &Strings,
    page_lang: &str,
    version_href: &str,
) {
    // A heading is never more than one level below the last one shown
    // (folded sections show none), and never below <h6>.
    let mut last_heading = 2;
    let mut in_unchanged = false;
    for section in sections {
        let h = (section.heading + 1).min(last_heading + 1).min(6);
        let lang = section.lang.filter(|l| !l.is_empty());
        let label_lang = label_lang(section.lang, Some(page_lang));
        // The badges and labels are in the page's language.
        let ui_lang = Lang(lang.and(Some(page_lang)));
        let dir_auto = when(lang.is_some(), " dir=\"auto\"");
        let (id, heading) = (Esc(section.id), section.heading);
        if section.status == SectionStatus::Unchanged {
            if !in_unchanged {
                html!(
                    out,
                    "<div class=\"redline-unchanged\"><p class=\"redline-unchanged__label\">{}</p><ul>",
                    Esc(t.text("unchanged_section"))
                );
                in_unchanged = true;
            }
            html!(
                out,
                "<li id=\"{id}\" class=\"redline-unchanged__item redline-unchanged__item--h{heading}\"{}>",
                Lang(lang)
            );
            aliases(out, &section.aliases);
            html!(out, "<a href=\"{}#{id}\"{dir_auto}>", Esc(version_href));
            redline_text(out, section.title_segments, t, label_lang);
            out.push_str("</a></li>\n");
            continue;
        }
        if in_unchanged {
            out.push_str("</ul></div>");
            in_unchanged = false;
        }
        last_heading = h;
        html!(
            out,
            "\n    <section id=\"{id}\" class=\"redline-section redline-section--{}{}\"{}>",
            section_status_name(section.status),
            when(section.moved, " redline-section--moved"),
            Lang(lang)
        );
        aliases(out, &section.aliases);
        html!(
            out,
            "\n      <h{h} class=\"redline-section__title redline-section__title--h{heading}\"{dir_auto}>"
        );
        redline_text(out, section.title_segments, t, label_lang);
        html!(
            out,
            "</h{h}>\n      <p class=\"redline-section__meta\"{ui_lang}>"
        );
        match section.status {
            SectionStatus::Added => badge(out, "added", t.text("section_added")),
            SectionStatus::Removed => badge(out, "removed", t.text("section_removed")),
            _ => change_level(out, section.level, t),
        }
        if section.moved {
            out.push(' ');
            badge(out, "moved", t.text("section_moved"));
        }
        if let Some(renamed_from) = section.renamed_from.filter(|r| !r.is_empty()) {
            let id = Esc(renamed_from).to_string();
            html!(
                out,
                " <span class=\"badge badge--renamed\">{}</span>",
                fill_html(t.text("section_renamed"), &[("id", id)])
            );
        }
        out.push_str("</p>\n      ");
        if section.formatting_only {
            html!(
                out,
                "<p class=\"redline-section__note\"{ui_lang}>{}</p>",
                Esc(t.text("formatting_only_note"))
            );
        }
        out.push_str("\n      <div class=\"redline-section__body\">\n      ");
        redline_pieces(out, &section.inline, t, section.lang, Some(page_lang));
        out.push_str("\n      </div>\n      ");
        if !section.before.is_empty() || !section.after.is_empty() {
            html!(
                out,
                "<details class=\"side-by-side\">\n        <summary{ui_lang}>{}</summary>\n        <div class=\"side-by-side__columns\">\n",
                Esc(t.text("side_by_side"))
            );
            for (class, key, pieces) in [
                ("old", "before", &section.before),
                ("new", "after", &section.after),
            ] {
                html!(
                    out,
                    "          <div class=\"side-by-side__{class}\"><p class=\"side-by-side__label\"{ui_lang}>{}</p>\n            ",
                    Esc(t.text(key))
                );
                redline_pieces(out, pieces, t, section.lang, Some(page_lang));
                out.push_str("\n          </div>\n");
            }
            out.push_str("        </div>\n      </details>");
        }
        out.push_str("\n    </section>\n");
    }
    if in_unchanged {
        out.push_str("</ul></div>");
    }
}

/// A version's table of contents, as the `toc_list` component writes it:
/// one nested list per level; a section shown in its original language is
/// marked, and labelled for screen readers when it is not translated.
pub fn toc_list(out: &mut String, sections: &[SectionView<'_>], t: &Strings) {
    out.push_str("<ol>\n");
    for section in sections {
        html!(
            out,
            "<li{}><a href=\"#{}\">",
            when(
                section.untranslated || section.stale,
                " class=\"is-untranslated\""
            ),
            Esc(section.id)
        );
        if let Some(lang) = section.title_lang.filter(|l| !l.is_empty()) {
            html!(
                out,
                "<span lang=\"{}\" dir=\"auto\">{}</span>",
                Esc(lang),
                Esc(section.title)
            );
        } else {
            html!(out, "{}", Esc(section.title));
        }
        if section.untranslated {
            html!(
                out,
                "<span class=\"visually-hidden\"> ({})</span>",
                Esc(t.text("not_translated"))
            );
        }
        out.push_str("</a>");
        if !section.sections.is_empty() {
            toc_list(out, &section.sections, t);
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>");
}

/// A version's text, as the `section_tree` component writes it: each
/// section with its former ids as anchors, its heading, the note on a
/// section shown untranslated or whose translation fell behind (leading to
/// its place on the change page `changes`), its body, the earlier
/// translation, and its subsections.
pub fn section_tree(
    out: &mut String,
    sections: &[SectionView<'_>],
    t: &Strings,
    changes: Option<&str>,
) {
    for section in sections {
        let id = Esc(section.id);
        html!(
            out,
            "<section id=\"{id}\" class=\"policy-section{}\">",
            when(section.untranslated || section.stale, " is-untranslated")
        );
        for alias in section.aliases {
            html!(
                out,
                "<span id=\"{}\" class=\"policy-section__alias\"></span>",
                Esc(alias.as_str())
            );
        }
        html!(
            out,
            "\n<h{level} class=\"policy-section__title\"{}>{}</h{level}>\n",
            LangAuto(section.title_lang),
            Esc(section.title),
            level = section.level
        );
        if section.untranslated {
            html!(
                out,
                "<p class=\"untranslated-note\"><span class=\"badge badge--untranslated\">{}</span> <span class=\"untranslated-note__text\">{}</span></p>\n",
                Esc(t.text("not_translated")),
                Esc(t.text("not_translated_note"))
            );
        } else if section.stale {
            html!(
                out,
                "<p class=\"untranslated-note untranslated-note--stale\"><span class=\"badge badge--untranslated\">{}</span> <span class=\"untranslated-note__text\">{}",
                Esc(t.text("stale")),
                Esc(t.text("stale_note"))
            );
            if let Some(changes) = changes.filter(|c| !c.is_empty()) {
                html!(
                    out,
                    " <a class=\"untranslated-note__link\" href=\"{}#{id}\">{}</a>",
                    Esc(changes),
                    Esc(t.text("view_changes"))
                );
            }
            out.push_str("</span></p>\n");
        }
        if !section.body_html.is_empty() {
            html!(
                out,
                "<div class=\"policy-section__body\"{}>\n{}</div>\n",
                LangAuto(section.body_lang),
                section.body_html
            );
        }
        let earlier_title = section.earlier_title.filter(|t| !t.is_empty());
        let earlier_html = section.earlier_html.as_deref().filter(|h| !h.is_empty());
        if earlier_title.is_some() || earlier_html.is_some() {
            let label = Esc(t.text("earlier_translation"));
            html!(
                out,
                "<div class=\"earlier-translation\" role=\"note\" aria-label=\"{label}\">\n<p class=\"earlier-translation__label\">{label}</p>\n"
            );
            if let Some(title) = earlier_title {
                html!(
                    out,
                    "<p class=\"earlier-translation__title\">{}</p>\n",
                    Esc(title)
                );
            }
            if let Some(body) = earlier_html {
                html!(
                    out,
                    "<div class=\"earlier-translation__body\">\n{body}</div>\n"
                );
            }
            out.push_str("</div>\n");
        }
        if !section.sections.is_empty() {
            section_tree(out, &section.sections, t, changes);
        }
        out.push_str("</section>\n");
    }
}

/// An empty anchor for each former id of a section.
fn aliases(out: &mut String, aliases: &[&str]) {
    for alias in aliases {
        html!(
            out,
            "<span id=\"{}\" class=\"redline-section__alias\"></span>",
            Esc(alias)
        );
    }
}

/// `<span class="badge badge--{kind}">{text}</span>`.
fn badge(out: &mut String, kind: &str, text: &str) {
    html!(
        out,
        "<span class=\"badge badge--{kind}\">{}</span>",
        Esc(text)
    );
}

/// `change_level`: a change level as a labelled badge.
fn change_level(out: &mut String, level: Level, t: &Strings) {
    let key = match level {
        Level::Material => "level_material",
        Level::Minor => "level_minor",
        Level::Cosmetic => "level_cosmetic",
        Level::None => "level_none",
    };
    html!(
        out,
        "<span class=\"level level--{}\">{}</span>",
        level.as_str(),
        Esc(t.text(key))
    );
}

/// `{{<redline_pieces pieces={pieces} t={t} lang={lang} page_lang={page_lang} />}}`.
fn redline_pieces(
    out: &mut String,
    pieces: &[RedlinePiece<'_>],
    t: &Strings,
    lang: Option<&str>,
    page_lang: Option<&str>,
) {
    let label_lang = label_lang(lang, page_lang);
    for piece in pieces {
        match piece {
            RedlinePiece::Block(block) => redline_block(out, block, t, lang, page_lang),
            RedlinePiece::Row(row) => redline_row(out, row, t, label_lang),
            RedlinePiece::Gap => out.push_str("<div class=\"side-by-side__gap\"></div>"),
            RedlinePiece::Open {
                element,
                side,
                changed,
                number,
            } => {
                let (name, side) = (element_name(*element), side_name(*side));
                match element {
                    Element::Ul | Element::Ol => {
                        html!(out, "<{name} class=\"redline-list redline-list--{side}\">");
                    }
                    Element::Li => {
                        html!(
                            out,
                            "<li class=\"redline-item redline-item--{side}{}\"",
                            when(*changed, " redline-item--changed")
                        );
                        if let Some(number) = number {
                            html!(out, " value=\"{number}\"");
                        }
                        out.push('>');
                    }
                    Element::Blockquote => {
                        html!(
                            out,
                            "<blockquote class=\"redline-quote redline-quote--{side}\">"
                        );
                    }
                    Element::Table => {
                        html!(
                            out,
                            "<div class=\"redline-table redline-table--{side}{}\"><table>",
                            when(*changed, " redline-table--changed")
                        );
                    }
                    Element::Thead | Element::Tbody => {
                        html!(out, "<{name}>");
                    }
                }
            }
            RedlinePiece::Close {
                element: Element::Table,
            } => out.push_str("</table></div>"),
            RedlinePiece::Close { element } => {
                html!(out, "</{}>", element_name(*element));
            }
        }
        out.push('\n');
    }
}

/// `redline_block`: one block as the element its kind calls for.
fn redline_block(
    out: &mut String,
    block: &RedlineBlock<'_>,
    t: &Strings,
    lang: Option<&str>,
    page_lang: Option<&str>,
) {
    let label_lang = label_lang(lang, page_lang);
    let code = block.kind == BlockKind::Code;
    let element = if code { "pre" } else { "p" };
    let kind = match block.kind {
        BlockKind::ListItem => " redline-block--list-item",
        BlockKind::Heading => " redline-block--heading",
        BlockKind::Code => " redline-block--code",
        _ => "",
    };
    let reformatted = block.reformatted && block.status == BlockStatus::Unchanged;
    let dir = if code {
        " dir=\"ltr\""
    } else {
        when(
            truthy(lang) && (block.status != BlockStatus::MovedAway || !block.segments.is_empty()),
            " dir=\"auto\"",
        )
    };
    html!(
        out,
        "<{element} class=\"redline-block{kind}{} redline-block--{}\"{dir}>",
        when(reformatted, " redline-block--reformatted"),
        status_name(block.status)
    );
    if block.status == BlockStatus::MovedAway {
        moved_note(out, t, "moved_to", block.moved.as_ref(), label_lang);
        if !block.segments.is_empty() {
            out.push(' ');
            redline_text(out, &block.segments, t, label_lang);
        }
    } else {
        if block.status == BlockStatus::MovedHere {
            moved_note(out, t, "moved_from", block.moved.as_ref(), label_lang);
            out.push(' ');
        }
        redline_text(out, &block.segments, t, label_lang);
        if reformatted && block.segments.len() == 1 {
            html!(
                out,
                " <span class=\"redline-note\"{}>{}</span>",
                Lang(label_lang),
                Esc(t.text("reformatted"))
            );
        }
    }
    html!(out, "</{element}>");
}

/// `redline_row`: a table row, a cell per column the view shows.
fn redline_row(out: &mut String, row: &RedlineRow<'_>, t: &Strings, label_lang: Option<&str>) {
    let cell_tag = if row.header { "th" } else { "td" };
    html!(
        out,
        "<tr class=\"redline-row redline-row--{}\">",
        status_name(row.status)
    );
    if row.cells.is_empty() {
        html!(out, "<td colspan=\"{}\">", row.span);
        moved_note(out, t, "moved_to", row.moved.as_ref(), label_lang);
        out.push_str("</td>");
    }
    for (i, cell) in row.cells.iter().enumerate() {
        let align = match cell.align {
            ColumnAlign::None => String::new(),
            align => format!(" redline-cell--{}", align_name(align)),
        };
        html!(
            out,
            "<{cell_tag}{} class=\"redline-cell redline-cell--{}{}{align}\" dir=\"auto\">",
            when(row.header, " scope=\"col\""),
            side_name(cell.side),
            when(cell.changed, " redline-cell--changed")
        );
        if i == 0 && row.moved.is_some() {
            let key = if row.status == BlockStatus::MovedHere {
                "moved_from"
            } else {
                "moved_to"
            };
            moved_note(out, t, key, row.moved.as_ref(), label_lang);
            out.push(' ');
        }
        redline_text(out, &cell.segments, t, label_lang);
        let tag = match cell.side {
            Side::New => Some(("added", "column_added")),
            Side::Old => Some(("removed", "column_removed")),
            Side::Both => None,
        };
        if let Some((class, key)) = tag.filter(|_| row.header && row.inline && cell.changed) {
            html!(
                out,
                " <span class=\"redline-tag redline-tag--{class}\"{}>{}</span>",
                Lang(label_lang),
                Esc(t.text(key))
            );
        }
        html!(out, "</{cell_tag}>");
    }
    out.push_str("</tr>");
}

/// `redline_text`: equal runs as text, inserted and deleted ones marked,
/// each with its hidden label.
fn redline_text(out: &mut String, segments: &[Segment], t: &Strings, label_lang: Option<&str>) {
    for segment in segments {
        let (element, key) = match segment.tag {
            Tag::Equal => {
                html!(out, "{}", Esc(&segment.text));
                continue;
            }
            Tag::Insert => ("ins", "inserted"),
            Tag::Delete => ("del", "deleted"),
        };
        html!(
            out,
            "<{element}><span class=\"visually-hidden\"{}>{} </span><span class=\"redline-words\">{}</span></{element}>",
            Lang(label_lang),
            Esc(t.text(key)),
            Esc(&segment.text)
        );
    }
}

/// A "moved to/from" note: the sentence `key` with a link to the section
/// at the other end.
fn moved_note(
    out: &mut String,
    t: &Strings,
    key: &str,
    moved: Option<&SectionLink<'_>>,
    label_lang: Option<&str>,
) {
    let link = moved.map_or_else(String::new, |moved| {
        format!("<a href=\"#{}\">{}</a>", Esc(moved.id), Esc(moved.title))
    });
    html!(
        out,
        "<span class=\"moved-note\"{}{}>{}</span>",
        Lang(label_lang),
        when(truthy(label_lang), " dir=\"auto\""),
        fill_html(t.text(key), &[("section", link)])
    );
}

/// The page's language for labels, when the text is in another (`lang and
/// page_lang` in the templates).
fn label_lang<'a>(lang: Option<&str>, page_lang: Option<&'a str>) -> Option<&'a str> {
    page_lang.filter(|p| truthy(lang) && !p.is_empty())
}

/// Whether a template would take the value as true.
fn truthy(value: Option<&str>) -> bool {
    value.is_some_and(|v| !v.is_empty())
}

/// The names the templates compare these values with (their serde names).
fn element_name(element: Element) -> &'static str {
    match element {
        Element::Ul => "ul",
        Element::Ol => "ol",
        Element::Li => "li",
        Element::Blockquote => "blockquote",
        Element::Table => "table",
        Element::Thead => "thead",
        Element::Tbody => "tbody",
    }
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Both => "both",
        Side::Old => "old",
        Side::New => "new",
    }
}

fn status_name(status: BlockStatus) -> &'static str {
    match status {
        BlockStatus::Unchanged => "unchanged",
        BlockStatus::Changed => "changed",
        BlockStatus::Added => "added",
        BlockStatus::Removed => "removed",
        BlockStatus::MovedHere => "moved_here",
        BlockStatus::MovedAway => "moved_away",
    }
}

fn section_status_name(status: SectionStatus) -> &'static str {
    match status {
        SectionStatus::Unchanged => "unchanged",
        SectionStatus::Changed => "changed",
        SectionStatus::Added => "added",
        SectionStatus::Removed => "removed",
    }
}

fn align_name(align: ColumnAlign) -> &'static str {
    match align {
        ColumnAlign::None => "none",
        ColumnAlign::Left => "left",
        ColumnAlign::Center => "center",
        ColumnAlign::Right => "right",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names written are the ones the templates see.
    #[test]
    fn names_are_the_serialized_ones() {
        let name = |v: serde_json::Value| v.as_str().unwrap().to_owned();
        for e in [
            Element::Ul,
            Element::Ol,
            Element::Li,
            Element::Blockquote,
            Element::Table,
            Element::Thead,
            Element::Tbody,
        ] {
            assert_eq!(element_name(e), name(serde_json::to_value(e).unwrap()));
        }
        for s in [Side::Both, Side::Old, Side::New] {
            assert_eq!(side_name(s), name(serde_json::to_value(s).unwrap()));
        }
        for s in [
            BlockStatus::Unchanged,
            BlockStatus::Changed,
            BlockStatus::Added,
            BlockStatus::Removed,
            BlockStatus::MovedHere,
            BlockStatus::MovedAway,
        ] {
            assert_eq!(status_name(s), name(serde_json::to_value(s).unwrap()));
        }
        for s in [
            SectionStatus::Unchanged,
            SectionStatus::Changed,
            SectionStatus::Added,
            SectionStatus::Removed,
        ] {
            assert_eq!(
                section_status_name(s),
                name(serde_json::to_value(s).unwrap())
            );
        }
        for l in [Level::None, Level::Cosmetic, Level::Minor, Level::Material] {
            assert_eq!(l.as_str(), name(serde_json::to_value(l).unwrap()));
        }
        for a in [
            ColumnAlign::None,
            ColumnAlign::Left,
            ColumnAlign::Center,
            ColumnAlign::Right,
        ] {
            assert_eq!(align_name(a), name(serde_json::to_value(a).unwrap()));
        }
    }
}
