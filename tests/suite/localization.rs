//! Translations: `lang`, `dir`, `hreflang`, the language switcher, per-section
//! fallback to the source locale, and dates written the locale's way.

use crate::support::{Project, SECTIONS, two_versions};

#[test]
fn pages_carry_their_locale_and_direction() {
    let project = two_versions();
    project.build("2024-12-01");
    for (file, lang, dir) in [
        ("acme/en/index.html", "en", "ltr"),
        ("acme/fr/index.html", "fr", "ltr"),
        ("acme/ar/index.html", "ar", "rtl"),
        ("acme/ar/2024-01/index.html", "ar", "rtl"),
    ] {
        let page = project.page(file);
        assert_eq!(page.attr("html", "lang"), lang, "{file}");
        assert_eq!(page.attr("html", "dir"), dir, "{file}");
    }
}

#[test]
fn hreflang_alternates_name_the_same_page_in_every_locale() {
    let project = two_versions();
    project.build("2024-12-01");
    let page = project.page("acme/fr/2024-01/index.html");
    let pairs: Vec<(String, String)> = page
        .attrs("link[rel=alternate][hreflang]", "hreflang")
        .into_iter()
        .zip(page.attrs("link[rel=alternate][hreflang]", "href"))
        .collect();
    let expected = [
        ("en", "https://legal.example.com/acme/en/2024-01/"),
        ("fr", "https://legal.example.com/acme/fr/2024-01/"),
        ("ar", "https://legal.example.com/acme/ar/2024-01/"),
        ("x-default", "https://legal.example.com/acme/en/2024-01/"),
    ];
    assert_eq!(pairs, expected.map(|(a, b)| (a.to_owned(), b.to_owned())));
}

#[test]
fn the_language_switcher_follows_site_yaml_order_and_marks_the_current_page() {
    let project = two_versions();
    project.build("2024-12-01");
    let page = project.page("acme/fr/index.html");
    assert_eq!(
        page.texts(".languages a"),
        ["English", "Français", "العربية"]
    );
    assert_eq!(
        project.targets("acme/fr/index.html", ".languages a"),
        [
            "acme/en/index.html",
            "acme/fr/index.html",
            "acme/ar/index.html"
        ]
    );
    assert_eq!(page.attr(".languages a[aria-current=page]", "lang"), "fr");
}

#[test]
fn untranslated_sections_fall_back_with_the_source_lang_and_a_marker() {
    let project = two_versions();
    project.build("2024-12-01");
    let page = project.page("acme/fr/index.html");
    // Translated sections are in French, without a lang override.
    assert_eq!(page.texts("#intro > h2"), ["Introduction"]);
    assert!(page.attrs("#intro > h2", "lang").is_empty());
    assert_eq!(page.count("#intro.is-untranslated"), 0);
    // `cookies` was not translated: English text, lang="en", marked.
    assert_eq!(page.attr("#cookies > h3", "lang"), "en");
    assert_eq!(page.attr("#cookies > .policy-section__body", "lang"), "en");
    assert!(
        page.texts("#cookies .policy-section__body")
            .concat()
            .contains("We use one cookie.")
    );
    assert_eq!(page.count("#cookies.is-untranslated .untranslated-note"), 1);
    assert_eq!(
        page.texts("#cookies .untranslated-note .badge"),
        ["Pas encore traduit"]
    );
}

#[test]
fn a_version_without_a_translation_file_falls_back_entirely() {
    let project = two_versions();
    project.build("2024-12-01");
    let page = project.page("acme/ar/2025-01/index.html");
    assert_eq!(page.attr("html", "dir"), "rtl");
    // Said once for the page, not on every section ...
    assert_eq!(page.count(".translation-note--none"), 1);
    assert_eq!(page.count("section.is-untranslated"), 0);
    // ... and every text still carries its language.
    assert_eq!(page.attr("h1", "lang"), "en");
    assert_eq!(
        page.attrs("section.policy-section > .policy-section__body", "lang"),
        ["en", "en", "en"]
    );
}

#[test]
fn translated_pages_say_that_the_original_controls() {
    let project = two_versions();
    project.build("2024-12-01");
    let page = project.page("acme/fr/index.html");
    // The original's language is named in the reader's (CLDR's names).
    let note = page.texts(".translation-note").concat();
    assert!(note.contains("(anglais)"), "{note}");
    let arabic = project.page("acme/ar/2024-01/index.html");
    let note = arabic.texts(".translation-note").concat();
    assert!(note.contains("(الإنجليزية)"), "{note}");
    assert_eq!(
        project.targets("acme/fr/index.html", ".translation-note a"),
        ["acme/en/index.html"]
    );
    assert_eq!(
        project
            .page("acme/en/index.html")
            .count(".translation-note"),
        0
    );
}

