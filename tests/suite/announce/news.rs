//! `privsite announce --send` posting to newsgroups on a real news server on
//! 127.0.0.1 (INN's innd, started and stopped by each test), then reading
//! the article back over NNTP.

use std::process::Output;

use mail_parser::MessageParser;

use super::servers::{NewsServer, Relay};
use super::{POLICY, announced};
use crate::support::Project;

fn with_newsgroups() -> Project {
    announced().file(
        "policies/acme/policy.yaml",
        &format!("{POLICY}  newsgroups: [acme.announce, acme.policy]\n"),
    )
}

fn send(
    project: &Project,
    relay: &Relay,
    nntp: &str,
    extra: &[&str],
    env: &[(&str, &str)],
) -> Output {
    let mut args = vec!["announce", "acme", "--send", "--today", "2025-02-01"];
    args.extend_from_slice(extra);
    let mut command = project.privsite(&args);
    command
        .env(
            "PRIVSITE_SMTP_URL",
            format!("smtp://127.0.0.1:{}", relay.port),
        )
        .env("PRIVSITE_NNTP_URL", nntp)
        .env_remove("PRIVSITE_SMTP_USER")
        .env_remove("PRIVSITE_SMTP_PASSWORD")
        .env_remove("PRIVSITE_NNTP_USER")
        .env_remove("PRIVSITE_NNTP_PASSWORD");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn announce_posts_to_the_newsgroups_once_per_version() {
    let news = NewsServer::start(&["acme.announce", "acme.policy"], &[]);
    let relay = Relay::start();
    let project = with_newsgroups();
    let output = send(&project, &relay, &news.url(""), &["--locale", "en"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("Sent acme 2025-01 (en) to acme.announce,acme.policy"));
    assert_eq!(relay.received().len(), 1, "the list gets its email too");

    let article = news
        .article("<2025-01.en.acme@legal.example.com>")
        .expect("the server has the article");
    let message = MessageParser::default().parse(&article).unwrap();
    assert_eq!(
        message.header_raw("Newsgroups").map(str::trim),
        Some("acme.announce,acme.policy")
    );
    assert!(
        message.header_raw("Path").is_some(),
        "the server took it in: {}",
        String::from_utf8_lossy(&article)
    );
    assert_eq!(
        message.subject(),
        Some("Privacy Policy: a new version takes effect on January 15, 2025")
    );
    assert_eq!(
        message.from().unwrap().first().unwrap().address(),
        Some("privacy@acme.example")
    );
    let text = message.body_text(0).unwrap();
    assert!(
        text.contains("We have published a new version: Privacy Policy."),
        "{text}"
    );
    assert!(
        text.contains("Acme Inc. sends this announcement."),
        "{text}"
    );
    assert!(message.body_html(0).unwrap().contains("<html lang=\"en\""));

    let record: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(project.path("announcements.sent.json")).unwrap(),
    )
    .unwrap();
    let news_entries: Vec<&serde_json::Value> = record
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["via"] == "news")
        .collect();
    assert_eq!(news_entries.len(), 1);
    assert_eq!(news_entries[0]["to"], "acme.announce,acme.policy");

    // Not posted twice.
    let again = send(&project, &relay, &news.url(""), &["--locale", "en"], &[]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        stderr(&again).matches("already sent").count(),
        2,
        "{}",
        stderr(&again)
    );
    // Forced, the server itself refuses the same Message-ID, and says so.
    let forced = send(
        &project,
        &relay,
        &news.url(""),
        &["--locale", "en", "--force"],
        &[],
    );
    assert_eq!(forced.status.code(), Some(1));
    assert!(
        stderr(&forced).contains("refused the article (it answered 441"),
        "{}",
        stderr(&forced)
    );
}

