use super::*;

fn joined(segments: &[Segment<'_>]) -> String {
    segments
        .iter()
        .map(|s| match s {
            Segment::Text(t) | Segment::Markup(t) => *t,
        })
        .collect()
}

fn words(text: &str) -> Vec<&str> {
    segments(text)
        .into_iter()
        .filter_map(|s| match s {
            Segment::Text(t) => Some(t),
            Segment::Markup(_) => None,
        })
        .collect()
}

#[test]
fn markdown_is_split_into_words_and_markup_that_join_back() {
    let text = "We collect **as little as we can**, see [Contact](#contact) or `lang`.\n\n- your name;\n- your *email*\n\n| A | B |\n| --- | --- |\n| one | two |\n\n<abbr title=\"x\">EU</abbr> &amp; more\n";
    assert_eq!(joined(&segments(text)), text);
    let found = words(text);
    for expected in [
        "We collect ",
        "as little as we can",
        "Contact",
        "your name;",
        "email",
        "one",
        "EU",
    ] {
        assert!(
            found.iter().any(|w| w.contains(expected.trim())),
            "{expected}: {found:?}"
        );
    }
    for markup in [
        "**",
        "](#contact)",
        "`lang`",
        "- ",
        "| --- |",
        "<abbr title=\"x\">",
    ] {
        assert!(
            segments(text)
                .iter()
                .any(|s| matches!(s, Segment::Markup(m) if m.contains(markup))),
            "{markup}"
        );
        assert!(
            !found.iter().any(|w| w.contains(markup)),
            "{markup} is not words"
        );
    }
}

#[test]
fn any_text_joins_back() {
    for text in [
        "",
        "plain",
        "  indented\n",
        "a\\*b",
        "[x]",
        "* * *",
        "# Title\n\ntext",
        "1. one\n2. two",
        "> quote\n> more",
    ] {
        assert_eq!(joined(&segments(text)), text, "{text:?}");
    }
}
