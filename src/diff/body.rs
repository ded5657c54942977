//! One section's body compared with its other version: blocks matched in
//! reading order (identical ones on a hash of their text, edited ones by
//! how alike their words are), words compared within each matched block,
//! and every block given its place in the redline: the list, item, quote
//! or table it is shown in, with the containers of both versions matched so
//! that a removed item is shown in the list it was removed from.

use std::collections::HashMap;

use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::changes::{Change, ChangeKind, SectionRef};
use super::classify::{self, HunkClass, Level};
use super::compute::{BlockDiff, BlockStatus, Ctx, Place, PlaceKind, Side};
use super::table::Layouts;
use super::words::{self, Segment, Tag, Token};
use crate::markdown::{Block, Container, ContainerKind};

/// The key of a container of the old version that has no counterpart in
/// the new one (new containers keep their own number as key).
pub(super) const OLD_KEY: u32 = 1 << 31;

/// How the blocks of the two versions line up, in reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    /// The same block in both, perhaps edited.
    Pair(usize, usize),
    /// Only in the old version.
    Old(usize),
    /// Only in the new version.
    New(usize),
}

/// How many old blocks ahead a new block may be paired with (beyond that,
/// a block is added or removed, or moved).
const PAIRING_WINDOW: usize = 8;

/// The blocks of a body that did not change, as a redline.
pub(super) fn unchanged(blocks: &[Block]) -> Vec<BlockDiff> {
    let map = Containers::default();
    let layouts = Layouts::new(&[], blocks, &map);
    blocks
        .iter()
        .map(|b| lone(b, (Side::New, Tag::Equal), &map, &layouts))
        .collect()
}

/// How many words a block has (a row: in all its cells).
fn words_in(block: &Block) -> usize {
    if block.kind.is_row() {
        block
            .cells
            .iter()
            .map(|c| words::count_words(&c.text))
            .sum()
    } else {
        words::count_words(&block.text)
    }
}

/// The blocks of a section that is on one side only, as a redline.
pub(super) fn one_sided(blocks: &[Block], side: Side) -> Vec<BlockDiff> {
    let map = Containers::default();
    let (tag, layouts) = if side == Side::New {
        (Tag::Insert, Layouts::new(&[], blocks, &map))
    } else {
        (Tag::Delete, Layouts::new(blocks, &[], &map))
    };
    blocks
        .iter()
        .map(|b| lone(b, (side, tag), &map, &layouts))
        .collect()
}

/// A block of one version shown as it is: unchanged (`Tag::Equal`), added
/// (`Tag::Insert`, a block of the new version) or removed (`Tag::Delete`).
fn lone(block: &Block, (side, tag): (Side, Tag), map: &Containers, layouts: &Layouts) -> BlockDiff {
    let (status, words_added, words_removed) = match tag {
        Tag::Equal => (BlockStatus::Unchanged, 0, 0),
        Tag::Insert => (BlockStatus::Added, words_in(block), 0),
        Tag::Delete => (BlockStatus::Removed, 0, words_in(block)),
    };
    BlockDiff {
        kind: block.kind,
        status,
        segments: plain(block, tag),
        cells: layouts.cells_one_side(block, side, tag),
        moved: None,
        words_added,
        words_removed,
        reformatted: false,
        place: map.places(block, side, layouts),
    }
}

/// A block's text as one run (none for table rows, whose text is in cells).
fn plain(block: &Block, tag: Tag) -> Vec<Segment> {
    if block.kind.is_row() {
        Vec::new()
    } else {
        vec![Segment {
            tag,
            text: block.text.clone(),
        }]
    }
}

/// Compares the blocks of a section's two bodies, recording the changes
/// found in `section` (blocks added or removed are recorded once moves are
/// known, by [`super::moves`]).
pub(super) fn compare(
    ctx: &mut Ctx<'_>,
    old: &[Block],
    new: &[Block],
    section: &SectionRef,
    material: bool,
) -> Vec<BlockDiff> {
    let Aligned {
        steps,
        old_tokens,
        new_tokens,
    } = align(old, new);
    let map = Containers::matched(old, new, &steps);
    let layouts = Layouts::new(old, new, &map);
    layouts.record_columns(ctx, section, material);
    let mut out = Vec::with_capacity(steps.len());
    for step in steps {
        let block = match step {
            Step::Pair(o, n) => {
                let (old, new) = (&old[o], &new[n]);
                let mut diff = if new.kind.is_row() {
                    layouts.paired_row(ctx, (old, new), section, material)
                } else {
                    let tokens = (old_tokens[o].as_slice(), new_tokens[n].as_slice());
                    paired_block(ctx, (old, new), tokens, (section, material))
                };
                if !old.same_shape(new) {
                    diff.reformatted = true;
                    ctx.record(Change::new(
                        Level::Cosmetic,
                        ChangeKind::Restructured(new.kind),
                        section.clone(),
                        None,
                        Some(new.text.clone()),
                    ));
                } else if matches!((old.list_start(), new.list_start()), (Some(a), Some(b)) if a != b)
                    && !diff.reformatted
                {
                    // A numbered list that starts at another number.
                    diff.reformatted = true;
                    ctx.record(formatting(section));
                }
                diff.place = map.places(new, Side::New, &layouts);
                diff
            }
            Step::Old(o) => lone(&old[o], (Side::Old, Tag::Delete), &map, &layouts),
            Step::New(n) => lone(&new[n], (Side::New, Tag::Insert), &map, &layouts),
        };
        out.push(block);
    }
    out
}

