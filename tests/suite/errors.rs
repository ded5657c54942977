//! Bad sources: every error names the file and, where the YAML gives one,
//! the line and column; the build exits 1 and the published site survives.

use crate::support::{Project, SECTIONS, two_versions};

/// A broken project (built from a good one by `edit`), and what must be reported.
struct Case {
    name: &'static str,
    edit: fn(Project) -> Project,
    /// `file:line:column: error: message` prefix expected on standard error.
    expected: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "unknown field (a typo)",
        edit: |p| p.version("2024-01", "en", "efective: 2024-01-15", SECTIONS),
        expected: "policies/acme/2024-01/en.yaml:1:1: error: unknown field `efective`",
    },
    Case {
        name: "missing effective date",
        edit: |p| p.version("2024-01", "en", "title: X", SECTIONS),
        expected: "policies/acme/2024-01/en.yaml:1:1: error: missing field `effective`",
    },
    Case {
        name: "impossible date",
        edit: |p| p.version("2024-01", "en", "effective: 2024-02-30", SECTIONS),
        expected: "policies/acme/2024-01/en.yaml:1:12: error: `effective` is not a valid date: `2024-02-30` is not a day of the calendar",
    },
    Case {
        name: "date in the wrong form",
        edit: |p| {
            p.version(
                "2024-01",
                "en",
                "published: 15/01/2024\neffective: 2024-01-15",
                SECTIONS,
            )
        },
        expected: "policies/acme/2024-01/en.yaml:1:12: error: `published` is not a valid date",
    },
    Case {
        name: "duplicate section id across nesting levels",
        edit: |p| {
            p.version(
                "2024-01",
                "en",
                "effective: 2024-01-15",
                &format!("{SECTIONS}  - id: cookies\n    title: Again\n    body: x\n"),
            )
        },
        expected: "policies/acme/2024-01/en.yaml:17:9: error: the section id `cookies` is used twice in this version (first used on line 14)",
    },
    Case {
        name: "invalid section id",
        edit: |p| {
            p.version(
                "2024-01",
                "en",
                "effective: 2024-01-15",
                "  - id: Our Data\n    title: T\n    body: x\n",
            )
        },
        expected: "policies/acme/2024-01/en.yaml:3:9: error: the section id is not valid: `Our Data` must start with a lowercase letter or a digit",
    },
    Case {
        name: "section without title in the source locale",
        edit: |p| {
            p.version(
                "2024-01",
                "en",
                "effective: 2024-01-15",
                "  - id: a\n    body: x\n",
            )
        },
        expected: "policies/acme/2024-01/en.yaml:3:9: error: the section `a` has no `title`",
    },
    Case {
        name: "translation of a section the source does not have",
        edit: |p| {
            p.version(
                "2024-01",
                "fr",
                "title: X",
                "  - id: intro\n    title: I\n  - id: cookie\n    title: C\n",
            )
        },
        expected: "policies/acme/2024-01/fr.yaml:5:9: error: the source locale has no section `cookie`",
    },
    Case {
        name: "translation that changes `material`",
        edit: |p| p.version("2024-01", "fr", "", "  - id: intro\n    material: false\n"),
        expected: "policies/acme/2024-01/fr.yaml:4:15: error: `material` differs from the source locale's (true)",
    },
    Case {
        name: "two versions on one day",
        edit: |p| p.version("2024-02", "en", "effective: 2024-01-15", SECTIONS),
        expected: "policies/acme/2024-02/en.yaml:1:12: error: versions `2024-01` and `2024-02` both take effect on 2024-01-15",
    },
    Case {
        name: "version without the source locale",
        edit: |p| p.version("2024-02", "fr", "title: X", SECTIONS_EMPTY),
        expected: "policies/acme/2024-02: error: the version `2024-02` has no `en.yaml`, the policy's source locale",
    },
    Case {
        name: "file name that is not a locale",
        edit: |p| p.version("2024-01", "french", "title: X", SECTIONS_EMPTY),
        expected: "policies/acme/2024-01/french.yaml: error: the file name does not name a locale",
    },
    Case {
        name: "policy folder that is not an id",
        edit: |p| {
            p.file("policies/Acme Two/policy.yaml", "title: T\nowner: O\n")
                .file(
                    "policies/Acme Two/1/en.yaml",
                    "effective: 2024-01-01\nsections:\n  - id: a\n    title: A\n    body: b\n",
                )
        },
        expected: "policies/Acme Two: error: the policy folder name is not a valid id: `Acme Two` must start with a lowercase letter or a digit",
    },
    Case {
        name: "YAML syntax error",
        edit: |p| {
            p.file(
                "policies/acme/policy.yaml",
                "title: \"Privacy\nowner: Acme\n",
            )
        },
        expected: "policies/acme/policy.yaml:1:8: error: a quoted text is not closed",
    },
    Case {
        name: "wrong type",
        edit: |p| {
            p.file(
                "policies/acme/policy.yaml",
                "title: Privacy\nowner: Acme\nnotice_days: thirty\n",
            )
        },
        expected: "policies/acme/policy.yaml:3:14: error: expected a whole number here",
    },
    Case {
        name: "invalid change kind",
        edit: |p| {
            p.version(
                "2024-01",
                "en",
                "effective: 2024-01-15\nchange:\n  kind: major",
                SECTIONS,
            )
        },
        expected: "policies/acme/2024-01/en.yaml:3:9: error: `major` is not one of the allowed values",
    },
    Case {
        name: "relative base_url",
        edit: |p| p.file("policies/site.yaml", "title: T\nbase_url: /legal/\n"),
        expected: "policies/site.yaml:2:11: error: `base_url` must be an absolute http(s) address, not `/legal/`",
    },
    Case {
        name: "invalid locale in site.yaml",
        edit: |p| {
            p.file(
                "policies/site.yaml",
                "title: T\nbase_url: https://x.org/\ndefault_locale: english\n",
            )
        },
        expected: "policies/site.yaml:3:17: error: `english` is not a valid BCP 47 locale tag",
    },
    Case {
        name: "missing site.yaml",
        edit: |p| {
            std::fs::remove_file(p.path("policies/site.yaml")).unwrap();
            p
        },
        expected: "policies/site.yaml: error: the site settings file `policies/site.yaml` is missing",
    },
    Case {
        name: "policy without versions",
        edit: |p| p.file("policies/empty/policy.yaml", "title: T\nowner: O\n"),
        expected: "policies/empty: error: the policy `empty` has no versions",
    },
    Case {
        name: "a .yml extension",
        edit: |p| p.file("policies/acme/2024-01/de.yml", "title: X\n"),
        expected: "policies/acme/2024-01/de.yml: error: source files must end in `.yaml`",
    },
    Case {
        name: "unknown theme",
        edit: |p| {
            p.file(
                "policies/site.yaml",
                "title: T\nbase_url: https://x.org/\ntheme: corporate\n",
            )
        },
        expected: "policies/site.yaml: error: the theme `corporate` does not exist",
    },
];

