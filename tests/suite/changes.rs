//! Comparing versions as readers and authors meet it: change pages,
//! `privsite diff`, stale translations, `status`, `new-version`, and the
//! warning for an understated `change.kind`, and the XLIFF export of a
//! version for translators.

use std::fs;

use crate::support::{Project, SECTIONS, SECTIONS_FR, two_versions};

#[test]
fn every_version_after_the_first_has_a_change_page_in_every_locale() {
    let project = two_versions();
    project.build("2024-12-01");
    for locale in ["en", "fr", "ar"] {
        assert!(
            project.exists(&format!("acme/{locale}/2025-01/changes/index.html")),
            "{locale}"
        );
        assert!(
            !project.exists(&format!("acme/{locale}/2024-01/changes/index.html")),
            "no change page for the first version"
        );
    }
}

#[test]
fn the_change_page_shows_the_classification_reasons_and_redline() {
    let project = two_versions();
    project.build("2024-12-01");
    let page = project.page("acme/en/2025-01/changes/index.html");
    assert_eq!(page.texts(".classification .level"), ["Material"]);
    assert_eq!(
        page.texts(".change__reason"),
        ["Wording changed in Cookies: “one cookie” → “two cookies”"]
    );
    assert_eq!(page.attrs(".change__reason a", "href"), ["#cookies"]);
    assert_eq!(
        page.count(".change__reason bdi.quote"),
        2,
        "each quote isolated"
    );
    assert_eq!(
        page.attrs(".change__reason bdi.quote", "lang"),
        Vec::<String>::new(),
        "same language as the page"
    );
    // The redline marks the change with <ins>/<del>, in the changed
    // section: the rewritten phrase as one deletion and one insertion.
    let body = "#cookies > .redline-section__body > .redline-block";
    assert_eq!(page.texts(&format!("{body} del")), ["removed: one cookie"]);
    assert_eq!(page.texts(&format!("{body} ins")), ["added: two cookies"]);
    // ... and again side by side.
    assert_eq!(
        page.texts("#cookies .side-by-side__old del"),
        ["removed: one cookie"]
    );
    assert_eq!(page.count("#cookies .side-by-side__old ins"), 0);
    // An unchanged section is named, with a link to its text in the
    // version, and its text is not repeated.
    assert_eq!(page.count(".redline-unchanged li#intro"), 1);
    assert_eq!(
        project.targets("acme/en/2025-01/changes/index.html", "#intro > a"),
        ["acme/en/2025-01/index.html#intro"]
    );
    assert_eq!(page.count("#intro .redline-block"), 0);
    assert_eq!(
        page.texts(".redline__legend")[1],
        "Sections without changes are listed by title: each title leads to the section’s text in this version."
    );
    assert_eq!(
        page.texts(".change-stats").concat(),
        "1 section changed · 2 words added · 2 words removed · 0 passages moved"
    );
}

#[test]
fn version_pages_and_the_history_link_to_the_change_page_with_its_level() {
    let project = two_versions();
    project.build("2025-02-01");
    let page = project.page("acme/en/index.html");
    assert_eq!(
        project.targets(
            "acme/en/index.html",
            ".policy-meta__history a[href*=changes]"
        ),
        ["acme/en/2025-01/changes/index.html"]
    );
    assert_eq!(page.texts(".policy-meta__history .level"), ["Material"]);
    assert_eq!(
        project.targets("acme/fr/versions/index.html", ".version-list__changes a"),
        ["acme/fr/2025-01/changes/index.html"]
    );
}

#[test]
fn a_translation_redline_compares_its_own_texts_with_the_sources_classification() {
    let fr_v2 = SECTIONS_FR.replace("Nous respectons", "Nous respectons pleinement");
    let project = two_versions().version(
        "2025-01",
        "fr",
        "title: Politique de confidentialité",
        &fr_v2,
    );
    project.build("2024-12-01");
    let page = project.page("acme/fr/2025-01/changes/index.html");
    let inserted = page.texts("#intro > .redline-section__body > .redline-block ins");
    assert_eq!(inserted.len(), 1);
    assert!(inserted[0].ends_with("pleinement"), "{inserted:?}");
    let deleted = page.texts("#cookies > .redline-section__body > .redline-block del");
    assert!(
        deleted.concat().contains("one"),
        "the untranslated section shows the original's change: {deleted:?}"
    );
    assert_eq!(page.attrs("#cookies", "lang"), ["en"]);
    assert_eq!(page.count(".classification .level--material"), 1);
}