/// How two bodies' blocks line up, with the tokens of the blocks that
/// differ (split once, for pairing and for the word diff).
pub(super) struct Aligned<'b> {
    pub(super) steps: Vec<Step>,
    old_tokens: Vec<Vec<Token<'b>>>,
    new_tokens: Vec<Vec<Token<'b>>>,
}

/// Lines the blocks of two bodies up. Blocks are matched on a hash of their
/// text: most blocks of two consecutive versions are identical and never
/// need splitting into words. Only blocks in runs that differ are split
/// (once each), to be paired by how alike their words are.
pub(super) fn align<'b>(old: &'b [Block], new: &'b [Block]) -> Aligned<'b> {
    let old_hashes: Vec<u64> = old.iter().map(|b| hash(&b.text)).collect();
    let new_hashes: Vec<u64> = new.iter().map(|b| hash(&b.text)).collect();
    let ops = capture_diff_slices(Algorithm::Myers, &old_hashes, &new_hashes);
    let tokens_of = |blocks: &'b [Block], side: fn(&similar::DiffOp) -> std::ops::Range<usize>| {
        let mut tokens: Vec<Vec<Token<'b>>> = vec![Vec::new(); blocks.len()];
        for op in ops.iter().filter(|op| op.tag() != DiffTag::Equal) {
            for i in side(op) {
                tokens[i] = words::tokenize(&blocks[i].text);
            }
        }
        tokens
    };
    let old_tokens = tokens_of(old, similar::DiffOp::old_range);
    let new_tokens = tokens_of(new, similar::DiffOp::new_range);
    let word_hashes = |tokens: &Vec<Token<'_>>| -> Vec<u64> {
        tokens
            .iter()
            .filter(|t| t.is_word())
            .map(|t| hash(&t.key))
            .collect()
    };
    let old_words: Vec<Vec<u64>> = old_tokens.iter().map(word_hashes).collect();
    let new_words: Vec<Vec<u64>> = new_tokens.iter().map(word_hashes).collect();
    let mut steps = Vec::with_capacity(old.len().max(new.len()));
    for op in ops {
        let (or, nr) = (op.old_range(), op.new_range());
        if op.tag() == DiffTag::Equal {
            steps.extend(or.zip(nr).map(|(o, n)| Step::Pair(o, n)));
            continue;
        }
        // Pair each new block with an old block of the run, in order: the
        // one in the same place if it is clearly the same block edited,
        // else the most similar of the next few. One block replaced by one
        // block of its kind is taken for the same block edited on less
        // evidence ("Effective date: December 20, 2019" and "Effective
        // date: April 2, 2020" share two words of five).
        let one_for_one = or.len() == 1 && nr.len() == 1;
        let in_place_ratio = if one_for_one { 0.3 } else { 0.6 };
        let mut next_old = or.start;
        // New blocks not paired yet: shown after the old blocks they
        // replace, as a redline reads (deletion, then insertion).
        let mut pending: Vec<Step> = Vec::new();
        for n in nr {
            let alike = |o: usize| old[o].kind == new[n].kind;
            let in_place = (next_old < or.end && alike(next_old))
                .then(|| similarity(&old_words[next_old], &new_words[n]))
                .filter(|ratio| *ratio >= in_place_ratio)
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
                    steps.extend((next_old..o).map(Step::Old));
                    steps.append(&mut pending);
                    steps.push(Step::Pair(o, n));
                    next_old = o + 1;
                }
                None => pending.push(Step::New(n)),
            }
        }
        steps.extend((next_old..or.end).map(Step::Old));
        steps.append(&mut pending);
    }

    Aligned {
        steps,
        old_tokens,
        new_tokens,
    }
}

