//! What the pages say, kept from one optimization to the next: every page
//! of the example site and of the feature corpus reduced to its meaning (the
//! text, in order and in its structure, every link's target, every anchor,
//! every language change, insertions and deletions), compared with the
//! outlines in `tests/suite/snapshots/`. Markup that does not change what a
//! reader gets (classes, whitespace, attribute order, how the HTML is
//! produced) is left out, so that a faster way to write the same pages
//! passes and a page that lost or changed a word, a link or a heading does
//! not. A deliberate change of what pages say shows up in review as a diff
//! of the outline.

use std::fmt::Write as _;
use std::path::Path;

use scraper::{ElementRef, Html, Node};
use url::Url;

use crate::support::Project;

/// Elements that hold blocks: each is a line of the outline with what it
/// holds indented below it.
const CONTAINERS: &[&str] = &[
    "header",
    "footer",
    "main",
    "nav",
    "section",
    "article",
    "aside",
    "div",
    "ul",
    "ol",
    "dl",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "blockquote",
    "details",
    "figure",
    "form",
    "li",
    "dd",
];

/// Elements whose content is text: each is one line with its text, inline
/// markup written out.
const BLOCKS: &[&str] = &[
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "dt",
    "th",
    "td",
    "summary",
    "pre",
    "figcaption",
    "caption",
    "label",
];

/// Where the outline puts the output folder, to resolve relative links.
const SITE: &str = "file:///site/";

/// The outline of every HTML page a build of `root` writes, one after the
/// other by path.
fn outlines(root: &Path, today: &str) -> String {
    let project = Project::empty();
    let out = project.path("site");
    project.succeeds(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--today",
        today,
    ]);
    let mut text = String::new();
    for file in project.site_files() {
        if !file.ends_with(".html") {
            continue;
        }
        let html = Html::parse_document(&project.read(&file));
        writeln!(text, "=== {file}").unwrap();
        let page = Url::parse(SITE).unwrap().join(&file).unwrap();
        outline(&html, &page, &mut text);
    }
    text
}

/// The outline of one page: its title, language and alternates, then its
/// body. Links are written by the file they lead to, resolved from `page`,
/// so that two ways of writing a link to the same place read the same.
fn outline(html: &Html, page: &Url, out: &mut String) {
    let root = html.root_element();
    let attr = |name| root.value().attr(name).unwrap_or("");
    writeln!(out, "html lang={} dir={}", attr("lang"), attr("dir")).unwrap();
    for element in root.descendent_elements() {
        let value = element.value();
        match value.name() {
            "title" => writeln!(out, "title: {}", words(&element.text().collect::<String>())),
            "link" => writeln!(
                out,
                "link {} {} -> {}",
                value.attr("rel").unwrap_or(""),
                value.attr("hreflang").unwrap_or(""),
                target(page, value.attr("href").unwrap_or(""))
            ),
            "meta" if value.attr("name").is_some() => writeln!(
                out,
                "meta {} = {}",
                value.attr("name").unwrap_or(""),
                value.attr("content").unwrap_or("")
            ),
            _ => Ok(()),
        }
        .unwrap();
    }
    if let Some(body) = root.child_elements().find(|e| e.value().name() == "body") {
        let mut line = String::new();
        walk(body, page, 0, &mut line, out);
        flush(&mut line, 0, out);
    }
}

/// Writes `element`'s content at `depth`: containers and blocks as lines,
/// inline content into `line`.
fn walk(element: ElementRef<'_>, page: &Url, depth: usize, line: &mut String, out: &mut String) {
    for child in element.children() {
        match child.value() {
            Node::Text(text) => line.push_str(text),
            Node::Element(value) => {
                let Some(child) = ElementRef::wrap(child) else {
                    continue;
                };
                let name = value.name();
                if name == "script" || name == "style" || name == "template" {
                    continue;
                }
                if CONTAINERS.contains(&name) || BLOCKS.contains(&name) {
                    flush(line, depth, out);
                    let mut head = String::from(name);
                    marks(child, &mut head);
                    if CONTAINERS.contains(&name) {
                        writeln!(out, "{}{head}", "  ".repeat(depth)).unwrap();
                        walk(child, page, depth + 1, line, out);
                        flush(line, depth + 1, out);
                    } else {
                        let mut inner = String::new();
                        inline(child, page, &mut inner);
                        writeln!(out, "{}{head}: {}", "  ".repeat(depth), words(&inner)).unwrap();
                    }
                } else {
                    inline_element(child, page, line);
                }
            }
            _ => {}
        }
    }
}

/// The attributes that carry meaning: the anchor, the language and
/// direction of the text, and whether a section is open.
fn marks(element: ElementRef<'_>, out: &mut String) {
    let value = element.value();
    for name in [
        "id", "lang", "dir", "open", "start", "reversed", "colspan", "rowspan",
    ] {
        if let Some(v) = value.attr(name) {
            write!(out, " {name}={v}").unwrap();
        }
    }
}

