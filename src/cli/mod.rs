//! The command line: clap structs (plain data, one file per subcommand),
//! turned into validated options for the library, and the one place where
//! results become text on the terminal and an exit status.

mod announce;
mod build;
mod check;
mod diff;
mod import;
mod init;
mod new_version;
mod schema;
mod scope;
mod serve;
mod status;
mod watch;
mod xliff;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diagnostics::Diagnostic;
use crate::error::Error;

/// Exit status: success.
pub const EXIT_OK: u8 = 0;
/// Exit status: the sources have errors (or the build failed).
pub const EXIT_ERRORS: u8 = 1;
/// Exit status: wrong usage.
pub const EXIT_USAGE: u8 = 2;

const ABOUT: &str = "Turn privacy policies written as YAML into a localized static website";

const LONG_ABOUT: &str = "privsite turns privacy policies written as structured YAML \
(policies/<policy>/<version>/<locale>.yaml) into a localized static website: every version at a \
permanent address, in every language, with the dates people need.";

const EXAMPLES: &str = "Examples:
  privsite init my-policies          Start a new project with one policy
  privsite build                     Build policies/ into site/
  privsite build --today 2026-01-15  Build the site as it will look on that day
  privsite check                     Validate everything, write nothing
  privsite serve --open              Preview the site in a browser, live as you edit
  privsite diff my-policy            What changed in the newest version, and how much it matters
  privsite import git ../repo privacy.md   Start from an existing policy and its git history";

#[derive(Debug, Parser)]
#[command(name = "privsite", version, about = ABOUT, long_about = LONG_ABOUT, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Build(build::BuildArgs),
    Check(check::CheckArgs),
    Diff(diff::DiffArgs),
    Status(status::StatusArgs),
    NewVersion(new_version::NewVersionArgs),
    Announce(announce::AnnounceArgs),
    Init(init::InitArgs),
    Schema(schema::SchemaArgs),
    Watch(watch::WatchArgs),
    Serve(serve::ServeArgs),
    Xliff(xliff::XliffArgs),
    Import(import::ImportArgs),
}

/// Parses the command line, runs the command and returns the exit status.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() {
                EXIT_USAGE
            } else {
                EXIT_OK
            });
        }
    };
    let result = match cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Status(args) => status::run(args),
        Command::NewVersion(args) => new_version::run(args),
        Command::Announce(args) => announce::run(args),
        Command::Init(args) => init::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Watch(args) => watch::run_watch(args),
        Command::Serve(args) => serve::run(args),
        Command::Xliff(args) => xliff::run(args),
        Command::Import(args) => import::run(args),
    };
    match result {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            eprintln!("\nFor more information, try '--help'.");
            ExitCode::from(EXIT_USAGE)
        }
        Err(Failure::Run(err)) => {
            report_error(&err);
            ExitCode::from(EXIT_ERRORS)
        }
        Err(Failure::Silent) => ExitCode::from(EXIT_ERRORS),
    }
}

/// Why a command did not succeed.
#[derive(Debug)]
enum Failure {
    /// The command line itself is wrong (exit 2).
    Usage(String),
    /// The command ran and failed (exit 1).
    Run(Error),
    /// The command failed and has already reported why (exit 1).
    Silent,
}

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        match err {
            Error::Usage(message) => Failure::Usage(message),
            err => Failure::Run(err),
        }
    }
}

/// Prints diagnostics (errors and warnings) to standard error.
fn print_diagnostics(diagnostics: &[Diagnostic]) {
    // Styled for a terminal; anstream drops the styles when standard error is
    // not one, or when NO_COLOR is set (CLICOLOR_FORCE keeps them).
    let mut stderr = anstream::stderr().lock();
    for diagnostic in diagnostics {
        let _ = writeln!(stderr, "{diagnostic:#}");
    }
}

/// Prints a failure once: the diagnostics, then one summary line.
fn report_error(err: &Error) {
    print_diagnostics(err.diagnostics());
    match err {
        Error::Sources(d) if !d.iter().any(Diagnostic::is_error) => {
            eprintln!(
                "error: {} warning{} with --strict",
                d.len(),
                if d.len() == 1 { "" } else { "s" }
            );
        }
        Error::Sources(d) => {
            let warnings = d.iter().filter(|d| !d.is_error()).count();
            let tail = if warnings > 0 {
                format!(
                    " and {warnings} warning{}",
                    if warnings == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            };
            eprintln!("error: {err}{tail}; nothing was written");
        }
        _ => eprintln!("error: {err}"),
    }
}

/// `--out`, else `site/` in the project folder (written `site` when the
/// project folder is the current one, as messages name it).
fn output_folder(root: &std::path::Path, out: Option<std::path::PathBuf>) -> std::path::PathBuf {
    out.unwrap_or_else(|| {
        if root == std::path::Path::new(".") {
            std::path::PathBuf::from("site")
        } else {
            root.join("site")
        }
    })
}

/// Resolves "today" from `--today` and the environment.
fn today(flag: Option<&str>) -> Result<jiff::civil::Date, Failure> {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    crate::today::resolve(flag, epoch.as_deref()).map_err(Failure::Usage)
}

/// The policy `id` of `site`, or a usage error naming the policies there are.
fn find_policy<'a>(
    site: &'a crate::model::Site,
    id: &str,
) -> Result<&'a crate::model::Policy, Failure> {
    site.policies
        .iter()
        .find(|p| p.id.as_str() == id)
        .ok_or_else(|| {
            let known: Vec<&str> = site.policies.iter().map(|p| p.id.as_str()).collect();
            Failure::Usage(format!(
                "there is no policy `{id}`; the policies are: {}",
                known.join(", ")
            ))
        })
}

/// The locale `tag` of `policy`, or a usage error naming the problem.
/// Where the version `id` of `policy` is among its versions, or a usage
/// error that lists them.
fn version_index(policy: &crate::model::Policy, id: &str) -> Result<usize, Failure> {
    policy
        .versions
        .iter()
        .position(|v| v.id.as_str() == id)
        .ok_or_else(|| {
            let known: Vec<&str> = policy.versions.iter().map(|v| v.id.as_str()).collect();
            Failure::Usage(format!(
                "the policy `{}` has no version `{id}`; its versions are: {}",
                policy.id,
                known.join(", ")
            ))
        })
}

fn policy_locale(
    policy: &crate::model::Policy,
    tag: &str,
) -> Result<crate::model::Locale, Failure> {
    let locale = crate::model::Locale::parse(tag).map_err(Failure::Usage)?;
    if policy.locales.contains(&locale) {
        Ok(locale)
    } else {
        Err(Failure::Usage(format!(
            "the policy `{}` has no locale `{locale}`",
            policy.id
        )))
    }
}
