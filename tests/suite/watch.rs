//! `privsite watch`: after every edit (saved, broken, fixed, removed, added,
//! renamed, in bursts) the output folder ends equal to a fresh build.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::Project;

const TODAY: &str = "2026-11-23";

/// A running `privsite watch`, ended when dropped.
struct Watch {
    child: Child,
    lines: mpsc::Receiver<String>,
    /// Everything it said so far.
    said: Vec<String>,
}

impl Watch {
    fn start(project: &Project) -> Watch {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("privsite"))
            .current_dir(project.root())
            .args(["watch", "--today", TODAY])
            .env_remove("SOURCE_DATE_EPOCH")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (send, lines) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        let mut watch = Watch {
            child,
            lines,
            said: Vec::new(),
        };
        watch.wait_for("Watching ");
        watch
    }

    /// Waits for a line that starts with `start`; returns it.
    fn wait_for(&mut self, start: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.said.push(line.clone());
                    if line.starts_with(start) {
                        return line;
                    }
                }
                Err(_) => break,
            }
        }
        panic!(
            "no line starting {start:?}; it said:\n{}",
            self.said.join("\n")
        );
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every file under `dir`, with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// The site a fresh build of the project's sources makes now.
fn fresh_build(project: &Project) -> Vec<(PathBuf, Vec<u8>)> {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    project
        .privsite(&["build", "--today", TODAY, "--out", site.to_str().unwrap()])
        .assert()
        .success();
    snapshot(&site)
}

/// Waits until the watched output equals a fresh build of the sources.
fn settles(project: &Project, watch: &mut Watch) {
    let expected = fresh_build(project);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let now = snapshot(&project.path("site"));
        if now == expected {
            return;
        }
        if Instant::now() > deadline {
            let names =
                |s: &[(PathBuf, Vec<u8>)]| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
            let differing: Vec<_> = now
                .iter()
                .filter(|f| !expected.contains(f))
                .map(|(p, _)| p.clone())
                .chain(
                    expected
                        .iter()
                        .filter(|f| !now.contains(f))
                        .map(|(p, _)| p.clone()),
                )
                .collect();
            panic!(
                "the output never became a fresh build: {differing:?}\n(now {} files, expected {})\nwatch said:\n{}",
                names(&now).len(),
                names(&expected).len(),
                watch.said.join("\n")
            );
        }
        // Take what the watch says as it goes, for a failure's report.
        while let Ok(line) = watch.lines.try_recv() {
            watch.said.push(line);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The feature corpus: real policies in four locales, copied.
fn features() -> Project {
    let project = Project::empty();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/features/policies");
    for entry in walkdir::WalkDir::new(&from)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(&from).unwrap();
            let to = project.path("policies").join(relative);
            fs::create_dir_all(to.parent().unwrap()).unwrap();
            fs::copy(entry.path(), to).unwrap();
        }
    }
    project
}

fn edit(project: &Project, path: &str, change: impl Fn(String) -> String) {
    let full = project.path(path);
    let text = fs::read_to_string(&full).unwrap();
    let changed = change(text.clone());
    assert_ne!(text, changed, "the edit of {path} changes it");
    fs::write(full, changed).unwrap();
}

#[test]
fn every_edit_ends_in_the_site_a_fresh_build_makes() {
    let project = features();
    let mut watch = Watch::start(&project);
    settles(&project, &mut watch);

    // A sentence in a translation.
    edit(&project, "policies/privacy/2024-07/fr.yaml", |t| {
        t.replacen("body: |\n", "body: |\n      Une phrase de plus.\n\n", 1)
    });
    settles(&project, &mut watch);

    // The site's title: every page.
    edit(&project, "policies/site.yaml", |t| {
        t.replacen("title: ", "title: Edited ", 1)
    });
    settles(&project, &mut watch);

    // A version removed, then put back under another name.
    let version = project.path("policies/privacy/2025-03");
    let kept = tempfile::tempdir().unwrap();
    fs::rename(&version, kept.path().join("2025-03")).unwrap();
    settles(&project, &mut watch);
    fs::rename(
        kept.path().join("2025-03"),
        project.path("policies/privacy/2025-04"),
    )
    .unwrap();
    settles(&project, &mut watch);

    // A new translation file, then the file deleted again.
    let german = project.path("policies/privacy/2024-07/de.yaml");
    let french = fs::read_to_string(project.path("policies/privacy/2024-07/fr.yaml")).unwrap();
    if !german.exists() {
        fs::write(&german, &french).unwrap();
        settles(&project, &mut watch);
        fs::remove_file(&german).unwrap();
        settles(&project, &mut watch);
    }

    // A burst of saves, as an editor saving on every keystroke does.
    for n in 0..15 {
        edit(&project, "policies/privacy/2026-02/en.yaml", |t| {
            t.replacen("body: |\n", &format!("body: |\n      Burst {n}.\n\n"), 1)
        });
        std::thread::sleep(Duration::from_millis(7));
    }
    settles(&project, &mut watch);

    // A save the way editors do it: a new file renamed over the old one.
    let path = project.path("policies/cookies/policy.yaml");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replacen("title: ", "title: Saved ", 1);
    let swap = project.path("policies/cookies/.policy.yaml.swp");
    fs::write(&swap, text).unwrap();
    fs::rename(&swap, &path).unwrap();
    settles(&project, &mut watch);
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_the_next_good_one_recovers() {
    let project = features();
    let mut watch = Watch::start(&project);
    settles(&project, &mut watch);
    let good = snapshot(&project.path("site"));

    let path = "policies/privacy/2025-09/en.yaml";
    let original = fs::read_to_string(project.path(path)).unwrap();
    fs::write(project.path(path), format!("{original}\n  - [unclosed\n")).unwrap();
    let said = watch.wait_for("error: ");
    assert!(said.contains("keeps the last good site"), "{said}");
    assert!(
        watch
            .said
            .iter()
            .any(|l| l.starts_with("policies/privacy/2025-09/en.yaml:")),
        "the error names the file and line: {:?}",
        watch.said
    );
    assert_eq!(snapshot(&project.path("site")), good, "nothing was written");

    fs::write(
        project.path(path),
        original.replacen("body: |\n", "body: |\n      Fixed.\n\n", 1),
    )
    .unwrap();
    watch.wait_for("Rebuilt after a change to the policy `privacy`");
    settles(&project, &mut watch);
}

#[test]
fn the_output_folder_is_locked_while_watching() {
    let project = features();
    let mut watch = Watch::start(&project);
    settles(&project, &mut watch);
    let output = project
        .privsite(&["build", "--today", TODAY, "--wait", "0"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(said.contains("is writing the output folder site"), "{said}");
}

#[test]
fn the_output_folder_removed_while_watching_is_written_whole_again() {
    let project = features();
    let mut watch = Watch::start(&project);
    settles(&project, &mut watch);
    fs::remove_dir_all(project.path("site")).unwrap();
    edit(&project, "policies/cookies/policy.yaml", |t| {
        t.replacen("title: ", "title: Again ", 1)
    });
    settles(&project, &mut watch);
}
