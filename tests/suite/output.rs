//! The safety of the output folder: builds into one folder take turns
//! (`output/races.rs`, real processes started at once); `--out` and `--root`
//! are compared after every `..` and link is resolved, so the sources are
//! never written or deleted; a mount point is refused before any work; only
//! privsite's own marker lets a folder be replaced.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::{Project, SECTIONS};

mod races;

fn privsite_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("privsite")
}

fn good() -> Project {
    Project::new().version("2024-01", "en", "effective: 2024-01-15", SECTIONS)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `dir` (links too, unfollowed) with its bytes, sorted.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let bytes = if e.file_type().is_symlink() {
                fs::read_link(e.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
                    .into_bytes()
            } else {
                fs::read(e.path()).unwrap()
            };
            (rel, bytes)
        })
        .collect();
    files.sort();
    files
}

/// The names in `dir` that start with `prefix`.
fn names_starting(dir: &Path, prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    names
}

// ---- --out and --root resolved before every comparison ---------------------

/// Runs `privsite build` with `args` in `dir`, which must be refused (exit 1)
/// with a message containing `said`.
fn refused(dir: &Path, args: &[&str], said: &str) {
    let output = Command::new(privsite_bin())
        .current_dir(dir)
        .args(["build", "--today", "2024-06-01"])
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{args:?}: {message}");
    assert!(
        message.contains("would overwrite the sources"),
        "{args:?}: {message}"
    );
    assert!(message.contains(said), "{args:?}: {message}");
    assert!(
        message.contains("Nothing was changed"),
        "{args:?}: {message}"
    );
}

#[test]
fn an_out_that_leads_back_to_the_project_through_dot_dot_is_refused() {
    let project = good();
    project.build("2024-06-01");
    let before = tree(project.root());
    for out in ["w/x/../..", "w/x/../../", "policies/..", "site/.."] {
        refused(
            project.root(),
            &["--out", out],
            "it is the project folder itself",
        );
    }
    refused(
        project.root(),
        &["--out", "site/../policies/zz"],
        "it is inside",
    );
    refused(
        project.root(),
        &["--out", "w/../policies/acme/new"],
        "it is inside",
    );
    assert_eq!(
        tree(project.root()),
        before,
        "nothing was written or deleted"
    );
}

#[cfg(unix)]
#[test]
fn an_out_through_a_link_into_the_sources_is_refused() {
    let project = good();
    std::os::unix::fs::symlink(project.path("policies/acme"), project.path("w")).unwrap();
    std::os::unix::fs::symlink(project.path("policies"), project.path("pub")).unwrap();
    let before = tree(project.root());
    // w/.. is policies/, not the project folder: w/../site is inside the sources.
    refused(project.root(), &["--out", "w/../site"], "it is inside");
    refused(project.root(), &["--out", "pub"], "it is inside");
    refused(project.root(), &["--out", "w/2024-01"], "it is inside");
    assert_eq!(
        tree(project.root()),
        before,
        "nothing was written or deleted"
    );
}