#[test]
fn the_examples_are_classified_as_the_readme_says() {
    let project = crate::examples::examples();
    project.build("2026-11-23");
    assert_eq!(
        project
            .page("mozilla/en/2008-11/changes/index.html")
            .texts(".classification .level"),
        ["Minor"]
    );
    assert_eq!(
        project
            .page("zimbra/en/2006-02/changes/index.html")
            .texts(".classification .level"),
        ["Material"]
    );
    let zimbra = project
        .page("zimbra/en/2006-02/changes/index.html")
        .texts(".change__reason");
    // "Zimbra" became "Zimbra, Inc." in two sections: one line names both.
    assert!(
        zimbra.iter().any(|r| r.starts_with(
            "Words added in Our Commitment to Data Security and Changes to this Privacy Statement: "
        )),
        "{zimbra:?}"
    );
    assert!(
        zimbra
            .iter()
            .any(|r| r.starts_with("List item added in The Information We Collect")),
        "{zimbra:?}"
    );
}

#[test]
fn diff_prints_the_classification_reasons_and_a_plain_redline_when_piped() {
    let project = two_versions();
    let output = project.privsite(&["diff", "acme"]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("acme 2024-01 -> 2025-01: material\n"),
        "{text}"
    );
    assert!(
        text.contains("material  wording changed in 'Cookies': 'one cookie' -> 'two cookies'"),
        "{text}"
    );
    assert!(
        text.contains("We use [-one cookie-]{+two cookies+}."),
        "{text}"
    );
    assert!(
        !text.contains('\u{1b}'),
        "no colour codes when not a terminal"
    );
}

