//! From texts found (a git history, Markdown files) to the files an import
//! writes: version ids and dates, sections with carried ids, translations,
//! and `policy.yaml`/`site.yaml` when missing. Pure: it reads what is on
//! disk only through [`Existing`], and writes nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::markdown::Document;
use super::outline::{self, Earlier};
use crate::diagnostics::{Diagnostic, Origin, Pos};
use crate::model::Locale;
use crate::source::yaml::edit::{Outline, TranslationEdits};
use crate::source::yaml::write::{NewSection, NewVersion};

/// One version the import found: a day of a git history or a file.
#[derive(Debug, Clone)]
pub struct Found {
    /// The version id (`YYYY-MM-DD`).
    pub id: String,
    /// For git: the day it was committed (`published`); `None` for a file.
    pub published: Option<Date>,
    /// Where the text comes from, as messages name it
    /// (`COMMIT:PATH` or the file's path).
    pub origin: String,
    /// The source locale's text.
    pub doc: Document,
    /// Translations: locale, where from, text.
    pub translations: Vec<(Locale, String, Document)>,
}

/// A version already in the project: its dates and sections.
#[derive(Debug, Clone)]
pub struct Kept {
    /// `effective`.
    pub effective: Option<Date>,
    /// Its sections, flat.
    pub sections: Vec<Earlier>,
}

/// What is on disk already.
#[derive(Debug, Default, Clone)]
pub struct Existing {
    /// The policy's versions by id.
    pub versions: BTreeMap<String, Kept>,
    /// Whether `policy.yaml` is there (then it is not written).
    pub has_policy: bool,
    /// Whether `site.yaml` is there.
    pub has_site: bool,
    /// The policy's title, when `policy.yaml` gives it.
    pub policy_title: Option<String>,
}

/// What to write, relative to the project folder.
#[derive(Debug, Default)]
pub struct Plan {
    /// New files, in the order to write them: version files grouped by
    /// folder, then `policy.yaml`, then `site.yaml`.
    pub files: Vec<(PathBuf, String)>,
    /// The versions written, by id.
    pub new_versions: Vec<String>,
    /// The versions left as they are (already in the project).
    pub kept_versions: Vec<String>,
    /// Things to tell the author (warnings).
    pub notes: Vec<Diagnostic>,
}

/// What the plan needs besides the versions.
pub struct Settings<'a> {
    /// The policy id.
    pub policy: &'a str,
    /// The source locale.
    pub locale: &'a Locale,
    /// `--owner`.
    pub owner: Option<&'a str>,
    /// `--fold-corrections`.
    pub fold: bool,
}

/// A version in the order of the history: one already in the project, or
/// one to write from a text found.
enum Step<'f> {
    Kept(Date, Vec<Earlier>),
    New {
        /// The text.
        found: &'f Found,
        /// The version id and `published` (an earlier text's, when this
        /// one corrects it).
        id: String,
        published: Option<Date>,
        effective: Date,
    },
}

