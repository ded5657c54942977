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

use rayon::prelude::*;

use super::Level;
use super::compute::{self, SectionText};
use crate::model::{Locale, Policy, PolicyId, Section, SectionId, Site, VersionId};

/// The out-of-date sections of every version of one policy, by version and
/// locale, each with the version its translation was made for.
type PolicySets = HashMap<VersionId, HashMap<Locale, BTreeMap<SectionId, VersionId>>>;

/// One policy walked: its id, the fingerprint of its inputs, its sets, and
/// the judgements made on the way.
type Walked = (
    PolicyId,
    u64,
    std::sync::Arc<PolicySets>,
    HashMap<u64, bool>,
);

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
        // Policies are independent: each is walked on its own, with its
        // own new judgements, merged after.
        let walked: Vec<Walked> = site
            .policies
            .par_iter()
            .map(|policy| {
                let key = inputs(policy);
                if let Some((known, sets)) = earlier.policies.get(&policy.id)
                    && *known == key
                {
                    return (
                        policy.id.clone(),
                        key,
                        std::sync::Arc::clone(sets),
                        HashMap::new(),
                    );
                }
                let lineage = Lineage::of(policy);
                let mut walk = OutOfDate::default();
                let mut sets = PolicySets::new();
                for locale in policy
                    .locales
                    .iter()
                    .filter(|l| **l != policy.source_locale)
                {
                    walk.policy_in(policy, &lineage, locale, earlier, &mut sets);
                }
                (
                    policy.id.clone(),
                    key,
                    std::sync::Arc::new(sets),
                    walk.judged,
                )
            })
            .collect();
        for (id, key, sets, judged) in walked {
            found.judged.extend(judged);
            found.policies.insert(id, (key, sets));
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

    /// Walks the versions of `policy` oldest first, keeping for each
    /// section (as [`Lineage`] follows it through renames) the translation
    /// into `locale` last seen and the version whose source text it was
    /// made for. A version without the translation, or without that
    /// section in it, leaves what was seen as it is: a translation that
    /// comes back unchanged is the one made earlier, not a new one.
    fn policy_in(
        &mut self,
        policy: &Policy,
        lineage: &Lineage<'_>,
        locale: &Locale,
        earlier: &OutOfDate,
        sets: &mut PolicySets,
    ) {
        let versions = &policy.versions;
        // By lineage: the translated text last seen, and the index of the
        // version its translation was made for.
        let mut seen: HashMap<usize, (&crate::model::SectionText, usize)> = HashMap::new();
        for (n, version) in versions.iter().enumerate() {
            let Some(translation) = version.translations.get(locale) else {
                continue;
            };
            let checked = translation
                .translated_from
                .as_ref()
                .and_then(|from| versions.iter().position(|v| v.id == from.version));
            let mut stale = BTreeMap::new();
            for &(line, section) in &lineage.versions[n] {
                let Some(text) = translation.sections.get(&section.id) else {
                    continue;
                };
                let carried = seen
                    .get(&line)
                    .filter(|(before, _)| before.title == text.title && before.body == text.body)
                    .map(|(_, base)| *base);
                let mut base = carried.unwrap_or(n);
                if let Some(checked) = checked.filter(|c| *c <= n) {
                    base = base.max(checked);
                }
                seen.insert(line, (text, base));
                if base < n
                    && let Some(then) = lineage.at(base, line)
                    && self.changed_in_meaning(policy, then, section, earlier)
                {
                    stale.insert(section.id.clone(), versions[base].id.clone());
                }
            }
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

/// Each section of a policy followed through its versions: a section is
/// the one an earlier version had under its id or one of its former ids
/// (`aliases`), however many renames ago, and however many versions
/// without it ago. Each such line of sections has a number.
struct Lineage<'p> {
    /// For each version, its sections (depth first) with their line.
    versions: Vec<Vec<(usize, &'p Section)>>,
    /// For each version, its sections by line.
    by_line: Vec<HashMap<usize, &'p Section>>,
}

impl<'p> Lineage<'p> {
    fn of(policy: &'p Policy) -> Self {
        // Every id seen so far, with the line of its section.
        let mut lines: HashMap<&SectionId, usize> = HashMap::new();
        let mut next = 0;
        let mut versions = Vec::with_capacity(policy.versions.len());
        let mut by_line = Vec::with_capacity(policy.versions.len());
        for version in &policy.versions {
            let mut here: Vec<(usize, &Section)> = Vec::new();
            let mut taken = std::collections::HashSet::new();
            for (_, section) in version.sections_flat() {
                let line = std::iter::once(&section.id)
                    .chain(&section.aliases)
                    .find_map(|id| lines.get(id).copied())
                    .filter(|line| !taken.contains(line))
                    .unwrap_or_else(|| {
                        next += 1;
                        next - 1
                    });
                taken.insert(line);
                here.push((line, section));
            }
            for (line, section) in &here {
                lines.insert(&section.id, *line);
            }
            by_line.push(here.iter().map(|(l, s)| (*l, *s)).collect());
            versions.push(here);
        }
        Lineage { versions, by_line }
    }

    /// The section of `line` in the version at `index`, if it has one.
    fn at(&self, index: usize, line: usize) -> Option<&'p Section> {
        self.by_line.get(index)?.get(&line).copied()
    }
}
