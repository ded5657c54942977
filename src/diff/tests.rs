//! The classification rules, one version pair per rule and boundary.

use super::classify::Level;
use super::compute::{SectionText, compare};

/// A section: `(id, title, body, material, depth, parent)`.
type S = (
    &'static str,
    &'static str,
    &'static str,
    bool,
    usize,
    Option<&'static str>,
);

const fn s(id: &'static str, title: &'static str, body: &'static str) -> S {
    (id, title, body, true, 0, None)
}

const fn sub(id: &'static str, parent: &'static str, title: &'static str, body: &'static str) -> S {
    (id, title, body, true, 1, Some(parent))
}

const fn fixed(id: &'static str, title: &'static str, body: &'static str) -> S {
    (id, title, body, false, 0, None)
}

fn texts(sections: &[S]) -> Vec<SectionText<'static>> {
    sections
        .iter()
        .map(|&(id, title, body, material, depth, parent)| SectionText {
            id,
            title,
            body,
            material,
            depth,
            parent,
            aliases: &[],
        })
        .collect()
}

struct Case {
    name: &'static str,
    old: &'static [S],
    new: &'static [S],
    level: Level,
    /// A reason the comparison must give (empty: no change at all).
    reason: &'static str,
}

const INTRO: S = s(
    "intro",
    "Introduction",
    "We collect your name and email address.",
);
const SHARE: S = s(
    "share",
    "Sharing",
    "We do not sell your data to third parties.",
);
const LIST: S = s(
    "collect",
    "The Information We Collect",
    "We collect:\n\n- your name;\n- your email address.\n",
);
const CONTACT: S = fixed(
    "contact",
    "Contact Us",
    "Write to privacy@example.com and we will answer within 30 days.",
);
const LOGS: S = s("logs", "Logs", "We keep server logs for 90 days.");

