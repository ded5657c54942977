//! The server-sent events that keep open pages live: one message when a page
//! connects and one for every snapshot published after it, each saying
//! which generation the server shows and the problems of the newest sources.
//!
//! A message's data is JSON:
//!
//! ```json
//! {"instance": "2f1c-457-18a…", "generation": 3, "errors": 1,
//!  "problems": [{"severity": "error", "location": "policies/acme/2/en.yaml:4:3",
//!                "file": "policies/acme/2/en.yaml", "line": 4, "column": 3,
//!                "message": "…", "help": "…", "source": "…"}]}
//! ```
//!
//! Texts come from the sources; they go out as JSON strings, and the page's
//! script writes them as text, never as HTML. Control and direction
//! characters are made visible here, as on the terminal.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream, StreamExt};
use serde::Serialize;

use super::{Shared, Snapshot, until_stopped};
use crate::diagnostics::{Diagnostic, Severity, printable};

/// How soon a page whose connection broke tries again.
const RETRY: Duration = Duration::from_millis(500);

/// `GET /__privsite/events`: the stream, which ends when the server stops.
pub(super) async fn stream(
    State(shared): State<Shared>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let mut snapshots = shared.snapshots.clone();
    // The first message says what the server shows now.
    snapshots.mark_changed();
    let instance = Arc::clone(&shared.instance);
    let messages = stream::unfold(snapshots, move |mut snapshots| {
        let instance = Arc::clone(&instance);
        async move {
            snapshots.changed().await.ok()?;
            let snapshot = Arc::clone(&snapshots.borrow_and_update());
            let event = Event::default()
                .retry(RETRY)
                .data(message(&snapshot, &instance));
            Some((Ok(event), snapshots))
        }
    })
    .take_until(until_stopped(shared.stopped.clone()));
    Sse::new(messages).keep_alive(KeepAlive::default())
}

/// The data of one message.
#[derive(Serialize)]
struct Message<'a> {
    instance: &'a str,
    generation: u64,
    errors: usize,
    problems: Vec<Problem>,
}

/// One diagnostic, as the overlay shows it.
#[derive(Serialize)]
struct Problem {
    severity: Severity,
    location: String,
    file: String,
    line: Option<u32>,
    column: Option<u32>,
    message: String,
    help: Option<String>,
    source: Option<String>,
}

impl From<&Diagnostic> for Problem {
    fn from(diagnostic: &Diagnostic) -> Self {
        let visible = |text: &str| printable(text).into_owned();
        let pos = diagnostic.origin.pos;
        Problem {
            severity: diagnostic.severity,
            location: visible(&diagnostic.origin.to_string()),
            file: visible(&diagnostic.origin.file.to_string_lossy()),
            line: pos.map(|p| p.line),
            column: pos.map(|p| p.column),
            message: visible(&diagnostic.message),
            help: diagnostic.help.as_deref().map(visible),
            source: diagnostic.source_line.as_deref().map(visible),
        }
    }
}

/// The JSON of the message for `snapshot`.
fn message(snapshot: &Snapshot, instance: &str) -> String {
    let message = Message {
        instance,
        generation: snapshot.generation,
        errors: snapshot.problems.iter().filter(|d| d.is_error()).count(),
        problems: snapshot.problems.iter().map(Problem::from).collect(),
    };
    serde_json::to_string(&message).expect("the message serializes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Origin, Pos};

    #[test]
    fn a_message_carries_the_generation_and_every_problem_with_its_place() {
        let snapshot = Snapshot {
            problems: vec![
                Diagnostic::error(
                    Origin::at("policies/acme/2/en.yaml", Some(Pos { line: 4, column: 3 })),
                    "a <b>bold</b> claim \u{202e}reversed",
                )
                .with_help("fix it"),
                Diagnostic::warning(Origin::file("policies/site.yaml"), "just so you know"),
            ],
            generation: 7,
            ..Snapshot::default()
        };
        let json: serde_json::Value = serde_json::from_str(&message(&snapshot, "ab-1")).unwrap();
        assert_eq!(json["instance"], "ab-1");
        assert_eq!(json["generation"], 7);
        assert_eq!(json["errors"], 1);
        let first = &json["problems"][0];
        assert_eq!(first["severity"], "error");
        assert_eq!(first["location"], "policies/acme/2/en.yaml:4:3");
        assert_eq!(first["line"], 4);
        assert_eq!(first["column"], 3);
        assert_eq!(first["message"], "a <b>bold</b> claim \\u{202e}reversed");
        assert_eq!(first["help"], "fix it");
        let second = &json["problems"][1];
        assert_eq!(second["severity"], "warning");
        assert_eq!(second["location"], "policies/site.yaml");
        assert_eq!(second["line"], serde_json::Value::Null);
        assert_eq!(second["help"], serde_json::Value::Null);
    }
}
