//! Checks that look across versions rather than at one file: an author's
//! `change.kind: minor` that the comparison finds material, a material
//! change whose homepage notice is gone before the change applies, section
//! anchors that a new version drops (a renamed section without its old id
//! in `aliases`), translated sections that fell behind a change of the
//! original, and dates that look mistyped ([`dates`]). They are warnings:
//! the site still builds.

mod dates;

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::Diagnostic;
use crate::diff::{self, ChangeKind, History, Level, VersionDiff};
use crate::markdown::References;
use crate::memo::Memo;
use crate::model::{Policy, Section, SectionId, Site, Timeline, Version};

/// The warnings about `new`, a version of `policy` (`old` the one before
/// it, if any), drafts too; `pipeline::Stages` runs them for every version,
/// in parallel, and keeps them for the versions that did not change. They read only the policy's settings, the two versions and
/// their comparison, so an incremental build keeps them while those stay.
///
/// `references` keeps what each body links to and defines, for the bodies
/// that the versions of a build share.
pub fn version_warnings(
    policy: &Policy,
    old: Option<&Version>,
    new: &Version,
    history: &History,
    references: &Memo<References>,
) -> Vec<Diagnostic> {
    let comparison = old.and_then(|old| history.get(&policy.id, &old.id, &new.id));
    let dropped = match (old, comparison) {
        (Some(old), Some(comparison)) => dropped_anchors(old, new, comparison),
        _ => Vec::new(),
    };
    // A link to an anchor the version dropped is one more link that
    // breaks, told in the warning about the anchor: one mistake
    // (a rename without `aliases`), one warning.
    let lost: Vec<&str> = dropped
        .iter()
        .flat_map(|d| d.lost.iter().copied())
        .collect();
    let (mut out, linked) = link_problems(new, &lost, references);
    out.extend(dropped.into_iter().map(|d| d.warning(&linked)));
    if let (Some(old), Some(comparison)) = (old, comparison) {
        if comparison.understated() {
            out.push(understated(new, old, comparison));
        }
        if comparison.is_material() {
            out.extend(notice_ends_early(policy, new));
        }
    }
    out
}

/// A warning for each out-of-date translated section of the versions
/// readers see now or will see (the current version of each policy on
/// `today` and every later one); replaced versions stay as they were
/// published, without a warning.
pub fn out_of_date(site: &Site, history: &History, today: jiff::civil::Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for policy in &site.policies {
        let timeline = crate::model::Timeline::new(policy, today, true);
        let from = timeline
            .current()
            .and_then(|c| policy.versions.iter().position(|v| v.id == c.id))
            .unwrap_or(0);
        for version in &policy.versions[from..] {
            for (locale, translation) in &version.translations {
                let stale = history
                    .out_of_date()
                    .sections(&policy.id, &version.id, locale);
                for (id, made_for) in stale {
                    let Some(text) = translation.sections.get(id) else {
                        continue;
                    };
                    out.push(
                        Diagnostic::warning(
                            text.origin.clone(),
                            format!(
                                "the {locale} translation of section `{id}` is out of date: the original changed in meaning since version {made_for}, which it was made for"
                            ),
                        )
                        .with_help(format!(
                            "update the translation, or, if it still says the same, add `translated_from: {}` to {locale}.yaml; until then readers see the original, with this translation below it marked as following the earlier wording",
                            version.id
                        )),
                    );
                }
            }
        }
    }
    out
}

/// Every date of `site` that looks mistyped, on `today`: a date far in the
/// future (a version that would stay a draft), a version whose date breaks
/// the order of the folder names, a version published after it takes
/// effect or long before. At most one warning per version, at the date
/// responsible, naming the date probably meant when one typo explains it.
pub fn dates(site: &Site, today: jiff::civil::Date) -> Vec<Diagnostic> {
    dates::warnings(site, today)
}