const CASES: &[Case] = &[
    // none
    Case {
        name: "identical versions",
        old: &[INTRO, SHARE],
        new: &[INTRO, SHARE],
        level: Level::None,
        reason: "",
    },
    Case {
        name: "empty policy",
        old: &[],
        new: &[],
        level: Level::None,
        reason: "",
    },
    // cosmetic
    Case {
        name: "whitespace only",
        old: &[INTRO],
        new: &[s(
            "intro",
            "Introduction",
            "We collect  your name\nand email address.",
        )],
        level: Level::Cosmetic,
        reason: "formatting, punctuation or letter case changed in 'Introduction'",
    },
    Case {
        name: "letter case",
        old: &[INTRO],
        new: &[s(
            "intro",
            "Introduction",
            "We collect your Name and Email address.",
        )],
        level: Level::Cosmetic,
        reason: "formatting",
    },
    Case {
        name: "punctuation",
        old: &[INTRO],
        new: &[s(
            "intro",
            "Introduction",
            "We collect your name, and email address!",
        )],
        level: Level::Cosmetic,
        reason: "punctuation",
    },
    Case {
        name: "emphasis",
        old: &[INTRO],
        new: &[s(
            "intro",
            "Introduction",
            "We collect your **name** and *email address*.",
        )],
        level: Level::Cosmetic,
        reason: "formatting",
    },
    Case {
        name: "link target",
        old: &[s("a", "A", "See [our page](https://a.example).")],
        new: &[s("a", "A", "See [our page](https://b.example).")],
        level: Level::Cosmetic,
        reason: "formatting",
    },
    Case {
        name: "list marker",
        old: &[LIST],
        new: &[s(
            "collect",
            "The Information We Collect",
            "We collect:\n\n* your name;\n* your email address.\n",
        )],
        level: Level::Cosmetic,
        reason: "formatting",
    },
    Case {
        name: "title case only",
        old: &[INTRO],
        new: &[s("intro", "INTRODUCTION", INTRO.2)],
        level: Level::Cosmetic,
        reason: "formatting",
    },
    Case {
        name: "sections reordered",
        old: &[INTRO, SHARE],
        new: &[SHARE, INTRO],
        level: Level::Cosmetic,
        reason: "section moved",
    },
    Case {
        name: "section nested under another",
        old: &[INTRO, SHARE],
        new: &[INTRO, sub("share", "intro", "Sharing", SHARE.2)],
        level: Level::Cosmetic,
        reason: "section moved: 'Sharing'",
    },
    Case {
        name: "paragraph moved to another section",
        old: &[
            s("a", "A", "First.\n\nWe keep logs for 90 days."),
            s("b", "B", "Second."),
        ],
        new: &[
            s("a", "A", "First."),
            s("b", "B", "Second.\n\nWe keep logs for 90 days."),
        ],
        // Under another heading, the same words may say something else.
        level: Level::Material,
        reason: "paragraph moved from 'A' to 'B'",
    },
    Case {
        name: "list item moved within a list",
        old: &[s("a", "A", "- one\n- two\n- three\n")],
        new: &[s("a", "A", "- two\n- three\n- one\n")],
        level: Level::Cosmetic,
        reason: "list item moved within 'A'",
    },
    // minor
    Case {
        name: "spelling, distance 1",
        old: &[s("a", "A", "It makes it easer to follow.")],
        new: &[s("a", "A", "It makes it easier to follow.")],
        level: Level::Minor,
        reason: "spelling corrected in 'A': 'easer' -> 'easier'",
    },
    Case {
        name: "spelling, distance 2",
        old: &[s("a", "A", "We recieve data.")],
        new: &[s("a", "A", "We receive data.")],
        level: Level::Minor,
        reason: "spelling corrected",
    },
    Case {
        name: "spelling, transposition at distance 2",
        old: &[s("a", "A", "Your adress is safe.")],
        new: &[s("a", "A", "Your address is safe.")],
        level: Level::Minor,
        reason: "'adress' -> 'address'",
    },
    Case {
        name: "title changed",
        old: &[INTRO],
        new: &[s("intro", "About This Policy", INTRO.2)],
        level: Level::Minor,
        reason: "section title changed: 'Introduction' -> 'About This Policy'",
    },
    Case {
        name: "words added in a non-material section",
        old: &[CONTACT],
        new: &[fixed(
            "contact",
            "Contact Us",
            "Write to privacy@example.com or call us, and we will answer within 30 days.",
        )],
        level: Level::Minor,
        reason: "words added in 'Contact Us'",
    },
    Case {
        name: "number changed in a non-material section",
        old: &[CONTACT],
        new: &[fixed(
            "contact",
            "Contact Us",
            "Write to privacy@example.com and we will answer within 10 days.",
        )],
        level: Level::Minor,
        reason: "number changed in 'Contact Us': '30' -> '10'",
    },
    Case {
        name: "paragraph added in a non-material section",
        old: &[CONTACT],
        new: &[fixed(
            "contact",
            "Contact Us",
            "Write to privacy@example.com and we will answer within 30 days.\n\nOr call us.",
        )],
        level: Level::Minor,
        reason: "paragraph added in 'Contact Us'",
    },
    Case {
        name: "non-material section added",
        old: &[INTRO],
        new: &[INTRO, CONTACT],
        level: Level::Minor,
        reason: "section added: 'Contact Us'",
    },
    Case {
        name: "section id renamed",
        old: &[INTRO],
        new: &[s("introduction", "Introduction", INTRO.2)],
        level: Level::Minor,
        reason: "section id renamed in 'Introduction': 'intro' -> 'introduction'",
    },
    // material
    Case {
        name: "spelling, distance 3",
        old: &[s("a", "A", "We share data with the cat.")],
        new: &[s("a", "A", "We share data with the dog.")],
        level: Level::Material,
        reason: "wording changed in 'A': 'cat' -> 'dog'",
    },
    Case {
        name: "negation removed, at spelling level",
        old: &[SHARE],
        new: &[s(
            "share",
            "Sharing",
            "We do now sell your data to third parties.",
        )],
        level: Level::Material,
        reason: "negation removed in 'Sharing': 'not' -> 'now'",
    },
    Case {
        name: "negation removed",
        old: &[SHARE],
        new: &[s(
            "share",
            "Sharing",
            "We do sell your data to third parties.",
        )],
        level: Level::Material,
        reason: "negation removed in 'Sharing'",
    },
    Case {
        name: "negation added",
        old: &[s("a", "A", "We use cookies.")],
        new: &[s("a", "A", "We never use cookies.")],
        level: Level::Material,
        reason: "negation added in 'A'",
    },
    Case {
        name: "contraction n't",
        old: &[s("a", "A", "We do track you.")],
        new: &[s("a", "A", "We don't track you.")],
        level: Level::Material,
        reason: "negation",
    },
    Case {
        name: "contraction with typographic apostrophe",
        old: &[s("a", "A", "We won’t track you.")],
        new: &[s("a", "A", "We will track you.")],
        level: Level::Material,
        reason: "negation",
    },
    Case {
        name: "nor",
        old: &[s("a", "A", "We neither sell nor rent data.")],
        new: &[s("a", "A", "We neither sell or rent data.")],
        level: Level::Material,
        reason: "negation",
    },
    Case {
        name: "without",
        old: &[s("a", "A", "We share data with consent.")],
        new: &[s("a", "A", "We share data without consent.")],
        level: Level::Material,
        reason: "negation added",
    },
    Case {
        name: "modal may -> will",
        old: &[s("a", "A", "We may share data.")],
        new: &[s("a", "A", "We will share data.")],
        level: Level::Material,
        reason: "modal verb changed in 'A': 'may' -> 'will'",
    },
    Case {
        name: "modal can -> cam (spelling distance 1)",
        old: &[s("a", "A", "You can opt out.")],
        new: &[s("a", "A", "You cam opt out.")],
        level: Level::Material,
        reason: "modal verb",
    },
    Case {
        name: "number changed at distance 1",
        old: &[LOGS],
        new: &[s("logs", "Logs", "We keep server logs for 30 days.")],
        level: Level::Material,
        reason: "number changed in 'Logs': '90' -> '30'",
    },
    Case {
        name: "number added",
        old: &[s("a", "A", "We keep logs.")],
        new: &[s("a", "A", "We keep logs for 7 days.")],
        level: Level::Material,
        reason: "number added",
    },
    Case {
        name: "material word at spelling level",
        old: &[s("a", "A", "We sell data.")],
        new: &[s("a", "A", "We sells data.")],
        level: Level::Material,
        reason: "material word removed in 'A': 'sell' -> 'sells'",
    },
    Case {
        name: "paragraph added",
        old: &[LOGS],
        new: &[s(
            "logs",
            "Logs",
            "We keep server logs for 90 days.\n\nAfter that, we delete them.",
        )],
        level: Level::Material,
        reason: "paragraph added in 'Logs'",
    },
    Case {
        name: "paragraph removed",
        old: &[s(
            "logs",
            "Logs",
            "We keep server logs for 90 days.\n\nAfter that, we delete them.",
        )],
        new: &[LOGS],
        level: Level::Material,
        reason: "paragraph removed in 'Logs'",
    },
    Case {
        name: "list item added",
        old: &[LIST],
        new: &[s(
            "collect",
            "The Information We Collect",
            "We collect:\n\n- your name;\n- your email address;\n- your location.\n",
        )],
        level: Level::Material,
        reason: "list item added in 'The Information We Collect'",
    },
    Case {
        name: "list item removed",
        old: &[LIST],
        new: &[s(
            "collect",
            "The Information We Collect",
            "We collect:\n\n- your name.\n",
        )],
        level: Level::Material,
        reason: "list item removed in 'The Information We Collect'",
    },
    Case {
        name: "table cell changed",
        old: &[s(
            "t",
            "Retention",
            "| Data | Kept |\n|---|---|\n| Logs | one month |\n",
        )],
        new: &[s(
            "t",
            "Retention",
            "| Data | Kept |\n|---|---|\n| Logs | one year |\n",
        )],
        level: Level::Material,
        reason: "wording changed in 'Retention': 'month' -> 'year'",
    },
    Case {
        name: "section added",
        old: &[INTRO],
        new: &[INTRO, SHARE],
        level: Level::Material,
        reason: "section added: 'Sharing'",
    },
    Case {
        name: "section removed",
        old: &[INTRO, SHARE],
        new: &[INTRO],
        level: Level::Material,
        reason: "section removed: 'Sharing'",
    },
    Case {
        name: "nested section added",
        old: &[INTRO],
        new: &[
            INTRO,
            sub(
                "kids",
                "intro",
                "Children",
                "We do not collect data from children.",
            ),
        ],
        level: Level::Material,
        reason: "section added: 'Children'",
    },
    Case {
        name: "nested section changed",
        old: &[
            INTRO,
            sub(
                "kids",
                "intro",
                "Children",
                "We do not collect data from children.",
            ),
        ],
        new: &[
            INTRO,
            sub(
                "kids",
                "intro",
                "Children",
                "We do not knowingly collect data from children.",
            ),
        ],
        level: Level::Material,
        reason: "words added in 'Children'",
    },
    Case {
        name: "sentence rewritten",
        old: &[s("a", "A", "Your IP address is used to help identify you.")],
        new: &[s(
            "a",
            "A",
            "Your IP address is not used to identify you personally.",
        )],
        level: Level::Material,
        reason: "negation added in 'A'",
    },
    Case {
        name: "CJK text changed",
        old: &[s("a", "A", "我们收集您的姓名。")],
        new: &[s("a", "A", "我们出售您的姓名。")],
        level: Level::Material,
        reason: "wording changed in 'A': '收集' -> '出售'",
    },
    Case {
        name: "CJK punctuation only",
        old: &[s("a", "A", "我们收集您的姓名。")],
        new: &[s("a", "A", "我们收集您的姓名！")],
        level: Level::Cosmetic,
        reason: "formatting",
    },
    Case {
        name: "renamed id and changed text",
        old: &[INTRO],
        new: &[s("introduction", "Introduction", "We collect your name.")],
        level: Level::Material,
        reason: "section added: 'Introduction'",
    },
    Case {
        name: "material beats minor in one version",
        old: &[s("a", "A", "It is easer."), LOGS],
        new: &[
            s("a", "A", "It is easier."),
            s("logs", "Logs", "We keep server logs for 60 days."),
        ],
        level: Level::Material,
        reason: "spelling corrected in 'A'",
    },
];