#[test]
fn a_news_password_is_never_sent_unencrypted_unless_the_address_allows_it() {
    let news = NewsServer::start(
        &["acme.announce", "acme.policy"],
        &[("alice", "news-s3cret")],
    );
    let relay = Relay::start();
    let project = with_newsgroups();
    let login = [
        ("PRIVSITE_NNTP_USER", "alice"),
        ("PRIVSITE_NNTP_PASSWORD", "news-s3cret"),
    ];
    // INN offers STARTTLS but has no certificate here: no encryption, so no login.
    let refused = send(&project, &relay, &news.url(""), &["--locale", "en"], &login);
    assert_eq!(refused.status.code(), Some(1));
    let message = stderr(&refused);
    assert!(
        message.contains("STARTTLS") && message.contains("nothing secret was sent"),
        "{message}"
    );
    assert!(!message.contains("news-s3cret"), "{message}");
    assert!(
        news.article("<2025-01.en.acme@legal.example.com>")
            .is_none()
    );

    // Without a login, this server does not let anyone post.
    let anonymous = send(&project, &relay, &news.url(""), &["--locale", "en"], &[]);
    assert_eq!(anonymous.status.code(), Some(1));
    assert!(
        stderr(&anonymous).contains("asks for a login before posting"),
        "{}",
        stderr(&anonymous)
    );

    // A wrong password, explicitly allowed in plain text.
    let unsafe_url = news.url("?insecure_plaintext_auth=yes");
    let wrong = send(
        &project,
        &relay,
        &unsafe_url,
        &["--locale", "en"],
        &[
            ("PRIVSITE_NNTP_USER", "alice"),
            ("PRIVSITE_NNTP_PASSWORD", "wrong-pw"),
        ],
    );
    assert_eq!(wrong.status.code(), Some(1));
    let message = stderr(&wrong);
    assert!(
        message.contains("did not accept the user name and password"),
        "{message}"
    );
    assert!(!message.contains("wrong-pw"), "{message}");

    // The right one, explicitly allowed in plain text: posted.
    let posted = send(&project, &relay, &unsafe_url, &["--locale", "en"], &login);
    assert!(posted.status.success(), "{}", stderr(&posted));
    assert!(
        news.article("<2025-01.en.acme@legal.example.com>")
            .is_some()
    );
}

#[test]
fn newsgroups_without_a_news_server_is_a_usage_error_before_anything_is_sent() {
    let relay = Relay::start();
    let project = with_newsgroups();
    let output = project
        .privsite(&["announce", "acme", "--send", "--today", "2025-02-01"])
        .env(
            "PRIVSITE_SMTP_URL",
            format!("smtp://127.0.0.1:{}", relay.port),
        )
        .env_remove("PRIVSITE_NNTP_URL")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("set $PRIVSITE_NNTP_URL"),
        "{}",
        stderr(&output)
    );
    assert!(relay.received().is_empty());
}

#[test]
fn a_news_login_goes_over_starttls_or_nntps() {
    let news = NewsServer::with_starttls(
        &["acme.announce", "acme.policy"],
        &[("alice", "news-s3cret")],
    );
    let relay = Relay::start();
    let project = with_newsgroups();
    let ca = news.certificate();
    let login = [
        ("PRIVSITE_TLS_CA_FILE", ca.to_str().unwrap()),
        ("PRIVSITE_NNTP_USER", "alice"),
        ("PRIVSITE_NNTP_PASSWORD", "news-s3cret"),
    ];
    let posted = send(&project, &relay, &news.url(""), &["--locale", "fr"], &login);
    assert!(posted.status.success(), "{}", stderr(&posted));
    let article = news
        .article("<2025-01.fr.acme@legal.example.com>")
        .expect("posted");
    let message = MessageParser::default().parse(&article).unwrap();
    assert_eq!(
        message.header_raw("Content-Language").map(str::trim),
        Some("fr")
    );
    // nntps: TLS from the first byte.
    let over_tls = send(
        &project,
        &relay,
        &news.tls_url(),
        &["--locale", "ar"],
        &login,
    );
    assert!(over_tls.status.success(), "{}", stderr(&over_tls));
    assert!(
        news.article("<2025-01.ar.acme@legal.example.com>")
            .is_some()
    );
    // Without trusting the server's certificate, the password stays home.
    let untrusted = send(
        &project,
        &relay,
        &news.url(""),
        &["--locale", "de"],
        &login[1..],
    );
    assert_eq!(untrusted.status.code(), Some(1));
    let message = stderr(&untrusted);
    assert!(
        message.contains("nothing secret was sent") && !message.contains("news-s3cret"),
        "{message}"
    );
    assert!(
        news.article("<2025-01.de.acme@legal.example.com>")
            .is_none()
    );
}