/// Links and anchors that will not work once published, in the source text
/// and every translation: in-page links (`[see](#retention)`) that lead
/// nowhere, HTML ids that repeat a section id, and links starting with `/`.
/// Links to the anchors in `dropped` (which the version no longer has, and
/// a warning of their own reports) come back apart: the anchor, and the
/// section whose text links to it.
fn link_problems<'v>(
    version: &'v Version,
    dropped: &[&str],
    references: &Memo<References>,
) -> (Vec<Diagnostic>, Vec<(String, &'v SectionId)>) {
    let sections = version.sections_flat();
    // The texts of the page in each locale: (section, body, where the body is written).
    let mut texts: Vec<(&Section, &str, crate::diagnostics::Origin)> = sections
        .iter()
        .map(|(_, s)| (*s, &*s.body, s.origin.clone()))
        .collect();
    for translation in version.translations.values() {
        for (_, section) in &sections {
            if let Some(text) = translation.sections.get(&section.id)
                && let Some(body) = &text.body
            {
                texts.push((section, &**body, text.origin.clone()));
            }
        }
    }
    let section_ids: Vec<String> = sections.iter().map(|(_, s)| s.id.to_string()).collect();
    // A section's former ids (`aliases`) are anchors of the page too.
    let aliases: Vec<(&str, &SectionId)> = sections
        .iter()
        .flat_map(|(_, s)| s.aliases.iter().map(|a| (a.as_str(), &s.id)))
        .collect();
    let mut anchors = section_ids.clone();
    anchors.extend(aliases.iter().map(|(a, _)| (*a).to_owned()));
    let mut links = Vec::new();
    let mut out = Vec::new();
    for (section, body, origin) in &texts {
        let found = references.get_or(body, crate::markdown::references);
        for id in &found.html_anchors {
            if section_ids.contains(id) {
                out.push(
                    Diagnostic::warning(
                        origin.clone(),
                        format!("the HTML in section `{}` sets the id `{id}`, which is already the id of section `{id}`: the page would have two places called `#{id}`", section.id),
                    )
                    .with_help(format!("rename the HTML id, or remove it and link to the section as `#{id}`")),
                );
            }
            if let Some((_, owner)) = aliases.iter().find(|(a, _)| a == id) {
                out.push(
                    Diagnostic::warning(
                        origin.clone(),
                        format!("the HTML in section `{}` sets the id `{id}`, which section `{owner}` keeps as an alias for its former id: the page would have two places called `#{id}`", section.id),
                    )
                    .with_help(format!("rename the HTML id; links to `#{id}` lead to section `{owner}`")),
                );
            }
        }
        if let Some(markup) = &found.foreign_markup {
            out.push(
                Diagnostic::warning(
                    origin.clone(),
                    format!("section `{}` contains `{markup}`, markup of another publishing tool (Liquid or kramdown) that privsite shows as written", section.id),
                )
                .with_help("replace it with the text it stands for; give a heading its anchor with `{#id}` after the heading's text".to_owned()),
            );
        }
        for target in &found.root_relative_links {
            out.push(
                Diagnostic::warning(
                    origin.clone(),
                    format!("a link in section `{}` goes to `{target}`, which starts with `/`: it only works when the site is published at the top of its domain, and never in a local preview", section.id),
                )
                .with_help("write the full address, starting with `https://`".to_owned()),
            );
        }
        anchors.extend(found.heading_anchors.iter().cloned());
        anchors.extend(found.html_anchors.iter().cloned());
        links.extend(
            found
                .fragment_links
                .iter()
                .map(|target| (target.clone(), *section, origin.clone())),
        );
    }
    let mut linked = Vec::new();
    for (target, section, origin) in links {
        if target.is_empty() || anchors.contains(&target) {
            continue;
        }
        if dropped.contains(&target.as_str()) {
            linked.push((target, &section.id));
            continue;
        }
        let help = match crate::source::suggest(&target, &anchors) {
            Some(near) => format!("did you mean `#{near}`?"),
            None => "link to a section id, or to a heading's anchor (its text in lowercase, words joined with `-`)".to_owned(),
        };
        out.push(
            Diagnostic::warning(
                origin,
                format!("a link in section `{}` goes to `#{target}`, but this version has no section or heading `{target}`", section.id),
            )
            .with_help(help),
        );
    }
    out.sort_by(|a, b| {
        a.origin
            .cmp(&b.origin)
            .then_with(|| a.message.cmp(&b.message))
    });
    out.dedup();
    (out, linked)
}

/// A material version's homepage notice runs from its `published` day for
/// `notice_days` (the end day excluded); it should still be up on the day
/// the change takes effect, when readers most need it.
fn notice_ends_early(policy: &Policy, version: &Version) -> Option<Diagnostic> {
    // A version published years ahead has a mistyped date, which
    // `dates` reports: its notice is not a second problem.
    if dates::announced_years_ahead(version) {
        return None;
    }
    let notice_days = policy.notice_days;
    let ends = policy.notice_ends(version)?;
    if ends > version.effective {
        return None;
    }
    let last = ends.yesterday().ok()?;
    let shown = if notice_days == 0 {
        "is never shown (`notice_days` is 0)".to_owned()
    } else {
        format!(
            "is shown from {} to {last} ({notice_days} day{})",
            version.published,
            if notice_days == 1 { "" } else { "s" }
        )
    };
    let needed = (version.effective - version.published).get_days() + 1;
    let mut help = format!(
        "set `notice_days: {needed}` (or more) in policy.yaml so the notice is still up on {}",
        version.effective
    );
    if notice_days > 0 {
        let days = jiff::Span::new()
            .try_days(i64::from(notice_days - 1))
            .ok()?;
        let publish = version.effective.checked_sub(days).ok()?;
        help.push_str(&format!(", or publish the version on {publish} or later"));
    }
    Some(
        Diagnostic::warning(
            version.origin.clone(),
            format!(
                "the homepage notice of this material change {shown}, but the change takes effect on {}: readers get no notice on the day it applies",
                version.effective
            ),
        )
        .with_help(help),
    )
}

/// Anchors a version dropped: the warning, and the anchors.
struct Dropped<'v> {
    warning: Diagnostic,
    lost: Vec<&'v str>,
}

