//! `privsite new-version`.

use std::fs;
use std::path::{Path, PathBuf};

use clap::Args;

use super::Failure;
use super::scope::Scope;
use crate::error::Error;
use crate::model::{VersionId, parse_date};
use crate::source::raw::VersionFile;
use crate::source::yaml;

/// Start a new version of a policy by copying its newest one.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  privsite new-version privacy 2025-06 --effective 2025-07-01
  privsite new-version privacy 2025-06 --effective 2025-07-01 --published 2025-06-01

Copies the newest version folder (every locale) to the new id, sets its dates,
and removes the old `change:` block (it described the previous change). Then
edit the text, describe the change in `change.summary`, and run
`privsite diff <policy>` to see how the change is classified.")]
pub(super) struct NewVersionArgs {
    /// The project folder, holding policies/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// The policy id.
    policy: String,
    /// The new version's id (its folder name), e.g. 2025-06.
    version: String,
    /// The day the new version takes effect (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    effective: String,
    /// The day it is made public, if before `effective` (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    published: Option<String>,
}

pub(super) fn run(args: NewVersionArgs) -> Result<(), Failure> {
    let version = VersionId::parse(&args.version)
        .map_err(|e| Failure::Usage(format!("the version id: {e}")))?;
    let effective =
        parse_date(&args.effective).map_err(|e| Failure::Usage(format!("--effective: {e}")))?;
    let published = match &args.published {
        Some(p) => Some(parse_date(p).map_err(|e| Failure::Usage(format!("--published: {e}")))?),
        None => None,
    };
    let today = super::today(None)?;
    let project = Scope::policy(&args.policy).load(&args.root)?;
    let policy = super::find_policy(&project.site, &args.policy)?;
    let newest = policy.versions.last().ok_or_else(|| {
        Failure::Usage(format!("the policy `{}` has no version to copy", policy.id))
    })?;
    if let Some(same) = policy.versions.iter().find(|v| v.effective == effective) {
        return Err(Failure::Usage(format!(
            "version `{}` of `{}` already takes effect on {effective}: choose another --effective day",
            same.id, policy.id
        )));
    }
    let policy_dir = args.root.join("policies").join(policy.id.as_str());
    let (from, to) = (
        policy_dir.join(newest.id.as_str()),
        policy_dir.join(version.as_str()),
    );
    // Named as written, without the `./` of the default `--root`.
    let shown = to.strip_prefix(".").unwrap_or(&to);
    if to.exists() {
        return Err(Failure::Usage(format!(
            "{} already exists: choose another version id",
            shown.display()
        )));
    }
    let mut written = Vec::new();
    for entry in fs::read_dir(&from).map_err(|e| Error::io(&from, e))? {
        let path = entry.map_err(|e| Error::io(&from, e))?.path();
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| n.ends_with(".yaml"))
        else {
            continue;
        };
        let text = fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let is_source = name == format!("{}.yaml", policy.source_locale);
        let dates = is_source.then(|| (effective.to_string(), published.map(|p| p.to_string())));
        let new_text = rewrite(&text, dates);
        // The copy must still be a valid version file.
        yaml::parse::<VersionFile>(Path::new(name), &new_text)
            .map_err(|d| Failure::Run(Error::Sources(vec![d])))?;
        written.push((to.join(name), new_text));
    }
    fs::create_dir_all(&to).map_err(|e| Error::io(&to, e))?;
    for (path, text) in &written {
        fs::write(path, text).map_err(|e| Error::io(path, e))?;
    }
    let mut files: Vec<String> = written
        .iter()
        .filter_map(|(path, _)| path.file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .collect();
    files.sort();
    let source = format!("{}.yaml", policy.source_locale);
    // The new dates checked as `check` would: a year typo shows now.
    if let Ok(project) = crate::build::Project::load(&args.root) {
        let warnings = crate::checks::dates(&project.site, today);
        let scope = Scope::versions(policy.id.as_str(), [version.as_str()]);
        super::print_diagnostics(&scope.split(&warnings).0);
    }
    eprint!(
        "{}",
        created(
            shown,
            newest.id.as_str(),
            &files,
            &source,
            policy.id.as_str()
        )
    );
    Ok(())
}

/// What `new-version` says it did (the folder `to`, copied from version
/// `from`, with `files` in it), and what to do next.
fn created(to: &Path, from: &str, files: &[String], source: &str, policy: &str) -> String {
    format!(
        "Created {} from version {from} ({}).\n\
         Next: edit the text, and describe the change for readers in {source}:\n\
         \x20 change:\n\
         \x20   summary: ...\n\
         then run `privsite diff {policy}` to see how the change is classified.\n",
        to.display(),
        files.join(", "),
    )
}

/// The text of a copied version file: without its `change:` block, and with
/// new dates in the source locale's file. Comments and layout are kept.
fn rewrite(text: &str, dates: Option<(String, Option<String>)>) -> String {
    let mut out = Vec::new();
    let mut skipping = false;
    for line in text.lines() {
        let top_level = !line.starts_with([' ', '\t', '#']) && !line.trim().is_empty();
        if top_level {
            skipping = false;
        }
        let key = line.split(':').next().unwrap_or_default();
        if top_level && key == "change" {
            skipping = true;
            continue;
        }
        if skipping || (top_level && dates.is_some() && key == "published") {
            continue;
        }
        if top_level
            && key == "effective"
            && let Some((effective, published)) = &dates
        {
            out.push(format!("effective: {effective}"));
            if let Some(published) = published {
                out.push(format!("published: {published}"));
            }
            continue;
        }
        out.push(line.to_owned());
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::{created, rewrite};

    #[test]
    fn says_what_it_made_and_what_comes_next_on_lines_of_their_own() {
        let files = ["en.yaml".to_owned(), "fr.yaml".to_owned()];
        assert_eq!(
            created(
                std::path::Path::new("policies/privacy/2025-06"),
                "2025-01",
                &files,
                "en.yaml",
                "privacy"
            ),
            "Created policies/privacy/2025-06 from version 2025-01 (en.yaml, fr.yaml).
Next: edit the text, and describe the change for readers in en.yaml:
  change:
    summary: ...
then run `privsite diff privacy` to see how the change is classified.
"
        );
    }

    #[test]
    fn copies_without_the_old_change_and_with_new_dates() {
        let old = "# comment\neffective: 2024-01-01\npublished: 2023-12-01\nchange:\n  kind: minor\n  summary: |\n    Old.\nsections:\n  - id: a\n    title: A\n";
        let new = rewrite(old, Some(("2025-01-01".into(), Some("2024-12-01".into()))));
        assert_eq!(
            new,
            "# comment\neffective: 2025-01-01\npublished: 2024-12-01\nsections:\n  - id: a\n    title: A\n"
        );
        let translation = "title: T\nchange:\n  summary: Ancien.\nsections: []\n";
        assert_eq!(rewrite(translation, None), "title: T\nsections: []\n");
    }
}
