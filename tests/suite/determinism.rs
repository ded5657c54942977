//! The same sources and the same day give a byte-identical site.

use crate::support::two_versions;

#[test]
fn two_builds_are_byte_identical() {
    let project = two_versions();
    project.build("2024-12-01");
    let first = project.snapshot_site();
    project.build("2024-12-01");
    assert_eq!(first, project.snapshot_site());
}

#[test]
fn builds_in_different_folders_are_identical() {
    let a = two_versions();
    let b = two_versions();
    a.build("2024-12-01");
    b.build("2024-12-01");
    assert_eq!(a.snapshot_site(), b.snapshot_site());
}

#[test]
fn a_different_day_can_change_the_site() {
    let project = two_versions();
    project.build("2024-12-01");
    let before = project.read("acme/en/index.html");
    project.build("2025-02-01");
    assert_ne!(before, project.read("acme/en/index.html"));
}
