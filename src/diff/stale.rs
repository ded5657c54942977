//! Which translated sections are out of date (the contract's "Extensions:
//! Translations"): a section's translation is out of date when the source
//! text of the section changed **in meaning** since the translation was
//! last changed, or since the version its file says it was checked against
//! (`translated_from`), whichever is later.
//!
//! "In meaning" is what would be material in a material section, whatever
//! the section's `material` flag: words or blocks added, removed or
//! replaced beyond spelling level, or a protected word touched. A spelling
//! fix, a new title or a cosmetic change leaves the translation current.
//!
//! The sets are computed once per build for every version and locale
//! ([`OutOfDate::of`]), and every reader of them (pages, checks, `status`)
//! asks [`OutOfDate::sections`]. Judging a change in meaning compares two
//! texts of a section; [`OutOfDate`] keeps those judgements by the texts
//! judged, so that the next build judges again only what an edit touched.

use std::collections::{BTreeMap, HashMap};

use super::Level;
use super::compute::{self, SectionText};
use crate::model::{Locale, Policy, PolicyId, Section, SectionId, Site, Version, VersionId};

/// The out-of-date sections of every version of one policy, by version and
/// locale, each with the version its translation was made for.
type PolicySets = HashMap<VersionId, HashMap<Locale, BTreeMap<SectionId, VersionId>>>;

/// The out-of-date sections of every version of a site, by locale.
#[derive(Debug, Default, Clone)]
pub struct OutOfDate {
    /// By policy, with a fingerprint of everything they were found from, so
    /// that a policy whose texts did not change is not walked again.
    policies: HashMap<PolicyId, (u64, std::sync::Arc<PolicySets>)>,
    /// Whether the source text of a section changed in meaning, by a
    /// fingerprint of the two texts and the policy's protected words.
    judged: HashMap<u64, bool>,
}

impl OutOfDate {
    /// The out-of-date sections of every version of `site`, reusing those
    /// of `earlier` for each policy whose texts are the same, and its
    /// judgements where the texts judged are.
    pub fn of(site: &Site, earlier: &OutOfDate) -> OutOfDate {
        // Judgements are kept across builds (a policy reused whole asks
        // for none), up to a bound past which they start afresh.
        const KEPT_JUDGEMENTS: usize = 200_000;
        let mut found = OutOfDate {
            policies: HashMap::new(),
            judged: if earlier.judged.len() < KEPT_JUDGEMENTS {
                earlier.judged.clone()
            } else {
                HashMap::new()
            },
        };
        for policy in &site.policies {
            let key = inputs(policy);
            if let Some((known, sets)) = earlier.policies.get(&policy.id)
                && *known == key
            {
                found
                    .policies
                    .insert(policy.id.clone(), (key, std::sync::Arc::clone(sets)));
                continue;
            }
            // Every version's sections, flattened once for every locale.
            let flat: Vec<Vec<&Section>> = policy
                .versions
                .iter()
                .map(|v| v.sections_flat().into_iter().map(|(_, s)| s).collect())
                .collect();
            let mut sets = PolicySets::new();
            for locale in policy
                .locales
                .iter()
                .filter(|l| **l != policy.source_locale)
            {
                found.policy_in((policy, &flat), locale, earlier, &mut sets);
            }
            found
                .policies
                .insert(policy.id.clone(), (key, std::sync::Arc::new(sets)));
        }
        found
    }

    /// The sections of `version` of `policy` whose translation into
    /// `locale` is out of date (none in the source locale), each with the
    /// version of the source its translation was made for.
    pub fn sections(
        &self,
        policy: &PolicyId,
        version: &VersionId,
        locale: &Locale,
    ) -> &BTreeMap<SectionId, VersionId> {
        static NONE: BTreeMap<SectionId, VersionId> = BTreeMap::new();
        self.policies
            .get(policy)
            .and_then(|(_, sets)| sets.get(version))
            .and_then(|locales| locales.get(locale))
            .unwrap_or(&NONE)
    }

