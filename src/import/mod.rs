//! `privsite import`: an existing policy brought in with its history, from
//! a git repository (one version per day its text changed) or from
//! Markdown files (one version each).
//!
//! The flow is the folder layout: `git.rs` reads a history with gitoxide,
//! `markdown.rs` splits a text (after `markup.rs` has read its front
//! matter, Liquid and kramdown markup; `dates.rs` finds the date it
//! states; `slug.rs` makes the anchors its site gave the headings),
//! `outline.rs` makes privsite sections of it with ids carried across
//! versions, `plan.rs` decides every file to write. This module reads what
//! is there already, checks the project as it would be (the same loader
//! `check` uses, in memory), and only then writes, each version folder
//! whole (staged in a hidden folder, then renamed into place). Nothing is
//! written when any problem is found, and no existing file is touched.

pub mod dates;
pub mod git;
pub mod markdown;
pub mod markup;
pub mod outline;
pub mod plan;
pub mod slug;

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Origin};
use crate::error::Error;
use crate::model::Locale;
use crate::source::raw;
use markdown::Role;
use plan::{Existing, Found, Kept, Settings};

/// Where the texts come from.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file's history in a git repository.
    Git {
        /// The repository (a work tree or a bare one).
        repo: PathBuf,
        /// The path in it, maybe with `{locale}`.
        file: String,
    },
    /// Markdown files, one version each.
    Markdown(Vec<PathBuf>),
}

/// How to import.
#[derive(Debug, Clone)]
pub struct Options {
    /// The project folder (holding `policies/`).
    pub root: PathBuf,
    /// The policy id (default: made from the title).
    pub policy: Option<String>,
    /// Who issues the policy, for a new `policy.yaml`.
    pub owner: Option<String>,
    /// The source locale (default: the policy's, else the site's, else `en`).
    pub locale: Option<String>,
    /// The rule the original site made heading anchors with.
    pub slugs: slug::Rule,
    /// A text changed before the version before it took effect, with the
    /// same effective date, corrects that version (instead of being a
    /// problem).
    pub fold_corrections: bool,
    /// The site the policy was published on: links that start with one
    /// `/` are made absolute against it.
    pub link_base: Option<url::Url>,
    /// List what would be written, write nothing.
    pub dry_run: bool,
}

/// What an import did (or, with `--dry-run`, would do).
#[derive(Debug, Default)]
pub struct Report {
    /// The policy imported into.
    pub policy: String,
    /// The files written, relative to the project folder.
    pub files: Vec<PathBuf>,
    /// The versions added.
    pub new_versions: Vec<String>,
    /// The versions found that the project has already (left as they are).
    pub kept_versions: Vec<String>,
    /// Warnings: markup dropped, translations left out, and the project's
    /// own warnings as `check` would give them.
    pub warnings: Vec<Diagnostic>,
    /// Whether a new `site.yaml` was written (its `base_url` to be set).
    pub new_site: bool,
    /// Whether a new `policy.yaml` has the placeholder owner.
    pub placeholder_owner: bool,
}

/// Imports `input` into the project at `options.root`.
pub fn run(input: &Input, options: &Options) -> Result<Report, Error> {
    let root = &options.root;
    let site = read_raw::<raw::SiteFile>(root, "policies/site.yaml")?;
    let mut warnings = Vec::new();
    let found_locale = options
        .locale
        .clone()
        .or_else(|| {
            site.as_ref()
                .and_then(|s| s.default_locale.as_ref().map(|l| l.value.clone()))
        })
        .unwrap_or_else(|| "en".to_owned());
    let locale = Locale::parse(&found_locale).map_err(Error::Usage)?;
    let mut found = match input {
        Input::Git { repo, file } => from_git(repo, file, &locale, options.slugs, &mut warnings)?,
        Input::Markdown(files) => from_files(files, options.slugs)?,
    };
    if let Some(base) = &options.link_base {
        for f in &mut found {
            f.doc.with_link_base(base);
            for (_, _, doc) in &mut f.translations {
                doc.with_link_base(base);
            }
        }
    }
    let policy = match &options.policy {
        Some(id) => crate::model::PolicyId::parse(id)
            .map_err(|e| Error::Usage(format!("--policy: {e}")))?
            .as_str()
            .to_owned(),
        None => default_policy_id(input, &found),
    };
    let existing = existing(root, &policy)?;
    let settings = Settings {
        policy: &policy,
        locale: &locale,
        owner: options.owner.as_deref(),
        fold: options.fold_corrections,
    };
    let plan = plan::plan(&found, &existing, &settings).map_err(Error::Sources)?;
    warnings.extend(plan.notes.iter().cloned());

    // The project as it would be, checked by the loader `check` uses.
    let mut files = crate::source::Files::read(root);
    for (path, text) in &plan.files {
        files.write(path, text.as_bytes());
    }
    match crate::build::Project::from_files(&files) {
        Ok(project) => warnings.extend(project.warnings),
        Err(Error::Sources(problems)) => {
            warnings.extend(problems);
            return Err(Error::Sources(warnings));
        }
        Err(other) => return Err(other),
    }
    let report = Report {
        policy: policy.clone(),
        files: plan.files.iter().map(|(p, _)| p.clone()).collect(),
        new_versions: plan.new_versions.clone(),
        kept_versions: plan.kept_versions.clone(),
        warnings,
        new_site: !existing.has_site,
        placeholder_owner: !existing.has_policy && options.owner.is_none(),
    };
    if !options.dry_run {
        write(root, &policy, &plan.files)?;
    }
    Ok(report)
}

