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
    fn plain_text_drops_markup() {
        assert_eq!(
            to_plain_text("We now keep **logs** for\n[90 days](#logs).\n\n- a\n- b"),
            "We now keep logs for 90 days. a b"
        );
    }
}
