//! Section aliases: a section keeps its former ids as anchors
//! (`aliases: [old-id]`), so links to `page#old-id` still land on it. Aliases
//! are reserved like ids, set only in the source locale, and `check` warns
//! when a new version drops an anchor the previous one had.

use crate::support::Project;

/// Two sections; `usage` keeps the ids it had before.
const WITH_ALIASES: &str = "  - id: intro
    title: Introduction
    body: See [how we use data](#how-we-use-data) and [usage](#usage).
  - id: usage
    aliases: [how-we-use-data, use-of-data]
    title: How We Use Data
    body: We use data to run the service.
";

fn stderr_of_check(project: &Project) -> (Option<i32>, String) {
    let output = project.privsite(&["check"]).output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn pages_carry_an_anchor_for_each_alias_inside_its_section() {
    let project = Project::new()
        .version("1", "en", "effective: 2024-01-01", WITH_ALIASES)
        .version(
            "1",
            "fr",
            "",
            "  - id: usage\n    title: Utilisation des données\n",
        );
    project.build("2024-06-01");
    for page in [
        "acme/en/index.html",
        "acme/en/1/index.html",
        "acme/fr/1/index.html",
    ] {
        let page = project.page(page);
        assert_eq!(
            page.attrs("section#usage > .policy-section__alias", "id"),
            ["how-we-use-data", "use-of-data"]
        );
        assert_eq!(page.count("#intro > .policy-section__alias"), 0);
    }
    let (code, stderr) = stderr_of_check(&project);
    assert_eq!(code, Some(0));
    assert!(
        !stderr.contains("how-we-use-data"),
        "a link to an alias is a link that works: {stderr}"
    );
}

#[test]
fn body_headings_do_not_take_an_alias() {
    let sections = format!(
        "{WITH_ALIASES}  - id: more\n    title: More\n    body: |\n      ## How we use data\n\n      Details.\n"
    );
    let project = Project::new().version("1", "en", "effective: 2024-01-01", &sections);
    project.build("2024-06-01");
    let page = project.page("acme/en/index.html");
    assert_eq!(
        page.count("#how-we-use-data"),
        1,
        "one target for #how-we-use-data"
    );
    assert_eq!(page.attr("#more h3", "id"), "how-we-use-data-2");
}

#[test]
fn an_alias_must_be_a_valid_id_that_no_section_uses() {
    let project = Project::new().version(
        "1",
        "en",
        "effective: 2024-01-01",
        "  - id: intro
    aliases: [Old_Intro, usage]
    title: Introduction
    body: Hello.
  - id: usage
    aliases: [history]
    title: Usage
    body: Use.
    sections:
      - id: history
        title: History
        body: Then.
      - id: details
        aliases: [history-2, history-2]
        title: Details
        body: More.
",
    );
    let (code, stderr) = stderr_of_check(&project);
    assert_eq!(code, Some(1));
    for expected in [
        "policies/acme/1/en.yaml:4:15: error: the alias is not a valid section id: `Old_Intro` must start with a lowercase letter or a digit",
        "policies/acme/1/en.yaml:7:9: error: the section id `usage` is already an alias in this version (on line 4)",
        "policies/acme/1/en.yaml:12:13: error: the section id `history` is already an alias in this version (on line 8)",
        "policies/acme/1/en.yaml:16:30: error: the alias `history-2` is used twice in this version (first on line 16)",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    assert!(
        stderr.contains(
            "= help: an alias is a former id of the section, written like an id: use `old-intro`"
        ),
        "{stderr}"
    );
    let reversed = Project::new().version(
        "1",
        "en",
        "effective: 2024-01-01",
        "  - id: intro\n    title: Introduction\n    body: Hello.\n  - id: usage\n    aliases: [intro]\n    title: Usage\n    body: Use.\n",
    );
    let (_, stderr) = stderr_of_check(&reversed);
    assert!(
        stderr.contains("policies/acme/1/en.yaml:7:15: error: the alias `intro` is already a section id in this version (on line 3)"),
        "{stderr}"
    );
}

#[test]
fn a_translation_cannot_set_aliases() {
    let project = Project::new()
        .version("1", "en", "effective: 2024-01-01", WITH_ALIASES)
        .version(
            "1",
            "fr",
            "",
            "  - id: usage\n    aliases: [utilisation]\n    title: Utilisation\n",
        );
    let (code, stderr) = stderr_of_check(&project);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("policies/acme/1/fr.yaml:4:15: error: a translation cannot set `aliases`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: aliases come from the source locale's file"),
        "{stderr}"
    );
}

/// Version 1 has a section `usage`; version 2 has the same text under `header`'s id.
fn renamed(new_section: &str) -> Project {
    let old = "  - id: intro\n    title: Introduction\n    body: Hello.\n  - id: usage\n    title: How We Use Data\n    body: We use data to run the service.\n";
    Project::new()
        .version("1", "en", "effective: 2024-01-01", old)
        .version(
            "2",
            "en",
            "effective: 2024-06-01",
            &format!("  - id: intro\n    title: Introduction\n    body: Hello.\n{new_section}"),
        )
}

#[test]
fn check_warns_when_a_renamed_section_does_not_keep_its_old_id() {
    let project = renamed(
        "  - id: how-we-use-data\n    title: How We Use Data\n    body: We use data to run the service.\n",
    );
    let (code, stderr) = stderr_of_check(&project);
    assert_eq!(code, Some(0), "a warning: {stderr}");
    assert!(
        stderr.contains("policies/acme/2/en.yaml:6:9: warning: section `how-we-use-data` was `usage` in version 1: links to #usage break"),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: add `aliases: [usage]` to section `how-we-use-data`, so that links to its former anchor still lead to it"),
        "{stderr}"
    );
    let kept = renamed(
        "  - id: how-we-use-data\n    aliases: [usage]\n    title: How We Use Data\n    body: We use data to run the service.\n",
    );
    let (_, stderr) = stderr_of_check(&kept);
    assert!(!stderr.contains("break"), "{stderr}");
}

#[test]
fn check_warns_when_a_later_version_drops_an_alias() {
    let renamed_with_alias = "  - id: how-we-use-data\n    aliases: [usage]\n    title: How We Use Data\n    body: We use data to run the service.\n";
    let project = renamed(renamed_with_alias).version(
        "3",
        "en",
        "effective: 2025-01-01",
        "  - id: intro\n    title: Introduction\n    body: Hello.\n  - id: how-we-use-data\n    title: How We Use Data\n    body: We use data to run the service.\n",
    );
    let (_, stderr) = stderr_of_check(&project);
    assert!(
        stderr.contains("policies/acme/3/en.yaml:6:9: warning: section `how-we-use-data` dropped the alias `usage` it had in version 2: links to #usage break"),
        "{stderr}"
    );
    // Renamed again, its aliases must come along.
    let again = renamed(renamed_with_alias).version(
        "3",
        "en",
        "effective: 2025-01-01",
        "  - id: intro\n    title: Introduction\n    body: Hello.\n  - id: data-use\n    aliases: [how-we-use-data]\n    title: How We Use Data\n    body: We use data to run the service.\n",
    );
    let (_, stderr) = stderr_of_check(&again);
    assert!(
        stderr.contains("policies/acme/3/en.yaml:6:9: warning: section `data-use` was `how-we-use-data` in version 2: links to #usage break"),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: write `aliases: [how-we-use-data, usage]` in section `data-use`"),
        "{stderr}"
    );
}

#[test]
fn raw_html_cannot_take_an_alias_and_check_says_so() {
    let sections = WITH_ALIASES.replace(
        "body: We use data to run the service.",
        "body: We use <span id=\"use-of-data\">data</span> to run the service.",
    );
    let project = Project::new().version("1", "en", "effective: 2024-01-01", &sections);
    let (_, stderr) = stderr_of_check(&project);
    assert!(
        stderr.contains("policies/acme/1/en.yaml:6:9: warning: the HTML in section `usage` sets the id `use-of-data`, which section `usage` keeps as an alias for its former id"),
        "{stderr}"
    );
    project.build("2024-06-01");
    let page = project.page("acme/en/index.html");
    assert_eq!(page.count("#use-of-data"), 1, "the page keeps one target");
    assert_eq!(page.count("span.policy-section__alias#use-of-data"), 1);
}
