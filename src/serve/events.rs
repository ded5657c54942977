//! The server-sent events that keep open pages live: one message when a page
//! connects and one for every snapshot published after it, each saying
//! whether the page should reload and the problems of the newest sources.
//!
//! A page connects with what it was served ([`Seen`]): its address, a digest
//! of its bytes and one of the site's static files. It should reload when
//! the snapshot has other bytes at its address (or a page where it had
//! none), or other static files, and only then: a save that changes other
//! pages leaves it alone. Every page connected is counted in [`Viewers`], so
//! that the pipeline can render the pages someone is looking at first.
//!
//! A message's data is JSON:
//!
//! ```json
//! {"instance": "2f1c-457-18a…", "generation": 3, "reload": false, "errors": 1,
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

use std::collections::BTreeMap;
use std::sync::Mutex;

use axum::extract::{Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream, StreamExt};
use serde::{Deserialize, Serialize};

use super::{Published, Shared, Snapshot, paths, until_stopped};
use crate::diagnostics::{Diagnostic, Severity, printable};

/// How soon a page whose connection broke tries again.
const RETRY: Duration = Duration::from_millis(500);

/// `GET /__privsite/events`: the stream, which ends when the server stops
/// (or the page goes away).
pub(super) async fn stream(
    State(shared): State<Shared>,
    Query(seen): Query<Seen>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let mut snapshots = shared.snapshots.clone();
    // The first message says what the server shows now.
    snapshots.mark_changed();
    let instance = Arc::clone(&shared.instance);
    let viewing = seen
        .page
        .as_deref()
        .and_then(|page| shared.viewers.view(page, &shared.current()));
    let messages = stream::unfold(
        (snapshots, seen, viewing),
        move |(mut snapshots, seen, viewing)| {
            let instance = Arc::clone(&instance);
            async move {
                snapshots.changed().await.ok()?;
                let snapshot = Arc::clone(&snapshots.borrow_and_update());
                let event = Event::default()
                    .retry(RETRY)
                    .data(message(&snapshot, &instance, &seen));
                Some((Ok(event), (snapshots, seen, viewing)))
            }
        },
    )
    .take_until(until_stopped(shared.stopped.clone()));
    Sse::new(messages).keep_alive(KeepAlive::default())
}

/// What an open page was served, as its live script tells: its address,
/// the digest of its bytes (none for the page of a missing address), the
/// digest of the site's static files and the generation.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct Seen {
    page: Option<String>,
    #[serde(default)]
    digest: String,
    #[serde(default)]
    assets: String,
    generation: Option<u64>,
}

impl Seen {
    /// Whether the page should reload to show `snapshot`. A client that
    /// does not say what it was served reloads on every new generation.
    fn reload(&self, snapshot: &Published) -> bool {
        let Some(page) = &self.page else {
            return self.generation.is_some_and(|g| snapshot.generation > g);
        };
        let now = match paths::resolve(page, |key| snapshot.files.contains_key(key)) {
            paths::Resolved::File(key) => digest(&snapshot.files[&key]),
            _ => String::new(),
        };
        now != self.digest || snapshot.assets != self.assets
    }
}

/// The digest of a file's bytes, as pages carry it.
pub(super) fn digest(bytes: &[u8]) -> String {
    format!("{:016x}", crate::fingerprint::of(&bytes))
}

/// The digest of every static file of the site (under `assets/`): a page
/// shows them too.
pub(super) fn assets_digest(snapshot: &Snapshot) -> String {
    let assets = snapshot
        .files
        .range::<str, _>((
            std::ops::Bound::Included("assets/"),
            std::ops::Bound::Excluded("assets0"),
        ))
        .map(|(path, bytes)| (path, crate::fingerprint::of(&&bytes[..])))
        .collect::<Vec<_>>();
    format!("{:016x}", crate::fingerprint::of(&assets))
}

/// The files of the site open in a browser now, with how many pages show
/// each.
#[derive(Debug, Default)]
pub(crate) struct Viewers(Mutex<BTreeMap<String, usize>>);

impl Viewers {
    /// Counts a page open at the address `page` for as long as the
    /// returned guard lives (`None` when the address names no file).
    fn view(self: &Arc<Self>, page: &str, snapshot: &Snapshot) -> Option<Viewing> {
        let paths::Resolved::File(key) =
            paths::resolve(page, |key| snapshot.files.contains_key(key))
        else {
            return None;
        };
        *self.lock().entry(key.clone()).or_default() += 1;
        Some(Viewing {
            viewers: Arc::clone(self),
            key,
        })
    }

