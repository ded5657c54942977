//! No input makes `build` or `diff` panic: generated projects (random
//! section trees, texts mixing Markdown, raw HTML, Unicode and control
//! characters, translations, dates that may collide) and damaged YAML go
//! through the whole pipeline in memory. Errors are fine; a panic is not,
//! and neither is an output path that leaves the site.

use std::fs;
use std::path::Path;

use privsite::build::Project;
use proptest::prelude::*;

/// Text for titles, summaries and bodies.
fn text() -> impl Strategy<Value = String> {
    pieces(0)
}

/// Text of at least `min` pieces.
fn pieces(min: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(vec![
            "We collect data.",
            "We do **not** sell it.",
            "\n\n## Heading\n\n",
            "\n\n- item\n- item\n\n",
            "| a | b |\n|---|---|\n| 1 | 2 |\n",
            "[link](#intro)",
            "[x](javascript:alert(1))",
            "<script>alert(1)</script>",
            "<table><tr><td><a id=\"t\">cell</a></td></tr></table>",
            "<img src=x onerror=alert(1)>",
            "&amp; &lt; &#0; &#xFFFF;",
            "[^1]\n\n[^1]: A note.",
            "```\ncode\n```",
            "> quote",
            "数据收集",
            "نحن نحترم خصوصيتك",
            "\u{200f}\u{feff}\u{0}",
            "â„¢ Ã©",
            "{{ page.title }}",
            "{% raw %}",
            "\r\n",
            "    indented",
            "*",
            "#",
        ])
        .prop_map(str::to_owned),
        "\\PC{0,40}",
        any::<String>(),
    ];
    prop::collection::vec(piece, min..8).prop_map(|pieces| pieces.concat())
}

/// A section, with subsections down to `depth` levels.
#[derive(Debug, Clone)]
struct Section {
    id: String,
    title: String,
    body: Option<String>,
    material: Option<bool>,
    children: Vec<Section>,
}

fn section(depth: u32) -> BoxedStrategy<Section> {
    let id = prop_oneof![
        prop::sample::select(vec!["intro", "data", "cookies", "logs", "rights", "a"])
            .prop_map(str::to_owned),
        "[a-z0-9][a-z0-9.-]{0,8}",
        "\\PC{0,6}",
    ];
    let leaf = (
        id,
        pieces(1),
        prop::option::of(text()),
        prop::option::of(any::<bool>()),
    );
    if depth == 0 {
        leaf.prop_map(|(id, title, body, material)| Section {
            id,
            title,
            body,
            material,
            children: Vec::new(),
        })
        .boxed()
    } else {
        (leaf, prop::collection::vec(section(depth - 1), 0..3))
            .prop_map(|((id, title, body, material), children)| Section {
                id,
                title,
                body,
                material,
                children,
            })
            .boxed()
    }
}

/// A version: days after the previous one it takes effect, change kind and sections, and
/// the French translation's share of them.
#[derive(Debug, Clone)]
struct Version {
    day: u16,
    kind: Option<&'static str>,
    summary: Option<String>,
    sections: Vec<Section>,
    french: Option<Vec<Section>>,
    valid_ids: bool,
}

fn version() -> impl Strategy<Value = Version> {
    (
        1u16..365,
        prop::option::of(prop::sample::select(vec!["material", "minor"])),
        prop::option::of(text()),
        prop::collection::vec(section(2), 1..5),
        prop::option::of(prop::collection::vec(section(1), 0..4)),
        prop::bool::weighted(0.8),
    )
        .prop_map(
            |(day, kind, summary, sections, french, valid_ids)| Version {
                day,
                kind,
                summary,
                sections,
                french,
                valid_ids,
            },
        )
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// How section ids are written: as generated (often invalid or repeated, to
/// exercise validation), or made valid so that rendering is exercised too.
enum Ids<'a> {
    AsGenerated,
    /// Valid and unique: `used` collects the ids of the source.
    Unique {
        used: &'a mut Vec<String>,
    },
    /// Taken from the source's ids, as a translation must.
    FromSource {
        source: &'a [String],
        next: usize,
    },
}

impl Ids<'_> {
    fn id(&mut self, generated: &str) -> String {
        match self {
            Ids::AsGenerated => generated.to_owned(),
            Ids::Unique { used } => {
                let valid = privsite::model::id_problem(generated).is_none();
                let id = if valid && !used.iter().any(|u| u == generated) {
                    generated.to_owned()
                } else {
                    format!("s{}", used.len())
                };
                used.push(id.clone());
                id
            }
            Ids::FromSource { source, next } => {
                *next += 1;
                source[(*next - 1) % source.len()].clone()
            }
        }
    }
}

