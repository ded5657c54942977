//! Snapshots of representative pages: any change to the markup shows up in
//! review as a diff of `tests/suite/snapshots/`.

use crate::support::two_versions;

#[test]
fn representative_pages() {
    let project = two_versions();
    project.build("2024-12-01");
    for (name, file) in [
        ("version_fr_partial", "acme/fr/index.html"),
        ("version_ar_rtl", "acme/ar/2024-01/index.html"),
        ("versions_en", "acme/en/versions/index.html"),
        ("changes_fr", "acme/fr/2025-01/changes/index.html"),
        ("index", "index.html"),
        ("sitemap", "sitemap.xml"),
    ] {
        insta::assert_snapshot!(name, project.read(file));
    }
}
