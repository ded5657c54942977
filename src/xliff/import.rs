//! Bringing a translated XLIFF file back: each unit's target checked
//! against what was exported and written into the version's
//! `<locale>.yaml` (see [`crate::source::yaml::edit`] for how the file
//! keeps its layout).
//!
//! The rules:
//! - A file whose source text no longer matches the project (the original
//!   was edited since the export) is refused: every unit that differs is
//!   named, and nothing is written. The translator's work is kept in the
//!   XLIFF file; export again and let the tool carry it over.
//! - Tags come back unchanged, and what they make survives: the blocks of
//!   the source (paragraphs, list items, table rows...) and where its
//!   links lead (see [`markdown_kept`]). Markdown, link targets and code
//!   are not the translator's to edit, and a lost tag would break the page.
//! - A target that differs from the translation in the file is written.
//!   A target equal to the source in a state that says it was never
//!   translated (`new`, `needs-translation`) is a tool's pre-filled copy,
//!   not a translation, and is left out.
//! - An out-of-date unit that comes back unchanged but reviewed (state
//!   `translated`, `final` or `signed-off`, or `approved="yes"`) is
//!   confirmed. When every out-of-date section is confirmed or translated
//!   anew, the file gets `translated_from: <this version>`: it was checked
//!   against this version of the original.
//! - An empty target, or a unit left out, changes nothing: an import never
//!   deletes a translation.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::markdown::shape;
use super::read::{self, Inline};
use super::{State, Unit, units};
use crate::diagnostics::{Diagnostic, Origin};
use crate::diff::OutOfDate;
use crate::model::{Locale, Policy, Section, Site, Version};
use crate::source::yaml::edit::{self, Outline, TranslationEdits};

/// What importing one `<file>` of an XLIFF document does.
#[derive(Debug)]
pub struct Plan {
    /// The translation file, relative to the project folder.
    pub file: PathBuf,
    /// Its new contents, when they change.
    pub text: Option<String>,
    /// Whether the file is new.
    pub created: bool,
    /// What the import found, unit by unit.
    pub report: Report,
}

/// What an import found, by unit id.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The policy and version.
    pub policy: String,
    /// The version.
    pub version: String,
    /// The locale.
    pub locale: String,
    /// Units whose translation is written (new or changed).
    pub written: Vec<String>,
    /// Out-of-date units confirmed unchanged by a reviewer.
    pub confirmed: Vec<String>,
    /// Out-of-date units that came back unchanged and not reviewed.
    pub still_out_of_date: Vec<String>,
    /// Units with no translation yet, before and after.
    pub untranslated: Vec<String>,
    /// The `translated_from` written, if one is.
    pub translated_from: Option<String>,
}

/// The reviewed states of XLIFF 1.2.
const REVIEWED: [&str; 3] = ["translated", "final", "signed-off"];

/// The states that say a target was never translated.
const UNTRANSLATED: [&str; 2] = ["new", "needs-translation"];

/// How to read a translation file as it is now (`None`: there is none).
pub(crate) type ReadFile<'a> = dyn Fn(&Path) -> Result<Option<String>, Diagnostic> + 'a;

