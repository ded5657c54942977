//! The NNTP client against a scripted server on 127.0.0.1: each test gives
//! the replies, and checks what the client sent.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::thread::JoinHandle;

use super::*;
use crate::deliver::Protocol;

/// What the server answers: after the greeting, one reply per command
/// (`None`: close the connection instead of answering).
struct Script {
    greeting: &'static str,
    capabilities: &'static [&'static str],
    replies: Vec<(&'static str, Option<&'static str>)>,
}

/// Starts a server playing `script`; it returns every line it received.
fn serve(script: Script) -> (u16, JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut writer = stream;
        let mut seen = Vec::new();
        writeln!(writer, "{}\r", script.greeting).unwrap();
        let mut replies = script.replies.into_iter();
        let mut in_article = false;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return seen;
            }
            let line = line.trim_end_matches(['\r', '\n']).to_owned();
            seen.push(line.clone());
            if in_article {
                if line == "." {
                    in_article = false;
                } else {
                    continue;
                }
            }
            let verb = line.split(' ').next().unwrap_or_default().to_owned();
            if verb == "CAPABILITIES" {
                write!(writer, "101 Capability list:\r\n").unwrap();
                for c in script.capabilities {
                    write!(writer, "{c}\r\n").unwrap();
                }
                write!(writer, ".\r\n").unwrap();
                continue;
            }
            match replies.next() {
                Some((expected, Some(reply))) => {
                    assert!(
                        line.starts_with(expected) || (expected == "." && line == "."),
                        "expected {expected}, got {line}"
                    );
                    write!(writer, "{reply}\r\n").unwrap();
                    if reply.starts_with("340") {
                        in_article = true;
                    }
                }
                Some((_, None)) | None => return seen,
            }
        }
    });
    (port, handle)
}

fn endpoint(port: u16, query: &str) -> Endpoint {
    Endpoint::parse(&format!("nntp://127.0.0.1:{port}{query}"), Protocol::Nntp).unwrap()
}

const ARTICLE: &[u8] = b"From: a@example.com\r\nNewsgroups: acme.announce\r\nSubject: s\r\n\r\nline\r\n.starts with a dot\r\n..two\r\n";

fn login() -> Login {
    Login {
        user: "alice".into(),
        password: "s3cret".into(),
    }
}

#[test]
fn posts_with_dot_stuffing_and_quits() {
    let (port, server) = serve(Script {
        greeting: "200 news ready (posting ok)",
        capabilities: &["VERSION 2", "READER", "POST"],
        replies: vec![
            ("POST", Some("340 send it")),
            (".", Some("240 article received")),
            ("QUIT", Some("205 bye")),
        ],
    });
    post(&endpoint(port, ""), None, ARTICLE).unwrap();
    let seen = server.join().unwrap();
    assert_eq!(
        seen,
        [
            "CAPABILITIES",
            "POST",
            "From: a@example.com",
            "Newsgroups: acme.announce",
            "Subject: s",
            "",
            "line",
            "..starts with a dot",
            "...two",
            ".",
            "QUIT"
        ]
    );
}

#[test]
fn switches_a_mode_switching_server_to_reader_mode() {
    let (port, server) = serve(Script {
        greeting: "200 transit ready",
        capabilities: &["VERSION 2", "MODE-READER", "IHAVE"],
        replies: vec![
            ("MODE READER", Some("200 reader mode")),
            ("POST", Some("340 send it")),
            (".", Some("240 ok")),
            ("QUIT", Some("205 bye")),
        ],
    });
    post(&endpoint(port, ""), None, ARTICLE).unwrap();
    assert!(server.join().unwrap().contains(&"MODE READER".to_owned()));
}

#[test]
fn logs_in_with_authinfo_only_when_plain_text_is_explicitly_allowed() {
    let (port, server) = serve(Script {
        greeting: "201 no posting yet",
        capabilities: &["VERSION 2", "READER", "AUTHINFO USER"],
        replies: vec![
            ("AUTHINFO USER alice", Some("381 password please")),
            ("AUTHINFO PASS s3cret", Some("281 welcome")),
            ("POST", Some("340 send it")),
            (".", Some("240 ok")),
            ("QUIT", Some("205 bye")),
        ],
    });
    post(
        &endpoint(port, "?insecure_plaintext_auth=yes"),
        Some(&login()),
        ARTICLE,
    )
    .unwrap();
    server.join().unwrap();
}

