//! The output layout of the contract: every page exists where it should,
//! with a complete HTML5 frame, canonical link and stable anchors.

use crate::support::{Project, SECTIONS, two_versions};

#[test]
fn every_path_of_the_layout_exists() {
    let project = two_versions();
    project.build("2024-12-01");
    let mut expected = vec![
        "index.html".to_owned(),
        "sitemap.xml".to_owned(),
        "feed.xml".to_owned(),
        "assets/privsite.css".to_owned(),
        "acme/index.html".to_owned(),
        "acme/versions.json".to_owned(),
    ];
    for locale in ["en", "fr", "ar"] {
        expected.push(format!("acme/{locale}/index.html"));
        expected.push(format!("acme/{locale}/versions/index.html"));
        expected.push(format!("acme/{locale}/notice.html"));
        expected.push(format!("acme/{locale}/notice.json"));
        expected.push(format!("acme/{locale}/feed.xml"));
        for version in ["2024-01", "2025-01"] {
            expected.push(format!("acme/{locale}/{version}/index.html"));
        }
    }
    let files = project.site_files();
    for path in &expected {
        assert!(
            files.contains(path),
            "missing {path}; the site has {files:?}"
        );
    }
}

#[test]
fn the_policy_home_shows_the_current_version_in_the_source_locale() {
    let project = two_versions();
    project.build("2024-12-01");
    let home = project.page("acme/index.html");
    assert_eq!(home.attr("html", "lang"), "en");
    assert_eq!(home.texts("h1"), ["Privacy Policy"]);
    assert!(
        home.texts("#cookies").concat().contains("one cookie"),
        "the current version is 2024-01"
    );
    // The same page, its links written from one folder up.
    assert_eq!(
        home.texts("body"),
        project.page("acme/en/index.html").texts("body")
    );
    assert_eq!(
        project.targets("acme/index.html", "[href]"),
        project.targets("acme/en/index.html", "[href]")
    );
}

#[test]
fn every_page_is_a_complete_html5_document_with_a_canonical_link() {
    let project = two_versions();
    project.build("2024-12-01");
    // Every page; the notice is a fragment for other pages, not a page.
    for file in project
        .site_files()
        .iter()
        .filter(|f| f.ends_with(".html") && !f.ends_with("notice.html"))
    {
        let text = project.read(file);
        assert!(text.starts_with("<!DOCTYPE html>"), "{file}");
        let page = project.page(file);
        assert_eq!(page.count("html[lang]"), 1, "{file}");
        assert_eq!(page.count("head > title"), 1, "{file}");
        assert_eq!(page.count("main"), 1, "{file}: one main landmark");
        let canonical = page.attr("link[rel=canonical]", "href");
        assert!(
            canonical.starts_with("https://legal.example.com/"),
            "{file}: {canonical}"
        );
    }
}

#[test]
fn canonical_links_use_public_urls_without_index_html() {
    let project = two_versions();
    project.build("2024-12-01");
    let cases = [
        ("index.html", "https://legal.example.com/"),
        ("acme/index.html", "https://legal.example.com/acme/en/"),
        ("acme/fr/index.html", "https://legal.example.com/acme/fr/"),
        (
            "acme/fr/2024-01/index.html",
            "https://legal.example.com/acme/fr/2024-01/",
        ),
        (
            "acme/ar/versions/index.html",
            "https://legal.example.com/acme/ar/versions/",
        ),
    ];
    for (file, url) in cases {
        assert_eq!(
            project.page(file).attr("link[rel=canonical]", "href"),
            url,
            "{file}"
        );
    }
}

#[test]
fn sections_have_stable_anchors_and_a_table_of_contents() {
    let project = two_versions();
    project.build("2024-12-01");
    let page = project.page("acme/en/2024-01/index.html");
    assert_eq!(
        page.attrs("section.policy-section", "id"),
        ["intro", "data", "cookies"]
    );
    assert_eq!(
        page.attrs("nav.toc a", "href"),
        ["#intro", "#data", "#cookies"]
    );
    // Nested sections are nested, with a lower heading level.
    assert_eq!(page.count("section#data section#cookies"), 1);
    assert_eq!(page.texts("section#cookies > h3"), ["Cookies"]);
}

#[test]
fn version_pages_show_effective_and_last_updated_dates() {
    let project = two_versions();
    project.build("2025-02-01");
    let page = project.page("acme/en/2025-01/index.html");
    let times = page.attrs(".policy-header .policy-dates time", "datetime");
    assert_eq!(
        times,
        ["2025-01-15", "2024-11-15"],
        "effective, then last updated (published)"
    );
    assert!(
        page.texts(".policy-dates")
            .concat()
            .contains("January 15, 2025")
    );
}

#[test]
fn version_pages_link_to_earlier_versions() {
    let project = two_versions();
    project.build("2025-02-01");
    assert_eq!(
        project.targets("acme/en/index.html", ".earlier-versions li a"),
        ["acme/en/2024-01/index.html"]
    );
    let first = project.page("acme/en/2024-01/index.html");
    assert_eq!(first.count(".earlier-versions li"), 0);
}

