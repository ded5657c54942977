//! The command line: exit statuses, help, `init` and `schema`.

use crate::support::Project;

#[test]
fn wrong_usage_exits_with_2() {
    let project = Project::new();
    for args in [
        &["frobnicate"][..],
        &["build", "--today", "yesterday"],
        &["build", "--no-such-flag"],
        &[],
    ] {
        let output = project.privsite(args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn a_bad_source_date_epoch_is_a_usage_error() {
    let output = Project::new()
        .privsite(&["build"])
        .env("SOURCE_DATE_EPOCH", "soon")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("SOURCE_DATE_EPOCH is `soon`"));
}

#[test]
fn every_command_has_help_with_an_example() {
    let project = Project::empty();
    for command in ["build", "check", "init", "schema"] {
        let output = project.privsite(&[command, "--help"]).output().unwrap();
        assert!(output.status.success(), "{command}");
        let help = String::from_utf8_lossy(&output.stdout);
        assert!(
            help.contains("Examples:") && help.contains(&format!("privsite {command}")),
            "{command}:\n{help}"
        );
    }
}

#[test]
fn running_outside_a_project_explains_what_is_missing() {
    let output = Project::empty().privsite(&["build"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("policies: error: there is no `policies` folder here"),
        "{stderr}"
    );
    assert!(stderr.contains("privsite init"), "{stderr}");
}

#[test]
fn init_makes_a_project_that_builds_at_once() {
    let project = Project::empty();
    project.privsite(&["init", "legal"]).assert().success();
    let legal = project.path("legal");
    for file in [
        "policies/site.yaml",
        "policies/privacy/policy.yaml",
        "policies/privacy/2025-01/en.yaml",
        "policies/privacy/2025-01/fr.yaml",
        "schemas/version.schema.json",
    ] {
        assert!(legal.join(file).is_file(), "{file}");
    }
    let first_line =
        std::fs::read_to_string(legal.join("policies/privacy/2025-01/en.yaml")).unwrap();
    assert!(
        first_line
            .starts_with("# yaml-language-server: $schema=../../../schemas/version.schema.json")
    );
    project
        .privsite(&["build", "--root", "legal", "--today", "2025-06-01"])
        .assert()
        .success();
    assert!(legal.join("site/privacy/fr/2025-01/index.html").is_file());
    // And the schema paths named in the files resolve.
    for (file, schema) in [
        ("policies/site.yaml", "../schemas/site.schema.json"),
        (
            "policies/privacy/policy.yaml",
            "../../schemas/policy.schema.json",
        ),
    ] {
        let text = std::fs::read_to_string(legal.join(file)).unwrap();
        assert!(text.contains(schema), "{file}");
        assert!(
            legal.join(file).parent().unwrap().join(schema).is_file(),
            "{schema}"
        );
    }
}

#[test]
fn init_never_overwrites_a_project() {
    let project = Project::new();
    let output = project.privsite(&["init"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("never overwrites"));
    assert!(
        std::fs::read_to_string(project.path("policies/site.yaml"))
            .unwrap()
            .contains("Acme Legal")
    );
}

#[test]
fn schema_describes_every_field_of_the_source_files() {
    let project = Project::empty();
    project
        .privsite(&["schema", "--out", "s"])
        .assert()
        .success();
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(project.path("s").join(name)).unwrap())
            .unwrap()
    };
    let version = read("version.schema.json");
    let properties = version["properties"].as_object().unwrap();
    for field in ["title", "effective", "published", "change", "sections"] {
        assert!(properties.contains_key(field), "{field}");
    }
    assert_eq!(
        version["additionalProperties"],
        serde_json::Value::Bool(false),
        "unknown fields are flagged"
    );
    assert_eq!(
        read("site.schema.json")["required"],
        serde_json::json!(["title", "base_url"])
    );
    assert!(read("policy.schema.json")["properties"]["announce"].is_object());
}
