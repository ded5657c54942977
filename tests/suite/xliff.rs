//! `privsite xliff import`: translations from a translation tool back into
//! the translation files, checked against what was exported.

use std::fs;

use crate::changes::intro_changed;
use crate::support::Project;

/// The project of the export tests: the English intro of 2025-01 changed
/// in meaning, so its French translation is out of date.
fn project() -> Project {
    intro_changed(
        "We respect your privacy and sell **nothing**, see [contact](#data).",
        "title: Politique de confidentialité\n# Traduit par l'agence, relu en mars",
    )
}

/// `privsite xliff export acme --locale L --version V` into a file of the
/// project, and its text.
fn export(project: &Project, locale: &str, version: &str) -> (String, String) {
    let name = format!("acme-{locale}-{version}.xlf");
    project.succeeds(&[
        "xliff",
        "export",
        "acme",
        "--locale",
        locale,
        "--version",
        version,
        "--output",
        &name,
    ]);
    let text = fs::read_to_string(project.path(&name)).unwrap();
    (name, text)
}

/// The `<trans-unit>` of `id` in `xliff`, as written.
fn unit<'x>(xliff: &'x str, id: &str) -> &'x str {
    let start = xliff
        .find(&format!("<trans-unit id=\"{id}\""))
        .unwrap_or_else(|| panic!("no unit {id} in {xliff}"));
    let end = start + xliff[start..].find("</trans-unit>").unwrap();
    &xliff[start..end]
}

/// `xliff` with the unit `id` given `target` (replacing its target, or
/// adding one after its source).
fn translate(xliff: &str, id: &str, target: &str) -> String {
    let old = unit(xliff, id);
    let new = match old.find("<target") {
        Some(at) => format!("{}{target}\n      ", &old[..at]),
        None => {
            let end = old.find("</source>").unwrap() + "</source>".len();
            format!("{}\n          {target}\n        ", &old[..end])
        }
    };
    xliff.replacen(old, &new, 1)
}

#[test]
fn importing_an_unchanged_export_changes_no_byte() {
    let project = project();
    let before = project.sources();
    for (locale, version) in [("fr", "2025-01"), ("fr", "2024-01"), ("ar", "2024-01")] {
        let (name, _) = export(&project, locale, version);
        let said = project.succeeds(&["xliff", "import", &name]);
        assert!(said.contains("Unchanged"), "{said}");
    }
    assert_eq!(project.sources(), before);
}

#[test]
fn a_translated_unit_is_written_where_it_belongs_and_the_rest_of_the_file_stays() {
    let project = project();
    let fr = project.path("policies/acme/2025-01/fr.yaml");
    let before = fs::read_to_string(&fr).unwrap();
    let (name, xliff) = export(&project, "fr", "2025-01");
    // The out-of-date intro translated anew, with its tags; the cookies
    // section (a subsection of `data`, not translated yet) translated.
    let source = unit(&xliff, "intro/body");
    let tags: Vec<&str> = source.split("<ph ").skip(1).collect();
    assert_eq!(tags.len(), 4, "{source}");
    let xliff = translate(
        &xliff,
        "intro/body",
        r##"<target state="translated">Nous respectons votre vie privée et ne vendons <ph id="1">**</ph>rien<ph id="2">**</ph>, voir <ph id="3">[</ph>contact<ph id="4">](#data)</ph>.</target>"##,
    );
    let xliff = translate(
        &xliff,
        "cookies/title",
        r#"<target state="translated">Témoins</target>"#,
    );
    let xliff = translate(
        &xliff,
        "cookies/body",
        r#"<target state="translated">Nous utilisons deux témoins : « oui ».</target>"#,
    );
    fs::write(project.path(&name), xliff).unwrap();
    let said = project.succeeds(&["xliff", "import", &name]);
    assert!(
        said.contains("Updated policies/acme/2025-01/fr.yaml"),
        "{said}"
    );
    assert!(said.contains("3 texts written"), "{said}");

    let after = fs::read_to_string(&fr).unwrap();
    // The comment, the title and the untouched sections are as they were.
    assert!(
        after.starts_with(
            "title: Politique de confidentialité\n# Traduit par l'agence, relu en mars\n"
        ),
        "{after}"
    );
    let data = &before[before.find("  - id: data").unwrap()..];
    assert!(after.contains(data.trim_end()), "{after}");
    assert!(after.contains("[contact](#data)"), "{after}");
    // The cookies translation went under `data`, as in the source.
    assert!(
        after.contains("    sections:\n      - id: cookies\n        title: Témoins\n"),
        "{after}"
    );

    project.build("2025-02-01");
    let page = project.page("acme/fr/2025-01/index.html");
    assert_eq!(
        page.attrs("#cookies", "lang"),
        Vec::<String>::new(),
        "translated now"
    );
    assert!(
        page.texts("#cookies")
            .concat()
            .contains("Nous utilisons deux témoins")
    );
    assert_eq!(
        page.count("#intro .untranslated-note--stale"),
        0,
        "current again"
    );
    assert!(page.texts("#intro").concat().contains("ne vendons rien"));
    // A second import of the same file has nothing left to do.
    let said = project.succeeds(&["xliff", "import", &name]);
    assert!(said.contains("Unchanged"), "{said}");
}