/// The versions of a git history: the source text of each day it changed,
/// and the translations beside it.
fn from_git(
    repo: &Path,
    file: &str,
    locale: &Locale,
    rule: slug::Rule,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<Found>, Error> {
    let pattern = git::Pattern::parse(file).map_err(Error::Usage)?;
    let source_folder = locale.as_str();
    let days = git::history(repo, &pattern, source_folder).map_err(|message| {
        Error::Sources(vec![Diagnostic::error(Origin::file(repo), message)
            .with_help("give the folder of a git repository (a work tree or a bare one) and a file path inside it")])
    })?;
    if days.is_empty() {
        return Err(Error::Sources(vec![Diagnostic::error(
            Origin::file(repo),
            format!("no commit on the current branch has the file `{}`", pattern.path(source_folder)),
        )
        .with_help("check the path (it is inside the repository, with `/`); with `{locale}`, the source locale's folder must be named like --locale")]));
    }
    let mut problems = Vec::new();
    let mut unknown = std::collections::BTreeSet::new();
    let mut found = Vec::new();
    for day in days {
        let origin = format!("{}:{}", day.commit, day.source.0);
        let text = match &day.source.1 {
            Ok(text) => text,
            Err(why) => {
                problems.push(Diagnostic::error(Origin::file(&origin), why.clone()));
                continue;
            }
        };
        let doc = match markdown::split(text, rule, Role::Source) {
            Ok(doc) => doc,
            Err(why) => {
                problems.push(unreadable(&origin, why));
                continue;
            }
        };
        let mut translations = Vec::new();
        for git::Translation { folder, path, text } in &day.translations {
            let origin = format!("{}:{path}", day.commit);
            let tag = match git::locale_of(folder) {
                Ok(tag) => tag,
                Err(why) => {
                    if unknown.insert(folder.clone()) {
                        warnings.push(
                            Diagnostic::warning(Origin::file(&origin), format!("the folder `{folder}` is not a locale privsite knows, so its file was left out: {why}"))
                                .with_help("rename the folder in the repository to a BCP 47 tag (`pt-BR`, `zh-TW`), or leave it out"),
                        );
                    }
                    continue;
                }
            };
            if tag == *locale {
                continue;
            }
            match text
                .as_ref()
                .map_err(Clone::clone)
                .and_then(|t| markdown::split(t, rule, Role::Translation))
            {
                Ok(doc) => translations.push((tag, origin, doc)),
                Err(why) => warnings.push(
                    unreadable(&origin, why)
                        .with_help("this translation was left out of the version"),
                ),
            }
        }
        found.push(Found {
            id: day.day.to_string(),
            published: Some(day.day),
            origin,
            doc,
            translations,
        });
    }
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(Error::Sources(problems))
    }
}

fn unreadable(origin: &str, why: String) -> Diagnostic {
    let mut d = Diagnostic::error(
        Origin::file(origin),
        format!("this text cannot be read as a policy: {why}"),
    );
    d.severity = crate::diagnostics::Severity::Error;
    d.with_help("fix the file in the repository (or import from a commit after the fix)")
}

/// The versions of Markdown files: each one version, dated by the date its
/// text states.
fn from_files(files: &[PathBuf], rule: slug::Rule) -> Result<Vec<Found>, Error> {
    let mut problems = Vec::new();
    let mut found: Vec<Found> = Vec::new();
    for path in files {
        let shown = path.display().to_string();
        let text = match crate::source::read_file(Path::new(""), path) {
            Ok(file) => file.text,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        let doc = match markdown::split(&text, rule, Role::Source) {
            Ok(doc) => doc,
            Err(why) => {
                problems.push(unreadable(&shown, why));
                continue;
            }
        };
        let Some(day) = doc.date else {
            problems.push(
                Diagnostic::error(Origin::file(&shown), "this text states no date, so privsite cannot tell when it took effect")
                    .with_help("add a line such as `Effective date: July 20, 2023` (or `date:` in its front matter), then import it again"),
            );
            continue;
        };
        if let Some(same) = found.iter().find(|f| f.id == day.to_string()) {
            problems.push(
                Diagnostic::error(Origin::file(&shown), format!("this text states the same date as {} ({day}): two versions cannot take effect on the same day", same.origin))
                    .with_help("import one of the two, or correct the date one of them states"),
            );
            continue;
        }
        found.push(Found {
            id: day.to_string(),
            published: None,
            origin: shown,
            doc,
            translations: Vec::new(),
        });
    }
    found.sort_by(|a, b| a.id.cmp(&b.id));
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(Error::Sources(problems))
    }
}

