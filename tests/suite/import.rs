//! `privsite import`: policies brought in from git histories and Markdown
//! files, checked in the tree they write.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::Project;

/// A throwaway git repository whose commits carry the dates they are given.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        repo.git(&["init", "-q", "-b", "main"], "2000-01-01T00:00:00Z");
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn git(&self, args: &[&str], date: &str) -> String {
        let out = Command::new("git")
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(self.path())
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Writes `files` and commits them at `date` (RFC 3339); the commit's
    /// short id (8 digits, as privsite names commits).
    fn commit(&self, date: &str, files: &[(&str, &str)]) -> String {
        for (path, text) in files {
            let full = self.path().join(path);
            fs::create_dir_all(full.parent().unwrap()).unwrap();
            fs::write(full, text).unwrap();
        }
        self.git(&["add", "-A"], date);
        self.git(&["commit", "-q", "-m", "Update"], date);
        self.git(&["rev-parse", "--short=8", "HEAD"], date)
    }

    fn arg(&self) -> String {
        self.path().display().to_string()
    }
}

const COLLECT: &str = "We collect your name and your e-mail address when you sign up, and we keep them as long as you have an account.";

/// The English policy: front matter, the date line, an introduction, and
/// the heading `collect` over the text [`COLLECT`].
fn english(collect: &str, effective: &str, contact: &str) -> String {
    format!(
        "---\ntitle: Acme Privacy Notice\nlayout: legal\n---\n\nEffective date: {effective}\n\n\
         Welcome to Acme. See [how to reach us](#contact).\n\n\
         ## {collect}\n\n{COLLECT}\n\n### Cookies & tracking\n\nWe set one cookie.\n\n\
         ## Contact\n\n{contact}\n"
    )
}

const FRENCH: &str = "---\ntitle: Avis de confidentialité\n---\n\nEn vigueur le 10 janvier 2024\n\n\
     Bienvenue chez Acme. Voir [nous joindre](#nous-joindre).\n\n\
     ## Données collectées\n\nNous collectons votre nom.\n\n### Cookies et suivi\n\nUn cookie.\n\n\
     ## Nous joindre\n\nÉcrivez-nous.\n";

/// A history: a first version with a French translation and a folder that
/// is no locale; two commits on one day (the second a fix) that reword a
/// heading and state a later date; a change that states no newer date.
fn history() -> (Repo, Vec<String>) {
    let repo = Repo::new();
    let first = repo.commit(
        "2024-01-10T10:00:00Z",
        &[
            (
                "legal/en/privacy.md",
                &english("What we collect", "January 10, 2024", "Mail us."),
            ),
            ("legal/fr/privacy.md", FRENCH),
            ("legal/en_b/privacy.md", "# Draft\n\nNothing.\n"),
        ],
    );
    let morning = repo.commit(
        "2024-03-01T09:00:00+01:00",
        &[(
            "legal/en/privacy.md",
            &english(
                "Information we collect",
                "March 15, 2024",
                "Mail us at privacy@acme.exmaple.",
            ),
        )],
    );
    let evening = repo.commit(
        "2024-03-01T18:00:00+01:00",
        &[(
            "legal/en/privacy.md",
            &english(
                "Information we collect",
                "March 15, 2024",
                "Mail us at privacy@acme.example.",
            ),
        )],
    );
    // Only the front matter changes: nothing a reader sees, no version.
    repo.commit(
        "2024-04-01T12:00:00Z",
        &[(
            "legal/en/privacy.md",
            &english(
                "Information we collect",
                "March 15, 2024",
                "Mail us at privacy@acme.example.",
            )
            .replace("layout: legal", "layout: wide"),
        )],
    );
    let later = repo.commit(
        "2024-06-01T12:00:00Z",
        &[(
            "legal/en/privacy.md",
            &english(
                "Information we collect",
                "March 15, 2024",
                "Mail us at privacy@acme.example, or call.",
            ),
        )],
    );
    (repo, vec![first, morning, evening, later])
}

fn import_git(project: &Project, repo: &Repo, extra: &[&str]) -> String {
    let repo = repo.arg();
    let mut args = vec![
        "import",
        "git",
        repo.as_str(),
        "legal/{locale}/privacy.md",
        "--policy",
        "acme",
    ];
    args.extend_from_slice(extra);
    project.succeeds(&args)
}