#[test]
fn a_reviewed_out_of_date_unit_sent_back_unchanged_is_confirmed() {
    let project = project();
    let strict = project
        .privsite(&["check", "--strict", "--today", "2025-02-01"])
        .output()
        .unwrap();
    assert!(
        !strict.status.success(),
        "the intro translation is out of date"
    );
    let (name, xliff) = export(&project, "fr", "2025-01");
    let stale = unit(&xliff, "intro/body");
    assert!(stale.contains("needs-review-translation"), "{stale}");
    // Sent back unreviewed: nothing changes.
    project.succeeds(&["xliff", "import", &name]);
    let said = project.succeeds(&["xliff", "import", &name]);
    assert!(said.contains("still out of date"), "{said}");
    assert!(said.contains("intro/body"), "{said}");
    // Marked reviewed in the tool: the file is checked against 2025-01.
    fs::write(
        project.path(&name),
        xliff.replace("state=\"needs-review-translation\"", "state=\"translated\""),
    )
    .unwrap();
    let said = project.succeeds(&["xliff", "import", &name]);
    assert!(
        said.contains("1 out-of-date text confirmed as current"),
        "{said}"
    );
    assert!(said.contains("translated_from: 2025-01"), "{said}");
    let fr = fs::read_to_string(project.path("policies/acme/2025-01/fr.yaml")).unwrap();
    assert!(
        fr.starts_with("title: Politique de confidentialité\ntranslated_from: 2025-01\n"),
        "{fr}"
    );
    project.succeeds(&["check", "--strict", "--today", "2025-02-01"]);
}

#[test]
fn a_file_whose_source_changed_since_the_export_is_refused_whole() {
    let project = project();
    let (name, xliff) = export(&project, "fr", "2025-01");
    let xliff = translate(
        &xliff,
        "cookies/title",
        r#"<target state="translated">Témoins</target>"#,
    );
    fs::write(project.path(&name), &xliff).unwrap();
    let en = project.path("policies/acme/2025-01/en.yaml");
    let text = fs::read_to_string(&en).unwrap();
    assert!(text.contains("We use one cookie."), "{text}");
    fs::write(
        &en,
        text.replace("We use one cookie.", "We use three cookies."),
    )
    .unwrap();
    let before = project.sources();
    let said = project.fails(&["xliff", "import", &name]);
    let line = xliff[..xliff.find("<trans-unit id=\"cookies/body\"").unwrap()]
        .matches('\n')
        .count()
        + 1;
    assert!(
        said.contains(&format!(
            "{name}:{line}:9: error: unit `cookies/body`: the source text changed since this file was exported"
        )),
        "{said}"
    );
    assert!(said.contains("We use three cookies."), "{said}");
    assert!(said.contains("nothing was written"), "{said}");
    assert_eq!(
        project.sources(),
        before,
        "not even the unit whose source is the same"
    );
}