#[test]
fn each_rule_gives_its_level_and_reason() {
    assert!(CASES.len() >= 40, "{} cases", CASES.len());
    let words = vec!["sell".to_owned()];
    let mut failures = Vec::new();
    for case in CASES {
        let result = compare(&texts(case.old), &texts(case.new), &words);
        let reasons: Vec<&str> = result.changes.iter().map(|c| c.reason.as_str()).collect();
        if result.level != case.level {
            failures.push(format!(
                "{}: level {:?}: {reasons:#?}",
                case.name, result.level
            ));
        } else if case.reason.is_empty() && !result.changes.is_empty() {
            failures.push(format!("{}: {reasons:#?}", case.name));
        } else if !case.reason.is_empty() && !reasons.iter().any(|r| r.contains(case.reason)) {
            failures.push(format!(
                "{}: no reason containing {:?} in {reasons:#?}",
                case.name, case.reason
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_replacement_made_in_many_sections_is_recorded_in_each() {
    let old = [
        s("a", "A", "Zimbra collects data. Zimbra keeps it."),
        s("b", "B", "Zimbra shares nothing."),
        s("c", "C", "Ask Zimbra."),
    ];
    let new = [
        s(
            "a",
            "A",
            "Zimbra, Inc. collects data. Zimbra, Inc. keeps it.",
        ),
        s("b", "B", "Zimbra, Inc. shares nothing."),
        s("c", "C", "Ask Zimbra, Inc."),
    ];
    let result = compare(&texts(&old), &texts(&new), &[]);
    let reasons: Vec<&str> = result.changes.iter().map(|c| c.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "words added in 'A': 'Zimbra' -> 'Zimbra, Inc.' (2 places)",
            "words added in 'B': 'Zimbra' -> 'Zimbra, Inc.'",
            "words added in 'C': 'Zimbra' -> 'Zimbra, Inc'"
        ]
    );
    let counts: Vec<(&str, usize)> = result
        .changes
        .iter()
        .map(|c| (c.section.id.as_str(), c.count))
        .collect();
    assert_eq!(counts, [("a", 2), ("b", 1), ("c", 1)]);
    // For reading, they are one change in three sections, four places.
    let groups = super::for_reading(&result.changes);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].count, 4);
    assert_eq!(
        groups[0].describe(),
        "words added in 'A', 'B' and 'C': 'Zimbra' -> 'Zimbra, Inc.' (4 places)"
    );
}

#[test]
fn moved_text_is_shown_once() {
    let old = [
        s("a", "A", "Keep.\n\nWe keep logs for 90 days."),
        s("b", "B", "Other."),
    ];
    let new = [
        s("a", "A", "Keep."),
        s("b", "B", "Other.\n\nWe keep logs for 90 days."),
    ];
    let result = compare(&texts(&old), &texts(&new), &[]);
    assert_eq!(result.stats.words_added, 0);
    assert_eq!(result.stats.words_removed, 0);
    assert_eq!(result.stats.blocks_moved, 1);
    let statuses: Vec<Vec<super::BlockStatus>> = result
        .sections
        .iter()
        .map(|s| s.blocks.iter().map(|b| b.status).collect())
        .collect();
    use super::BlockStatus::*;
    assert_eq!(
        statuses,
        [vec![Unchanged, MovedAway], vec![Unchanged, MovedHere]]
    );
}

#[test]
fn blocks_added_or_moved_together_are_one_change() {
    let old = [s("a", "A", "- one\n- two\n- three\n"), s("b", "B", "Keep.")];
    let new = [
        s("a", "A", "Keep? No."),
        s("b", "B", "Keep.\n\n- one\n- two\n- three\n- four\n- five\n"),
    ];
    let result = compare(&texts(&old), &texts(&new), &[]);
    let reasons: Vec<&str> = result.changes.iter().map(|c| c.reason.as_str()).collect();
    // The move is recorded in both sections it touches ...
    let moved: Vec<&str> = result
        .changes
        .iter()
        .filter(|c| c.reason == "list item moved from 'A' to 'B' (3 places)")
        .map(|c| c.section.id.as_str())
        .collect();
    assert_eq!(moved, ["b", "a"], "{reasons:#?}");
    assert!(
        reasons.contains(&"list item added in 'B': 'four'")
            && reasons.contains(&"list item added in 'B': 'five'"),
        "each added item is named: {reasons:#?}"
    );
    // ... and read as one.
    let read: Vec<String> = super::for_reading(&result.changes)
        .iter()
        .map(super::ChangeGroup::describe)
        .collect();
    assert_eq!(
        read.iter()
            .filter(|r| r.contains("moved"))
            .collect::<Vec<_>>(),
        ["list item moved from 'A' to 'B' (3 places)"]
    );
}

#[test]
fn removed_sections_stay_where_they_were() {
    let old = [s("a", "A", "1"), s("b", "B", "2"), s("c", "C", "3")];
    let new = [s("a", "A", "1"), s("c", "C", "3")];
    let ids: Vec<String> = compare(&texts(&old), &texts(&new), &[])
        .sections
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(ids, ["a", "b", "c"]);
}

#[test]
fn counts_words_added_and_removed() {
    let result = compare(
        &texts(&[LOGS]),
        &texts(&[s(
            "logs",
            "Logs",
            "We keep logs for 30 days, then delete them.",
        )]),
        &[],
    );
    assert_eq!(result.stats.sections_changed, 1);
    assert_eq!(result.stats.words_removed, 2, "server, 90");
    assert_eq!(result.stats.words_added, 4, "30, then, delete, them");
}

#[test]
fn removing_a_sections_only_paragraph_shows_it_removed() {
    let old = [s("a", "A", "Keep."), s("b", "B", "We keep logs.")];
    let new = [s("a", "A", "Keep."), s("b", "B", "")];
    let result = compare(&texts(&old), &texts(&new), &[]);
    let b = &result.sections[1];
    assert_eq!(b.blocks.len(), 1, "{:#?}", result);
    assert_eq!(b.blocks[0].status, super::BlockStatus::Removed);
    assert_eq!(result.level, Level::Material);
}

#[test]
fn a_section_that_names_an_old_id_in_its_aliases_is_that_section_renamed() {
    let old = texts(&[s("logs", "Logs", "We keep logs for 90 days.")]);
    let aliases = [crate::model::SectionId::parse("logs").unwrap()];
    let mut new = texts(&[s("server-logs", "Server logs", "We keep logs for 30 days.")]);
    new[0].aliases = &aliases;
    let result = compare(&old, &new, &[]);
    let kinds: Vec<&str> = result.changes.iter().map(|c| c.reason.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "number changed in 'Server logs': '90' -> '30'",
            "section id renamed in 'Server logs': 'logs' -> 'server-logs' (its anchor changes)",
            "section title changed: 'Logs' -> 'Server logs'",
        ]
    );
    assert_eq!(
        result.sections.len(),
        1,
        "one section, not one removed and one added"
    );
    assert_eq!(result.sections[0].renamed_from.as_deref(), Some("logs"));
    assert_eq!(result.sections[0].aliases, ["logs"]);
}

#[test]
fn one_block_replaced_by_one_is_that_block_edited() {
    let old = [s(
        "a",
        "A",
        "Effective date: December 20, 2019\n\nWe keep logs.",
    )];
    let new = [s(
        "a",
        "A",
        "Effective date: April 2, 2020\n\nWe keep logs.",
    )];
    let result = compare(&texts(&old), &texts(&new), &[]);
    let reasons: Vec<&str> = result.changes.iter().map(|c| c.reason.as_str()).collect();
    assert_eq!(
        reasons,
        ["number changed in 'A': 'December 20, 2019' -> 'April 2, 2020'"]
    );
}

#[test]
fn a_replaced_block_reads_deletion_then_insertion() {
    let old = [s("a", "A", "Keep.\n\nWe sell nothing to anyone.\n\nEnd.")];
    let new = [s(
        "a",
        "A",
        "Keep.\n\nAsk us for a copy of your data.\n\nEnd.",
    )];
    let result = compare(&texts(&old), &texts(&new), &[]);
    let statuses: Vec<super::BlockStatus> =
        result.sections[0].blocks.iter().map(|b| b.status).collect();
    use super::BlockStatus::*;
    assert_eq!(statuses, [Unchanged, Removed, Added, Unchanged]);
}

#[test]
fn a_section_retitled_with_a_new_id_and_the_same_text_is_renamed() {
    let old = [s(
        "lawful-bases",
        "Lawful Bases",
        "We rely on consent and contract.",
    )];
    let new = [s(
        "lawful-basis",
        "Lawful basis",
        "We rely on consent and contract.",
    )];
    let result = compare(&texts(&old), &texts(&new), &[]);
    let reasons: Vec<&str> = result.changes.iter().map(|c| c.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "section id renamed in 'Lawful basis': 'lawful-bases' -> 'lawful-basis' (its anchor changes)",
            "section title changed: 'Lawful Bases' -> 'Lawful basis'"
        ]
    );
    assert_eq!(result.level, Level::Minor);
}

