use std::path::Path;

use serde::Deserialize;

use super::*;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Doc {
    effective: Spanned<String>,
    #[serde(default)]
    items: Vec<Spanned<u32>>,
}

fn parse_doc(text: &str) -> Result<Doc, Diagnostic> {
    parse(Path::new("policies/x/v/en.yaml"), text)
}

#[test]
fn keeps_the_position_of_every_value() {
    let doc = parse_doc("# comment\neffective: 2005-08-04\nitems:\n  - 1\n  - 22\n").unwrap();
    assert_eq!(doc.effective.value, "2005-08-04");
    assert_eq!(
        doc.effective.pos,
        Some(Pos {
            line: 2,
            column: 12
        })
    );
    assert_eq!(doc.items[1].pos.map(|p| p.line), Some(5));
}

#[test]
fn unknown_fields_name_the_line_and_suggest_the_right_name() {
    let err = parse_doc("effective: 2005-08-04\nefective: 2005-08-04\n").unwrap_err();
    assert_eq!(err.origin.pos.map(|p| p.line), Some(2), "{err}");
    assert!(err.message.contains("unknown field `efective`"), "{err}");
    assert_eq!(err.help.as_deref(), Some("did you mean `effective`?"));
    assert_eq!(err.source_line.as_deref(), Some("efective: 2005-08-04"));
}

#[test]
fn syntax_errors_point_at_their_line() {
    let err = parse_doc("effective: 2005-08-04\nitems: [1, 2\n").unwrap_err();
    assert!(err.origin.pos.is_some(), "{err}");
    assert!(err.origin.file.ends_with("en.yaml"));
}

#[test]
fn missing_fields_say_what_to_add() {
    let err = parse_doc("items: []\n").unwrap_err();
    assert_eq!(err.message, "`en.yaml` has no `effective`");
    assert_eq!(
        err.help.as_deref(),
        Some("add a line `effective: ...` to en.yaml, lined up with `items:`")
    );
}

#[test]
fn duplicate_keys_are_errors() {
    let err = parse_doc("effective: a\neffective: b\n").unwrap_err();
    assert_eq!(err.message, "`effective` is written twice");
    assert_eq!(err.origin.pos.map(|p| p.line), Some(2), "{err}");
}

#[test]
fn an_alias_bomb_fails_fast() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..30 {
        let prev = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
        ));
    }
    text.push_str("effective: x\n");
    let err = parse::<serde_json::Value>(Path::new("bomb.yaml"), &text).unwrap_err();
    assert_eq!(
        err.message,
        "the `*alias` references here expand to too many values"
    );
    assert!(err.help.unwrap().contains("at most 100000 values"));
}

#[test]
fn deep_nesting_fails_with_a_clear_message() {
    let text = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    let err = parse::<serde_json::Value>(Path::new("deep.yaml"), &text).unwrap_err();
    assert_eq!(err.message, "this is nested more than 64 levels deep");
    assert_eq!(err.origin.pos.map(|p| p.line), Some(1));
}

#[test]
fn type_errors_are_in_plain_words() {
    let err = parse_doc("effective:\n  - a\n").unwrap_err();
    assert_eq!(
        err.message,
        "expected a text value here, not a list or a mapping"
    );
    let err = parse_doc("effective: [2025-01-01]\n").unwrap_err();
    assert_eq!(
        err.message,
        "`effective` is written as a list (in `[...]`), where a text belongs"
    );
    assert_eq!(
        err.help.as_deref(),
        Some(
            "write it without the brackets: `effective: 2025-01-01`; if they are part of the text, put the whole text in double quotes"
        )
    );
    let err = parse_doc("effective: x\nitems: [-1]\n").unwrap_err();
    assert_eq!(err.message, "expected a whole number here, 0 or more");
    let err = parse_doc("effective:\n").unwrap_err();
    assert_eq!(err.message, "this value is empty");
    let err = parse_doc("effective: \"a\n").unwrap_err();
    assert_eq!(
        err.message,
        "`effective` starts with `\"`, but the quote is not closed on its line"
    );
}

#[test]
fn a_second_document_is_refused() {
    let err = parse_doc("effective: x\n---\neffective: y\n").unwrap_err();
    assert_eq!(err.message, "this file holds more than one YAML document");
    assert_eq!(err.origin.pos.map(|p| p.line), Some(2));
}

#[test]
fn a_tab_is_pointed_at_where_it_is() {
    let err = parse_doc("effective: x\nitems:\n  - a\n\t- b\n").unwrap_err();
    assert_eq!(
        err.message,
        "a tab character is used here, where YAML allows only spaces"
    );
    let pos = err.origin.pos.unwrap();
    assert_eq!((pos.line, pos.column), (4, 1), "{err}");
}

#[test]
fn parser_messages_are_explained() {
    for (text, message) in [
        (
            "effective: x\nitems:\n  - 1\n - 2\n",
            "this line's indentation does not fit the lines before it",
        ),
        (
            "effective: x\u{1b}\n",
            "a control character that YAML does not allow: U+001B",
        ),
        (
            "effective: & x\n",
            "`effective` starts with `&`, which YAML reads as the name of an anchor",
        ),
    ] {
        let err = parse_doc(text).unwrap_err();
        assert_eq!(err.message, message, "{text:?}");
        assert!(err.help.is_some(), "{text:?}");
    }
}

