//! The one entry point to Markdown: section bodies and change summaries
//! become sanitized HTML here, and nowhere else.
//!
//! Policies are written in CommonMark with tables. Raw HTML is allowed, since
//! real policies carry tables and anchors copied from old pages, but it goes
//! through an allow-list sanitizer (ammonia): no script, no event handler, no
//! `javascript:` or `data:` URL, no form, frame or style can reach a page.
//!
//! The texts it is given are bounded in shape first ([`limits`]: nesting,
//! raw HTML depth, table size), so rendering and reading them for a
//! comparison take time in proportion to their length.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use crate::memo::Memo;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

mod blocks;
pub mod limits;

pub use blocks::{
    Block, BlockKind, Cell, ColumnAlign, Container, ContainerKind, blocks, join_cells,
};

/// Options for policy text: CommonMark plus tables and strikethrough.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// The ids in use on one page. Headings inside bodies get ids made from their
/// text (so `[see](#registration-information)` finds its heading), unique on
/// the page: a taken id gets `-2`, `-3`, ...
///
/// Claiming is linear in the number of claims, whatever the text: for each
/// wanted id the next suffix to try is remembered, so 8,000 headings with
/// the same text probe each `-N` once instead of starting again from `-2`
/// every time. An id is never given back, so every suffix below the
/// remembered one is still taken.
#[derive(Debug, Default, Clone)]
pub struct PageIds {
    used: HashSet<String>,
    /// For each id wanted more than once: the next suffix to try.
    next: HashMap<String, u64>,
}

impl PageIds {
    /// A page on which `taken` ids (section ids, the theme's own) are in use.
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(taken: I) -> Self {
        PageIds {
            used: taken.into_iter().map(Into::into).collect(),
            next: HashMap::new(),
        }
    }