impl Dropped<'_> {
    /// The warning, naming the sections of the version that link to a
    /// dropped anchor (`linked`: each anchor with the section linking to it).
    fn warning(mut self, linked: &[(String, &SectionId)]) -> Diagnostic {
        let mut from: Vec<String> = linked
            .iter()
            .filter(|(target, _)| self.lost.contains(&target.as_str()))
            .map(|(_, section)| format!("`{section}`"))
            .collect();
        from.dedup();
        if !from.is_empty() {
            self.warning.message.push_str(&format!(
                ", and so do the links to {} in section{} {} of this version",
                if self.lost.len() == 1 { "it" } else { "them" },
                if from.len() == 1 { "" } else { "s" },
                from.join(", ")
            ));
        }
        self.warning
    }
}

/// Anchors that worked on the previous version's page and do not on this
/// one: a section renamed without its old id in `aliases`, or an alias that
/// was dropped. Links to them from elsewhere would land nowhere.
fn dropped_anchors<'v>(
    old: &'v Version,
    new: &Version,
    comparison: &VersionDiff,
) -> Vec<Dropped<'v>> {
    let sections: BTreeMap<&str, &Section> = new
        .sections_flat()
        .into_iter()
        .map(|(_, s)| (s.id.as_str(), s))
        .collect();
    let anchors: BTreeSet<&str> = sections
        .values()
        .flat_map(|s| std::iter::once(&s.id).chain(&s.aliases))
        .map(SectionId::as_str)
        .collect();
    let renamed: BTreeMap<&str, &str> = comparison
        .comparison
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::SectionRenamed)
        .filter_map(|c| Some((c.old.as_deref()?, c.new.as_deref()?)))
        .collect();
    let mut out = Vec::new();
    for (_, before) in old.sections_flat() {
        let id = renamed
            .get(before.id.as_str())
            .copied()
            .unwrap_or(before.id.as_str());
        let Some(after) = sections.get(id) else {
            // Removed: the comparison reports it as a change of the text.
            continue;
        };
        let lost: Vec<&str> = std::iter::once(&before.id)
            .chain(&before.aliases)
            .map(SectionId::as_str)
            .filter(|a| !anchors.contains(a))
            .collect();
        if lost.is_empty() {
            continue;
        }
        let links: Vec<String> = lost.iter().map(|a| format!("#{a}")).collect();
        let what = if id == before.id.as_str() {
            format!(
                "section `{id}` dropped the alias{} `{}` it had",
                if lost.len() == 1 { "" } else { "es" },
                lost.join("`, `")
            )
        } else {
            format!("section `{id}` was `{}`", before.id)
        };
        let keep: Vec<&str> = after
            .aliases
            .iter()
            .map(SectionId::as_str)
            .chain(lost.iter().copied())
            .collect();
        let warning = Diagnostic::warning(
            after.origin.clone(),
            format!(
                "{what} in version {}: links to {} break",
                old.id,
                links.join(", ")
            ),
        )
        .with_help(format!(
            "{} `aliases: [{}]` {} section `{id}`, so that links to its former anchor{} still lead to it",
            if after.aliases.is_empty() { "add" } else { "write" },
            keep.join(", "),
            if after.aliases.is_empty() { "to" } else { "in" },
            if lost.len() == 1 { "" } else { "s" }
        ));
        out.push(Dropped { warning, lost });
    }
    out
}

