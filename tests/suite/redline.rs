//! The redline keeps the shape of the text: tables are tables (a changed
//! cell marked in its cell, added and removed rows and columns as rows and
//! columns), lists are nested as written, quotes and code are what they
//! are, inline, side by side and on right-to-left pages; and every change
//! is recorded in the one section it is in.

use crate::support::{Page, Project};

const OLD: &str = "  - id: retention
    title: Retention
    body: |
      | What | How long |
      | --- | ---: |
      | Account data | until you delete your account |
      | Usage counts | 90 days |
      | Server logs | 14 days |
  - id: rights
    title: Your Rights
    body: |
      You may:

      - see your data;
      - have it corrected;
        - online;
        - by writing to us;
      - have it deleted.

      1. first step;
      2. second step;

      > We tell you about every order.

      ```
      curl https://example.com/export
      ```
  - id: usage
    title: Usage
    body: We keep usage counts for 90 days.
";

const NEW: &str = "  - id: retention
    title: Retention
    body: |
      | What | How long | Why |
      | --- | ---: | --- |
      | Account data | 12 months after you delete your account | the law |
      | Usage counts | 30 days | statistics |
      | Support messages | 2 years | to help you |
  - id: rights
    title: Your Rights
    body: |
      You may:

      - see your data;
      - have it corrected;
        - online;
        - by phone;
        - by writing to us;
      - have it deleted.

      1. first step;
      2. second step;
      3. third step;

      > We tell you about every order.

      ```
      curl https://example.com/export
      ```
  - id: usage
    title: Usage
    body: We keep usage counts for 30 days.
";

fn project() -> Project {
    let arabic = |days: &str| {
        format!(
            "  - id: usage\n    title: الاستخدام\n    body: نحتفظ بأعداد الاستخدام {days} يومًا.\n"
        )
    };
    Project::new()
        .version("2024-01", "en", "effective: 2024-01-01", OLD)
        .version("2025-01", "en", "effective: 2025-01-01", NEW)
        .version("2024-01", "ar", "title: سياسة الخصوصية", &arabic("90"))
        .version("2025-01", "ar", "title: سياسة الخصوصية", &arabic("30"))
}

fn changes(project: &Project, locale: &str) -> Page {
    project.build("2025-02-01");
    project.page(&format!("acme/{locale}/2025-01/changes/index.html"))
}

#[test]
fn a_table_stays_a_table_with_its_changes_in_their_cells() {
    let page = changes(&project(), "en");
    let table = "#retention .redline-section__body .redline-table table";
    assert_eq!(
        page.texts(&format!("{table} thead th")),
        ["What", "How long", "added: Why New column"]
    );
    assert_eq!(
        page.count(&format!("{table} thead th.redline-cell--new")),
        1
    );
    // Every row has a cell per column of both versions.
    let rows = page.count(&format!("{table} tbody tr"));
    assert_eq!(rows, 4, "three rows of the new table and the removed one");
    assert_eq!(page.count(&format!("{table} tbody td")), rows * 3);
    // A changed cell is marked in its cell, with its row's other cells plain.
    let changed = format!(
        "{table} tbody tr.redline-row--changed td.redline-cell--both.redline-cell--changed"
    );
    assert_eq!(
        page.texts(&format!("{changed} del")),
        ["removed: until", "removed: 90"]
    );
    assert_eq!(
        page.texts(&format!("{changed} ins")),
        ["added: 12 months after", "added: 30"]
    );
    assert_eq!(
        page.texts(&format!(
            "{table} tbody tr.redline-row--changed td:first-child"
        )),
        ["Account data", "Usage counts"]
    );
    // Added and removed rows are rows.
    assert_eq!(
        page.texts(&format!("{table} tr.redline-row--added td ins")),
        [
            "added: Support messages",
            "added: 2 years",
            "added: to help you"
        ]
    );
    assert_eq!(
        page.texts(&format!("{table} tr.redline-row--removed td del")),
        ["removed: Server logs", "removed: 14 days"]
    );
    // Right-aligned columns stay right-aligned; cells take their own direction.
    assert_eq!(page.count(&format!("{table} td.redline-cell--right")), 4);
    assert_eq!(page.count(&format!("{table} td:not([dir=auto])")), 0);
}

