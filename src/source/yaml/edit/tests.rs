use super::*;

const FILE: &str = "policies/acme/2025-01/fr.yaml";

/// The source's outline: intro, data (with data-kept under it), contact.
fn outline() -> Outline {
    [
        ("intro", None, 0),
        ("data", None, 1),
        ("data-kept", Some("data"), 2),
        ("contact", None, 3),
    ]
    .into_iter()
    .map(|(id, parent, n)| (id.to_owned(), (parent.map(str::to_owned), n)))
    .collect()
}

fn body(id: &str, text: &str) -> TranslationEdits {
    let mut edits = TranslationEdits::default();
    edits.sections.insert(
        id.to_owned(),
        SectionEdit {
            title: None,
            body: Some(text.to_owned()),
        },
    );
    edits
}

fn write(text: Option<&str>, edits: &TranslationEdits) -> String {
    write_translation(Path::new(FILE), text, edits, &outline()).unwrap()
}

fn read(text: &str) -> raw::VersionFile {
    super::super::parse(Path::new(FILE), text).unwrap()
}

/// Every section of `file`, depth first, with its parent.
fn sections(file: &raw::VersionFile) -> Vec<(String, String, Option<String>, Option<String>)> {
    fn walk(
        list: &[raw::Section],
        parent: &str,
        out: &mut Vec<(String, String, Option<String>, Option<String>)>,
    ) {
        for s in list {
            out.push((
                s.id.value.clone(),
                parent.to_owned(),
                s.title.as_ref().map(|t| t.value.clone()),
                s.body.as_ref().map(|t| t.value.clone()),
            ));
            walk(&s.sections, &s.id.value, out);
        }
    }
    let mut out = Vec::new();
    walk(&file.sections, "", &mut out);
    out
}

const WRITTEN: &str = "# Relu par Camille, mars 2025
title: Politique de confidentialité   # le titre du site

sections:
  - id: intro   # ne pas renommer
    title: Introduction
    body: |
      Nous respectons votre vie privée.

      Deuxième paragraphe.

  # Les données
  - id: data
    title: 'Données : ce que nous gardons'
    sections:
      - id: data-kept
        title: Conservation
        body: >
          Nous gardons
          peu.
";

#[test]
fn a_changed_body_is_replaced_where_it_stands_and_nothing_else_moves() {
    let out = write(
        Some(WRITTEN),
        &body("intro", "Nous respectons **toujours** votre vie privée.\n"),
    );
    let expected = WRITTEN.replace(
        "      Nous respectons votre vie privée.\n\n      Deuxième paragraphe.\n",
        "      Nous respectons **toujours** votre vie privée.\n",
    );
    assert_eq!(out, expected);
}

#[test]
fn nothing_to_write_leaves_every_byte() {
    assert_eq!(write(Some(WRITTEN), &TranslationEdits::default()), WRITTEN);
}

#[test]
fn a_missing_body_goes_after_the_title_before_the_subsections() {
    let out = write(Some(WRITTEN), &body("data", "Ce que nous gardons.\n"));
    assert!(
        out.contains(
            "    title: 'Données : ce que nous gardons'\n    body: |\n      Ce que nous gardons.\n    sections:\n"
        ),
        "{out}"
    );
    // Comments and the folded body further down are untouched.
    assert!(out.starts_with("# Relu par Camille, mars 2025\n"), "{out}");
    assert!(out.contains("  # Les données\n"), "{out}");
    assert!(out.contains("        body: >\n          Nous gardons\n          peu.\n"));
}

#[test]
fn a_new_section_goes_under_its_parent_or_among_its_siblings_in_source_order() {
    let mut edits = body("contact", "Écrivez-nous.\n");
    edits.sections.insert(
        "contact".to_owned(),
        SectionEdit {
            title: Some("Contact".to_owned()),
            body: Some("Écrivez-nous.\n".to_owned()),
        },
    );
    let out = write(Some(WRITTEN), &edits);
    let ids: Vec<(String, String)> = sections(&read(&out))
        .into_iter()
        .map(|(id, parent, _, _)| (id, parent))
        .collect();
    assert_eq!(
        ids,
        [
            ("intro".to_owned(), String::new()),
            ("data".to_owned(), String::new()),
            ("data-kept".to_owned(), "data".to_owned()),
            ("contact".to_owned(), String::new()),
        ]
    );
    assert!(
        out.ends_with("  - id: contact\n    title: Contact\n    body: |\n      Écrivez-nous.\n"),
        "{out}"
    );

    // A subsection whose parent is translated goes under it, before a
    // later sibling; a first section goes first.
    let partial =
        "sections:\n  - id: data\n    title: Données\n  - id: contact\n    title: Contact\n";
    let mut edits = body("data-kept", "Peu.\n");
    edits.sections.insert(
        "intro".to_owned(),
        SectionEdit {
            title: Some("Introduction".to_owned()),
            body: None,
        },
    );
    let out = write(Some(partial), &edits);
    let found: Vec<(String, String)> = sections(&read(&out))
        .into_iter()
        .map(|(id, parent, _, _)| (id, parent))
        .collect();
    assert_eq!(
        found,
        [
            ("intro".to_owned(), String::new()),
            ("data".to_owned(), String::new()),
            ("data-kept".to_owned(), "data".to_owned()),
            ("contact".to_owned(), String::new()),
        ],
        "{out}"
    );
}