/// Two versions of one block (not a table row) compared word by word.
fn paired_block(
    ctx: &mut Ctx<'_>,
    (old, new): (&Block, &Block),
    (old_tokens, new_tokens): (&[Token<'_>], &[Token<'_>]),
    (section, material): (&SectionRef, bool),
) -> BlockDiff {
    let mut diff = BlockDiff {
        kind: new.kind,
        status: BlockStatus::Unchanged,
        segments: Vec::new(),
        cells: Vec::new(),
        moved: None,
        words_added: 0,
        words_removed: 0,
        reformatted: false,
        place: Vec::new(),
    };
    if old.text == new.text {
        diff.segments = plain(new, Tag::Equal);
        diff.reformatted = old.source != new.source || old.kind != new.kind;
    } else {
        // Blocks paired as equal were never split (their texts are the same).
        let split = |tokens: &[Token<'_>], text: &str| tokens.is_empty() && !text.is_empty();
        let words = if split(old_tokens, &old.text) || split(new_tokens, &new.text) {
            words::diff(&old.text, &new.text)
        } else {
            words::diff_tokens(old_tokens, new_tokens)
        };

        diff.reformatted = words.hunks.is_empty();
        diff.status = if words.hunks.is_empty() {
            BlockStatus::Unchanged
        } else {
            BlockStatus::Changed
        };
        record_hunks(ctx, &words.hunks, section, material);
        diff.words_added = words.hunks.iter().map(|h| h.new_words.len()).sum();
        diff.words_removed = words.hunks.iter().map(|h| h.old_words.len()).sum();
        diff.segments = words.segments;
    }
    if diff.reformatted {
        ctx.record(formatting(section));
    }
    diff
}

/// A formatting change in `section`.
pub(super) fn formatting(section: &SectionRef) -> Change {
    Change::new(
        Level::Cosmetic,
        ChangeKind::Formatting,
        section.clone(),
        None,
        None,
    )
}

/// Records the word changes of a block (or cell) of `section`.
pub(super) fn record_hunks(
    ctx: &mut Ctx<'_>,
    hunks: &[words::Hunk],
    section: &SectionRef,
    material: bool,
) {
    for hunk in hunks {
        let class = classify::classify_hunk(hunk, ctx.material_words);
        let level = classify::hunk_level(&class, material);
        let kind = match class {
            HunkClass::Spelling => ChangeKind::Spelling,
            HunkClass::Protected { kind, edit, .. } => ChangeKind::ProtectedWord(kind, edit),
            HunkClass::Wording(edit) => ChangeKind::Wording(edit),
        };
        ctx.record(Change::new(
            level,
            kind,
            section.clone(),
            Some(hunk.old_text.clone()).filter(|t| !t.is_empty()),
            Some(hunk.new_text.clone()).filter(|t| !t.is_empty()),
        ));
    }
}

/// Which containers of the old version are which of the new one.
#[derive(Debug, Default)]
pub(super) struct Containers {
    /// Old container id -> new container id.
    pub(super) old_to_new: HashMap<u32, u32>,
    /// New container id -> old container id.
    pub(super) new_to_old: HashMap<u32, u32>,
}

impl Containers {
    /// Matches containers through the blocks paired in `steps`: two paired
    /// blocks' containers are the same, level by level from the outside,
    /// while they are of the same kind and not matched to others.
    fn matched(old: &[Block], new: &[Block], steps: &[Step]) -> Self {
        let mut map = Containers::default();
        for step in steps {
            let Step::Pair(o, n) = *step else { continue };
            for (a, b) in old[o].place.iter().zip(&new[n].place) {
                if std::mem::discriminant(&a.kind) != std::mem::discriminant(&b.kind) {
                    break;
                }
                match (map.old_to_new.get(&a.id), map.new_to_old.get(&b.id)) {
                    (Some(x), _) if *x == b.id => continue,
                    (None, None) => {
                        map.old_to_new.insert(a.id, b.id);
                        map.new_to_old.insert(b.id, a.id);
                    }
                    _ => break,
                }
            }
        }
        map
    }

    /// The key a container of `side` is shown under.
    pub(super) fn key(&self, container: &Container, side: Side) -> u32 {
        match side {
            Side::Old => self
                .old_to_new
                .get(&container.id)
                .copied()
                .unwrap_or(container.id | OLD_KEY),
            _ => container.id,
        }
    }

    /// Where `block`, a block of `side`, is shown.
    pub(super) fn places(&self, block: &Block, side: Side, layouts: &Layouts) -> Vec<Place> {
        block
            .place
            .iter()
            .map(|c| Place {
                key: self.key(c, side),
                kind: match &c.kind {
                    ContainerKind::Quote => PlaceKind::Quote,
                    ContainerKind::List { ordered } => PlaceKind::List { ordered: *ordered },
                    ContainerKind::Item { number, .. } => PlaceKind::Item { number: *number },
                    ContainerKind::Table { .. } => PlaceKind::Table {
                        columns: layouts.columns(c.id, side),
                    },
                },
            })
            .collect()
    }
}

/// A hash of anything hashable (for matching words and blocks).
pub(super) fn hash<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
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
