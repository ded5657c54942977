//! `privsite announce --send` against a real SMTP server on 127.0.0.1
//! (aiosmtpd): delivery once per list, the record and its lock, passwords
//! that never cross an unencrypted connection nor reach any output.

use std::process::Output;

use mail_parser::MessageParser;

use super::announced;
use super::servers::{Relay, free_port};
use crate::support::Project;

/// `privsite announce acme --send` with `extra` arguments and `env`.
fn send(project: &Project, url: &str, extra: &[&str], env: &[(&str, &str)]) -> Output {
    let mut args = vec!["announce", "acme", "--send", "--today", "2025-02-01"];
    args.extend_from_slice(extra);
    let mut command = project.privsite(&args);
    command
        .env("PRIVSITE_SMTP_URL", url)
        .env_remove("PRIVSITE_SMTP_USER")
        .env_remove("PRIVSITE_SMTP_PASSWORD")
        .env_remove("PRIVSITE_NNTP_URL");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn record(project: &Project) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(project.path("announcements.sent.json")).unwrap();
    serde_json::from_str::<serde_json::Value>(&text)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn announce_sends_over_smtp_once_per_list() {
    let relay = Relay::start();
    let project = announced();
    let url = format!("smtp://127.0.0.1:{}", relay.port);
    let first = send(&project, &url, &[], &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let received = relay.received();
    assert_eq!(received.len(), 4, "one message per locale");
    let languages: std::collections::BTreeSet<String> = received
        .iter()
        .map(|m| {
            let message = MessageParser::default().parse(m).unwrap();
            message
                .header_raw("Content-Language")
                .unwrap()
                .trim()
                .to_owned()
        })
        .collect();
    assert_eq!(
        languages.into_iter().collect::<Vec<_>>(),
        ["ar", "de", "en", "fr"]
    );
    // Without a password, a plain local relay is fine, and nothing secret is sent.
    assert!(!relay.commands().iter().any(|c| c.starts_with("AUTH")));
    // The same version is not sent twice to the same list ...
    let again = send(&project, &url, &[], &[]);
    assert!(again.status.success());
    assert!(stderr(&again).contains("already sent"));
    assert_eq!(relay.received().len(), 4);
    // ... unless forced.
    assert!(
        send(&project, &url, &["--force", "--locale", "en"], &[])
            .status
            .success()
    );
    assert_eq!(relay.received().len(), 5);
    let record = record(&project);
    assert_eq!(record.len(), 5);
    assert_eq!(record[0]["via"], "email");
    assert_eq!(record[0]["status"], "sent");
    assert_eq!(record[0]["to"], "announce@lists.acme.example");
}

#[test]
fn a_relay_that_refuses_is_reported_and_nothing_is_recorded() {
    let port = free_port(); // nothing listens there
    let project = announced();
    let output = send(
        &project,
        &format!("smtp://user:secret@127.0.0.1:{port}"),
        &[],
        &[],
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr(&output);
    assert!(
        stderr.contains("was not sent: the relay smtp://127.0.0.1:"),
        "{stderr}"
    );
    assert!(stderr.contains("could not be reached"), "{stderr}");
    assert!(
        !stderr.contains("secret"),
        "the password is never printed: {stderr}"
    );
    assert!(!project.path("announcements.sent.json").exists());
}

#[test]
fn a_password_is_never_sent_to_a_relay_without_starttls() {
    let relay = Relay::start(); // aiosmtpd without TLS: no STARTTLS offered
    let project = announced();
    let url = format!("smtp://127.0.0.1:{}", relay.port);
    let login = [
        ("PRIVSITE_SMTP_USER", "alice"),
        ("PRIVSITE_SMTP_PASSWORD", "pw-from-env"),
    ];
    let output = send(&project, &url, &[], &login);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains(
            "does not offer STARTTLS, so the password would cross the network unencrypted"
        ),
        "{message}"
    );
    assert!(
        message.contains("smtps://") && message.contains("?insecure_plaintext_auth=yes"),
        "{message}"
    );
    assert!(!message.contains("pw-from-env"), "{message}");
    let commands = relay.commands();
    assert!(
        commands.iter().any(|c| c.starts_with("EHLO")),
        "the relay was asked: {commands:?}"
    );
    assert!(
        !commands
            .iter()
            .any(|c| c.starts_with("AUTH") || c.starts_with("MAIL")),
        "no AUTH, nothing sent: {commands:?}"
    );
    assert!(relay.received().is_empty());
    // ?tls=required refuses such a relay even without a password.
    let required = send(&project, &format!("{url}?tls=required"), &[], &[]);
    assert_eq!(required.status.code(), Some(1));
    assert!(stderr(&required).contains("does not offer STARTTLS, which the address requires"));
    assert!(relay.received().is_empty());
}

#[test]
fn no_password_appears_in_any_output() {
    let project = announced();
    let port = free_port();
    for url in [
        "smtp:alice:PW-SECRET@host".to_owned(),
        "smtp://alice@PW-SECRET@host".to_owned(),
        "smtp://alice:PW-SECRET@".to_owned(),
        "smtps//alice:PW-SECRET@host".to_owned(),
        "smtp://alice:PW-SECRET@host:99999".to_owned(),
        "smtp://alice:PW-SECRET@host?tls=sometimes".to_owned(),
        format!("smtp://alice:PW-SECRET@127.0.0.1:{port}"),
    ] {
        let output = send(
            &project,
            &url,
            &[],
            &[
                ("PRIVSITE_SMTP_USER", "alice"),
                ("PRIVSITE_SMTP_PASSWORD", "ENV-SECRET"),
            ],
        );
        assert_ne!(output.status.code(), Some(0), "{url}");
        let all = format!(
            "{}{}",
            stderr(&output),
            String::from_utf8_lossy(&output.stdout)
        );
        assert!(
            !all.contains("PW-SECRET") && !all.contains("ENV-SECRET"),
            "{url}: {all}"
        );
        assert!(!all.is_empty(), "{url}: says why");
    }
    // The password from the environment, sent to a relay that breaks off.
    let output = send(
        &project,
        &format!("smtp://127.0.0.1:{port}"),
        &[],
        &[
            ("PRIVSITE_SMTP_USER", "alice"),
            ("PRIVSITE_SMTP_PASSWORD", "ENV-SECRET"),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(!stderr(&output).contains("ENV-SECRET"));
    // A malformed news server address is not echoed either.
    let news = announced().file(
        "policies/acme/policy.yaml",
        &format!("{}  newsgroups: [acme.announce]\n", super::POLICY),
    );
    let output = send(
        &news,
        &format!("smtp://127.0.0.1:{port}"),
        &[],
        &[("PRIVSITE_NNTP_URL", "nntp:bob:NNTP-SECRET@news")],
    );
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("PRIVSITE_NNTP_URL") && !message.contains("NNTP-SECRET"),
        "{message}"
    );
}

#[test]
fn two_sends_at_once_deliver_each_message_once() {
    let relay = Relay::start();
    let project = announced();
    let url = format!("smtp://127.0.0.1:{}", relay.port);
    let start = || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("privsite"))
            .current_dir(project.root())
            .args(["announce", "acme", "--send", "--today", "2025-02-01"])
            .env_remove("SOURCE_DATE_EPOCH")
            .env("PRIVSITE_SMTP_URL", &url)
            .env_remove("PRIVSITE_SMTP_USER")
            .env_remove("PRIVSITE_SMTP_PASSWORD")
            .env_remove("PRIVSITE_NNTP_URL")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    // Two real processes, started together.
    let (first, second) = (start(), start());
    let (first, second) = (
        first.wait_with_output().unwrap(),
        second.wait_with_output().unwrap(),
    );
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(relay.received().len(), 4, "each locale once, not twice");
    assert_eq!(record(&project).len(), 4);
    let skipped = stderr(&first).matches("already sent").count()
        + stderr(&second).matches("already sent").count();
    assert_eq!(skipped, 4, "the later run saw what the first sent");
}

#[test]
fn a_connection_lost_after_data_asks_for_force_before_sending_again() {
    let dropping = Relay::dropping_after_data();
    let project = announced();
    let url = format!("smtp://127.0.0.1:{}", dropping.port);
    let output = send(&project, &url, &["--locale", "en"], &[]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("may have been delivered"), "{message}");
    assert_eq!(dropping.received().len(), 1, "the relay did get it");
    let entries = record(&project);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["status"], "may_have_been_sent");
    // A retry does not send it again blindly ...
    let relay = Relay::start();
    let url = format!("smtp://127.0.0.1:{}", relay.port);
    let retry = send(&project, &url, &["--locale", "en"], &[]);
    assert_eq!(retry.status.code(), Some(1));
    let message = stderr(&retry);
    assert!(
        message.contains("may already have been delivered") && message.contains("--force"),
        "{message}"
    );
    assert!(relay.received().is_empty());
    // ... and other locales still go out.
    let others = send(&project, &url, &["--locale", "fr"], &[]);
    assert!(others.status.success(), "{}", stderr(&others));
    assert_eq!(relay.received().len(), 1);
    // With --force, it is sent, and recorded as sent.
    let forced = send(&project, &url, &["--locale", "en", "--force"], &[]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(relay.received().len(), 2);
    let again = send(&project, &url, &["--locale", "en"], &[]);
    assert!(again.status.success());
    assert!(stderr(&again).contains("already sent"));
}

#[test]
fn a_password_goes_only_over_starttls_and_the_certificate_is_checked() {
    let relay = Relay::with_starttls();
    let project = announced();
    let url = format!("smtp://127.0.0.1:{}", relay.port);
    let ca = relay.certificate();
    let ca = ca.to_str().unwrap();
    let position = |commands: &[String], verb: &str| {
        commands
            .iter()
            .position(|c| c.starts_with(verb))
            .unwrap_or_else(|| panic!("{verb} in {commands:?}"))
    };
    // Without a password, the message goes encrypted when the relay can.
    let plain = send(
        &project,
        &url,
        &["--locale", "en"],
        &[("PRIVSITE_TLS_CA_FILE", ca)],
    );
    assert!(plain.status.success(), "{}", stderr(&plain));
    assert_eq!(relay.received().len(), 1);
    let commands = relay.commands();
    assert!(
        position(&commands, "STARTTLS") < position(&commands, "MAIL"),
        "{commands:?}"
    );
    // With one, STARTTLS comes first (this relay has no accounts: it refuses the login).
    let login = [
        ("PRIVSITE_TLS_CA_FILE", ca),
        ("PRIVSITE_SMTP_USER", "alice"),
        ("PRIVSITE_SMTP_PASSWORD", "pw-over-tls"),
    ];
    let refused = send(&project, &url, &["--locale", "fr"], &login);
    assert_eq!(refused.status.code(), Some(1));
    let message = stderr(&refused);
    assert!(
        message.contains("did not accept the user name and password"),
        "{message}"
    );
    assert!(!message.contains("pw-over-tls"), "{message}");
    let commands = relay.commands();
    let last_starttls = commands
        .iter()
        .rposition(|c| c.starts_with("STARTTLS"))
        .unwrap();
    assert!(last_starttls < position(&commands, "AUTH"), "{commands:?}");
    // A certificate privsite cannot check: nothing is sent.
    let untrusted = send(&project, &url, &["--locale", "de"], &[]);
    assert_eq!(untrusted.status.code(), Some(1));
    assert!(
        stderr(&untrusted).contains("could not start an encrypted connection (STARTTLS)"),
        "{}",
        stderr(&untrusted)
    );
    assert_eq!(relay.received().len(), 1);
}

#[test]
fn smtps_speaks_tls_from_the_first_byte() {
    let relay = Relay::with_smtps();
    let project = announced();
    let url = format!("smtps://127.0.0.1:{}", relay.port);
    let ca = relay.certificate();
    let sent = send(
        &project,
        &url,
        &["--locale", "en"],
        &[("PRIVSITE_TLS_CA_FILE", ca.to_str().unwrap())],
    );
    assert!(sent.status.success(), "{}", stderr(&sent));
    assert_eq!(relay.received().len(), 1);
    assert!(!relay.commands().iter().any(|c| c.starts_with("STARTTLS")));
    // The half-set login is a usage error, before anything is sent.
    let half = send(
        &project,
        &url,
        &["--locale", "fr"],
        &[("PRIVSITE_SMTP_USER", "alice")],
    );
    assert_eq!(half.status.code(), Some(2));
    assert!(
        stderr(&half).contains("$PRIVSITE_SMTP_USER is set but $PRIVSITE_SMTP_PASSWORD is not")
    );
    // An unchecked certificate: nothing is sent, and the message says how to trust it.
    let untrusted = send(&project, &url, &["--locale", "de"], &[]);
    assert_eq!(untrusted.status.code(), Some(1));
    assert!(
        stderr(&untrusted).contains("PRIVSITE_TLS_CA_FILE"),
        "{}",
        stderr(&untrusted)
    );
    assert_eq!(relay.received().len(), 1);
}
