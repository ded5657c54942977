//! `privsite serve`: build the site in memory, serve it (the server is
//! [`crate::serve`]), and rebuild and republish it on every edit of
//! `policies/` or `themes/`, until Ctrl-C.
//!
//! The rebuild is [`rebuild`], a whole build in memory, and the watching is
//! [`Watch`]: both stand in for the incremental pipeline, which replaces them
//! by publishing its own snapshots to the same [`Publisher`].

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use clap::Args;
use jiff::civil::Date;
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::{Failure, print_diagnostics};
use crate::build::Project;
use crate::diagnostics::{Diagnostic, Origin};
use crate::error::Error;
use crate::serve::{Publisher, Server, Snapshot};

/// The port `serve` listens on when `--port` is not given.
pub(super) const DEFAULT_PORT: u16 = 4111;

/// How long the watcher waits for an editor's save (write, rename, chmod) to
/// settle into one change.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// Preview the site in a browser: build it in memory, serve it, rebuild on every edit.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  privsite serve                       Serve ./policies at http://127.0.0.1:4111/
  privsite serve --open                The same, and open it in the browser
  privsite serve --port 0              Serve on any free port (the address is printed)
  privsite serve --today 2026-01-15    Preview the site as it will look on that day
  privsite serve --drafts              Include versions not yet published

Nothing is written to disk: pages are built in memory and served as `build`
would write them, with one script added that reloads an open page when you save
a source file (it comes back at the same place) and, while the sources have
errors, shows them over the last good page. The server answers on 127.0.0.1
only, unless --bind names another address: then anyone who can reach it can
read the preview, drafts included.")]
pub(super) struct ServeArgs {
    /// The project folder, holding policies/ (and optionally themes/).
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// The port to listen on; 0 takes any free port.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_PORT)]
    port: u16,
    /// The address to listen on [default: 127.0.0.1, this machine only].
    #[arg(long, value_name = "ADDR")]
    bind: Option<IpAddr>,
    /// Preview the site as it is on this day (YYYY-MM-DD) [default: $SOURCE_DATE_EPOCH, else the system date].
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
    /// Also build versions whose `published` date is still to come.
    #[arg(long)]
    drafts: bool,
    /// Open the site in the browser once it is served.
    #[arg(long)]
    open: bool,
}

/// What a rebuild needs.
struct Sources<'a> {
    root: &'a Path,
    today: Date,
    drafts: bool,
}

/// What the main loop hears.
enum Message {
    /// The watcher saw files change (or failed to).
    Changed(DebounceEventResult),
    /// Ctrl-C.
    Stop,
}

pub(super) fn run(args: ServeArgs) -> Result<(), Failure> {
    let today = super::today(args.today.as_deref())?;
    if !args.root.join("policies").is_dir() {
        return Err(Failure::Usage(format!(
            "there is no `policies` folder in {}: serve a project folder (--root DIR), or start \
             one with `privsite init`",
            args.root.display()
        )));
    }
    let sources = Sources {
        root: &args.root,
        today,
        drafts: args.drafts,
    };
    let bind = args.bind.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));

    let started = Instant::now();
    let first = rebuild(&sources, &Snapshot::default());
    report(&first, &Snapshot::default(), started);
    let server = Server::bind(SocketAddr::new(bind, args.port), first.clone())?;
    let url = page_url(server.local_addr());
    let publisher = server.publisher();
    let running = server.start();

    let (sender, messages) = channel();
    let mut watch = Watch::start(sources.root, sender.clone())?;
    if let Err(err) = stop_on_ctrl_c(sender) {
        eprintln!("warning: cannot catch Ctrl-C ({err}): it will stop the server abruptly");
    }
    println!("Serving {url} (today is {today}; Ctrl-C stops)");
    if !bind.is_loopback() {
        eprintln!(
            "warning: listening on {bind}, not only on this machine: anyone who can reach it on \
             port {} can read this preview, drafts and unpublished versions included",
            running.local_addr().port()
        );
    }
    if args.open
        && let Err(err) = opener::open_browser(&url)
    {
        eprintln!("warning: could not open a browser ({err}); open {url} yourself");
    }

    serve_edits(&sources, &messages, &mut watch, &publisher, first);
    drop(watch);
    running.shutdown();
    eprintln!("Stopped.");
    Ok(())
}

/// Rebuilds and publishes on every change of the sources, until Ctrl-C.
fn serve_edits(
    sources: &Sources<'_>,
    messages: &Receiver<Message>,
    watch: &mut Watch,
    publisher: &Publisher,
    mut last: Snapshot,
) {
    while let Ok(message) = messages.recv() {
        let mut changed = false;
        // Changes that arrived during the last rebuild make one rebuild.
        for message in std::iter::once(message).chain(messages.try_iter()) {
            match message {
                Message::Stop => return,
                Message::Changed(result) => changed |= watch.is_about_sources(result),
            }
        }
        if changed {
            let started = Instant::now();
            let next = rebuild(sources, &last);
            report(&next, &last, started);
            publisher.publish(next.clone());
            last = next;
        }
    }
}