#[test]
fn diff_json_has_the_contract_fields() {
    let project = two_versions();
    let output = project
        .privsite(&["diff", "acme", "2024-01", "2025-01", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["classification"], "material");
    assert_eq!(json["automatic"], "material");
    let change = &json["changes"][0];
    assert_eq!(change["section"]["id"], "cookies");
    assert_eq!(change["level"], "material");
    assert_eq!(json["stats"]["words_added"], 2);
}

#[test]
fn diff_json_gives_blocks_only_for_sections_whose_text_or_heading_changed() {
    let project = two_versions().version(
        "2025-01",
        "en",
        "effective: 2025-01-15\npublished: 2024-11-15",
        &SECTIONS
            .replace("one cookie", "two cookies")
            .replace("title: Introduction", "title: About This Policy"),
    );
    let output = project
        .privsite(&["diff", "acme", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let section = |id: &str| {
        json["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("no section {id}"))
            .clone()
    };
    // Unchanged: no blocks, the text is the version's.
    let data = section("data");
    assert_eq!(data["status"], "unchanged");
    assert_eq!(data["blocks"], serde_json::json!([]));
    // The text changed: its redline.
    let cookies = section("cookies");
    assert_eq!(cookies["status"], "changed");
    let segments = cookies["blocks"][0]["segments"].to_string();
    assert_eq!(cookies["blocks"][0]["status"], "changed", "{cookies}");
    assert!(
        segments.contains(r#"{"tag":"delete","text":"one cookie"}"#)
            && segments.contains(r#"{"tag":"insert","text":"two cookies"}"#),
        "{segments}"
    );
    // Only the heading changed: the text is shown with it, unchanged.
    let intro = section("intro");
    assert_eq!(intro["status"], "changed");
    let text = intro["blocks"].to_string();
    assert!(text.contains("We respect your privacy."), "{text}");
}

#[test]
fn diff_with_a_declared_kind_keeps_the_automatic_result() {
    let project = two_versions().version(
        "2025-01",
        "en",
        "effective: 2025-01-15\npublished: 2024-11-15\nchange:\n  kind: minor",
        &SECTIONS.replace("one cookie", "two cookies"),
    );
    let output = project
        .privsite(&["diff", "acme", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["classification"], "minor");
    assert_eq!(json["automatic"], "material");
    assert_eq!(json["declared"], "minor");
}

#[test]
fn diff_of_a_locale_shows_that_locales_redline() {
    let project = two_versions();
    let output = project
        .privsite(&["diff", "acme", "--locale", "fr"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("We use [-one cookie-]{+two cookies+}."),
        "untranslated: the original's text\n{text}"
    );
}

#[test]
fn diff_usage_errors_exit_2_and_name_the_choices() {
    let project = two_versions();
    for (args, message) in [
        (
            &["diff", "nope"][..],
            "there is no policy `nope`; the policies are: acme",
        ),
        (
            &["diff", "acme", "2023-01"],
            "the policy `acme` has no version `2023-01`; its versions are: 2024-01, 2025-01",
        ),
        (
            &["diff", "acme", "2024-01"],
            "`2024-01` is the first version",
        ),
        (
            &["diff", "acme", "--locale", "de"],
            "the policy `acme` has no locale `de`",
        ),
    ] {
        let output = project.privsite(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains(message),
            "{args:?}"
        );
    }
}

#[test]
fn an_understated_minor_is_a_warning_that_names_the_change() {
    let project = two_versions().version(
        "2025-01",
        "en",
        "effective: 2025-01-15\npublished: 2024-11-15\nchange:\n  kind: minor",
        &SECTIONS.replace("one cookie", "two cookies"),
    );
    let output = project.privsite(&["check"]).output().unwrap();
    assert!(output.status.success(), "a warning, not an error");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("policies/acme/2025-01/en.yaml:4:9: warning: `change.kind` says minor, but compared with version 2024-01 this change is material: wording changed in 'Cookies': 'one cookie' -> 'two cookies'"),
        "{stderr}"
    );
}

#[test]
fn a_translation_that_fell_behind_is_shown_in_the_original_and_reported() {
    // The source of `intro` changes in 2025-01; its French text does not.
    let project = two_versions().version(
        "2025-01",
        "en",
        "effective: 2025-01-15\npublished: 2024-11-15",
        &SECTIONS.replace(
            "We respect your privacy.",
            "We deeply respect your privacy.",
        ),
    );
    project.build("2025-02-01");
    let page = project.page("acme/fr/2025-01/index.html");
    assert_eq!(page.attr("#intro > .policy-section__body", "lang"), "en");
    assert!(
        page.texts("#intro")
            .concat()
            .contains("We deeply respect your privacy.")
    );
    assert_eq!(page.count("#intro .untranslated-note--stale"), 1);
    // The translation of the earlier wording follows, marked as such.
    assert_eq!(page.count("#intro .earlier-translation"), 1);
    assert!(
        page.texts("#intro .earlier-translation__body")
            .concat()
            .contains("Nous respectons votre vie privée.")
    );
    assert_eq!(
        page.count("#data > .untranslated-note"),
        0,
        "unchanged sections keep their translation"
    );
    let check = project.privsite(&["check"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(stderr.contains("policies/acme/2025-01/fr.yaml:3:9: warning: the fr translation of section `intro` is out of date: the original changed in meaning since version 2024-01, which it was made for"), "{stderr}");
    let status = project
        .privsite(&["status", "--today", "2025-02-01"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&status.stdout);
    assert!(
        stdout.contains(
            "fr     1 of 3 sections translated and current; not yet: cookies; out of date: intro"
        ),
        "{stdout}"
    );
}

/// The two-version project with the English text of `intro` in 2025-01
/// written as `intro` and the French files of 2025-01 given `header`.
pub(crate) fn intro_changed(intro: &str, header: &str) -> Project {
    two_versions()
        .version(
            "2025-01",
            "en",
            "effective: 2025-01-15",
            &SECTIONS.replace("We respect your privacy.", intro),
        )
        .version("2025-01", "fr", header, SECTIONS_FR)
}

#[test]
fn a_spelling_fix_or_a_new_title_leaves_the_translation_current() {
    for (what, project) in [
        (
            "a spelling fix",
            intro_changed(
                "We respect your privasy.",
                "title: Politique de confidentialité",
            ),
        ),
        (
            "punctuation",
            intro_changed(
                "We respect your privacy!",
                "title: Politique de confidentialité",
            ),
        ),
    ] {
        project.build("2025-02-01");
        let page = project.page("acme/fr/2025-01/index.html");
        assert_eq!(page.count("#intro .untranslated-note--stale"), 0, "{what}");
        assert!(
            page.texts("#intro > .policy-section__body")
                .concat()
                .contains("Nous respectons votre vie privée."),
            "{what}: the translation is shown"
        );
        let check = project.privsite(&["check", "--strict"]).output().unwrap();
        assert!(
            check.status.success(),
            "{what}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
    // A new title alone.
    let project = two_versions()
        .version(
            "2025-01",
            "en",
            "effective: 2025-01-15\npublished: 2024-11-15",
            &SECTIONS.replace("title: Introduction", "title: About this policy"),
        )
        .version(
            "2025-01",
            "fr",
            "title: Politique de confidentialité",
            SECTIONS_FR,
        );
    project.build("2025-02-01");
    let page = project.page("acme/fr/2025-01/index.html");
    assert_eq!(
        page.count("#intro .untranslated-note--stale"),
        0,
        "a new title"
    );
}

#[test]
fn a_translation_stays_out_of_date_until_it_changes_or_is_checked() {
    // The meaning changes in 2025-01; 2026-01 changes nothing more; the
    // French text is the same throughout.
    let project = intro_changed(
        "We respect your privacy and sell nothing.",
        "title: Politique de confidentialité",
    )
    .version(
        "2026-01",
        "en",
        "effective: 2026-01-15",
        &SECTIONS.replace(
            "We respect your privacy.",
            "We respect your privacy and sell nothing.",
        ),
    )
    .version(
        "2026-01",
        "fr",
        "title: Politique de confidentialité",
        SECTIONS_FR,
    );
    project.build("2026-02-01");
    for version in ["2025-01", "2026-01"] {
        let page = project.page(&format!("acme/fr/{version}/index.html"));
        assert_eq!(
            page.count("#intro .untranslated-note--stale"),
            1,
            "{version}"
        );
    }
    // Only the version readers see now is warned about.
    let check = project
        .privsite(&["check", "--today", "2026-02-01"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(stderr.contains("policies/acme/2026-01/fr.yaml"), "{stderr}");
    assert!(
        !stderr.contains("policies/acme/2025-01/fr.yaml"),
        "{stderr}"
    );

    // The translator checks the newest file: it is current from then on,
    // and `check --strict` passes without editing history.
    let project = project.version(
        "2026-01",
        "fr",
        "title: Politique de confidentialité\ntranslated_from: 2026-01",
        SECTIONS_FR,
    );
    project.build("2026-02-01");
    let page = project.page("acme/fr/2026-01/index.html");
    assert_eq!(page.count("#intro .untranslated-note--stale"), 0);
    let page = project.page("acme/fr/2025-01/index.html");
    assert_eq!(
        page.count("#intro .untranslated-note--stale"),
        1,
        "history stays"
    );
    let check = project
        .privsite(&["check", "--strict", "--today", "2026-02-01"])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn translated_from_must_name_this_version_or_an_earlier_one() {
    // What `check` says of a project, which must fail.
    let refused = |project: &Project| {
        let output = project.privsite(&["check"]).output().unwrap();
        assert_eq!(output.status.code(), Some(1));
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let stderr = refused(&intro_changed(
        "We respect your privacy.",
        "title: Politique de confidentialité\ntranslated_from: 2030-01",
    ));
    assert!(
        stderr.contains("policies/acme/2025-01/fr.yaml:2:18: error: `translated_from: 2030-01` names no version of this policy"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 | translated_from: 2030-01\n  |                  ^\n"),
        "the line, pointed at: {stderr}"
    );
    assert!(
        stderr.contains("the versions are 2024-01, 2025-01"),
        "{stderr}"
    );
    let stderr = refused(&two_versions().version(
        "2024-01",
        "fr",
        "title: Politique de confidentialité\ntranslated_from: 2025-01",
        SECTIONS_FR,
    ));
    assert!(
        stderr.contains("names a later version than this one (`2024-01`)"),
        "{stderr}"
    );
    let stderr = refused(&two_versions().version(
        "2024-01",
        "en",
        "effective: 2024-01-15\ntranslated_from: 2024-01",
        SECTIONS,
    ));
    assert!(
        stderr.contains("`translated_from` belongs in a translation file"),
        "{stderr}"
    );
}

#[test]
fn new_version_copies_the_newest_version_with_new_dates() {
    let project = two_versions();
    project
        .privsite(&[
            "new-version",
            "acme",
            "2025-06",
            "--effective",
            "2025-07-01",
            "--published",
            "2025-06-01",
        ])
        .assert()
        .success();
    let en = std::fs::read_to_string(project.path("policies/acme/2025-06/en.yaml")).unwrap();
    assert!(
        en.starts_with("effective: 2025-07-01\npublished: 2025-06-01\nsections:\n"),
        "{en}"
    );
    assert!(!en.contains("change:"), "the old change summary is dropped");
    assert!(project.path("policies/acme/2025-06/fr.yaml").is_file());
    // The copy is identical in text: its change is `none`.
    let output = project
        .privsite(&["diff", "acme", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["classification"], "none");
    // And a second copy to the same id is refused.
    let again = project
        .privsite(&[
            "new-version",
            "acme",
            "2025-06",
            "--effective",
            "2025-08-01",
        ])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn a_project_with_one_version_has_no_change_pages_and_no_diff() {
    let project = Project::new().version("1", "en", "effective: 2024-01-01", SECTIONS);
    project.build("2024-06-01");
    assert!(!project.site_files().iter().any(|f| f.contains("changes")));
    assert_eq!(
        project
            .privsite(&["diff", "acme"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_translation_that_stops_or_starts_is_compared_in_the_original() {
    // 2024-01 has French for `intro` and `data`; 2025-01 has no French file.
    let project = two_versions();
    std::fs::remove_file(project.path("policies/acme/2025-01/fr.yaml")).unwrap();
    project.build("2024-12-01");
    let fr = project.page("acme/fr/2025-01/changes/index.html");
    let en = project.page("acme/en/2025-01/changes/index.html");
    let numbers = |page: &crate::support::Page| -> Vec<String> {
        page.texts(".change-stats")
            .concat()
            .split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        numbers(&fr),
        numbers(&en),
        "the French page counts the original's changes, not a change of language"
    );
    assert!(
        fr.texts("del").concat().contains("one"),
        "{:?}",
        fr.texts("del")
    );
    assert!(
        !fr.texts("del").concat().contains("Nous"),
        "the French text is not shown as deleted: {:?}",
        fr.texts("del")
    );
    for id in ["intro", "data", "cookies"] {
        assert_eq!(fr.attrs(&format!("#{id}"), "lang"), ["en"], "#{id}");
    }
}

#[test]
fn footnotes_in_a_redline_read_as_numbered_notes() {
    let body = "    body: \"Kept as a hash.[^h]\\n\\n[^h]: A one-way function.\"\n";
    let project = Project::new()
        .version(
            "1",
            "en",
            "effective: 2024-01-01",
            &format!("  - id: a\n    title: A\n{body}"),
        )
        .version(
            "2",
            "en",
            "effective: 2024-02-01",
            &format!(
                "  - id: a\n    title: A\n{}",
                body.replace("one-way", "two-way")
            ),
        );
    project.build("2024-06-01");
    let page = project.page("acme/en/2/changes/index.html");
    let text = page.texts("#a").concat();
    assert!(text.contains("Kept as a hash.[1]"), "{text}");
    assert!(text.contains("[1] A"), "{text}");
    assert!(!text.contains("[^h]"), "{text}");
}

#[test]
fn xliff_export_gives_every_field_with_its_state_and_markdown_as_tags() {
    let project = intro_changed(
        "We respect your privacy and sell **nothing**.",
        "title: Politique de confidentialité",
    );
    let output = project
        .privsite(&["xliff", "export", "acme", "--locale", "fr"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let xliff = String::from_utf8(output.stdout).unwrap();
    assert!(
        xliff.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        "{xliff}"
    );
    assert!(xliff.contains(r#"<file original="policies/acme/2025-01/en.yaml" source-language="en" target-language="fr""#), "{xliff}");
    // The intro changed in meaning: the earlier translation, for review.
    assert!(
        xliff.contains(r#"<trans-unit id="intro/body" resname="intro/body" xml:space="preserve">"#),
        "{xliff}"
    );
    assert!(xliff.contains(r#"<source>We respect your privacy and sell <ph id="1">**</ph>nothing<ph id="2">**</ph>.</source>"#), "{xliff}");
    assert!(
        xliff.contains(
            r#"<target state="needs-review-translation">Nous respectons votre vie privée.</target>"#
        ),
        "{xliff}"
    );
    // A current one is approved; one not translated has no target.
    assert!(xliff.contains(r#"<trans-unit id="intro/title" resname="intro/title" xml:space="preserve" approved="yes">"#), "{xliff}");
    let cookies = &xliff[xliff.find(r#"id="cookies/body""#).unwrap()..];
    let cookies = &cookies[..cookies.find("</trans-unit>").unwrap()];
    assert!(!cookies.contains("<target"), "{cookies}");

    // Written to a file on request.
    let file = project.path("acme-fr.xlf");
    let output = project
        .privsite(&[
            "xliff",
            "export",
            "acme",
            "--locale",
            "fr",
            "--version",
            "2024-01",
            "--output",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        fs::read_to_string(&file)
            .unwrap()
            .contains("policies/acme/2024-01/en.yaml")
    );
}

#[test]
fn xliff_export_says_which_locale_or_version_when_it_cannot_tell() {
    let project = two_versions();
    for (args, expected) in [
        (
            vec!["xliff", "export", "acme"],
            "say which locale to export with --locale: the policy `acme` is translated into fr, ar",
        ),
        (
            vec!["xliff", "export", "acme", "--locale", "en"],
            "`en` is the source locale of `acme`",
        ),
        (
            vec![
                "xliff",
                "export",
                "acme",
                "--locale",
                "fr",
                "--version",
                "1999-01",
            ],
            "the policy `acme` has no version `1999-01`; its versions are: 2024-01, 2025-01",
        ),
        (
            vec!["xliff", "export", "nope", "--locale", "fr"],
            "there is no policy `nope`",
        ),
    ] {
        let output = project.privsite(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

/// A policy `acme` of three versions whose one section (`ids`, one per
/// version, with `aliases`) says `texts`; French translations as given.
fn three_versions(sections: [(&str, &str, &str); 3], french: [Option<&str>; 3]) -> Project {
    let mut project = Project::new();
    for (n, ((id, aliases, text), fr)) in sections.into_iter().zip(french).enumerate() {
        let version = format!("v{}", n + 1);
        project = project.version(
            &version,
            "en",
            &format!("effective: 2024-0{}-01", n + 1),
            &format!("  - id: {id}\n{aliases}    title: Logs\n    body: {text}\n"),
        );
        if let Some(fr) = fr {
            project = project.version(
                &version,
                "fr",
                "title: Politique",
                &format!("  - id: {id}\n    title: Journaux\n    body: {fr}\n"),
            );
        }
    }
    project
}

#[test]
fn a_translation_that_comes_back_after_versions_without_it_is_still_out_of_date() {
    let project = three_versions(
        [
            ("logs", "", "We keep logs for thirty days."),
            (
                "logs",
                "",
                "We keep logs for a year and share them with partners.",
            ),
            (
                "logs",
                "",
                "We keep logs for a year and share them with partners.",
            ),
        ],
        [
            Some("Nous gardons les journaux trente jours."),
            None,
            Some("Nous gardons les journaux trente jours."),
        ],
    );
    let status = project.succeeds(&["status", "--today", "2024-06-01"]);
    assert!(status.contains("out of date: logs"), "{status}");
    project.build("2024-06-01");
    let page = project.page("acme/fr/v3/index.html");
    assert_eq!(page.count("#logs .untranslated-note--stale"), 1);
}

#[test]
fn a_translation_follows_its_section_through_renames_in_a_row() {
    let fr = "Nous gardons les journaux trente jours.";
    let project = three_versions(
        [
            ("logs", "", "We keep logs for thirty days."),
            (
                "server-logs",
                "    aliases: [logs]\n",
                "We keep logs for thirty days.",
            ),
            (
                "logging",
                "    aliases: [server-logs]\n",
                "We keep logs for a year and share them with partners.",
            ),
        ],
        [Some(fr), Some(fr), Some(fr)],
    );
    let status = project.succeeds(&["status", "--today", "2024-06-01"]);
    assert!(status.contains("out of date: logging"), "{status}");
    // Renamed with the same text: still current.
    let status = project.succeeds(&["status", "--today", "2024-02-15"]);
    let v2 = &status[status.find("v2 effective").unwrap()..status.find("v3 effective").unwrap()];
    assert!(
        v2.contains("1 of 1 sections translated and current"),
        "{status}"
    );
    assert!(!v2.contains("out of date"), "{status}");
}

#[test]
fn a_section_replaced_under_a_new_id_is_the_same_change_on_every_page() {
    let project = Project::new()
        .version(
            "v1",
            "en",
            "effective: 2024-01-01",
            "  - id: intro\n    title: Intro\n    body: See [suggestions](#searches).\n  - id: suggest\n    aliases: [searches]\n    title: Suggest\n    body: Suggest shows content based on local data.\n",
        )
        .version(
            "v1",
            "fr",
            "title: P",
            "  - id: intro\n    title: Intro\n    body: Voir les [suggestions](#searches).\n  - id: suggest\n    title: Suggest\n    body: Suggest montre du contenu choisi à partir de données locales.\n",
        )
        .version(
            "v2",
            "en",
            "effective: 2024-06-01",
            "  - id: intro\n    title: Intro\n    body: See [suggestions](#searches).\n  - id: suggest-and-pick\n    aliases: [searches]\n    title: Suggest and Pick\n    body: |\n      Suggest shows content based on local data.\n\n      Pick also sends us your location.\n",
        )
        .version(
            "v2",
            "fr",
            "title: P",
            "  - id: intro\n    title: Intro\n    body: Voir les [suggestions](#searches).\n  - id: suggest-and-pick\n    title: Suggest\n    body: Suggest montre du contenu choisi à partir de données locales.\n",
        );
    project.build("2024-07-01");
    for locale in ["en", "fr"] {
        let html = project.read(&format!("acme/{locale}/v2/changes/index.html"));
        let page = project.page(&format!("acme/{locale}/v2/changes/index.html"));
        // Each anchor once, the alias on the section that keeps it.
        let ids = page.attrs("[id]", "id");
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(ids.len(), unique.len(), "{locale}: {ids:?}");
        // Every in-page link of the list lands on the page.
        let links = page.attrs(".change-list a[href^='#']", "href");
        assert!(
            links.contains(&"#suggest".to_owned()),
            "{locale}: {links:?}"
        );
        for href in links {
            assert!(
                ids.contains(&href[1..].to_owned()),
                "{locale}: {href} in {ids:?}"
            );
        }
        // The old section is removed and the new one added, in French too.
        assert_eq!(page.count(".badge--renamed"), 0, "{locale}");
        assert!(html.contains("id=\"suggest\""), "{locale}");
    }
}
