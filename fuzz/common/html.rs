//! A small HTML scanner for the fuzz targets' safety invariant: no HTML
//! privsite writes can run code. It reads tags the way a browser tokenizes
//! them (quoted and unquoted attribute values, character references in URLs,
//! tabs and newlines inside a scheme) and panics, with the input and the
//! output, on a forbidden element, an `on...` event attribute, or a URL
//! attribute whose scheme is not `http`, `https`, `mailto` or `tel`.
#![allow(dead_code)]

/// What is allowed where.
pub struct Rules {
    /// Elements that may not appear.
    pub forbidden_tags: &'static [&'static str],
    /// Whether `style` attributes are allowed only on table cells (as the
    /// sanitizer allows them in policy text), or anywhere (a theme's pages).
    pub style_only_on_cells: bool,
    /// Whether a `<!doctype ...>` may open the text.
    pub doctype: bool,
}

impl Rules {
    /// Policy text (section bodies and summaries).
    pub const BODY: Rules = Rules {
        forbidden_tags: BODY_FORBIDDEN,
        style_only_on_cells: true,
        doctype: false,
    };
    /// Whole pages of the built-in theme, with its own `<script>` elements
    /// taken out first (see `strip_theme_scripts`): it also uses `<meta>`,
    /// `<link>` and inline styles.
    pub const PAGE: Rules = Rules {
        forbidden_tags: PAGE_FORBIDDEN,
        style_only_on_cells: false,
        doctype: true,
    };
}

/// Elements that can run code, load other documents or submit data.
const BODY_FORBIDDEN: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
    "button", "textarea", "select", "option", "base", "meta", "link", "svg", "math", "template",
    "noscript", "img", "image", "video", "audio", "source", "track", "portal",
];

/// What a page may not hold beyond what the theme itself writes.
const PAGE_FORBIDDEN: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
    "button", "textarea", "select", "option", "base", "svg", "math", "template", "noscript", "img",
    "image", "video", "audio", "source", "track", "portal",
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
pub fn check(what: &str, input: &str, html: &str, rules: Rules) -> Vec<String> {
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
        if rules.doctype
            && html[start..]
                .get(..9)
                .is_some_and(|d| d.eq_ignore_ascii_case("<!doctype"))
        {
            i = html[start..].find('>').map_or(b.len(), |e| start + e + 1);
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
        if rules.forbidden_tags.contains(&name.as_str()) {
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
            if attr == "style" && rules.style_only_on_cells && !matches!(name.as_str(), "td" | "th")
            {
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

/// The `<script>...</script>` elements written in `templates`, exactly as
/// written (the theme's own, which pages may hold).
pub fn theme_scripts<'a>(templates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out = Vec::new();
    for text in templates {
        let mut rest = text;
        while let Some(start) = rest.find("<script") {
            let Some(len) = rest[start..].find("</script>") else {
                break;
            };
            let end = start + len + "</script>".len();
            out.push(rest[start..end].to_owned());
            rest = &rest[end..];
        }
    }
    out
}

/// `html` without the theme's own script elements.
pub fn strip_theme_scripts(html: &str, scripts: &[String]) -> String {
    let mut out = html.to_owned();
    for script in scripts {
        out = out.replace(script.as_str(), "");
    }
    out
}
