//! Telling people: the homepage notice through time, the Atom feeds, and the
//! record of every version with its digest.

use sha2::{Digest, Sha256};

use crate::support::{Project, SECTIONS, two_versions};

fn notice(project: &Project, locale: &str) -> serde_json::Value {
    serde_json::from_str(&project.read(&format!("acme/{locale}/notice.json"))).unwrap()
}

#[test]
fn the_notice_follows_the_window_of_a_material_version() {
    // 2025-01 is material, published 2024-11-15, effective 2025-01-15;
    // the notice runs 30 days from publication: 2024-11-15 to 2024-12-14.
    let project = two_versions();
    let cases = [
        ("2024-11-14", false), // before publication (a draft, not even built)
        ("2024-11-15", true),  // the published day
        ("2024-12-14", true),  // the last day of the window
        ("2024-12-15", false), // the first day without it
    ];
    for (today, active) in cases {
        project.build(today);
        let json = notice(&project, "en");
        assert_eq!(json["active"], active, "{today}");
        let html = project.read("acme/en/notice.html");
        assert_eq!(html.is_empty(), !active, "{today}: {html}");
        if active {
            assert_eq!(json["version"], "2025-01");
            assert_eq!(json["published"], "2024-11-15");
            assert_eq!(json["effective"], "2025-01-15");
            assert_eq!(json["ends"], "2024-12-15");
            assert_eq!(json["url"], "https://legal.example.com/acme/en/2025-01/");
            assert_eq!(
                json["changes_url"],
                "https://legal.example.com/acme/en/2025-01/changes/"
            );
            assert!(
                json["summary_html"]
                    .as_str()
                    .unwrap()
                    .contains("<strong>30 days</strong>")
            );
        } else {
            assert_eq!(json["version"], serde_json::Value::Null);
        }
    }
}

#[test]
fn an_upcoming_change_says_it_will_take_effect() {
    let project = two_versions();
    project.build("2024-11-20");
    let page = project.page("acme/en/notice.html");
    assert_eq!(
        page.count("aside.privsite-notice[data-privsite-notice-ends='2024-12-15']"),
        1
    );
    let text = page.texts("aside").concat();
    assert!(
        text.contains("The new version takes effect on January 15, 2025."),
        "{text}"
    );
    let fr = project.page("acme/fr/notice.html");
    assert_eq!(fr.attr("aside", "lang"), "fr");
    assert!(fr.texts("aside").concat().contains("15 janvier 2025"));
    assert_eq!(
        project.page("acme/ar/notice.html").attr("aside", "dir"),
        "rtl"
    );
}

#[test]
fn a_change_in_effect_says_it_took_effect() {
    // A version published and effective on the same day.
    let project = Project::new().one_change("effective: 2024-06-01", "no cookie");
    project.build("2024-06-10");
    let text = project.page("acme/en/notice.html").texts("aside").concat();
    assert!(
        text.contains("The new version took effect on June 1, 2024."),
        "{text}"
    );
}

#[test]
fn a_minor_version_has_no_notice() {
    let project = Project::new().one_change("effective: 2024-06-01", "one cokie");
    project.build("2024-06-02");
    assert_eq!(notice(&project, "en")["active"], false);
    assert!(project.read("acme/en/notice.html").is_empty());
}

#[test]
fn when_two_windows_overlap_the_newest_version_wins() {
    let project = Project::new()
        .file(
            "policies/acme/policy.yaml",
            "title: Privacy Policy\nowner: Acme Inc.\nnotice_days: 30\n",
        )
        .one_change("effective: 2024-06-01", "no cookie")
        .version(
            "3",
            "en",
            "effective: 2024-06-11",
            &SECTIONS.replace("one cookie", "many cookies"),
        );
    project.build("2024-06-20");
    let json = notice(&project, "en");
    assert_eq!(json["version"], "3");
    assert_eq!(json["ends"], "2024-07-11");
    // After version 3's window, version 2's has ended too.
    project.build("2024-07-01");
    assert_eq!(notice(&project, "en")["version"], "3");
    project.build("2024-07-11");
    assert_eq!(notice(&project, "en")["active"], false);
}

#[test]
fn the_example_site_shows_a_live_notice_inside_a_window() {
    let project = crate::examples::examples();
    project.build("2006-01-15");
    let json: serde_json::Value =
        serde_json::from_str(&project.read("zimbra/en/notice.json")).unwrap();
    assert_eq!(json["active"], true);
    assert_eq!(json["version"], "2006-02");
    assert!(!project.read("zimbra/fr/notice.html").is_empty());
    // Mozilla's second version is published on 2008-11-01.
    project.build("2008-11-10");
    let mozilla: serde_json::Value =
        serde_json::from_str(&project.read("mozilla/en/notice.json")).unwrap();
    assert_eq!(mozilla["active"], false, "Mozilla's change is minor");
}