const SECTIONS_EMPTY: &str = "  - id: intro\n    title: I\n";

fn good() -> Project {
    Project::new().version("2024-01", "en", "effective: 2024-01-15", SECTIONS)
}

#[test]
fn each_broken_source_is_reported_at_its_place_and_the_site_survives() {
    for case in CASES {
        let project = good();
        project.build("2024-06-01");
        let before = project.snapshot_site();
        let project = (case.edit)(project);
        let output = project
            .privsite(&["build", "--today", "2024-06-01"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{}: exit status\n{stderr}",
            case.name
        );
        assert!(
            stderr.lines().any(|l| l.starts_with(case.expected)),
            "{}: expected a line starting with\n  {}\nin\n{stderr}",
            case.name,
            case.expected
        );
        assert!(
            stderr.contains("nothing was written"),
            "{}: {stderr}",
            case.name
        );
        assert_eq!(
            before,
            project.snapshot_site(),
            "{}: site/ must be untouched",
            case.name
        );
    }
}

#[test]
fn check_reports_the_same_errors_without_writing() {
    let project = (CASES[0].edit)(good());
    let output = project.privsite(&["check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains(CASES[0].expected));
    assert!(!project.path("site").exists());
}

#[test]
fn every_error_of_a_run_is_reported_at_once() {
    let project = two_versions()
        .version(
            "2024-01",
            "en",
            "effective: 2024-01-15\nsummery: x",
            SECTIONS,
        )
        .file(
            "policies/acme/policy.yaml",
            "title: T\nowner: O\nnotice_days: -1\n",
        )
        .version("2025-01", "fr", "title: X", "  - id: nope\n    title: N\n");
    let output = project.privsite(&["check"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.lines().filter(|l| l.contains(": error: ")).count(),
        3,
        "{stderr}"
    );
    assert!(stderr.contains("the sources have 3 errors"), "{stderr}");
}

#[test]
fn errors_show_the_source_line_with_a_caret_and_advice() {
    let project = good().version(
        "2024-01",
        "en",
        "effective: 2024-01-15\nsumary: x",
        SECTIONS,
    );
    let output = project.privsite(&["check"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let expected = "policies/acme/2024-01/en.yaml:2:1: error: unknown field `sumary`\n  |\n2 | sumary: x\n  | ^\n";
    assert!(stderr.contains(expected), "{stderr}");
    assert!(
        stderr.contains(
            "= help: the fields allowed here are: title, effective, published, change, sections"
        ),
        "{stderr}"
    );
}

#[test]
fn a_typo_gets_a_did_you_mean() {
    let project = good().file(
        "policies/acme/policy.yaml",
        "title: T\nowner: O\nnotice_dais: 10\n",
    );
    let output = project.privsite(&["check"]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("= help: did you mean `notice_days`?")
    );
}

#[test]
fn warnings_do_not_fail_the_build() {
    let project = Project::new().version(
        "1",
        "en",
        "effective: 2024-01-15\npublished: 2024-02-01",
        "  - id: a\n    title: A\n    body: text\n  - id: empty\n    title: Empty\n",
    );
    let output = project
        .privsite(&["build", "--today", "2024-06-01"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("policies/acme/1/en.yaml:2:12: warning: this version is published (2024-02-01) after it takes effect (2024-01-15)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("policies/acme/1/en.yaml:7:9: warning: the section `empty` is empty"),
        "{stderr}"
    );
}

#[test]
fn an_output_folder_privsite_did_not_write_is_never_replaced() {
    let project = good().file("site/important.txt", "keep me");
    let output = project
        .privsite(&["build", "--today", "2024-06-01"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("privsite did not write"));
    assert_eq!(
        std::fs::read_to_string(project.path("site/important.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn the_output_folder_cannot_be_the_sources() {
    let project = good();
    for out in [".", "policies", "policies/acme"] {
        let output = project
            .privsite(&["build", "--today", "2024-06-01", "--out", out])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "--out {out}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("would overwrite the sources"));
    }
    assert!(project.path("policies/acme/policy.yaml").is_file());
}

#[test]
fn encoding_damage_is_a_warning_that_names_the_character_meant() {
    let project = good().version(
        "2024-01",
        "en",
        "effective: 2024-01-15\ntitle: \"Acmeâ„¢ Privacy\"",
        SECTIONS,
    );
    let output = project.privsite(&["check"]).output().unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr
            .contains("policies/acme/2024-01/en.yaml:2:13: warning: `â„¢` looks like damaged text"),
        "{stderr}"
    );
    assert!(stderr.contains("replace `â„¢` with `™`"), "{stderr}");
}

#[test]
fn strict_makes_warnings_fail() {
    let project = good().version(
        "2024-01",
        "en",
        "effective: 2024-01-15\npublished: 2024-02-01",
        SECTIONS,
    );
    assert!(
        project
            .privsite(&["check"])
            .output()
            .unwrap()
            .status
            .success()
    );
    let strict = project.privsite(&["check", "--strict"]).output().unwrap();
    assert_eq!(strict.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&strict.stderr).contains("1 warning with --strict"));
}

#[test]
fn check_speaks_json_and_github_annotations() {
    let project = (CASES[0].edit)(good());
    let json = project
        .privsite(&["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(1));
    let list: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(list[0]["file"], "policies/acme/2024-01/en.yaml");
    assert_eq!(list[0]["line"], 1);
    assert_eq!(list[0]["severity"], "error");
    assert_eq!(list[0]["message"], "unknown field `efective`");
    let github = project
        .privsite(&["check", "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(github.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&github.stdout),
        "::error file=policies/acme/2024-01/en.yaml,line=1,col=1,title=privsite::unknown field `efective`%0Ahelp: did you mean `effective`?\n"
    );
}

#[test]
fn links_that_lead_nowhere_are_warnings() {
    let project = Project::new()
        .version(
            "1",
            "en",
            "effective: 2024-01-01",
            "  - id: intro\n    title: Intro\n    body: \"See [logs](#logs), [cookies](#cookie-choices), [the table](#retention) and [data](#dat).\"\n  - id: logs\n    title: Logs\n    body: \"## Cookie choices\\n\\n<table><tr><td><a id=\\\"retention\\\"></a>90 days</td></tr></table>\"\n  - id: data\n    title: Data\n    body: Text.\n",
        )
        .version("1", "fr", "", "  - id: intro\n    body: \"Voir [les journaux](#journaux).\"\n");
    let output = project.privsite(&["check"]).output().unwrap();
    assert!(output.status.success(), "warnings only");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect();
    assert_eq!(
        warnings,
        [
            "policies/acme/1/en.yaml:3:9: warning: a link in section `intro` goes to `#dat`, but this version has no section or heading `dat`",
            "policies/acme/1/fr.yaml:3:9: warning: a link in section `intro` goes to `#journaux`, but this version has no section or heading `journaux`",
        ],
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `#data`?"), "{stderr}");
}
