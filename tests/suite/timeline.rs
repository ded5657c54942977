//! "Today" decides which versions are built and which one is current:
//! drafts are left out, upcoming versions are announced.

use crate::support::{Project, SECTIONS, two_versions};

#[test]
fn a_version_is_a_draft_until_its_published_date() {
    let project = two_versions();
    // 2025-01 is published on 2024-11-15.
    project.build("2024-11-14");
    assert!(
        !project.exists("acme/en/2025-01/index.html"),
        "drafts are not built"
    );
    assert!(!project.read("sitemap.xml").contains("2025-01"));
    project.build("2024-11-15");
    assert!(
        project.exists("acme/en/2025-01/index.html"),
        "built on its published day"
    );
}

#[test]
fn drafts_flag_builds_unpublished_versions_marked_as_drafts() {
    let project = two_versions();
    project
        .privsite(&["build", "--today", "2024-11-01", "--drafts"])
        .assert()
        .success();
    let page = project.page("acme/en/2025-01/index.html");
    assert_eq!(page.count(".banner--draft"), 1);
    assert_eq!(page.attr("meta[name=robots]", "content"), "noindex");
}

#[test]
fn the_current_version_is_the_newest_in_effect() {
    let project = two_versions();
    project.build("2025-01-14");
    assert!(
        project
            .page("acme/en/index.html")
            .texts("#cookies")
            .concat()
            .contains("one cookie")
    );
    project.build("2025-01-15");
    assert!(
        project
            .page("acme/en/index.html")
            .texts("#cookies")
            .concat()
            .contains("two cookies")
    );
}

#[test]
fn current_pages_announce_an_upcoming_version() {
    let project = two_versions();
    project.build("2024-12-01");
    let page = project.page("acme/en/index.html");
    let banner = page.texts(".banner--upcoming").concat();
    assert!(banner.contains("January 15, 2025"), "{banner}");
    assert!(banner.contains("30 days"), "the summary is shown: {banner}");
    assert_eq!(
        project.targets("acme/en/index.html", ".banner--upcoming .banner__action a"),
        [
            "acme/en/2025-01/index.html",
            "acme/en/2025-01/changes/index.html"
        ],
        "the banner leads to the new version and to what changed"
    );
    assert_eq!(
        page.texts(".banner--upcoming .banner__action a"),
        ["Read the new version", "See what changed"]
    );
    let fr = project.page("acme/fr/index.html");
    assert!(
        fr.texts(".banner--upcoming")
            .concat()
            .contains("15 janvier 2025")
    );
}

#[test]
fn an_upcoming_version_page_says_when_it_takes_effect() {
    let project = two_versions();
    project.build("2024-12-01");
    let page = project.page("acme/en/2025-01/index.html");
    assert!(
        page.texts(".banner--upcoming")
            .concat()
            .contains("takes effect on January 15, 2025")
    );
    assert_eq!(
        project.targets("acme/en/2025-01/index.html", ".banner--upcoming a"),
        ["acme/en/2024-01/index.html"]
    );
}

#[test]
fn a_replaced_version_says_when_it_applied() {
    let project = two_versions();
    project.build("2025-06-01");
    let page = project.page("acme/en/2024-01/index.html");
    let banner = page.texts(".banner--superseded").concat();
    assert!(
        banner.contains("January 15, 2024") && banner.contains("January 15, 2025"),
        "{banner}"
    );
}

#[test]
fn before_any_version_is_in_effect_the_first_one_is_shown_as_upcoming() {
    let project = Project::new().version(
        "2030-01",
        "en",
        "effective: 2030-01-01\npublished: 2029-12-01",
        SECTIONS,
    );
    project.build("2029-12-15");
    let page = project.page("acme/en/index.html");
    assert_eq!(page.count(".banner--upcoming"), 1);
    assert!(
        project
            .page("index.html")
            .texts(".policy-card__dates")
            .concat()
            .contains("Takes effect on")
    );
}

#[test]
fn today_comes_from_source_date_epoch_when_not_given() {
    let project = two_versions();
    // 2024-11-14T12:00:00Z: the day before 2025-01 is published.
    project
        .privsite(&["build"])
        .env("SOURCE_DATE_EPOCH", "1731585600")
        .assert()
        .success();
    assert!(!project.exists("acme/en/2025-01/index.html"));
    // 2024-11-15T12:00:00Z
    project
        .privsite(&["build"])
        .env("SOURCE_DATE_EPOCH", "1731672000")
        .assert()
        .success();
    assert!(project.exists("acme/en/2025-01/index.html"));
}