/// The policy id made from the newest title, else from the file's name.
fn default_policy_id(input: &Input, found: &[Found]) -> String {
    let stem = match input {
        Input::Git { file, .. } => Path::new(file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned()),
        Input::Markdown(files) => files
            .first()
            .and_then(|f| f.file_stem())
            .map(|s| s.to_string_lossy().into_owned()),
    };
    found
        .iter()
        .rev()
        .find_map(|f| f.doc.title.as_deref())
        .or(stem.as_deref())
        .map(crate::model::suggest_id)
        .filter(|id| {
            crate::model::id_problem(id).is_none()
                && !crate::outputs::paths::PagePath::is_taken_at_the_top(id)
        })
        .unwrap_or_else(|| "privacy".to_owned())
}

/// A settings file of the project, read when it is there.
fn read_raw<T: serde::de::DeserializeOwned + Send>(
    root: &Path,
    path: &str,
) -> Result<Option<T>, Error> {
    let full = root.join(path);
    if !full.exists() {
        return Ok(None);
    }
    let file = crate::source::read_file(root, &full).map_err(|d| Error::Sources(vec![d]))?;
    crate::source::yaml::parse(&file.path, &file.text)
        .map(Some)
        .map_err(|d| Error::Sources(vec![d]))
}

/// The policy's versions and settings as they are on disk.
fn existing(root: &Path, policy: &str) -> Result<Existing, Error> {
    let dir = root.join("policies").join(policy);
    let policy_file = read_raw::<raw::PolicyFile>(root, &format!("policies/{policy}/policy.yaml"))?;
    let mut out = Existing {
        has_policy: policy_file.is_some(),
        has_site: root.join("policies/site.yaml").exists(),
        policy_title: policy_file.as_ref().map(|p| p.title.value.clone()),
        ..Existing::default()
    };
    let source = policy_file
        .and_then(|p| p.source_locale.map(|l| l.value))
        .unwrap_or_default();
    let Ok(entries) = fs::read_dir(&dir) else {
        return Ok(out);
    };
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(&dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !entry.path().is_dir() || name.starts_with('.') {
            continue;
        }
        // The source file, when it reads: its dates and sections carry
        // into the next version. A version that does not read is kept
        // as it is all the same; `check` reports it.
        let file = format!(
            "policies/{policy}/{name}/{}.yaml",
            if source.is_empty() { "en" } else { &source }
        );
        let version = read_raw::<raw::VersionFile>(root, &file).ok().flatten();
        let kept = Kept {
            effective: version
                .as_ref()
                .and_then(|v| v.effective.as_ref())
                .and_then(|e| crate::model::parse_date(&e.value).ok()),
            sections: version.map(|v| earlier(&v.sections)).unwrap_or_default(),
        };
        out.versions.insert(name, kept);
    }
    Ok(out)
}

fn earlier(sections: &[raw::Section]) -> Vec<outline::Earlier> {
    let mut out = Vec::new();
    for s in sections {
        out.push(outline::Earlier {
            id: s.id.value.clone(),
            aliases: s.aliases.iter().map(|a| a.value.clone()).collect(),
            body: s.body.as_ref().map(|b| b.value.clone()).unwrap_or_default(),
        });
        out.extend(earlier(&s.sections));
    }
    out
}

/// Writes the plan: the new version folders staged whole in a hidden folder
/// of the policy (which privsite does not read), each renamed into place;
/// then `policy.yaml` and `site.yaml`, each written whole.
fn write(root: &Path, policy: &str, files: &[(PathBuf, String)]) -> Result<(), Error> {
    let policy_dir = root.join("policies").join(policy);
    let staging = policy_dir.join(".privsite-import");
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
    }
    let mut folders = Vec::new();
    let mut settings = Vec::new();
    for (path, text) in files {
        let in_version = path
            .parent()
            .filter(|p| p.parent() == Some(Path::new("policies").join(policy).as_path()));
        match in_version {
            Some(folder) => {
                let name = folder.file_name().expect("a version folder").to_owned();
                let staged = staging.join(&name);
                fs::create_dir_all(&staged).map_err(|e| Error::io(&staged, e))?;
                let file = staged.join(path.file_name().expect("a file"));
                fs::write(&file, text).map_err(|e| Error::io(&file, e))?;
                if !folders.contains(&name) {
                    folders.push(name);
                }
            }
            None => settings.push((root.join(path), text)),
        }
    }
    for name in &folders {
        let to = policy_dir.join(name);
        fs::rename(staging.join(name), &to).map_err(|e| Error::io(&to, e))?;
    }
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
    }
    for (path, text) in settings {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        crate::write::whole(&path, text.as_bytes()).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}
