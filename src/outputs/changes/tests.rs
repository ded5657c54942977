//! The redline written here is, byte for byte, the one the built-in
//! components render (see [`crate::render::written`]).

use proptest::prelude::*;

use super::*;
use crate::build::Project;
use crate::outputs::generated::{features_with_components, first_difference, history, site};

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

#[test]
fn the_example_site_and_feature_corpus_redlines_are_the_templates() {
    for folder in ["", "tests/sites/features"] {
        let project = site(folder);
        let pages = same_both_ways(&project);
        assert!(pages >= 4, "{folder}: {pages} change pages");
    }
}

#[test]
fn a_theme_with_its_own_components_gets_the_pieces() {
    // A theme's own redline text: every inserted run says so in capitals.
    let project = features_with_components(
        "<span class=\"redline-words\">{{ segment.text }}</span></ins>",
        "<span class=\"redline-words\">{{ segment.text | upper }}</span></ins>",
    );
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Generated histories render the same both ways.
    #[test]
    fn generated_redlines_are_the_templates(project in history()) {
        prop_assert!(same_both_ways(&project) >= 2);
    }
}