#[test]
fn the_versions_page_lists_every_version_newest_first() {
    let project = two_versions();
    project.build("2025-02-01");
    assert_eq!(
        project.targets(
            "acme/en/versions/index.html",
            ".version-list a.version-list__id"
        ),
        ["acme/en/2025-01/index.html", "acme/en/2024-01/index.html"]
    );
    let page = project.page("acme/en/versions/index.html");
    assert_eq!(page.texts(".version-list .status"), ["Current", "Replaced"]);
    assert!(
        page.texts(".version-list__summary")
            .concat()
            .contains("30 days")
    );
}

#[test]
fn the_policy_list_links_every_policy_in_every_language() {
    let project = two_versions()
        .file(
            "policies/other/policy.yaml",
            "title: Cookie Policy\nowner: Acme Inc.\n",
        )
        .file(
            "policies/other/1/en.yaml",
            "effective: 2020-01-01\nsections:\n  - id: a\n    title: A\n    body: Text.\n",
        );
    project.build("2024-12-01");
    let page = project.page("index.html");
    assert_eq!(
        page.texts(".policy-card__title"),
        ["Privacy Policy", "Cookie Policy"]
    );
    assert_eq!(
        page.attrs(".policy-card__languages a", "href"),
        [
            "acme/en/index.html",
            "acme/fr/index.html",
            "acme/ar/index.html"
        ]
    );
}

#[test]
fn the_sitemap_lists_every_canonical_page_with_alternates() {
    let project = two_versions();
    project.build("2024-12-01");
    let sitemap = project.read("sitemap.xml");
    assert!(sitemap.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    for url in [
        "https://legal.example.com/",
        "https://legal.example.com/acme/fr/",
        "https://legal.example.com/acme/ar/2025-01/",
        "https://legal.example.com/acme/en/versions/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>{url}</loc>")),
            "{url} missing from\n{sitemap}"
        );
    }
    assert!(sitemap.contains(r#"<xhtml:link rel="alternate" hreflang="fr" href="https://legal.example.com/acme/fr/2024-01/"/>"#));
    assert!(!sitemap.contains("index.html"));
}

#[test]
fn assets_are_copied_and_linked_relatively() {
    let project = two_versions();
    project.build("2024-12-01");
    assert!(
        project
            .read("assets/privsite.css")
            .contains("prefers-color-scheme: dark")
    );
    assert_eq!(
        project
            .page("acme/fr/2024-01/index.html")
            .attr("link[rel=stylesheet]", "href"),
        "../../../assets/privsite.css"
    );
    assert_eq!(
        project
            .page("index.html")
            .attr("link[rel=stylesheet]", "href"),
        "assets/privsite.css"
    );
}

#[test]
fn markdown_is_rendered_and_raw_html_sanitized() {
    let project = Project::new().version(
        "1",
        "en",
        "effective: 2024-01-01",
        "  - id: a\n    title: A\n    body: |\n      Some **bold** text.\n\n      | Data | Kept |\n      |---|---|\n      | Logs | 90 days |\n\n      <script>alert(1)</script><a href=\"javascript:alert(1)\" onclick=\"x()\">link</a>\n",
    );
    project.build("2024-06-01");
    let page = project.page("acme/en/index.html");
    assert_eq!(page.texts("#a strong"), ["bold"]);
    assert_eq!(page.texts("#a td"), ["Logs", "90 days"]);
    assert_eq!(page.count("script"), 0);
    assert_eq!(page.count("[onclick]"), 0);
    assert!(
        page.attrs("#a a", "href")
            .iter()
            .all(|h| !h.contains("javascript"))
    );
}

#[test]
fn ids_on_a_page_are_unique_whatever_the_sections_are_called() {
    // Section ids that a theme might use for itself, and body headings that
    // slug to a section's id.
    let project = Project::new().version(
        "1",
        "en",
        "effective: 2024-01-01",
        "  - id: main\n    title: Main\n    body: \"## Main\\n\\nText. [See](#toc-title).\"\n  - id: toc-title\n    title: Contents\n    body: \"## Toc title\\n\\n## Toc title\"\n",
    );
    project.build("2024-06-01");
    for file in ["acme/en/index.html", "acme/en/1/index.html"] {
        let page = project.page(file);
        let mut ids = page.attrs("[id]", "id");
        let total = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), total, "{file}: duplicate ids in {ids:?}");
        assert!(ids.contains(&"main".to_owned()) && ids.contains(&"toc-title".to_owned()));
        assert!(
            ids.contains(&"toc-title-2".to_owned()) && ids.contains(&"toc-title-3".to_owned()),
            "{ids:?}"
        );
    }
}

#[test]
fn the_index_does_not_announce_twice_a_first_version_still_to_come() {
    let project = Project::new().version(
        "2024-01",
        "en",
        "effective: 2030-01-15\npublished: 2024-05-01",
        SECTIONS,
    );
    project.build("2024-06-01");
    let index = project.page("index.html");
    assert_eq!(
        index.texts(".policy-card").concat().matches("2030").count(),
        1,
        "{:?}",
        index.texts(".policy-card")
    );
}
