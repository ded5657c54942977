//! `privsite check`.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, print_diagnostics};

/// Validate every source file and the theme, and write nothing.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  privsite check                 Check ./policies
  privsite check --root legal    Check legal/policies

Every problem is printed as file:line:column: message. The exit status is 0 when
there are no errors (warnings allowed), 1 when the sources have errors.")]
pub(super) struct CheckArgs {
    /// The project folder, holding policies/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Check the site as it is on this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
}

pub(super) fn run(args: CheckArgs) -> Result<(), Failure> {
    let today = super::today(args.today.as_deref())?;
    let warnings = crate::build::check(&args.root, today)?;
    print_diagnostics(&warnings);
    let count = warnings.len();
    if count == 0 {
        eprintln!("No problems found.");
    } else {
        eprintln!(
            "No errors; {count} warning{}.",
            if count == 1 { "" } else { "s" }
        );
    }
    Ok(())
}
