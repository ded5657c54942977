//! `privsite check`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{Failure, print_diagnostics};
use crate::diagnostics::Diagnostic;
use crate::error::Error;

/// Validate every source file and the theme, and write nothing.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  privsite check                 Check ./policies
  privsite check --root legal    Check legal/policies

  privsite check --strict        Fail on warnings too
  privsite check --format github Annotate the lines in a GitHub pull request

Every problem is printed as file:line:column: message, with the line and a
caret. The exit status is 0 when there are no errors (warnings allowed, unless
--strict), 1 when the sources have errors.")]
pub(super) struct CheckArgs {
    /// The project folder, holding policies/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Check the site as it is on this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    strict: bool,
    /// How to report: for people, as JSON for tools, or as GitHub Actions annotations.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
    Github,
}

pub(super) fn run(args: CheckArgs) -> Result<(), Failure> {
    let today = super::today(args.today.as_deref())?;
    let result = crate::build::check(&args.root, today);
    if args.format != Format::Text {
        // Tools get every diagnostic on standard output, and the exit status.
        let diagnostics: &[Diagnostic] = match &result {
            Ok(warnings) => warnings,
            Err(err) => err.diagnostics(),
        };
        match args.format {
            Format::Json => {
                let list: Vec<serde_json::Value> =
                    diagnostics.iter().map(Diagnostic::to_json).collect();
                println!(
                    "{}",
                    serde_json::to_string_pretty(&list).expect("plain data")
                );
            }
            _ => diagnostics
                .iter()
                .for_each(|d| println!("{}", d.to_github())),
        }
        return match result {
            Err(Error::Sources(_)) => Err(Failure::Silent),
            Err(err) => Err(Failure::Run(err)),
            Ok(warnings) if args.strict && !warnings.is_empty() => Err(Failure::Silent),
            Ok(_) => Ok(()),
        };
    }
    let warnings = result?;
    if args.strict && !warnings.is_empty() {
        // Reported once, as the failure it is.
        return Err(Failure::Run(Error::Sources(warnings)));
    }
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