/// Inline content as text with its meaning written out: links with their
/// targets, insertions and deletions, anchors, language changes, times.
fn inline(element: ElementRef<'_>, page: &Url, out: &mut String) {
    for child in element.children() {
        match child.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(_) => {
                if let Some(child) = ElementRef::wrap(child) {
                    inline_element(child, page, out);
                }
            }
            _ => {}
        }
    }
}

fn inline_element(element: ElementRef<'_>, page: &Url, out: &mut String) {
    let value = element.value();
    let mut attrs = String::new();
    marks(element, &mut attrs);
    match value.name() {
        "script" | "style" | "template" => {}
        "br" => out.push_str(" ⏎ "),
        "img" => write!(out, "[img {}]", value.attr("alt").unwrap_or("")).unwrap(),
        name @ ("a" | "ins" | "del" | "time" | "abbr" | "code" | "strong" | "em" | "b" | "i"
        | "mark" | "sup" | "sub" | "bdi" | "span" | "q" | "s" | "u" | "small" | "kbd") => {
            let target = match name {
                "a" => value
                    .attr("href")
                    .map(|h| format!(" -> {}", target(page, h))),
                "time" => value.attr("datetime").map(|d| format!(" @{d}")),
                "abbr" => value.attr("title").map(|t| format!(" ({t})")),
                _ => None,
            }
            .unwrap_or_default();
            // Spans without meaning of their own are read through.
            if name == "span" && attrs.is_empty() {
                inline(element, page, out);
                return;
            }
            write!(out, "⟨{name}{attrs}{target}|").unwrap();
            inline(element, page, out);
            out.push('⟩');
        }
        name => {
            write!(out, "⟨{name}{attrs}|").unwrap();
            inline(element, page, out);
            out.push('⟩');
        }
    }
}

/// Writes the inline text gathered so far as a line of its own, if any.
fn flush(line: &mut String, depth: usize, out: &mut String) {
    let text = words(line);
    if !text.is_empty() {
        writeln!(out, "{}text: {text}", "  ".repeat(depth)).unwrap();
    }
    line.clear();
}

/// Where `href` on `page` leads: a file of the site by its path from the
/// output folder (`zimbra/fr/index.html#s2`), an anchor of the page itself
/// as written (`#s2`), anything else (`https:`, `mailto:`) as written.
fn target(page: &Url, href: &str) -> String {
    if href.starts_with('#') {
        return href.to_owned();
    }
    match page.join(href) {
        Ok(url) if url.scheme() == "file" => url
            .as_str()
            .strip_prefix(SITE)
            .map_or_else(|| format!("(outside the site) {url}"), str::to_owned),
        _ => href.to_owned(),
    }
}

/// `text` with every run of whitespace made one space, trimmed.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_example_site_says_what_it_said() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    insta::assert_snapshot!("meaning_examples", outlines(repo, "2026-11-23"));
}

#[test]
fn the_feature_corpus_says_what_it_said() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    insta::assert_snapshot!(
        "meaning_features",
        outlines(&repo.join("tests/sites/features"), "2026-11-23")
    );
}

/// The outline sees what a reader would miss: a word, a link's target, an
/// anchor, an insertion; and not what a reader would not (classes,
/// whitespace, attribute order, how a relative link is written).
#[test]
fn an_outline_changes_with_meaning_alone() {
    let page_url = Url::parse(SITE)
        .unwrap()
        .join("p/fr/v1/index.html")
        .unwrap();
    let of = |html: &str| {
        let mut out = String::new();
        outline(&Html::parse_document(html), &page_url, &mut out);
        out
    };
    let page = r##"<html lang="fr"><body><main><section id="a"><h2 class="x">Titre</h2>
        <p>Un <a href="#b">lien</a> et <ins>ajout</ins>, <a href="../../../p/fr/versions/index.html">l’historique</a>.</p></section></main></body></html>"##;
    let same = r##"<html lang="fr"><body><main>
        <section  id="a" class="y"><h2>Titre</h2><p class="z">Un   <a class="q" href="#b">lien</a> et <ins class="w">ajout</ins>, <a href="../versions/index.html">l’historique</a>.</p></section>
        </main></body></html>"##;
    assert_eq!(of(page), of(same));
    assert!(
        of(page).contains("-> p/fr/versions/index.html|"),
        "{}",
        of(page)
    );
    for changed in [
        page.replace("../../../p/fr/versions/", "../../../p/de/versions/"),
        page.replace("../../../p/fr/versions/", "../../p/fr/versions/"),
        page.replace("Un <a", "Une <a"),
        page.replace("#b", "#c"),
        page.replace("id=\"a\"", "id=\"b\""),
        page.replace("<ins>ajout</ins>", "<del>ajout</del>"),
        page.replace("<h2 class=\"x\">Titre</h2>", "<h3>Titre</h3>"),
        page.replace("lang=\"fr\"", "lang=\"de\""),
    ] {
        assert_ne!(of(page), of(&changed), "{changed}");
    }
}
