//! `privsite xliff`.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::Failure;
use super::scope::Scope;
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::model::{Locale, Version};

/// Exchange translations with translation tools and vendors (XLIFF 1.2).
#[derive(Debug, Args)]
pub(super) struct XliffArgs {
    #[command(subcommand)]
    command: XliffCommand,
}

#[derive(Debug, Subcommand)]
enum XliffCommand {
    Export(ExportArgs),
    Import(ImportArgs),
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
    /// The locale to translate into (required unless the policy has one
    /// translation; a new locale starts a translation).
    #[arg(long, value_name = "L")]
    locale: Option<String>,
    /// The version (default: the newest).
    #[arg(long, value_name = "V")]
    version: Option<String>,
    /// Where to write the file (default: standard output).
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Write the translations of an XLIFF file back into the translation
/// files (`<locale>.yaml`) of the versions it was exported from.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  privsite xliff import zimbra-fr.xlf
  privsite xliff import --root my-policies zimbra-fr.xlf

Each translated unit is written into policies/<policy>/<version>/<locale>.yaml;
comments and layout stay where the text did not change. Nothing is written
when the original changed since the export (export again), when a tag was
lost or altered, or when any other unit has a problem: each is listed with
its unit id. Out-of-date units sent back unchanged in a reviewed state
(translated, final, signed-off) are confirmed: once every out-of-date
section is, the file gets `translated_from` of this version.")]
struct ImportArgs {
    /// The project folder, holding policies/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// The XLIFF file a translation tool returned.
    file: PathBuf,
}

pub(super) fn run(args: XliffArgs) -> Result<(), Failure> {
    match args.command {
        XliffCommand::Export(args) => export(args),
        XliffCommand::Import(args) => import(args),
    }
}

fn import(args: ImportArgs) -> Result<(), Failure> {
    let shown = args.file.clone();
    let bytes = crate::source::read_bytes(
        Path::new(""),
        &args.file,
        crate::xliff::read::MAX_BYTES,
        "an XLIFF file of a policy version is far smaller; is this the right file?",
    )
    .map_err(|d| Failure::Run(Error::Sources(vec![d])))?;
    let text = decode(&shown, &bytes).map_err(|d| Failure::Run(Error::Sources(vec![d])))?;
    let doc = crate::xliff::read::read(&shown, &text)
        .map_err(|d| Failure::Run(Error::Sources(vec![d])))?;
    let scope = match doc.files.first().and_then(crate::xliff::read::File::names) {
        Some((policy, _, _)) => Scope::policy(&policy),
        None => Scope::nothing(),
    };
    let project = scope.load(&args.root)?;
    let root = args.root.clone();
    let read_file = move |path: &Path| -> Result<Option<String>, Diagnostic> {
        let full = root.join(path);
        if !full.exists() {
            return Ok(None);
        }
        crate::source::read_file(&root, &full).map(|f| Some(f.text))
    };
    let plans = crate::xliff::plan(
        &shown,
        &doc,
        &project.site,
        project.history.out_of_date(),
        &read_file,
    )
    .map_err(|problems| Failure::Run(Error::Sources(problems)))?;
    for plan in &plans {
        if let Some(text) = &plan.text {
            let path = args.root.join(&plan.file);
            crate::write::whole(&path, text.as_bytes()).map_err(|e| Error::io(&path, e))?;
        }
        report(plan);
    }
    Ok(())
}

/// What one `<file>` of the import did, on standard error.
fn report(plan: &crate::xliff::Plan) {
    let r = &plan.report;
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let list = |ids: &[String]| {
        let shown: Vec<&str> = ids.iter().take(8).map(String::as_str).collect();
        let more = ids.len().saturating_sub(shown.len());
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!("{}{tail}", shown.join(", "))
    };
    let what = match (&plan.text, plan.created) {
        (Some(_), true) => "Created",
        (Some(_), false) => "Updated",
        (None, _) => "Unchanged",
    };
    let mut done = vec![count(r.written.len(), "text written", "texts written")];
    if !r.confirmed.is_empty() {
        done.push(format!(
            "{} confirmed as current",
            count(r.confirmed.len(), "out-of-date text", "out-of-date texts")
        ));
    }
    if let Some(from) = &r.translated_from {
        done.push(format!("translated_from: {from}"));
    }
    eprintln!(
        "{what} {} ({}, version {}): {}",
        plan.file.display(),
        r.locale,
        r.version,
        done.join(", ")
    );
    if !r.still_out_of_date.is_empty() {
        eprintln!(
            "  still out of date (sent back unchanged, not marked reviewed): {}",
            list(&r.still_out_of_date)
        );
    }
    if !r.untranslated.is_empty() {
        eprintln!("  not translated yet: {}", list(&r.untranslated));
    }
}

/// The text of an XLIFF file: UTF-8, or UTF-16 with its byte order mark.
fn decode(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if !had_errors {
            return Ok(text.into_owned());
        }
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    Err(Diagnostic::error(
        crate::diagnostics::Origin::file(path),
        "this file is not UTF-8 (nor UTF-16 with a byte order mark)",
    )
    .with_help("save it as UTF-8 from the translation tool"))
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
        // A locale the policy has no translation into yet is how a new
        // translation starts: every unit comes without a target.
        (Some(tag), _) => Locale::parse(tag).map_err(Failure::Usage)?,
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