#[test]
fn side_by_side_shows_each_version_of_the_table_whole() {
    let page = changes(&project(), "en");
    let old = "#retention .side-by-side__old table";
    let new = "#retention .side-by-side__new table";
    assert_eq!(page.texts(&format!("{old} th")), ["What", "How long"]);
    assert_eq!(page.count(&format!("{old} tr.redline-row--added")), 0);
    assert_eq!(page.count(&format!("{old} tbody tr")), 3);
    assert_eq!(
        page.texts(&format!("{new} th")),
        ["What", "How long", "added: Why"]
    );
    assert_eq!(page.count(&format!("{new} tr.redline-row--removed")), 0);
    assert_eq!(page.count(&format!("{new} tbody tr")), 3);
    assert_eq!(page.count(&format!("{new} tbody td")), 9);
}

#[test]
fn nested_lists_stay_nested_and_numbered_lists_numbered() {
    let page = changes(&project(), "en");
    let body = "#rights > .redline-section__body";
    let outer = format!("{body} > ul.redline-list > li.redline-item");
    assert_eq!(page.count(&outer), 3);
    let inner = format!("{outer} > ul.redline-list > li.redline-item");
    assert_eq!(
        page.texts(&inner),
        ["online;", "added: by phone;", "by writing to us;"]
    );
    assert_eq!(
        page.count(&format!("{outer} > ul.redline-list > li.redline-item--new")),
        1
    );
    // The parent item is not reported as reformatted for gaining a sub-item.
    assert_eq!(
        page.count(&format!("{body} .redline-block--reformatted")),
        0
    );
    let numbered = format!("{body} > ol.redline-list > li.redline-item");
    assert_eq!(page.attrs(&numbered, "value"), ["1", "2", "3"]);
    assert_eq!(
        page.count(&format!("{body} > blockquote.redline-quote > p")),
        1
    );
    assert_eq!(
        page.attrs(&format!("{body} > pre.redline-block--code"), "dir"),
        ["ltr"]
    );
}