    /// Claims `wanted`, or the first free `wanted-N`.
    pub fn claim(&mut self, wanted: &str) -> String {
        let wanted = if wanted.is_empty() { "section" } else { wanted };
        if self.used.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        let n = self.next.entry(wanted.to_owned()).or_insert(2);
        loop {
            let id = format!("{wanted}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// The anchor a heading's text gets: lowercase letters and digits of any
/// script, words joined with `-` (the way GitHub and most editors make them).
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-') && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

/// Where a body is shown: its section and the ids of its page.
#[derive(Debug)]
pub struct BodyContext<'a> {
    /// The section's id: footnotes are named after it so they stay unique.
    pub section_id: &'a str,
    /// The heading level of the section's own title (2 for top-level sections).
    pub section_level: usize,
    /// The page's ids.
    pub ids: &'a mut PageIds,
}

/// Renders a section body as sanitized HTML.
///
/// Headings written in the body are re-based under the section's heading
/// (the body's highest heading becomes one level below the section title,
/// whatever number of `#` it was written with) and get ids from their text.
/// Footnotes are numbered per section. Images become links to the image,
/// labelled with their alternative text.
pub fn to_html(markdown: &str, ctx: BodyContext<'_>) -> String {
    render(markdown, Some(ctx)).0
}

/// Renders a short text (a change summary) as sanitized HTML, without ids
/// (it is shown on pages whose ids it must not take).
pub fn summary_to_html(markdown: &str) -> String {
    render(markdown, None).0
}

/// Section bodies rendered once for every page that shows them: a
/// policy's versions, and the languages that fall back to the original,
/// repeat most bodies word for word. What a body's HTML depends on besides
/// its text is its section (footnote names, heading levels) and the ids
/// its page has taken already; a kept rendering is used on a page only
/// when none of the ids it claimed is taken there, which is when rendering
/// it again would give the same HTML and claim the same ids. A body whose
/// ids clashed with its page's (given a suffix, or dropped from raw HTML)
/// is not kept.
#[derive(Debug, Default)]
pub struct Bodies(Memo<KeptBody>);

#[derive(Debug)]
struct KeptBody {
    html: String,
    /// The ids rendering took for the body's headings and raw HTML.
    claimed: Vec<String>,
}

impl Bodies {
    /// Exactly [`to_html`]'s HTML, and the same ids claimed in `ctx.ids`.
    pub fn to_html(&self, markdown: &str, ctx: BodyContext<'_>) -> String {
        let key = format!(
            "{}\u{1f}{}\u{1f}{markdown}",
            ctx.section_level, ctx.section_id
        );
        if let Some(kept) = self.0.get(&key)
            && !kept.claimed.iter().any(|id| ctx.ids.used.contains(id))
        {
            ctx.ids.used.extend(kept.claimed.iter().cloned());
            return kept.html.clone();
        }
        let (html, claims) = render(markdown, Some(ctx));
        if let Some(claimed) = claims.kept() {
            self.0.keep(
                &key,
                KeptBody {
                    html: html.clone(),
                    claimed,
                },
            );
        }
        html
    }
}

/// The ids rendering a body claimed on its page, and whether each was the
/// one it asked for (no heading id suffixed, no raw id dropped).
#[derive(Debug, Clone)]
struct Claims {
    ids: Vec<String>,
    settled: bool,
}

impl Claims {
    fn new() -> Self {
        Claims {
            ids: Vec::new(),
            settled: true,
        }
    }

    /// The ids claimed, if each was the one asked for.
    fn kept(self) -> Option<Vec<String>> {
        self.settled.then_some(self.ids)
    }
}

/// The HTML of `markdown`, and what it claimed of its page's ids (nothing
/// settled without a page).
fn render(markdown: &str, mut ctx: Option<BodyContext<'_>>) -> (String, Claims) {
    let mut options = options();
    if ctx.is_some() {
        options |= Options::ENABLE_FOOTNOTES | Options::ENABLE_HEADING_ATTRIBUTES;
    }
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options).collect();
    // A summary's headings nest as a top-level section's body would.
    let section_level = ctx.as_ref().map_or(2, |c| c.section_level);
    let shallowest = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let rebase = |level: HeadingLevel| -> HeadingLevel {
        let target = (level as usize - shallowest + section_level + 1).min(6);
        HeadingLevel::try_from(target).unwrap_or(HeadingLevel::H6)
    };
    let note = |label: &str, ctx: &Option<BodyContext<'_>>| -> CowStr<'static> {
        let section = ctx.as_ref().map_or("", |c| c.section_id);
        CowStr::from(format!("{section}__fn-{}", slug(label)))
    };
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    // The ids this body's own headings and notes get; ids written in raw
    // HTML must not repeat any id of the page.
    let mut ours: Vec<(String, String)> = Vec::new();
    let mut claims = Claims::new();
    claims.settled = ctx.is_some();
    let mut i = 0;
    while i < events.len() {
        let event = events[i].clone();
        i += 1;
        let mapped = match event {
            // Only the id of `{#id .class key=value}` is kept: classes and
            // attributes (`{onclick=...}`) would reach the page unsanitized.
            Event::Start(Tag::Heading { level, id, .. }) => {
                let id = ctx.as_mut().map(|c| {
                    let wanted = match &id {
                        Some(explicit) => explicit.to_string(),
                        None => slug(&heading_text(&events[i..])),
                    };
                    let id = c.ids.claim(&wanted);
                    claims.settled &= id == wanted;
                    claims.ids.push(id.clone());
                    ours.push((format!("h{}", rebase(level) as usize), id.clone()));
                    CowStr::from(id)
                });
                Event::Start(Tag::Heading {
                    level: rebase(level),
                    id,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                })
            }
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(rebase(level))),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }),
            Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
            Event::FootnoteReference(label) => Event::FootnoteReference(note(&label, &ctx)),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let label = note(&label, &ctx);
                ours.push(("div".to_owned(), label.to_string()));
                Event::Start(Tag::FootnoteDefinition(label))
            }
            // `<a name>` is obsolete in HTML5; `id` does the same.
            Event::Html(html) => Event::Html(anchor_ids(html)),
            Event::InlineHtml(html) => Event::InlineHtml(anchor_ids(html)),
            other => other,
        };
        out.push(mapped);
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    if out.iter().any(needs_sanitizer) {
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
        return match ctx {
            Some(ctx) => (sanitize_on_page(&html, ctx.ids, &ours, &mut claims), claims),
            None => (sanitize(&html), claims),
        };
    }
    // Without raw HTML and with only plainly safe link targets, the Markdown
    // writer's own escaping makes the HTML safe: the sanitizer would change
    // nothing but the links' `rel`, which is written here.
    let events = out.into_iter().map(|event| match event {
        Event::Start(Tag::Link {
            dest_url, title, ..
        }) => {
            let mut tag = String::from("<a href=\"");
            let _ = pulldown_cmark_escape::escape_href(&mut tag, &dest_url);
            tag.push('"');
            if !title.is_empty() {
                tag.push_str(" title=\"");
                let _ = pulldown_cmark_escape::escape_html(&mut tag, &title);
                tag.push('"');
            }
            tag.push_str(" rel=\"noopener noreferrer\">");
            Event::InlineHtml(CowStr::from(tag))
        }
        Event::End(TagEnd::Link) => Event::InlineHtml(CowStr::from("</a>")),
        other => other,
    });
    pulldown_cmark::html::push_html(&mut html, events);
    (html, claims)
}

