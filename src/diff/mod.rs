//! Comparing versions: what changed between two versions of a policy, how
//! much it matters, and the redline that shows it.
//!
//! [`words`] splits and diffs text; [`compute`] compares sections (which
//! is which: `matching`), `body`
//! the blocks of a section, `table` the columns and cells of a table, and
//! `moves` finds text that moved; [`classify`] holds the contract's rules as
//! pure functions, [`changes`] records each change (one section each) and
//! [`reading`] groups them for readers. This module ties them to the model: the
//! source locale decides the classification; a translation gets its own
//! redline of its own texts.

mod body;
pub mod changes;
pub mod classify;
pub mod compute;
mod matching;
mod moves;
pub mod reading;
mod splits;
pub mod stale;
mod table;
pub mod words;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

pub use changes::{Change, ChangeKind, Edit, SectionRef};
pub use classify::Level;
pub use compute::{
    BlockDiff, BlockStatus, CellDiff, Column, Comparison, Place, PlaceKind, SectionDiff,
    SectionStatus, SectionText, Side, Stats,
};
pub use reading::{ChangeGroup, for_reading};
pub use splits::Splits;
pub use stale::OutOfDate;

use crate::model::{DeclaredKind, Locale, Policy, PolicyId, SectionId, Site, Version, VersionId};

/// The comparison of every version of every policy with the version before
/// it, computed once (in parallel) and shared by the checks and the pages.
#[derive(Debug, Default, Clone)]
pub struct History {
    diffs: BTreeMap<(PolicyId, VersionId, VersionId), Compared>,
    out_of_date: Arc<OutOfDate>,
}

/// One comparison, with the fingerprint of what it was computed from.
#[derive(Debug, Clone)]
struct Compared {
    inputs: u64,
    diff: Arc<VersionDiff>,
}

impl History {
    /// Compares every pair of consecutive versions of `site`.
    pub fn new(site: &Site) -> Self {
        History::reusing(site, &History::default())
    }

    /// Compares every pair of consecutive versions of `site`, taking from
    /// `earlier` each comparison whose inputs are unchanged: the two source
    /// texts (by digest) and the policy's source locale and material words.
    pub fn reusing(site: &Site, earlier: &History) -> Self {
        let pairs: Vec<(&Policy, &Version, &Version)> = site
            .policies
            .iter()
            .flat_map(|p| p.versions.windows(2).map(move |w| (p, &*w[0], &*w[1])))
            .collect();
        let diffs = pairs
            .par_iter()
            .map(|(policy, old, new)| {
                let key = (policy.id.clone(), old.id.clone(), new.id.clone());
                let inputs = fingerprint(policy, old, new);
                let diff = match earlier.diffs.get(&key) {
                    Some(known) if known.inputs == inputs => Arc::clone(&known.diff),
                    _ => Arc::new(compare_versions(policy, old, new)),
                };
                (key, Compared { inputs, diff })
            })
            .collect();
        let out_of_date = Arc::new(OutOfDate::of(site, &earlier.out_of_date));
        History { diffs, out_of_date }
    }

    /// The out-of-date translated sections of every version.
    pub fn out_of_date(&self) -> &OutOfDate {
        &self.out_of_date
    }

    /// The comparison of `new` with `old`, if they are consecutive versions.
    pub fn get(&self, policy: &PolicyId, old: &VersionId, new: &VersionId) -> Option<&VersionDiff> {
        self.diffs
            .get(&(policy.clone(), old.clone(), new.clone()))
            .map(|c| &*c.diff)
    }
}

/// What [`compare_versions`] reads of `policy`, `old` and `new`.
fn fingerprint(policy: &Policy, old: &Version, new: &Version) -> u64 {
    crate::fingerprint::of(&(
        (&old.id, &old.digest, &new.id, &new.digest),
        (&policy.source_locale, &policy.material_words),
    ))
}

/// The comparison of a version with an earlier one, in the source locale.
#[derive(Debug, Clone, Serialize)]
pub struct VersionDiff {
    /// The earlier version's id.
    pub from: String,
    /// The later version's id.
    pub to: String,
    /// The classification after the author's `change.kind`.
    pub classification: Level,
    /// The automatic classification.
    pub automatic: Level,
    /// What the author declared, if anything.
    pub declared: Option<DeclaredKind>,
    /// Changes, sections and counts.
    #[serde(flatten)]
    pub comparison: Comparison,
}