/// Plans the import of `doc`, read from `xliff` (named in problems), into
/// the project `site`. Every problem is found before anything is planned
/// to be written; with a problem, nothing is.
pub fn plan(
    xliff: &Path,
    doc: &read::Document,
    site: &Site,
    out_of_date: &OutOfDate,
    read_file: &ReadFile<'_>,
) -> Result<Vec<Plan>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut plans = Vec::new();
    let mut targets = HashSet::new();
    if doc.files.is_empty() {
        problems.push(Diagnostic::error(
            Origin::file(xliff),
            "this XLIFF file has no <file> element: there is nothing to import",
        ));
    }
    for file in &doc.files {
        let at = |pos| Origin::at(xliff, Some(pos));
        let Some((policy, version, locale)) = find(xliff, file, site, &mut problems) else {
            continue;
        };
        let path = Path::new("policies")
            .join(policy.id.as_str())
            .join(version.id.as_str())
            .join(format!("{locale}.yaml"));
        if !targets.insert(path.clone()) {
            problems.push(Diagnostic::error(
                at(file.pos),
                format!(
                    "a second <file> for {} in `{locale}`: each version and locale may come once",
                    version.id
                ),
            ));
            continue;
        }
        let expected = units(policy, version, &locale, out_of_date);
        let (edits, report) = match compare(xliff, file, &expected, &mut problems) {
            Some(found) => found,
            None => continue,
        };
        let mut report = Report {
            policy: policy.id.as_str().to_owned(),
            version: version.id.as_str().to_owned(),
            locale: locale.to_string(),
            ..report
        };
        let mut edits = edits;
        let stale: Vec<&Unit<'_>> = expected
            .iter()
            .filter(|u| u.state == State::OutOfDate)
            .collect();
        let settled =
            |u: &&Unit<'_>| report.confirmed.contains(&u.id) || report.written.contains(&u.id);
        let current_from = version
            .translations
            .get(&locale)
            .and_then(|t| t.translated_from.as_ref())
            .map(|f| f.version.as_str());
        if !report.confirmed.is_empty()
            && stale.iter().all(settled)
            && current_from != Some(version.id.as_str())
        {
            edits.translated_from = Some(version.id.as_str().to_owned());
            report.translated_from = edits.translated_from.clone();
        }
        let before = match read_file(&path) {
            Ok(text) => text,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let text = if edits.is_empty() {
            None
        } else {
            match edit::write_translation(&path, before.as_deref(), &edits, &outline(version)) {
                Ok(text) => (before.as_deref() != Some(text.as_str())).then_some(text),
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            }
        };
        plans.push(Plan {
            created: before.is_none() && text.is_some(),
            file: path,
            text,
            report,
        });
    }
    if problems.is_empty() {
        Ok(plans)
    } else {
        problems.sort_by(|a, b| a.origin.cmp(&b.origin));
        Err(problems)
    }
}

/// The policy, version and locale a `<file>` is for, from its `original`
/// (`policies/<policy>/<version>/<source locale>.yaml`, as exported) and
/// its `target-language`.
fn find<'s>(
    xliff: &Path,
    file: &read::File,
    site: &'s Site,
    problems: &mut Vec<Diagnostic>,
) -> Option<(&'s Policy, &'s Version, Locale)> {
    let origin = Origin::at(xliff, Some(file.pos));
    let Some((policy_id, version_id, name)) = file.names() else {
        problems.push(
            Diagnostic::error(
                origin,
                format!(
                    "<file original=\"{}\"> does not name a version of a policy",
                    file.original
                ),
            )
            .with_help(
                "privsite exports `policies/<policy>/<version>/<locale>.yaml` there: import files that `privsite xliff export` wrote",
            ),
        );
        return None;
    };
    let Some(policy) = site.policies.iter().find(|p| p.id.as_str() == policy_id) else {
        let known: Vec<&str> = site.policies.iter().map(|p| p.id.as_str()).collect();
        problems.push(Diagnostic::error(
            origin,
            format!(
                "this file is for the policy `{policy_id}`, which the project does not have (it has {})",
                known.join(", ")
            ),
        ));
        return None;
    };
    let Some(version) = policy.versions.iter().find(|v| v.id.as_str() == version_id) else {
        problems.push(Diagnostic::error(
            origin,
            format!(
                "this file is for version `{version_id}` of `{}`, which the project does not have",
                policy.id
            ),
        ));
        return None;
    };
    let source = format!("{}.yaml", policy.source_locale);
    if name != source || file.source_language != policy.source_locale.as_str() {
        problems.push(Diagnostic::error(
            origin,
            format!(
                "this file translates from `{}`, but the source locale of `{}` is `{}`",
                file.source_language, policy.id, policy.source_locale
            ),
        ));
        return None;
    }
    let locale = match Locale::parse(&file.target_language) {
        Ok(locale) => locale,
        Err(problem) => {
            problems.push(Diagnostic::error(
                origin,
                format!(
                    "the target-language `{}` is not a locale: {problem}",
                    file.target_language
                ),
            ));
            return None;
        }
    };
    if locale == policy.source_locale {
        problems.push(Diagnostic::error(
            origin,
            format!(
                "the target-language is `{locale}`, the source locale itself: there is nothing to import"
            ),
        ));
        return None;
    }
    Some((policy, version, locale))
}