    /// Walks the versions of `policy` (with the sections of each, `flat`)
    /// oldest first, keeping for each section the version its translation
    /// into `locale` was made for.
    fn policy_in(
        &mut self,
        (policy, flat): (&Policy, &[Vec<&Section>]),
        locale: &Locale,
        earlier: &OutOfDate,
        sets: &mut PolicySets,
    ) {
        let versions = &policy.versions;
        // For each section id: the index of the version whose source text
        // the current translation was made for.
        let mut made_for: HashMap<&SectionId, usize> = HashMap::new();
        for (n, version) in versions.iter().enumerate() {
            let Some(translation) = version.translations.get(locale) else {
                made_for.clear();
                continue;
            };
            let checked = translation
                .translated_from
                .as_ref()
                .and_then(|from| versions.iter().position(|v| v.id == from.version));
            let previous = n.checked_sub(1).map(|p| &*versions[p]);
            let mut stale = BTreeMap::new();
            let mut now: HashMap<&SectionId, usize> = HashMap::new();
            for &section in &flat[n] {
                let Some(text) = translation.sections.get(&section.id) else {
                    continue;
                };
                // The translation is the one of the version before when its
                // text there (under this id or a former one) is the same.
                let carried = previous.and_then(|old| {
                    let (id, before) = translated(old, locale, section)?;
                    (before.title == text.title && before.body == text.body)
                        .then(|| made_for.get(id).copied())
                        .flatten()
                });
                let mut base = carried.unwrap_or(n);
                if let Some(checked) = checked.filter(|c| *c <= n) {
                    base = base.max(checked);
                }
                now.insert(&section.id, base);
                if base < n
                    && let Some(then) = source_section(&flat[base], section)
                    && self.changed_in_meaning(policy, then, section, earlier)
                {
                    stale.insert(section.id.clone(), versions[base].id.clone());
                }
            }
            made_for = now;
            if !stale.is_empty() {
                sets.entry(version.id.clone())
                    .or_default()
                    .insert(locale.clone(), stale);
            }
        }
    }

    /// Whether `new`'s source text changed in meaning from `old`'s (their
    /// titles aside).
    fn changed_in_meaning(
        &mut self,
        policy: &Policy,
        old: &Section,
        new: &Section,
        earlier: &OutOfDate,
    ) -> bool {
        if old.body == new.body {
            return false;
        }
        let key = crate::fingerprint::of(&(&old.body, &new.body, &policy.material_words));
        if let Some(known) = self.judged.get(&key).or_else(|| earlier.judged.get(&key)) {
            let known = *known;
            self.judged.insert(key, known);
            return known;
        }
        let side = |body| SectionText {
            id: new.id.as_str(),
            title: &new.title,
            body,
            material: true,
            depth: 0,
            parent: None,
            aliases: &[],
        };
        let level = compute::compare(
            &[side(&old.body)],
            &[side(&new.body)],
            &policy.material_words,
        )
        .level;
        let changed = level == Level::Material;
        self.judged.insert(key, changed);
        changed
    }
}

/// A fingerprint of everything the out-of-date sections of `policy` are
/// found from: its protected words, locales, and each version's id, source
/// text, translations and `translated_from`.
fn inputs(policy: &Policy) -> u64 {
    let versions: Vec<_> = policy
        .versions
        .iter()
        .map(|v| {
            let translations: Vec<_> = v
                .translations
                .iter()
                .map(|(locale, t)| (locale, t.fingerprint))
                .collect();
            (&v.id, &v.digest, translations)
        })
        .collect();
    crate::fingerprint::of(&(
        &policy.material_words,
        &policy.source_locale,
        &policy.locales,
        versions,
    ))
}

/// The translation of `section` in `version` into `locale`, under its id
/// or one of its former ids, with the id it is under.
fn translated<'v>(
    version: &'v Version,
    locale: &Locale,
    section: &'v Section,
) -> Option<(&'v SectionId, &'v crate::model::SectionText)> {
    let translation = version.translations.get(locale)?;
    std::iter::once(&section.id)
        .chain(&section.aliases)
        .find_map(|id| translation.sections.get_key_value(id))
}

/// The section among `sections` (an earlier version's) that `section` is:
/// the one with its id, or with one of its former ids.
fn source_section<'v>(sections: &[&'v Section], section: &Section) -> Option<&'v Section> {
    std::iter::once(&section.id)
        .chain(&section.aliases)
        .find_map(|id| sections.iter().find(|s| s.id == *id).copied())
}
