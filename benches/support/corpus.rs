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
    /// index.
    pub(crate) fn pages(&self) -> usize {
        let per_locale = self.versions + self.versions.saturating_sub(1) + 3;
        self.policies * (self.locales * per_locale + 1) + 1
    }
}

const LOCALES: [&str; 10] = [
    "en", "fr", "de", "es", "ar", "pt-BR", "it", "nl", "ja", "pl",
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
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{{{ .Title }}}}</title>\
             <link rel=\"canonical\" href=\"{{{{ .Permalink }}}}\"></head><body><header>{{{{ site.Title }}}}</header>{main}</body></html>\n"
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
                let mut page = format!("---\ntitle: \"Policy {p} ({locale}) v{v}\"\n---\n\n");
                for s in 0..shape.sections {
                    let source = l > 0 && s % 3 == 2;
                    let seed = p * 31 + s + if source { 0 } else { l };
                    let _ = writeln!(page, "## Section {s} {{#s{s}}}\n");
                    paragraphs(&mut page, seed, 3, "", &edits(shape, v, s));
                    for sub in 0..2 {
                        let _ = writeln!(page, "### Part {s}.{sub} {{#s{s}-{sub}}}\n");
                        paragraphs(&mut page, p + s * 3 + sub, 2, "", &[]);
                        page.push_str(
                            "- first item of the list;\n- second item, with [a link](#s0).\n\n",
                        );
                    }
                }
                fs::write(dir.join(format!("v{v:03}.md")), page).unwrap();
                pages += 1;
            }
        }
    }
    pages
}
