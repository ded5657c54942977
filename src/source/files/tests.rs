//! Tests of reading a project into memory, and of reading again only what
//! changed.

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::*;

/// Every entry of `files` as `path: what`, sorted: a file's bytes (and,
/// with `stamps`, its stamp), a folder, or the problem of a refused entry.
fn listing(files: &Files, stamps: bool) -> Vec<String> {
    fn walk(dir: &Dir, at: &Path, stamps: bool, out: &mut Vec<String>) {
        for (name, node) in dir.entries() {
            let path = at.join(name);
            match node {
                Node::Dir(inner) => {
                    out.push(format!("{}/", path.display()));
                    walk(inner, &path, stamps, out);
                }
                Node::File(file) if stamps => out.push(format!(
                    "{}: {} #{}",
                    path.display(),
                    String::from_utf8_lossy(&file.bytes().unwrap()),
                    file.stamp
                )),
                Node::File(file) => out.push(format!(
                    "{}: {}",
                    path.display(),
                    String::from_utf8_lossy(&file.bytes().unwrap())
                )),
                Node::Refused(problem) => {
                    out.push(format!("{}: refused: {}", path.display(), problem.message))
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(
        files.dir(Path::new("")).unwrap(),
        Path::new(""),
        stamps,
        &mut out,
    );
    out
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

#[test]
fn reads_policies_and_themes_by_the_reading_rules() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "policies/site.yaml", "title: T");
    write(root, "policies/acme/2024/en.yaml", "effective: 2024-01-01");
    write(root, "policies/acme/2024/.en.yaml.swp", "editor state");
    write(root, "policies/acme/2024/deeper/x.yaml", "not read");
    write(root, "themes/t/templates/base.html", "<html>");
    write(root, "themes/t/notes/readme.txt", "not a part of a theme");
    write(root, "site/index.html", "the output is not read");
    write(root, ".git/config", "secret");
    std::os::unix::fs::symlink(
        root.join(".git/config"),
        root.join("policies/acme/2024/fr.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink("/etc/hostname", root.join("themes/t/templates/x.html")).unwrap();

    let files = Files::read(root);
    assert_eq!(
        listing(&files, false),
        [
            "policies/",
            "policies/acme/",
            "policies/acme/2024/",
            "policies/acme/2024/deeper/",
            "policies/acme/2024/en.yaml: effective: 2024-01-01",
            "policies/acme/2024/fr.yaml: refused: this symbolic link points into a hidden file or folder (`.git/config`) and is not followed",
            "policies/site.yaml: title: T",
            "themes/",
            "themes/t/",
            "themes/t/templates/",
            "themes/t/templates/base.html: <html>",
            "themes/t/templates/x.html: refused: this symbolic link points outside the project (or nowhere) and is not followed",
        ]
    );
}

#[test]
fn a_project_from_memory_is_the_same_as_one_read_from_its_folder() {
    let given = [
        ("policies/site.yaml", "title: T"),
        ("policies/acme/policy.yaml", "title: P"),
        ("policies/acme/2024/en.yaml", "effective: 2024-01-01"),
        ("themes/t/static/logo.svg", "<svg/>"),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in given {
        write(dir.path(), path, text);
    }
    assert_eq!(
        listing(&Files::in_memory(given), false),
        listing(&Files::read(dir.path()), false)
    );
}

#[test]
fn a_scan_lists_what_a_reading_reads_and_reads_version_files_when_used() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "policies/site.yaml", "title: T");
    write(root, "policies/acme/policy.yaml", "title: P");
    write(root, "policies/acme/2024/en.yaml", "effective: 2024-01-01");
    write(root, "policies/acme/2024/fr.yaml", "effective: 2024-01-01");
    write(root, "themes/t/templates/base.html", "<html>");
    let big = "x".repeat(super::super::MAX_FILE_BYTES as usize + 1);
    write(root, "policies/acme/2025/en.yaml", &big);
    std::os::unix::fs::symlink("/etc/hostname", root.join("policies/acme/2025/de.yaml")).unwrap();

    let scanned = Files::scan(root);
    assert_eq!(listing(&scanned, false), listing(&Files::read(root), false));
    // The version file is read when it is used: what is read is what the
    // disk holds then.
    write(root, "policies/acme/2024/en.yaml", "effective: 2024-02-02");
    let en = |files: &Files| match files.get(Path::new("policies/acme/2024/en.yaml")) {
        Some(Node::File(file)) => file.bytes().map(|b| b.into_owned()),
        other => panic!("{other:?}"),
    };
    assert_eq!(en(&scanned).unwrap(), b"effective: 2024-02-02");
    // Gone by then: the problem a reading would have had.
    fs::remove_file(root.join("policies/acme/2024/en.yaml")).unwrap();
    let problem = en(&scanned).unwrap_err();
    assert_eq!(problem.origin.file, Path::new("policies/acme/2024/en.yaml"));
    assert!(
        problem.message.starts_with("cannot open this file"),
        "{}",
        problem.message
    );
    // Files other than version files are read at once, as before.
    fs::remove_file(root.join("policies/site.yaml")).unwrap();
    match scanned.get(Path::new("policies/site.yaml")) {
        Some(Node::File(file)) => assert_eq!(&*file.bytes().unwrap(), b"title: T"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn files_over_the_limit_are_refused_in_memory_as_on_disk() {
    let big = vec![b'a'; MAX_FILE_BYTES as usize + 1];
    let files = Files::in_memory([
        ("policies/site.yaml", big.clone()),
        ("themes/t/static/photo.jpg", big),
    ]);
    assert_eq!(
        listing(&files, false)
            .iter()
            .filter(|l| l.contains("refused"))
            .collect::<Vec<_>>(),
        ["policies/site.yaml: refused: this file is larger than 4 MiB"]
    );
}

#[test]
fn a_link_that_leads_back_into_its_theme_is_refused_not_followed_forever() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "themes/t/static/a.css", "a");
    std::os::unix::fs::symlink(
        dir.path().join("themes/t/static"),
        dir.path().join("themes/t/static/again"),
    )
    .unwrap();
    let listed = listing(&Files::read(dir.path()), false);
    assert!(
        listed.contains(&"themes/t/static/again: refused: this symbolic link leads back into a folder that holds it, and is not followed".to_owned()),
        "{listed:#?}"
    );
}

#[test]
fn a_refresh_keeps_the_stamps_of_what_did_not_change() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "policies/a/1/en.yaml", "one");
    write(root, "policies/a/2/en.yaml", "two");
    let mut files = Files::read(root);
    let stamp = |files: &Files, path: &str| match files.get(Path::new(path)) {
        Some(Node::File(file)) => file.stamp,
        other => panic!("{path}: {other:?}"),
    };
    let (one, two) = (
        stamp(&files, "policies/a/1/en.yaml"),
        stamp(&files, "policies/a/2/en.yaml"),
    );

    write(root, "policies/a/2/en.yaml", "two, changed");
    write(root, "policies/a/1/en.yaml", "one");
    files.refresh(&[
        root.join("policies/a/2/en.yaml"),
        root.join("policies/a/1/en.yaml"),
    ]);
    assert_eq!(
        stamp(&files, "policies/a/1/en.yaml"),
        one,
        "saved unchanged"
    );
    assert_ne!(stamp(&files, "policies/a/2/en.yaml"), two);

    // A whole folder read again keeps the stamps of its unchanged files.
    files.refresh(&[root.join("policies/a")]);
    assert_eq!(stamp(&files, "policies/a/1/en.yaml"), one);
}

#[test]
fn paths_outside_the_folders_read_are_not_read_on_refresh() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "policies/site.yaml", "x");
    let mut files = Files::read(root);
    write(root, "site/index.html", "output");
    write(root, "policies/../notes.txt", "elsewhere");
    let changed = files.refresh(&[
        root.join("site/index.html"),
        root.join("notes.txt"),
        PathBuf::from("/elsewhere/policies/x"),
    ]);
    assert!(changed.is_empty(), "{changed:?}");
    assert_eq!(
        listing(&files, false),
        ["policies/", "policies/site.yaml: x"]
    );
}

/// One change to the project folder, as an author or an editor makes it.
#[derive(Debug, Clone)]
enum Edit {
    Write(usize, usize),
    Remove(usize),
    RemoveFolder(usize),
    Rename(usize, usize),
    RenameFolder(usize, usize),
    Hide(usize),
    LinkInside(usize, usize),
    LinkOutside(usize),
}

/// The places edits happen: files in a few folders, of policies and a theme.
const PLACES: [&str; 8] = [
    "policies/site.yaml",
    "policies/a/policy.yaml",
    "policies/a/1/en.yaml",
    "policies/a/1/fr.yaml",
    "policies/a/2/en.yaml",
    "policies/b/1/en.yaml",
    "themes/t/templates/base.html",
    "themes/t/static/img/logo.svg",
];

fn folder_of(place: usize) -> &'static str {
    let path = PLACES[place % PLACES.len()];
    &path[..path.rfind('/').unwrap()]
}

