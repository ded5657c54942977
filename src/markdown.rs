//! The one entry point to Markdown: section bodies and change summaries
//! become sanitized HTML here, and nowhere else.
//!
//! Policies are written in CommonMark with tables. Raw HTML is allowed, since
//! real policies carry tables and anchors copied from old pages, but it goes
//! through an allow-list sanitizer (ammonia): no script, no event handler, no
//! `javascript:` or `data:` URL, no form, frame or style can reach a page.

use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Options for policy text: CommonMark plus tables and strikethrough.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Renders a section body as sanitized HTML.
///
/// `heading_offset` shifts headings written inside the body so they nest under
/// the section's own heading: with an offset of 2, `# Note` becomes `<h3>`.
pub fn to_html(markdown: &str, heading_offset: usize) -> String {
    let parser = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: shift(level, heading_offset),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => {
            Event::End(TagEnd::Heading(shift(level, heading_offset)))
        }
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    sanitize(&html)
}

/// Renders a short text (a change summary) as sanitized HTML.
pub fn summary_to_html(markdown: &str) -> String {
    to_html(markdown, 2)
}

/// Reduces a short Markdown text to plain text (for feeds, titles and emails).
pub fn to_plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What kind of block a piece of text is, for comparing versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A paragraph.
    Paragraph,
    /// An item of a list (its own text, without nested lists).
    ListItem,
    /// A heading inside a body.
    Heading,
    /// A cell of a table.
    TableCell,
    /// A code block.
    Code,
    /// Raw HTML that is neither of the above.
    Html,
}

impl BlockKind {
    /// The block kind in words ("list item").
    pub fn describe(self) -> &'static str {
        match self {
            BlockKind::Paragraph => "paragraph",
            BlockKind::ListItem => "list item",
            BlockKind::Heading => "heading",
            BlockKind::TableCell => "table cell",
            BlockKind::Code => "code block",
            BlockKind::Html => "HTML block",
        }
    }
}

/// A block of a body, as the comparison of versions sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What kind of block it is.
    pub kind: BlockKind,
    /// Its text as a reader sees it: no Markdown markup, no link targets.
    pub text: String,
    /// Its Markdown source, to tell formatting changes from no change.
    pub source: String,
}

/// Splits a body into the blocks a reader sees: paragraphs, list items,
/// headings, table cells and code blocks, in reading order. Nested blocks
/// (a paragraph inside a list item) are blocks of their own; an outer block
/// keeps only its own text.
pub fn blocks(markdown: &str) -> Vec<Block> {
    struct Open {
        kind: BlockKind,
        text: String,
        start: usize,
    }
    let mut open: Vec<Open> = Vec::new();
    let mut done: Vec<(usize, Block)> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        let starts = match &event {
            Event::Start(Tag::Paragraph) => Some(BlockKind::Paragraph),
            Event::Start(Tag::Item) => Some(BlockKind::ListItem),
            Event::Start(Tag::Heading { .. }) => Some(BlockKind::Heading),
            Event::Start(Tag::TableCell) => Some(BlockKind::TableCell),
            Event::Start(Tag::CodeBlock(_)) => Some(BlockKind::Code),
            Event::Start(Tag::HtmlBlock) => Some(BlockKind::Html),
            _ => None,
        };
        if let Some(kind) = starts {
            open.push(Open {
                kind,
                text: String::new(),
                start: range.start,
            });
            continue;
        }
        let ends = matches!(
            event,
            Event::End(
                TagEnd::Paragraph
                    | TagEnd::Item
                    | TagEnd::Heading(_)
                    | TagEnd::TableCell
                    | TagEnd::CodeBlock
                    | TagEnd::HtmlBlock
            )
        );
        if ends {
            if let Some(block) = open.pop() {
                let text = block.text.split_whitespace().collect::<Vec<_>>().join(" ");
                if !text.is_empty() {
                    let kind = match block.kind {
                        // A paragraph directly inside a list item is that item's text.
                        BlockKind::Paragraph
                            if open.last().is_some_and(|o| {
                                o.kind == BlockKind::ListItem && o.text.trim().is_empty()
                            }) =>
                        {
                            BlockKind::ListItem
                        }
                        kind => kind,
                    };
                    let source = markdown[block.start..range.end].trim().to_owned();
                    done.push((block.start, Block { kind, text, source }));
                }
            }
            continue;
        }
        let Some(current) = open.last_mut() else {
            continue;
        };
        match event {
            Event::Text(t) | Event::Code(t) => current.text.push_str(&t),
            Event::Html(t) | Event::InlineHtml(t) => {
                let plain = strip_tags(&t);
                current.text.push_str(&plain);
            }
            Event::SoftBreak | Event::HardBreak => current.text.push(' '),
            _ => {}
        }
    }
    // Blocks close inner-first; reading order is by where they start.
    done.sort_by_key(|(start, _)| *start);
    done.into_iter().map(|(_, b)| b).collect()
}