/// The files for `found` (oldest first) in a project holding `existing`,
/// or every problem found.
pub fn plan(
    found: &[Found],
    existing: &Existing,
    settings: &Settings<'_>,
) -> Result<Plan, Vec<Diagnostic>> {
    let mut plan = Plan::default();
    let mut problems = Vec::new();
    let policy_title = existing
        .policy_title
        .clone()
        .or_else(|| found.iter().rev().find_map(|f| f.doc.title.clone()))
        .unwrap_or_else(|| settings.policy.to_owned());
    let steps = dated(found, existing, settings.fold, &mut plan, &mut problems);
    let mut earlier: Vec<Earlier> = Vec::new();
    // Each translation's text and the ids its headings got, in the version
    // before: a translation that did not change keeps them.
    let mut aligned_before: BTreeMap<Locale, (&Document, outline::Pairs)> = BTreeMap::new();
    let mut seen_notes = std::collections::HashSet::new();
    for step in steps {
        let (f, id, published, effective) = match step {
            Step::Kept(_, sections) => {
                earlier = sections;
                continue;
            }
            Step::New {
                found,
                id,
                published,
                effective,
            } => (found, id, published, effective),
        };
        for note in &f.doc.notes {
            if seen_notes.insert(note.message.clone()) {
                plan.notes
                    .push(Diagnostic::warning(at(&f.origin, note.line), &note.message));
            }
        }
        let (sections, order) = outline::sections(&f.doc, &earlier);
        let folder = PathBuf::from("policies").join(settings.policy).join(&id);
        let title = f.doc.title.clone().filter(|t| *t != policy_title);
        let version = NewVersion {
            title,
            effective: Some(effective.to_string()),
            published: published.filter(|p| *p != effective).map(|p| p.to_string()),
            sections: sections.clone(),
        };
        let file = folder.join(format!("{}.yaml", settings.locale));
        match crate::source::yaml::write::version_file(&file, &version) {
            Ok(text) => plan.files.push((file, provenance(&f.origin, &text))),
            Err(d) => problems.push(d),
        }
        let outline_of = outline_map(&sections);
        // The introduction is the first section, when there is one.
        let intro = (!f.doc.intro.trim().is_empty()).then(|| order[0].as_str());
        for (locale, origin, doc) in &f.translations {
            let before = aligned_before
                .get(locale)
                .map(|(then, pairs)| (*then, pairs.as_slice()));
            let pairs = outline::translation_ids(doc, &sections, &f.doc, &order, before);
            let Some(pairs) = pairs else {
                plan.notes.push(
                    Diagnostic::warning(Origin::file(origin), format!("this translation was left out of version {id}: its headings do not match the source's ({} here, {} in the source)", doc.parts.len(), f.doc.parts.len()))
                        .with_help("translate the version later (privsite xliff export), or import a commit where the translation follows the source"),
                );
                continue;
            };
            let texts = outline::translated(doc, &pairs, intro);
            aligned_before.insert(locale.clone(), (doc, pairs));
            let edits = TranslationEdits {
                title: doc.title.clone(),
                sections: texts,
                ..TranslationEdits::default()
            };
            let file = folder.join(format!("{locale}.yaml"));
            match crate::source::yaml::edit::write_translation(&file, None, &edits, &outline_of) {
                Ok(text) => plan.files.push((file, provenance(origin, &text))),
                Err(d) => problems.push(d),
            }
        }
        plan.new_versions.push(id);
        earlier = flat(&sections);
    }
    if !existing.has_policy {
        let owner = settings.owner.unwrap_or(crate::model::PLACEHOLDER_OWNER);
        let file = PathBuf::from("policies")
            .join(settings.policy)
            .join("policy.yaml");
        let fields = [
            ("title", policy_title.as_str()),
            ("owner", owner),
            ("source_locale", settings.locale.as_str()),
        ];
        match crate::source::yaml::write::settings_file(&file, &fields) {
            Ok(text) => plan.files.push((file, text)),
            Err(d) => problems.push(d),
        }
    }
    if !existing.has_site {
        let file = PathBuf::from("policies").join("site.yaml");
        let title = settings.owner.unwrap_or(&policy_title);
        let fields = [
            ("title", title),
            ("base_url", PLACEHOLDER_BASE_URL),
            ("default_locale", settings.locale.as_str()),
        ];
        match crate::source::yaml::write::settings_file(&file, &fields) {
            Ok(text) => plan.files.push((file, text)),
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        Ok(plan)
    } else {
        Err(problems)
    }
}

/// The address a new `site.yaml` gets until the author sets the real one.
pub const PLACEHOLDER_BASE_URL: &str = "https://example.com/";

/// Whether two texts read the same: title, introduction and every heading
/// with its text (the dates they state and the notes aside).
pub(super) fn same_text(a: &Document, b: &Document) -> bool {
    let shown = |d: &Document| -> Vec<(u8, String, String, String)> {
        d.parts
            .iter()
            .map(|p| (p.level, p.title.clone(), p.anchor.clone(), p.body.clone()))
            .collect()
    };
    a.title == b.title && a.intro == b.intro && shown(a) == shown(b)
}

/// `text` (a version file) with a first comment line that says where it
/// was imported from, for the author (and `git show COMMIT:PATH`).
fn provenance(origin: &str, text: &str) -> String {
    format!(
        "# Imported by privsite from {}\n{text}",
        origin.replace('\n', " ")
    )
}

/// `origin` (`COMMIT:PATH` or a path) at `line`.
pub fn at(origin: &str, line: usize) -> Origin {
    Origin::at(
        Path::new(origin),
        Some(Pos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: 1,
        }),
    )
}

/// Every section of `sections` at any depth, for the next version.
fn flat(sections: &[NewSection]) -> Vec<Earlier> {
    let mut out = Vec::new();
    for s in sections {
        out.push(Earlier {
            id: s.id.clone(),
            aliases: s.aliases.clone(),
            body: s.body.clone().unwrap_or_default(),
        });
        out.extend(flat(&s.sections));
    }
    out
}

