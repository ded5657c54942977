//! `privsite import`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::Failure;
use crate::error::Error;
use crate::import::{Input, Options, Report, slug};

/// Bring an existing policy in, with its history: from a git repository
/// or from Markdown files.
#[derive(Debug, Args)]
pub(super) struct ImportArgs {
    #[command(subcommand)]
    command: ImportCommand,
}

#[derive(Debug, Subcommand)]
enum ImportCommand {
    Git(GitArgs),
    Markdown(MarkdownArgs),
}

/// What both kinds of import take.
#[derive(Debug, Args)]
struct Common {
    /// The project folder, holding policies/ (made when missing).
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// The policy id, its folder under policies/ (default: made from the
    /// policy's title).
    #[arg(long, value_name = "ID")]
    policy: Option<String>,
    /// Who issues the policy, for a new policy.yaml (default: a
    /// placeholder that `privsite check` points out).
    #[arg(long, value_name = "NAME")]
    owner: Option<String>,
    /// The language the policy is written in (default: the policy's, else
    /// the site's, else en).
    #[arg(long, visible_alias = "source-locale", value_name = "L")]
    locale: Option<String>,
    /// How the original site made the anchors of headings: github
    /// (github.com, most Markdown sites) or kramdown (Jekyll).
    #[arg(long, value_enum, default_value = "github", value_name = "RULE")]
    slugs: Slugs,
    /// The address the policy was published at (such as
    /// https://docs.github.com/): links in its text that start with one `/`
    /// are made absolute against it, so that they still lead there.
    #[arg(long, value_name = "URL")]
    link_base: Option<String>,
    /// List what would be written, and write nothing.
    #[arg(long)]
    dry_run: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Slugs {
    Github,
    Kramdown,
}

/// Turn the history of a Markdown policy in a git repository into
/// versions: one for each day its text changed.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  privsite import git ../site-policy Policies/github-privacy-statement.md --owner \"GitHub, Inc.\"
  privsite import git ../legal-docs '{locale}/firefox_privacy_notice.md' --slugs kramdown
  privsite import git ../legal-docs '{locale}/firefox_privacy_notice.md' --dry-run

Each day on which the file changed on the current branch (its last commit
that day) becomes a version policies/<policy>/YYYY-MM-DD/, published that
day and taking effect on the date its text states (\"Effective date: ...\")
when that is later than the version before's, else that day. With
{locale} in the path, the other folders there are the translations, as
they stood at each version's commit. Headings become sections whose ids
are the anchors the original site gave them. Run it again later to add
only the newer versions; versions already there are never changed.")]
struct GitArgs {
    /// The git repository: a work tree or a bare one.
    repo: PathBuf,
    /// The file's path in the repository; `{locale}` stands for the folder
    /// of each language.
    file: String,
    /// When a text changed on or before the day the version before it
    /// takes effect, and states no later date, take it as a correction of
    /// that version (its text replaces that version's) instead of a problem.
    #[arg(long)]
    fold_corrections: bool,
    #[command(flatten)]
    common: Common,
}

/// Turn Markdown files into versions: one each, dated by the date its text
/// states.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  privsite import markdown privacy-2005.md privacy-2008.md --owner \"Zimbra, Inc.\"
  privsite import markdown old/*.md --policy privacy --dry-run

Each file's date is the one its text states (\"This Privacy Statement was
last amended on August 4, 2005\", \"Effective date: July 20, 2023\", or
\"April, 2008\", read as its first day); it becomes the version's id and
effective date. A file whose version is already there is left alone.")]
struct MarkdownArgs {
    /// The Markdown files, one version each.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    #[command(flatten)]
    common: Common,
}

pub(super) fn run(args: ImportArgs) -> Result<(), Failure> {
    let (input, common, fold_corrections) = match args.command {
        ImportCommand::Git(a) => (
            Input::Git {
                repo: a.repo,
                file: a.file,
            },
            a.common,
            a.fold_corrections,
        ),
        ImportCommand::Markdown(a) => (Input::Markdown(a.files), a.common, false),
    };
    let link_base = match &common.link_base {
        Some(text) => Some(
            url::Url::parse(text)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https"))
                .ok_or_else(|| {
                    Failure::Usage(format!(
                        "--link-base: `{text}` is not an http(s) address such as https://docs.github.com/"
                    ))
                })?,
        ),
        None => None,
    };
    let options = Options {
        root: common.root,
        policy: common.policy,
        owner: common.owner,
        locale: common.locale,
        slugs: match common.slugs {
            Slugs::Github => slug::Rule::GitHub,
            Slugs::Kramdown => slug::Rule::Kramdown,
        },
        fold_corrections,
        link_base,
        dry_run: common.dry_run,
    };
    let report = crate::import::run(&input, &options).map_err(|err| match err {
        Error::Sources(problems) => {
            super::print_diagnostics(&problems);
            let errors = problems.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "error: the import found {errors} problem{}; nothing was written",
                if errors == 1 { "" } else { "s" }
            );
            Failure::Silent
        }
        other => Failure::from(other),
    })?;
    super::print_diagnostics(&report.warnings);
    eprint!("{}", summary(&report, &options));
    Ok(())
}

/// What the import did (or would do), and what to do next.
fn summary(report: &Report, options: &Options) -> String {
    let mut out = String::new();
    let verb = if options.dry_run {
        "Would write"
    } else {
        "Wrote"
    };
    for file in &report.files {
        let shown = options.root.join(file);
        let shown = shown.strip_prefix(".").unwrap_or(&shown);
        out.push_str(&format!("{verb} {}\n", shown.display()));
    }
    let count = |n: usize| format!("{n} version{}", if n == 1 { "" } else { "s" });
    out.push_str(&format!(
        "{}: {} {}",
        report.policy,
        count(report.new_versions.len()),
        if options.dry_run { "to add" } else { "added" }
    ));
    if !report.kept_versions.is_empty() {
        out.push_str(&format!(
            ", {} already there (left as they are)",
            count(report.kept_versions.len())
        ));
    }
    out.push_str(".\n");
    if options.dry_run {
        out.push_str("Nothing was written (--dry-run).\n");
        return out;
    }
    if report.placeholder_owner {
        out.push_str(&format!(
            "Next: write who issues the policy as `owner:` in policies/{}/policy.yaml.\n",
            report.policy
        ));
    }
    if report.new_site {
        out.push_str("Next: write the address the site is published at as `base_url:` in policies/site.yaml.\n");
    }
    if !report.new_versions.is_empty() {
        out.push_str(&format!(
            "Then run `privsite check`, and `privsite diff {}` to see the newest change.\n",
            report.policy
        ));
    }
    out
}
