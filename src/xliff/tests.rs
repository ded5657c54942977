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

/// A document of one unit whose source is `source` (already XML).
fn one_unit(source: &str, target: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"{NAMESPACE}\">\n<file original=\"policies/a/1/en.yaml\" source-language=\"en\" target-language=\"fr\" datatype=\"x-markdown\">\n<body>\n  <trans-unit id=\"s/body\" approved=\"yes\"><source>{source}</source>{target}<note>a <b>note</b></note></trans-unit>\n</body></file></xliff>\n"
    )
}

#[test]
fn a_unit_is_read_with_its_tags_entities_and_place() {
    let doc = read::read(
        std::path::Path::new("x.xlf"),
        &one_unit(
            "A <ph id=\"1\">**</ph>b&amp;c<ph id=\"2\">**</ph> &#13;&lt;<![CDATA[<raw>]]>",
            "<target state=\"final\"><mrk mtype=\"seg\" mid=\"1\">Un <ph id=\"1\">**</ph>b<ph id=\"2\">**</ph></mrk></target>",
        ),
    )
    .unwrap();
    let file = &doc.files[0];
    assert_eq!(file.original, "policies/a/1/en.yaml");
    assert_eq!(
        (file.source_language.as_str(), file.target_language.as_str()),
        ("en", "fr")
    );
    let unit = &file.units[0];
    assert_eq!(unit.id, "s/body");
    assert_eq!((unit.pos.line, unit.pos.column), (5, 3));
    assert!(unit.approved);
    assert_eq!(unit.source.text, "A **b&c** \r<<raw>");
    assert_eq!(
        unit.source.placeholders,
        [
            ("1".to_owned(), "**".to_owned()),
            ("2".to_owned(), "**".to_owned())
        ]
    );
    let target = unit.target.as_ref().unwrap();
    assert_eq!(
        target.text, "Un **b**",
        "a segment mark is read through; a note is not text"
    );
    assert!(target.foreign.is_empty());
    assert_eq!(unit.state.as_deref(), Some("final"));
}

#[test]
fn codes_privsite_does_not_write_are_noted() {
    let doc = read::read(
        std::path::Path::new("x.xlf"),
        &one_unit("a", "<target><g id=\"1\">b</g><x id=\"2\"/></target>"),
    )
    .unwrap();
    let target = doc.files[0].units[0].target.clone().unwrap();
    assert_eq!(target.foreign, ["g", "x"]);
}

#[test]
fn what_is_not_xliff_1_2_is_a_problem_at_its_place() {
    let path = std::path::Path::new("x.xlf");
    let err = read::read(path, "<xliff version=\"1.2\">\n<file>\n</xliff>").unwrap_err();
    assert_eq!(err.origin.pos.map(|p| p.line), Some(3), "{err:?}");
    assert!(err.message.contains("not well-formed"), "{err:?}");
    let err = read::read(path, "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xliff version=\"1.2\"/>").unwrap_err();
    assert!(err.message.contains("DOCTYPE"), "{err:?}");
    let err = read::read(path, &one_unit("&e;", "")).unwrap_err();
    assert!(err.message.contains("`&e;`"), "{err:?}");
}

proptest::proptest! {
    /// Whatever the text, the source of an exported unit reads back as it.
    #[test]
    fn an_exported_text_reads_back_byte_for_byte(text in "[a-z *_`\\[\\]()#<>&;\\\\\r\n|:!-]{0,80}") {
        let mut out = quick_xml::Writer::new(Vec::new());
        inline(&mut out, quick_xml::events::BytesStart::new("source"), &text, &[]);
        let xml = String::from_utf8(out.into_inner()).unwrap();
        let source = xml.trim_start_matches("<source>").trim_end_matches("</source>");
        let doc = read::read(std::path::Path::new("x.xlf"), &one_unit(source, "")).unwrap();
        proptest::prop_assert_eq!(&doc.files[0].units[0].source.text, &text);
    }
}