#[test]
fn dates_are_written_the_way_each_locale_writes_them() {
    let project = two_versions();
    project.build("2024-12-01");
    let date = |file: &str| {
        project
            .page(file)
            .texts(".policy-header .policy-dates time")[0]
            .clone()
    };
    assert_eq!(date("acme/en/index.html"), "January 15, 2024");
    assert_eq!(date("acme/fr/index.html"), "15 janvier 2024");
    assert!(
        date("acme/ar/index.html").contains("يناير"),
        "{}",
        date("acme/ar/index.html")
    );
}

#[test]
fn theme_strings_are_localized() {
    let project = two_versions();
    project.build("2024-12-01");
    assert_eq!(
        project.page("acme/fr/index.html").texts("#toc_title"),
        ["Sommaire"]
    );
    assert_eq!(
        project.page("acme/en/index.html").texts("#toc_title"),
        ["Contents"]
    );
}

#[test]
fn only_the_original_calls_itself_the_authoritative_copy() {
    let project = two_versions();
    project.build("2024-12-01");
    let note = |page: &str| project.page(page).texts(".site-footer__note").concat();
    assert!(note("acme/en/index.html").contains("the authoritative text"));
    for page in ["acme/fr/index.html", "acme/fr/2024-01/index.html"] {
        let text = note(page);
        assert!(text.contains("traduction"), "{page}: {text}");
        assert!(!text.contains("authoritative"), "{page}: {text}");
    }
    let arabic = note("acme/ar/index.html");
    assert!(arabic.contains("ترجمة"), "{arabic}");
}

#[test]
fn the_language_switcher_tells_regional_variants_apart() {
    let project = Project::empty()
        .file(
            "policies/site.yaml",
            "title: Acme Legal\nbase_url: https://legal.example.com/\n",
        )
        .file(
            "policies/acme/policy.yaml",
            "title: Privacy Policy\nowner: Acme Inc.\n",
        )
        .version("2024-01", "en", "effective: 2024-01-15", SECTIONS)
        .version(
            "2024-01",
            "es-ES",
            "title: Privacidad",
            "  - id: intro\n    title: Introducción\n    body: Respetamos su privacidad.\n",
        )
        .version(
            "2024-01",
            "es-MX",
            "title: Privacidad",
            "  - id: intro\n    title: Introducción\n    body: Respetamos tu privacidad.\n",
        )
        .version(
            "2024-01",
            "kab",
            "title: Tabaḍnit",
            "  - id: intro\n    title: Tazwart\n    body: Nqadar tabaḍnit-ik.\n",
        );
    project.build("2024-06-01");
    let page = project.page("acme/es-MX/index.html");
    let names = page.texts(".languages li");
    let joined = names.join(" | ");
    assert!(joined.contains("Español de España"), "{joined}");
    assert!(joined.contains("Español de México"), "{joined}");
    assert!(joined.contains("English"), "{joined}");
    // A note names the original in the reader's language; a reader whose
    // language CLDR has no names for gets those of the theme's strings.
    let note = page.texts(".translation-note").concat();
    assert!(note.contains("(inglés)"), "{note}");
    let kab = project.page("acme/kab/index.html");
    let note = kab.texts(".translation-note").concat();
    assert!(note.contains("English"), "{note}");
}

#[test]
fn many_languages_fold_into_a_menu_that_names_the_current_one() {
    let mut project = Project::new();
    let locales = ["en", "fr", "de", "es", "it", "nl", "pt-BR", "ar"];
    for locale in locales {
        let header = if locale == "en" {
            "effective: 2024-01-15"
        } else {
            "title: P"
        };
        project = project.version(
            "2024-01",
            locale,
            header,
            "  - id: intro\n    title: Intro\n    body: Text.\n",
        );
    }
    project.build("2024-06-01");
    let page = project.page("acme/de/index.html");
    assert_eq!(page.count(".languages details.languages__menu"), 1);
    assert_eq!(
        page.texts(".languages__menu > summary [lang='de']"),
        ["Deutsch"]
    );
    assert_eq!(page.count(".languages__menu li a"), locales.len());
    // A few languages stay a row of links.
    let few = two_versions();
    few.build("2024-12-01");
    assert_eq!(
        few.page("acme/fr/index.html").count(".languages details"),
        0
    );
}