#[test]
fn never_sends_a_password_to_a_server_that_cannot_encrypt() {
    let (port, server) = serve(Script {
        greeting: "200 ready",
        capabilities: &["VERSION 2", "READER", "AUTHINFO USER", "POST"],
        replies: vec![("QUIT", Some("205 bye"))],
    });
    let err = post(&endpoint(port, ""), Some(&login()), ARTICLE).unwrap_err();
    assert!(matches!(err, Failure::NotSent(_)));
    assert!(err.message().contains("does not offer STARTTLS"), "{err:?}");
    assert!(!err.message().contains("s3cret"));
    let seen = server.join().unwrap();
    assert!(
        !seen
            .iter()
            .any(|l| l.starts_with("AUTHINFO") || l == "POST"),
        "{seen:?}"
    );
}

#[test]
fn a_failed_starttls_sends_nothing_secret() {
    let (port, server) = serve(Script {
        greeting: "200 ready",
        capabilities: &["VERSION 2", "READER", "STARTTLS"],
        replies: vec![
            ("STARTTLS", Some("580 can not initiate TLS negotiation")),
            ("QUIT", Some("205 bye")),
        ],
    });
    let err = post(&endpoint(port, ""), Some(&login()), ARTICLE).unwrap_err();
    assert!(err.message().contains("580"), "{err:?}");
    let seen = server.join().unwrap();
    assert!(!seen.iter().any(|l| l.starts_with("AUTHINFO")), "{seen:?}");
}

#[test]
fn explains_each_refusal() {
    for (replies, expected) in [
        (
            vec![("POST", Some("440 posting not permitted"))],
            "does not allow posting (it answered 440",
        ),
        (
            vec![("POST", Some("480 authentication required"))],
            "set PRIVSITE_NNTP_USER and PRIVSITE_NNTP_PASSWORD",
        ),
        (
            vec![("POST", Some("502 no permission"))],
            "does not allow this client to post",
        ),
        (
            vec![
                ("POST", Some("340 send it")),
                (".", Some("441 435 Duplicate")),
            ],
            "refused the article (it answered 441 435 Duplicate)",
        ),
    ] {
        let mut replies = replies;
        replies.push(("QUIT", Some("205 bye")));
        let (port, server) = serve(Script {
            greeting: "200 ready",
            capabilities: &["VERSION 2", "READER", "POST"],
            replies,
        });
        let err = post(&endpoint(port, ""), None, ARTICLE).unwrap_err();
        assert!(matches!(err, Failure::NotSent(_)), "{err:?}");
        assert!(err.message().contains(expected), "{err:?}");
        server.join().unwrap();
    }
    let (port, server) = serve(Script {
        greeting: "502 go away",
        capabilities: &[],
        replies: vec![],
    });
    let err = post(&endpoint(port, ""), None, ARTICLE).unwrap_err();
    assert!(err.message().contains("502 go away"), "{err:?}");
    server.join().unwrap();
}

#[test]
fn a_connection_lost_after_the_article_may_have_posted_it() {
    let (port, server) = serve(Script {
        greeting: "200 ready",
        capabilities: &["VERSION 2", "READER", "POST"],
        replies: vec![("POST", Some("340 send it")), (".", None)],
    });
    let err = post(&endpoint(port, ""), None, ARTICLE).unwrap_err();
    assert!(matches!(err, Failure::MaybeSent(_)), "{err:?}");
    server.join().unwrap();
}

#[test]
fn dot_stuffing_follows_rfc_3977() {
    assert_eq!(dot_stuff(b"a\r\n.b\r\n"), b"a\r\n..b\r\n.\r\n");
    assert_eq!(dot_stuff(b"a\n.\n"), b"a\r\n..\r\n.\r\n");
    assert_eq!(dot_stuff(b"no end"), b"no end\r\n.\r\n");
}
