//! Control and direction-changing characters (issue 14, item 4): every
//! text field refuses them at the place they are written, however they are
//! written (a YAML escape, the character itself, a character reference in
//! a body); what is allowed builds into pages and feeds that XML parsers
//! read; and no report carries one to the terminal.

use crate::support::{Project, SECTIONS};

/// A project in which each text field holds plain text, with an announce
/// list and a French translation; `{X}` marks where a case puts a value.
fn project(site: &str, policy: &str, en: &str, fr: &str) -> Project {
    Project::empty()
        .file("policies/site.yaml", site)
        .file("policies/acme/policy.yaml", policy)
        .file("policies/acme/1/en.yaml", en)
        .file("policies/acme/1/fr.yaml", fr)
}

const SITE: &str = "title: Acme Legal\nbase_url: https://legal.example.com/\nlocales:\n  en: English\n  fr: Français\n";
const POLICY: &str = "title: Privacy Policy\nowner: Acme Inc.\nmaterial_words: [sell]\nannounce:\n  from: Acme Privacy <privacy@acme.example>\n  to: list@acme.example\n  reply_to: privacy@acme.example\n  unsubscribe: mailto:leave@acme.example\n";
const EN: &str = "effective: 2024-01-01\ntitle: Acme Privacy\nchange:\n  summary: The first version.\nsections:\n  - id: intro\n    title: Introduction\n    body: We respect your privacy.\n    sections:\n      - id: more\n        title: More\n        body: |\n          More text.\n";
const FR: &str = "title: Confidentialité\nchange:\n  summary: La première version.\nsections:\n  - id: intro\n    title: Introduction\n    body: Nous respectons votre vie privée.\n";

/// Every text field, the line it is on, and what replaces its plain value.
struct Field {
    file: &'static str,
    /// The plain text in the base file, replaced by the case's value.
    plain: &'static str,
    /// The case's value, as written in the YAML.
    hostile: &'static str,
    /// The start of the report line: `file:line:column: error: ...`.
    expected: &'static str,
}