/// Builds the whole site in memory. A failed build keeps `last`'s files and
/// generation, with the new problems; a good one counts a new generation
/// when its files differ. (The incremental pipeline replaces this.)
fn rebuild(sources: &Sources<'_>, last: &Snapshot) -> Snapshot {
    let built = Project::load(sources.root).and_then(|project| {
        let artifacts = project.render(sources.today, sources.drafts)?;
        Ok((artifacts, project.warnings))
    });
    match built {
        Ok((artifacts, warnings)) => {
            let files: std::collections::BTreeMap<_, _> = artifacts
                .into_iter()
                .map(|a| (a.path, Arc::<[u8]>::from(a.bytes)))
                .collect();
            let same = *last.files == files;
            Snapshot {
                files: if same {
                    Arc::clone(&last.files)
                } else {
                    Arc::new(files)
                },
                problems: warnings,
                generation: last.generation + u64::from(!same),
            }
        }
        Err(err) => Snapshot {
            problems: match err {
                Error::Sources(problems) => problems,
                Error::Io { path, source } => vec![Diagnostic::error(
                    Origin::file(path.strip_prefix(sources.root).unwrap_or(&path)),
                    source.to_string(),
                )],
                other => vec![Diagnostic::error(
                    Origin::file(sources.root),
                    other.to_string(),
                )],
            },
            ..last.clone()
        },
    }
}

/// Prints what a rebuild found that the one before had not, and one line
/// on how it went.
fn report(next: &Snapshot, last: &Snapshot, started: Instant) {
    let new: Vec<Diagnostic> = next
        .problems
        .iter()
        .filter(|d| !last.problems.contains(d))
        .cloned()
        .collect();
    print_diagnostics(&new);
    let count = |errors: bool| {
        next.problems
            .iter()
            .filter(|d| d.is_error() == errors)
            .count()
    };
    let (errors, warnings) = (count(true), count(false));
    let millis = started.elapsed().as_millis();
    let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    let mut line = if errors > 0 {
        let shown = if next.files.is_empty() {
            "every page shows them until they are fixed"
        } else {
            "the preview shows the last good site, with the errors over it"
        };
        format!(
            "error: the sources have {}; {shown}",
            plural(errors, "error")
        )
    } else if next.generation == last.generation && last.generation > 0 {
        format!("Rebuilt in {millis} ms: nothing changed")
    } else {
        let built = if last.files.is_empty() {
            "Built"
        } else {
            "Rebuilt"
        };
        format!(
            "{built} {} in {millis} ms",
            plural(next.files.len(), "file")
        )
    };
    if warnings > 0 {
        line.push_str(&format!(" ({})", plural(warnings, "warning")));
    }
    eprintln!("{line}");
}

/// The address to show and open: an unspecified address (`0.0.0.0`)
/// listens on every address, this machine's own among them.
fn page_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

/// The watcher of `policies/` and `themes/`, which also watches the project
/// folder itself, to see either folder appear again after it was removed.
struct Watch {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    folders: [PathBuf; 2],
}

impl Watch {
    fn start(root: &Path, sender: Sender<Message>) -> Result<Watch, Failure> {
        // Events name files by absolute paths.
        let root = &root.canonicalize().map_err(|e| Error::io(root, e))?;
        let mut debouncer = new_debouncer(DEBOUNCE, None, move |result| {
            let _ = sender.send(Message::Changed(result));
        })
        .map_err(|e| watch_error(root, e))?;
        debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(root, e))?;
        let mut watch = Watch {
            debouncer,
            folders: [root.join("policies"), root.join("themes")],
        };
        watch.watch_folders();
        Ok(watch)
    }

    /// Watches each folder that exists (again: a folder removed and made
    /// anew is a new folder to the system).
    fn watch_folders(&mut self) {
        for folder in &self.folders {
            if folder.is_dir() {
                let _ = self.debouncer.watch(folder, RecursiveMode::Recursive);
            }
        }
    }

    /// Whether the events touch the sources; watches a source folder that
    /// has just appeared.
    fn is_about_sources(&mut self, result: DebounceEventResult) -> bool {
        match result {
            Ok(events) => {
                // Reading a file is an event too (the rebuild reads them all).
                let paths = || {
                    events
                        .iter()
                        .filter(|e| !is_a_read(&e.kind))
                        .flat_map(|e| e.paths.iter())
                };
                if paths().any(|p| self.folders.iter().any(|f| p == f)) {
                    self.watch_folders();
                }
                paths().any(|p| self.folders.iter().any(|f| p.starts_with(f)))
            }
            Err(errors) => {
                for err in errors {
                    eprintln!("warning: watching the sources: {err}");
                }
                true
            }
        }
    }
}

/// Whether an event only says that a file was opened or read.
fn is_a_read(kind: &EventKind) -> bool {
    matches!(kind, EventKind::Access(access) if *access != AccessKind::Close(AccessMode::Write))
}

fn watch_error(root: &Path, err: notify::Error) -> Failure {
    Failure::Run(Error::io(root, std::io::Error::other(err.to_string())))
}

/// Sends [`Message::Stop`] on Ctrl-C. The handler is in place when this
/// returns, so an early Ctrl-C stops the server as cleanly as a late one.
fn stop_on_ctrl_c(sender: Sender<Message>) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()?;
    #[cfg(unix)]
    let mut interrupt = {
        let _context = runtime.enter();
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?
    };
    #[cfg(windows)]
    let mut interrupt = {
        let _context = runtime.enter();
        tokio::signal::windows::ctrl_c()?
    };
    std::thread::Builder::new()
        .name("privsite-ctrl-c".to_owned())
        .spawn(move || {
            runtime.block_on(interrupt.recv());
            let _ = sender.send(Message::Stop);
        })?;
    Ok(())
}