#[cfg(unix)]
#[test]
fn a_linked_root_inside_a_marked_output_folder_is_refused() {
    // out/ is a site privsite built; the project was then moved into it, and
    // is reached through a link.
    let dir = tempfile::tempdir().unwrap();
    let project = good();
    project.build("2024-06-01");
    fs::rename(project.path("site"), dir.path().join("out")).unwrap();
    fs::create_dir_all(dir.path().join("out/proj")).unwrap();
    fs::rename(
        project.path("policies"),
        dir.path().join("out/proj/policies"),
    )
    .unwrap();
    std::os::unix::fs::symlink(dir.path().join("out/proj"), dir.path().join("link")).unwrap();
    let before = tree(dir.path());
    refused(
        dir.path(),
        &["--root", "link", "--out", "out"],
        "it holds the project folder",
    );
    refused(
        dir.path(),
        &["--root", "link", "--out", "out/proj/policies/../.."],
        "it holds the project folder",
    );
    assert_eq!(tree(dir.path()), before, "nothing was written or deleted");
    // A folder beside the project is fine.
    let output = Command::new(privsite_bin())
        .current_dir(dir.path())
        .args([
            "build",
            "--today",
            "2024-06-01",
            "--root",
            "link",
            "--out",
            "elsewhere",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(dir.path().join("elsewhere/acme/index.html").is_file());
}

#[test]
fn an_out_with_dot_dot_that_is_not_the_sources_builds_where_it_leads() {
    let project = good();
    project
        .privsite(&["build", "--today", "2024-06-01", "--out", "w/x/../site"])
        .assert()
        .success();
    assert!(project.path("w/site/acme/index.html").is_file());
    assert!(
        !project.path("w/x").exists(),
        "only the folders the output needs are made"
    );
    assert_eq!(
        names_starting(&project.path("w"), ".site"),
        Vec::<String>::new()
    );
}

#[cfg(unix)]
#[test]
fn an_out_that_is_a_link_builds_into_the_folder_it_leads_to() {
    let project = good();
    fs::create_dir(project.path("real-site")).unwrap();
    std::os::unix::fs::symlink(project.path("real-site"), project.path("site")).unwrap();
    project.build("2024-06-01");
    project.build("2024-07-01");
    assert!(
        fs::symlink_metadata(project.path("site"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(project.path("real-site/acme/index.html").is_file());
    assert_eq!(
        names_starting(project.root(), ".real-site"),
        Vec::<String>::new()
    );
}

#[test]
fn a_failed_build_leaves_no_folder_it_made_for_its_output() {
    let project = Project::new().version("1", "en", "efective: 2024-01-15", SECTIONS);
    let before = tree(project.root());
    for args in [
        &["--out", "new/deep/site"][..],
        &["--root", "no-such-project"][..],
    ] {
        let output = project
            .privsite(&[&["build", "--today", "2024-06-01"][..], args].concat())
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("nothing was written"),
            "{}",
            stderr(&output)
        );
        assert_eq!(tree(project.root()), before, "{args:?}");
        assert!(!project.path("new").exists() && !project.path("no-such-project").exists());
    }
}

// ---- The marker ------------------------------------------------------------

#[test]
fn only_privsites_own_marker_file_lets_a_folder_be_replaced() {
    let project = good();
    project.build("2024-06-01");
    let marker = project.path("site/.privsite");
    let real = fs::read_to_string(&marker).unwrap();
    let cases: [(&str, &dyn Fn()); 4] = [
        (
            "has a .privsite that does not hold the text privsite writes",
            &|| fs::write(&marker, "privsite\n").unwrap(),
        ),
        (
            "has a .privsite that does not hold the text privsite writes",
            &|| fs::write(&marker, "").unwrap(),
        ),
        (
            "has a .privsite that is a folder, not the file privsite writes",
            &|| {
                fs::remove_file(&marker).unwrap();
                fs::create_dir(&marker).unwrap();
                fs::write(marker.join("x"), "x").unwrap();
            },
        ),
        (
            "has a .privsite that is a link, not the file privsite writes",
            &|| {
                // A link to a real marker elsewhere still proves nothing about this folder.
                fs::write(project.path("real-marker"), &real).unwrap();
                fs::remove_file(&marker).unwrap();
                #[cfg(unix)]
                std::os::unix::fs::symlink(project.path("real-marker"), &marker).unwrap();
            },
        ),
    ];
    for (said, spoil) in cases {
        let _ = fs::remove_dir_all(&marker);
        let _ = fs::remove_file(&marker);
        fs::write(&marker, &real).unwrap();
        project.build("2024-06-01");
        fs::write(project.path("site/mine.txt"), "keep me").unwrap();
        spoil();
        let before = tree(&project.path("site"));
        let output = project
            .privsite(&["build", "--today", "2024-06-01"])
            .output()
            .unwrap();
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{message}");
        assert!(
            message.contains(&format!("the output folder site {said}")),
            "{message}"
        );
        assert!(
            message.contains("If the folder only holds a site built by privsite, delete the folder and build again"),
            "{message}"
        );
        assert_eq!(tree(&project.path("site")), before, "{said}: site/ changed");
        let _ = fs::remove_file(project.path("site/mine.txt"));
    }
}

// ---- A mount point ---------------------------------------------------------

/// Runs `script` with `sh` in a private mount namespace (the mounts it makes
/// are seen by it and its children only, and vanish with it). As root that
/// is `unshare --mount`; otherwise a user namespace where this user is root.
fn in_private_mounts(dir: &Path, script: &str) -> Output {
    let id = Command::new("id").arg("-u").output().expect("`id -u`");
    let root = String::from_utf8_lossy(&id.stdout).trim() == "0";
    let mut command = Command::new("unshare");
    if !root {
        command.args(["--user", "--map-root-user"]);
    }
    let output = command
        .args(["--mount", "--propagation", "private", "sh", "-euc", script])
        .current_dir(dir)
        .env("PRIVSITE", privsite_bin())
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap_or_else(|e| {
            panic!("this test needs `unshare` (util-linux) to make a private mount namespace: {e}")
        });
    let said = stderr(&output);
    assert!(
        !said.contains("unshare failed") && !said.contains("unshare:") && !said.contains("mount:"),
        "this test makes a private mount namespace with `unshare --mount`; run it as root \
         (CI does) or where unprivileged user namespaces are allowed:\n{said}"
    );
    output
}

#[cfg(target_os = "linux")]
#[test]
fn a_mount_point_as_output_folder_is_refused_before_any_work() {
    let project = good();
    // A site built earlier, to be mounted over site/ (a bind mount: the same
    // file system, so only the kernel's mount table tells it apart).
    project
        .privsite(&["build", "--today", "2024-06-01", "--out", "volume"])
        .assert()
        .success();
    fs::create_dir(project.path("site")).unwrap();
    // Sources with an error: refused before they are read, the report has no word of it.
    let broken = Project::new().version("1", "en", "efective: 2024-01-15", SECTIONS);
    fs::create_dir(project.path("broken")).unwrap();
    fs::rename(broken.path("policies"), project.path("broken/policies")).unwrap();
    let before = tree(&project.path("volume"));
    let output = in_private_mounts(
        project.root(),
        r#"
        mount --bind volume site
        "$PRIVSITE" build --today 2024-07-01 && echo "bind: exit 0" || echo "bind: exit $?"
        "$PRIVSITE" build --today 2024-07-01 --out site/site && echo "inside: exit 0"
        test -f site/site/acme/index.html && echo "inside: built"
        umount site
        mount -t tmpfs tmpfs site
        "$PRIVSITE" build --today 2024-07-01 --root broken --out site && echo "tmpfs: exit 0" || echo "tmpfs: exit $?"
        ls -A site | wc -l | sed 's/^/tmpfs: entries /'
        "#,
    );
    let out = String::from_utf8_lossy(&output.stdout);
    let said = stderr(&output);
    assert!(out.contains("bind: exit 1"), "{out}\n{said}");
    assert!(out.contains("tmpfs: exit 1"), "{out}\n{said}");
    assert!(
        out.contains("tmpfs: entries 0"),
        "nothing written into the mount: {out}"
    );
    assert!(
        out.contains("inside: exit 0") && out.contains("inside: built"),
        "{out}\n{said}"
    );
    assert_eq!(
        said.matches("error: the output folder site is a mount point (a Docker volume, a bind mount or a file system of its own)").count(),
        2,
        "{said}"
    );
    assert!(
        said.contains("Build into a folder inside it instead (--out "),
        "{said}"
    );
    assert!(
        !said.contains("unknown field"),
        "the sources were read: {said}"
    );
    assert_eq!(
        names_starting(project.root(), ".site"),
        Vec::<String>::new()
    );
    // The bind-mounted site is the earlier one, except for the folder built inside it.
    let after: Vec<_> = tree(&project.path("volume"))
        .into_iter()
        .filter(|(f, _)| !f.starts_with("site/"))
        .collect();
    assert_eq!(after, before);
}
