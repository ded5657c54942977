//! `privsite watch`.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::{Failure, print_diagnostics};
use crate::watch::{Event, WatchOptions, run};
use crate::write::Wait;

/// Build the site, then keep the output folder up to date as you edit.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  privsite watch                      Build ./policies into ./site, then rebuild on every save
  privsite watch --drafts --out preview
                                      Include versions not yet published, for review

After the first build, each edit rebuilds only the pages it touches and writes
only the files whose bytes changed (each one replaced in one step); files the
site no longer has are removed. An edit with errors is reported and the output
keeps the last good site; the next good edit brings it up to date. The output
folder stays locked while the watch runs. Stop it with Ctrl-C.")]
pub(super) struct WatchArgs {
    /// The project folder, holding policies/ (and optionally themes/).
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// The output folder [default: <root>/site].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Build the site as it is on this day (YYYY-MM-DD) [default: $SOURCE_DATE_EPOCH, else the system date, asked again at every rebuild].
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
    /// Also build versions whose `published` date is still to come (for preview).
    #[arg(long)]
    drafts: bool,
}

pub(super) fn run_watch(args: WatchArgs) -> Result<(), Failure> {
    let today = match args.today.as_deref() {
        Some(flag) => Some(super::today(Some(flag))?),
        None => {
            // Checked once here, so that a bad SOURCE_DATE_EPOCH is a usage error.
            super::today(None)?;
            None
        }
    };
    let options = WatchOptions {
        out: super::output_folder(&args.root, args.out),
        today,
        root: args.root,
        drafts: args.drafts,
        wait: Wait {
            limit: Duration::from_secs(600),
            notify: Some(|busy| eprintln!("{busy}")),
        },
    };
    let out = options.out.clone();
    let mut shown: Vec<String> = Vec::new();
    run(&options, &mut |event| match event {
        Event::Built {
            change,
            update,
            today,
            millis,
        } => {
            // Each warning is shown once, not again at every rebuild.
            let warnings: Vec<String> = update.warnings.iter().map(|w| w.to_string()).collect();
            if warnings != shown {
                print_diagnostics(&update.warnings);
                shown = warnings;
            }
            let files = |n: usize| format!("{n} file{}", if n == 1 { "" } else { "s" });
            match change {
                None => eprintln!(
                    "Built {} into {} (today is {today}, {millis} ms)",
                    files(update.written.len()),
                    out.display()
                ),
                Some(change) => eprintln!(
                    "Rebuilt after a change to {}: {} written, {} removed, {} of {} outputs rendered again ({millis} ms)",
                    change.describe(),
                    files(update.written.len()),
                    update.removed.len(),
                    update.rendered,
                    update.jobs
                ),
            }
        }
        Event::Failed(problems) => {
            print_diagnostics(problems);
            shown.clear();
            let errors = problems.iter().filter(|p| p.is_error()).count();
            eprintln!(
                "error: {errors} error{} in the sources; {} keeps the last good site. Waiting for the next change.",
                if errors == 1 { "" } else { "s" },
                out.display()
            );
        }
        Event::Watching(root) => eprintln!(
            "Watching {} for changes (Ctrl-C to stop)",
            root.join("policies").display()
        ),
    })?;
    Ok(())
}
