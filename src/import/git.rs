//! The history of one file in a git repository (a work tree or a bare
//! one), read with gitoxide: the text of the file as it stood at the last
//! commit of each day on which it changed, and of its translations at
//! that commit.
//!
//! History is read along the first parents from `HEAD`: the commits of
//! the branch as it was published (a merged pull request counts on the
//! day it was merged). A day is the committer's calendar day, in the time
//! zone the commit records.

use std::path::Path;

use gix::bstr::ByteSlice;
use jiff::civil::Date;

use crate::model::Locale;

/// Where the file is, and how translations sit beside it.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The folders before the `{locale}` segment (`""` at the top), or the
    /// whole path when there is none.
    prefix: String,
    /// What follows the `{locale}` segment (`/privacy.md`); `None` when the
    /// path has no `{locale}`.
    suffix: Option<String>,
}

impl Pattern {
    /// Reads `FILE`: a path inside the repository that may hold `{locale}`
    /// as one whole segment.
    pub fn parse(file: &str) -> Result<Pattern, String> {
        let file = file.trim_start_matches("./");
        match file.find("{locale}") {
            None => Ok(Pattern {
                prefix: file.to_owned(),
                suffix: None,
            }),
            Some(at) => {
                let (prefix, rest) = (&file[..at], &file[at + "{locale}".len()..]);
                let whole_segment =
                    (prefix.is_empty() || prefix.ends_with('/')) && rest.starts_with('/');
                if !whole_segment || rest.contains("{locale}") {
                    return Err(format!(
                        "`{file}`: `{{locale}}` must be one whole folder name, once (such as `{{locale}}/privacy.md`)"
                    ));
                }
                Ok(Pattern {
                    prefix: prefix.to_owned(),
                    suffix: Some(rest.to_owned()),
                })
            }
        }
    }

    /// The path of the file in the folder `folder` (the file itself when
    /// there is no `{locale}`).
    pub fn path(&self, folder: &str) -> String {
        match &self.suffix {
            Some(suffix) => format!("{}{folder}{suffix}", self.prefix),
            None => self.prefix.clone(),
        }
    }

    /// Whether the path has a `{locale}` segment.
    pub fn has_locales(&self) -> bool {
        self.suffix.is_some()
    }
}

/// The file as it stood at the end of one day on which it changed.
#[derive(Debug, Clone)]
pub struct Day {
    /// The committer's calendar day.
    pub day: Date,
    /// The day's last commit (its short id).
    pub commit: String,
    /// The source locale's file there, and its text (or why it has none).
    pub source: (String, Result<String, String>),
    /// Each other `{locale}` folder with the file there.
    pub translations: Vec<Translation>,
}

/// The file in another `{locale}` folder at a day's commit.
#[derive(Debug, Clone)]
pub struct Translation {
    /// The folder's name.
    pub folder: String,
    /// The file's path.
    pub path: String,
    /// Its text, or why it has none.
    pub text: Result<String, String>,
}

/// Why the history could not be read.
pub type Problem = String;

