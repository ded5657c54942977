//! The redline written here is, byte for byte, the one the built-in
//! components render (see [`crate::render::written`]).

use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::build::Project;
use crate::source::Files;

/// Every change page of `project`, rendered with the redline written here
/// and through the templates: the same bytes. How many pages there were.
fn same_both_ways(project: &Project) -> usize {
    let out = project.outputs(jiff::civil::Date::constant(2026, 11, 23), false);
    let mut pages = 0;
    for timeline in &out.timelines {
        for version in &timeline.versions {
            if timeline.previous(version).is_none() {
                continue;
            }
            for locale in &timeline.policy.locales {
                let page = |written| {
                    let artifact = render_as(&out, timeline, locale, version, written).unwrap();
                    String::from_utf8(artifact.bytes.to_vec()).unwrap()
                };
                let (written, templates) = (page(true), page(false));
                assert!(
                    written == templates,
                    "{} {locale} {}: the written redline differs:\n{}",
                    timeline.policy.id,
                    version.id,
                    first_difference(&written, &templates)
                );
                pages += 1;
            }
        }
    }
    pages
}

/// Where two pages part, with some of each.
fn first_difference(a: &str, b: &str) -> String {
    let at = a
        .bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let from = a[..at].char_indices().rev().nth(80).map_or(0, |(i, _)| i);
    let show = |s: &str| s[from..].chars().take(240).collect::<String>();
    format!("written:   {}\ntemplates: {}", show(a), show(b))
}

#[test]
fn the_example_site_and_feature_corpus_redlines_are_the_templates() {
    for folder in ["", "tests/sites/features"] {
        let files = Files::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join(folder));
        let project = Project::from_files(&files).expect("the site loads");
        let pages = same_both_ways(&project);
        assert!(pages >= 4, "{folder}: {pages} change pages");
    }
}

#[test]
fn a_theme_with_its_own_components_gets_the_pieces() {
    let mut files =
        Files::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/features"));
    let components = crate::render::builtin::FILES
        .iter()
        .find(|(path, _)| *path == "templates/components.html")
        .map(|(_, bytes)| String::from_utf8(bytes.to_vec()).unwrap())
        .unwrap();
    // A theme's own redline text: every inserted run says so in capitals.
    let own = components.replace(
        "<span class=\"redline-words\">{{ segment.text }}</span></ins>",
        "<span class=\"redline-words\">{{ segment.text | upper }}</span></ins>",
    );
    assert_ne!(own, components);
    files.write("themes/default/templates/components.html", own);
    let project = Project::from_files(&files).expect("the site loads");
    let out = project.outputs(jiff::civil::Date::constant(2026, 11, 23), false);
    let timeline = out
        .timelines
        .iter()
        .find(|t| t.policy.id.as_str() == "privacy")
        .unwrap();
    let version = timeline.versions[1];
    let locale = &timeline.policy.source_locale;
    let page = render(&out, timeline, locale, version).unwrap();
    let page = String::from_utf8(page.bytes.to_vec()).unwrap();
    let inserted: Vec<&str> = page
        .split("<ins>")
        .skip(1)
        .filter_map(|ins| ins.split("<span class=\"redline-words\">").nth(1))
        .filter_map(|words| words.split("</span>").next())
        .collect();
    assert!(!inserted.is_empty(), "{page}");
    assert!(
        inserted.iter().all(|w| w.to_uppercase() == *w),
        "{inserted:?}"
    );
}

/// Blocks of every shape the redline draws, for generated versions.
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

/// One version's sections: ids from a small set, so that sections are
/// added, removed and kept, and bodies from [`block`], so that blocks move
/// between sections.
fn sections() -> impl Strategy<Value = Vec<(&'static str, &'static str, Vec<&'static str>)>> {
    prop::sample::subsequence(vec!["a", "b", "c", "d"], 1..=4).prop_flat_map(|ids| {
        ids.into_iter()
            .map(|id| {
                (
                    Just(id),
                    prop::sample::select(vec!["Data", "What we keep", "Your rights"]),
                    prop::collection::vec(block(), 1..4),
                )
            })
            .collect::<Vec<_>>()
    })
}

/// A version file with `sections`, each written as YAML.
fn version_file(
    header: &str,
    sections: &[(&str, &str, Vec<&str>)],
    keep: impl Fn(&str) -> bool,
) -> String {
    let kept: Vec<_> = sections.iter().filter(|(id, _, _)| keep(id)).collect();
    let mut text = format!(
        "{header}sections:{}\n",
        if kept.is_empty() { " []" } else { "" }
    );
    for (id, title, blocks) in kept {
        text.push_str(&format!(
            "  - id: {id}\n    title: \"{title}\"\n    body: |\n"
        ));
        for line in blocks.join("\n\n").lines() {
            text.push_str(&format!("      {line}\n"));
        }
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Generated histories (tables that gain and lose columns, lists that
    /// renumber, quotes, code, raw HTML, moved blocks, sections added and
    /// removed, a partial right-to-left translation) render the same both
    /// ways.
    #[test]
    fn generated_redlines_are_the_templates(
        drafts in prop::collection::vec(
            (sections(), prop::collection::vec(any::<bool>(), 4)),
            2..4,
        ),
        translated in prop::sample::subsequence(vec!["a", "b", "c", "d"], 0..=4),
    ) {
        // A section a version keeps (`kept`) is the previous version's, word
        // for word, so that runs of unchanged sections come up too.
        let mut versions: Vec<Vec<(&str, &str, Vec<&str>)>> = Vec::new();
        for (sections, kept) in drafts {
            let sections = sections
                .into_iter()
                .zip(kept)
                .map(|(section, kept)| {
                    let previous = versions
                        .last()
                        .and_then(|v| v.iter().find(|(id, _, _)| *id == section.0));
                    match previous {
                        Some(previous) if kept => previous.clone(),
                        _ => section,
                    }
                })
                .collect();
            versions.push(sections);
        }
        let mut files = vec![
            (
                "policies/site.yaml".to_owned(),
                "title: Test\nbase_url: https://example.org/\ndefault_locale: en\nlocales:\n  en: English\n  ar: العربية\n".to_owned(),
            ),
            ("policies/p/policy.yaml".to_owned(), "title: Privacy\nowner: Example\n".to_owned()),
        ];
        for (i, sections) in versions.iter().enumerate() {
            let folder = format!("policies/p/2024-0{}", i + 1);
            files.push((
                format!("{folder}/en.yaml"),
                version_file(
                    &format!("effective: 2024-0{}-01\nchange:\n  summary: Changed.\n", i + 1),
                    sections,
                    |_| true,
                ),
            ));
            files.push((
                format!("{folder}/ar.yaml"),
                version_file("title: الخصوصية\n", sections, |id| translated.contains(&id)),
            ));
        }
        let files = Files::in_memory(files);
        let project = Project::from_files(&files).expect("the generated site loads");
        prop_assert!(same_both_ways(&project) >= 2);
    }
}
