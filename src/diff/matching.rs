//! Which section of the old version is which of the new one: the same id,
//! an alias naming the old id, the same text under a new id (a rename), or
//! nearly the same text under a new id (a rename with edits); and which
//! sections both versions have but in another place (moved).

use std::collections::{HashMap, HashSet};

use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::compute::SectionText;
use super::words;
use crate::markdown;

/// Sections whose id changed: new id -> old id. A new section is, in this
/// order of evidence:
/// - the old section it names in `aliases:`, whatever its text;
/// - an old section with the same text and the same title, or a title
///   changed only at spelling level or in case ("Lawful Bases" becoming
///   "Lawful basis" takes a new anchor): the section renamed;
/// - an old section with nearly the same text (four blocks in five the
///   same, or more) and such a title: the section renamed and edited, whose
///   redline shows the edits rather than every block removed and added.
///
/// A title reworded beyond that ("Rights of EU residents" becoming
/// "Rights of California residents") makes another section, unless
/// `aliases:` says it is the same.
pub(super) fn renames<'a>(
    old: &[SectionText<'a>],
    new: &[SectionText<'a>],
    old_ids: &HashMap<&str, usize>,
    new_ids: &HashMap<&str, usize>,
) -> HashMap<&'a str, &'a str> {
    let mut renamed: HashMap<&'a str, &'a str> = HashMap::new();
    let mut taken: HashSet<&'a str> = HashSet::new();
    let gone: Vec<&SectionText<'a>> = old.iter().filter(|o| !new_ids.contains_key(o.id)).collect();
    let fresh: Vec<&SectionText<'a>> = new.iter().filter(|n| !old_ids.contains_key(n.id)).collect();
    fn take<'a>(
        (n, o): (&'a str, &'a str),
        renamed: &mut HashMap<&'a str, &'a str>,
        taken: &mut HashSet<&'a str>,
    ) {
        renamed.insert(n, o);
        taken.insert(o);
    }
    for n in &fresh {
        if let Some(o) = gone
            .iter()
            .find(|o| n.aliases.iter().any(|a| a.as_str() == o.id))
        {
            take((n.id, o.id), &mut renamed, &mut taken);
        }
    }
    let bodies: Vec<Vec<String>> = gone.iter().map(|o| words::word_keys(o.body)).collect();
    for n in &fresh {
        if renamed.contains_key(n.id) {
            continue;
        }
        let body = words::word_keys(n.body);
        let chosen = gone
            .iter()
            .zip(&bodies)
            .filter(|(o, b)| !taken.contains(o.id) && **b == body && titles_alike(o.title, n.title))
            // One with the very same title first.
            .max_by_key(|(o, _)| words::word_keys(o.title) == words::word_keys(n.title));
        if let Some((o, _)) = chosen {
            take((n.id, o.id), &mut renamed, &mut taken);
        }
    }
    let blocks: Vec<Vec<u64>> = gone.iter().map(|o| block_hashes(o.body)).collect();
    for n in &fresh {
        if renamed.contains_key(n.id) {
            continue;
        }
        let mine = block_hashes(n.body);
        if mine.len() < 2 {
            continue;
        }
        let best = gone
            .iter()
            .zip(&blocks)
            .filter(|(o, b)| {
                b.len() >= 2 && !taken.contains(o.id) && titles_alike(o.title, n.title)
            })
            .map(|(o, b)| {
                (
                    o.id,
                    2.0 * shared(&mine, b) as f32 / (mine.len() + b.len()) as f32,
                )
            })
            .filter(|(_, ratio)| *ratio >= 0.8)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((old_id, _)) = best {
            take((n.id, old_id), &mut renamed, &mut taken);
        }
    }
    renamed
}

/// Whether two titles are the same title: the same words, or words changed
/// only at spelling level (no protected word touched).
fn titles_alike(a: &str, b: &str) -> bool {
    words::diff(a, b)
        .hunks
        .iter()
        .all(|h| super::classify::classify_hunk(h, &[]) == super::classify::HunkClass::Spelling)
}

/// The hashes of a body's blocks' words, sorted (a multiset to compare).
fn block_hashes(body: &str) -> Vec<u64> {
    let mut hashes: Vec<u64> = markdown::blocks(body)
        .iter()
        .map(|b| super::body::hash(&words::word_keys(&b.text)))
        .collect();
    hashes.sort_unstable();
    hashes
}

/// How many items two sorted multisets share.
fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Sections present on both sides whose place changed: another parent, or
/// out of order among the sections both sides share.
pub(super) fn moved_sections<'a>(
    old: &[SectionText<'a>],
    new: &[SectionText<'a>],
    renamed: &HashMap<&'a str, &'a str>,
) -> HashSet<&'a str> {
    let old_parent: HashMap<&str, Option<&str>> = old.iter().map(|o| (o.id, o.parent)).collect();
    let old_id = |n: &'a str| -> Option<&'a str> {
        renamed
            .get(n)
            .copied()
            .or_else(|| old_parent.contains_key(n).then_some(n))
    };
    let common_new: Vec<(&'a str, &'a str)> = new
        .iter()
        .filter_map(|n| old_id(n.id).map(|o| (n.id, o)))
        .collect();
    let shared: HashSet<&str> = common_new.iter().map(|(_, o)| *o).collect();
    let common_old: Vec<&str> = old
        .iter()
        .map(|o| o.id)
        .filter(|o| shared.contains(o))
        .collect();
    let new_order: Vec<&str> = common_new.iter().map(|(_, o)| *o).collect();
    let mut in_place: HashSet<&str> = HashSet::new();
    for op in capture_diff_slices(Algorithm::Myers, &common_old, &new_order) {
        if op.tag() == DiffTag::Equal {
            in_place.extend(&common_old[op.old_range()]);
        }
    }
    let new_parent: HashMap<&str, Option<&str>> = new.iter().map(|n| (n.id, n.parent)).collect();
    common_new
        .iter()
        .filter(|(n, o)| {
            let parent = new_parent
                .get(n)
                .copied()
                .flatten()
                .map(|p| old_id(p).unwrap_or(p));
            !in_place.contains(o) || parent != old_parent.get(o).copied().flatten()
        })
        .map(|(n, _)| *n)
        .collect()
}
