//! Two builds into one output folder, as real processes started at once: they
//! take turns (the second waits for the lock, or gives up with `--wait 0`),
//! every round ends with one whole, marked site, and a build killed while
//! another waits leaves nothing that stops it.

use std::fs;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{good, names_starting, privsite_bin, stderr};
use crate::support::Project;

/// A project whose build takes a while: 120 versions of a long policy.
fn a_long_history() -> Project {
    let mut project = Project::new();
    for n in 0..120 {
        let body = format!(
            "We keep logs for {n} days. {}",
            "Words of the policy. ".repeat(40)
        );
        project = project.version(
            &format!("v{n:03}"),
            "en",
            &format!(
                "effective: {}",
                jiff::civil::date(2000, 1, 1) + jiff::Span::new().days(n * 30)
            ),
            &format!(
                "  - id: logs\n    title: Logs\n    body: \"{body}\"\n  - id: rest\n    title: Rest\n    body: The rest.\n"
            ),
        );
    }
    project
}

fn spawn_build(project: &Project, today: &str) -> Child {
    Command::new(privsite_bin())
        .current_dir(project.root())
        .args(["build", "--today", today])
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn two_builds_at_once_end_with_one_whole_marked_site() {
    let project = a_long_history();
    // The two builds make different sites, so a mix of them would show.
    let (day_a, day_b) = ("2003-06-01", "2009-06-01");
    project.build(day_a);
    let site_a = project.snapshot_site();
    project.build(day_b);
    let site_b = project.snapshot_site();
    assert_ne!(site_a, site_b);
    assert!(site_a.iter().any(|(f, _)| f == ".privsite"));

    let mut overlapped = 0;
    for round in 0..8 {
        let (first, second) = if round % 2 == 0 {
            (day_a, day_b)
        } else {
            (day_b, day_a)
        };
        let a = spawn_build(&project, first);
        let b = spawn_build(&project, second);
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        for (run, output) in [(first, &a), (second, &b)] {
            assert!(
                output.status.success(),
                "round {round}, build for {run}: {}",
                stderr(output)
            );
        }
        if [&a, &b]
            .iter()
            .any(|o| stderr(o).contains("waiting for another privsite build of site"))
        {
            overlapped += 1;
        }
        let site = project.snapshot_site();
        assert!(
            site == site_a || site == site_b,
            "round {round}: site/ is neither build's whole site"
        );
        assert_eq!(
            names_starting(project.root(), ".site"),
            Vec::<String>::new(),
            "round {round}: staging folders or the lock file left behind"
        );
    }
    assert!(
        overlapped >= 4,
        "only {overlapped} of 8 rounds had one build wait for the other; make the project bigger"
    );
}

#[test]
fn a_build_waits_for_the_lock_and_says_so() {
    let project = good();
    project.build("2024-06-01");
    // Hold the lock the way another build would.
    let lock = fs::File::create(project.path(".site.lock")).unwrap();
    lock.lock().unwrap();
    let child = spawn_build(&project, "2024-07-01");
    std::thread::sleep(Duration::from_millis(1500));
    drop(lock);
    let output = child.wait_with_output().unwrap();
    let said = stderr(&output);
    assert!(output.status.success(), "{said}");
    assert!(
        said.contains(
            "waiting for another privsite build of site to finish (at most 600 seconds)..."
        ),
        "{said}"
    );
    assert!(said.contains("today is 2024-07-01"), "{said}");
}

#[test]
fn with_wait_zero_a_busy_output_folder_fails_at_once_and_changes_nothing() {
    let project = good();
    project.build("2024-06-01");
    let before = project.snapshot_site();
    let lock = fs::File::create(project.path(".site.lock")).unwrap();
    lock.lock().unwrap();
    let started = Instant::now();
    let output = project
        .privsite(&["build", "--today", "2024-07-01", "--wait", "0"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "it did not wait"
    );
    let said = stderr(&output);
    assert!(
        said.contains("error: another privsite build is writing the output folder site, and privsite did not wait (--wait 0); nothing was changed"),
        "{said}"
    );
    assert_eq!(project.snapshot_site(), before);
    drop(lock);
    assert!(
        project.path(".site.lock").exists(),
        "a lock file in use is never deleted by the build that waited"
    );
}

#[test]
fn a_killed_build_leaves_nothing_that_stops_the_one_waiting_for_it() {
    let project = a_long_history();
    project.build("2003-06-01");
    let mut first = spawn_build(&project, "2009-06-01");
    // Wait until the first build is writing pages, then start the second.
    let staging = project.path(&format!(".site.staging-{}-0", first.id()));
    let deadline = Instant::now() + Duration::from_secs(60);
    while !staging.join("acme").exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
    let mut second = spawn_build(&project, "2009-06-01");
    // Its report, line by line, as it comes.
    let (lines, said) = std::sync::mpsc::channel();
    let report = std::io::BufReader::new(second.stderr.take().unwrap());
    let reader = std::thread::spawn(move || {
        use std::io::BufRead;
        let mut all = String::new();
        for line in report.lines().map_while(Result::ok) {
            let _ = lines.send(line.clone());
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    let first_line = said
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_default();
    assert!(
        first_line.starts_with("waiting for another privsite build of site"),
        "the second build did not wait: {first_line}"
    );
    assert!(
        staging.join("acme").is_dir(),
        "the waiting build touched the first one's staging folder"
    );
    first.kill().unwrap(); // SIGKILL: no clean-up of its own
    assert!(
        !first.wait().unwrap().success(),
        "the first build finished before it was killed; make the project bigger"
    );
    let status = second.wait().unwrap();
    let report = reader.join().unwrap();
    assert!(status.success(), "{report}");
    assert!(project.exists("acme/en/v113/index.html"));
    assert!(
        project
            .read(".privsite")
            .starts_with("This folder is written by privsite")
    );
    assert_eq!(
        names_starting(project.root(), ".site"),
        Vec::<String>::new()
    );
}
