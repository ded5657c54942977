//! Numbers from the sources at the edges of what dates can hold (issue 14,
//! item 12). `notice_days` of 7,304,485 or more used to panic (exit 101)
//! in `build` and `check`; the refused values are in the corpus
//! (`notice-days-*`, `notice-window-past-the-last-day`). Here, the largest
//! values that are allowed build, with their windows computed exactly.

use crate::support::{Project, SECTIONS};

fn project(notice_days: &str, published: &str, effective: &str) -> Project {
    Project::new()
        .file(
            "policies/acme/policy.yaml",
            &format!("title: Privacy Policy\nowner: Acme Inc.\nnotice_days: {notice_days}\n"),
        )
        .version("1", "en", "effective: 2000-01-01", SECTIONS)
        .version(
            "2",
            "en",
            &format!("effective: {effective}\npublished: {published}"),
            &SECTIONS.replace("one cookie", "no cookie"),
        )
}

fn notice(project: &Project) -> serde_json::Value {
    serde_json::from_str(&project.read("acme/en/notice.json")).unwrap()
}

#[test]
fn the_longest_notice_window_builds_and_ends_on_its_day() {
    // A hundred years (36,525 days) is allowed, with a warning.
    let project = project("36525", "2024-03-01", "2024-04-01");
    let output = project.privsite(&["check"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("policies/acme/policy.yaml:3:14: warning: `notice_days` is 36525"),
        "{stderr}"
    );
    project.build("2124-03-01");
    let json = notice(&project);
    assert_eq!(json["active"], true);
    assert_eq!(json["ends"], "2124-03-02");
    project.build("2124-03-02");
    assert_eq!(notice(&project)["active"], false);
}

#[test]
fn a_window_ending_on_the_last_day_of_the_calendar_builds() {
    // Published on 9999-12-01, up 30 days: the first day without it is
    // 9999-12-31, the last day dates can hold.
    let project = project("30", "9999-12-01", "9999-12-15");
    project.build("9999-12-30");
    let json = notice(&project);
    assert_eq!(json["active"], true);
    assert_eq!(json["ends"], "9999-12-31");
    // One day more is past the calendar: refused at `published`.
    let project = self::project("31", "9999-12-01", "9999-12-15");
    let output = project.privsite(&["check"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("policies/acme/2/en.yaml:2:12: error: the homepage notice of this version would run past 9999-12-31"),
        "{stderr}"
    );
}