fn write_sections(out: &mut String, sections: &[Section], indent: usize, ids: &mut Ids<'_>) {
    let pad = " ".repeat(indent);
    for s in sections {
        out.push_str(&format!("{pad}- id: {}\n", quoted(&ids.id(&s.id))));
        out.push_str(&format!("{pad}  title: {}\n", quoted(&s.title)));
        if let Some(body) = &s.body {
            out.push_str(&format!("{pad}  body: {}\n", quoted(body)));
        }
        if let (Some(material), false) = (s.material, matches!(ids, Ids::FromSource { .. })) {
            out.push_str(&format!("{pad}  material: {material}\n"));
        }
        if !s.children.is_empty() {
            out.push_str(&format!("{pad}  sections:\n"));
            write_sections(out, &s.children, indent + 4, ids);
        }
    }
}

fn write_project(root: &Path, versions: &[Version]) {
    let policies = root.join("policies");
    fs::create_dir_all(policies.join("acme")).unwrap();
    fs::write(
        policies.join("site.yaml"),
        "title: T\nbase_url: https://x.example/\nlocales:\n  en: English\n  fr: Français\n",
    )
    .unwrap();
    fs::write(policies.join("acme/policy.yaml"), "title: P\nowner: O\n").unwrap();
    let mut day = 0;
    for (n, v) in versions.iter().enumerate() {
        let dir = policies.join(format!("acme/v{n}"));
        fs::create_dir_all(&dir).unwrap();
        day += i64::from(v.day);
        let date = jiff::civil::date(2024, 1, 1) + jiff::Span::new().days(day);
        let mut en = format!("effective: {date}\n");
        if v.kind.is_some() || v.summary.is_some() {
            en.push_str("change:\n");
            if let Some(kind) = v.kind {
                en.push_str(&format!("  kind: {kind}\n"));
            }
            if let Some(summary) = &v.summary {
                en.push_str(&format!("  summary: {}\n", quoted(summary)));
            }
        }
        en.push_str("sections:\n");
        let mut used = Vec::new();
        let mut ids = if v.valid_ids {
            Ids::Unique { used: &mut used }
        } else {
            Ids::AsGenerated
        };
        write_sections(&mut en, &v.sections, 2, &mut ids);
        fs::write(dir.join("en.yaml"), en).unwrap();
        if let Some(french) = &v.french {
            let mut fr = String::from("sections:\n");
            let mut ids = if v.valid_ids {
                Ids::FromSource {
                    source: &used,
                    next: 0,
                }
            } else {
                Ids::AsGenerated
            };
            write_sections(&mut fr, french, 2, &mut ids);
            fs::write(dir.join("fr.yaml"), fr).unwrap();
        }
    }
}

/// Loads (which compares every version with the one before it) and renders
/// everything; checks that every output path stays inside the site.
fn build_in_memory(root: &Path) {
    let Ok(project) = Project::load(root) else {
        return;
    };
    for today in [jiff::civil::date(2024, 6, 1), jiff::civil::date(2026, 1, 1)] {
        if let Ok(artifacts) = project.render(today, true) {
            for artifact in artifacts {
                let path = Path::new(&artifact.path);
                assert!(
                    path.is_relative()
                        && path
                            .components()
                            .all(|c| matches!(c, std::path::Component::Normal(_))),
                    "{path:?} leaves the site"
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn no_generated_project_makes_the_build_panic(
        versions in prop::collection::vec(version(), 1..4)
    ) {
        let dir = tempfile::tempdir().unwrap();
        write_project(dir.path(), &versions);
        build_in_memory(dir.path());
    }

    #[test]
    fn no_damage_to_a_good_file_makes_the_build_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<char>()), 1..6)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let version = Version {
            day: 10,
            kind: None,
            summary: Some("We changed **this**.".into()),
            sections: vec![Section {
                id: "intro".into(),
                title: "Intro".into(),
                body: Some("We collect [data](#intro).\n\n| a |\n|---|\n| b |".into()),
                material: None,
                children: Vec::new(),
            }],
            french: None,
            valid_ids: true,
        };
        write_project(dir.path(), &[version.clone(), Version { day: 40, ..version }]);
        let file = dir.path().join("policies/acme/v1/en.yaml");
        let mut text: Vec<char> = fs::read_to_string(&file).unwrap().chars().collect();
        for (at, op, c) in edits {
            let i = at.index(text.len() + 1);
            match op {
                0 => text.insert(i, c),
                1 if i < text.len() => { text.remove(i); }
                _ if i < text.len() => text[i] = c,
                _ => {}
            }
        }
        fs::write(&file, text.into_iter().collect::<String>()).unwrap();
        build_in_memory(dir.path());
    }
}