#[test]
fn every_changed_section_is_named_and_open() {
    let page = changes(&project(), "en");
    let reasons = page.texts(".change__reason");
    assert!(
        reasons.contains(&"Number changed in Retention and Usage: “90” → “30”".to_owned()),
        "{reasons:#?}"
    );
    assert!(
        reasons.contains(&"Number added in Retention: “until” → “12 months after”".to_owned()),
        "{reasons:#?}"
    );
    assert!(
        reasons.contains(&"Table column added in Retention: “Why”".to_owned()),
        "{reasons:#?}"
    );
    assert!(
        reasons.contains(&"List item added in Your Rights: “by phone;”".to_owned()),
        "{reasons:#?}"
    );
    assert!(
        !reasons.iter().any(|r| r.starts_with("Formatting")),
        "no formatting change: {reasons:#?}"
    );
    for id in ["retention", "rights", "usage"] {
        assert_eq!(
            page.count(&format!("section#{id}.redline-section--changed")),
            1,
            "{id}"
        );
    }
    assert_eq!(page.count("details.redline-section--unchanged"), 0);
    // `diff --format json` records each change in one section.
    let output = project()
        .privsite(&["diff", "acme", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let numbers: Vec<(&str, u64)> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["old"] == "90")
        .map(|c| {
            (
                c["section"]["id"].as_str().unwrap(),
                c["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(numbers, [("retention", 1), ("usage", 1)]);
}

#[test]
fn right_to_left_pages_keep_quoted_words_and_arrows_in_reading_order() {
    let page = changes(&project(), "ar");
    let reason = page
        .texts(".change__reason")
        .into_iter()
        .find(|r| r.contains("90"))
        .expect("the number change");
    // Old then new in reading order: the arrow points from right to left.
    assert!(reason.ends_with("«90» ← «30»"), "{reason}");
    assert_eq!(
        page.attrs(".change__reason bdi.quote", "lang")
            .first()
            .map(String::as_str),
        Some("en")
    );
    assert_eq!(
        page.attrs("#rights pre", "dir"),
        ["ltr", "ltr", "ltr"],
        "inline and both columns"
    );
}

#[test]
fn deep_nesting_renders_at_any_depth() {
    let nested = |last: &str| {
        let mut body = String::new();
        for depth in 0..20 {
            body.push_str(&format!("{}- level {depth}\n", "  ".repeat(depth)));
        }
        body.push_str(&format!("{}- {last}\n\n", "  ".repeat(20)));
        body.push_str(&"> ".repeat(20));
        body.push_str(last);
        body.push('\n');
        body
    };
    let section = |last: &str| {
        let body = nested(last)
            .lines()
            .map(|l| format!("      {l}"))
            .collect::<Vec<_>>()
            .join("\n");
        format!("  - id: deep\n    title: Deep\n    body: |\n{body}\n")
    };
    let project = Project::new()
        .version(
            "2024-01",
            "en",
            "effective: 2024-01-01",
            &section("we keep 90 days"),
        )
        .version(
            "2025-01",
            "en",
            "effective: 2025-01-01",
            &section("we keep 30 days"),
        );
    let page = changes(&project, "en");
    let deepest = format!("#deep > .redline-section__body{}", " > ul > li".repeat(21));
    assert_eq!(page.texts(&format!("{deepest} > p ins")), ["added: 30"]);
    let quote = format!(
        "#deep > .redline-section__body{} > p",
        " > blockquote".repeat(20)
    );
    assert_eq!(page.texts(&format!("{quote} del")), ["removed: 90"]);
}

#[test]
fn the_before_column_shows_moved_text_where_it_was() {
    let v1 = "  - id: a\n    title: A\n    body: |\n      Keep.\n\n      We keep logs for 90 days.\n  - id: b\n    title: B\n    body: Other.\n";
    let v2 = "  - id: a\n    title: A\n    body: Keep.\n  - id: b\n    title: B\n    body: |\n      Other.\n\n      We keep logs for 90 days.\n";
    let project = Project::new()
        .version("2024-01", "en", "effective: 2024-01-01", v1)
        .version("2025-01", "en", "effective: 2025-01-01", v2);
    let page = changes(&project, "en");
    // Inline, the moved text is shown once, where it is now.
    assert_eq!(
        page.texts("#a > .redline-section__body .redline-block--moved_away"),
        ["Moved to B"]
    );
    // Before, it is in A, where it was; after, in B.
    let before = page.texts("#a .side-by-side__old .redline-block--moved_away");
    assert_eq!(before, ["Moved to B We keep logs for 90 days."]);
    assert_eq!(
        page.count("#a .side-by-side__new .redline-block--moved_away"),
        0
    );
    assert_eq!(
        page.count("#b .side-by-side__old .redline-block--moved_here"),
        0
    );
    assert_eq!(
        page.texts("#b .side-by-side__new .redline-block--moved_here")
            .len(),
        1
    );
}

#[test]
fn a_line_added_to_code_keeps_its_line() {
    let code = |extra: &str| {
        format!(
            "  - id: c\n    title: C\n    body: |\n      ```\n      retention = 90\n{extra}      ```\n"
        )
    };
    let project = Project::new()
        .version("2024-01", "en", "effective: 2024-01-01", &code(""))
        .version(
            "2025-01",
            "en",
            "effective: 2025-01-01",
            &code("      sold = yes\n"),
        );
    changes(&project, "en");
    let html = project.read("acme/en/2025-01/changes/index.html");
    // The added line is marked on its own line, inline and in the "after"
    // column; nothing is marked in the "before" one.
    let added = "retention = 90<ins><span class=\"visually-hidden\">added: </span><span class=\"redline-words\">\nsold = yes</span></ins>";
    assert_eq!(html.matches(added).count(), 2, "{html}");
    assert!(html.contains("<pre class=\"redline-block redline-block--code redline-block--changed\" dir=\"ltr\">retention = 90</pre>"));
}