impl VersionDiff {
    /// Whether the version counts as a material change (after `change.kind`).
    pub fn is_material(&self) -> bool {
        self.classification == Level::Material
    }

    /// Whether the author declared `minor` where the rules find `material`.
    pub fn understated(&self) -> bool {
        self.declared == Some(DeclaredKind::Minor) && self.automatic == Level::Material
    }
}

/// Compares `new` with `old` (two versions of `policy`) in the source locale.
pub fn compare_versions(policy: &Policy, old: &Version, new: &Version) -> VersionDiff {
    let comparison = compare_texts(policy, old, new, &policy.source_locale);
    let automatic = comparison.level;
    let classification = match new.declared_kind {
        Some(DeclaredKind::Material) => Level::Material,
        Some(DeclaredKind::Minor) => Level::Minor,
        None => automatic,
    };
    VersionDiff {
        from: old.id.to_string(),
        to: new.id.to_string(),
        classification,
        automatic,
        declared: new.declared_kind,
        comparison,
    }
}

/// Compares the texts of two versions in `locale`: a section is compared in
/// its translation when both versions translate it (or only one version has
/// the section), and in the source text otherwise, so that a translation
/// appearing or disappearing never shows as the whole text changing
/// language. See [`compared_in_source`].
///
/// A translation's comparison pairs renamed sections as the source's does
/// (computed here; [`redline`] takes it from the version's diff).
pub fn compare_texts(policy: &Policy, old: &Version, new: &Version, locale: &Locale) -> Comparison {
    let in_source = compared_in_source(old, new, locale);
    let translated = |id: &SectionId| !in_source.contains(id.as_str());
    let renames = (*locale != policy.source_locale)
        .then(|| renames(&compare_texts(policy, old, new, &policy.source_locale)));
    compute::compare_paired(
        &flatten_where(old, locale, &translated),
        &flatten_where(new, locale, &translated),
        &policy.material_words,
        renames.as_ref(),
        None,
    )
}

/// The renamed sections of `comparison`: new id to old id.
fn renames(comparison: &Comparison) -> BTreeMap<String, String> {
    comparison
        .sections
        .iter()
        .filter_map(|s| Some((s.id.clone(), s.renamed_from.clone()?)))
        .collect()
}

/// The redline of `diff` (the comparison of `old` with `new`) for readers of
/// `locale`: the source comparison itself for the source locale, else the
/// comparison of the translated texts, taken from `kept` when it has it.
pub fn redline<'d>(
    policy: &Policy,
    (old, new): (&Version, &Version),
    diff: &'d VersionDiff,
    locale: &Locale,
    kept: Option<&Comparisons>,
    splits: &Splits,
) -> Redline<'d> {
    if *locale == policy.source_locale {
        return Redline::Source(&diff.comparison);
    }
    let in_source = compared_in_source(old, new, locale);
    let translated = |id: &SectionId| !in_source.contains(id.as_str());
    let (old, new) = (
        flatten_where(old, locale, &translated),
        flatten_where(new, locale, &translated),
    );
    let renames = renames(&diff.comparison);
    let compare = || {
        compute::compare_paired(
            &old,
            &new,
            &policy.material_words,
            Some(&renames),
            Some(splits),
        )
    };
    let Some(kept) = kept else {
        return Redline::Translated(Arc::new(compare()));
    };
    // The comparison is a function of the texts compared alone (and the
    // pairing): an edit of the source text that leaves a locale's texts as
    // they were finds it.
    let key = crate::fingerprint::of(&(&old, &new, &policy.material_words, &renames));
    Redline::Translated(kept.get_or_insert(key, compare))
}

/// A redline: the source comparison, or a comparison of translated texts.
#[derive(Debug, Clone)]
pub enum Redline<'d> {
    /// The comparison of the source texts, borrowed from the version's diff.
    Source(&'d Comparison),
    /// The comparison of the texts a locale's readers read.
    Translated(Arc<Comparison>),
}

impl std::ops::Deref for Redline<'_> {
    type Target = Comparison;

    fn deref(&self) -> &Comparison {
        match self {
            Redline::Source(comparison) => comparison,
            Redline::Translated(comparison) => comparison,
        }
    }
}

