use std::path::Path;

use crate::source::raw::VersionFile;
use crate::source::yaml::parse;

/// The one problem of a version file whose sections are `sections`, as
/// `line:column: message` and its help.
fn problem(sections: &str) -> (String, String) {
    let text = format!("effective: 2025-01-01\nsections:\n{sections}");
    let err = parse::<VersionFile>(Path::new("en.yaml"), &text).unwrap_err();
    let pos = err.origin.pos.unwrap();
    (
        format!("{}:{}: {}", pos.line, pos.column, err.message),
        err.help.unwrap_or_default(),
    )
}

fn check(cases: &[(&str, &str, &str)]) {
    for (sections, message, help) in cases {
        let (found, advice) = problem(sections);
        assert_eq!(
            (found.as_str(), advice.as_str()),
            (*message, *help),
            "{sections}"
        );
    }
}

#[test]
fn a_line_of_a_block_indented_too_little_names_the_block_and_the_indentation() {
    check(&[
        (
            "  - id: who-we-are\n    title: Who We Are\n    body: |\n      First.\n\n    Second, with too little indentation.\n",
            "8:5: the `body` of section `who-we-are` continues here with too little indentation: 4 spaces, where its first line has 6",
            "indent every line of the body at least 6 spaces, as its first line is",
        ),
        (
            "  - id: who-we-are\n    title: Who We Are\n    body: |\n      First.\n     Second.\n",
            "7:6: the `body` of section `who-we-are` continues here with too little indentation: 5 spaces, where its first line has 6",
            "indent every line of the body at least 6 spaces, as its first line is",
        ),
        (
            // Read as a field `Note`, which a section does not have.
            "  - id: who-we-are\n    title: Who We Are\n    body: |\n      First.\n    Note: second.\n",
            "7:5: the `body` of section `who-we-are` continues here with too little indentation: 4 spaces, where its first line has 6",
            "indent every line of the body at least 6 spaces, as its first line is",
        ),
        (
            "  - id: a\n    title: A\n    body: |\n  Too little from the start.\n",
            "6:3: the text of the `body` of section `a` starts here with 2 spaces of indentation, no more than `body:` itself",
            "indent every line of the body more than `body:`, for example 6 spaces",
        ),
    ]);
}

#[test]
fn a_tab_says_how_far_its_line_is_indented() {
    check(&[
        (
            "  - id: a\n    title: A\n    body: |\n      One.\n\tTwo.\n",
            "7:1: a tab character is used here, where YAML allows only spaces",
            "indent the lines of the `body` of section `a` with spaces only: at least 6 spaces, as its first line is",
        ),
        (
            "  - id: a\n\ttitle: A\n",
            "4:1: a tab character is used here, where YAML allows only spaces",
            "indent `title:` with spaces only, lined up with `id:` above it: 4 spaces from the start of the line",
        ),
    ]);
}

#[test]
fn texts_that_yaml_reads_as_something_else_are_put_in_quotes() {
    check(&[
        (
            "  - id: a\n    title: Note: this applies\n",
            "4:16: the `title` of section `a` contains `: `, which YAML reads as the start of another field",
            "put the whole text in double quotes: `title: \"Note: this applies\"`",
        ),
        (
            "  - id: a\n    title: [Draft] Cookies\n",
            "4:12: the `title` of section `a` starts with `[`, which YAML reads as the start of a list",
            "put the whole text in double quotes: `title: \"[Draft] Cookies\"`",
        ),
        (
            "  - id: a\n    title: @home\n",
            "4:12: the `title` of section `a` starts with `@`, which YAML does not allow at the start of a text",
            "put the whole text in double quotes: `title: \"@home\"`",
        ),
        (
            "  - id: a\n    title: - draft\n",
            "4:12: the `title` of section `a` starts with `-`, which YAML reads as a list",
            "put the whole text in double quotes: `title: \"- draft\"`",
        ),
        (
            "  - id: a\n    title: A\n    body: *bold* text\n",
            "5:11: the `body` of section `a` starts with `*`, which YAML reads as a reference to an `&anchor`, and none of that name is defined before it",
            "put the whole text in double quotes: `body: \"*bold* text\"`",
        ),
    ]);
}

#[test]
fn quotes_closed_too_early_or_not_at_all_are_explained() {
    check(&[
        (
            "  - id: a\n    title: 'We're here'\n",
            "4:12: the `title` of section `a` is in single quotes and has another `'` inside it, where YAML takes the text to end",
            "inside single quotes write each `'` twice (`''`), or put the text in double quotes: `title: \"We're here\"`",
        ),
        (
            "  - id: a\n    title: \"He said \"hi\"\"\n",
            "4:12: the `title` of section `a` is in double quotes and has another `\"` inside it, where YAML takes the text to end",
            "write each `\"` inside as `\\\"`, or put the text in single quotes: `title: 'He said \"hi\"'`",
        ),
        (
            "  - id: a\n    title: \"Cookies\n    body: x\n",
            "4:12: the `title` of section `a` starts with `\"`, but the quote is not closed on its line",
            "end the text with `\"`: `title: \"Cookies\"`",
        ),
    ]);
}

#[test]
fn lists_and_fields_laid_out_wrongly_are_explained() {
    check(&[
        (
            "  -id: a\n    title: A\n",
            "3:3: this list item has no space after its `-`",
            "write `- id: a`: a list item starts with a dash and a space",
        ),
        (
            "  - id: a\n    title: A\n  -id: b\n    title: B\n",
            "5:3: this list item has no space after its `-`",
            "write `- id: b`: a list item starts with a dash and a space",
        ),
        (
            "  - id: a\n    title Cookies\n",
            "4:5: `title` has no `:` after it",
            "write `title: Cookies`",
        ),
        (
            "  - id: a\n     title: A\n",
            "4:6: `title:` is indented more than `id:` above it (5 spaces instead of 4), so YAML reads it as more of the text of `id`",
            "line `title:` up with `id:`, 4 spaces from the start of the line",
        ),
        (
            "  - id: a\n   title: A\n",
            "4:4: `title:` is indented 3 spaces, but `id:` above it 4: the fields of one item line up under each other",
            "line `title:` up with `id:`, 4 spaces from the start of the line",
        ),
        (
            "  - id: a\n    title: A\n    body: | Text.\n",
            "5:11: the `body` of section `a` has text after `|` on the same line, but the text of a `|` block starts on the next line",
            "move `Text.` to the next line, indented more than `body:` (or remove the `|`: a text of one line needs none)",
        ),
    ]);
}

#[test]
fn a_layout_the_lines_do_not_explain_keeps_the_parser_s_words() {
    let (message, _) = problem("  - id: a\n    title: A\n - id: b\n");
    assert_eq!(
        message,
        "5:2: this line's indentation does not fit the lines before it"
    );
}

#[test]
fn a_layout_mistake_away_from_the_usual_layout_still_gets_plain_words() {
    for (text, message, help) in [
        (
            "effective: 2025-01-01\nThis is prose\nsections: []\n",
            "YAML expected `key: value` here",
            "write a field as `key: value`; a line that continues a `|` text is indented as far as the text's first line",
        ),
        (
            "{effective: 2025-01-01\nx\n",
            "a `[` or `{` is not closed",
            "add the closing bracket; a text that starts with `[` or `{` goes in double quotes",
        ),
    ] {
        let err = parse::<VersionFile>(Path::new("en.yaml"), text).unwrap_err();
        assert_eq!(
            (err.message.as_str(), err.help.as_deref()),
            (message, Some(help)),
            "{text}"
        );
    }
}
