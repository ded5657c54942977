//! The structural comparison of two versions' texts: sections matched by id
//! (then by alias or text: [`super::matching`]), each section's title and
//! body compared ([`super::body`]), and blocks that moved anywhere in the
//! policy recognized as moved rather than removed and added
//! ([`super::moves`]). Every change found names the one section it is in.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use serde::Serialize;

use super::changes::{Change, ChangeKind, Record, SectionRef, describe_all};
use super::classify::{self, Level};
use super::splits::Splits;
use super::words::{self, Segment, Tag};
use crate::markdown::{self, BlockKind, ColumnAlign};
use crate::model::SectionId;

/// One section of one side of a comparison, flattened.
#[derive(Debug, Clone, Hash)]
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
    /// Earlier ids of the section (`aliases:`): an old section with one of
    /// them is this section, renamed.
    pub aliases: &'a [SectionId],
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
    /// Same words (formatting may differ: see `reformatted`).
    Unchanged,
    /// Words changed.
    Changed,
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// Moved here from elsewhere, with the same words.
    MovedHere,
    /// Moved from here to elsewhere (its text is shown where it went).
    MovedAway,
}

/// Which versions have something: a table column, or a cell's column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Both versions.
    Both,
    /// Only the old version.
    Old,
    /// Only the new version.
    New,
}

/// A column of a table as the redline lays it out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    /// Whether the column is in both versions, or was added or removed.
    pub side: Side,
    /// How it is aligned.
    pub align: ColumnAlign,
}

/// What holds a block in the redline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PlaceKind {
    /// A block quote.
    Quote,
    /// A list.
    List {
        /// Numbered or bulleted.
        ordered: bool,
    },
    /// A list item.
    Item {
        /// Its number in a numbered list (in the version the item is shown from).
        number: Option<u64>,
    },
    /// A table, with the columns of both versions in reading order.
    Table {
        /// The columns.
        columns: Vec<Column>,
    },
}

/// One container of a block in the redline. Blocks that share a container
/// (the same `key`) are shown inside one element: the rows of one table,
/// the items of one list, the blocks of one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    /// Tells the container from the others of its section's redline.
    pub key: u32,
    /// What it is.
    #[serde(flatten)]
    pub kind: PlaceKind,
}

/// A cell of a table row in the redline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellDiff {
    /// Whether its column is in both versions or in one.
    pub side: Side,
    /// Whether its text changed (or its column was added or removed).
    pub changed: bool,
    /// Its text as equal, inserted and deleted runs (empty for a cell that
    /// one version's row does not have).
    pub segments: Vec<Segment>,
}

/// A block of the redline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlockDiff {
    /// Paragraph, list item, table row, ...
    pub kind: BlockKind,
    /// What happened to it.
    pub status: BlockStatus,
    /// Its text as equal, inserted and deleted runs (empty for table rows).
    pub segments: Vec<Segment>,
    /// A table row's cells, one per column of the table's layout.
    pub cells: Vec<CellDiff>,
    /// For a moved block: the section on the other end of the move.
    pub moved: Option<SectionRef>,
    /// How many words it gained (words of a moved block are not counted).
    pub words_added: usize,
    /// How many words it lost.
    pub words_removed: usize,
    /// Whether, with the same words, its formatting or its place in lists
    /// and quotes changed.
    pub reformatted: bool,
    /// The containers it is shown in, outermost first.
    pub place: Vec<Place>,
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
    /// Its earlier ids that it keeps as anchors (`aliases:`).
    pub aliases: Vec<String>,
    /// Nesting depth.
    pub depth: usize,
    /// The highest level of its changes.
    pub level: Level,
    /// Its blocks; none for an unchanged section (its text is the same on
    /// both sides, and a redline of it would mark nothing).
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
    /// Every change, each in one section, most serious first.
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
    compare_paired(old, new, material_words, None, None)
}

