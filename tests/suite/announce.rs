//! Announcement emails: what the build writes, what a strict parser reads
//! back and what `privsite announce` shows a proofreader. Delivery is in
//! `smtp` (a real SMTP server on 127.0.0.1, aiosmtpd) and `news` (a real
//! news server on 127.0.0.1, INN); `.ci/run` installs both.

mod news;
mod servers;
mod smtp;

use mail_parser::{MessageParser, MimeHeaders};

use crate::support::{Project, SECTIONS, SECTIONS_FR, two_versions};

pub(crate) const POLICY: &str = "title: Privacy Policy\nowner: Acme Inc.\nannounce:\n  from: \"Acme Privacy <privacy@acme.example>\"\n  to: announce@lists.acme.example\n  reply_to: privacy@acme.example\n  unsubscribe: mailto:leave@lists.acme.example\n";

/// `two_versions` with an announcement list and a German translation.
pub(crate) fn announced() -> Project {
    two_versions()
        .file("policies/acme/policy.yaml", POLICY)
        .version(
            "2025-01",
            "de",
            "title: Datenschutzerklärung",
            "  - id: intro\n    title: Einleitung\n    body: Wir respektieren Ihre Privatsphäre.\n",
        )
}

#[test]
fn material_versions_get_an_email_per_locale_and_minor_ones_none() {
    let project = announced();
    project.build("2025-02-01");
    let emails: Vec<String> = project
        .site_files()
        .into_iter()
        .filter(|f| f.ends_with(".eml"))
        .collect();
    assert_eq!(
        emails,
        [
            "acme/announcements/2025-01.ar.eml",
            "acme/announcements/2025-01.de.eml",
            "acme/announcements/2025-01.en.eml",
            "acme/announcements/2025-01.fr.eml"
        ]
    );
    let minor = Project::new()
        .file("policies/acme/policy.yaml", POLICY)
        .one_change("effective: 2024-06-01", "one cokie");
    minor.build("2024-06-02");
    assert!(!minor.site_files().iter().any(|f| f.ends_with(".eml")));
    let unlisted = two_versions();
    unlisted.build("2025-02-01");
    assert!(
        !unlisted.site_files().iter().any(|f| f.ends_with(".eml")),
        "no announce: no email"
    );
}

#[test]
fn every_email_parses_strictly_with_both_parts_and_its_headers() {
    let project = announced();
    project.build("2025-02-01");
    for (locale, subject, phrase) in [
        (
            "en",
            "Privacy Policy: a new version takes effect on January 15, 2025",
            "What changed:",
        ),
        (
            "fr",
            "Politique de confidentialité\u{a0}: une nouvelle version entre en vigueur le 15 janvier 2025",
            "Ce qui change",
        ),
        (
            "de",
            "Datenschutzerklärung: Eine neue Version tritt am 15. Januar 2025 in Kraft",
            "Was sich ändert:",
        ),
        // 2025-01 has no Arabic text: its title is the original's.
        (
            "ar",
            "Privacy Policy: نسخة جديدة تدخل حيز التنفيذ في",
            "ما الذي تغيّر",
        ),
    ] {
        let bytes =
            std::fs::read(project.path(&format!("site/acme/announcements/2025-01.{locale}.eml")))
                .unwrap();
        let message = MessageParser::default().parse(&bytes).expect("parses");
        assert!(
            message.subject().unwrap().starts_with(subject),
            "{locale}: {:?}",
            message.subject()
        );
        assert_eq!(
            message.from().unwrap().first().unwrap().address(),
            Some("privacy@acme.example")
        );
        assert_eq!(
            message.to().unwrap().first().unwrap().address(),
            Some("announce@lists.acme.example")
        );
        assert_eq!(
            message.reply_to().unwrap().first().unwrap().address(),
            Some("privacy@acme.example")
        );
        assert_eq!(
            message.message_id(),
            Some(format!("2025-01.{locale}.acme@legal.example.com").as_str())
        );
        assert_eq!(message.date().unwrap().to_rfc3339(), "2024-11-15T00:00:00Z");
        assert_eq!(
            message.header_raw("Content-Language").map(str::trim),
            Some(locale)
        );
        assert_eq!(
            message.header_raw("List-Unsubscribe").map(str::trim),
            Some("<mailto:leave@lists.acme.example>")
        );
        assert_eq!(
            message.content_type().unwrap().subtype(),
            Some("alternative")
        );
        let text = message.body_text(0).unwrap();
        let html = message.body_html(0).unwrap();
        assert!(text.contains(phrase), "{locale}: {text}");
        assert!(
            text.contains("[1] https://legal.example.com/acme/"),
            "links as footnotes: {text}"
        );
        assert!(
            text.lines().all(|l| l.chars().count() <= 76),
            "wrapped: {text}"
        );
        assert!(html.contains(&format!("<html lang=\"{locale}\"")), "{html}");
        assert!(
            html.contains("href=\"https://legal.example.com/acme/")
                && html.contains("changes/#cookies"),
            "{html}"
        );
    }
}

