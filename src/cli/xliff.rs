//! `privsite xliff`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::Failure;
use super::scope::Scope;
use crate::error::Error;
use crate::model::Version;

/// Exchange translations with translation tools and vendors (XLIFF 1.2).
#[derive(Debug, Args)]
pub(super) struct XliffArgs {
    #[command(subcommand)]
    command: XliffCommand,
}

#[derive(Debug, Subcommand)]
enum XliffCommand {
    Export(ExportArgs),
}

/// Write a version's source text and its translation into one locale as
/// an XLIFF 1.2 file for a translation tool.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  privsite xliff export zimbra --locale fr                 The newest version, to standard output
  privsite xliff export zimbra --locale fr --output zimbra-fr.xlf
  privsite xliff export zimbra --locale fr --version 2006-02

One unit per title, summary and section title and body. Units not translated
yet have no target; out-of-date ones (the original changed in meaning) carry
the earlier translation with state needs-review-translation; current ones are
translated and approved. Markdown and links are tags the tool keeps intact.")]
struct ExportArgs {
    /// The project folder, holding policies/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// The policy id.
    policy: String,
    /// The locale to translate into (required when the policy has more than one).
    #[arg(long, value_name = "L")]
    locale: Option<String>,
    /// The version (default: the newest).
    #[arg(long, value_name = "V")]
    version: Option<String>,
    /// Where to write the file (default: standard output).
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub(super) fn run(args: XliffArgs) -> Result<(), Failure> {
    match args.command {
        XliffCommand::Export(args) => export(args),
    }
}

fn export(args: ExportArgs) -> Result<(), Failure> {
    let project = Scope::policy(&args.policy).load(&args.root)?;
    let policy = super::find_policy(&project.site, &args.policy)?;
    let targets: Vec<&str> = policy
        .locales
        .iter()
        .filter(|l| **l != policy.source_locale)
        .map(|l| l.as_str())
        .collect();
    let locale = match (&args.locale, targets.as_slice()) {
        (Some(tag), _) => super::policy_locale(policy, tag)?,
        (None, [one]) => super::policy_locale(policy, one)?,
        (None, []) => {
            return Err(Failure::Usage(format!(
                "the policy `{}` has no translation yet: name the locale to translate into with --locale",
                policy.id
            )));
        }
        (None, many) => {
            return Err(Failure::Usage(format!(
                "say which locale to export with --locale: the policy `{}` is translated into {}",
                policy.id,
                many.join(", ")
            )));
        }
    };
    if locale == policy.source_locale {
        return Err(Failure::Usage(format!(
            "`{locale}` is the source locale of `{}`: export for a locale to translate into",
            policy.id
        )));
    }
    let version: &Version = match &args.version {
        None => policy.versions.last().expect("a policy has versions"),
        Some(id) => &policy.versions[super::version_index(policy, id)?],
    };
    Scope::versions(policy.id.as_str(), [version.id.as_str()]).print(&project.warnings);
    let original = format!(
        "policies/{}/{}/{}.yaml",
        policy.id, version.id, policy.source_locale
    );
    let xliff = crate::xliff::export(
        policy,
        version,
        &locale,
        project.history.out_of_date(),
        &original,
    );
    match &args.output {
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(xliff.as_bytes())
                .map_err(|e| Error::io("standard output", e))?;
        }
        Some(path) => {
            crate::write::whole(path, xliff.as_bytes()).map_err(|e| Error::io(path, e))?;
            eprintln!(
                "Wrote {} ({locale}, version {})",
                path.display(),
                version.id
            );
        }
    }
    Ok(())
}