#[test]
fn a_new_file_has_the_source_shape() {
    let mut edits = TranslationEdits {
        title: Some("Confidentialité".to_owned()),
        summary: Some("Nous gardons moins.\n".to_owned()),
        ..TranslationEdits::default()
    };
    for (id, title) in [("data-kept", "Conservation"), ("intro", "Introduction")] {
        edits.sections.insert(
            id.to_owned(),
            SectionEdit {
                title: Some(title.to_owned()),
                body: Some(format!("{title}.\n")),
            },
        );
    }
    let out = write(None, &edits);
    let file = read(&out);
    assert_eq!(file.title.unwrap().value, "Confidentialité");
    assert_eq!(
        file.change.unwrap().value.summary.unwrap().value,
        "Nous gardons moins.\n"
    );
    // `data` is not translated: its subsection stands at the top level.
    assert_eq!(
        sections(&read(&out)),
        [
            (
                "intro".to_owned(),
                String::new(),
                Some("Introduction".to_owned()),
                Some("Introduction.\n".to_owned())
            ),
            (
                "data-kept".to_owned(),
                String::new(),
                Some("Conservation".to_owned()),
                Some("Conservation.\n".to_owned())
            ),
        ]
    );
    assert!(
        out.starts_with("title: Confidentialité\nchange:\n"),
        "{out}"
    );
}

#[test]
fn translated_from_goes_after_the_title_or_is_replaced() {
    let edits = TranslationEdits {
        translated_from: Some("2025-01".to_owned()),
        ..TranslationEdits::default()
    };
    let out = write(Some(WRITTEN), &edits);
    assert!(
        out.contains(
            "title: Politique de confidentialité   # le titre du site\ntranslated_from: 2025-01\n"
        ),
        "{out}"
    );
    let again = TranslationEdits {
        translated_from: Some("2025-06".to_owned()),
        ..TranslationEdits::default()
    };
    let out = write(Some(&out), &again);
    assert_eq!(read(&out).translated_from.unwrap().value, "2025-06");
    assert_eq!(out.matches("translated_from").count(), 1, "{out}");
}

#[test]
fn any_text_reads_back_exactly() {
    for text in [
        "yes",
        "2024",
        "null",
        "- a list?",
        "# not a comment",
        "key: value",
        "'quoted'",
        "\"double\"",
        "  leading spaces\nthen text\n",
        "no final line break\nsecond",
        "many final line breaks\n\n\n",
        "tab\tinside\n",
        "trailing space \nx\n",
        "carriage\r\nreturn\n",
        "« guillemets » — et des émojis 🙂\n",
        "@at and `code` and *stars*\n",
        "",
    ] {
        let out = write(Some(WRITTEN), &body("intro", text));
        let found = sections(&read(&out));
        assert_eq!(
            found[0].3.as_deref(),
            Some(text),
            "{text:?} was written as\n{out}"
        );
        // The rest of the file is as it was.
        assert!(
            out.ends_with("          Nous gardons\n          peu.\n"),
            "{out}"
        );
    }
}

#[test]
fn a_file_that_is_not_yaml_is_a_problem_not_a_rewrite() {
    let err = write_translation(
        Path::new(FILE),
        Some("sections: [\n"),
        &body("intro", "x"),
        &outline(),
    )
    .unwrap_err();
    assert!(err.origin.file.ends_with("fr.yaml"), "{err:?}");
}

proptest::proptest! {
    /// Whatever a translator writes, it is written and reads back exactly,
    /// and the rest of the file keeps its bytes.
    #[test]
    fn any_translation_is_written_and_reads_back(text in "[a-zé #:'\"|>*\\-\t\\\\{}\\[\\],&!%@`\r\n]{0,60}") {
        let out = write(Some(WRITTEN), &body("data-kept", &text));
        let found = sections(&read(&out));
        proptest::prop_assert_eq!(found[2].3.as_deref(), Some(text.as_str()));
        let head = &WRITTEN[..WRITTEN.find("        body: >").unwrap()];
        proptest::prop_assert!(out.starts_with(head), "{}", out);
    }
}
