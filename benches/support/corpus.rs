//! A generated corpus for benchmarks: many policies, each with many versions
//! in several locales, with realistic section sizes. Deterministic: the same
//! parameters always write the same files.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// The shape of a generated corpus.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shape {
    /// Number of policies.
    pub(crate) policies: usize,
    /// Versions per policy.
    pub(crate) versions: usize,
    /// Locales per policy (the first is the source locale).
    pub(crate) locales: usize,
    /// Top-level sections per version (each with two subsections).
    pub(crate) sections: usize,
}

impl Shape {
    /// How many HTML pages `privsite build` makes for this shape: every
    /// version in every locale, a change page for every version but the
    /// first, plus per locale the current and versions pages and the
    /// homepage-notice fragment, plus per policy its home, plus the site
    /// index. (`write` writes no more locales than it has names for.)
    pub(crate) fn pages(&self) -> usize {
        let per_locale = self.versions + self.versions.saturating_sub(1) + 3;
        let locales = self.locales.min(LOCALES.len());
        self.policies * (locales * per_locale + 1) + 1
    }
}

/// The locales a corpus takes, in order (the first is the source). Twenty,
/// for the largest corpus of issue 17; a shape with fewer takes the first.
const LOCALES: [&str; 20] = [
    "en", "fr", "de", "es", "ar", "pt-BR", "it", "nl", "ja", "pl", "sv", "da", "fi", "nb", "cs",
    "hu", "tr", "el", "he", "ko",
];

const WORDS: [&str; 24] = [
    "information",
    "personal",
    "we",
    "collect",
    "your",
    "data",
    "may",
    "share",
    "with",
    "service",
    "providers",
    "to",
    "improve",
    "our",
    "services",
    "and",
    "you",
    "can",
    "request",
    "access",
    "deletion",
    "of",
    "records",
    "when",
];

/// Writes the corpus under `root` (which gets `policies/`).
pub(crate) fn write(root: &Path, shape: Shape) {
    let policies = root.join("policies");
    fs::create_dir_all(&policies).unwrap();
    let mut site =
        String::from("title: Benchmark Legal\nbase_url: https://bench.example.com/\nlocales:\n");
    for locale in LOCALES.iter().take(shape.locales) {
        writeln!(site, "  {locale}: {locale}").unwrap();
    }
    fs::write(policies.join("site.yaml"), site).unwrap();
    for p in 0..shape.policies {
        let dir = policies.join(format!("policy-{p:03}"));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("policy.yaml"),
            format!("title: Policy {p}\nowner: Owner {p} Inc.\n"),
        )
        .unwrap();
        for v in 0..shape.versions {
            let version = dir.join(format!("v{v:03}"));
            fs::create_dir_all(&version).unwrap();
            for (l, locale) in LOCALES.iter().take(shape.locales).enumerate() {
                let text = version_text(shape, p, v, l);
                fs::write(version.join(format!("{locale}.yaml")), text).unwrap();
            }
        }
    }
}

fn version_text(shape: Shape, p: usize, v: usize, locale: usize) -> String {
    let mut out = String::new();
    if locale == 0 {
        let year = 2000 + v / 12;
        let month = v % 12 + 1;
        writeln!(out, "effective: {year:04}-{month:02}-01").unwrap();
        writeln!(
            out,
            "change:\n  summary: Version {v} of policy {p} clarifies section {}.",
            v % shape.sections
        )
        .unwrap();
    } else {
        writeln!(out, "title: Policy {p} ({locale})").unwrap();
    }
    out.push_str("sections:\n");
    for s in 0..shape.sections {
        // Translations leave one section in three untranslated.
        if locale > 0 && s % 3 == 2 {
            continue;
        }
        writeln!(out, "  - id: s{s}\n    title: Section {s}\n    body: |").unwrap();
        paragraphs(
            &mut out,
            p * 31 + s + locale,
            3,
            "      ",
            &edits(shape, v, s),
        );
        writeln!(out, "    sections:").unwrap();
        for sub in 0..2 {
            writeln!(
                out,
                "      - id: s{s}-{sub}\n        title: Part {s}.{sub}\n        body: |"
            )
            .unwrap();
            paragraphs(&mut out, p + s * 3 + sub, 2, "          ", &[]);
            writeln!(
                out,
                "          - first item of the list;\n          - second item, with [a link](#s0)."
            )
            .unwrap();
        }
    }
    out
}