/// Raw HTML with `<a name=` written as `<a id=`.
fn anchor_ids(html: CowStr<'_>) -> CowStr<'_> {
    if html.contains("<a name=") {
        CowStr::from(html.replace("<a name=", "<a id="))
    } else {
        html
    }
}

/// Whether an event needs the HTML sanitizer: raw HTML, or a link whose
/// target is not plainly safe (a relative address, `#anchor`, `http`,
/// `https`, `mailto` or `tel`).
fn needs_sanitizer(event: &Event<'_>) -> bool {
    match event {
        Event::Html(_) | Event::InlineHtml(_) => true,
        Event::Start(Tag::Link { dest_url, .. }) => !plainly_safe_url(dest_url),
        _ => false,
    }
}

fn plainly_safe_url(url: &str) -> bool {
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    let scheme_end = lower.find([':', '/', '?', '#']);
    match scheme_end {
        // No scheme: a relative address.
        None => true,
        Some(i) if !lower[i..].starts_with(':') => true,
        Some(i) => matches!(&lower[..i], "http" | "https" | "mailto" | "tel"),
    }
}

/// The text of a heading, from the events that follow its start.
fn heading_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
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

/// What a body points at and defines, for the link checks.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct References {
    /// The anchors of the body's headings.
    pub heading_anchors: Vec<String>,
    /// `id` and `name` values written in raw HTML.
    pub html_anchors: Vec<String>,
    /// In-page links (`#x`), without the `#`.
    pub fragment_links: Vec<String>,
    /// Links that start with a single `/`: they depend on where the site is
    /// published.
    pub root_relative_links: Vec<String>,
    /// The first piece of Liquid (`{{ x }}`, `{% x %}`) or kramdown
    /// (`{: #id}`) markup in the text, outside code: texts moved from Jekyll
    /// sites keep it, and readers would see it as written.
    pub foreign_markup: Option<String>,
}

