//! Which section of the old version is which of the new one: the same id,
//! an alias naming the old id, the same text under a new id (a rename), or
//! nearly the same text under a new id (a rename with edits); and which
//! sections both versions have but in another place (moved).

use std::collections::{HashMap, HashSet};

use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::compute::SectionText;
use super::words;
use crate::markdown;

/// Sections whose id changed: new id -> old id. A new section is the old
/// section it names in `aliases`, or else one with the same words.
pub(super) fn renames<'a>(
    old: &[SectionText<'a>],
    new: &[SectionText<'a>],
    old_ids: &HashMap<&str, usize>,
    new_ids: &HashMap<&str, usize>,
) -> HashMap<&'a str, &'a str> {
    let mut renamed: HashMap<&str, &str> = HashMap::new();
    let gone: Vec<&SectionText<'a>> = old.iter().filter(|o| !new_ids.contains_key(o.id)).collect();
    let fresh: Vec<&SectionText<'a>> = new.iter().filter(|n| !old_ids.contains_key(n.id)).collect();
    for n in &fresh {
        if let Some(o) = gone
            .iter()
            .find(|o| n.aliases.iter().any(|a| a.as_str() == o.id))
        {
            renamed.insert(n.id, o.id);
        }
    }
    // The same text under a new id is the section renamed, whatever its
    // title became ("Lawful Bases" retitled "Lawful basis" gets a new
    // anchor); a section without text of its own must keep its title too.
    // Among several, one with the same title is preferred.
    type Content = (Vec<String>, Vec<String>);
    let content = |s: &SectionText<'_>| (words::word_keys(s.title), words::word_keys(s.body));
    let gone_content: Vec<Content> = gone.iter().map(|o| content(o)).collect();
    let unmatched: Vec<&&SectionText<'a>> = fresh
        .iter()
        .filter(|n| !renamed.contains_key(n.id))
        .collect();
    for n in unmatched {
        let (title, body) = content(n);
        let same = |c: &Content| c.1 == body && (!body.is_empty() || c.0 == title);
        let candidates: Vec<(&str, &Content)> = gone
            .iter()
            .zip(&gone_content)
            .filter(|(o, c)| same(c) && !renamed.values().any(|r| *r == o.id))
            .map(|(o, c)| (o.id, c))
            .collect();
        let chosen = candidates
            .iter()
            .find(|(_, c)| c.0 == title)
            .or_else(|| candidates.first());
        if let Some((old_id, _)) = chosen {
            renamed.insert(n.id, old_id);
        }
    }
    // Nearly the same text (four blocks of five the same, or more) under a
    // new id is the section renamed and edited: its redline shows the edits
    // rather than every block removed and added again.
    let blocks = |s: &SectionText<'_>| -> Vec<u64> {
        let mut hashes: Vec<u64> = markdown::blocks(s.body)
            .iter()
            .map(|b| super::body::hash(&words::word_keys(&b.text)))
            .collect();
        hashes.sort_unstable();
        hashes
    };
    let shared = |a: &[u64], b: &[u64]| {
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
    };
    let left: Vec<&&SectionText<'a>> = gone
        .iter()
        .filter(|o| !renamed.values().any(|r| *r == o.id))
        .collect();
    let left_blocks: Vec<Vec<u64>> = left.iter().map(|o| blocks(o)).collect();
    let unmatched: Vec<&&SectionText<'a>> = fresh
        .iter()
        .filter(|n| !renamed.contains_key(n.id))
        .collect();
    for n in unmatched {
        let mine = blocks(n);
        if mine.len() < 2 {
            continue;
        }
        let best = left
            .iter()
            .zip(&left_blocks)
            .filter(|(o, b)| b.len() >= 2 && !renamed.values().any(|r| *r == o.id))
            .map(|(o, b)| {
                (
                    o.id,
                    2.0 * shared(&mine, b) as f32 / (mine.len() + b.len()) as f32,
                )
            })
            .filter(|(_, ratio)| *ratio >= 0.8)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((old_id, _)) = best {
            renamed.insert(n.id, old_id);
        }
    }
    renamed
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
