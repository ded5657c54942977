use std::time::Duration;

use super::*;

fn artifact(path: &str, text: &str) -> Artifact {
    Artifact {
        path: path.into(),
        bytes: text.as_bytes().into(),
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn now() -> Wait {
    Wait {
        limit: Duration::ZERO,
        notify: None,
    }
}

/// For a lock just released: a process that other tests spawn may briefly
/// share its file (between fork and exec), so allow a moment.
fn soon() -> Wait {
    Wait {
        limit: Duration::from_secs(10),
        notify: None,
    }
}

#[test]
fn writes_then_replaces_a_site() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    write_site(
        &out,
        &[artifact("a/index.html", "one"), artifact("old.html", "x")],
    )
    .unwrap();
    assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "one");
    write_site(&out, &[artifact("a/index.html", "two")]).unwrap();
    assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "two");
    assert!(
        !out.join("old.html").exists(),
        "files of the previous build are gone"
    );
    assert_eq!(
        names(dir.path()),
        ["site"],
        "no staging folder or lock file is left behind"
    );
}

#[test]
fn refuses_a_folder_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("precious.txt"), "keep me").unwrap();
    let err = write_site(&out, &[artifact("index.html", "x")]).unwrap_err();
    assert!(err.to_string().contains("did not write"), "{err}");
    assert_eq!(
        fs::read_to_string(out.join("precious.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn a_marker_that_is_not_privsites_file_does_not_authorize_anything() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    type Spoil = fn(&Path);
    let cases: [(&str, Spoil); 3] = [
        ("does not hold the text privsite writes", |m| {
            fs::write(m, "anything").unwrap()
        }),
        ("is a folder", |m| fs::create_dir(m).unwrap()),
        ("is a link", |m| {
            let real = m.parent().unwrap().parent().unwrap().join("real");
            fs::create_dir_all(&real).unwrap();
            marker::write(&real).unwrap();
            #[cfg(unix)]
            std::os::unix::fs::symlink(real.join(MARKER), m).unwrap();
        }),
    ];
    for (said, make) in cases {
        let _ = fs::remove_dir_all(&out);
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("precious.txt"), "keep me").unwrap();
        make(&out.join(MARKER));
        let err = write_site(&out, &[artifact("index.html", "x")]).unwrap_err();
        assert!(err.to_string().contains(said), "{said}: {err}");
        assert!(err.to_string().contains("delete the folder"), "{err}");
        assert_eq!(
            fs::read_to_string(out.join("precious.txt")).unwrap(),
            "keep me"
        );
    }
}

#[test]
fn a_failed_write_leaves_the_old_site() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    write_site(&out, &[artifact("index.html", "old")]).unwrap();
    // A file and a folder at the same path cannot both be written.
    let err = write_site(&out, &[artifact("x", "file"), artifact("x/y", "in folder")]);
    assert!(err.is_err());
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
    assert_eq!(names(dir.path()), ["site"]);
}

#[test]
fn a_staging_folder_changed_by_someone_else_is_not_swapped_in() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    write_site(&out, &[artifact("index.html", "old")]).unwrap();

    // Removed, then recreated by the next file written: no marker, files missing.
    let staging = Staging::begin(Place::resolve(&out).unwrap().lock(soon()).unwrap()).unwrap();
    staging.put(&artifact("a/index.html", "new")).unwrap();
    fs::remove_dir_all(&staging.dir).unwrap();
    staging.put(&artifact("b/index.html", "new")).unwrap();
    let err = staging.commit().unwrap_err().to_string();
    // The new folder may even get the old one's inode; its marker is gone either way.
    assert!(
        err.contains("was removed or replaced") || err.contains("marker .privsite is missing"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");

    // A file cut short.
    let staging = Staging::begin(Place::resolve(&out).unwrap().lock(soon()).unwrap()).unwrap();
    staging.put(&artifact("index.html", "new")).unwrap();
    fs::write(staging.dir.join("index.html"), "").unwrap();
    let err = staging.commit().unwrap_err().to_string();
    assert!(err.contains("is not the file written"), "{err}");
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");

    // The marker removed.
    let staging = Staging::begin(Place::resolve(&out).unwrap().lock(soon()).unwrap()).unwrap();
    fs::remove_file(staging.dir.join(MARKER)).unwrap();
    let err = staging.commit().unwrap_err().to_string();
    assert!(err.contains("its marker .privsite is missing"), "{err}");
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
}

#[test]
fn leftovers_of_killed_builds_are_removed_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let killed = dir.path().join(".site.staging-999999");
    fs::create_dir_all(killed.join("acme")).unwrap();
    marker::write(&killed).unwrap();
    let empty = dir.path().join(".site.old-999998");
    fs::create_dir_all(&empty).unwrap();
    let foreign = dir.path().join(".site.staging-backup");
    fs::create_dir_all(&foreign).unwrap();
    fs::write(foreign.join("notes.txt"), "mine").unwrap();
    // Killed while writing its marker: the marker cut short, nothing else.
    let cut = dir.path().join(".site.staging-999997-0");
    fs::create_dir_all(&cut).unwrap();
    fs::write(cut.join(MARKER), "This folder is wri").unwrap();
    // A marker-looking file next to something else, or with other text,
    // is not privsite's to remove.
    let kept = dir.path().join(".site.staging-999996-0");
    fs::create_dir_all(&kept).unwrap();
    fs::write(kept.join(MARKER), "This folder").unwrap();
    fs::write(kept.join("notes.txt"), "mine").unwrap();
    let other = dir.path().join(".site.staging-999995-0");
    fs::create_dir_all(&other).unwrap();
    fs::write(other.join(MARKER), "my own words").unwrap();
    write_site(&out, &[artifact("index.html", "x")]).unwrap();
    assert_eq!(
        names(dir.path()),
        [
            ".site.staging-999995-0",
            ".site.staging-999996-0",
            ".site.staging-backup",
            "site"
        ]
    );
}

#[test]
fn a_second_build_waits_or_gives_up() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let held = Place::resolve(&out).unwrap().lock(now()).unwrap();
    let lock_file = dir.path().join(".site.lock");
    assert_eq!(
        fs::read_to_string(&lock_file).unwrap(),
        format!("{}\n", std::process::id()),
        "the lock file names its holder"
    );
    let err = Place::resolve(&out)
        .unwrap()
        .lock(now())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&format!(
            "another privsite build (process {}) is writing the output folder",
            std::process::id()
        )),
        "{err}"
    );
    assert!(err.contains("--wait"), "{err}");

    // Released while the second one waits: it gets the lock.
    let waiter = std::thread::spawn(move || {
        let wait = Wait {
            limit: Duration::from_secs(60),
            notify: None,
        };
        Place::resolve(&out).unwrap().lock(wait).map(|_| ())
    });
    std::thread::sleep(Duration::from_millis(200));
    drop(held);
    waiter.join().unwrap().unwrap();
    assert!(!lock_file.exists(), "the last holder removes the lock file");
}

#[cfg(unix)]
#[test]
fn a_lock_file_that_is_a_link_is_refused_and_its_target_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("precious.txt");
    fs::write(&target, "keep me").unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join(".site.lock")).unwrap();
    let err = Place::resolve(&dir.path().join("site"))
        .unwrap()
        .lock(now())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("If it is a link or not a plain file, delete it"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), "keep me");
    assert!(!dir.path().join("site").exists());
}
