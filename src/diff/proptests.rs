//! Properties that hold for every input, checked on generated texts.

use proptest::prelude::*;

use super::classify::Level;
use super::compute::{SectionText, compare};
use super::words;

/// Words that exercise the rules: protected words, near-spellings, CJK,
/// punctuation and Markdown.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "we",
            "We",
            "collect",
            "colect",
            "data",
            "not",
            "now",
            "may",
            "will",
            "90",
            "30",
            "don't",
            "don’t",
            "Zimbra",
            "Inc.",
            "数据",
            "收集",
            "**bold**",
            "[link](#a)",
            "-",
            "—",
            ",",
            ".",
            ";",
            "é",
            "\u{200f}",
        ])
        .prop_map(str::to_owned),
        "[a-zà-ÿ]{1,8}",
        any::<String>().prop_map(|s| s.chars().take(6).collect()),
    ]
}

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 0..24).prop_map(|w| w.join(" "))
}

fn body() -> impl Strategy<Value = String> {
    prop::collection::vec(sentence(), 0..5).prop_map(|p| p.join("\n\n"))
}

fn section(id: &'static str, title: &str, body: &str) -> Vec<(String, String, &'static str)> {
    vec![(title.to_owned(), body.to_owned(), id)]
}

fn texts<'a>(sections: &'a [(String, String, &'static str)]) -> Vec<SectionText<'a>> {
    sections
        .iter()
        .map(|(title, body, id)| SectionText {
            id,
            title,
            body,
            material: true,
            depth: 0,
            parent: None,
            aliases: &[],
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_version_compared_with_itself_is_none(title in sentence(), a in body(), b in body()) {
        let sections = vec![(title.clone(), a, "a"), (title, b, "b")];
        let result = compare(&texts(&sections), &texts(&sections), &[]);
        prop_assert_eq!(result.level, Level::None);
        prop_assert!(result.changes.is_empty());
    }

    #[test]
    fn the_redline_gives_back_both_texts(old in sentence(), new in sentence()) {
        let diff = words::diff(&old, &new);
        prop_assert_eq!(words::old_text(&diff.segments), old);
        prop_assert_eq!(words::new_text(&diff.segments), new);
    }

    #[test]
    fn block_redlines_give_back_both_blocks(old in sentence(), new in sentence()) {
        let (o, n) = (section("a", "A", &old), section("a", "A", &new));
        let result = compare(&texts(&o), &texts(&n), &[]);
        let old_blocks: Vec<String> = crate::markdown::blocks(&old).into_iter().map(|b| b.text).collect();
        let new_blocks: Vec<String> = crate::markdown::blocks(&new).into_iter().map(|b| b.text).collect();
        let blocks = &result.sections[0].blocks;
        let rebuilt_old: Vec<String> = blocks.iter().map(|b| words::old_text(&b.segments)).filter(|t| !t.is_empty()).collect();
        let rebuilt_new: Vec<String> = blocks.iter().map(|b| words::new_text(&b.segments)).filter(|t| !t.is_empty()).collect();
        prop_assert_eq!(rebuilt_old, old_blocks.into_iter().filter(|t| !t.is_empty()).collect::<Vec<_>>());
        prop_assert_eq!(rebuilt_new, new_blocks.into_iter().filter(|t| !t.is_empty()).collect::<Vec<_>>());
    }

    #[test]
    fn comparing_never_panics(old in body(), new in body(), t1 in sentence(), t2 in sentence()) {
        let sections_old = vec![(t1.clone(), old.clone(), "a"), (t2.clone(), new.clone(), "b")];
        let sections_new = vec![(t2, new, "b"), (t1, old, "c")];
        let _ = compare(&texts(&sections_old), &texts(&sections_new), &["data".to_owned()]);
    }
}

mod record;