fn understated(new: &Version, old: &Version, comparison: &diff::VersionDiff) -> Diagnostic {
    let origin = new
        .declared_origin
        .clone()
        .unwrap_or_else(|| new.origin.clone());
    let material: Vec<&str> = comparison
        .comparison
        .changes
        .iter()
        .filter(|c| c.level == Level::Material)
        .map(|c| c.reason.as_str())
        .collect();
    let reason = material.first().copied().unwrap_or("a material change");
    let others = if material.len() > 1 {
        format!(" (and {} more)", material.len() - 1)
    } else {
        String::new()
    };
    Diagnostic::warning(
        origin,
        format!(
            "`change.kind` says minor, but compared with version {} this change is material: {reason}{others}",
            old.id
        ),
    )
    .with_help("if the change does alter what the policy says, set `kind: material` (or remove `kind`); run `privsite diff` to see every change")
}

/// Translation status of one version in one locale.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TranslationStatus {
    /// The locale.
    pub locale: String,
    /// Sections of the version.
    pub sections: usize,
    /// Section ids with no translated title or body.
    pub missing: Vec<String>,
    /// Section ids whose translation fell behind the original.
    pub stale: Vec<String>,
}

/// The translation status of `version` (of `timeline`) in every locale of its policy.
pub fn translation_status(
    timeline: &Timeline<'_>,
    version: &Version,
    history: &History,
) -> Vec<TranslationStatus> {
    let policy = timeline.policy;
    let all = version.sections_flat();
    policy
        .locales
        .iter()
        .filter(|l| **l != policy.source_locale)
        .map(|locale| {
            let view = version.in_locale(locale, None);
            let missing: Vec<String> = all
                .iter()
                .filter(|(_, s)| !view.section(s).is_complete())
                .map(|(_, s)| s.id.to_string())
                .collect();
            let stale: Vec<String> = history
                .out_of_date()
                .sections(&policy.id, &version.id, locale)
                .keys()
                .map(|id| id.to_string())
                .collect();
            // Out of date, not missing: each section is counted once.
            let missing = missing
                .into_iter()
                .filter(|id| !stale.contains(id))
                .collect();
            TranslationStatus {
                locale: locale.to_string(),
                sections: all.len(),
                missing,
                stale,
            }
        })
        .collect()
}
