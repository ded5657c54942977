//! A version's text and contents written here are, byte for byte, what the
//! built-in components render (see [`crate::render::written`]).

use proptest::prelude::*;
use proptest::strategy::ValueTree;

use super::*;
use crate::build::Project;
use crate::outputs::generated::{features_with_components, first_difference, history, site};

/// Every page of every version of `project` in every locale, rendered with
/// the text written here and through the templates: the same bytes. How
/// many pages there were, and how many of them showed a section out of
/// date.
fn same_both_ways(project: &Project) -> (usize, usize) {
    let out = project.outputs(jiff::civil::Date::constant(2026, 11, 23), false);
    let (mut pages, mut stale) = (0, 0);
    for timeline in &out.timelines {
        for version in &timeline.versions {
            for locale in &timeline.policy.locales {
                let render = |written| {
                    version_pages_as(&out, timeline, locale, version, written)
                        .unwrap()
                        .into_iter()
                        .map(|a| String::from_utf8(a.bytes.to_vec()).unwrap())
                        .collect::<Vec<_>>()
                };
                let (written, templates) = (render(true), render(false));
                assert_eq!(written.len(), templates.len());
                for (written, templates) in written.iter().zip(&templates) {
                    assert!(
                        written == templates,
                        "{} {locale} {}: the written text differs:\n{}",
                        timeline.policy.id,
                        version.id,
                        first_difference(written, templates)
                    );
                    pages += 1;
                    stale += usize::from(written.contains("untranslated-note--stale"));
                }
            }
        }
    }
    (pages, stale)
}

#[test]
fn the_example_site_and_feature_corpus_texts_are_the_templates() {
    for folder in ["", "tests/sites/features"] {
        let project = site(folder);
        let (pages, _) = same_both_ways(&project);
        assert!(pages >= 10, "{folder}: {pages} version pages");
    }
}

#[test]
fn a_theme_with_its_own_components_gets_the_sections() {
    // A theme's own headings: every section title in capitals.
    let project = features_with_components(
        "dir=\"auto\"{% endif %}>{{ section.title }}</h{{ section.level }}>",
        "dir=\"auto\"{% endif %}>{{ section.title | upper }}</h{{ section.level }}>",
    );
    let out = project.outputs(jiff::civil::Date::constant(2026, 11, 23), false);
    let timeline = &out.timelines[0];
    let version = timeline.versions[0];
    let locale = &timeline.policy.source_locale;
    let page = &version_pages(&out, timeline, locale, version).unwrap()[0];
    let page = String::from_utf8(page.bytes.to_vec()).unwrap();
    let titles: Vec<&str> = page
        .split("class=\"policy-section__title\"")
        .skip(1)
        .filter_map(|h| h.split_once('>').map(|(_, rest)| rest))
        .filter_map(|h| h.split("</h").next())
        .collect();
    assert!(!titles.is_empty(), "{page}");
    assert!(titles.iter().all(|w| w.to_uppercase() == *w), "{titles:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Generated histories (nested, renamed, untranslated and out-of-date
    /// sections, sections without a body, every kind of block) render the
    /// same both ways.
    #[test]
    fn generated_texts_are_the_templates(project in history()) {
        let (pages, _) = same_both_ways(&project);
        prop_assert!(pages >= 4);
    }
}

/// The generator does make out-of-date sections, which the proptest above
/// must cover: some history among a fixed sample of them shows one.
#[test]
fn generated_histories_have_out_of_date_sections() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = history();
    let stale: usize = (0..24)
        .map(|_| same_both_ways(&strategy.new_tree(&mut runner).unwrap().current()).1)
        .sum();
    assert!(stale > 0);
}