#[test]
fn a_section_retitled_with_a_new_id_and_nearly_the_same_text_is_renamed_and_edited() {
    let body = "One.\n\nTwo.\n\nThree.\n\nFour.\n\nFive.";
    let old = [s("lawful-bases", "Lawful Bases", body)];
    let new = [s(
        "lawful-basis",
        "Lawful basis",
        "One.\n\nTwo.\n\nThree.\n\nFour.\n\nFive and six.",
    )];
    let result = compare(&texts(&old), &texts(&new), &[]);
    assert_eq!(result.sections.len(), 1, "{:#?}", result.changes);
    assert_eq!(
        result.sections[0].renamed_from.as_deref(),
        Some("lawful-bases")
    );
    let reasons: Vec<&str> = result.changes.iter().map(|c| c.reason.as_str()).collect();
    assert!(
        reasons.contains(&"words added in 'Lawful basis': 'Five' -> 'Five and six'"),
        "{reasons:#?}"
    );
    // Two sections that share little are not one renamed.
    let other = [s(
        "children",
        "Children",
        "One.\n\nSeven.\n\nEight.\n\nNine.\n\nTen.",
    )];
    let result = compare(&texts(&old), &texts(&other), &[]);
    assert_eq!(result.sections.len(), 2);
}

#[test]
fn a_column_added_to_a_table_without_a_header_is_material_and_named() {
    let old = [s(
        "a",
        "A",
        "<table><tr><td>Logs</td><td>kept</td></tr></table>",
    )];
    let new = [s(
        "a",
        "A",
        "<table><tr><td>Logs</td><td>kept</td><td>we sell them to brokers</td></tr></table>",
    )];
    let result = compare(&texts(&old), &texts(&new), &[]);
    let reasons: Vec<&str> = result.changes.iter().map(|c| c.reason.as_str()).collect();
    assert_eq!(result.level, Level::Material, "{reasons:#?}");
    assert_eq!(
        reasons,
        ["table column added in 'A': 'we sell them to brokers'"]
    );
}

