//! Components of the built-in theme written here instead of through the
//! template engine, byte for byte what `components.html` makes of the same
//! values (tests render both ways and compare). A change page's redline is
//! hundreds of small component calls per section, and the engine's
//! interpreter was most of a change page's time.
//!
//! A theme that has its own `changes.html` or `components.html` gets the
//! redline's pieces and renders them itself, as before; these functions are
//! used only when both are the built-in ones.

use crate::diff::words::{Segment, Tag};
use crate::diff::{BlockStatus, Level, SectionStatus, Side};
use crate::i18n::Strings;
use crate::markdown::{BlockKind, ColumnAlign};
use crate::render::escape_into;
use crate::render::views::{
    Element, RedlineBlock, RedlinePiece, RedlineRow, RedlineSection, SectionLink,
};

/// The templates whose built-in versions these functions stand for: when a
/// theme has either, the engine renders the redline.
pub const TEMPLATES: [&str; 2] = ["changes.html", "components.html"];

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
        let mut ui_lang = String::new();
        if lang.is_some() {
            lang_attribute(&mut ui_lang, Some(page_lang));
        }
        if section.status == SectionStatus::Unchanged {
            if !in_unchanged {
                out.push_str(
                    "<div class=\"redline-unchanged\"><p class=\"redline-unchanged__label\">",
                );
                escape_into(t.text("unchanged_section"), out);
                out.push_str("</p><ul>");
                in_unchanged = true;
            }
            out.push_str("<li id=\"");
            escape_into(section.id, out);
            out.push_str("\" class=\"redline-unchanged__item redline-unchanged__item--h");
            out.push_str(&section.heading.to_string());
            out.push('"');
            lang_attribute(out, lang);
            out.push('>');
            aliases(out, &section.aliases);
            out.push_str("<a href=\"");
            escape_into(version_href, out);
            out.push('#');
            escape_into(section.id, out);
            out.push('"');
            if lang.is_some() {
                out.push_str(" dir=\"auto\"");
            }
            out.push('>');
            redline_text(out, section.title_segments, t, label_lang);
            out.push_str("</a></li>\n");
            continue;
        }
        if in_unchanged {
            out.push_str("</ul></div>");
            in_unchanged = false;
        }
        last_heading = h;
        out.push_str("\n    <section id=\"");
        escape_into(section.id, out);
        out.push_str("\" class=\"redline-section redline-section--");
        out.push_str(section_status_name(section.status));
        if section.moved {
            out.push_str(" redline-section--moved");
        }
        out.push('"');
        lang_attribute(out, lang);
        out.push('>');
        aliases(out, &section.aliases);
        out.push_str("\n      <h");
        out.push_str(&h.to_string());
        out.push_str(" class=\"redline-section__title redline-section__title--h");
        out.push_str(&section.heading.to_string());
        out.push('"');
        if lang.is_some() {
            out.push_str(" dir=\"auto\"");
        }
        out.push('>');
        redline_text(out, section.title_segments, t, label_lang);
        out.push_str("</h");
        out.push_str(&h.to_string());
        out.push_str(">\n      <p class=\"redline-section__meta\"");
        out.push_str(&ui_lang);
        out.push('>');
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
            out.push_str(" <span class=\"badge badge--renamed\">");
            let id = crate::render::escape_html(renamed_from);
            out.push_str(&crate::render::fill_html(
                t.text("section_renamed"),
                &[("id", id)],
            ));
            out.push_str("</span>");
        }
        out.push_str("</p>\n      ");
        if section.formatting_only {
            out.push_str("<p class=\"redline-section__note\"");
            out.push_str(&ui_lang);
            out.push('>');
            escape_into(t.text("formatting_only_note"), out);
            out.push_str("</p>");
        }
        out.push_str("\n      <div class=\"redline-section__body\">\n      ");
        redline_pieces(out, &section.inline, t, section.lang, Some(page_lang));
        out.push_str("\n      </div>\n      ");
        if !section.before.is_empty() || !section.after.is_empty() {
            out.push_str("<details class=\"side-by-side\">\n        <summary");
            out.push_str(&ui_lang);
            out.push('>');
            escape_into(t.text("side_by_side"), out);
            out.push_str("</summary>\n        <div class=\"side-by-side__columns\">\n");
            for (class, key, pieces) in [
                ("old", "before", &section.before),
                ("new", "after", &section.after),
            ] {
                out.push_str("          <div class=\"side-by-side__");
                out.push_str(class);
                out.push_str("\"><p class=\"side-by-side__label\"");
                out.push_str(&ui_lang);
                out.push('>');
                escape_into(t.text(key), out);
                out.push_str("</p>\n            ");
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

/// An empty anchor for each former id of a section.
fn aliases(out: &mut String, aliases: &[&str]) {
    for alias in aliases {
        out.push_str("<span id=\"");
        escape_into(alias, out);
        out.push_str("\" class=\"redline-section__alias\"></span>");
    }
}

/// `<span class="badge badge--{kind}">{text}</span>`.
fn badge(out: &mut String, kind: &str, text: &str) {
    out.push_str("<span class=\"badge badge--");
    out.push_str(kind);
    out.push_str("\">");
    escape_into(text, out);
    out.push_str("</span>");
}

/// `change_level`: a change level as a labelled badge.
fn change_level(out: &mut String, level: Level, t: &Strings) {
    out.push_str("<span class=\"level level--");
    out.push_str(level.as_str());
    out.push_str("\">");
    let key = match level {
        Level::Material => "level_material",
        Level::Minor => "level_minor",
        Level::Cosmetic => "level_cosmetic",
        Level::None => "level_none",
    };
    escape_into(t.text(key), out);
    out.push_str("</span>");
}

/// `{{<redline_pieces pieces={pieces} t={t} lang={lang} page_lang={page_lang} />}}`.
pub fn redline_pieces(
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
            } => match element {
                Element::Ul | Element::Ol => {
                    out.push('<');
                    out.push_str(element_name(*element));
                    out.push_str(" class=\"redline-list redline-list--");
                    out.push_str(side_name(*side));
                    out.push_str("\">");
                }
                Element::Li => {
                    out.push_str("<li class=\"redline-item redline-item--");
                    out.push_str(side_name(*side));
                    if *changed {
                        out.push_str(" redline-item--changed");
                    }
                    out.push('"');
                    if let Some(number) = number {
                        out.push_str(" value=\"");
                        out.push_str(&number.to_string());
                        out.push('"');
                    }
                    out.push('>');
                }
                Element::Blockquote => {
                    out.push_str("<blockquote class=\"redline-quote redline-quote--");
                    out.push_str(side_name(*side));
                    out.push_str("\">");
                }
                Element::Table => {
                    out.push_str("<div class=\"redline-table redline-table--");
                    out.push_str(side_name(*side));
                    if *changed {
                        out.push_str(" redline-table--changed");
                    }
                    out.push_str("\"><table>");
                }
                Element::Thead | Element::Tbody => {
                    out.push('<');
                    out.push_str(element_name(*element));
                    out.push('>');
                }
            },
            RedlinePiece::Close { element } => match element {
                Element::Table => out.push_str("</table></div>"),
                _ => {
                    out.push_str("</");
                    out.push_str(element_name(*element));
                    out.push('>');
                }
            },
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
    let element = if block.kind == BlockKind::Code {
        "pre"
    } else {
        "p"
    };
    out.push('<');
    out.push_str(element);
    out.push_str(" class=\"redline-block");
    out.push_str(match block.kind {
        BlockKind::ListItem => " redline-block--list-item",
        BlockKind::Heading => " redline-block--heading",
        BlockKind::Code => " redline-block--code",
        _ => "",
    });
    let reformatted = block.reformatted && block.status == BlockStatus::Unchanged;
    if reformatted {
        out.push_str(" redline-block--reformatted");
    }
    out.push_str(" redline-block--");
    out.push_str(status_name(block.status));
    out.push('"');
    if block.kind == BlockKind::Code {
        out.push_str(" dir=\"ltr\"");
    } else if truthy(lang) && (block.status != BlockStatus::MovedAway || !block.segments.is_empty())
    {
        out.push_str(" dir=\"auto\"");
    }
    out.push('>');
    if block.status == BlockStatus::MovedAway {
        moved_note(out, t, "moved_to", block.moved.as_ref(), label_lang);
        out.push_str("</span>");
        if !block.segments.is_empty() {
            out.push(' ');
            redline_text(out, &block.segments, t, label_lang);
        }
    } else {
        if block.status == BlockStatus::MovedHere {
            moved_note(out, t, "moved_from", block.moved.as_ref(), label_lang);
            out.push_str("</span> ");
        }
        redline_text(out, &block.segments, t, label_lang);
        if reformatted && block.segments.len() == 1 {
            out.push_str(" <span class=\"redline-note\"");
            lang_attribute(out, label_lang);
            out.push('>');
            escape_into(t.text("reformatted"), out);
            out.push_str("</span>");
        }
    }
    out.push_str("</");
    out.push_str(element);
    out.push('>');
}

/// `redline_row`: a table row, a cell per column the view shows.
fn redline_row(out: &mut String, row: &RedlineRow<'_>, t: &Strings, label_lang: Option<&str>) {
    let cell_tag = if row.header { "th" } else { "td" };
    out.push_str("<tr class=\"redline-row redline-row--");
    out.push_str(status_name(row.status));
    out.push_str("\">");
    if row.cells.is_empty() {
        out.push_str("<td colspan=\"");
        out.push_str(&row.span.to_string());
        out.push_str("\">");
        moved_note(out, t, "moved_to", row.moved.as_ref(), label_lang);
        out.push_str("</span></td>");
    } else {
        for (i, cell) in row.cells.iter().enumerate() {
            out.push('<');
            out.push_str(cell_tag);
            if row.header {
                out.push_str(" scope=\"col\"");
            }
            out.push_str(" class=\"redline-cell redline-cell--");
            out.push_str(side_name(cell.side));
            if cell.changed {
                out.push_str(" redline-cell--changed");
            }
            if cell.align != ColumnAlign::None {
                out.push_str(" redline-cell--");
                out.push_str(align_name(cell.align));
            }
            out.push_str("\" dir=\"auto\">");
            if i == 0 && row.moved.is_some() {
                let key = if row.status == BlockStatus::MovedHere {
                    "moved_from"
                } else {
                    "moved_to"
                };
                moved_note(out, t, key, row.moved.as_ref(), label_lang);
                out.push_str("</span> ");
            }
            redline_text(out, &cell.segments, t, label_lang);
            if row.header && row.inline && cell.changed {
                let tag = match cell.side {
                    Side::New => Some(("added", "column_added")),
                    Side::Old => Some(("removed", "column_removed")),
                    Side::Both => None,
                };
                if let Some((class, key)) = tag {
                    out.push_str(" <span class=\"redline-tag redline-tag--");
                    out.push_str(class);
                    out.push('"');
                    lang_attribute(out, label_lang);
                    out.push('>');
                    escape_into(t.text(key), out);
                    out.push_str("</span>");
                }
            }
            out.push_str("</");
            out.push_str(cell_tag);
            out.push('>');
        }
    }
    out.push_str("</tr>");
}

/// `redline_text`: equal runs as text, inserted and deleted ones marked,
/// each with its hidden label.
pub fn redline_text(out: &mut String, segments: &[Segment], t: &Strings, label_lang: Option<&str>) {
    for segment in segments {
        let (element, key) = match segment.tag {
            Tag::Equal => {
                escape_into(&segment.text, out);
                continue;
            }
            Tag::Insert => ("ins", "inserted"),
            Tag::Delete => ("del", "deleted"),
        };
        out.push('<');
        out.push_str(element);
        out.push_str("><span class=\"visually-hidden\"");
        if let Some(lang) = label_lang.filter(|l| !l.is_empty()) {
            out.push_str(" lang=\"");
            escape_into(lang, out);
            out.push('"');
        }
        out.push('>');
        escape_into(t.text(key), out);
        out.push_str(" </span><span class=\"redline-words\">");
        escape_into(&segment.text, out);
        out.push_str("</span></");
        out.push_str(element);
        out.push('>');
    }
}

/// The start of a "moved to/from" note, up to its closing `</span>`: the
/// sentence `key` with a link to the section at the other end.
fn moved_note(
    out: &mut String,
    t: &Strings,
    key: &str,
    moved: Option<&SectionLink<'_>>,
    label_lang: Option<&str>,
) {
    out.push_str("<span class=\"moved-note\"");
    if let Some(lang) = label_lang.filter(|l| !l.is_empty()) {
        out.push_str(" lang=\"");
        escape_into(lang, out);
        out.push_str("\" dir=\"auto\"");
    }
    out.push('>');
    let mut link = String::new();
    if let Some(moved) = moved {
        link.push_str("<a href=\"#");
        escape_into(moved.id, &mut link);
        link.push_str("\">");
        escape_into(moved.title, &mut link);
        link.push_str("</a>");
    }
    out.push_str(&crate::render::fill_html(t.text(key), &[("section", link)]));
}

/// ` lang="..."` for a label in the page's language, when there is one.
fn lang_attribute(out: &mut String, label_lang: Option<&str>) {
    if let Some(lang) = label_lang.filter(|l| !l.is_empty()) {
        out.push_str(" lang=\"");
        escape_into(lang, out);
        out.push('"');
    }
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
