//! Theme strings with plural forms: chosen by CLDR plural rules (ICU4X) for
//! the language they are written in, on pages, in templates (`fill(count=)`)
//! and in the terminal; checked when the theme loads.

use crate::support::{Project, SECTIONS, two_versions};

/// Version 2 replaces "90" by "30" twice in one section.
fn repeated_number() -> Project {
    let body = "  - id: logs\n    title: Logs\n    body: |\n      - We keep access logs for 90 days.\n      - We keep error logs for 90 days.\n";
    Project::new()
        .version("1", "en", "effective: 2024-01-01", body)
        .version("1", "fr", "", "  - id: logs\n    title: Journaux\n")
        .version("1", "ar", "", "  - id: logs\n    title: السجلات\n")
        .version(
            "2",
            "en",
            "effective: 2024-06-01",
            &body.replace("90", "30"),
        )
}

#[test]
fn a_change_made_in_several_places_counts_them_in_each_languages_plural() {
    let project = repeated_number();
    project.build("2024-07-01");
    let reason = |locale: &str| {
        project
            .page(&format!("acme/{locale}/2/changes/index.html"))
            .texts(".change__reason")
            .concat()
    };
    assert!(reason("en").ends_with("(2 places)"), "{}", reason("en"));
    assert!(
        reason("fr").ends_with("(2 occurrences)"),
        "{}",
        reason("fr")
    );
    // Arabic has a dual: "two places" is one word, without the number.
    assert!(reason("ar").ends_with("(موضعان)"), "{}", reason("ar"));
}

#[test]
fn the_change_counts_use_singular_and_plural_forms() {
    let project = two_versions();
    project.build("2024-12-01");
    let stats = |locale: &str| {
        project
            .page(&format!("acme/{locale}/2025-01/changes/index.html"))
            .texts(".change-stats")
            .concat()
    };
    assert_eq!(
        stats("en"),
        "1 section changed · 2 words added · 2 words removed · 0 passages moved"
    );
    // French puts 0 with 1: "0 passage déplacé".
    assert_eq!(
        stats("fr"),
        "1 section modifiée · 2 mots ajoutés · 2 mots supprimés · 0 passage déplacé"
    );
    // Arabic: one, two (the dual) and zero each have their own form.
    assert_eq!(
        stats("ar"),
        "قسم واحد معدَّل؛ كلمتان مضافتان؛ كلمتان محذوفتان؛ لم يُنقَل أي مقطع."
    );
}

#[test]
fn diff_counts_with_english_plurals() {
    let project = Project::new()
        .version("1", "en", "effective: 2024-01-01", SECTIONS)
        .version(
            "2",
            "en",
            "effective: 2024-06-01",
            &SECTIONS.replace("one cookie", "one small cookie"),
        );
    let output = project.privsite(&["diff", "acme"]).output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("  1 section changed, 1 word added, 0 words removed, 0 passages moved\n"),
        "{stdout}"
    );
}

#[test]
fn a_site_theme_can_give_its_own_strings_plural_forms() {
    let project = Project::new()
        .version("1", "en", "effective: 2024-01-15", SECTIONS)
        .file(
            "themes/default/i18n/en.yaml",
            "policy_count:\n  one: \"{count} policy\"\n  other: \"{count} policies\"\n",
        )
        .file(
            "themes/default/i18n/fr.yaml",
            "policy_count:\n  one: \"{count} politique\"\n  many: \"{count} de politiques\"\n  other: \"{count} politiques\"\n",
        )
        .file(
            "themes/default/templates/index.html",
            "<!DOCTYPE html><html lang=\"{{ head.lang }}\"><title>x</title><main><p id=\"n\">{{ t.policy_count | fill(count=policies | length) }}</p><p id=\"zero\">{{ t.policy_count | fill(count=0) }}</p></main></html>",
        );
    project.build("2024-06-01");
    let page = project.page("index.html");
    assert_eq!(page.texts("#n"), ["1 policy"]);
    assert_eq!(page.texts("#zero"), ["0 policies"]);
}

#[test]
fn a_template_that_prints_a_plural_string_without_a_count_is_an_error_at_load() {
    let project = Project::new()
        .version("1", "en", "effective: 2024-01-15", SECTIONS)
        .file(
            "themes/default/templates/index.html",
            "<p>{{ t.change_places }}</p>",
        );
    let output = project.privsite(&["check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("themes/default/templates/index.html: error: the template uses `t.change_places`, a string with plural forms, without a number to choose the form"),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: write `{{ t.change_places | fill(count=...) }}`"),
        "{stderr}"
    );
}

#[test]
fn plural_forms_are_checked_when_the_theme_loads() {
    let project = Project::new()
        .version("1", "en", "effective: 2024-01-15", SECTIONS)
        .file(
            "themes/default/i18n/de.yaml",
            "change_places:\n  one: \"({count} Stelle)\"\n  plural: \"({count} Stellen)\"\nlevel: \n  one: Änderung\n  other: Änderungen\n",
        )
        .file("themes/default/i18n/nl.yaml", "change_places: \"({count} plaatsen)\"\n");
    let output = project.privsite(&["check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for expected in [
        "themes/default/i18n/de.yaml:3:3: error: `plural` is not a plural category (in `change_places`)",
        "themes/default/i18n/de.yaml:5:3: error: `level` has plural forms here, but the theme's en.yaml gives it a single text",
        "themes/default/i18n/nl.yaml:1:16: error: `change_places` is a single text here, but the theme's en.yaml gives it plural forms",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    assert!(
        !stderr.contains("no `other` form"),
        "a mistyped category is reported once: {stderr}"
    );
    let without_other = Project::new()
        .version("1", "en", "effective: 2024-01-15", SECTIONS)
        .file(
            "themes/default/i18n/de.yaml",
            "change_places:\n  one: \"({count} Stelle)\"\n",
        );
    let stderr =
        String::from_utf8_lossy(&without_other.privsite(&["check"]).output().unwrap().stderr)
            .into_owned();
    assert!(
        stderr.contains("themes/default/i18n/de.yaml:2:3: error: the plural forms of `change_places` have no `other` form"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "= help: add `other:`, the form for every number the other forms do not cover"
        ),
        "{stderr}"
    );
}

/// A policy title is a name of any gender and number ("Datenschutzhinweis",
/// "Politique de confidentialité", "Terms"): no shipped string may put it
/// where a language inflects it (after "unsere", "notre", "ons"...). Each
/// one names it as a label: first, before a colon, or after one.
#[test]
fn no_shipped_string_puts_the_policy_title_in_an_inflected_slot() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines().filter(|l| l.contains("{policy}")) {
            let value = line.split_once(": ").unwrap().1.trim_matches('"');
            let at = value.find("{policy}").unwrap();
            let before = value[..at].trim_end();
            let after = value[at + "{policy}".len()..].trim_start();
            let label = before.is_empty() || before.ends_with(':') || after.starts_with(':');
            assert!(label, "{}: {line}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 8 * 5, "{checked} strings checked");
}
