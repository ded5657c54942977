//! Watching a project's folders for edits: `policies/` and `themes/`,
//! recursively, and the project folder itself (not recursively), to see
//! those two made or removed. The output folder, wherever it is, is not
//! watched, so writing the site never wakes the watch.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::error::{Error, Result};
use crate::source::files::TOP;

/// How long the files must stay quiet before an edit is taken: an editor's
/// save (a write, a rename, a change of mode) comes within it as one edit.
const QUIET: Duration = Duration::from_millis(15);

/// What the watcher's channel carries.
enum Signal {
    /// Files changed (or the watcher lost track).
    Events(DebounceEventResult),
    /// [`Stopper::stop`] was called.
    Stop,
}

/// Ends a [`Changes::wait`] from another thread (Ctrl-C, say).
#[derive(Debug, Clone)]
pub struct Stopper(mpsc::Sender<Signal>);

impl Stopper {
    /// Makes the waiting [`Changes::wait`] (or the next one) return `None`.
    pub fn stop(&self) {
        let _ = self.0.send(Signal::Stop);
    }
}

impl std::fmt::Debug for Signal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Signal::Events(_) => "Events",
            Signal::Stop => "Stop",
        })
    }
}

/// The edits to a project, as batches of changed paths.
pub struct Changes {
    root: PathBuf,
    events: mpsc::Receiver<Signal>,
    sender: mpsc::Sender<Signal>,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    /// The folders of [`TOP`] being watched.
    watched: BTreeSet<PathBuf>,
}

impl std::fmt::Debug for Changes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Changes")
            .field("root", &self.root)
            .field("watched", &self.watched)
            .finish_non_exhaustive()
    }
}

impl Changes {
    /// Starts watching the project at `root`.
    pub fn watch(root: &Path) -> Result<Changes> {
        let (sender, events) = mpsc::channel();
        let events_sender = sender.clone();
        let mut debouncer = new_debouncer(QUIET, None, move |result| {
            let _ = events_sender.send(Signal::Events(result));
        })
        .map_err(watch_error)?;
        debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(watch_error)?;
        let mut changes = Changes {
            root: root.to_path_buf(),
            events,
            sender,
            debouncer,
            watched: BTreeSet::new(),
        };
        changes.watch_folders();
        Ok(changes)
    }

    /// Watches the folders of [`TOP`] that exist now (and forgets those that
    /// are gone).
    fn watch_folders(&mut self) {
        for top in TOP {
            let dir = self.root.join(top);
            let exists = dir.is_dir();
            let watched = self.watched.contains(&dir);
            if exists && !watched {
                if self.debouncer.watch(&dir, RecursiveMode::Recursive).is_ok() {
                    self.watched.insert(dir);
                }
            } else if !exists && watched {
                let _ = self.debouncer.unwatch(&dir);
                self.watched.remove(&dir);
            }
        }
    }

    /// A handle that ends [`Changes::wait`] from another thread.
    pub fn stopper(&self) -> Stopper {
        Stopper(self.sender.clone())
    }

    /// The paths changed by the next edit (waiting for it), or `None` when
    /// the watcher has stopped or was stopped. Batches already sent are
    /// taken together.
    pub fn wait(&mut self) -> Option<Vec<PathBuf>> {
        let mut paths = BTreeSet::new();
        while paths.is_empty() {
            let Signal::Events(first) = self.events.recv().ok()? else {
                return None;
            };
            self.add(first, &mut paths);
            // The debouncer has waited for the files to go quiet already:
            // take what else it has sent, without waiting any longer (an
            // edit that comes during the build is the next batch).
            while let Ok(more) = self.events.try_recv() {
                match more {
                    Signal::Events(more) => self.add(more, &mut paths),
                    Signal::Stop => return None,
                }
            }
        }
        // A folder of TOP made or removed: watch it, or stop.
        if paths
            .iter()
            .any(|p| TOP.iter().any(|top| *p == self.root.join(top)))
        {
            self.watch_folders();
        }
        Some(paths.into_iter().collect())
    }

    fn add(&self, result: DebounceEventResult, paths: &mut BTreeSet<PathBuf>) {
        match result {
            Ok(events) => {
                for event in events {
                    // Opening or reading a file is an event too (the build's
                    // own reading among them): only changes count, and a
                    // file closed after writing.
                    if !is_a_read(&event.event.kind) {
                        paths.extend(event.event.paths.iter().cloned());
                    }
                }
            }
            // The watcher lost track (too many events, a folder moved away):
            // read everything again.
            Err(_) => {
                paths.extend(TOP.iter().map(|top| self.root.join(top)));
            }
        }
    }
}

/// Whether an event only says that a file was opened or read.
fn is_a_read(kind: &notify::EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode};
    matches!(kind, notify::EventKind::Access(access) if *access != AccessKind::Close(AccessMode::Write))
}

fn watch_error(err: notify::Error) -> Error {
    Error::Output(format!(
        "privsite cannot watch the project's folders for changes: {err}. On Linux, \
         raise the limit of watched folders (sysctl fs.inotify.max_user_watches)"
    ))
}