/// Comparisons of translated texts kept from one build to the next, by a
/// fingerprint of the texts compared, so that a rebuild after an edit
/// compares again only the texts that changed. An entry not asked for in
/// the last [`Comparisons::KEPT_BUILDS`] builds is let go once there are
/// more than [`Comparisons::CAPACITY`].
#[derive(Debug, Default)]
pub struct Comparisons {
    inner: std::sync::Mutex<KeptComparisons>,
}

#[derive(Debug, Default)]
struct KeptComparisons {
    build: u64,
    entries: std::collections::HashMap<u64, (u64, Arc<Comparison>)>,
}

impl Comparisons {
    /// How many comparisons are kept before the unused ones are let go.
    pub const CAPACITY: usize = 4096;
    /// How many builds an unused comparison survives once over capacity.
    pub const KEPT_BUILDS: u64 = 4;

    /// The comparison kept under `key`, else the one `compare` makes (kept
    /// from now on). Comparing happens outside the lock.
    pub fn get_or_insert(&self, key: u64, compare: impl FnOnce() -> Comparison) -> Arc<Comparison> {
        {
            let mut inner = self.lock();
            let build = inner.build;
            if let Some((used, found)) = inner.entries.get_mut(&key) {
                *used = build;
                return Arc::clone(found);
            }
        }
        let made = Arc::new(compare());
        let mut inner = self.lock();
        let build = inner.build;
        inner.entries.insert(key, (build, Arc::clone(&made)));
        made
    }

    /// Ends a build: over capacity, the comparisons no recent build asked
    /// for are let go.
    pub fn end_build(&self) {
        let mut inner = self.lock();
        let build = inner.build;
        if inner.entries.len() > Self::CAPACITY {
            inner
                .entries
                .retain(|_, (used, _)| build - *used < Self::KEPT_BUILDS);
        }
        inner.build += 1;
    }

    /// How many comparisons are kept.
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, KeptComparisons> {
        // A panic while comparing happens outside the lock; the map itself
        // is never left half-updated.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The section titles [`compare_texts`] shows `locale`'s readers, by section
/// id: each section's title in `new`, or in `old` for a removed section. The
/// same as the titles of the comparison, without comparing.
pub fn compared_titles<'a>(
    old: &'a Version,
    new: &'a Version,
    locale: &Locale,
) -> BTreeMap<&'a str, &'a str> {
    let in_source = compared_in_source(old, new, locale);
    let translated = |id: &SectionId| !in_source.contains(id.as_str());
    let mut titles = BTreeMap::new();
    for version in [old, new] {
        for section in flatten_where(version, locale, &translated) {
            titles.insert(section.id, section.title);
        }
    }
    titles
}

/// The sections [`compare_texts`] compares in the source text rather than in
/// their `locale` translation: those that one of the two versions has but
/// does not translate.
pub fn compared_in_source<'a>(
    old: &'a Version,
    new: &'a Version,
    locale: &Locale,
) -> BTreeSet<&'a str> {
    [old, new]
        .into_iter()
        .flat_map(|version| {
            version
                .in_locale(locale, None)
                .sections()
                .into_iter()
                .filter(|(_, s)| !s.is_translated())
                .map(|(_, s)| s.section.id.as_str())
        })
        .collect()
}

/// The sections of `version`, flattened, in their `locale` translation as
/// written (field by field) where `translated` allows it, else in the
/// source text.
fn flatten_where<'a>(
    version: &'a Version,
    locale: &Locale,
    translated: &dyn Fn(&SectionId) -> bool,
) -> Vec<SectionText<'a>> {
    let view = version.in_locale(locale, None);
    let source = version.in_locale(&version.source.locale, None);
    let mut parents: Vec<&'a str> = Vec::new();
    view.sections()
        .into_iter()
        .map(|(depth, s)| {
            let s = if translated(&s.section.id) {
                s
            } else {
                source.section(s.section)
            };
            parents.truncate(depth);
            let parent = parents.last().copied();
            parents.push(s.section.id.as_str());
            SectionText {
                id: s.section.id.as_str(),
                title: s.written_title(),
                body: s.written_body(),
                material: s.section.material,
                depth,
                parent,
                aliases: &s.section.aliases,
            }
        })
        .collect()
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
