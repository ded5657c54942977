//! What "today" is: `--today` and `SOURCE_DATE_EPOCH` reach the same days
//! and refuse the same ones alike, and a day before any version is published
//! (a site with no policy in it) is a warning, an error under `--strict`.

use std::process::Output;

use crate::support::{Project, SECTIONS};

/// Version `1`, published 2024-01-01 and in effect from 2024-02-01; a second
/// policy `other`, whose one version is published 2024-03-01.
fn project() -> Project {
    Project::new()
        .version(
            "1",
            "en",
            "effective: 2024-02-01\npublished: 2024-01-01",
            SECTIONS,
        )
        .file(
            "policies/other/policy.yaml",
            "title: Cookie Policy\nowner: Acme Inc.\n",
        )
        .file(
            "policies/other/2024-03/en.yaml",
            &format!("effective: 2024-03-01\nsections:\n{SECTIONS}"),
        )
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const TOO_EARLY: &str = "policies/acme/1/en.yaml: warning: today is 2023-12-31, before any version of all 2 policies is published, so the site would have no policy in it: the earliest, version `1` of `acme`, is published on 2024-01-01";

#[test]
fn a_day_before_every_version_is_a_warning_naming_the_earliest() {
    let project = project();
    project.build("2024-06-01");
    let output = project
        .privsite(&["build", "--today", "2023-12-31"])
        .output()
        .unwrap();
    let said = stderr(&output);
    assert!(output.status.success(), "{said}");
    assert!(said.contains(TOO_EARLY), "{said}");
    assert!(
        said.contains("= help: privsite takes today from --today, else from the SOURCE_DATE_EPOCH environment variable"),
        "{said}"
    );
    assert!(
        !project.exists("acme/index.html"),
        "the build still happens"
    );

    // `check` says the same, since it is what `build` would publish.
    let check = project
        .privsite(&["check", "--today", "2023-12-31"])
        .output()
        .unwrap();
    assert!(check.status.success());
    assert!(stderr(&check).contains(TOO_EARLY), "{}", stderr(&check));

    // One day later the first version is out: no warning.
    let output = project
        .privsite(&["check", "--today", "2024-01-01"])
        .output()
        .unwrap();
    assert!(
        !stderr(&output).contains("before any version"),
        "{}",
        stderr(&output)
    );
    // With --drafts every version is built: nothing to warn about.
    let output = project
        .privsite(&[
            "build",
            "--today",
            "2023-12-31",
            "--drafts",
            "--out",
            "preview",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        !stderr(&output).contains("before any version"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn with_a_position_when_the_day_published_is_the_effective_line() {
    let project = Project::new().version("1", "en", "effective: 2024-01-15", SECTIONS);
    let output = project
        .privsite(&["check", "--today", "2024-01-14"])
        .output()
        .unwrap();
    assert!(
        stderr(&output).contains("policies/acme/1/en.yaml:1:12: warning: today is 2024-01-14, before any version of the policy is published"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn strict_refuses_a_day_before_every_version_and_keeps_the_site() {
    let project = project();
    project.build("2024-06-01");
    let before = project.snapshot_site();
    for command in ["build", "check"] {
        let output = project
            .privsite(&[command, "--today", "2023-12-31", "--strict"])
            .output()
            .unwrap();
        let said = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{command}: {said}");
        assert!(said.contains(TOO_EARLY), "{command}: {said}");
        assert!(
            said.contains("error: 1 warning with --strict"),
            "{command}: {said}"
        );
    }
    assert_eq!(project.snapshot_site(), before, "site/ is as it was");
    // The same through SOURCE_DATE_EPOCH: 0 is 1970-01-01.
    let output = project
        .privsite(&["build", "--strict"])
        .env("SOURCE_DATE_EPOCH", "0")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(
            "warning: today is 1970-01-01, before any version of all 2 policies is published"
        ),
        "{}",
        stderr(&output)
    );
    assert_eq!(project.snapshot_site(), before, "site/ is as it was");
}

#[test]
fn the_summary_says_when_today_comes_from_source_date_epoch() {
    let project = project();
    // 2024-06-01T12:00:00Z
    let output = project
        .privsite(&["build"])
        .env("SOURCE_DATE_EPOCH", "1717243200")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        stderr(&output).contains("today is 2024-06-01 from SOURCE_DATE_EPOCH"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_last_day_is_the_same_whichever_way_it_is_given() {
    let project = project();
    project.build("9999-12-31");
    let by_flag = project.snapshot_site();
    for epoch in ["253402214400", "253402300799"] {
        project
            .privsite(&["build"])
            .env("SOURCE_DATE_EPOCH", epoch)
            .assert()
            .success();
        assert_eq!(
            project.snapshot_site(),
            by_flag,
            "SOURCE_DATE_EPOCH={epoch}"
        );
    }
    // The day after: refused alike (a usage error), nothing written.
    let past = "is after 9999-12-31, the last day privsite can build a site for";
    let runs = [
        project
            .privsite(&["build", "--today", "10000-01-01"])
            .output()
            .unwrap(),
        project
            .privsite(&["build"])
            .env("SOURCE_DATE_EPOCH", "253402300800")
            .output()
            .unwrap(),
        project
            .privsite(&["check"])
            .env("SOURCE_DATE_EPOCH", "99999999999999999999999")
            .output()
            .unwrap(),
    ];
    for output in runs {
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(stderr(&output).contains(past), "{}", stderr(&output));
    }
    assert_eq!(project.snapshot_site(), by_flag);
}

#[test]
fn source_date_epoch_before_1970_is_explained() {
    let output = project()
        .privsite(&["check"])
        .env("SOURCE_DATE_EPOCH", "-86400")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("error: SOURCE_DATE_EPOCH is `-86400`, a time before 1970: it counts seconds since 1970-01-01 00:00 UTC and cannot be negative; for a day before 1970, use --today"),
        "{}",
        stderr(&output)
    );
}
