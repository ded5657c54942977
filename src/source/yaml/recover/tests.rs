use super::*;
use crate::diagnostics::Pos;
use crate::source::raw::{PolicyFile, VersionFile};

fn read<T: DeserializeOwned>(text: &str) -> Recovered<T> {
    let mut options = serde_saphyr::options! {};
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
    recover(Node::read(text, options).unwrap())
}

/// Each problem as `line:column message`.
fn problems<T>(recovered: &Recovered<T>) -> Vec<String> {
    recovered
        .found
        .iter()
        .map(|f| {
            let Pos { line, column } = f.pos.unwrap();
            format!("{line}:{column} {}", f.message)
        })
        .collect()
}

#[test]
fn an_unknown_field_in_each_of_three_sections_is_three_problems() {
    let text = "effective: 2025-01-01
sections:
  - id: a
    title: A
    colour: red
  - id: b
    title: B
    bdy: x
  - id: c
    titel: C
";
    let recovered = read::<VersionFile>(text);
    assert_eq!(
        problems(&recovered),
        [
            "5:5 unknown field `colour`, expected one of `id`, `aliases`, `title`, `material`, `body`, `sections`",
            "8:5 unknown field `bdy`, expected one of `id`, `aliases`, `title`, `material`, `body`, `sections`",
            "10:5 unknown field `titel`, expected one of `id`, `aliases`, `title`, `material`, `body`, `sections`",
        ]
    );
    // Misspelt fields are read as the fields meant, so that the model can
    // check the rest without calling them missing.
    let file = recovered
        .value
        .expect("unknown fields leave the file whole");
    assert_eq!(file.sections[1].body.as_ref().unwrap().value, "x");
    assert_eq!(file.sections[2].title.as_ref().unwrap().value, "C");
    assert_eq!(
        file.sections[2].title.as_ref().unwrap().pos,
        Some(Pos {
            line: 10,
            column: 12
        })
    );
}

#[test]
fn a_wrong_value_is_one_problem_and_the_file_is_not_whole() {
    let text = "title: T
owner: [O]
notice_days: soon
announce:
  from: a@example.com
";
    let recovered = read::<PolicyFile>(text);
    assert_eq!(
        problems(&recovered),
        [
            "2:8 expected string scalar",
            "3:14 invalid u32",
            "5:3 missing field `to`",
        ],
        "`owner` taken out is not reported missing"
    );
    assert!(recovered.value.is_none());
}

#[test]
fn a_missing_field_names_the_mapping_that_lacks_it() {
    let recovered = read::<PolicyFile>("title: T\nannounce:\n  from: a\n  to: b\n");
    let found = &recovered.found[0];
    assert_eq!(found.message, "missing field `owner`");
    assert_eq!(found.pos, Some(Pos { line: 1, column: 1 }));
    assert_eq!(found.place.role, Role::Root);
    assert_eq!(found.keys, ["title", "announce"]);
    let recovered = read::<VersionFile>("sections:\n  - title: A\n  - id: b\n    title: B\n");
    let found = &recovered.found[0];
    assert_eq!(found.message, "missing field `id`");
    assert_eq!(found.pos, Some(Pos { line: 2, column: 5 }));
    assert_eq!(
        found.place.steps,
        [Step::Key("sections".into()), Step::Item(0)]
    );
    assert!(found.place.is_item());
    assert_eq!(recovered.found.len(), 1);
}

#[test]
fn keys_written_twice_are_each_a_problem_and_the_first_is_kept() {
    let text = "effective: 2025-01-01\nsections:\n  - id: a\n    title: A\n    title: B\n  - id: b\n    id: c\n    title: C\n";
    let recovered = read::<VersionFile>(text);
    assert_eq!(
        problems(&recovered),
        [
            "5:5 duplicate mapping key: title",
            "7:5 duplicate mapping key: id"
        ]
    );
    let file = recovered.value.unwrap();
    assert_eq!(file.sections[0].title.as_ref().unwrap().value, "A");
    assert_eq!(file.sections[1].id.value, "b");
}

#[test]
fn a_field_that_belongs_elsewhere_is_taken_out_not_renamed() {
    let recovered = read::<VersionFile>(
        "effective: 2025-01-01\nkind: minor\nsections:\n  - id: a\n    title: A\n",
    );
    assert_eq!(recovered.found.len(), 1);
    let file = recovered.value.unwrap();
    assert!(file.change.is_none());
}

#[test]
fn a_file_with_no_problem_in_its_tree_gives_its_value() {
    let recovered = read::<PolicyFile>("title: T\nowner: O\n");
    assert!(recovered.found.is_empty());
    assert!(recovered.value.is_some());
}
