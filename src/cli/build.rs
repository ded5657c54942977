//! `privsite build`.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::{Failure, print_diagnostics};
use crate::build::{BuildOptions, build};
use crate::write::{Busy, Wait};

/// Build the site from policies/ into site/.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  privsite build                           Build ./policies into ./site
  privsite build --root legal --out public Build legal/policies into public/
  privsite build --today 2026-01-15        Build the site as it will look on that day
  privsite build --drafts --out preview    Include versions not yet published, for review
  privsite build --strict                  Fail on warnings too, and write nothing then
  privsite build --wait 0                  Fail at once if another build is writing the folder

The site is written to a staging folder and swapped in only when the whole build
succeeded: a failed build leaves the existing output exactly as it was. Builds
into one output folder take turns: a second one waits for the first (a lock on
.<folder>.lock beside it). privsite only replaces a folder that is empty or that
it wrote (with its .privsite marker), never the sources, and not a mount point
(build into a folder inside it).")]
pub(super) struct BuildArgs {
    /// The project folder, holding policies/ (and optionally themes/).
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// The output folder [default: <root>/site].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Build the site as it is on this day (YYYY-MM-DD) [default: $SOURCE_DATE_EPOCH, else the system date].
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
    /// Also build versions whose `published` date is still to come (for preview).
    #[arg(long)]
    drafts: bool,
    /// Fail (exit 1) on warnings too, writing nothing.
    #[arg(long)]
    strict: bool,
    /// How long to wait for another build of the same output folder to finish; 0 fails at once.
    #[arg(long, value_name = "SECONDS", default_value_t = 600)]
    wait: u64,
}

pub(super) fn run(args: BuildArgs) -> Result<(), Failure> {
    // Named in the summary, since a day set long ago in the environment is easy to forget.
    let from_epoch = args.today.is_none()
        && std::env::var("SOURCE_DATE_EPOCH").is_ok_and(|e| !e.trim().is_empty());
    let options = BuildOptions {
        out: super::output_folder(&args.root, args.out),
        today: super::today(args.today.as_deref())?,
        root: args.root,
        drafts: args.drafts,
        strict: args.strict,
        wait: Wait {
            limit: Duration::from_secs(args.wait),
            notify: Some(waiting),
        },
    };
    let report = build(&options)?;
    print_diagnostics(&report.warnings);
    eprintln!(
        "Built {} page{} for {} polic{} into {} ({} files, today is {}{}, {} ms)",
        report.pages,
        if report.pages == 1 { "" } else { "s" },
        report.policies,
        if report.policies == 1 { "y" } else { "ies" },
        options.out.display(),
        report.files,
        options.today,
        if from_epoch {
            " from SOURCE_DATE_EPOCH"
        } else {
            ""
        },
        report.millis,
    );
    Ok(())
}

/// Says that this build waits for another one.
fn waiting(busy: &Busy) {
    eprintln!("{busy}");
}
