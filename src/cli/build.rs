//! `privsite build`.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, print_diagnostics};
use crate::build::{BuildOptions, build};

/// Build the site from policies/ into site/.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  privsite build                           Build ./policies into ./site
  privsite build --root legal --out public Build legal/policies into public/
  privsite build --today 2026-01-15        Build the site as it will look on that day
  privsite build --drafts --out preview    Include versions not yet published, for review

The site is written to a staging folder and swapped in only when the whole build
succeeded: a failed build leaves the existing output exactly as it was.")]
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
}

pub(super) fn run(args: BuildArgs) -> Result<(), Failure> {
    let options = BuildOptions {
        out: args.out.unwrap_or_else(|| {
            if args.root == std::path::Path::new(".") {
                PathBuf::from("site")
            } else {
                args.root.join("site")
            }
        }),
        today: super::today(args.today.as_deref())?,
        root: args.root,
        drafts: args.drafts,
    };
    let report = build(&options)?;
    print_diagnostics(&report.warnings);
    eprintln!(
        "Built {} page{} for {} polic{} into {} ({} files, today is {}, {} ms)",
        report.pages,
        if report.pages == 1 { "" } else { "s" },
        report.policies,
        if report.policies == 1 { "y" } else { "ies" },
        options.out.display(),
        report.files,
        options.today,
        report.millis,
    );
    Ok(())
}