/// Where each section sits, for writing translations in the source's shape.
fn outline_map(sections: &[NewSection]) -> Outline {
    fn walk(list: &[NewSection], parent: Option<&str>, out: &mut Outline) {
        for s in list {
            let n = out.len();
            out.insert(s.id.clone(), (parent.map(str::to_owned), n));
            walk(&s.sections, Some(&s.id), out);
        }
    }
    let mut out = Outline::new();
    walk(sections, None, &mut out);
    out
}

/// Each version's effective date, in the history's order: a file's is the
/// date it states; a day's is the date its text states when later than
/// the version before's, else the day itself. A version that would not
/// take effect after the one before is a problem, unless `fold` says that
/// a text changed on or before the day the version before takes effect
/// corrects that version (then it replaces that version's text).
fn dated<'f>(
    found: &'f [Found],
    existing: &Existing,
    fold: bool,
    plan: &mut Plan,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Step<'f>> {
    let mut steps: Vec<Step<'f>> = Vec::new();
    let mut last_text: Option<&Document> = None;
    for f in found {
        // A day on which only the front matter or the date line changed
        // changed nothing a reader sees: no version.
        if last_text.is_some_and(|last| same_text(last, &f.doc)) {
            continue;
        }
        last_text = Some(&f.doc);
        if let Some(kept) = existing.versions.get(&f.id) {
            plan.kept_versions.push(f.id.clone());
            if let Some(effective) = kept.effective {
                steps.push(Step::Kept(effective, kept.sections.clone()));
            }
            continue;
        }
        let previous = steps.last().map(|s| match s {
            Step::Kept(day, _) | Step::New { effective: day, .. } => *day,
        });
        let stated = f.doc.date;
        let effective = match (f.published, stated, previous) {
            (None, Some(day), _) => day,
            (None, None, _) => {
                problems.push(
                    Diagnostic::error(Origin::file(&f.origin), "this text states no date, so privsite cannot tell when it took effect")
                        .with_help("add a line such as `Effective date: July 20, 2023` (or a `date:` in its front matter) and import it again"),
                );
                continue;
            }
            (Some(_), Some(s), Some(before)) if s > before => s,
            (Some(_), Some(s), None) => s,
            (Some(day), _, _) => day,
        };
        let Some(before) = previous.filter(|before| effective <= *before) else {
            steps.push(Step::New {
                found: f,
                id: f.id.clone(),
                published: f.published,
                effective,
            });
            continue;
        };
        let from = match steps.last() {
            Some(Step::New { found, .. }) => found.origin.clone(),
            _ => "a version already in the project".to_owned(),
        };
        let correction = f.published.is_some_and(|day| day <= before);
        if let (
            true,
            true,
            Some(Step::New {
                found: last, id, ..
            }),
        ) = (fold, correction, steps.last_mut())
        {
            plan.notes.push(
                Diagnostic::warning(
                    Origin::file(&f.origin),
                    format!("this text corrects {from} before it takes effect on {before}: version {id} gets this text (--fold-corrections)"),
                ),
            );
            // The corrected text, under the earlier version's id and day.
            *last = f;
            continue;
        }
        if fold && correction && matches!(steps.last(), Some(Step::Kept(..))) {
            // A correction of a version already in the project: that
            // version stays as it is (an earlier import folded it in, or
            // the author has the last word).
            plan.notes.push(Diagnostic::warning(
                Origin::file(&f.origin),
                format!("this text corrects {from} before it takes effect on {before}; that version is already in the project and is left as it is"),
            ));
            continue;
        }
        let said = stated.map_or_else(String::new, |s| format!(" (its text states {s})"));
        let help = if correction {
            "this text changed before the version before it took effect: if it corrects that version, import again with --fold-corrections (the corrected text replaces that version's); else give it its own effective date in the repository"
        } else {
            "give the text its own effective date in the repository, or import from a commit before it; versions are ordered by `effective`"
        };
        problems.push(
            Diagnostic::error(
                Origin::file(&f.origin),
                format!("this text would take effect on {effective}{said}, but the version before it ({from}) already takes effect on {before}: two versions cannot take effect on the same day, and a later one cannot take effect first"),
            )
            .with_help(help),
        );
    }
    steps
}
