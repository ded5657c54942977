//! Generated policy histories, for the tests that hold the parts privsite
//! writes itself to what the built-in templates make of the same values:
//! tables that gain and lose columns, lists that renumber, quotes, code, raw
//! HTML, blocks that move, sections added, removed, kept, nested and
//! renamed, and a partial right-to-left translation that falls behind its
//! original.

use proptest::prelude::*;

use std::path::Path;

use crate::build::Project;
use crate::source::Files;

/// The project in `folder` of the repository (`""`: the example site).
pub(crate) fn site(folder: &str) -> Project {
    let files = Files::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join(folder));
    Project::from_files(&files).expect("the site loads")
}

/// The feature corpus with a theme of its own whose `components.html` is
/// the built-in one with `from` replaced by `to`.
pub(crate) fn features_with_components(from: &str, to: &str) -> Project {
    let mut files =
        Files::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/features"));
    let components = crate::render::builtin::FILES
        .iter()
        .find(|(path, _)| *path == "templates/components.html")
        .map(|(_, bytes)| String::from_utf8(bytes.to_vec()).unwrap())
        .unwrap();
    let own = components.replace(from, to);
    assert_ne!(own, components, "`{from}` is in the built-in components");
    files.write("themes/default/templates/components.html", own);
    Project::from_files(&files).expect("the site loads")
}

/// Blocks of every shape the pages draw.
fn block() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "We keep your **email address** for as long as your account exists.",
        "We keep your email address while your account is open.",
        "Logs are deleted after ninety days.",
        "Logs are deleted after thirty days, or sooner.",
        "- names\n- email addresses\n  - work\n  - private\n- phone numbers",
        "- names\n- postal addresses\n  - work\n- phone numbers",
        "3. Ask us.\n4. Wait for our answer.\n5. Complain to the authority.",
        "3. Ask us.\n4. Complain to the authority.",
        "> We never sell your data.\n>\n> - not to advertisers",
        "> We never sell or rent your data.",
        "| Name | Purpose | Kept |\n| :-- | :-: | --: |\n| `lang` | language | 1 year |\n| `session` | sign-in | 1 day |",
        "| Name | Purpose |\n| :-- | :-: |\n| `lang` | language |\n| `consent` | your choice |",
        "| Name | Kept | Shared with |\n| --- | --- | --- |\n| `lang` | 2 years | nobody |",
        "```\nGET /privacy HTTP/1.1\n```",
        "```\nGET /privacy/ HTTP/2\n```",
        "<p>Raw <b>HTML</b> & an <a href=\"#b\">anchor</a>.</p>",
        "Contact <dpo@example.org> or call +1 555 0100 — \"quotes\" & 'apostrophes' <here>.",
        "Nous conservons vos données pendant « deux ans ».",
        "نحتفظ ببياناتك لمدة عامين.",
        "## A heading in the body\n\nText under it.",
    ])
}

/// One section of a generated version.
#[derive(Clone, Debug)]
struct Section {
    id: &'static str,
    title: &'static str,
    blocks: Vec<&'static str>,
    /// A subsection (`<id>-more`), with its blocks.
    more: Option<Vec<&'static str>>,
}

/// One version's sections: ids from a small set, so that sections are
/// added, removed and kept, and bodies from [`block`], so that blocks move
/// between sections.
fn sections() -> impl Strategy<Value = Vec<Section>> {
    prop::sample::subsequence(vec!["a", "b", "c", "d"], 1..=4).prop_flat_map(|ids| {
        ids.into_iter()
            .map(|id| {
                (
                    prop::sample::select(vec!["Data", "What we keep", "Your rights"]),
                    prop::collection::vec(block(), 0..4),
                    prop::option::of(prop::collection::vec(block(), 1..3)),
                )
                    .prop_map(move |(title, blocks, more)| Section {
                        id,
                        title,
                        blocks,
                        more,
                    })
            })
            .collect::<Vec<_>>()
    })
}