/// [`compare`], with the renamed sections given (new id to old id) rather
/// than found: a translation's comparison pairs sections the way the
/// source's comparison did, so that what a translated change page lists
/// and what its redline shows are the same sections. Bodies are split
/// into blocks through `splits` when given (each distinct body once).
pub fn compare_paired(
    old: &[SectionText<'_>],
    new: &[SectionText<'_>],
    material_words: &[String],
    renames: Option<&BTreeMap<String, String>>,
    splits: Option<&Splits>,
) -> Comparison {
    let mut ctx = Ctx {
        material_words,
        changes: Record::default(),
        splits,
    };
    let old_ids: HashMap<&str, usize> = old.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let new_ids: HashMap<&str, usize> = new.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let renamed = match renames {
        None => super::matching::renames(old, new, &old_ids, &new_ids),
        Some(given) => given
            .iter()
            .filter_map(|(n, o)| {
                let n = new[*new_ids.get(n.as_str())?].id;
                let o = old[*old_ids.get(o.as_str())?].id;
                (!old_ids.contains_key(n) && !new_ids.contains_key(o)).then_some((n, o))
            })
            .collect(),
    };
    let renamed_old: HashSet<&str> = renamed.values().copied().collect();
    let moved = super::matching::moved_sections(old, new, &renamed);

    // The new version's sections, in order ...
    let mut shown: Vec<(SectionDiff, bool)> = Vec::with_capacity(new.len());
    for n in new {
        let counterpart = old_ids
            .get(n.id)
            .map(|&i| &old[i])
            .or_else(|| renamed.get(n.id).map(|o| &old[old_ids[o]]));
        let section = match counterpart {
            Some(o) => ctx.changed_section(o, n, moved.contains(n.id)),
            None => ctx.one_sided_section(n, SectionStatus::Added),
        };
        shown.push((section, n.material));
    }
    // ... and each removed one after the nearest section before it in the
    // old text that is still there (by its new id; at the top if none).
    let mut kept: HashMap<&str, &str> = renamed.iter().map(|(n, o)| (*o, *n)).collect();
    kept.extend(
        old.iter()
            .filter(|o| new_ids.contains_key(o.id))
            .map(|o| (o.id, o.id)),
    );
    let mut removed_after: HashMap<Option<&str>, Vec<(SectionDiff, bool)>> = HashMap::new();
    let mut last_kept: Option<&str> = None;
    for o in old {
        match kept.get(o.id) {
            Some(new_id) => last_kept = Some(new_id),
            None if renamed_old.contains(o.id) => {}
            None => removed_after
                .entry(last_kept)
                .or_default()
                .push((ctx.one_sided_section(o, SectionStatus::Removed), o.material)),
        }
    }
    let mut ordered: Vec<(SectionDiff, bool)> = removed_after.remove(&None).unwrap_or_default();
    for ((section, material), n) in shown.into_iter().zip(new) {
        let after = removed_after.remove(&Some(n.id));
        ordered.push((section, material));
        ordered.extend(after.into_iter().flatten());
    }
    let (mut sections, materials): (Vec<SectionDiff>, Vec<bool>) = ordered.into_iter().unzip();
    super::moves::resolve(&mut ctx, &mut sections, &materials);

    let mut levels: HashMap<&str, Level> = HashMap::new();
    for change in ctx.changes.changes() {
        let level = levels
            .entry(change.section.id.as_str())
            .or_insert(Level::None);
        *level = (*level).max(change.level);
    }
    for section in &mut sections {
        section.level = levels
            .get(section.id.as_str())
            .copied()
            .unwrap_or(Level::None);
        if section.status == SectionStatus::Unchanged
            && (section.level > Level::None || section.moved)
        {
            section.status = SectionStatus::Changed;
        }
        // A section whose body stayed the same but whose title or place
        // changed is shown whole, every block unchanged.
        if section.status == SectionStatus::Changed
            && section.blocks.is_empty()
            && let Some(&i) = new_ids.get(section.id.as_str())
        {
            section.blocks = super::body::unchanged(&ctx.blocks(new[i].body));
        }
    }
    let stats = stats(&sections);
    let mut changes = ctx.changes.into_changes();
    describe_all(&mut changes);
    changes.sort_by_key(|c| std::cmp::Reverse(c.level));
    Comparison {
        level: changes.iter().map(|c| c.level).max().unwrap_or(Level::None),
        changes,
        sections,
        stats,
    }
}

/// What the comparison of one pair of texts collects as it goes.
pub(super) struct Ctx<'m> {
    pub(super) material_words: &'m [String],
    pub(super) changes: Record,
    /// Where bodies split earlier are kept, if anywhere.
    splits: Option<&'m Splits>,
}

impl Ctx<'_> {
    /// The blocks of `body`.
    fn blocks(&self, body: &str) -> Arc<Vec<markdown::Block>> {
        match self.splits {
            Some(splits) => splits.blocks(body),
            None => Arc::new(markdown::blocks(body)),
        }
    }

    /// Records a change (merging it into the same change in the same section).
    pub(super) fn record(&mut self, change: Change) {
        self.changes.add(change);
    }

    /// A section only on one side: every block added (or removed).
    fn one_sided_section(&mut self, s: &SectionText<'_>, status: SectionStatus) -> SectionDiff {
        let reference = SectionRef {
            id: s.id.to_owned(),
            title: s.title.to_owned(),
        };
        let (kind, side) = if status == SectionStatus::Added {
            (ChangeKind::SectionAdded, Side::New)
        } else {
            (ChangeKind::SectionRemoved, Side::Old)
        };
        self.record(Change::new(
            classify::structural_level(s.material),
            kind,
            reference,
            None,
            None,
        ));
        let tag = if side == Side::New {
            Tag::Insert
        } else {
            Tag::Delete
        };
        let blocks = super::body::one_sided(&self.blocks(s.body), side);
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
            aliases: s.aliases.iter().map(|a| a.to_string()).collect(),
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
        let recorded = self.changes.len();
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
        // An unchanged body is not split here: a section that stays
        // unchanged shows no redline (its text is on the version's page),
        // and one that changed only in its title or place gets its blocks
        // once its status is known (`compare_paired`).
        let blocks = if o.body == n.body {
            Vec::new()
        } else {
            let old_blocks = self.blocks(o.body);
            let new_blocks = self.blocks(n.body);
            super::body::compare(self, &old_blocks, &new_blocks, &reference, n.material)
        };
        // Text that differs only where no block shows it (blank lines
        // between blocks, spaces at the end) is still a change of the text.
        let pending = blocks
            .iter()
            .any(|b| matches!(b.status, BlockStatus::Added | BlockStatus::Removed));
        if o.body != n.body && self.changes.len() == recorded && !pending {
            self.record(Change::new(
                Level::Cosmetic,
                ChangeKind::Formatting,
                reference,
                None,
                None,
            ));
        }
        SectionDiff {
            id: n.id.to_owned(),
            title: n.title.to_owned(),
            title_segments: title.segments,
            status: SectionStatus::Unchanged,
            moved,
            renamed_from: (o.id != n.id).then(|| o.id.to_owned()),
            aliases: n.aliases.iter().map(|a| a.to_string()).collect(),
            depth: n.depth,
            level: Level::None,
            blocks,
        }
    }
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
            stats.words_added += block.words_added;
            stats.words_removed += block.words_removed;
        }
    }
    stats
}
