//! Arbitrary text through every public function of `privsite::markdown`:
//! `to_html` (section bodies), `summary_to_html`, `sanitize` (the input
//! taken as raw HTML), `to_plain_text`, `blocks`, `anchors_and_links` and
//! `slug`, with two invariants:
//!
//! * no HTML the module writes can run code: no `<script>`, `<iframe>`,
//!   `<style>`, form or embedding element, no `on...` event attribute, and no
//!   URL attribute (`href`, `src`, ...) with a scheme other than `http`,
//!   `https`, `mailto` or `tel` (after the decoding a browser does:
//!   character references, tabs and newlines removed, case folded);
//! * heading ids the module assigns on one page are never taken twice (checked
//!   when the text has no raw HTML, which may carry ids of its own).
//!
//! Input format: the Markdown text itself. Its length picks the section's
//! heading level (2 to 6, as pages use) and section id, so any text is a
//! valid input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use privsite::markdown::{self, BodyContext, PageIds};

const SECTION_IDS: &[&str] = &["intro", "sharing", "a-1.b"];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text: &str = &text;
    let section_level = 2 + data.len() % 5;
    let section_id = SECTION_IDS[data.len() / 5 % SECTION_IDS.len()];

    let mut ids = PageIds::new(["intro", "sharing", "section", "main", section_id]);
    let html = markdown::to_html(
        text,
        BodyContext {
            section_id,
            section_level,
            ids: &mut ids,
        },
    );
    let mut heading_ids = check_html("to_html", text, &html);
    // Every id claimed from now on must be new: the page's ids are all taken.
    let second = markdown::to_html(
        text,
        BodyContext {
            section_id: "other",
            section_level,
            ids: &mut ids,
        },
    );
    heading_ids.extend(check_html("to_html (second body)", text, &second));
    // Raw HTML may carry its own ids (and repeat them); without it, every
    // heading id comes from `PageIds`, so none is taken twice or clashes
    // with the ids the page had before.
    if !text.contains('<') {
        let mut seen = std::collections::HashSet::new();
        for id in &heading_ids {
            assert!(
                !["intro", "sharing", "section", "main", section_id].contains(&id.as_str()),
                "heading id {id:?} was already taken on the page\n{text:?}\n{html}\n{second}"
            );
            assert!(
                seen.insert(id),
                "heading id {id:?} given twice\n{text:?}\n{html}\n{second}"
            );
        }
    }

    let summary = markdown::summary_to_html(text);
    check_html("summary_to_html", text, &summary);

    let cleaned = markdown::sanitize(text);
    check_html("sanitize", text, &cleaned);

    let plain = markdown::to_plain_text(text);
    assert!(!plain.starts_with(' ') && !plain.ends_with(' '));

    for block in markdown::blocks(text) {
        assert!(
            text.contains(&block.source),
            "a block's source is not part of the text: {:?}",
            block.source
        );
        let _ = block.kind.describe();
    }

    let (anchors, links) = markdown::anchors_and_links(text);
    std::hint::black_box((anchors, links));

    let slug = markdown::slug(text);
    assert!(
        !slug.starts_with('-') && !slug.ends_with('-'),
        "slug {slug:?}"
    );
    assert!(!slug.contains("--"), "slug {slug:?}");
});

/// Elements that can run code, load other documents or submit data.
const FORBIDDEN_TAGS: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
    "button", "textarea", "select", "option", "base", "meta", "link", "svg", "math", "template",
    "noscript", "img", "image", "video", "audio", "source", "track", "portal",
];

/// Attributes that hold a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "longdesc",
    "srcset",
    "ping",
];

