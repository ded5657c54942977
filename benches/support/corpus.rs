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
    /// version in every locale, plus per locale the current and versions
    /// pages, plus per policy its home, plus the site index.
    pub(crate) fn pages(&self) -> usize {
        self.policies * (self.locales * (self.versions + 2) + 1) + 1
    }
}

const LOCALES: [&str; 6] = ["en", "fr", "de", "es", "ar", "pt-BR"];

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
        paragraphs(&mut out, p * 31 + v * 7 + s + locale, 3, "      ");
        writeln!(out, "    sections:").unwrap();
        for sub in 0..2 {
            writeln!(
                out,
                "      - id: s{s}-{sub}\n        title: Part {s}.{sub}\n        body: |"
            )
            .unwrap();
            paragraphs(&mut out, p + v + s * 3 + sub, 2, "          ");
            writeln!(
                out,
                "          - first item of the list;\n          - second item, with [a link](#s0)."
            )
            .unwrap();
        }
    }
    out
}

fn paragraphs(out: &mut String, seed: usize, count: usize, indent: &str) {
    let mut x = seed as u64 * 2_654_435_761 + 1;
    for _ in 0..count {
        out.push_str(indent);
        for w in 0..60 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let word = WORDS[(x >> 33) as usize % WORDS.len()];
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