#[test]
fn feeds_are_atom_with_one_entry_per_version_newest_first() {
    let project = two_versions();
    project.build("2025-02-01");
    let feed: atom_syndication::Feed = project.read("acme/fr/feed.xml").parse().unwrap();
    assert_eq!(feed.id(), "https://legal.example.com/acme/fr/feed.xml");
    assert_eq!(feed.lang(), Some("fr"));
    let ids: Vec<&str> = feed.entries().iter().map(|e| e.id()).collect();
    assert_eq!(
        ids,
        [
            "https://legal.example.com/acme/fr/2025-01/",
            "https://legal.example.com/acme/fr/2024-01/"
        ]
    );
    let newest = &feed.entries()[0];
    assert_eq!(newest.updated().to_rfc3339(), "2024-11-15T00:00:00+00:00");
    assert_eq!(newest.categories()[0].term(), "material");
    let content = newest.content().and_then(|c| c.value()).unwrap();
    assert!(
        content.contains("30 days") && content.contains("2025-01/changes/#cookies"),
        "{content}"
    );
    // The same build gives the same feed.
    let before = project.read("acme/fr/feed.xml");
    project.build("2025-02-01");
    assert_eq!(before, project.read("acme/fr/feed.xml"));
}

#[test]
fn pages_link_their_feed_and_the_site_has_a_feed_of_everything() {
    let project = two_versions();
    project.build("2025-02-01");
    assert_eq!(
        project.targets("acme/fr/index.html", "link[type='application/atom+xml']"),
        ["acme/fr/feed.xml"]
    );
    assert_eq!(
        project
            .page("index.html")
            .attr("link[type='application/atom+xml']", "href"),
        "feed.xml"
    );
    let site: atom_syndication::Feed = project.read("feed.xml").parse().unwrap();
    assert_eq!(site.entries().len(), 2);
}

#[test]
fn the_site_feed_has_the_newest_fifty_versions_and_each_policy_feed_has_all() {
    let mut project = Project::new();
    for n in 0..60 {
        project = project.version(
            &format!("v{n:03}"),
            "en",
            &format!(
                "effective: {}",
                jiff::civil::date(2000, 1, 1) + jiff::Span::new().days(n * 30)
            ),
            &format!("  - id: logs\n    title: Logs\n    body: We keep logs for {n} days.\n"),
        );
    }
    project.build("2010-01-01");
    let site: atom_syndication::Feed = project.read("feed.xml").parse().unwrap();
    let ids: Vec<&str> = site.entries().iter().map(|e| e.id()).collect();
    assert_eq!(ids.len(), 50);
    assert!(ids[0].ends_with("/acme/en/v059/"), "{ids:?}");
    assert!(ids[49].ends_with("/acme/en/v010/"), "{ids:?}");
    let policy: atom_syndication::Feed = project.read("acme/en/feed.xml").parse().unwrap();
    assert_eq!(policy.entries().len(), 60);
}

#[test]
fn versions_json_records_every_version_with_the_digest_of_its_text() {
    let project = two_versions();
    project.build("2025-02-01");
    let json: serde_json::Value =
        serde_json::from_str(&project.read("acme/versions.json")).unwrap();
    let versions = json["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    let source = std::fs::read(project.path("policies/acme/2024-01/en.yaml")).unwrap();
    let digest: String = Sha256::digest(&source)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(versions[0]["sha256"], digest);
    assert_eq!(versions[0]["until"], "2025-01-15");
    assert_eq!(versions[1]["classification"], "material");
    assert_eq!(versions[1]["status"], "current");
    assert_eq!(
        versions[0]["urls"][1]["url"],
        "https://legal.example.com/acme/fr/2024-01/"
    );
    // Which version applied on 2024-06-01: the newest effective on or before it.
    let in_force = versions
        .iter()
        .rfind(|v| v["effective"].as_str().unwrap() <= "2024-06-01")
        .unwrap();
    assert_eq!(in_force["id"], "2024-01");
}

#[test]
fn check_warns_when_the_notice_is_gone_before_the_change_takes_effect() {
    // Thirty days from 2024-06-01: the notice is up until 2024-06-30, and the
    // change applies on 2024-07-01, when nobody is told any more.
    let project =
        Project::new().one_change("effective: 2024-07-01\npublished: 2024-06-01", "no cookie");
    let output = project.privsite(&["check"]).output().unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("policies/acme/2/en.yaml:1:12: warning: the homepage notice of this material change is shown from 2024-06-01 to 2024-06-30 (30 days), but the change takes effect on 2024-07-01: readers get no notice on the day it applies"),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: set `notice_days: 31` (or more) in policy.yaml so the notice is still up on 2024-07-01, or publish the version on 2024-06-02 or later"),
        "{stderr}"
    );
    // A window that still runs on the day the change applies is fine (its
    // last day, 2024-06-30, included); a minor change has no notice at all.
    let fine = Project::new()
        .one_change("effective: 2024-06-30\npublished: 2024-06-01", "no cookie")
        .version(
            "3",
            "en",
            "effective: 2024-08-01",
            &SECTIONS.replace("one cookie", "no cokie"),
        );
    let stderr =
        String::from_utf8_lossy(&fine.privsite(&["check"]).output().unwrap().stderr).into_owned();
    assert!(!stderr.contains("notice"), "{stderr}");
}

#[test]
fn a_notice_of_zero_days_is_never_shown_and_check_says_so() {
    let project = Project::new()
        .file(
            "policies/acme/policy.yaml",
            "title: Privacy Policy\nowner: Acme Inc.\nnotice_days: 0\n",
        )
        .one_change("effective: 2024-06-01", "no cookie");
    let stderr = String::from_utf8_lossy(&project.privsite(&["check"]).output().unwrap().stderr)
        .into_owned();
    assert!(
        stderr.contains("warning: the homepage notice of this material change is never shown (`notice_days` is 0), but the change takes effect on 2024-06-01"),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: set `notice_days: 1` (or more) in policy.yaml so the notice is still up on 2024-06-01\n"),
        "{stderr}"
    );
}