const FIELDS: &[Field] = &[
    Field {
        file: "site",
        plain: "title: Acme Legal",
        hostile: "title: \"Acme \\e]0;owned\\a Legal\"",
        expected: "policies/site.yaml:1:14: error: `title` contains the control character U+001B (escape), written `\\e` here",
    },
    Field {
        file: "site",
        plain: "base_url: https://legal.example.com/",
        hostile: "base_url: \"https://legal.example.com/\\u0007\"",
        expected: "policies/site.yaml:2:38: error: `base_url` contains the control character U+0007 (bell), written `\\u0007` here",
    },
    Field {
        file: "site",
        plain: "  en: English",
        hostile: "  en: \"Eng\\u202Elish\"",
        expected: "policies/site.yaml:4:11: error: `locales: en` contains U+202E (right-to-left override)",
    },
    Field {
        file: "policy",
        plain: "title: Privacy Policy",
        hostile: "title: \"Privacy\\x9b2J Policy\"",
        expected: "policies/acme/policy.yaml:1:16: error: `title` contains the control character U+009B (control sequence introducer), written `\\x9b` here",
    },
    Field {
        file: "policy",
        plain: "owner: Acme Inc.",
        hostile: "owner: \"Acme\\rInc.\"",
        expected: "policies/acme/policy.yaml:2:13: error: `owner` must be one line, but it has a line break, written `\\r` here",
    },
    Field {
        file: "policy",
        plain: "material_words: [sell]",
        hostile: "material_words: [\"se\\0ll\"]",
        expected: "policies/acme/policy.yaml:3:21: error: `material_words` contains the control character U+0000 (null), written `\\0` here",
    },
    Field {
        file: "policy",
        plain: "  from: Acme Privacy <privacy@acme.example>",
        hostile: "  from: \"Acme \\u2066Privacy <privacy@acme.example>\"",
        expected: "policies/acme/policy.yaml:5:15: error: `from` contains U+2066 (left-to-right isolate)",
    },
    Field {
        file: "policy",
        plain: "  to: list@acme.example",
        hostile: "  to: \"list@acme.example\\e\"",
        expected: "policies/acme/policy.yaml:6:25: error: `to` contains the control character U+001B (escape)",
    },
    Field {
        file: "policy",
        plain: "  reply_to: privacy@acme.example",
        hostile: "  reply_to: \"privacy@acme.example\\b\"",
        expected: "policies/acme/policy.yaml:7:34: error: `reply_to` contains the control character U+0008 (backspace)",
    },
    Field {
        file: "policy",
        plain: "  unsubscribe: mailto:leave@acme.example",
        hostile: "  unsubscribe: \"mailto:leave@acme.example\\u202D\"",
        expected: "policies/acme/policy.yaml:8:42: error: `unsubscribe` contains U+202D (left-to-right override)",
    },
    Field {
        file: "en",
        plain: "title: Acme Privacy",
        hostile: "title: \"Acme\tPrivacy\"",
        expected: "policies/acme/1/en.yaml:2:13: error: `title` has a tab character",
    },
    Field {
        file: "en",
        plain: "  summary: The first version.",
        hostile: "  summary: \"The first \\e[8mversion.\"",
        expected: "policies/acme/1/en.yaml:4:23: error: `change.summary` contains the control character U+001B (escape), written `\\e` here",
    },
    Field {
        file: "en",
        plain: "    title: Introduction",
        hostile: "    title: \"Intro\\nduction\"",
        expected: "policies/acme/1/en.yaml:7:18: error: `title` must be one line, but it has a line break, written `\\n` here",
    },
    Field {
        file: "en",
        plain: "    body: We respect your privacy.",
        hostile: "    body: \"We respect \\f your privacy.\"",
        expected: "policies/acme/1/en.yaml:8:23: error: `body` contains the control character U+000C (form feed), written `\\f` here",
    },
    Field {
        file: "en",
        plain: "          More text.",
        hostile: "          More <b>&#x1b;[2J</b> text.",
        expected: "policies/acme/1/en.yaml:13:19: error: `body` has `&#x1b;`, a reference to the control character U+001B (escape)",
    },
    Field {
        file: "fr",
        plain: "title: Confidentialité",
        hostile: "title: \"Confidential\\u0085it\\u00e9\"",
        expected: "policies/acme/1/fr.yaml:1:21: error: `title` contains the control character U+0085 (next line), written `\\u0085` here",
    },
    Field {
        file: "fr",
        plain: "  summary: La première version.",
        hostile: "  summary: \"La premi&#232;re version&#146;\"",
        expected: "policies/acme/1/fr.yaml:3:37: error: `change.summary` has `&#146;`, a reference to the control character U+0092",
    },
    Field {
        file: "fr",
        plain: "    title: Introduction",
        hostile: "    title: \"\\uFFFFIntroduction\"",
        expected: "policies/acme/1/fr.yaml:6:13: error: `title` contains U+FFFF, which is not a character",
    },
    Field {
        file: "fr",
        plain: "    body: Nous respectons votre vie privée.",
        hostile: "    body: \"Nous \\x7f respectons\"",
        expected: "policies/acme/1/fr.yaml:7:17: error: `body` contains the control character U+007F (delete), written `\\x7f` here",
    },
];

