//! The structural comparison of two versions' texts: sections matched by id
//! (added, removed, renamed, moved, changed), blocks compared within each
//! section, words within each changed block, and blocks that moved anywhere
//! in the policy recognized as moved rather than removed and added.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::changes::{Change, ChangeKind, Edit, SectionRef, merge_into};
use super::classify::{self, HunkClass, Level};
use super::words::{self, Segment, Tag, Token};
use crate::markdown::{self, Block, BlockKind};

/// One section of one side of a comparison, flattened.
#[derive(Debug, Clone)]
pub struct SectionText<'a> {
    /// The section id.
    pub id: &'a str,
    /// Its title on this side.
    pub title: &'a str,
    /// Its body (Markdown) on this side.
    pub body: &'a str,
    /// Whether changes here can be material (always from the source locale).
    pub material: bool,
    /// Nesting depth, 0 for top-level sections.
    pub depth: usize,
    /// The parent section's id.
    pub parent: Option<&'a str>,
}

/// Where a section stands in the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionStatus {
    /// Same text, same place.
    Unchanged,
    /// Its text or title changed, or it moved.
    Changed,
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
}

/// Where a block stands in the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockStatus {
    /// Same words (formatting may differ: see the segments).
    Unchanged,
    /// Words changed.
    Changed,
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// Moved here from elsewhere, unchanged.
    MovedHere,
    /// Moved from here to elsewhere (its text is shown where it went).
    MovedAway,
}

/// A block of the redline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlockDiff {
    /// Paragraph, list item, ...
    pub kind: BlockKind,
    /// What happened to it.
    pub status: BlockStatus,
    /// Its text as equal, inserted and deleted runs.
    pub segments: Vec<Segment>,
    /// For a moved block: the section on the other end of the move.
    pub moved: Option<SectionRef>,
}

/// A section of the redline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionDiff {
    /// Its id (new id for a renamed section).
    pub id: String,
    /// Its title (new, or old for a removed section).
    pub title: String,
    /// The title as equal, inserted and deleted runs.
    pub title_segments: Vec<Segment>,
    /// What happened to it.
    pub status: SectionStatus,
    /// Whether it moved (to another place or parent).
    pub moved: bool,
    /// Its old id, when it was renamed.
    pub renamed_from: Option<String>,
    /// Nesting depth.
    pub depth: usize,
    /// The highest level of its changes.
    pub level: Level,
    /// Its blocks.
    pub blocks: Vec<BlockDiff>,
}

/// Counts for the summary before a redline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Sections with any change (added, removed, moved or edited).
    pub sections_changed: usize,
    /// Words inserted.
    pub words_added: usize,
    /// Words deleted.
    pub words_removed: usize,
    /// Blocks moved unchanged.
    pub blocks_moved: usize,
}

/// The comparison of two versions' texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// The highest level of all changes (`none` when nothing changed).
    pub level: Level,
    /// Every change, repeated replacements merged, most serious first.
    pub changes: Vec<Change>,
    /// The redline, section by section in reading order.
    pub sections: Vec<SectionDiff>,
    /// Counts.
    pub stats: Stats,
}

