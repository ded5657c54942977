//! `privsite serve`: build the site in memory, serve it (the server is
//! [`crate::serve`]), and on every edit of `policies/` or `themes/` (seen by
//! [`crate::watch::Changes`]) rebuild what the edit touched with the
//! incremental [`Pipeline`] and publish the new site, until Ctrl-C.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;
use jiff::civil::Date;

use super::{Failure, print_diagnostics};
use crate::diagnostics::{Diagnostic, Origin};
use crate::error::Error;
use crate::pipeline::{Change, Pipeline};
use crate::serve::{Publisher, Server, Snapshot};
use crate::source::Files;
use crate::watch::{Changes, Stopper};

/// The port `serve` listens on when `--port` is not given.
pub(super) const DEFAULT_PORT: u16 = 4111;

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
    /// `--today`, else asked again at every rebuild.
    today: Option<Date>,
}

impl Sources<'_> {
    fn today(&self) -> Date {
        // SOURCE_DATE_EPOCH was checked when serve started; the clock cannot fail.
        crate::today::at_each_build(self.today).unwrap_or(crate::today::LAST_DAY)
    }
}

pub(super) fn run(args: ServeArgs) -> Result<(), Failure> {
    let today = match args.today.as_deref() {
        Some(flag) => Some(super::today(Some(flag))?),
        None => {
            super::today(None)?;
            None
        }
    };
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
    };
    let bind = args.bind.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));

    // Watch before the first reading, so that no edit falls between the two.
    let watched = args
        .root
        .canonicalize()
        .map_err(|e| Error::io(&args.root, e))?;
    let mut changes = Changes::watch(&watched)?;
    let started = Instant::now();
    let mut pipeline = Pipeline::new(Files::read(&args.root), args.drafts);
    let first = rebuild(&mut pipeline, &sources, &Snapshot::default(), None);
    report(&first, &Snapshot::default(), started);
    let server = Server::bind(SocketAddr::new(bind, args.port), first.clone())?;
    let url = page_url(server.local_addr());
    let publisher = server.publisher();
    let running = server.start();

    if let Err(err) = stop_on_ctrl_c(changes.stopper()) {
        eprintln!("warning: cannot catch Ctrl-C ({err}): it will stop the server abruptly");
    }
    let day = today.map_or_else(|| sources.today().to_string(), |d| d.to_string());
    println!("Serving {url} (today is {day}; Ctrl-C stops)");
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

    serve_edits(&sources, &mut changes, &mut pipeline, &publisher, first);
    drop(changes);
    running.shutdown();
    eprintln!("Stopped.");
    Ok(())
}

/// Rebuilds what each edit touched and publishes the site, until Ctrl-C.
fn serve_edits(
    sources: &Sources<'_>,
    changes: &mut Changes,
    pipeline: &mut Pipeline,
    publisher: &Publisher,
    mut last: Snapshot,
) {
    while let Some(paths) = changes.wait() {
        let started = Instant::now();
        if pipeline.refresh(&paths) == Change::Nothing {
            continue;
        }
        let next = rebuild(pipeline, sources, &last, Some(publisher));
        report(&next, &last, started);
        publisher.publish(next.clone());
        last = next;
    }
}

/// Builds the site in memory, redoing only what changed since the last
/// build, the pages open in a browser first (published as soon as they are
/// made, with the rest of the last site). A failed build keeps `last`'s
/// files and generation, with the new problems; a good one counts a new
/// generation when its files differ.
fn rebuild(
    pipeline: &mut Pipeline,
    sources: &Sources<'_>,
    last: &Snapshot,
    publisher: Option<&Publisher>,
) -> Snapshot {
    let open = publisher.map(Publisher::viewed).unwrap_or_default();
    let mut generation = last.generation;
    let early = |files, warnings: &[Diagnostic]| {
        generation += 1;
        if let Some(publisher) = publisher {
            publisher.publish(Snapshot {
                files,
                problems: warnings.to_vec(),
                generation,
            });
        }
    };
    match pipeline.build_first(sources.today(), &open, early) {
        Ok(update) => {
            let same =
                !last.files.is_empty() && update.written.is_empty() && update.removed.is_empty();
            Snapshot {
                files: std::sync::Arc::clone(pipeline.site()),
                problems: update.warnings,
                generation: generation + u64::from(!same),
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

/// Stops the watch (and so the server) on Ctrl-C. The handler is in place
/// when this returns, so an early Ctrl-C stops the server as cleanly as a
/// late one.
fn stop_on_ctrl_c(stopper: Stopper) -> std::io::Result<()> {
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
            stopper.stop();
        })?;
    Ok(())
}