#[test]
fn every_text_field_refuses_control_characters_where_they_are_written() {
    let mut problems = Vec::new();
    for field in FIELDS {
        let text = |name: &str, base: &str| {
            assert!(
                name != field.file || base.contains(field.plain),
                "{}",
                field.plain
            );
            if name == field.file {
                base.replacen(field.plain, field.hostile, 1)
            } else {
                base.to_owned()
            }
        };
        let project = project(
            &text("site", SITE),
            &text("policy", POLICY),
            &text("en", EN),
            &text("fr", FR),
        );
        let output = project.privsite(&["check"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        if output.status.code() != Some(1) {
            problems.push(format!(
                "{}: exit {:?}\n{stderr}",
                field.hostile,
                output.status.code()
            ));
        }
        if !stderr.lines().any(|l| l.starts_with(field.expected)) {
            problems.push(format!(
                "{}: no line starting with\n  {}\nin\n{stderr}",
                field.hostile, field.expected
            ));
        }
        if !stderr.contains("= help: ") {
            problems.push(format!("{}: no advice\n{stderr}", field.hostile));
        }
        if stderr.contains(|c: char| c.is_control() && c != '\n' && c != '\t') {
            problems.push(format!(
                "{}: the report holds a control character: {stderr:?}",
                field.hostile
            ));
        }
    }
    // The base project itself is fine, so each failure above is the field's.
    project(SITE, POLICY, EN, FR)
        .privsite(&["check"])
        .assert()
        .success();
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Whether `c` is a character XML 1.0 allows (its `Char` production).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

#[test]
fn feeds_built_from_every_allowed_character_are_well_formed_xml() {
    // What stays allowed: tabs and line breaks in bodies, right-to-left
    // marks, scripts of every kind, emoji, entities that are text, and a
    // reference written as text in code.
    let text = "Tab\there, and a new line\n\nArabic with a mark: \u{200f}مرحبا\u{200f}; Persian zero-width non-joiner: می\u{200c}خواهم; 👍🏽 “quoted” &copy; 2024.\n\n`&#27;` is shown as written in code, and so is &amp;#x1b; in text.\n\n    code\twith a tab\n";
    let project = Project::new()
        .version("1", "en", "effective: 2024-01-01", SECTIONS)
        .version(
            "2",
            "en",
            &format!(
                "effective: 2024-03-01\ntitle: \"Privacy \\u200F Policy\"\nchange:\n  kind: material\n  summary: {}",
                serde_json::to_string(&text.replace("&#27;", "&amp;#27;")).unwrap()
            ),
            &format!(
                "{SECTIONS}  - id: tricky\n    title: \"Arabic: سياسة\"\n    body: {}\n",
                serde_json::to_string(&text.replace("&#27;", "&amp;#27;")).unwrap()
            ),
        );
    project.build("2024-03-02");
    let mut feeds = 0;
    for file in project.site_files().iter().filter(|f| f.ends_with(".xml")) {
        let text = project.read(file);
        if let Some(bad) = text.chars().find(|&c| !xml_char(c)) {
            panic!("{file}: U+{:04X} is not allowed in XML", u32::from(bad));
        }
        assert!(
            !text.contains(|c: char| ('\u{80}'..='\u{9f}').contains(&c)),
            "{file}: a C1 control character"
        );
        if file.ends_with("feed.xml") {
            let feed: atom_syndication::Feed = text
                .parse()
                .unwrap_or_else(|e| panic!("{file} is not a readable Atom feed: {e}"));
            assert!(!feed.entries().is_empty(), "{file}");
            feeds += 1;
        }
    }
    assert!(feeds >= 2, "{feeds} feeds checked");
    let feed = project.read("acme/en/feed.xml");
    assert!(feed.contains("Tab\there"), "the tab is kept");
    assert!(feed.contains("\u{200f}مرحبا"), "the mark is kept");
    assert!(feed.contains("&amp;amp;#x1b;"), "the reference stays text");
    let page = project.page("acme/en/2/index.html");
    let shown = page.texts("#tricky .policy-section__body").join(" ");
    assert!(
        shown.contains("\u{200f}مرحبا\u{200f}") && shown.contains("👍🏽"),
        "{shown}"
    );
    assert!(
        shown.contains("&amp;#27;") && shown.contains("&#x1b;"),
        "{shown}"
    );
}

#[test]
fn a_raw_control_character_in_a_file_is_reported_without_reaching_the_terminal() {
    // YAML itself refuses an escape character written as itself; the report
    // quotes the line, with the character shown as `\u{1b}`.
    let project = Project::new().version(
        "1",
        "en",
        "effective: 2024-01-01\ntitle: Privacy \u{1b}]0;owned\u{7} Policy",
        SECTIONS,
    );
    let output = project.privsite(&["check"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("policies/acme/1/en.yaml:2:"), "{stderr}");
    assert!(stderr.contains("\\u{1b}]0;owned\\u{7}"), "{stderr}");
    assert!(
        !stderr.contains(|c: char| c.is_control() && c != '\n' && c != '\t'),
        "{stderr:?}"
    );
}
