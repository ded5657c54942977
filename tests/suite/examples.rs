//! The example policies shipped in `policies/` build, and say what the README
//! says they say.

use std::path::Path;

use crate::support::Project;

pub(crate) fn examples() -> Project {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = Project::empty();
    for entry in walkdir::WalkDir::new(repo.join("policies"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let relative = entry
                .path()
                .strip_prefix(repo)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let full = project.path(&relative);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
    }
    project
}

#[test]
fn the_examples_build_cleanly() {
    let project = examples();
    let output = project
        .privsite(&["build", "--today", "2026-11-23"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        !stderr.contains("warning"),
        "the examples have no warnings:\n{stderr}"
    );
    for file in [
        "mozilla/en/2008-04/index.html",
        "mozilla/fr/2008-11/index.html",
        "zimbra/en/2005-08/index.html",
        "zimbra/fr/2006-02/index.html",
    ] {
        assert!(project.exists(file), "{file}");
    }
}

#[test]
fn the_seed_texts_are_the_first_versions_with_encoding_damage_fixed() {
    let project = examples();
    project.build("2026-11-23");
    let zimbra = project.read("zimbra/en/2005-08/index.html");
    assert!(zimbra.contains("Zimbra™ - Privacy Policy"));
    let mozilla = project.read("mozilla/en/2008-04/index.html");
    assert!(
        mozilla.contains("It makes it easer to follow"),
        "the seed's typo is kept in the first version"
    );
    for file in project.site_files().iter().filter(|f| f.ends_with(".html")) {
        let text = project.read(file);
        for damage in ["â„¢", "â€", "Ã©", "Â"] {
            assert!(!text.contains(damage), "{file} contains {damage}");
        }
    }
}

#[test]
fn mozillas_second_version_fixes_the_typo() {
    let project = examples();
    project.build("2026-11-23");
    assert!(
        project
            .read("mozilla/en/index.html")
            .contains("It makes it easier to follow")
    );
}

#[test]
fn mozillas_french_translation_is_partial() {
    let project = examples();
    project.build("2026-11-23");
    let page = project.page("mozilla/fr/index.html");
    let untranslated = page.count("section.is-untranslated");
    let all = page.count("section.policy-section");
    assert!(
        untranslated > 0 && untranslated < all,
        "{untranslated} of {all}"
    );
}

#[test]
fn zimbras_second_version_is_announced_before_it_takes_effect() {
    let project = examples();
    // Published 2006-01-02, effective 2006-02-01.
    project.build("2006-01-10");
    let page = project.page("zimbra/en/index.html");
    assert_eq!(page.count(".banner--upcoming"), 1);
    assert!(
        page.texts(".banner--upcoming")
            .concat()
            .contains("February 1, 2006")
    );
    let fr = project.page("zimbra/fr/index.html");
    assert!(
        fr.texts(".banner--upcoming")
            .concat()
            .contains("1 février 2006")
    );
}