#[test]
fn tags_that_were_changed_lost_or_invented_are_refused_with_the_unit_id() {
    let project = project();
    let (name, xliff) = export(&project, "fr", "2025-01");
    let before = project.sources();
    for (target, expected) in [
        (
            r##"<target state="translated">Nous ne vendons <ph id="1">**</ph>rien<ph id="2">**</ph>, voir <ph id="3">[</ph>contact<ph id="4">](https://evil.example)</ph>.</target>"##,
            "unit `intro/body`: tag `4` holds \"](https://evil.example)\", which the exported file did not have",
        ),
        (
            r#"<target state="translated">Nous ne vendons <ph id="1">**</ph>rien<ph id="2">**</ph>, voir contact.</target>"#,
            "unit `intro/body`: the link to `#data` is lost",
        ),
        (
            r#"<target state="translated">Nous ne vendons <g id="1">rien</g>.</target>"#,
            "unit `intro/body`: the target holds a <g> code, which privsite does not write",
        ),
    ] {
        fs::write(project.path(&name), translate(&xliff, "intro/body", target)).unwrap();
        let said = project.fails(&["xliff", "import", &name]);
        assert!(said.contains(expected), "{expected}\n{said}");
        assert_eq!(project.sources(), before);
    }
    // A lost line-break tag shows as a list item too few.
    let (name, xliff) = export(&project, "fr", "2024-01");
    let data = unit(&xliff, "data/body");
    let target = &data[data.find("<target").unwrap()..data.find("</target>").unwrap() + 9];
    let broken = target.replacen("<ph id=\"1\" ctype=\"lb\">\n\n- </ph>", " ", 1);
    assert_ne!(broken, target, "{target}");
    fs::write(project.path(&name), xliff.replace(target, &broken)).unwrap();
    let said = project.fails(&["xliff", "import", &name]);
    assert!(
        said.contains("unit `data/body`: the source has 2 list items, the translation 1"),
        "{said}"
    );
}

#[test]
fn a_new_locale_starts_with_an_export_and_becomes_a_file_on_import() {
    let project = project();
    let (name, xliff) = export(&project, "de", "2025-01");
    assert!(!xliff.contains("<target"), "{xliff}");
    let xliff = translate(
        &xliff,
        "intro/title",
        r#"<target state="translated">Einleitung</target>"#,
    );
    let xliff = translate(
        &xliff,
        "cookies/body",
        r#"<target state="translated">Wir verwenden zwei Cookies.</target>"#,
    );
    // A tool's pre-filled copy of the source is not a translation.
    let data = unit(&xliff, "data/title");
    let source = &data[data.find("<source>").unwrap() + 8..data.find("</source>").unwrap()];
    let xliff = translate(
        &xliff,
        "data/title",
        &format!("<target state=\"new\">{source}</target>"),
    );
    fs::write(project.path(&name), xliff).unwrap();
    let said = project.succeeds(&["xliff", "import", &name]);
    assert!(
        said.contains("Created policies/acme/2025-01/de.yaml"),
        "{said}"
    );
    let de = fs::read_to_string(project.path("policies/acme/2025-01/de.yaml")).unwrap();
    assert_eq!(
        de,
        "sections:\n  - id: intro\n    title: Einleitung\n  - id: cookies\n    body: Wir verwenden zwei Cookies.\n"
    );
    project.build("2025-02-01");
    let page = project.page("acme/de/2025-01/index.html");
    assert!(
        page.texts("#cookies")
            .concat()
            .contains("Wir verwenden zwei Cookies.")
    );
}

#[test]
fn what_is_not_an_export_of_this_project_is_refused_plainly() {
    let project = project();
    let (name, xliff) = export(&project, "fr", "2025-01");
    for (text, expected) in [
        (
            xliff.replace(
                "policies/acme/2025-01/en.yaml",
                "policies/other/2025-01/en.yaml",
            ),
            "the policy `other`, which the project does not have",
        ),
        (
            xliff.replace(
                "policies/acme/2025-01/en.yaml",
                "policies/acme/2030-01/en.yaml",
            ),
            "version `2030-01` of `acme`, which the project does not have",
        ),
        (
            xliff.replace("version=\"1.2\"", "version=\"2.0\""),
            "this is XLIFF version `2.0`",
        ),
        (xliff.replace("</body>", ""), "not well-formed XML"),
        (
            format!(
                "<!DOCTYPE x [<!ENTITY a \"b\">]>{}",
                &xliff[xliff.find("<xliff").unwrap()..]
            ),
            "<!DOCTYPE>",
        ),
        ("<html/>".to_owned(), "not an XLIFF file"),
    ] {
        fs::write(project.path(&name), text).unwrap();
        let said = project.fails(&["xliff", "import", &name]);
        assert!(said.contains(expected), "{expected}\n{said}");
    }
}