/// The edits version `v` has made to section `s` so far: each version since
/// the first replaced one word of one section, as real policy versions edit
/// a little at a time. `(paragraph, word index, replacement)`.
fn edits(shape: Shape, v: usize, s: usize) -> Vec<(usize, usize, String)> {
    (1..=v)
        .filter(|k| k % shape.sections == s)
        .map(|k| (0, (k * 7) % 60, format!("revised{k}")))
        .collect()
}

fn paragraphs(
    out: &mut String,
    seed: usize,
    count: usize,
    indent: &str,
    edits: &[(usize, usize, String)],
) {
    let mut x = seed as u64 * 2_654_435_761 + 1;
    for para in 0..count {
        out.push_str(indent);
        for w in 0..60 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let edited = edits.iter().rev().find(|(p, i, _)| *p == para && *i == w);
            let word = match edited {
                Some((_, _, replacement)) => replacement.as_str(),
                None => WORDS[(x >> 33) as usize % WORDS.len()],
            };
            if w % 17 == 16 {
                out.push_str("**");
                out.push_str(word);
                out.push_str("** ");
            } else {
                out.push_str(word);
                out.push(' ');
            }
        }
        out.push_str("end.\n\n");
    }
}

/// The Markdown text of version `v` of policy `p` in locale `l` (an index in
/// `LOCALES`) for the peers' sites: the same texts as the privsite corpus,
/// with the sections a translation leaves untranslated filled with the source
/// text, as privsite shows them, and `{#id}` heading anchors (which Hugo and
/// Zola both read).
fn markdown_body(shape: Shape, p: usize, l: usize, v: usize) -> String {
    let mut page = String::new();
    for s in 0..shape.sections {
        let source = l > 0 && s % 3 == 2;
        let seed = p * 31 + s + if source { 0 } else { l };
        let _ = writeln!(page, "## Section {s} {{#s{s}}}\n");
        paragraphs(&mut page, seed, 3, "", &edits(shape, v, s));
        for sub in 0..2 {
            let _ = writeln!(page, "### Part {s}.{sub} {{#s{s}-{sub}}}\n");
            paragraphs(&mut page, p + s * 3 + sub, 2, "", &[]);
            page.push_str("- first item of the list;\n- second item, with [a link](#s0).\n\n");
        }
    }
    page
}

/// One page of the peers' HTML themes: `lang`, `title`, `permalink` and
/// `site_title` are the template engine's expressions for them, `main` the
/// page's content (templates too).
fn html_frame(lang: &str, title: &str, permalink: &str, site_title: &str, main: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <link rel=\"canonical\" href=\"{permalink}\"></head><body><header>{site_title}</header>{main}</body></html>\n"
    )
}

/// Writes the same content as a Hugo site under `root`: one Markdown page per
/// version and locale (untranslated sections filled with the source text, as
/// privsite shows them), plus a minimal theme with a table of contents.
/// Returns the number of content pages.
#[allow(dead_code)]
pub(crate) fn write_hugo(root: &Path, shape: Shape) -> usize {
    let layouts = root.join("layouts/_default");
    fs::create_dir_all(&layouts).unwrap();
    fs::write(
        root.join("hugo.toml"),
        "baseURL = 'https://bench.example.com/'\ntitle = 'Benchmark Legal'\ndisableKinds = ['taxonomy', 'term', 'RSS']\n[markup.tableOfContents]\nstartLevel = 2\nendLevel = 4\n",
    )
    .unwrap();
    let frame = |main: &str| {
        html_frame(
            "en",
            "{{ .Title }}",
            "{{ .Permalink }}",
            "{{ site.Title }}",
            main,
        )
    };
    fs::write(
        layouts.join("single.html"),
        frame("<nav>{{ .TableOfContents }}</nav><main><h1>{{ .Title }}</h1>{{ .Content }}</main>"),
    )
    .unwrap();
    fs::write(
        layouts.join("list.html"),
        frame("<main><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></main>"),
    )
    .unwrap();
    let mut pages = 0;
    for p in 0..shape.policies {
        for (l, locale) in LOCALES.iter().take(shape.locales).enumerate() {
            let dir = root.join(format!("content/policy-{p:03}/{}", locale.to_lowercase()));
            fs::create_dir_all(&dir).unwrap();
            for v in 0..shape.versions {
                let page = format!(
                    "---\ntitle: \"Policy {p} ({locale}) v{v}\"\n---\n\n{}",
                    markdown_body(shape, p, l, v)
                );
                fs::write(dir.join(format!("v{v:03}.md")), page).unwrap();
                pages += 1;
            }
        }
    }
    pages
}

