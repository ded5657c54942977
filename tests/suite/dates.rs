//! Dates where readers look for them: the change page says when the new
//! version takes effect and when it was published, announcements of an
//! upcoming version lead to what changes, feed entries carry the effective
//! date, and the version history says when each replaced version stopped
//! applying.

use atom_syndication::Feed;

use crate::support::two_versions;

#[test]
fn the_change_page_says_when_the_version_takes_effect_and_was_published() {
    let project = two_versions();
    project.build("2024-12-01");
    let page = project.page("acme/en/2025-01/changes/index.html");
    let dates = ".changes-header .changes-dates";
    assert_eq!(
        page.texts(&format!("{dates} dt")),
        ["Effective", "Published"]
    );
    assert_eq!(
        page.attrs(&format!("{dates} time"), "datetime"),
        ["2025-01-15", "2024-11-15"]
    );
    assert_eq!(
        page.texts(&format!("{dates} dd")),
        ["January 15, 2025 Upcoming", "November 15, 2024"]
    );
    // Once in effect, the same place says so.
    project.build("2025-02-01");
    let page = project.page("acme/en/2025-01/changes/index.html");
    assert_eq!(page.texts(&format!("{dates} .status")), ["Current"]);
    // Each language writes its dates its own way.
    let fr = project.page("acme/fr/2025-01/changes/index.html");
    assert_eq!(
        fr.texts(&format!("{dates} dd time")),
        ["15 janvier 2025", "15 novembre 2024"]
    );
}

#[test]
fn the_policy_list_leads_to_what_an_upcoming_version_changes() {
    let project = two_versions();
    project.build("2024-12-01");
    let page = project.page("index.html");
    assert_eq!(
        page.attr(".policy-card__upcoming a", "href"),
        "acme/en/2025-01/changes/index.html"
    );
}

#[test]
fn feed_entries_carry_the_effective_date_in_their_title_and_text() {
    let project = two_versions();
    project.build("2024-12-01");
    let feed: Feed = project
        .read("acme/en/feed.xml")
        .parse()
        .expect("valid Atom");
    let entry = &feed.entries()[0];
    assert_eq!(
        entry.title().as_str(),
        "Privacy Policy (2025-01), effective January 15, 2025"
    );
    // Readers sort and date entries by publication, as before.
    assert_eq!(
        entry.published().unwrap().to_rfc3339(),
        "2024-11-15T00:00:00+00:00"
    );
    let content = entry.content().and_then(|c| c.value()).unwrap();
    assert!(
        content.starts_with(
            "<p>Effective date: <time datetime=\"2025-01-15\">January 15, 2025</time></p>"
        ),
        "{content}"
    );
    // A first version has no change, but still its date.
    let first = &feed.entries()[1];
    assert_eq!(
        first.title().as_str(),
        "Privacy Policy (2024-01), effective January 15, 2024"
    );
    // In French, and in the site-wide feed.
    let fr: Feed = project.read("acme/fr/feed.xml").parse().unwrap();
    assert_eq!(
        fr.entries()[0].title().as_str(),
        "Politique de confidentialité (2025-01), en vigueur à compter du 15 janvier 2025"
    );
    let site: Feed = project.read("feed.xml").parse().unwrap();
    assert!(
        site.entries()
            .iter()
            .any(|e| e.title().as_str() == "Privacy Policy (2025-01), effective January 15, 2025")
    );
}

#[test]
fn a_feed_entry_stays_the_same_when_its_version_takes_effect() {
    let project = two_versions();
    project.build("2024-12-01");
    let before = project.read("acme/en/feed.xml");
    project.build("2025-02-01");
    assert_eq!(
        project.read("acme/en/feed.xml"),
        before,
        "entries are written without tense, so feed readers see no edit"
    );
}

#[test]
fn the_version_history_says_until_when_each_replaced_version_applied() {
    let project = two_versions();
    project.build("2025-02-01");
    let page = project.page("acme/en/versions/index.html");
    let replaced = ".version-list__item--superseded .policy-dates";
    assert_eq!(
        page.texts(&format!("{replaced} dt")),
        ["Effective", "Last updated", "Replaced on"]
    );
    assert_eq!(
        page.attrs(&format!("{replaced} time"), "datetime"),
        ["2024-01-15", "2024-01-15", "2025-01-15"]
    );
    assert_eq!(
        page.texts(".version-list__item--current .policy-dates dt"),
        ["Effective", "Last updated"],
        "the version in effect has no end"
    );
    let ar = project.page("acme/ar/versions/index.html");
    assert_eq!(
        ar.texts(&format!("{replaced} dt"))
            .last()
            .map(String::as_str),
        Some("تاريخ الاستبدال")
    );
}