#[test]
fn column_changes_are_recorded_in_reading_order() {
    let old_body = "| Data | Period |\n| --- | --- |\n| Logs | 90 |\n\n| Data | Period |\n| --- | --- |\n| Logs | 90 |\n";
    let new_body = "| Data | Period | Why |\n| --- | --- | --- |\n| Logs | 90 | x |\n\n| Data | Period | Shared with |\n| --- | --- | --- |\n| Logs | 90 | x |\n";
    let old = [SectionText {
        id: "a",
        title: "A",
        body: old_body,
        material: true,
        depth: 0,
        parent: None,
        aliases: &[],
    }];
    let new = [SectionText {
        body: new_body,
        ..old[0].clone()
    }];
    let first = compare(&old, &new, &[]);
    let reasons: Vec<&str> = first.changes.iter().map(|c| c.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "table column added in 'A': 'Why'",
            "table column added in 'A': 'Shared with'"
        ]
    );
    for _ in 0..20 {
        assert_eq!(compare(&old, &new, &[]), first, "the same every time");
    }
}

#[test]
fn an_item_moved_into_another_list_is_judged_as_added_there() {
    let old = [s(
        "a",
        "Sharing",
        "We share with advertisers:\n\n- your device identifiers\n\nWe never share with advertisers:\n\n- your precise location\n- your contacts\n",
    )];
    let new = [s(
        "a",
        "Sharing",
        "We share with advertisers:\n\n- your device identifiers\n- your precise location\n\nWe never share with advertisers:\n\n- your contacts\n",
    )];
    let result = compare(&texts(&old), &texts(&new), &[]);
    assert_eq!(result.level, Level::Material, "{:#?}", result.changes);
    assert_eq!(result.changes[0].reason, "list item moved within 'Sharing'");
}

