//! The corpus of broken and hostile source trees in `tests/corpus/`.
//!
//! Each folder there is a whole project (`policies/`, sometimes `themes/`)
//! with one thing wrong, and a file `expected` that lists, one per line, the
//! start of each line the report must contain (`file:line:column: error: …`;
//! lines starting with `#` are comments). For every case both `privsite check`
//! and `privsite build` must exit with status 1 and report those lines, and the
//! build must leave the `site/` of an earlier good build byte-identical, and
//! no report may carry a control character to the terminal.
//!
//! Cases that cannot be stored in git as they are (files over the size
//! limits, texts of megabytes) are made at run time ([`GENERATED`]).

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{Project, SECTIONS};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// A case: its name, the tree to copy, and the expected report lines.
struct Case {
    name: String,
    tree: PathBuf,
    expected: Vec<String>,
}

fn cases() -> Vec<Case> {
    let mut cases: Vec<Case> = fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|tree| {
            let expected = fs::read_to_string(tree.join("expected"))
                .unwrap_or_else(|e| panic!("{}: {e}", tree.display()));
            Case {
                name: tree.file_name().unwrap().to_string_lossy().into_owned(),
                expected: expected
                    .lines()
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(str::to_owned)
                    .collect(),
                tree,
            }
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// Copies `from` into `to`, keeping symbolic links as links.
fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).follow_links(false) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        if rel == Path::new("expected") {
            continue;
        }
        let target = to.join(rel);
        let kind = entry.file_type();
        if kind.is_symlink() {
            std::os::unix::fs::symlink(fs::read_link(entry.path()).unwrap(), &target).unwrap();
        } else if kind.is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A good project, built: the site every case must leave untouched.
fn good_project() -> Project {
    let project = Project::new().version("2024-01", "en", "effective: 2024-01-15", SECTIONS);
    project.build("2024-06-01");
    project
}

/// A project holding a copy of `good`'s built site and the case's tree as
/// its sources.
fn broken_project(good: &Project, tree: &Path) -> Project {
    let project = Project::empty();
    copy_tree(&good.path("site"), &project.path("site"));
    copy_tree(tree, project.root());
    project
}

/// Runs `check` and `build` on the case and returns what went wrong, if anything.
fn failures(
    name: &str,
    project: &Project,
    site: &[(String, Vec<u8>)],
    expected: &[String],
) -> Vec<String> {
    let mut problems = Vec::new();
    for command in [&["check"][..], &["build", "--today", "2024-06-01"]] {
        let output = project.privsite(command).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let run = format!("{name}: privsite {}", command[0]);
        if output.status.code() != Some(1) {
            problems.push(format!(
                "{run}: exit status {:?}\n{stderr}",
                output.status.code()
            ));
        }
        for line in expected {
            if !stderr.lines().any(|l| l.starts_with(line.as_str())) {
                problems.push(format!(
                    "{run}: no line starting with\n    {line}\n  in\n{stderr}"
                ));
            }
        }
        // A report quotes source lines and values: what it prints never
        // carries a control character a terminal would obey.
        if let Some(c) = stderr
            .chars()
            .find(|&c| c.is_control() && c != '\n' && c != '\t')
        {
            problems.push(format!(
                "{run}: the report holds the control character U+{:04X}\n{stderr:?}",
                u32::from(c)
            ));
        }
        if command[0] == "build" && !stderr.contains("nothing was written") {
            problems.push(format!(
                "{run}: does not say that nothing was written\n{stderr}"
            ));
        }
    }
    if project.snapshot_site() != site {
        problems.push(format!("{name}: site/ changed"));
    }
    problems
}

#[test]
fn the_corpus_has_at_least_forty_cases_each_with_an_expected_line() {
    let cases = cases();
    assert!(cases.len() + GENERATED.len() >= 40, "{} cases", cases.len());
    for case in &cases {
        assert!(
            !case.expected.is_empty(),
            "{}: `expected` lists nothing",
            case.name
        );
        assert!(case.tree.join("policies").exists() || case.tree.join("themes").exists());
    }
}

#[test]
fn every_broken_tree_fails_at_its_place_and_the_site_survives() {
    let good = good_project();
    let site = good.snapshot_site();
    let mut problems = Vec::new();
    for case in cases() {
        let project = broken_project(&good, &case.tree);
        problems.extend(failures(&case.name, &project, &site, &case.expected));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// A case made at run time, on the good project: a file too large to keep in
/// the repository (over a size limit, or a hostile text of megabytes).
struct Generated {
    name: &'static str,
    make: fn(&Path),
    expected: &'static str,
}

const GENERATED: &[Generated] = &[
    Generated {
        name: "oversized version file",
        make: |root| {
            let mut text = String::from("effective: 2024-01-15\nsections:\n");
            while text.len() < 5 * 1024 * 1024 {
                text.push_str(
                    "  - id: s\n    title: Padding\n    body: Lorem ipsum dolor sit amet.\n",
                );
            }
            fs::write(root.join("policies/acme/2024-01/en.yaml"), text).unwrap();
        },
        expected: "policies/acme/2024-01/en.yaml: error: this file is larger than 4 MiB",
    },
    Generated {
        name: "oversized site file",
        make: |root| {
            let text = format!(
                "title: T\nbase_url: https://x.org/\n#{}\n",
                "x".repeat(5 << 20)
            );
            fs::write(root.join("policies/site.yaml"), text).unwrap();
        },
        expected: "policies/site.yaml: error: this file is larger than 4 MiB",
    },
    Generated {
        name: "100,000 nested div elements (500 KB; a minute in the sanitizer before the limit)",
        make: |root| hostile_body(root, &format!("{}deep", "<div>".repeat(100_000))),
        expected: "policies/acme/2024-01/en.yaml:20:7: error: raw HTML elements are nested more than 32 deep here",
    },
    Generated {
        name: "a 2,000 x 400 table (over a minute and 1.5 GB before the limit)",
        make: |root| {
            let row = |cell: &str| format!("|{}\n", format!("{cell}|").repeat(400));
            let table = format!("{}{}{}", row("h"), row("-"), row("c").repeat(2_000));
            hostile_body(root, &table);
        },
        expected: "policies/acme/2024-01/en.yaml:20:7: error: this table has more than 64 columns",
    },
    Generated {
        name: "a table of 10,010 cells",
        make: |root| {
            let row = |cell: &str| format!("|{}\n", format!("{cell}|").repeat(10));
            hostile_body(
                root,
                &format!("{}{}{}", row("h"), row("-"), row("c").repeat(1_000)),
            );
        },
        expected: "policies/acme/2024-01/en.yaml:1021:8: error: this table has more than 10000 cells",
    },
    Generated {
        name: "a list nested 1,500 deep (2.2 MB; 2.2 GB of memory before the limit)",
        make: |root| {
            let list: String = (0..1_500)
                .map(|i| format!("{}- item\n", "  ".repeat(i)))
                .collect();
            hostile_body(root, &list);
        },
        expected: "policies/acme/2024-01/en.yaml:52:71: error: lists, quotes and tables are nested more than 32 levels deep here",
    },
    Generated {
        name: "10,000 paragraphs added to a version file",
        make: |root| {
            let paragraphs: String = (0..10_000).map(|i| format!("Paragraph {i}.\n\n")).collect();
            hostile_body(root, &paragraphs);
        },
        expected: "policies/acme/2024-01/en.yaml:20:7: error: with this `body`, the file holds more than 10000 paragraphs, list items, headings and table rows",
    },
    Generated {
        name: "10,001 raw HTML elements in a version file (2 s and 400 MB for 100,000)",
        make: |root| hostile_body(root, &"<span>x</span> ".repeat(10_001)),
        expected: "policies/acme/2024-01/en.yaml:20:7: error: with this `body`, the file holds more than 10000 raw HTML elements",
    },
    Generated {
        name: "oversized theme template",
        make: |root| {
            let text = format!("<!DOCTYPE html>{}", " ".repeat(5 << 20));
            let dir = root.join("themes/default/templates");
            fs::create_dir_all(&dir).unwrap();
            fs::write(dir.join("base.html"), text).unwrap();
        },
        expected: "themes/default/templates/base.html: error: this file is larger than 4 MiB",
    },
    Generated {
        name: "oversized theme asset",
        make: |root| {
            let dir = root.join("themes/default/static");
            fs::create_dir_all(&dir).unwrap();
            fs::write(dir.join("video.mp4"), vec![0u8; 17 << 20]).unwrap();
        },
        expected: "themes/default/static/video.mp4: error: this file is larger than 16 MiB",
    },
];

/// Adds to the good project's version a section whose body is `text`
/// (written as a `|` block, its first line on line 20 of the file).
fn hostile_body(root: &Path, text: &str) {
    let file = root.join("policies/acme/2024-01/en.yaml");
    let mut yaml = fs::read_to_string(&file).unwrap();
    assert_eq!(yaml.lines().count(), 16, "the good version's text changed");
    yaml.push_str("  - id: hostile\n    title: Hostile\n    body: |\n");
    for line in text.lines() {
        if !line.is_empty() {
            yaml.push_str("      ");
        }
        yaml.push_str(line);
        yaml.push('\n');
    }
    fs::write(file, yaml).unwrap();
}

#[test]
fn files_too_large_for_the_repository_fail_at_their_place() {
    let good = good_project();
    let site = good.snapshot_site();
    let mut problems = Vec::new();
    for case in GENERATED {
        let project = Project::empty();
        copy_tree(good.root(), project.root());
        (case.make)(project.root());
        problems.extend(failures(
            case.name,
            &project,
            &site,
            &[case.expected.to_owned()],
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
