//! Announcement emails: what the build writes, what a strict parser reads
//! back, and `privsite announce` delivering to a real SMTP server on
//! 127.0.0.1 (aiosmtpd, from PyPI; `.ci/run` installs it).

use std::net::TcpStream;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use mail_parser::{MessageParser, MimeHeaders};

use crate::support::{Project, SECTIONS_FR, two_versions};

const POLICY: &str = "title: Privacy Policy\nowner: Acme Inc.\nannounce:\n  from: \"Acme Privacy <privacy@acme.example>\"\n  to: announce@lists.acme.example\n  reply_to: privacy@acme.example\n  unsubscribe: mailto:leave@lists.acme.example\n";

/// `two_versions` with an announcement list and a German translation.
fn announced() -> Project {
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
fn announce_prints_the_message() {
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
    let message = MessageParser::default().parse(&output.stdout).unwrap();
    assert_eq!(
        message.header_raw("Content-Language").map(str::trim),
        Some("fr")
    );
    let usage = project
        .privsite(&["announce", "acme", "--version", "2024-01"])
        .output()
        .unwrap();
    assert_eq!(usage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("version `2024-01` is not announced"));
}

/// An SMTP server on 127.0.0.1 that stores what it receives in a maildir.
struct Relay {
    child: Child,
    port: u16,
    maildir: tempfile::TempDir,
}

impl Relay {
    fn start() -> Relay {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let maildir = tempfile::tempdir().unwrap();
        for sub in ["tmp", "new", "cur"] {
            std::fs::create_dir(maildir.path().join(sub)).unwrap();
        }
        let child = Command::new("python3")
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(maildir.path())
            .spawn()
            .expect("python3 with aiosmtpd (pip install aiosmtpd) runs the test SMTP server");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the test SMTP server did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Relay {
            child,
            port,
            maildir,
        }
    }

    fn received(&self) -> Vec<Vec<u8>> {
        let dir = self.maildir.path().join("new");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        files.iter().map(|f| std::fs::read(f).unwrap()).collect()
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn announce_sends_over_smtp_once_per_list() {
    let relay = Relay::start();
    let project = announced();
    let url = format!("smtp://127.0.0.1:{}", relay.port);
    let send = |extra: &[&str]| {
        let mut args = vec!["announce", "acme", "--send", "--today", "2025-02-01"];
        args.extend_from_slice(extra);
        project
            .privsite(&args)
            .env("PRIVSITE_SMTP_URL", &url)
            .output()
            .unwrap()
    };
    let first = send(&[]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let received = relay.received();
    assert_eq!(received.len(), 4, "one message per locale");
    let languages: Vec<String> = received
        .iter()
        .map(|m| {
            MessageParser::default()
                .parse(m)
                .unwrap()
                .header_raw("Content-Language")
                .unwrap()
                .trim()
                .to_owned()
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(languages, ["ar", "de", "en", "fr"]);
    // The same version is not sent twice to the same list ...
    let again = send(&[]);
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already sent"));
    assert_eq!(relay.received().len(), 4);
    // ... unless forced.
    assert!(send(&["--force", "--locale", "en"]).status.success());
    assert_eq!(relay.received().len(), 5);
    let record: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(project.path("announcements.sent.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(record.as_array().unwrap().len(), 5);
}

#[test]
fn a_relay_that_refuses_is_reported_and_nothing_is_recorded() {
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let project = announced();
    let output = project
        .privsite(&[
            "announce",
            "acme",
            "--send",
            "--today",
            "2025-02-01",
            "--smtp",
            &format!("smtp://user:secret@127.0.0.1:{port}"),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("did not accept the message"), "{stderr}");
    assert!(
        !stderr.contains("secret"),
        "the password is never printed: {stderr}"
    );
    assert!(!project.path("announcements.sent.json").exists());
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
