//! Themes: the built-in default works with only `policies/`; a site theme
//! overrides any template, string or asset by name.

use crate::support::{Project, SECTIONS};

fn basic() -> Project {
    Project::new().version("1", "en", "effective: 2024-01-15", SECTIONS)
}

#[test]
fn a_project_with_only_policies_uses_the_built_in_theme() {
    let project = basic();
    assert!(!project.path("themes").exists());
    project.build("2024-06-01");
    assert!(project.exists("assets/privsite.css"));
    assert_eq!(
        project.page("acme/en/index.html").texts("#toc_title"),
        ["Contents"]
    );
}

#[test]
fn a_site_theme_overrides_templates_strings_and_assets_by_name() {
    let project = basic()
        .file("themes/default/templates/index.html", "<!DOCTYPE html><html lang=\"{{ head.lang }}\"><title>x</title><main>Custom list: {{ policies | length }}</main></html>")
        .file("themes/default/i18n/en.yaml", "contents: On this page\n")
        .file("themes/default/static/privsite.css", "body { color: red }")
        .file("themes/default/static/logo.svg", "<svg/>");
    project.build("2024-06-01");
    assert!(project.read("index.html").contains("Custom list: 1"));
    assert_eq!(
        project.page("acme/en/index.html").texts("#toc_title"),
        ["On this page"],
        "other pages keep the built-in templates"
    );
    assert_eq!(project.read("assets/privsite.css"), "body { color: red }");
    assert_eq!(project.read("assets/logo.svg"), "<svg/>");
}

#[test]
fn a_named_theme_is_read_from_its_folder() {
    let project = basic()
        .file("policies/site.yaml", "title: T\nbase_url: https://x.org/\ntheme: corporate\n")
        .file("themes/corporate/templates/base.html", "<!DOCTYPE html><html lang=\"{{ head.lang }}\"><head><title>{{ head.title }}</title></head><body class=\"corporate\">{% block main %}{% endblock main %}{% block footer %}{% endblock footer %}</body></html>");
    project.build("2024-06-01");
    assert_eq!(
        project
            .page("acme/en/index.html")
            .count("body.corporate section#intro"),
        1
    );
}

#[test]
fn a_template_using_an_unknown_string_is_an_error_at_load() {
    let project = basic().file(
        "themes/default/templates/index.html",
        "{{ t.no_such_string }}",
    );
    let output = project
        .privsite(&["build", "--today", "2024-06-01"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("themes/default/templates/index.html: error: the template uses the string `t.no_such_string`"), "{stderr}");
}

#[test]
fn a_broken_template_names_its_file() {
    let project = basic().file("themes/default/templates/versions.html", "{% if %}");
    let output = project
        .privsite(&["build", "--today", "2024-06-01"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr
            .contains("themes/default/templates/versions.html:1:7: error: a template has an error"),
        "{stderr}"
    );
}

#[test]
fn a_theme_string_file_with_an_unknown_key_is_an_error() {
    let project = basic().file(
        "themes/default/i18n/fr.yaml",
        "contents: Sommaire\ncontent: Oops\n",
    );
    let output = project.privsite(&["check"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("themes/default/i18n/fr.yaml:2:10: error: unknown theme string `content`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `contents`?"), "{stderr}");
}

#[test]
fn every_built_in_locale_has_every_string() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
    let keys = |file: &str| -> Vec<String> {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with(' ') && l.contains(':'))
            .map(|l| l.split(':').next().unwrap().to_owned())
            .collect()
    };
    let reference = keys("en.yaml");
    for locale in ["fr", "de", "es", "ar", "pt-BR", "it", "nl"] {
        assert_eq!(keys(&format!("{locale}.yaml")), reference, "{locale}.yaml");
    }
}

#[test]
fn links_inside_the_project_are_followed_in_a_theme() {
    // A theme kept elsewhere in the project, linked in, with an asset that
    // is a link to a shared file: read by the same rules as `policies/`.
    let project = basic()
        .file(
            "policies/site.yaml",
            "title: T\nbase_url: https://x.org/\ntheme: corporate\n",
        )
        .file("shared/brand/logo.svg", "<svg/>")
        .file("shared/corporate/static/site.css", "body { color: navy }")
        .file(
            "shared/corporate/i18n/en.yaml",
            "contents: In this policy\n",
        );
    std::fs::create_dir_all(project.path("themes")).unwrap();
    std::os::unix::fs::symlink("../shared/corporate", project.path("themes/corporate")).unwrap();
    std::os::unix::fs::symlink(
        "../../brand/logo.svg",
        project.path("shared/corporate/static/logo.svg"),
    )
    .unwrap();
    project.build("2024-06-01");
    assert_eq!(project.read("assets/site.css"), "body { color: navy }");
    assert_eq!(project.read("assets/logo.svg"), "<svg/>");
    assert_eq!(
        project.page("acme/en/index.html").texts("#toc_title"),
        ["In this policy"]
    );
}

#[test]
fn check_renders_every_page_of_a_sites_own_templates() {
    // Parses fine, fails only when a change page is rendered: `check`
    // (which renders nothing with the built-in templates alone, as they
    // render any valid site) renders every page once the site has its own.
    let project = Project::new()
        .one_change("effective: 2024-06-01", "no cookie")
        .file(
            "themes/default/templates/changes.html",
            "{% extends \"base.html\" %}{% block main %}{{ no_such_value.field }}{% endblock main %}",
        );
    let output = project
        .privsite(&["check", "--today", "2024-07-01"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    // At the template's own file, line and column.
    assert!(
        stderr.contains(
            "themes/default/templates/changes.html:1:45: error: rendering `changes.html` failed"
        ) && stderr.contains("no_such_value"),
        "{stderr}"
    );
    // Without the override the same site checks clean.
    std::fs::remove_file(project.path("themes/default/templates/changes.html")).unwrap();
    project.succeeds(&["check", "--today", "2024-07-01"]);
}
