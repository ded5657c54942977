//! Texts shaped to make the work explode (issue 14, item 11). Past the
//! bounds of `markdown::limits`, `model::MAX_BLOCKS` and
//! `model::MAX_SECTION_DEPTH` they are refused at their line (see the
//! corpus); here, texts at the bounds build, and their change pages show a
//! change at the deepest level. Timing belongs in `docs/PERFORMANCE.md`,
//! not here.

use crate::support::Project;

/// A project whose version 2 changes `old` into `new` in one section.
fn changed(old: &str, new: &str) -> Project {
    let section = |body: &str| {
        let body: String = body.lines().map(|l| format!("      {l}\n")).collect();
        format!("  - id: s\n    title: S\n    body: |\n{body}")
    };
    Project::new()
        .version("1", "en", "effective: 2024-01-01", &section(old))
        .version("2", "en", "effective: 2024-03-01", &section(new))
}

fn list(depth: usize, last: &str) -> String {
    (0..depth)
        .map(|i| {
            let text = if i + 1 == depth { last } else { "item" };
            format!("{}- level {} {text}\n", "  ".repeat(i), i + 1)
        })
        .collect()
}

/// `inner` indented to sit inside the deepest item of `list(depth, ..)`.
fn inside_list(depth: usize, inner: &str) -> String {
    let indent = "  ".repeat(depth);
    let inner: String = inner.lines().map(|l| format!("{indent}{l}\n")).collect();
    format!("{}\n{inner}", list(depth, "item"))
}

fn table(columns: usize, last: &str) -> String {
    let row = |cell: &str| format!("|{}\n", format!(" {cell} |").repeat(columns));
    format!("{}{}{}", row("h"), row("---"), row(last))
}

#[test]
fn texts_at_the_nesting_and_table_bounds_build_with_their_changes_shown() {
    // The bounds: 32 levels of nesting (`markdown::limits::MAX_NESTING`),
    // 32 open raw HTML elements, 64 columns.
    let html_lists = |n: usize, word: &str| {
        format!(
            "<div>\n{}{word}{}\n</div>",
            "<ul><li>".repeat(n),
            "</li></ul>".repeat(n)
        )
    };
    let cases = [
        ("a list 32 deep", list(32, "old"), list(32, "new")),
        (
            "quotes 32 deep",
            format!("{} old\n", ">".repeat(32)),
            format!("{} new\n", ">".repeat(32)),
        ),
        (
            "a table in a list 31 deep",
            inside_list(31, &table(3, "old")),
            inside_list(31, &table(3, "new")),
        ),
        (
            "quotes in a list 31 deep",
            inside_list(31, "> old"),
            inside_list(31, "> new"),
        ),
        (
            "HTML lists 10 deep in Markdown lists 22 deep",
            inside_list(22, &html_lists(10, "old")),
            inside_list(22, &html_lists(10, "new")),
        ),
        ("a table of 64 columns", table(64, "old"), table(64, "new")),
        (
            "raw HTML 32 deep",
            format!("{}old{}", "<div>".repeat(31), "</div>".repeat(31)),
            format!("{}new{}", "<div>".repeat(31), "</div>".repeat(31)),
        ),
    ];
    let mut problems = Vec::new();
    for (name, old, new) in cases {
        let project = changed(&old, &new);
        let output = project
            .privsite(&["build", "--today", "2024-03-02"])
            .output()
            .unwrap();
        if !output.status.success() {
            problems.push(format!(
                "{name}: {}",
                String::from_utf8_lossy(&output.stderr)
            ));
            continue;
        }
        // The redline and the side-by-side view both show the change.
        let page = project.page("acme/en/2/changes/index.html");
        let only =
            |words: Vec<String>, word: &str| !words.is_empty() && words.iter().all(|w| w == word);
        if !only(page.texts("ins .redline-words"), "new")
            || !only(page.texts("del .redline-words"), "old")
        {
            problems.push(format!(
                "{name}: the change page shows {:?} inserted, {:?} deleted",
                page.texts("ins .redline-words"),
                page.texts("del .redline-words")
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn sections_at_the_depth_bound_build_with_their_changes_shown() {
    fn sections(level: usize, deepest: &str) -> String {
        let indent = "    ".repeat(level - 1);
        let body = if level == 16 { deepest } else { "Text." };
        let mut yaml = format!(
            "{indent}  - id: level-{level}\n{indent}    title: Level {level}\n{indent}    body: {body}\n"
        );
        if level < 16 {
            yaml.push_str(&format!(
                "{indent}    sections:\n{}",
                sections(level + 1, deepest)
            ));
        }
        yaml
    }
    let project = Project::new()
        .version(
            "1",
            "en",
            "effective: 2024-01-01",
            &sections(1, "We keep old logs."),
        )
        .version(
            "2",
            "en",
            "effective: 2024-03-01",
            &sections(1, "We keep new logs."),
        );
    project.build("2024-03-02");
    assert_eq!(
        project
            .page("acme/en/2/index.html")
            .count("section#level-16"),
        1
    );
    let changes = project.page("acme/en/2/changes/index.html");
    assert_eq!(changes.texts("#level-16 ins .redline-words")[0], "new");
    assert!(
        changes
            .texts("ins .redline-words")
            .iter()
            .all(|w| w == "new")
    );
}

#[test]
fn thousands_of_identical_headings_each_get_their_own_anchor() {
    // 8,000 headings took 25 s when each probed `-2`, `-3`, ... from the
    // start; the ids are the same as they were.
    let body: String = (0..8_000).map(|_| "## Same heading\n\n").collect();
    let body: String = body.lines().map(|l| format!("      {l}\n")).collect();
    let project = Project::new().version(
        "1",
        "en",
        "effective: 2024-01-01",
        &format!("  - id: s\n    title: S\n    body: |\n{body}"),
    );
    project.build("2024-01-02");
    let page = project.page("acme/en/1/index.html");
    let ids = page.attrs("#s h3", "id");
    assert_eq!(ids.len(), 8_000);
    assert_eq!(ids[0], "same-heading");
    assert_eq!(ids[1], "same-heading-2");
    assert_eq!(ids[7_999], "same-heading-8000");
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), 8_000);
}

#[test]
fn blocks_are_counted_exactly_near_the_limit_of_a_file() {
    // 6,000 paragraphs of two lines each: a quick count by lines says
    // 12,000, over the limit of 10,000 blocks a file; the exact count keeps
    // the file within it. 10,500 of them are over.
    let paragraphs = |n: usize| -> String {
        (0..n)
            .map(|i| format!("      Paragraph {i} starts here\n      and ends here.\n\n"))
            .collect()
    };
    let version = |n: usize| {
        Project::new().version(
            "1",
            "en",
            "effective: 2024-01-01",
            &format!("  - id: s\n    title: S\n    body: |\n{}", paragraphs(n)),
        )
    };
    version(6_000).build("2024-01-02");
    let output = version(10_500).privsite(&["check"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("policies/acme/1/en.yaml:6:7: error: with this `body`, the file holds more than 10000 paragraphs"),
        "{stderr}"
    );
}