/// The text of an HTML fragment, without its tags (for comparing versions;
/// never for output).
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn shift(level: HeadingLevel, offset: usize) -> HeadingLevel {
    let shifted = (level as usize + offset).min(6);
    HeadingLevel::try_from(shifted).unwrap_or(HeadingLevel::H6)
}

/// Cleans HTML with the allow-list used for all policy text.
pub fn sanitize(html: &str) -> String {
    static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .url_schemes(["http", "https", "mailto", "tel"].into())
            .link_rel(Some("noopener noreferrer"))
            .rm_tags(["img", "map", "area"])
            .add_tag_attributes("a", ["id", "name"])
            .add_tag_attributes("span", ["id"])
            .add_tag_attributes("p", ["id"])
            .add_tag_attributes("li", ["id"])
            .add_tag_attributes("td", ["id", "style"])
            .add_tag_attributes("th", ["id", "style", "scope"])
            .add_tag_attributes("table", ["id"])
            .filter_style_properties(["text-align"].into());
        builder
    });
    CLEANER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_commonmark_and_tables() {
        let html = to_html("Some *text*.\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n", 2);
        assert!(html.contains("<em>text</em>"), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(
            html.contains("text-align: center") || html.contains("text-align:center"),
            "{html}"
        );
    }

    #[test]
    fn demotes_headings_under_the_section() {
        assert!(to_html("# Note", 2).contains("<h3>Note</h3>"));
        assert!(to_html("## Note", 3).contains("<h5>Note</h5>"));
        assert!(to_html("#### Deep", 4).contains("<h6>Deep</h6>"));
    }

    #[test]
    fn removes_scripts_handlers_and_dangerous_urls() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<a href=\"javascript:alert(1)\" onclick=\"x()\">x</a> \
             <img src=x onerror=alert(1)> [y](data:text/html;base64,PHNjcmlwdD4=) \
             <iframe src=\"https://evil.example\"></iframe><form><input></form>",
            2,
        );
        for bad in [
            "<script",
            "javascript:",
            "onclick",
            "onerror",
            "data:",
            "<iframe",
            "<form",
            "<input",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
    }

    #[test]
    fn keeps_anchors_inside_table_cells() {
        let html = to_html(
            "<table><tr><td><a id=\"retention\"></a>Logs</td></tr></table>",
            2,
        );
        assert!(html.contains("id=\"retention\""), "{html}");
    }

    #[test]
    fn links_get_a_safe_rel() {
        let html = to_html("[site](https://example.com)", 2);
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
    }

    #[test]
    fn splits_bodies_into_reader_blocks() {
        let blocks = blocks(
            "Intro *text* with [a link](https://x.org).\n\n- one\n- two\n  - nested\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n# Head\n",
        );
        let seen: Vec<(BlockKind, &str)> =
            blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            seen,
            [
                (BlockKind::Paragraph, "Intro text with a link."),
                (BlockKind::ListItem, "one"),
                (BlockKind::ListItem, "two"),
                (BlockKind::ListItem, "nested"),
                (BlockKind::TableCell, "a"),
                (BlockKind::TableCell, "b"),
                (BlockKind::TableCell, "1"),
                (BlockKind::TableCell, "2"),
                (BlockKind::Heading, "Head"),
            ]
        );
        assert_eq!(
            blocks[0].source,
            "Intro *text* with [a link](https://x.org)."
        );
    }

    #[test]
    fn loose_list_items_are_list_items() {
        let kinds: Vec<BlockKind> = blocks("- one\n\n- two\n").iter().map(|b| b.kind).collect();
        assert_eq!(kinds, [BlockKind::ListItem, BlockKind::ListItem]);
    }

    #[test]
    fn html_tables_give_their_cell_text() {
        let blocks =
            blocks("<table><tr><td><a id=\"x\"></a>Logs</td><td>90 days</td></tr></table>\n");
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].text, "Logs 90 days");
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            to_plain_text("We now keep **logs** for\n[90 days](#logs).\n\n- a\n- b"),
            "We now keep logs for 90 days. a b"
        );
    }
}