/// Finds what a body defines and links to. Raw HTML is scanned for
/// `id`/`name`/`href` with a plain text search: this feeds the warnings of
/// `check` only, never the output, which ammonia sanitizes.
pub fn references(markdown: &str) -> References {
    let mut found = References::default();
    let link = |target: &str, found: &mut References| {
        if let Some(fragment) = target.strip_prefix('#') {
            found.fragment_links.push(fragment.to_owned());
        } else if target.starts_with('/') && !target.starts_with("//") {
            found.root_relative_links.push(target.to_owned());
        }
    };
    let events: Vec<Event<'_>> =
        Parser::new_ext(markdown, options() | Options::ENABLE_HEADING_ATTRIBUTES).collect();
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                found.heading_anchors.push(id.as_ref().map_or_else(
                    || slug(&heading_text(&events[i + 1..])),
                    |id| id.to_string(),
                ));
            }
            Event::Start(Tag::Link { dest_url, .. }) => link(dest_url, &mut found),
            Event::Text(text) if found.foreign_markup.is_none() => {
                found.foreign_markup = foreign_markup(text).map(str::to_owned);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for attribute in ["id=\"", "name=\"", "href=\""] {
                    let mut rest: &str = html;
                    while let Some(i) = rest.find(attribute) {
                        rest = &rest[i + attribute.len()..];
                        let value = rest.split('"').next().unwrap_or_default();
                        if attribute.starts_with("href") {
                            link(value, &mut found);
                        } else {
                            found.html_anchors.push(value.to_owned());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// The first Liquid or kramdown markup in `text`, if any.
fn foreign_markup(text: &str) -> Option<&str> {
    ["{{", "{%", "{:"].iter().find_map(|open| {
        let start = text.find(open)?;
        let close = if *open == "{{" { "}}" } else { "}" };
        let end = text[start..].find(close)? + start + close.len();
        Some(&text[start..end]).filter(|markup| markup.len() <= 80)
    })
}

/// Cleans HTML with the allow-list used for all policy text.
pub fn sanitize(html: &str) -> String {
    static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(cleaner);
    CLEANER.clean(html).to_string()
}

/// Cleans a body's HTML like [`sanitize`], and drops each `id` written in raw
/// HTML that another element of the page already has, so the page stays
/// valid and every `#link` has one target. `ours` are the elements and ids
/// the body's headings and notes were given, each kept once. The raw ids
/// kept, and any dropped, go into `claims`.
fn sanitize_on_page(
    html: &str,
    ids: &mut PageIds,
    ours: &[(String, String)],
    claims: &mut Claims,
) -> String {
    let page = Arc::new(Mutex::new((
        std::mem::take(&mut ids.used),
        std::mem::replace(claims, Claims::new()),
    )));
    let ours = Arc::new(Mutex::new(ours.to_vec()));
    let mut builder = cleaner();
    let shared = Arc::clone(&page);
    builder.attribute_filter(move |element, attribute, value| {
        if attribute != "id" {
            return Some(value.into());
        }
        let mut ours = ours.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(at) = ours.iter().position(|(e, id)| e == element && id == value) {
            ours.swap_remove(at);
            return Some(value.into());
        }
        let mut page = shared.lock().unwrap_or_else(PoisonError::into_inner);
        let (used, claims) = &mut *page;
        if used.insert(value.to_owned()) {
            claims.ids.push(value.to_owned());
            Some(value.into())
        } else {
            claims.settled = false;
            None
        }
    });
    let clean = builder.clean(html).to_string();
    drop(builder);
    (ids.used, *claims) = unshare(page);
    clean
}

/// The value the cleaner's filter shared (dropped with the cleaner).
fn unshare<T: Clone>(shared: Arc<Mutex<T>>) -> T {
    match Arc::try_unwrap(shared) {
        Ok(inner) => inner.into_inner().unwrap_or_else(PoisonError::into_inner),
        Err(shared) => shared
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone(),
    }
}

/// The allow-list for policy text.
fn cleaner() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(["http", "https", "mailto", "tel"].into())
        .link_rel(Some("noopener noreferrer"))
        .rm_tags(["img", "map", "area"])
        .add_tag_attributes("a", ["id"])
        .add_tag_attributes("span", ["id"])
        .add_tag_attributes("p", ["id"])
        .add_tag_attributes("li", ["id"])
        .add_tag_attributes("td", ["id", "style"])
        .add_tag_attributes("th", ["id", "style", "scope"])
        .add_tag_attributes("table", ["id"])
        .add_tag_attributes("div", ["id"])
        .add_tag_attributes("sup", ["id"])
        .add_tag_attributes("h1", ["id"])
        .add_tag_attributes("h2", ["id"])
        .add_tag_attributes("h3", ["id"])
        .add_tag_attributes("h4", ["id"])
        .add_tag_attributes("h5", ["id"])
        .add_tag_attributes("h6", ["id"])
        .add_allowed_classes("div", ["footnote-definition"])
        .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
        .filter_style_properties(["text-align"].into());
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders a body of a top-level section `s` on a page whose only taken id is `s`.
    fn body(markdown: &str) -> String {
        let mut ids = PageIds::new(["s"]);
        to_html(
            markdown,
            BodyContext {
                section_id: "s",
                section_level: 2,
                ids: &mut ids,
            },
        )
    }

    #[test]
    fn renders_commonmark_and_tables() {
        let html = body("Some *text*.\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n");
        assert!(html.contains("<em>text</em>"), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(
            html.contains("text-align: center") || html.contains("text-align:center"),
            "{html}"
        );
    }

    #[test]
    fn body_headings_nest_under_the_section_and_get_ids() {
        assert_eq!(body("# Note"), "<h3 id=\"note\">Note</h3>\n");
        // Whatever level the body starts at, it starts one below the section.
        assert_eq!(
            body("#### Registration information\n\n##### Details"),
            "<h3 id=\"registration-information\">Registration information</h3>\n<h4 id=\"details\">Details</h4>\n"
        );
        let mut ids = PageIds::new(["s"]);
        let deep = to_html(
            "# A",
            BodyContext {
                section_id: "s",
                section_level: 6,
                ids: &mut ids,
            },
        );
        assert_eq!(deep, "<h6 id=\"a\">A</h6>\n");
    }

    #[test]
    fn heading_ids_are_unique_on_the_page() {
        let mut ids = PageIds::new(["cookies"]);
        let html = to_html(
            "## Cookies\n\n## Cookies\n\n## Why? {#why}",
            BodyContext {
                section_id: "s",
                section_level: 2,
                ids: &mut ids,
            },
        );
        assert!(
            html.contains("id=\"cookies-2\"")
                && html.contains("id=\"cookies-3\"")
                && html.contains("id=\"why\""),
            "{html}"
        );
    }

    /// Renders `bodies` (section id, heading level, text) in order on a
    /// page whose taken ids are `taken`, through `kept` or without it; the
    /// HTML of each and the ids the page has at the end.
    fn page(
        kept: Option<&Bodies>,
        taken: &[&str],
        bodies: &[(&str, usize, &str)],
    ) -> (Vec<String>, Vec<String>) {
        let mut ids = PageIds::new(taken.iter().copied());
        let html = bodies
            .iter()
            .map(|(section_id, section_level, text)| {
                let ctx = BodyContext {
                    section_id,
                    section_level: *section_level,
                    ids: &mut ids,
                };
                match kept {
                    Some(kept) => kept.to_html(text, ctx),
                    None => to_html(text, ctx),
                }
            })
            .collect();
        let mut used: Vec<String> = ids.used.into_iter().collect();
        used.sort();
        (html, used)
    }

    #[test]
    fn a_kept_body_is_used_only_where_its_ids_are_free() {
        let kept = Bodies::default();
        let text = "## Cookies\n\nWe use <span id=\"jar\">jars</span>.";
        let first = page(Some(&kept), &["s"], &[("s", 2, text)]);
        assert_eq!(first, page(None, &["s"], &[("s", 2, text)]));
        assert!(first.0[0].contains("id=\"cookies\"") && first.0[0].contains("id=\"jar\""));
        // The same page again: the kept HTML, the same ids claimed.
        assert_eq!(page(Some(&kept), &["s"], &[("s", 2, text)]), first);
        // A page where the heading's id is taken: rendered again, suffixed.
        let taken = page(Some(&kept), &["s", "cookies"], &[("s", 2, text)]);
        assert_eq!(taken, page(None, &["s", "cookies"], &[("s", 2, text)]));
        assert!(taken.0[0].contains("id=\"cookies-2\""), "{:?}", taken.0);
        // Where the raw id is taken: dropped, as without the memo.
        let raw = page(Some(&kept), &["s", "jar"], &[("s", 2, text)]);
        assert_eq!(raw, page(None, &["s", "jar"], &[("s", 2, text)]));
        assert!(!raw.0[0].contains("id=\"jar\""), "{:?}", raw.0);
        // Another section or level is another rendering.
        let other = page(Some(&kept), &["t"], &[("t", 3, text)]);
        assert_eq!(other, page(None, &["t"], &[("t", 3, text)]));
        assert!(other.0[0].contains("<h4"), "{:?}", other.0);
    }

    proptest::proptest! {
        #[test]
        fn kept_bodies_render_as_rendering_again_would(
            pages in proptest::collection::vec(
                (
                    proptest::sample::subsequence(vec!["s", "t", "a", "a-2", "b", "x"], 0..4),
                    proptest::collection::vec(
                        (
                            proptest::sample::select(vec!["s", "t"]),
                            2usize..5,
                            proptest::collection::vec(
                                proptest::sample::select(vec![
                                    "# A", "## A", "# B {#b}", "# x", "Text.",
                                    "<p id=\"x\">raw</p>", "<span id=\"a\">r</span>",
                                    "A note.[^1]\n\n[^1]: The note.", "[link](#a)",
                                    "<a name=\"b\">old</a>", "- item",
                                ]),
                                1..4,
                            ),
                        ),
                        1..4,
                    ),
                ),
                1..6,
            )
        ) {
            let kept = Bodies::default();
            for (taken, sections) in &pages {
                let texts: Vec<String> = sections.iter().map(|(_, _, parts)| parts.join("\n\n")).collect();
                let bodies: Vec<(&str, usize, &str)> = sections
                    .iter()
                    .zip(&texts)
                    .map(|((id, level, _), text)| (*id, *level, text.as_str()))
                    .collect();
                proptest::prop_assert_eq!(
                    page(Some(&kept), taken, &bodies),
                    page(None, taken, &bodies)
                );
            }
        }
    }

    #[test]
    fn repeated_headings_take_the_next_free_suffix() {
        // `-3` is taken by the page, `a-4` claimed on its own (an explicit
        // `{#a-4}`): the repeated heading skips both and never repeats one.
        let mut ids = PageIds::new(["a", "a-3"]);
        let mut got = vec![ids.claim("a"), ids.claim("a-4")];
        got.extend((0..4).map(|_| ids.claim("a")));
        assert_eq!(got, ["a-2", "a-4", "a-5", "a-6", "a-7", "a-8"]);
        assert_eq!(ids.claim("a-2"), "a-2-2");
        assert_eq!(ids.claim(""), "section");
        assert_eq!(ids.claim(""), "section-2");
        // Many identical headings: each gets its own id, in order.
        let mut ids = PageIds::new(["same"]);
        let claimed: Vec<String> = (0..8_000).map(|_| ids.claim("same")).collect();
        assert_eq!(claimed[0], "same-2");
        assert_eq!(claimed[7_999], "same-8001");
        assert_eq!(claimed.iter().collect::<HashSet<_>>().len(), 8_000);
    }

    #[test]
    fn slugs_keep_letters_of_any_script() {
        assert_eq!(
            slug("What are your cookie choices and controls?"),
            "what-are-your-cookie-choices-and-controls"
        );
        assert_eq!(slug("GitHub's practices"), "githubs-practices");
        assert_eq!(slug("Données personnelles"), "données-personnelles");
        assert_eq!(slug("个人信息"), "个人信息");
    }

    #[test]
    fn images_become_links_with_their_alternative_text() {
        let html = body("![GitHub logo](https://example.com/logo.png)");
        assert_eq!(
            html,
            "<p><a href=\"https://example.com/logo.png\" rel=\"noopener noreferrer\">GitHub logo</a></p>\n"
        );
    }

    #[test]
    fn footnotes_are_named_after_their_section() {
        let html = body("Text.[^1]\n\n[^1]: The note.");
        assert!(html.contains("href=\"#s__fn-1\""), "{html}");
        assert!(html.contains("id=\"s__fn-1\""), "{html}");
        assert!(html.contains("class=\"footnote-reference\""), "{html}");
    }

    #[test]
    fn summaries_take_no_ids() {
        assert_eq!(summary_to_html("# Changed"), "<h3>Changed</h3>\n");
    }

    #[test]
    fn removes_scripts_handlers_and_dangerous_urls() {
        let html = body(
            "<script>alert(1)</script>\n\n<a href=\"javascript:alert(1)\" onclick=\"x()\">x</a> \
             <img src=x onerror=alert(1)> [y](data:text/html;base64,PHNjcmlwdD4=) \
             <iframe src=\"https://evil.example\"></iframe><form><input></form>",
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
        let html = body("<table><tr><td><a id=\"retention\"></a>Logs</td></tr></table>");
        assert!(html.contains("id=\"retention\""), "{html}");
    }

    #[test]
    fn dangerous_markdown_links_never_survive() {
        for body_text in [
            "[x](javascript:alert(1))",
            "[x](JAVASCRIPT:alert(1))",
            "[x](<java\tscript:alert(1)>)",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "[x](vbscript:msgbox)",
            "![x](javascript:alert(1))",
            "<https://ok.example> [x](javascript:alert(1))",
        ] {
            let html = body(body_text);
            // Resolve every link as a browser would, against the page's address.
            let base = url::Url::parse("https://policies.example/p/en/").unwrap();
            for href in html
                .split("href=\"")
                .skip(1)
                .map(|rest| &rest[..rest.find('"').unwrap()])
            {
                let href = href.replace("&amp;", "&");
                let scheme = base
                    .join(&href)
                    .map(|u| u.scheme().to_owned())
                    .unwrap_or_default();
                assert!(
                    matches!(scheme.as_str(), "http" | "https" | "mailto"),
                    "{body_text}: {html}"
                );
            }
        }
    }

    #[test]
    fn safe_links_are_written_with_a_rel_and_escaped() {
        let html =
            body("[a](https://x.org/?q=\"x\"&y \"T<i>\") [b](#sec) [c](../p/) [d](mailto:a@b.org)");
        assert!(html.contains("<a href=\"https://x.org/?q=%22x%22&amp;y\" title=\"T&lt;i&gt;\" rel=\"noopener noreferrer\">a</a>"), "{html}");
        assert!(
            html.contains("<a href=\"#sec\" rel=\"noopener noreferrer\">b</a>"),
            "{html}"
        );
        assert!(html.contains("href=\"../p/\""), "{html}");
        assert!(html.contains("href=\"mailto:a@b.org\""), "{html}");
    }

    #[test]
    fn links_get_a_safe_rel() {
        let html = body("[site](https://example.com)");
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            to_plain_text("We now keep **logs** for\n[90 days](#logs).\n\n- a\n- b"),
            "We now keep logs for 90 days. a b"
        );
    }

    #[test]
    fn raw_html_ids_never_repeat_an_id_of_the_page() {
        let mut ids = PageIds::new(["cookies", "s"]);
        let html = to_html(
            "## Retention\n\n<span id=\"cookies\">a</span> <span id=\"retention\">b</span> <span id=\"kept\">c</span> <span id=\"kept\">d</span>",
            BodyContext {
                section_id: "s",
                section_level: 2,
                ids: &mut ids,
            },
        );
        assert!(html.contains("<h3 id=\"retention\">"), "{html}");
        assert!(
            html.contains(
                "<span>a</span> <span>b</span> <span id=\"kept\">c</span> <span>d</span>"
            ),
            "{html}"
        );
        assert_eq!(
            ids.claim("kept"),
            "kept-2",
            "the kept id is claimed on the page"
        );
    }

    #[test]
    fn obsolete_anchor_names_become_ids() {
        let html = body("<table><tr><td><a name=\"retention\"></a>90 days</td></tr></table>");
        assert!(html.contains("<a id=\"retention\""), "{html}");
        assert!(!html.contains("name="), "{html}");
    }

    #[test]
    fn heading_attributes_other_than_the_id_are_dropped() {
        // Found by the markdown fuzz target (fuzz/regressions/markdown/).
        assert_eq!(
            body("# Title {#t .big onclick=alert(1) style=color:red}"),
            "<h3 id=\"t\">Title</h3>\n"
        );
        assert_eq!(body("# {on}"), "<h3 id=\"section\"></h3>\n");
    }
}