/// The edits a `<file>`'s units ask for, and what was found, checked
/// against the units as they are now (`expected`).
fn compare(
    xliff: &Path,
    file: &read::File,
    expected: &[Unit<'_>],
    problems: &mut Vec<Diagnostic>,
) -> Option<(TranslationEdits, Report)> {
    let by_id: HashMap<&str, &Unit<'_>> = expected.iter().map(|u| (u.id.as_str(), u)).collect();
    let mut seen = HashSet::new();
    let mut edits = TranslationEdits::default();
    let mut report = Report::default();
    let before = problems.len();
    for unit in &file.units {
        let at = Origin::at(xliff, Some(unit.pos));
        if !seen.insert(unit.id.as_str()) {
            problems.push(Diagnostic::error(
                at,
                format!("unit `{}` comes twice", unit.id),
            ));
            continue;
        }
        let Some(now) = by_id.get(unit.id.as_str()) else {
            problems.push(
                Diagnostic::error(
                    at,
                    format!("unit `{}`: this version has no such text", unit.id),
                )
                .with_help(
                    "the section was removed or renamed in the original since the export: export again, and let the translation tool carry the translations over",
                ),
            );
            continue;
        };
        if unit.source.text != now.source {
            problems.push(
                Diagnostic::error(
                    at,
                    format!(
                        "unit `{}`: the source text changed since this file was exported",
                        unit.id
                    ),
                )
                .with_help(format!(
                    "the original now reads {:?}: export again, and let the translation tool carry the translation over (its memory keeps it)",
                    shorten(now.source)
                )),
            );
            continue;
        }
        let Some(target) = &unit.target else {
            if now.target.is_none() {
                report.untranslated.push(unit.id.clone());
            }
            continue;
        };
        let state = unit.state.as_deref().unwrap_or("");
        let copied = UNTRANSLATED.contains(&state) && target.text == unit.source.text;
        if target.text.trim().is_empty() || copied {
            if now.target.is_none() {
                report.untranslated.push(unit.id.clone());
            }
            continue;
        }
        if now.target == Some(target.text.as_str()) {
            if now.state == State::OutOfDate {
                if unit.approved || REVIEWED.contains(&state) {
                    report.confirmed.push(unit.id.clone());
                } else {
                    report.still_out_of_date.push(unit.id.clone());
                }
            }
            continue;
        }
        if !markdown_kept(xliff, unit, target, now, problems) {
            continue;
        }
        report.written.push(unit.id.clone());
        let text = Some(target.text.clone());
        match (now.section, unit.id.rsplit_once('/')) {
            (Some(section), Some((_, "title"))) => {
                edits.sections.entry(section.to_owned()).or_default().title = text;
            }
            (Some(section), Some((_, "body"))) => {
                edits.sections.entry(section.to_owned()).or_default().body = text;
            }
            (None, _) if unit.id == "title" => edits.title = text,
            (None, _) if unit.id == "summary" => edits.summary = text,
            _ => {}
        }
    }
    (problems.len() == before).then_some((edits, report))
}

/// Whether the target keeps the text's Markdown whole; each problem is
/// reported with the unit id. `now` is the unit as the project has it:
/// its translation's tags were exported too.
///
/// A tag's content must be one the export gave: the tool may move tags,
/// not edit them. What the tags make must survive: the blocks of the
/// source (paragraphs, list items, rows...) and where its links lead, the
/// way the source has them, unless a current translation in the file
/// already differs in the same way (a translator's choice an import
/// keeps; an out-of-date one follows an earlier original).
fn markdown_kept(
    xliff: &Path,
    unit: &read::Unit,
    target: &Inline,
    now: &Unit<'_>,
    problems: &mut Vec<Diagnostic>,
) -> bool {
    let existing = now.target;
    let at = || Origin::at(xliff, Some(target.pos));
    let before = problems.len();
    for name in &target.foreign {
        problems.push(
            Diagnostic::error(
                at(),
                format!(
                    "unit `{}`: the target holds a <{name}> code, which privsite does not write",
                    unit.id
                ),
            )
            .with_help("keep the tags of the source as they are (<ph>) and add no others"),
        );
    }
    let mut given: HashSet<&str> = unit
        .source
        .placeholders
        .iter()
        .map(|(_, markup)| markup.as_str())
        .collect();
    if let Some(existing) = existing {
        given.extend(
            super::segments(existing)
                .into_iter()
                .filter_map(|s| match s {
                    super::Segment::Markup(m) => Some(m),
                    super::Segment::Text(_) => None,
                }),
        );
    }
    for (id, markup) in &target.placeholders {
        if !given.contains(markup.as_str()) {
            problems.push(
                Diagnostic::error(
                    at(),
                    format!("unit `{}`: tag `{id}` holds {markup:?}, which the exported file did not have", unit.id),
                )
                .with_help("tags hold Markdown and link targets: keep them as they are"),
            );
        }
    }
    let source = shape(&unit.source.text);
    let translated = shape(&target.text);
    let earlier = existing.filter(|_| now.state == State::Current).map(shape);
    for (kind, n) in &source.blocks {
        let found = translated.blocks.get(kind).copied().unwrap_or(0);
        let was = earlier
            .as_ref()
            .map(|e| e.blocks.get(kind).copied().unwrap_or(0));
        if found != *n && Some(found) != was {
            problems.push(
                Diagnostic::error(
                    at(),
                    format!(
                        "unit `{}`: the source has {n} {kind}{}, the translation {found}",
                        unit.id,
                        if *n == 1 { "" } else { "s" }
                    ),
                )
                .with_help("a line-break tag was lost, moved or added: place the tags where the source has them"),
            );
        }
    }
    for kind in translated.blocks.keys() {
        if !source.blocks.contains_key(kind)
            && earlier
                .as_ref()
                .is_none_or(|e| !e.blocks.contains_key(kind))
        {
            problems.push(Diagnostic::error(
                at(),
                format!(
                    "unit `{}`: the translation has a {kind} the source does not have",
                    unit.id
                ),
            ));
        }
    }
    for destination in source.destinations.difference(&translated.destinations) {
        if earlier
            .as_ref()
            .is_none_or(|e| e.destinations.contains(destination))
        {
            problems.push(
                Diagnostic::error(
                    at(),
                    format!("unit `{}`: the link to `{destination}` is lost", unit.id),
                )
                .with_help("keep both tags of the link around the words that link"),
            );
        }
    }
    problems.len() == before
}

/// At most 80 characters of `text`, for a message.
fn shorten(text: &str) -> String {
    let mut chars = text.chars();
    let short: String = chars.by_ref().take(80).collect();
    if chars.next().is_some() {
        format!("{short}…")
    } else {
        short
    }
}

/// Where each section of `version` sits in the source.
fn outline(version: &Version) -> Outline {
    fn walk(sections: &[Section], parent: Option<&str>, out: &mut Outline) {
        for s in sections {
            let n = out.len();
            out.insert(s.id.as_str().to_owned(), (parent.map(str::to_owned), n));
            walk(&s.sections, Some(s.id.as_str()), out);
        }
    }
    let mut out = Outline::new();
    walk(&version.source.sections, None, &mut out);
    out
}