/// Writes the same content as a multilingual Zola site under `root`: the
/// locales as Zola languages (the first the default), per policy a section
/// (`_index.md`, `_index.fr.md`, …) and one page per version and locale
/// (`v003.md`, `v003.fr.md`, …) with the texts of [`write_hugo`], and
/// templates like Hugo's theme (`page.html` with the table of contents from
/// `page.toc`). Returns the number of content pages.
#[allow(dead_code)]
pub(crate) fn write_zola(root: &Path, shape: Shape) -> usize {
    let templates = root.join("templates");
    fs::create_dir_all(&templates).unwrap();
    // As many as `write` takes (it has no more than `LOCALES`).
    let locales = &LOCALES[..shape.locales.min(LOCALES.len())];
    let mut config = format!(
        "base_url = \"https://bench.example.com/\"\ntitle = \"Benchmark Legal\"\ndefault_language = \"{}\"\ncompile_sass = false\nbuild_search_index = false\ngenerate_feeds = false\n",
        locales[0]
    );
    for locale in &locales[1..] {
        let _ = write!(
            config,
            "\n[languages.{locale}]\ntitle = \"Benchmark Legal\"\n"
        );
    }
    fs::write(root.join("config.toml"), config).unwrap();
    let frame = |what: &str, main: &str| {
        html_frame(
            "{{ lang }}",
            &format!("{{{{ {what}.title }}}}"),
            &format!("{{{{ {what}.permalink | safe }}}}"),
            "{{ config.title }}",
            main,
        )
    };
    // `<li><a href="{{ p.path | safe }}">{{ p.title }}</a>`
    let link =
        |item: &str, href: &str| format!("<li><a href=\"{href}\">{{{{ {item}.title }}}}</a>");
    let toc = format!(
        "<nav><ul>{{% for h in page.toc %}}{}{{% if h.children %}}<ul>{{% for c in h.children %}}{}</li>{{% endfor %}}</ul>{{% endif %}}</li>{{% endfor %}}</ul></nav>",
        link("h", "#{{ h.id }}"),
        link("c", "#{{ c.id }}"),
    );
    fs::write(
        templates.join("page.html"),
        frame(
            "page",
            &format!(
                "{toc}<main><h1>{{{{ page.title }}}}</h1>{{{{ page.content | safe }}}}</main>"
            ),
        ),
    )
    .unwrap();
    fs::write(
        templates.join("section.html"),
        frame(
            "section",
            &format!(
                "<main><h1>{{{{ section.title }}}}</h1><ul>{{% for p in section.pages %}}{}</li>{{% endfor %}}</ul></main>",
                link("p", "{{ p.path | safe }}")
            ),
        ),
    )
    .unwrap();
    fs::write(
        templates.join("index.html"),
        frame(
            "section",
            &format!(
                "<main><h1>{{{{ section.title }}}}</h1><ul>{{% for s in section.subsections %}}{{% set sub = get_section(path=s, metadata_only=true) %}}{}</li>{{% endfor %}}</ul></main>",
                link("sub", "{{ sub.path | safe }}")
            ),
        ),
    )
    .unwrap();
    // `v003.md` in the default language, `v003.fr.md` in the others.
    let file = |stem: &str, l: usize| match l {
        0 => format!("{stem}.md"),
        _ => format!("{stem}.{}.md", locales[l]),
    };
    // A Markdown file with its title (and `more` front matter) in TOML.
    let markdown = |path: &Path, title: &str, more: &str, body: &str| {
        fs::write(path, format!("+++\ntitle = \"{title}\"\n{more}+++\n{body}")).unwrap();
    };
    let content = root.join("content");
    fs::create_dir_all(&content).unwrap();
    for (l, locale) in locales.iter().enumerate() {
        let title = format!("Benchmark Legal ({locale})");
        markdown(&content.join(file("_index", l)), &title, "", "");
    }
    let mut pages = 0;
    for p in 0..shape.policies {
        let dir = content.join(format!("policy-{p:03}"));
        fs::create_dir_all(&dir).unwrap();
        for (l, locale) in locales.iter().enumerate() {
            let title = format!("Policy {p} ({locale})");
            // Listed in order of versions, as Hugo lists them.
            let sorted = "sort_by = \"slug\"\n";
            markdown(&dir.join(file("_index", l)), &title, sorted, "");
            for v in 0..shape.versions {
                let body = format!("\n{}", markdown_body(shape, p, l, v));
                let path = dir.join(file(&format!("v{v:03}"), l));
                markdown(&path, &format!("{title} v{v}"), "", &body);
                pages += 1;
            }
        }
    }
    pages
}