fn read(project: &Project, path: &str) -> String {
    fs::read_to_string(project.path(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn version(project: &Project, id: &str, locale: &str) -> privsite::source::raw::VersionFile {
    let path = format!("policies/acme/{id}/{locale}.yaml");
    privsite::source::yaml::parse(Path::new(&path), &read(project, &path)).unwrap()
}

fn folders(project: &Project) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(project.path("policies/acme"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_history_becomes_one_version_per_day_its_text_changed() {
    let (repo, commits) = history();
    let project = Project::empty();
    let said = import_git(&project, &repo, &["--owner", "Acme Inc."]);
    assert_eq!(
        folders(&project),
        ["2024-01-10", "2024-03-01", "2024-06-01", "policy.yaml"]
    );
    // The day's last commit: the evening's fix, not the morning's typo.
    let march = version(&project, "2024-03-01", "en");
    let contact = march
        .sections
        .iter()
        .find(|s| s.id.value == "contact")
        .unwrap();
    assert_eq!(
        contact.body.as_ref().unwrap().value,
        "Mail us at privacy@acme.example.\n"
    );
    // Published that day; in effect on the later day its text states.
    assert_eq!(march.published.unwrap().value, "2024-03-01");
    assert_eq!(march.effective.unwrap().value, "2024-03-15");
    // A text that states no newer date takes effect the day it changed.
    let june = version(&project, "2024-06-01", "en");
    assert_eq!(june.effective.unwrap().value, "2024-06-01");
    assert!(june.published.is_none());
    // Each file says where it came from.
    assert!(
        read(&project, "policies/acme/2024-03-01/en.yaml").starts_with(&format!(
            "# Imported by privsite from {}:legal/en/privacy.md\n",
            commits[2]
        ))
    );
    // The unknown folder is reported with its commit and file, not guessed.
    assert!(
        said.contains(&format!("{}:legal/en_b/privacy.md", commits[0])),
        "{said}"
    );
    assert!(said.contains("`en_b` is not a locale"), "{said}");
    project.succeeds(&["check", "--today", "2024-07-01"]);
    project.succeeds(&["build", "--today", "2024-07-01"]);
}

#[test]
fn sections_keep_the_sites_anchors_and_a_reworded_heading_its_old_one() {
    let (repo, _) = history();
    let project = Project::empty();
    import_git(&project, &repo, &["--owner", "Acme Inc."]);
    let first = version(&project, "2024-01-10", "en");
    let ids: Vec<&str> = first.sections.iter().map(|s| s.id.value.as_str()).collect();
    assert_eq!(ids, ["introduction", "what-we-collect", "contact"]);
    assert_eq!(first.sections[1].sections[0].id.value, "cookies--tracking");
    // The date line was read, not kept; the introduction's link still works.
    let intro = &first.sections[0].body.as_ref().unwrap().value;
    assert_eq!(intro, "Welcome to Acme. See [how to reach us](#contact).\n");
    // Front matter gives the title; nothing of it reaches the text.
    assert_eq!(
        read(&project, "policies/acme/policy.yaml").lines().next(),
        Some("title: Acme Privacy Notice")
    );
    assert!(!read(&project, "policies/acme/2024-01-10/en.yaml").contains("layout"));
    // The reworded heading has its new anchor, and the old one as an alias.
    let march = version(&project, "2024-03-01", "en");
    let reworded = &march.sections[1];
    assert_eq!(reworded.id.value, "information-we-collect");
    let aliases: Vec<&str> = reworded.aliases.iter().map(|a| a.value.as_str()).collect();
    assert_eq!(aliases, ["what-we-collect"]);
    // The pages carry both anchors.
    project.build("2024-07-01");
    let page = project.page("acme/en/2024-03-01/index.html");
    assert_eq!(page.count("#information-we-collect"), 1);
    assert_eq!(page.count("#what-we-collect"), 1);
}

#[test]
fn translations_are_the_other_locale_folders_with_the_sources_ids() {
    let (repo, _) = history();
    let project = Project::empty();
    import_git(&project, &repo, &["--owner", "Acme Inc."]);
    let fr = version(&project, "2024-01-10", "fr");
    assert_eq!(fr.title.unwrap().value, "Avis de confidentialité");
    let ids: Vec<&str> = fr.sections.iter().map(|s| s.id.value.as_str()).collect();
    assert_eq!(ids, ["introduction", "what-we-collect", "contact"]);
    assert_eq!(
        fr.sections[1].title.as_ref().unwrap().value,
        "Données collectées"
    );
    // The date line in French is left out too, and the link to the
    // translation's own anchor leads to the section.
    assert_eq!(
        fr.sections[0].body.as_ref().unwrap().value,
        "Bienvenue chez Acme. Voir [nous joindre](#contact).\n"
    );
    // The French file of March is the one that stood at its commit.
    assert!(project.path("policies/acme/2024-03-01/fr.yaml").exists());
    assert!(!project.path("policies/acme/2024-01-10/en-b.yaml").exists());
}

#[test]
fn running_again_adds_only_new_versions_and_leaves_edited_ones_alone() {
    let (repo, _) = history();
    let project = Project::empty();
    import_git(&project, &repo, &["--owner", "Acme Inc."]);
    let edited = "policies/acme/2024-03-01/en.yaml";
    let text = read(&project, edited).replace("Mail us at", "Write to us at");
    fs::write(project.path(edited), &text).unwrap();
    let before = project.sources();
    repo.commit(
        "2024-09-01T12:00:00Z",
        &[(
            "legal/en/privacy.md",
            &english("Information we collect", "September 15, 2024", "Call us."),
        )],
    );
    let said = import_git(&project, &repo, &[]);
    assert!(
        said.contains("1 version added, 3 versions already there"),
        "{said}"
    );
    assert_eq!(read(&project, edited), text);
    let after = project.sources();
    let added: Vec<&String> = after
        .iter()
        .filter(|f| !before.contains(f))
        .map(|(name, _)| name)
        .collect();
    // The new version, with the translation as it stood at its commit.
    assert_eq!(
        added,
        ["acme/2024-09-01/en.yaml", "acme/2024-09-01/fr.yaml"]
    );
    assert_eq!(
        version(&project, "2024-09-01", "en")
            .effective
            .unwrap()
            .value,
        "2024-09-15"
    );
    // Ids carry on from the version on disk.
    assert_eq!(
        version(&project, "2024-09-01", "en").sections[1].aliases[0].value,
        "what-we-collect"
    );
    project.succeeds(&["check", "--today", "2024-10-01"]);
}

#[test]
fn a_dry_run_lists_what_it_would_write_and_writes_nothing() {
    let (repo, _) = history();
    let project = Project::empty();
    let said = import_git(&project, &repo, &["--dry-run"]);
    assert!(
        said.contains("Would write policies/acme/2024-01-10/en.yaml"),
        "{said}"
    );
    assert!(said.contains("Would write policies/site.yaml"), "{said}");
    assert!(said.contains("Nothing was written"), "{said}");
    assert!(!project.path("policies").exists());
}

#[test]
fn two_days_that_state_the_same_effective_date_are_reported_and_nothing_is_written() {
    let repo = Repo::new();
    let first = repo.commit(
        "2024-04-01T12:00:00Z",
        &[(
            "privacy.md",
            &english("What we collect", "May 1, 2024", "Mail us."),
        )],
    );
    let second = repo.commit(
        "2024-04-10T12:00:00Z",
        &[(
            "privacy.md",
            &english("What we collect", "May 1, 2024", "Mail or call us."),
        )],
    );
    let project = Project::empty();
    let args = [
        "import",
        "git",
        &repo.arg(),
        "privacy.md",
        "--policy",
        "acme",
    ];
    let said = project.fails(&args);
    assert!(said.contains(&format!("{second}:privacy.md")), "{said}");
    assert!(said.contains(&format!("{first}:privacy.md")), "{said}");
    assert!(
        said.contains("already takes effect on 2024-05-01"),
        "{said}"
    );
    assert!(said.contains("--fold-corrections"), "{said}");
    assert!(!project.path("policies").exists());
    // Taken as a correction, the later text is that version's.
    let mut folded = args.to_vec();
    folded.push("--fold-corrections");
    project.succeeds(&folded);
    assert_eq!(folders(&project), ["2024-04-01", "policy.yaml"]);
    assert!(read(&project, "policies/acme/2024-04-01/en.yaml").contains("Mail or call us."));
    // Running again folds nothing into the version already there.
    let before = project.sources();
    let said = project.succeeds(&folded);
    assert!(
        said.contains("0 versions added, 1 version already there"),
        "{said}"
    );
    assert_eq!(project.sources(), before);
}

#[test]
fn a_commit_whose_text_cannot_be_read_is_named() {
    let repo = Repo::new();
    repo.commit(
        "2024-01-10T12:00:00Z",
        &[("privacy.md", &english("A", "January 10, 2024", "Mail."))],
    );
    let broken = repo.commit(
        "2024-02-10T12:00:00Z",
        &[("privacy.md", "---\ntitle: [unclosed\n---\n# T\n")],
    );
    let project = Project::empty();
    let said = project.fails(&["import", "git", &repo.arg(), "privacy.md"]);
    assert!(said.contains(&format!("{broken}:privacy.md")), "{said}");
    assert!(said.contains("cannot be read as a policy"), "{said}");
    assert!(!project.path("policies").exists());
}

#[test]
fn a_new_policy_without_owner_gets_a_placeholder_that_check_points_out() {
    let (repo, _) = history();
    let project = Project::empty();
    let said = import_git(&project, &repo, &[]);
    assert!(said.contains("write who issues the policy"), "{said}");
    let checked = project.succeeds(&["check", "--today", "2024-07-01"]);
    assert!(
        checked.contains(
            "policies/acme/policy.yaml:2:8: warning: the policy's `owner` is still the placeholder"
        ),
        "{checked}"
    );
}

fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/seeds")
        .join(name)
}

#[test]
fn the_seed_policies_import_as_markdown_dated_by_their_text() {
    let project = Project::empty();
    for (file, policy) in [("mozilla-2008.md", "mozilla"), ("zimbra-2005.md", "zimbra")] {
        let path = seed(file);
        project.succeeds(&[
            "import",
            "markdown",
            &path.display().to_string(),
            "--policy",
            policy,
            "--owner",
            "Seed",
        ]);
    }
    let mozilla = project.path("policies/mozilla/2008-04-01/en.yaml");
    let zimbra = project.path("policies/zimbra/2005-08-04/en.yaml");
    let (mozilla, zimbra) = (
        fs::read_to_string(mozilla).unwrap(),
        fs::read_to_string(zimbra).unwrap(),
    );
    assert!(mozilla.contains("\neffective: 2008-04-01\n"));
    assert!(zimbra.contains("\neffective: 2005-08-04\n"));
    // The date lines became the dates.
    assert!(!mozilla.contains("April, 2008"));
    assert!(!zimbra.contains("was last amended on"));
    assert!(zimbra.contains("  - id: scope-of-this-notice\n    title: Scope of This Notice\n"));
    project.succeeds(&["check", "--today", "2026-01-01"]);
    project.build("2026-01-01");
    let page = project.page("zimbra/en/2005-08-04/index.html");
    assert_eq!(page.count("#how-to-contact-us"), 1);
}

#[test]
fn markdown_files_without_a_date_or_with_the_same_date_are_reported() {
    let project = Project::empty()
        .file("a.md", "# Privacy\n\n## Data\n\nWe keep nothing.\n")
        .file(
            "b.md",
            "# Privacy\n\nLast updated: 2021-03-04\n\n## Data\n\nWe keep logs.\n",
        )
        .file(
            "c.md",
            "# Privacy\n\nEffective date: March 4, 2021\n\n## Data\n\nWe keep less.\n",
        );
    let said = project.fails(&[
        "import", "markdown", "a.md", "b.md", "c.md", "--policy", "p",
    ]);
    assert!(
        said.contains("a.md: error: this text states no date"),
        "{said}"
    );
    assert!(
        said.contains("c.md: error: this text states the same date as b.md (2021-03-04)"),
        "{said}"
    );
    assert!(!project.path("policies").exists());
    project.succeeds(&[
        "import", "markdown", "b.md", "--policy", "p", "--owner", "P",
    ]);
    project.succeeds(&["check", "--today", "2022-01-01"]);
}
