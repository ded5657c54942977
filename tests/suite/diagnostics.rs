//! What an author meets while editing: each diagnostic printed once, and
//! by each command only what it is about; the YAML mistakes of a block, a
//! list or a quote explained in plain words; every mistake of a file at
//! once; a missing field pointed at the mapping that lacks it; a field in
//! the wrong place told where it belongs.

use crate::support::{Project, SECTIONS, two_versions};

/// `two_versions` with an empty section in each version of `acme`, and a
/// second policy `other` with an empty section: four warnings in all.
fn with_warnings() -> Project {
    let empty = |id: &str| format!("{SECTIONS}  - id: {id}\n    title: Empty\n");
    two_versions()
        .version("2024-01", "en", "effective: 2024-01-15", &empty("empty"))
        .version(
            "2025-01",
            "en",
            "effective: 2025-01-15\npublished: 2025-01-01",
            &empty("empty").replace("one cookie", "two cookies"),
        )
        .file(
            "policies/other/policy.yaml",
            "title: Other\nowner: Acme Inc.\n",
        )
        .file(
            "policies/other/2024-01/en.yaml",
            "effective: 2024-01-15\nsections:\n  - id: void\n    title: Void\n",
        )
}

fn stderr(project: &Project, args: &[&str]) -> String {
    let output = project.privsite(args).output().unwrap();
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn warning_lines(report: &str) -> Vec<&str> {
    report
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect()
}

#[test]
fn check_strict_prints_each_warning_once() {
    let project = with_warnings();
    let report = stderr(&project, &["check", "--strict", "--today", "2025-02-01"]);
    let lines = warning_lines(&report);
    let mut unique = lines.clone();
    unique.dedup();
    assert_eq!(lines, unique, "{report}");
    assert_eq!(lines.len(), 3, "{report}");
    assert!(
        report.ends_with("error: 3 warnings with --strict\n"),
        "{report}"
    );
}

#[test]
fn diff_shows_the_warnings_about_the_versions_it_compares_only() {
    let project = with_warnings();
    let report = stderr(&project, &["diff", "acme", "2024-01", "2025-01"]);
    assert_eq!(
        warning_lines(&report),
        [
            "policies/acme/2024-01/en.yaml:17:9: warning: the section `empty` is empty",
            "policies/acme/2025-01/en.yaml:18:9: warning: the section `empty` is empty",
        ],
        "{report}"
    );
    assert!(
        report.contains(
            "(1 warning about other policies or versions not shown: `privsite check` lists every warning)"
        ),
        "{report}"
    );
}

#[test]
fn status_and_announce_leave_source_warnings_to_check() {
    let project = with_warnings().file(
        "policies/acme/policy.yaml",
        "title: Privacy Policy\nowner: Acme Inc.\nannounce:\n  from: a@example.com\n  to: b@example.com\n",
    );
    let report = stderr(&project, &["status", "--today", "2025-02-01"]);
    assert_eq!(warning_lines(&report), Vec::<&str>::new(), "{report}");
    assert!(
        report.contains("(3 warnings about other policies"),
        "{report}"
    );
    let report = stderr(&project, &["announce", "acme", "--today", "2025-02-01"]);
    assert_eq!(
        warning_lines(&report),
        ["policies/acme/2025-01/en.yaml:18:9: warning: the section `empty` is empty"],
        "{report}"
    );
}

#[test]
fn a_command_that_fails_shows_every_error_but_only_its_warnings() {
    let project = with_warnings().file(
        "policies/other/2024-01/fr.yaml",
        "sections:\n  - id: void\n    titel: Vide\n",
    );
    let report = stderr(&project, &["diff", "acme"]);
    assert_eq!(warning_lines(&report).len(), 2, "{report}");
    assert!(
        report.contains("policies/other/2024-01/fr.yaml:3:5: error: unknown field `titel`"),
        "{report}"
    );
}

#[test]
fn new_version_says_what_it_made_on_lines_of_their_own() {
    let project = two_versions();
    let report = stderr(
        &project,
        &[
            "new-version",
            "acme",
            "2025-06",
            "--effective",
            "2025-07-01",
        ],
    );
    assert_eq!(
        report,
        "Created policies/acme/2025-06 from version 2025-01 (en.yaml, fr.yaml).
Next: edit the text, and describe the change for readers in en.yaml:
  change:
    summary: ...
then run `privsite diff acme` to see how the change is classified.
"
    );
    for (args, message) in [
        (
            &[
                "new-version",
                "acme",
                "2025-07",
                "--effective",
                "2025-07-01",
            ][..],
            "error: version `2025-06` of `acme` already takes effect on 2025-07-01: choose another --effective day",
        ),
        (
            &[
                "new-version",
                "acme",
                "2025-06",
                "--effective",
                "2025-08-01",
            ],
            "error: policies/acme/2025-06 already exists: choose another version id",
        ),
        (
            &[
                "new-version",
                "acem",
                "2025-09",
                "--effective",
                "2025-09-01",
            ],
            "error: there is no policy `acem`; the policies are: acme",
        ),
    ] {
        let report = stderr(&project, args);
        assert!(report.starts_with(message), "{args:?}\n{report}");
    }
}