#[test]
fn a_block_without_words_added_is_cosmetic() {
    let old = [s("a", "A", "We keep logs.")];
    let new = [s("a", "A", "We keep logs.\n\n...")];
    let result = compare(&texts(&old), &texts(&new), &[]);
    assert_eq!(result.level, Level::Cosmetic, "{:#?}", result.changes);
}

#[test]
fn the_same_text_under_another_title_and_id_is_another_section() {
    let old = [s(
        "eu-residents",
        "Rights of EU residents",
        "You can ask us to delete your data.",
    )];
    let new = [s(
        "california-residents",
        "Rights of California residents",
        "You can ask us to delete your data.",
    )];
    let result = compare(&texts(&old), &texts(&new), &[]);
    assert_eq!(result.level, Level::Material);
    assert_eq!(result.sections.len(), 2, "one removed, one added");
}

#[test]
fn adjacent_spelling_fixes_stay_spelling() {
    let old = [s("a", "A", "We recieve adress data.")];
    let new = [s("a", "A", "We receive address data.")];
    let result = compare(&texts(&old), &texts(&new), &[]);
    assert_eq!(result.level, Level::Minor, "{:#?}", result.changes);
}

#[test]
fn an_item_added_at_the_top_of_a_numbered_list_changes_no_other_item() {
    let old = [s("a", "A", "1. First\n2. Second\n")];
    let new = [s("a", "A", "1. Zero\n2. First\n3. Second\n")];
    let result = compare(&texts(&old), &texts(&new), &[]);
    let reasons: Vec<&str> = result.changes.iter().map(|c| c.reason.as_str()).collect();
    assert_eq!(reasons, ["list item added in 'A': 'Zero'"]);
    // A list that starts at another number is formatting.
    let moved = compare(
        &texts(&[s("a", "A", "3. One\n")]),
        &texts(&[s("a", "A", "4. One\n")]),
        &[],
    );
    assert_eq!(moved.level, Level::Cosmetic);
}