fn edit() -> impl Strategy<Value = Edit> {
    let place = 0..PLACES.len();
    prop_oneof![
        4 => (place.clone(), 0..3usize).prop_map(|(p, t)| Edit::Write(p, t)),
        1 => place.clone().prop_map(Edit::Remove),
        1 => place.clone().prop_map(Edit::RemoveFolder),
        1 => (place.clone(), place.clone()).prop_map(|(a, b)| Edit::Rename(a, b)),
        1 => (place.clone(), place.clone()).prop_map(|(a, b)| Edit::RenameFolder(a, b)),
        1 => place.clone().prop_map(Edit::Hide),
        1 => (place.clone(), place.clone()).prop_map(|(a, b)| Edit::LinkInside(a, b)),
        1 => place.prop_map(Edit::LinkOutside),
    ]
}

/// Makes the edit; returns the paths a watcher would report.
fn apply(root: &Path, edit: &Edit) -> Vec<PathBuf> {
    let at = |p: usize| root.join(PLACES[p % PLACES.len()]);
    let texts = ["first", "second", "third"];
    match *edit {
        Edit::Write(p, t) => {
            fs::create_dir_all(at(p).parent().unwrap()).unwrap();
            if fs::symlink_metadata(at(p)).is_ok_and(|m| m.is_symlink()) {
                fs::remove_file(at(p)).unwrap();
            }
            if at(p).is_dir() {
                return Vec::new();
            }
            fs::write(at(p), texts[t]).unwrap();
            vec![at(p)]
        }
        Edit::Remove(p) => {
            let _ = fs::remove_file(at(p));
            vec![at(p)]
        }
        Edit::RemoveFolder(p) => {
            let folder = root.join(folder_of(p));
            let _ = fs::remove_dir_all(&folder);
            vec![folder]
        }
        Edit::Rename(a, b) => {
            if at(a) == at(b) || !at(a).is_file() || at(b).is_dir() {
                return Vec::new();
            }
            fs::create_dir_all(at(b).parent().unwrap()).unwrap();
            fs::rename(at(a), at(b)).unwrap();
            vec![at(a), at(b)]
        }
        Edit::RenameFolder(a, b) => {
            let (from, to) = (
                root.join(folder_of(a)),
                root.join(format!("{}-moved", folder_of(b))),
            );
            if !from.is_dir() || to.exists() || to.starts_with(&from) {
                return Vec::new();
            }
            fs::create_dir_all(to.parent().unwrap()).unwrap();
            fs::rename(&from, &to).unwrap();
            vec![from, to]
        }
        Edit::Hide(p) => {
            let hidden =
                at(p).with_file_name(format!(".{}", at(p).file_name().unwrap().to_string_lossy()));
            if !at(p).is_file() {
                return Vec::new();
            }
            fs::rename(at(p), &hidden).unwrap();
            vec![at(p), hidden]
        }
        Edit::LinkInside(a, b) => {
            if at(a).exists() || fs::symlink_metadata(at(a)).is_ok() || a == b {
                return Vec::new();
            }
            fs::create_dir_all(at(a).parent().unwrap()).unwrap();
            std::os::unix::fs::symlink(at(b), at(a)).unwrap();
            vec![at(a)]
        }
        Edit::LinkOutside(p) => {
            if fs::symlink_metadata(at(p)).is_ok() {
                return Vec::new();
            }
            fs::create_dir_all(at(p).parent().unwrap()).unwrap();
            std::os::unix::fs::symlink("/etc/hostname", at(p)).unwrap();
            vec![at(p)]
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(48),
        ..ProptestConfig::default()
    })]

    /// After any sequence of edits, reading again only the paths a watcher
    /// reports gives exactly what reading the whole folder gives.
    #[test]
    fn a_refresh_of_what_changed_is_a_new_reading(edits in proptest::collection::vec(edit(), 1..12)) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (i, place) in PLACES.iter().enumerate() {
            if i % 2 == 0 {
                write(root, place, "start");
            }
        }
        let mut files = Files::read(root);
        for edit in &edits {
            let reported = apply(root, edit);
            files.refresh(&reported);
            prop_assert_eq!(listing(&files, false), listing(&Files::read(root), false), "after {:?}", edit);
        }
    }
}