const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Scans `html` tag by tag and panics on anything that could run code.
/// Returns the ids of its headings.
fn check_html(what: &str, input: &str, html: &str) -> Vec<String> {
    let mut heading_ids = Vec::new();
    let fail = |problem: String| -> ! {
        panic!("{what}: {problem}\n--- input ---\n{input:?}\n--- output ---\n{html}");
    };
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        let start = i + offset;
        let mut j = start + 1;
        if html[j..].starts_with("!--") {
            i = html[j..].find("-->").map_or(b.len(), |e| j + e + 3);
            continue;
        }
        if b.get(j) == Some(&b'/') {
            j += 1;
        }
        let name_start = j;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b':') {
            j += 1;
        }
        if j == name_start {
            // Writers escape `<` in text, so this never happens; if it does,
            // the browser reads it as text too.
            if b.get(j) == Some(&b'!') || b.get(j) == Some(&b'?') {
                fail(format!("markup declaration at byte {start}"));
            }
            i = j;
            continue;
        }
        let name = html[name_start..j].to_ascii_lowercase();
        if FORBIDDEN_TAGS.contains(&name.as_str()) {
            fail(format!("forbidden element <{name}>"));
        }
        // Attributes, until the end of the tag.
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                j += 1;
                break;
            }
            let attr_start = j;
            while j < b.len() && !(b[j].is_ascii_whitespace() || matches!(b[j], b'=' | b'>' | b'/'))
            {
                j += 1;
            }
            let attr = html[attr_start..j].to_ascii_lowercase();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if b.get(j) == Some(&b'=') {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = html[j + 1..].find(q as char).map_or(b.len(), |e| j + 1 + e);
                        value = html[j + 1..end.min(b.len())].to_owned();
                        j = end + 1;
                    }
                    _ => {
                        let v_start = j;
                        while j < b.len() && !(b[j].is_ascii_whitespace() || b[j] == b'>') {
                            j += 1;
                        }
                        value = html[v_start..j].to_owned();
                    }
                }
            }
            if attr == "id" && matches!(name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                heading_ids.push(decode(&value));
            }
            if attr.starts_with("on") {
                fail(format!("event attribute `{attr}` on <{name}>"));
            }
            if matches!(attr.as_str(), "srcdoc" | "formaction" | "http-equiv") {
                fail(format!("attribute `{attr}` on <{name}>"));
            }
            if attr == "style" && !matches!(name.as_str(), "td" | "th") {
                fail(format!("style attribute on <{name}>"));
            }
            if URL_ATTRIBUTES.contains(&attr.as_str())
                && let Some(scheme) = scheme(&decode(&value))
                && !SAFE_SCHEMES.contains(&scheme.as_str())
            {
                fail(format!(
                    "`{attr}` with scheme `{scheme}:` on <{name}>: {value:?}"
                ));
            }
        }
        i = j.min(b.len());
    }
    heading_ids
}

/// The scheme of a URL as a browser reads it: leading C0 controls and spaces
/// trimmed, tabs and newlines removed, lowercased.
fn scheme(url: &str) -> Option<String> {
    let url: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = url.find(':')?;
    let candidate = &url[..colon];
    let mut chars = candidate.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| candidate.to_ascii_lowercase())
}

/// Decodes the character references a browser decodes in an attribute value
/// (numeric ones, and the named ones that can hide a scheme).
fn decode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let after = &rest[1..];
        if let Some(num) = after.strip_prefix('#') {
            let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
                Some(hex) => (hex.bytes().take_while(u8::is_ascii_hexdigit).count(), 16, 2),
                None => (num.bytes().take_while(u8::is_ascii_digit).count(), 10, 1),
            };
            if digits > 0 {
                let text = &after[skip..skip + digits];
                let c = u32::from_str_radix(&text[..text.len().min(8)], radix)
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or('\u{fffd}');
                out.push(c);
                let mut consumed = 1 + skip + digits;
                if rest[consumed..].starts_with(';') {
                    consumed += 1;
                }
                rest = &rest[consumed..];
                continue;
            }
        }
        let named = [
            ("colon;", ':'),
            ("tab;", '\t'),
            ("newline;", '\n'),
            ("amp;", '&'),
            ("amp", '&'),
            ("quot;", '"'),
            ("apos;", '\''),
            ("lt;", '<'),
            ("gt;", '>'),
        ];
        match named.iter().find(|(n, _)| {
            after
                .get(..n.len())
                .is_some_and(|a| a.eq_ignore_ascii_case(n))
        }) {
            Some((n, c)) => {
                out.push(*c);
                rest = &rest[1 + n.len()..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
