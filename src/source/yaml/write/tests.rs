use std::path::Path;

use super::*;

fn section(id: &str, title: &str, body: Option<&str>) -> NewSection {
    NewSection {
        id: id.to_owned(),
        title: title.to_owned(),
        body: body.map(str::to_owned),
        ..NewSection::default()
    }
}

#[test]
fn a_version_is_written_with_block_bodies_and_reads_back_exactly() {
    let mut scope = section(
        "scope",
        "Scope: who we cover",
        Some("We *collect*:\n\n- names\n- e-mail\n"),
    );
    scope.aliases = vec!["old-scope".to_owned()];
    scope.sections = vec![section(
        "kids",
        "Children's privacy",
        Some("# Not a comment\n\n    indented code\n"),
    )];
    let version = NewVersion {
        title: Some("Zimbra™ - \"Privacy\" Policy".to_owned()),
        effective: Some("2005-08-04".to_owned()),
        published: Some("2005-07-05".to_owned()),
        sections: vec![
            scope,
            section("group", "Only subsections follow", None),
            section(
                "odd",
                "[Draft] @home",
                Some("  starts with spaces\ntrailing spaces  \n"),
            ),
        ],
    };
    let file = Path::new("en.yaml");
    let text = version_file(file, &version).unwrap();
    assert!(text.contains("body: |\n"), "{text}");
    let back: raw::VersionFile = crate::source::yaml::parse(file, &text).unwrap();
    assert_eq!(back.effective.unwrap().value, "2005-08-04");
    assert_eq!(back.sections[0].aliases[0].value, "old-scope");
    assert_eq!(
        back.sections[0].title.as_ref().unwrap().value,
        "Scope: who we cover"
    );
    assert_eq!(
        back.sections[0].sections[0].body.as_ref().unwrap().value,
        "# Not a comment\n\n    indented code\n"
    );
    assert_eq!(
        back.sections[2].body.as_ref().unwrap().value,
        "  starts with spaces\ntrailing spaces  \n"
    );
    assert!(back.sections[1].body.is_none());
}

#[test]
fn settings_read_back_as_given() {
    let file = Path::new("policy.yaml");
    let text = settings_file(
        file,
        &[
            ("title", "Privacy: the notice"),
            ("owner", "Acme, Inc."),
            ("source_locale", "en"),
        ],
    )
    .unwrap();
    let back: raw::PolicyFile = crate::source::yaml::parse(file, &text).unwrap();
    assert_eq!(back.title.value, "Privacy: the notice");
    assert_eq!(back.owner.value, "Acme, Inc.");
}