/// Compares two flattened texts. `material_words` are the policy's extra protected words.
pub fn compare(
    old: &[SectionText<'_>],
    new: &[SectionText<'_>],
    material_words: &[String],
) -> Comparison {
    let mut ctx = Ctx {
        material_words,
        changes: Vec::new(),
    };
    let old_ids: HashMap<&str, usize> = old.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let new_ids: HashMap<&str, usize> = new.iter().enumerate().map(|(i, s)| (s.id, i)).collect();

    // Renamed sections: an id gone and an id new with the same words.
    let content = |s: &SectionText<'_>| (words::word_keys(s.title), words::word_keys(s.body));
    let mut renamed: HashMap<&str, &str> = HashMap::new(); // new id -> old id
    for n in new.iter().filter(|s| !old_ids.contains_key(s.id)) {
        let key = content(n);
        let candidate = old
            .iter()
            .filter(|o| !new_ids.contains_key(o.id) && !renamed.values().any(|r| *r == o.id))
            .find(|o| content(o) == key);
        if let Some(o) = candidate {
            renamed.insert(n.id, o.id);
        }
    }
    let renamed_old: HashSet<&str> = renamed.values().copied().collect();
    let moved = moved_sections(old, new, &renamed);

    let mut sections: Vec<SectionDiff> = Vec::new();
    // Whether each entry of `sections` is a material section.
    let mut materials: Vec<bool> = Vec::new();
    for n in new {
        let counterpart = old_ids
            .get(n.id)
            .map(|&i| &old[i])
            .or_else(|| renamed.get(n.id).map(|o| &old[old_ids[o]]));
        let section = match counterpart {
            Some(o) => ctx.changed_section(o, n, moved.contains(n.id)),
            None => ctx.one_sided_section(n, SectionStatus::Added),
        };
        sections.push(section);
        materials.push(n.material);
    }
    // Removed sections go after the section that preceded them in the old text.
    for (i, o) in old.iter().enumerate() {
        if new_ids.contains_key(o.id) || renamed_old.contains(o.id) {
            continue;
        }
        let anchor = old[..i].iter().rev().find_map(|p| {
            let id = renamed
                .iter()
                .find(|(_, old_id)| **old_id == p.id)
                .map_or(p.id, |(new_id, _)| *new_id);
            sections
                .iter()
                .rposition(|s| s.id == id && s.status != SectionStatus::Removed)
        });
        let mut at = anchor.map_or(0, |a| a + 1);
        while sections
            .get(at)
            .is_some_and(|s| s.status == SectionStatus::Removed)
        {
            at += 1;
        }
        let removed = ctx.one_sided_section(o, SectionStatus::Removed);
        sections.insert(at, removed);
        materials.insert(at, o.material);
    }
    ctx.resolve_moves(&mut sections, &materials);

    for section in &mut sections {
        let id = section.id.clone();
        section.level = ctx
            .changes
            .iter()
            .filter(|c| c.section.id == id)
            .map(|c| c.level)
            .max()
            .unwrap_or(Level::None);
        if section.status == SectionStatus::Unchanged
            && (section.level > Level::None || section.moved)
        {
            section.status = SectionStatus::Changed;
        }
    }
    let stats = stats(&sections);
    let mut changes = ctx.changes;
    changes.sort_by_key(|c| std::cmp::Reverse(c.level));
    Comparison {
        level: changes.iter().map(|c| c.level).max().unwrap_or(Level::None),
        changes,
        sections,
        stats,
    }
}

/// Sections present on both sides whose place changed: another parent, or
/// out of order among the sections both sides share.
fn moved_sections<'a>(
    old: &[SectionText<'a>],
    new: &[SectionText<'a>],
    renamed: &HashMap<&str, &str>,
) -> HashSet<&'a str> {
    let old_id = |n: &str| -> Option<String> {
        renamed
            .get(n)
            .map(|o| (*o).to_owned())
            .or_else(|| old.iter().any(|o| o.id == n).then(|| n.to_owned()))
    };
    let common_new: Vec<(&str, String)> = new
        .iter()
        .filter_map(|n| old_id(n.id).map(|o| (n.id, o)))
        .collect();
    let common_old: Vec<&str> = old
        .iter()
        .map(|o| o.id)
        .filter(|o| common_new.iter().any(|(_, c)| c == o))
        .collect();
    let new_order: Vec<&str> = common_new.iter().map(|(_, o)| o.as_str()).collect();
    let mut in_place: HashSet<&str> = HashSet::new();
    for op in capture_diff_slices(Algorithm::Myers, &common_old, &new_order) {
        if op.tag() == DiffTag::Equal {
            in_place.extend(&common_old[op.old_range()]);
        }
    }
    let parent_of = |id: &str, side: &[SectionText<'a>]| {
        side.iter().find(|s| s.id == id).and_then(|s| s.parent)
    };
    common_new
        .iter()
        .filter(|(n, o)| {
            let new_parent = parent_of(n, new).map(|p| old_id(p).unwrap_or_else(|| p.to_owned()));
            !in_place.contains(o.as_str()) || new_parent.as_deref() != parent_of(o, old)
        })
        .map(|(n, _)| *n)
        .collect()
}

struct Ctx<'m> {
    material_words: &'m [String],
    changes: Vec<Change>,
}

impl Ctx<'_> {
    fn record(&mut self, change: Change) {
        merge_into(&mut self.changes, change);
    }

    /// A section only on one side: every block added (or removed).
    fn one_sided_section(&mut self, s: &SectionText<'_>, status: SectionStatus) -> SectionDiff {
        let reference = SectionRef {
            id: s.id.to_owned(),
            title: s.title.to_owned(),
        };
        let kind = if status == SectionStatus::Added {
            ChangeKind::SectionAdded
        } else {
            ChangeKind::SectionRemoved
        };
        self.record(Change::new(
            classify::structural_level(s.material),
            kind,
            reference.clone(),
            None,
            None,
        ));
        let (tag, block_status) = if status == SectionStatus::Added {
            (Tag::Insert, BlockStatus::Added)
        } else {
            (Tag::Delete, BlockStatus::Removed)
        };
        let blocks = markdown::blocks(s.body)
            .into_iter()
            .map(|b| BlockDiff {
                kind: b.kind,
                status: block_status,
                segments: vec![Segment { tag, text: b.text }],
                moved: None,
            })
            .collect();
        SectionDiff {
            id: s.id.to_owned(),
            title: s.title.to_owned(),
            title_segments: vec![Segment {
                tag,
                text: s.title.to_owned(),
            }],
            status,
            moved: false,
            renamed_from: None,
            depth: s.depth,
            level: Level::None,
            blocks,
        }
    }

    /// A section on both sides.
    fn changed_section(
        &mut self,
        o: &SectionText<'_>,
        n: &SectionText<'_>,
        moved: bool,
    ) -> SectionDiff {
        let reference = SectionRef {
            id: n.id.to_owned(),
            title: n.title.to_owned(),
        };
        let material = n.material;
        if o.id != n.id {
            self.record(Change::new(
                Level::Minor,
                ChangeKind::SectionRenamed,
                reference.clone(),
                Some(o.id.to_owned()),
                Some(n.id.to_owned()),
            ));
        }
        if moved {
            self.record(Change::new(
                Level::Cosmetic,
                ChangeKind::SectionMoved,
                reference.clone(),
                None,
                None,
            ));
        }
        let title = words::diff(o.title, n.title);
        if !title.hunks.is_empty() {
            self.record(Change::new(
                Level::Minor,
                ChangeKind::TitleChanged,
                reference.clone(),
                Some(o.title.to_owned()),
                Some(n.title.to_owned()),
            ));
        } else if o.title != n.title {
            self.record(Change::new(
                Level::Cosmetic,
                ChangeKind::Formatting,
                reference.clone(),
                None,
                None,
            ));
        }
        let old_blocks = markdown::blocks(o.body);
        let new_blocks = markdown::blocks(n.body);
        let blocks = self.compare_blocks(&old_blocks, &new_blocks, &reference, material);
        SectionDiff {
            id: n.id.to_owned(),
            title: n.title.to_owned(),
            title_segments: title.segments,
            status: SectionStatus::Unchanged,
            moved,
            renamed_from: (o.id != n.id).then(|| o.id.to_owned()),
            depth: n.depth,
            level: Level::None,
            blocks,
        }
    }

    fn compare_blocks<'b>(
        &mut self,
        old: &'b [Block],
        new: &'b [Block],
        section: &SectionRef,
        material: bool,
    ) -> Vec<BlockDiff> {
        // Blocks are matched on a hash of their text: most blocks of two
        // consecutive versions are identical and never need tokenizing. Only
        // blocks in runs that differ are split into words (once each), to be
        // paired by similarity and compared word by word.
        let old_hashes: Vec<u64> = old.iter().map(|b| hash(&b.text)).collect();
        let new_hashes: Vec<u64> = new.iter().map(|b| hash(&b.text)).collect();
        let ops = capture_diff_slices(Algorithm::Myers, &old_hashes, &new_hashes);
        let in_changed_run =
            |side: fn(&similar::DiffOp) -> std::ops::Range<usize>, len: usize| -> Vec<bool> {
                let mut marks = vec![false; len];
                for op in ops.iter().filter(|op| op.tag() != DiffTag::Equal) {
                    marks[side(op)].iter_mut().for_each(|m| *m = true);
                }
                marks
            };
        let old_changed = in_changed_run(similar::DiffOp::old_range, old.len());
        let new_changed = in_changed_run(similar::DiffOp::new_range, new.len());
        let tokens = |blocks: &'b [Block], marks: &[bool]| -> Vec<Vec<Token<'b>>> {
            blocks
                .iter()
                .zip(marks)
                .map(|(b, m)| {
                    if *m {
                        words::tokenize(&b.text)
                    } else {
                        Vec::new()
                    }
                })
                .collect()
        };
        let old_tokens = tokens(old, &old_changed);
        let new_tokens = tokens(new, &new_changed);
        let word_hashes = |tokens: &Vec<Token<'_>>| -> Vec<u64> {
            tokens
                .iter()
                .filter(|t| t.is_word())
                .map(|t| hash(&t.key))
                .collect()
        };
        let old_words: Vec<Vec<u64>> = old_tokens.iter().map(word_hashes).collect();
        let new_words: Vec<Vec<u64>> = new_tokens.iter().map(word_hashes).collect();
        let pair = |ctx: &mut Self, o: usize, n: usize| {
            ctx.paired_block(
                (&old[o], &old_tokens[o]),
                (&new[n], &new_tokens[n]),
                section,
                material,
            )
        };
        let mut out = Vec::new();
        for op in ops {
            let (or, nr) = (op.old_range(), op.new_range());
            if op.tag() == DiffTag::Equal {
                for (o, n) in or.zip(nr) {
                    out.push(pair(self, o, n));
                }
                continue;
            }
            // Pair each new block with an old block of the run, in order: the
            // one in the same place if it is clearly the same block edited,
            // else the most similar of the next few.
            let mut next_old = or.start;
            for n in nr {
                let alike = |o: usize| old[o].kind == new[n].kind;
                let in_place = (next_old < or.end && alike(next_old))
                    .then(|| similarity(&old_words[next_old], &new_words[n]))
                    .filter(|ratio| *ratio >= 0.6)
                    .map(|ratio| (next_old, ratio));
                let best = in_place.or_else(|| {
                    (next_old..or.end.min(next_old + PAIRING_WINDOW))
                        .filter(|&o| alike(o))
                        .map(|o| (o, similarity(&old_words[o], &new_words[n])))
                        .filter(|(_, ratio)| *ratio >= 0.5)
                        .max_by(|a, b| a.1.total_cmp(&b.1))
                });
                match best {
                    Some((o, _)) => {
                        out.extend(old[next_old..o].iter().map(|b| Self::unpaired(b, false)));
                        out.push(pair(self, o, n));
                        next_old = o + 1;
                    }
                    None => out.push(Self::unpaired(&new[n], true)),
                }
            }
            out.extend(
                old[next_old..or.end]
                    .iter()
                    .map(|b| Self::unpaired(b, false)),
            );
        }
        out
    }

    fn paired_block(
        &mut self,
        (old, old_tokens): (&Block, &[Token<'_>]),
        (new, new_tokens): (&Block, &[Token<'_>]),
        section: &SectionRef,
        material: bool,
    ) -> BlockDiff {
        if old.text == new.text {
            if old.source != new.source {
                self.record(Change::new(
                    Level::Cosmetic,
                    ChangeKind::Formatting,
                    section.clone(),
                    None,
                    None,
                ));
            }
            let segments = vec![Segment {
                tag: Tag::Equal,
                text: new.text.clone(),
            }];
            return BlockDiff {
                kind: new.kind,
                status: BlockStatus::Unchanged,
                segments,
                moved: None,
            };
        }
        let diff = words::diff_tokens(old_tokens, new_tokens);
        for hunk in &diff.hunks {
            let class = classify::classify_hunk(hunk, self.material_words);
            let level = classify::hunk_level(&class, material);
            let edit = Edit::of(hunk.old_words.len(), hunk.new_words.len());
            let kind = match class {
                HunkClass::Spelling => ChangeKind::Spelling,
                HunkClass::Protected(p, _) => ChangeKind::ProtectedWord(p, edit),
                HunkClass::Wording => ChangeKind::Wording(edit),
            };
            self.record(Change::new(
                level,
                kind,
                section.clone(),
                Some(hunk.old_text.clone()),
                Some(hunk.new_text.clone()),
            ));
        }
        if diff.hunks.is_empty() && (old.text != new.text || old.source != new.source) {
            self.record(Change::new(
                Level::Cosmetic,
                ChangeKind::Formatting,
                section.clone(),
                None,
                None,
            ));
        }
        let status = if diff.hunks.is_empty() {
            BlockStatus::Unchanged
        } else {
            BlockStatus::Changed
        };
        BlockDiff {
            kind: new.kind,
            status,
            segments: diff.segments,
            moved: None,
        }
    }

    /// A block on one side only. It may turn out to have moved: that is
    /// settled once every section is compared (`resolve_moves`).
    fn unpaired(block: &Block, added: bool) -> BlockDiff {
        let (tag, status) = if added {
            (Tag::Insert, BlockStatus::Added)
        } else {
            (Tag::Delete, BlockStatus::Removed)
        };
        BlockDiff {
            kind: block.kind,
            status,
            segments: vec![Segment {
                tag,
                text: block.text.clone(),
            }],
            moved: None,
        }
    }

    /// Pairs removed and added blocks with the same words as moves, anywhere in
    /// the policy; records the others as removed or added.
    fn resolve_moves(&mut self, sections: &mut [SectionDiff], materials: &[bool]) {
        let collect = |status: BlockStatus| -> Vec<(usize, usize, Vec<String>)> {
            sections
                .iter()
                .enumerate()
                .flat_map(|(s, section)| {
                    section
                        .blocks
                        .iter()
                        .enumerate()
                        .filter(move |(_, b)| b.status == status)
                        .map(move |(b, block)| (s, b, words::word_keys(&block.segments[0].text)))
                })
                .collect()
        };
        let removed = collect(BlockStatus::Removed);
        let added = collect(BlockStatus::Added);
        let reference = |s: usize, sections: &[SectionDiff]| SectionRef {
            id: sections[s].id.clone(),
            title: sections[s].title.clone(),
        };
        let mut used = vec![false; added.len()];
        let mut moved_away = vec![false; removed.len()];
        for (r, (rs, rb, key)) in removed.iter().enumerate() {
            let partner = added
                .iter()
                .enumerate()
                .position(|(i, (_, _, k))| !used[i] && !key.is_empty() && k == key);
            let Some(i) = partner else { continue };
            used[i] = true;
            moved_away[r] = true;
            let (a_s, a_b, _) = added[i];
            let (from, to) = (reference(*rs, sections), reference(a_s, sections));
            let old_text = sections[*rs].blocks[*rb].segments[0].text.clone();
            let away = &mut sections[*rs].blocks[*rb];
            away.status = BlockStatus::MovedAway;
            away.moved = Some(to.clone());
            let here = &mut sections[a_s].blocks[a_b];
            let new_text = here.segments[0].text.clone();
            here.status = BlockStatus::MovedHere;
            here.moved = Some(from.clone());
            // Punctuation or case may differ: show that as a redline of the moved text.
            here.segments = words::diff(&old_text, &new_text).segments;
            let mut change = Change::new(
                Level::Cosmetic,
                ChangeKind::BlockMoved(here.kind),
                to,
                None,
                Some(new_text),
            );
            change.from_section = Some(from);
            change.reason = change.describe();
            self.record(change);
        }
        // Blocks of a section added or removed as a whole are covered by that change.
        let whole = |s: usize, sections: &[SectionDiff]| {
            matches!(
                sections[s].status,
                SectionStatus::Added | SectionStatus::Removed
            )
        };
        let mut record_unmoved =
            |slots: &[(usize, usize, Vec<String>)], paired: &[bool], added: bool| {
                let unmoved = slots
                    .iter()
                    .zip(paired)
                    .filter(|(slot, p)| !**p && !whole(slot.0, sections));
                for ((s, b, _), _) in unmoved {
                    let block = &sections[*s].blocks[*b];
                    let text = Some(block.segments[0].text.clone());
                    let (kind, old, new) = if added {
                        (ChangeKind::BlockAdded(block.kind), None, text)
                    } else {
                        (ChangeKind::BlockRemoved(block.kind), text, None)
                    };
                    let level = classify::structural_level(materials[*s]);
                    self.record(Change::new(level, kind, reference(*s, sections), old, new));
                }
            };
        record_unmoved(&removed, &moved_away, false);
        record_unmoved(&added, &used, true);
    }
}

/// How many old blocks ahead a new block may be paired with (beyond that,
/// a block is added or removed, or moved).
const PAIRING_WINDOW: usize = 8;

/// A hash of anything hashable (for matching words and blocks).
fn hash<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(value)
}

/// How alike two word lists are, from 0 (nothing shared) to 1 (equal).
fn similarity(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let ops = capture_diff_slices(Algorithm::Myers, a, b);
    similar::diff_ratio(&ops, a.len(), b.len())
}

fn stats(sections: &[SectionDiff]) -> Stats {
    let mut stats = Stats::default();
    for section in sections {
        if section.status != SectionStatus::Unchanged {
            stats.sections_changed += 1;
        }
        for block in &section.blocks {
            if block.status == BlockStatus::MovedHere {
                stats.blocks_moved += 1;
            }
            if matches!(
                block.status,
                BlockStatus::MovedHere | BlockStatus::MovedAway
            ) {
                continue;
            }
            for segment in block.segments.iter().filter(|s| s.tag != Tag::Equal) {
                let count = words::word_keys(&segment.text).len();
                match segment.tag {
                    Tag::Insert => stats.words_added += count,
                    _ => stats.words_removed += count,
                }
            }
        }
    }
    stats
}