/// A version file with `sections`, each written as YAML; `source` files
/// keep a former id for section `d`.
fn version_file(header: &str, sections: &[&Section], source: bool) -> String {
    let mut text = format!(
        "{header}sections:{}\n",
        if sections.is_empty() { " []" } else { "" }
    );
    let body = |text: &mut String, indent: &str, blocks: &[&str]| {
        // A section without blocks has no body.
        if !blocks.is_empty() {
            text.push_str(&format!("{indent}body: |\n"));
        }
        for line in blocks.join("\n\n").lines() {
            text.push_str(&format!("{indent}  {line}\n"));
        }
    };
    for section in sections {
        text.push_str(&format!(
            "  - id: {}\n    title: \"{}\"\n",
            section.id, section.title
        ));
        if source && section.id == "d" {
            text.push_str("    aliases: [former-d]\n");
        }
        body(&mut text, "    ", &section.blocks);
        if let Some(more) = &section.more {
            text.push_str(&format!(
                "    sections:\n      - id: {}-more\n        title: \"More\"\n",
                section.id
            ));
            body(&mut text, "        ", more);
        }
    }
    text
}

/// A generated history of one policy in English and Arabic, 2 to 3
/// versions. A section a version keeps is the previous version's, word for
/// word (so that runs of unchanged sections come up); a translated section
/// whose translator fell behind keeps the previous version's translation
/// (so that sections go out of date).
pub(crate) fn history() -> impl Strategy<Value = Project> {
    (
        prop::collection::vec(
            (
                sections(),
                prop::collection::vec(any::<bool>(), 4),
                prop::collection::vec(any::<bool>(), 4),
            ),
            2..4,
        ),
        prop::sample::subsequence(vec!["a", "b", "c", "d"], 0..=4),
    )
        .prop_map(|(drafts, translated)| {
            let mut versions: Vec<Vec<Section>> = Vec::new();
            let mut translations: Vec<Vec<Section>> = Vec::new();
            for (sections, kept, behind) in drafts {
                let previous = |all: &[Vec<Section>], id| {
                    all.last()
                        .and_then(|v| v.iter().find(|s| s.id == id))
                        .cloned()
                };
                let sections: Vec<Section> = sections
                    .into_iter()
                    .zip(kept)
                    .map(|(section, kept)| match previous(&versions, section.id) {
                        Some(previous) if kept => previous,
                        _ => section,
                    })
                    .collect();
                let translation = sections
                    .iter()
                    .zip(behind)
                    .filter(|(s, _)| translated.contains(&s.id))
                    .map(|(section, behind)| match previous(&translations, section.id) {
                        // The translation has the original's subsections.
                        Some(previous) if behind => Section {
                            more: match (previous.more, &section.more) {
                                (Some(more), Some(_)) => Some(more),
                                (_, more) => more.clone(),
                            },
                            ..previous
                        },
                        _ => section.clone(),
                    })
                    .collect();
                versions.push(sections);
                translations.push(translation);
            }
            let mut files = vec![
                (
                    "policies/site.yaml".to_owned(),
                    "title: Test\nbase_url: https://example.org/\ndefault_locale: en\nlocales:\n  en: English\n  ar: العربية\n".to_owned(),
                ),
                (
                    "policies/p/policy.yaml".to_owned(),
                    "title: Privacy\nowner: Example\n".to_owned(),
                ),
            ];
            for (i, (sections, translation)) in versions.iter().zip(&translations).enumerate() {
                let folder = format!("policies/p/2024-0{}", i + 1);
                let header =
                    format!("effective: 2024-0{}-01\nchange:\n  summary: Changed.\n", i + 1);
                files.push((
                    format!("{folder}/en.yaml"),
                    version_file(&header, &sections.iter().collect::<Vec<_>>(), true),
                ));
                files.push((
                    format!("{folder}/ar.yaml"),
                    version_file(
                        "title: الخصوصية\n",
                        &translation.iter().collect::<Vec<_>>(),
                        false,
                    ),
                ));
            }
            Project::from_files(&Files::in_memory(files)).expect("the generated site loads")
        })
}

/// Where two pages part, with some of each.
pub(crate) fn first_difference(a: &str, b: &str) -> String {
    let at = a
        .bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let from = a[..at].char_indices().rev().nth(80).map_or(0, |(i, _)| i);
    let show = |s: &str| s[from..].chars().take(240).collect::<String>();
    format!("written:   {}\ntemplates: {}", show(a), show(b))
}
