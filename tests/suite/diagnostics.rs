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
        report.contains("(1 more warning in the project: `privsite check` lists every warning)"),
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
        report.contains("(3 more warnings in the project: `privsite check` lists every warning)"),
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

/// The warning lines about version `2025-06`.
fn about_2025_06(report: &str) -> Vec<&str> {
    warning_lines(report)
        .into_iter()
        .filter(|l| l.starts_with("policies/acme/2025-06/"))
        .collect()
}

/// `two_versions` with a third version, `2025-06`, dated by `header`.
fn with_third(header: &str) -> Project {
    two_versions().version("2025-06", "en", header, SECTIONS)
}

#[test]
fn a_year_typo_that_makes_a_draft_is_a_warning_of_check_and_build() {
    let project = with_third("effective: 2205-07-01\npublished: 2025-06-01");
    let warning = "policies/acme/2025-06/en.yaml:1:12: warning: version `2025-06` takes effect on 2205-07-01, 180 years after today (2025-06-15) and after every date of the other versions: is the year mistyped?";
    let help = "= help: if you meant 2025-07-01, write `effective: 2025-07-01`";
    for command in [
        &["check", "--today", "2025-06-15"][..],
        &["build", "--today", "2025-06-15"],
    ] {
        let report = stderr(&project, command);
        assert_eq!(about_2025_06(&report), [warning], "{command:?}\n{report}");
        assert!(report.contains(help), "{report}");
    }
    // Published in 2205, the version would be left out of the site.
    let project = with_third("effective: 2025-07-01\npublished: 2205-06-01");
    let report = stderr(&project, &["build", "--today", "2025-06-15"]);
    assert_eq!(
        about_2025_06(&report),
        [
            "policies/acme/2025-06/en.yaml:2:12: warning: version `2025-06` is published on 2205-06-01, 180 years after today (2025-06-15) and after every date of the other versions: until that day it is a draft, which `privsite build` leaves out"
        ],
        "one warning, not also one for publishing after it takes effect\n{report}"
    );
    assert!(!project.exists("acme/en/2025-06/index.html"));
}

#[test]
fn a_version_published_years_ahead_is_one_warning() {
    // A material change announced 10 years ahead: the date is the mistake,
    // and the notice that ends long before it applies follows from it.
    let project = two_versions().version(
        "2025-06",
        "en",
        "effective: 2025-07-01\npublished: 2015-06-01",
        &SECTIONS.replace("one cookie", "no cookie"),
    );
    let report = stderr(&project, &["check", "--today", "2025-06-15"]);
    assert_eq!(
        about_2025_06(&report),
        [
            "policies/acme/2025-06/en.yaml:2:12: warning: this version is published on 2015-06-01, 10 years before it takes effect on 2025-07-01: a change is announced days or months ahead, not years"
        ],
        "{report}"
    );
    assert!(
        report.contains("= help: if you meant 2025-06-01, write `published: 2025-06-01`"),
        "{report}"
    );
}

#[test]
fn new_version_warns_about_a_mistyped_date_at_once() {
    let project = two_versions();
    let output = project
        .privsite(&[
            "new-version",
            "acme",
            "2025-06",
            "--effective",
            "2205-07-01",
        ])
        .env("SOURCE_DATE_EPOCH", "1749945600") // 2025-06-15
        .output()
        .unwrap();
    assert!(output.status.success());
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(
        report.starts_with("policies/acme/2025-06/en.yaml:1:12: warning: version `2025-06` takes effect (and is published) on 2205-07-01, 180 years after today (2025-06-15) and after every date of the other versions: until that day it is a draft, which `privsite build` leaves out\n"),
        "{report}"
    );
    assert!(
        report.contains("= help: if you meant 2025-07-01, write `effective: 2025-07-01`\n"),
        "{report}"
    );
    assert_eq!(
        warning_lines(&report).len(),
        1,
        "only the new version's\n{report}"
    );
    assert!(report.contains("Created policies/acme/2025-06"), "{report}");
}

#[test]
fn a_rename_that_breaks_a_link_of_its_own_version_is_one_warning() {
    let renamed = SECTIONS.replace("id: cookies", "id: cookie-use").replace(
        "We respect your privacy.",
        "We respect your privacy; see [cookies](#cookies).",
    );
    let project = Project::new()
        .version("1", "en", "effective: 2024-01-01", SECTIONS)
        .version("2", "en", "effective: 2024-06-01", &renamed);
    let report = stderr(&project, &["check", "--today", "2024-07-01"]);
    assert_eq!(
        warning_lines(&report),
        [
            "policies/acme/2/en.yaml:14:13: warning: section `cookie-use` was `cookies` in version 1: links to #cookies break, and so do the links to it in section `intro` of this version"
        ],
        "{report}"
    );
}