/// The days on which the source locale's file (in folder `source_folder`
/// when the pattern has `{locale}`) changed, oldest first.
pub fn history(repo: &Path, pattern: &Pattern, source_folder: &str) -> Result<Vec<Day>, Problem> {
    let repo = gix::open(repo)
        .map_err(|e| format!("this is not a git repository privsite can read ({e})"))?;
    let source_path = pattern.path(source_folder);
    let mut commit = repo
        .head_commit()
        .map_err(|e| format!("the repository has no commit to read at HEAD ({e})"))?;
    // Along the first parents, newest first: each commit's day and the
    // blob of the file there.
    let mut chain = Vec::new();
    loop {
        let time = commit
            .time()
            .map_err(|e| format!("commit {}: {e}", commit.id().shorten_or_id()))?;
        let tree = commit
            .tree()
            .map_err(|e| format!("commit {}: {e}", commit.id().shorten_or_id()))?;
        let blob = tree
            .lookup_entry_by_path(&source_path)
            .map_err(|e| format!("commit {}: {e}", commit.id().shorten_or_id()))?
            .filter(|entry| entry.mode().is_blob())
            .map(|entry| entry.object_id());
        chain.push((commit.id, day_of(time)?, blob));
        let Some(parent) = commit.parent_ids().next() else {
            break;
        };
        commit = parent
            .object()
            .map_err(|e| format!("commit {parent}: {e}"))?
            .try_into_commit()
            .map_err(|e| format!("commit {parent}: {e}"))?;
    }
    chain.reverse();
    // The last commit of each day (a day earlier than the one before, from
    // a clock set wrong or a rebase, counts as that one).
    let mut days: Vec<(gix::ObjectId, Date, Option<gix::ObjectId>)> = Vec::new();
    for (id, day, blob) in chain {
        let day = days.last().map_or(day, |(_, last, _)| day.max(*last));
        match days.last_mut() {
            // A commit that removes the file leaves the day's text as the
            // last commit that had it.
            Some(last) if last.1 == day => {
                if blob.is_some() || last.2.is_none() {
                    *last = (id, day, blob);
                }
            }
            _ => days.push((id, day, blob)),
        }
    }
    let mut out = Vec::new();
    let mut previous = None;
    for (id, day, blob) in days {
        let Some(blob) = blob else {
            continue;
        };
        if previous == Some(blob) {
            continue;
        }
        previous = Some(blob);
        let commit = repo
            .find_commit(id)
            .map_err(|e| format!("commit {id}: {e}"))?;
        let tree = commit.tree().map_err(|e| format!("commit {id}: {e}"))?;
        let short = id.to_hex_with_len(8).to_string();
        let source = (source_path.clone(), text(&repo, blob));
        let translations = if pattern.has_locales() {
            translations(&repo, &tree, pattern, source_folder)?
        } else {
            Vec::new()
        };
        out.push(Day {
            day,
            commit: short,
            source,
            translations,
        });
    }
    Ok(out)
}

fn day_of(time: gix::date::Time) -> Result<Date, Problem> {
    let offset = jiff::tz::Offset::from_seconds(time.offset).map_err(|e| e.to_string())?;
    let at = jiff::Timestamp::from_second(time.seconds).map_err(|e| e.to_string())?;
    Ok(offset.to_datetime(at).date())
}

fn text(repo: &gix::Repository, blob: gix::ObjectId) -> Result<String, String> {
    let blob = repo.find_blob(blob).map_err(|e| e.to_string())?;
    String::from_utf8(blob.data.clone()).map_err(|_| "the file is not UTF-8 text".to_owned())
}

/// Every folder beside the source's (at the `{locale}` segment) that holds
/// the file, with its text.
fn translations(
    repo: &gix::Repository,
    tree: &gix::Tree<'_>,
    pattern: &Pattern,
    source_folder: &str,
) -> Result<Vec<Translation>, Problem> {
    let parent = pattern.prefix.trim_end_matches('/');
    let folder = if parent.is_empty() {
        Some(tree.clone())
    } else {
        tree.lookup_entry_by_path(parent)
            .map_err(|e| e.to_string())?
            .filter(|e| e.mode().is_tree())
            .map(|e| {
                e.object()
                    .map_err(|e| e.to_string())?
                    .try_into_tree()
                    .map_err(|e| e.to_string())
            })
            .transpose()?
    };
    let Some(folder) = folder else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for entry in folder.iter() {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.filename().to_str_lossy().into_owned();
        if !entry.mode().is_tree() || name == source_folder || name.starts_with('.') {
            continue;
        }
        let path = pattern.path(&name);
        let found = tree
            .lookup_entry_by_path(&path)
            .map_err(|e| e.to_string())?;
        if let Some(file) = found.filter(|e| e.mode().is_blob()) {
            out.push(Translation {
                text: text(repo, file.object_id()),
                folder: name,
                path,
            });
        }
    }
    Ok(out)
}

/// The privsite locale a `{locale}` folder name stands for (`pt-BR`,
/// `pt_BR`, `zh-TW`), or why it is none.
pub fn locale_of(folder: &str) -> Result<Locale, String> {
    Locale::parse(&folder.replace('_', "-"))
}

#[cfg(test)]
mod tests;