    /// The files open now.
    pub(crate) fn files(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, usize>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// One page open, counted while this lives.
#[derive(Debug)]
struct Viewing {
    viewers: Arc<Viewers>,
    key: String,
}

impl Drop for Viewing {
    fn drop(&mut self) {
        let mut open = self.viewers.lock();
        if let Some(count) = open.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.key);
            }
        }
    }
}

/// The data of one message.
#[derive(Serialize)]
struct Message<'a> {
    instance: &'a str,
    generation: u64,
    reload: bool,
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

/// The JSON of the message for `snapshot`, to a page that was served what
/// `seen` says.
fn message(snapshot: &Published, instance: &str, seen: &Seen) -> String {
    let message = Message {
        instance,
        generation: snapshot.generation,
        reload: seen.reload(snapshot),
        errors: snapshot.problems.iter().filter(|d| d.is_error()).count(),
        problems: snapshot.problems.iter().map(Problem::from).collect(),
    };
    serde_json::to_string(&message).expect("the message serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Arc<Published> {
        Published::new(Snapshot {
            files: Arc::new(
                files
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), Arc::from(v.as_bytes())))
                    .collect(),
            ),
            generation: 1,
            ..Snapshot::default()
        })
    }

    fn seen(snapshot: &Published, page: &str) -> Seen {
        let key = match paths::resolve(page, |k| snapshot.files.contains_key(k)) {
            paths::Resolved::File(key) => Some(key),
            _ => None,
        };
        Seen {
            page: Some(page.to_owned()),
            digest: key.map(|k| digest(&snapshot.files[&k])).unwrap_or_default(),
            assets: snapshot.assets.clone(),
            generation: Some(snapshot.generation),
        }
    }

    #[test]
    fn a_page_reloads_when_its_bytes_or_the_static_files_change_and_only_then() {
        let first = site(&[
            ("a/index.html", "<p>a</p>"),
            ("b/index.html", "<p>b</p>"),
            ("assets/site.css", "p {}"),
        ]);
        let (a, b, c) = (
            seen(&first, "/a/"),
            seen(&first, "/b/"),
            seen(&first, "/c/"),
        );
        assert!(!a.reload(&first) && !b.reload(&first) && !c.reload(&first));

        let a_edited = site(&[
            ("a/index.html", "<p>A</p>"),
            ("b/index.html", "<p>b</p>"),
            ("assets/site.css", "p {}"),
        ]);
        assert!(a.reload(&a_edited));
        assert!(!b.reload(&a_edited), "another page's edit");
        assert!(!c.reload(&a_edited), "still missing");

        let c_made = site(&[
            ("a/index.html", "<p>a</p>"),
            ("b/index.html", "<p>b</p>"),
            ("c/index.html", "<p>c</p>"),
            ("assets/site.css", "p {}"),
        ]);
        assert!(c.reload(&c_made), "made");
        let b_gone = site(&[("a/index.html", "<p>a</p>"), ("assets/site.css", "p {}")]);
        assert!(b.reload(&b_gone), "gone");
        let restyled = site(&[
            ("a/index.html", "<p>a</p>"),
            ("b/index.html", "<p>b</p>"),
            ("assets/site.css", "p { color: red }"),
        ]);
        assert!(
            a.reload(&restyled) && b.reload(&restyled),
            "the style sheet"
        );

        // A client that says nothing of its page goes by the generation.
        let blind = Seen {
            generation: Some(1),
            ..Seen::default()
        };
        assert!(!blind.reload(&first));
        assert!(blind.reload(&Published::new(Snapshot {
            generation: 2,
            ..(**first).clone()
        })));
    }

    #[test]
    fn open_pages_are_counted_while_their_stream_lives() {
        let snapshot = site(&[("a/index.html", "a"), ("b/index.html", "b")]);
        let viewers = Arc::new(Viewers::default());
        let one = viewers.view("/a/", &snapshot);
        let two = viewers.view("/a/", &snapshot);
        let three = viewers.view("/b/index.html", &snapshot);
        assert!(viewers.view("/nothing/", &snapshot).is_none());
        assert_eq!(viewers.files(), ["a/index.html", "b/index.html"]);
        drop(one);
        drop(three);
        assert_eq!(viewers.files(), ["a/index.html"]);
        drop(two);
        assert!(viewers.files().is_empty());
    }
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
        let json: serde_json::Value = serde_json::from_str(&message(
            &Published::new(snapshot),
            "ab-1",
            &Seen::default(),
        ))
        .unwrap();
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
