//! How problems are reported: carets, advice, every error at once, warnings,
//! `--strict`, the machine formats, and the output folder's safeguards. The
//! corpus of broken source trees is in `corpus.rs`.

use crate::support::{Project, SECTIONS, two_versions};

/// A project with a typo in a field name (`efective`).
fn with_typo() -> Project {
    Project::new().version("2024-01", "en", "efective: 2024-01-15", SECTIONS)
}

const TYPO: &str = "policies/acme/2024-01/en.yaml:1:1: error: unknown field `efective`";

fn good() -> Project {
    Project::new().version("2024-01", "en", "effective: 2024-01-15", SECTIONS)
}

#[test]
fn check_reports_the_same_errors_without_writing() {
    let project = with_typo();
    let output = project.privsite(&["check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains(TYPO));
    assert!(!project.path("site").exists());
}

#[test]
fn every_error_of_a_run_is_reported_at_once() {
    let project = two_versions()
        .version(
            "2024-01",
            "en",
            "effective: 2024-01-15\nsummery: x",
            SECTIONS,
        )
        .file(
            "policies/acme/policy.yaml",
            "title: T\nowner: O\nnotice_days: -1\n",
        )
        .version("2025-01", "fr", "title: X", "  - id: nope\n    title: N\n");
    let output = project.privsite(&["check"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.lines().filter(|l| l.contains(": error: ")).count(),
        3,
        "{stderr}"
    );
    assert!(stderr.contains("the sources have 3 errors"), "{stderr}");
}

#[test]
fn errors_show_the_source_line_with_a_caret_and_advice() {
    let project = good().version(
        "2024-01",
        "en",
        "effective: 2024-01-15\nsumary: x",
        SECTIONS,
    );
    let output = project.privsite(&["check"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let expected = "policies/acme/2024-01/en.yaml:2:1: error: unknown field `sumary`\n  |\n2 | sumary: x\n  | ^\n";
    assert!(stderr.contains(expected), "{stderr}");
    assert!(
        stderr.contains(
            "= help: the fields allowed here are: title, effective, published, change, translated_from, sections"
        ),
        "{stderr}"
    );
}

#[test]
fn a_typo_gets_a_did_you_mean() {
    let project = good().file(
        "policies/acme/policy.yaml",
        "title: T\nowner: O\nnotice_dais: 10\n",
    );
    let output = project.privsite(&["check"]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("= help: did you mean `notice_days`?")
    );
}

#[test]
fn warnings_do_not_fail_the_build() {
    let project = Project::new().version(
        "1",
        "en",
        "effective: 2024-01-15\npublished: 2024-02-01",
        "  - id: a\n    title: A\n    body: text\n  - id: empty\n    title: Empty\n",
    );
    let output = project
        .privsite(&["build", "--today", "2024-06-01"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("policies/acme/1/en.yaml:2:12: warning: this version is published on 2024-02-01, 17 days after it takes effect on 2024-01-15"),
        "{stderr}"
    );
    assert!(
        stderr.contains("policies/acme/1/en.yaml:7:9: warning: the section `empty` is empty"),
        "{stderr}"
    );
}

#[test]
fn an_output_folder_privsite_did_not_write_is_never_replaced() {
    let project = good().file("site/important.txt", "keep me");
    let output = project
        .privsite(&["build", "--today", "2024-06-01"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("privsite did not write"));
    assert_eq!(
        std::fs::read_to_string(project.path("site/important.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn the_output_folder_cannot_be_the_sources() {
    let project = good();
    for out in [".", "policies", "policies/acme"] {
        let output = project
            .privsite(&["build", "--today", "2024-06-01", "--out", out])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "--out {out}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("would overwrite the sources"));
    }
    assert!(project.path("policies/acme/policy.yaml").is_file());
}

#[test]
fn encoding_damage_is_a_warning_that_names_the_character_meant() {
    let project = good().version(
        "2024-01",
        "en",
        "effective: 2024-01-15\ntitle: \"Acmeâ„¢ Privacy\"",
        SECTIONS,
    );
    let output = project.privsite(&["check"]).output().unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr
            .contains("policies/acme/2024-01/en.yaml:2:13: warning: `â„¢` looks like damaged text"),
        "{stderr}"
    );
    assert!(stderr.contains("replace `â„¢` with `™`"), "{stderr}");
}

#[test]
fn strict_makes_warnings_fail() {
    let project = good().version(
        "2024-01",
        "en",
        "effective: 2024-01-15\npublished: 2024-02-01",
        SECTIONS,
    );
    assert!(
        project
            .privsite(&["check"])
            .output()
            .unwrap()
            .status
            .success()
    );
    let strict = project.privsite(&["check", "--strict"]).output().unwrap();
    assert_eq!(strict.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&strict.stderr).contains("1 warning with --strict"));
}

#[test]
fn check_speaks_json_and_github_annotations() {
    let project = with_typo();
    let json = project
        .privsite(&["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(1));
    let list: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(list[0]["file"], "policies/acme/2024-01/en.yaml");
    assert_eq!(list[0]["line"], 1);
    assert_eq!(list[0]["severity"], "error");
    assert_eq!(list[0]["message"], "unknown field `efective`");
    let github = project
        .privsite(&["check", "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(github.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&github.stdout),
        "::error file=policies/acme/2024-01/en.yaml,line=1,col=1,title=privsite::unknown field `efective`%0Ahelp: did you mean `effective`?\n"
    );
}

#[test]
fn links_that_lead_nowhere_are_warnings() {
    let project = Project::new()
        .version(
            "1",
            "en",
            "effective: 2024-01-01",
            "  - id: intro\n    title: Intro\n    body: \"See [logs](#logs), [cookies](#cookie-choices), [the table](#retention) and [data](#dat).\"\n  - id: logs\n    title: Logs\n    body: \"## Cookie choices\\n\\n<table><tr><td><a id=\\\"retention\\\"></a>90 days</td></tr></table>\"\n  - id: data\n    title: Data\n    body: Text.\n",
        )
        .version("1", "fr", "", "  - id: intro\n    body: \"Voir [les journaux](#journaux).\"\n");
    let (warnings, stderr) = check_warnings(&project);
    assert_eq!(
        warnings,
        [
            "policies/acme/1/en.yaml:3:9: warning: a link in section `intro` goes to `#dat`, but this version has no section or heading `dat`",
            "policies/acme/1/fr.yaml:3:9: warning: a link in section `intro` goes to `#journaux`, but this version has no section or heading `journaux`",
        ],
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `#data`?"), "{stderr}");
}

/// A project big enough that its build takes a while after its first page
/// is written (seconds, not milliseconds, even on a fast idle machine):
/// 300 versions in two languages, each compared with the one before.
fn a_long_history() -> Project {
    let mut project = Project::new();
    for n in 0..300 {
        let body = format!(
            "We keep logs for {n} days. {}",
            "Words of the policy. ".repeat(40)
        );
        project = project.version(
            &format!("v{n:03}"),
            "en",
            &format!("effective: {}", jiff::civil::date(2000, 1, 1) + jiff::Span::new().days(n * 30)),
            &format!("  - id: logs\n    title: Logs\n    body: \"{body}\"\n  - id: rest\n    title: Rest\n    body: The rest.\n"),
        );
        project = project.version(
            &format!("v{n:03}"),
            "fr",
            "title: Politique",
            &format!("  - id: logs\n    title: Journaux\n    body: \"Nous gardons les journaux {n} jours. {}\"\n", "Mots de la politique. ".repeat(40)),
        );
    }
    project
}

#[test]
fn an_interrupted_build_leaves_the_previous_site_whole() {
    let project = good();
    project.build("2024-06-01");
    let before = project.snapshot_site();
    let project = {
        std::fs::remove_dir_all(project.path("policies/acme")).unwrap();
        let long = a_long_history();
        std::fs::rename(long.path("policies/acme"), project.path("policies/acme")).unwrap();
        project
    };
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("privsite"))
        .current_dir(project.root())
        .args(["build", "--today", "2024-06-01"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the build has started writing (its staging folder is
    // there), then stop it: seconds of pages are still to come. SIGTERM,
    // as a CI runner's timeout or `kill` sends it: a shell that starts the
    // tests in the background has its children ignore Ctrl-C's SIGINT.
    let staging = project.path(&format!(".site.staging-{}-0", child.id()));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !staging.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let interrupted = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "the build finished before it could be interrupted; make the project bigger"
    );
    assert_eq!(
        before,
        project.snapshot_site(),
        "site/ must be the previous site, whole"
    );

    // The next build clears what the interrupted one left and publishes.
    project.build("2024-06-01");
    let names: Vec<String> = std::fs::read_dir(project.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".site"))
        .collect();
    assert!(names.is_empty(), "left behind: {names:?}");
    assert!(project.exists("acme/fr/v150/index.html"));
}

#[test]
fn reports_are_coloured_on_terminals_only() {
    let project = with_typo();
    let piped = project.privsite(&["check"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&piped.stderr).contains('\u{1b}'));
    let forced = project
        .privsite(&["check"])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&forced.stderr);
    assert!(stderr.contains("\u{1b}[1m\u{1b}[31merror:"), "{stderr:?}");
    let no_color = project
        .privsite(&["check"])
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&no_color.stderr).contains('\u{1b}'));
}

#[test]
fn html_ids_that_repeat_a_section_and_links_from_the_domain_root_are_warnings() {
    let project = Project::new().version(
        "1",
        "en",
        "effective: 2024-01-01",
        "  - id: intro\n    title: Intro\n    body: \"See [the terms](/legal/terms) and <a href=\\\"/cookies\\\">cookies</a>, <span id=\\\"logs\\\">kept</span>, or [our site](https://acme.example/) and [logs](#logs).\"\n  - id: logs\n    title: Logs\n    body: Text.\n",
    );
    let (warnings, stderr) = check_warnings(&project);
    assert_eq!(
        warnings,
        [
            "policies/acme/1/en.yaml:3:9: warning: a link in section `intro` goes to `/cookies`, which starts with `/`: it only works when the site is published at the top of its domain, and never in a local preview",
            "policies/acme/1/en.yaml:3:9: warning: a link in section `intro` goes to `/legal/terms`, which starts with `/`: it only works when the site is published at the top of its domain, and never in a local preview",
            "policies/acme/1/en.yaml:3:9: warning: the HTML in section `intro` sets the id `logs`, which is already the id of section `logs`: the page would have two places called `#logs`",
        ],
        "{stderr}"
    );
}

#[test]
fn markup_of_other_publishing_tools_is_a_warning() {
    let project = Project::new().version(
        "1",
        "en",
        "effective: 2024-01-01",
        "  - id: intro\n    title: Intro\n    body: \"Email {{ site.privacy_email }} or see below. A set {a, b} is fine, and so is `{% code %}`.\"\n  - id: rights\n    title: Rights\n    body: \"## Yours\\n{: #yours}\\n\\nText.\"\n",
    );
    let (warnings, stderr) = check_warnings(&project);
    assert_eq!(
        warnings,
        [
            "policies/acme/1/en.yaml:3:9: warning: section `intro` contains `{{ site.privacy_email }}`, markup of another publishing tool (Liquid or kramdown) that privsite shows as written",
            "policies/acme/1/en.yaml:6:9: warning: section `rights` contains `{: #yours}`, markup of another publishing tool (Liquid or kramdown) that privsite shows as written",
        ],
        "{stderr}"
    );
}

/// Runs `check`, which must succeed, and returns its warning lines and the
/// whole report.
fn check_warnings(project: &Project) -> (Vec<String>, String) {
    let output = project.privsite(&["check"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "warnings only\n{stderr}");
    let warnings = stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .map(str::to_owned)
        .collect();
    (warnings, stderr)
}

#[test]
fn versions_whose_dates_contradict_their_folder_names_are_a_warning() {
    // The version whose date is out of place, not its neighbour.
    let project = Project::new()
        .version("2024-01", "en", "effective: 2024-01-15", SECTIONS)
        .version("2024-06", "en", "effective: 2014-06-01", SECTIONS)
        .version("2024-09", "en", "effective: 2024-09-01", SECTIONS);
    let (warnings, stderr) = check_warnings(&project);
    assert_eq!(
        warnings,
        [
            "policies/acme/2024-06/en.yaml:1:12: warning: version `2024-06` takes effect on 2014-06-01, before version `2024-01` (2024-01-15), though its folder name sorts after it"
        ]
    );
    assert!(
        stderr.contains("= help: if you meant 2024-06-01, write `effective: 2024-06-01`; versions are shown in the order they take effect"),
        "{stderr}"
    );
}

/// A policy folder named like a file or folder privsite writes at the top
/// of the site is an error at that folder, with a name to use instead; a
/// name that only looks like one is a policy like any other.
#[test]
fn a_policy_may_not_take_a_name_the_site_uses_at_its_top() {
    for taken in [
        "index.html",
        "feed.xml",
        "sitemap.xml",
        "sitemap-2.xml",
        "assets",
    ] {
        let project = good().file(
            &format!("policies/{taken}/2024-01/en.yaml"),
            &format!("effective: 2024-01-15\nsections:\n{SECTIONS}"),
        );
        let project = project.file(
            &format!("policies/{taken}/policy.yaml"),
            "title: Terms\nowner: Acme Inc.\n",
        );
        let stderr = project.fails(&["build", "--today", "2024-06-01"]);
        assert!(
            stderr.contains(&format!(
                "policies/{taken}: error: the policy folder name `{taken}` is taken"
            )),
            "{taken}: {stderr}"
        );
        assert!(stderr.contains("help: rename the folder"), "{stderr}");
        assert!(!project.exists("index.html"), "{taken}: nothing is written");
    }
    for free in ["sitemap-a.xml", "feeds", "sitemap-.xml", "index"] {
        let project = good()
            .file(
                &format!("policies/{free}/2024-01/en.yaml"),
                &format!("effective: 2024-01-15\nsections:\n{SECTIONS}"),
            )
            .file(
                &format!("policies/{free}/policy.yaml"),
                "title: Terms\nowner: Acme Inc.\n",
            );
        project.succeeds(&["build", "--today", "2024-06-01"]);
        assert!(project.exists(&format!("{free}/en/index.html")), "{free}");
    }
}