#[test]
fn announce_shows_a_preview_a_proofreader_can_read() {
    let project = announced();
    let output = project
        .privsite(&[
            "announce",
            "acme",
            "--locale",
            "fr",
            "--today",
            "2025-02-01",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let preview = String::from_utf8(output.stdout).unwrap();
    for expected in [
        "From:     Acme Privacy <privacy@acme.example>\n",
        "To:       announce@lists.acme.example\n",
        "Reply-To: privacy@acme.example\n",
        "Subject:  Politique de confidentialité\u{a0}: une nouvelle version entre en vigueur le 15 janvier 2025\n",
        "Date:     Fri, 15 Nov 2024 00:00:00 +0000\n",
        // The plain text, decoded: accents and quotes as written.
        "Nous avons publié une nouvelle version",
        "Acme Inc. vous envoie cette annonce.",
        // Where the HTML part is, and how to see it.
        "--format html > announcement.html",
        "site/acme/announcements/2025-01.fr.eml",
    ] {
        assert!(preview.contains(expected), "{expected:?} in:\n{preview}");
    }
    for encoded in ["=E2=80", "=C3=A9", "Content-Transfer-Encoding", "=?utf-8?"] {
        assert!(!preview.contains(encoded), "{encoded} in:\n{preview}");
    }
    let usage = project
        .privsite(&["announce", "acme", "--version", "2024-01"])
        .output()
        .unwrap();
    assert_eq!(usage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("version `2024-01` is not announced"));
}

#[test]
fn announce_prints_the_exact_message_or_its_html_part_on_request() {
    let project = announced();
    project.build("2025-02-01");
    let run = |format: &str| {
        let output = project
            .privsite(&[
                "announce",
                "acme",
                "--locale",
                "fr",
                "--today",
                "2025-02-01",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        output.stdout
    };
    let eml = run("eml");
    assert_eq!(
        eml,
        std::fs::read(project.path("site/acme/announcements/2025-01.fr.eml")).unwrap(),
        "the same bytes as the built message"
    );
    let message = MessageParser::default().parse(&eml).unwrap();
    let html = String::from_utf8(run("html")).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\""),
        "{html}"
    );
    // The parts as written (mail-parser gives them with the message's CRLF).
    assert_eq!(html, message.body_html(0).unwrap().replace("\r\n", "\n"));
    assert_eq!(
        String::from_utf8(run("text")).unwrap(),
        message.body_text(0).unwrap().replace("\r\n", "\n")
    );
    let help = project.privsite(&["announce", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    for documented in [
        "--format",
        "preview",
        "eml",
        "html",
        "PRIVSITE_NNTP_URL",
        "insecure_plaintext_auth",
    ] {
        assert!(
            help.contains(documented),
            "{documented} in announce --help:\n{help}"
        );
    }
}

/// `announced()` in every locale of the default theme.
fn in_every_theme_locale() -> Project {
    let mut project = announced().file(
        "policies/site.yaml",
        "title: Acme Legal\nbase_url: https://legal.example.com/\n",
    );
    for locale in ["es", "it", "nl", "pt-BR"] {
        project = project.version(
            "2025-01",
            locale,
            "title: Privacy",
            "  - id: intro\n    body: x\n",
        );
    }
    project
}

#[test]
fn every_email_names_the_owner_where_to_ask_and_how_to_leave_in_both_parts() {
    let project = in_every_theme_locale();
    project.build("2025-02-01");
    let english = [
        "sends this announcement",
        "Questions? Reply",
        "To stop receiving",
    ];
    for locale in ["en", "fr", "de", "es", "it", "nl", "pt-BR", "ar"] {
        let bytes =
            std::fs::read(project.path(&format!("site/acme/announcements/2025-01.{locale}.eml")))
                .unwrap();
        let message = MessageParser::default().parse(&bytes).unwrap();
        let text = message.body_text(0).unwrap();
        let html = message.body_html(0).unwrap();
        for part in [&*text, &*html] {
            assert!(part.contains("Acme Inc."), "{locale}: the owner in {part}");
            assert!(
                part.contains("privacy@acme.example"),
                "{locale}: where to ask in {part}"
            );
            assert!(
                part.contains("leave@lists.acme.example"),
                "{locale}: how to leave in {part}"
            );
        }
        assert!(
            html.contains("href=\"mailto:privacy@acme.example\""),
            "{locale}: {html}"
        );
        assert!(
            html.contains("href=\"mailto:leave@lists.acme.example\""),
            "{locale}: {html}"
        );
        if locale != "en" {
            for sentence in english {
                assert!(!text.contains(sentence), "{locale} is translated: {text}");
            }
        }
    }
}

#[test]
fn without_reply_to_readers_are_sent_to_the_sender_and_a_web_page_unsubscribes() {
    let project = announced().file(
        "policies/acme/policy.yaml",
        "title: Privacy Policy\nowner: Acme Inc.\nannounce:\n  from: \"Acme Privacy <privacy@acme.example>\"\n  to: announce@lists.acme.example\n  unsubscribe: https://lists.acme.example/leave?list=announce\n",
    );
    project.build("2025-02-01");
    let bytes = std::fs::read(project.path("site/acme/announcements/2025-01.en.eml")).unwrap();
    let message = MessageParser::default().parse(&bytes).unwrap();
    let text = message.body_text(0).unwrap();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("write to privacy@acme.example."), "{text}");
    assert!(
        text.contains("go to https://lists.acme.example/leave?list=announce"),
        "{text}"
    );
    let html = message.body_html(0).unwrap();
    assert!(
        html.contains("href=\"https://lists.acme.example/leave?list=announce\""),
        "{html}"
    );
    assert_eq!(
        message.header_raw("List-Unsubscribe").map(str::trim),
        Some("<https://lists.acme.example/leave?list=announce>")
    );
}

#[test]
fn a_summary_cannot_add_a_part_to_the_message() {
    // A code block holding the boundary privsite used to use, with part
    // headers and a base64 HTML part of its own.
    let forged = "PGgxPmZvcmdlZDwvaDE+"; // "<h1>forged</h1>"
    let summary = format!(
        "change:\n  summary: |\n    Changes.\n\n    ```\n    --privsite-acme-2025-01-en\n    Content-Type: text/html; charset=utf-8\n    Content-Transfer-Encoding: base64\n\n    {forged}\n    --privsite-acme-2025-01-en--\n    ```\n"
    );
    let project = announced().version(
        "2025-01",
        "en",
        &format!("effective: 2025-01-15\npublished: 2024-11-15\n{summary}"),
        &SECTIONS.replace("one cookie", "two cookies"),
    );
    project.build("2025-02-01");
    let bytes = std::fs::read(project.path("site/acme/announcements/2025-01.en.eml")).unwrap();
    let message = MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(
        message.parts.len(),
        3,
        "the message, its text and its HTML part"
    );
    assert_eq!(message.text_body.len(), 1);
    assert_eq!(message.html_body.len(), 1);
    assert!(!message.body_html(0).unwrap().contains("<h1>forged</h1>"));
    let content_type = message.content_type().unwrap();
    let boundary = content_type.attribute("boundary").unwrap();
    assert!(
        !boundary.contains("acme") && !boundary.contains("2025-01"),
        "{boundary}"
    );
    // The boundary follows the content: the same sources, the same bytes.
    let again = project
        .privsite(&[
            "announce",
            "acme",
            "--format",
            "eml",
            "--locale",
            "en",
            "--today",
            "2025-02-01",
        ])
        .output()
        .unwrap();
    assert_eq!(again.stdout, bytes);
}

#[test]
fn newsgroups_give_the_message_a_newsgroups_header() {
    let project = announced().file(
        "policies/acme/policy.yaml",
        &format!("{POLICY}  newsgroups: [acme.announce, acme.policy-changes]\n"),
    );
    project.build("2025-02-01");
    let bytes = std::fs::read(project.path("site/acme/announcements/2025-01.en.eml")).unwrap();
    let message = MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(
        message.header_raw("Newsgroups").map(str::trim),
        Some("acme.announce,acme.policy-changes")
    );
    let preview = project
        .privsite(&["announce", "acme", "--today", "2025-02-01"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&preview.stdout)
            .contains("Newsgroups: acme.announce, acme.policy-changes\n")
    );
    project.privsite(&["schema"]).assert().success();
    let schema = std::fs::read_to_string(project.path("schemas/policy.schema.json")).unwrap();
    assert!(
        schema.contains("\"newsgroups\""),
        "the schema lists it: {schema}"
    );
}

#[test]
fn a_bad_newsgroup_name_is_a_source_error_with_its_position_and_fix() {
    for (names, line, column, message, help) in [
        (
            "[acme.announce, acme announce]",
            8,
            31,
            "`acme announce` is not a newsgroup name: it contains a space",
            "acme.announce",
        ),
        (
            "[\"acme.announce,acme.misc\"]",
            8,
            16,
            "it contains a comma (list each newsgroup as its own entry)",
            "each made of",
        ),
        (
            "[Acme.News]",
            8,
            16,
            "`Acme.News` has capital letters",
            "write `acme.news`",
        ),
        ("[acme..news]", 8, 16, "two dots in a row", "acme.announce"),
        (
            "[acme.news, acme.news]",
            8,
            27,
            "the newsgroup `acme.news` is listed twice",
            "list each newsgroup once",
        ),
        (
            "[control.cancel]",
            8,
            16,
            "reserved for the news system",
            "acme.announce",
        ),
    ] {
        let project = announced().file(
            "policies/acme/policy.yaml",
            &format!("{POLICY}  newsgroups: {names}\n"),
        );
        let output = project.privsite(&["check"]).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{names}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&format!(
                "policies/acme/policy.yaml:{line}:{column}: error: "
            )) && stderr.contains(message),
            "{names}: {stderr}"
        );
        assert!(stderr.contains(help), "{names}: {stderr}");
    }
}

#[test]
fn an_invalid_list_address_is_a_source_error() {
    let project = Project::new()
        .file(
            "policies/acme/policy.yaml",
            "title: T\nowner: O\nannounce:\n  from: privacy at example\n  to: list@example.com\n",
        )
        .version(
            "1",
            "en",
            "effective: 2024-01-01",
            SECTIONS_FR.replace("Nous", "We").as_str(),
        );
    let output = project.privsite(&["check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains(
        "policies/acme/policy.yaml:4:9: error: `from` is not an email address: `privacy at example`"
    ));
}

#[test]
fn a_translated_email_names_sections_as_the_translation_does() {
    let project = crate::examples::examples();
    project.build("2006-01-15");
    let bytes = std::fs::read(project.path("site/zimbra/announcements/2006-02.fr.eml")).unwrap();
    let message = MessageParser::default().parse(&bytes).unwrap();
    let text = message.body_text(0).unwrap();
    assert!(
        text.contains("Cookies et autres informations du navigateur"),
        "{text}"
    );
    assert!(
        !text.contains("Cookies and Other Browser Information"),
        "{text}"
    );
}