#[test]
fn a_control_character_is_pointed_at_where_it_is() {
    let err = parse_doc("items: [1]\neffective: Privacy \u{1b}[2J Policy\n").unwrap_err();
    let pos = err.origin.pos.unwrap();
    assert_eq!((pos.line, pos.column), (2, 20), "{err}");
    assert_eq!(
        err.message,
        "a control character that YAML does not allow: U+001B"
    );
}

#[test]
fn a_number_too_large_says_so() {
    let err = parse::<crate::source::raw::PolicyFile>(
        std::path::Path::new("policy.yaml"),
        "title: T\nowner: O\nnotice_days: 99999999999 # days\n",
    )
    .unwrap_err();
    assert_eq!(
        err.message,
        "`99999999999` is too large a number for this field"
    );
    let err = parse::<crate::source::raw::PolicyFile>(
        std::path::Path::new("policy.yaml"),
        "title: T\nowner: O\nnotice_days: -1\n",
    )
    .unwrap_err();
    assert_eq!(err.message, "expected a whole number here, 0 or more");
}

fn version_problems(text: &str) -> Vec<String> {
    let (_, problems) = parse_all::<crate::source::raw::VersionFile>(
        Path::new("policies/acme/2025-01/en.yaml"),
        text,
    );
    problems
        .iter()
        .map(|d| match &d.help {
            Some(help) => format!("{}: {} ({help})", d.origin, d.message),
            None => format!("{}: {}", d.origin, d.message),
        })
        .collect()
}

#[test]
fn every_problem_of_a_file_is_found_each_at_its_place() {
    let text = "effective: 2025-01-01
kind: minor
sections:
  - id: a
    title: [A]
    colour: red
  - title: B
    body: x
  - id: c
    title: C
    material: maybe
    title: again
";
    assert_eq!(
        version_problems(text),
        [
            "policies/acme/2025-01/en.yaml:12:5: `title` is written twice (each key may appear only once here; remove one of them)",
            "policies/acme/2025-01/en.yaml:2:1: unknown field `kind` (`kind` belongs under `change:`: write `change:` on a line of its own, and this field under it, indented two spaces more)",
            "policies/acme/2025-01/en.yaml:5:12: the `title` of section `a` is written as a list (in `[...]`), where a text belongs (write it without the brackets: `title: A`; if they are part of the text, put the whole text in double quotes)",
            "policies/acme/2025-01/en.yaml:6:5: unknown field `colour` (the fields allowed here are: id, aliases, title, material, body, sections)",
            "policies/acme/2025-01/en.yaml:7:5: this section has no `id` (add `id: ...` to this section, lined up with `title:`)",
            "policies/acme/2025-01/en.yaml:11:15: expected `true` or `false` here (write `true` or `false`, without quotes)",
        ]
    );
}

#[test]
fn a_missing_field_points_at_the_mapping_that_lacks_it() {
    let policy = |text: &str| {
        let err =
            parse::<crate::source::raw::PolicyFile>(Path::new("policies/acme/policy.yaml"), text)
                .unwrap_err();
        (err.to_string(), err.help.unwrap_or_default())
    };
    let (shown, help) = policy("title: T\nannounce:\n  from: a@example.com\n  to: b@example.com\n");
    assert!(
        shown.starts_with("policies/acme/policy.yaml:1:1: error: `policy.yaml` has no `owner`\n"),
        "{shown}"
    );
    assert_eq!(
        help,
        "add a line `owner: ...` to policy.yaml, lined up with `title:`"
    );
    let (shown, help) = policy("title: T\nowner: O\nannounce:\n  from: a@example.com\n");
    assert!(
        shown.starts_with("policies/acme/policy.yaml:4:3: error: `announce` has no `to`\n"),
        "{shown}"
    );
    assert_eq!(
        help,
        "add `to: ...` under `announce:`, lined up with `from:`"
    );
}

#[test]
fn a_field_written_in_the_wrong_mapping_is_told_where_it_belongs() {
    for (text, expected) in [
        (
            "effective: 2025-01-01\nsummary: Better.\nsections: []\n",
            "policies/acme/2025-01/en.yaml:2:1: unknown field `summary` (`summary` belongs under `change:`: write `change:` on a line of its own, and this field under it, indented two spaces more)",
        ),
        (
            "effective: 2025-01-01\nsections:\n  - id: a\n    title: A\n    published: 2025-01-01\n",
            "policies/acme/2025-01/en.yaml:5:5: unknown field `published` (`published` belongs at the top of a version file, at the start of a line, not indented)",
        ),
        (
            "effective: 2025-01-01\nnotice_days: 60\nsections: []\n",
            "policies/acme/2025-01/en.yaml:2:1: unknown field `notice_days` (`notice_days` belongs in the policy's policy.yaml, not here)",
        ),
    ] {
        assert_eq!(version_problems(text), [expected], "{text}");
    }
}
