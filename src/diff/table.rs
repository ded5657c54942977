//! Tables in a comparison: the columns of a table's two versions lined up
//! (from their header rows, so that a column added in the middle is one
//! column added, not every cell after it changed), and each row laid out in
//! those columns, cell by cell.

use std::collections::HashMap;

use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::body::{Containers, formatting, hash, record_hunks};
use super::changes::{Change, ChangeKind, SectionRef};
use super::classify;
use super::compute::{BlockDiff, BlockStatus, CellDiff, Column, Ctx, Side};
use super::words::{self, Segment, Tag};
use crate::markdown::{Block, BlockKind, Cell, ColumnAlign, ContainerKind};

/// Which cell of each version a column of the redline shows.
type Slot = (Option<usize>, Option<usize>);

/// The columns of one table of the redline.
#[derive(Debug, Clone)]
struct Layout {
    slots: Vec<Slot>,
    columns: Vec<Column>,
    /// What names each column of the two versions, for reasons about
    /// columns: its header cell, or its first cell with text.
    names: (Vec<String>, Vec<String>),
    /// Whether the table is in both versions (so its columns can be added
    /// and removed).
    matched: bool,
}

/// The layouts of the tables of one body's redline.
#[derive(Debug, Default)]
pub(super) struct Layouts {
    /// By new table id: tables of the new version (matched or not).
    by_new: HashMap<u32, Layout>,
    /// By old table id: tables of the old version with no match.
    by_old: HashMap<u32, Layout>,
    /// Old table id -> new table id.
    matched: HashMap<u32, u32>,
}

/// What a side knows of one of its tables.
#[derive(Debug, Default)]
struct TableInfo {
    align: Vec<ColumnAlign>,
    head: Vec<Cell>,
    width: usize,
    /// Each column's first cell with text (a table may have no header).
    sample: Vec<String>,
}

impl TableInfo {
    /// What names each column: its header cell, or its first cell with text.
    fn names(&self) -> Vec<String> {
        (0..self.width)
            .map(|i| {
                self.head
                    .get(i)
                    .map(|c| c.text.as_str())
                    .filter(|t| !t.is_empty())
                    .or_else(|| self.sample.get(i).map(String::as_str))
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect()
    }
}

fn tables(blocks: &[Block]) -> HashMap<u32, TableInfo> {
    let mut found: HashMap<u32, TableInfo> = HashMap::new();
    for block in blocks.iter().filter(|b| b.kind.is_row()) {
        let Some(container) = block.place.last() else {
            continue;
        };
        let ContainerKind::Table { align } = &container.kind else {
            continue;
        };
        let info = found.entry(container.id).or_default();
        if info.align.is_empty() {
            info.align.clone_from(align);
        }
        if block.kind == BlockKind::TableHeader && info.head.is_empty() {
            info.head.clone_from(&block.cells);
        }
        info.width = info.width.max(block.cells.len()).max(align.len());
        info.sample.resize(info.width, String::new());
        for (i, cell) in block.cells.iter().enumerate() {
            if info.sample[i].is_empty() {
                info.sample[i].clone_from(&cell.text);
            }
        }
    }
    found
}

/// The table a row is in.
fn table_of(block: &Block) -> Option<u32> {
    block
        .place
        .last()
        .filter(|c| matches!(c.kind, ContainerKind::Table { .. }))
        .map(|c| c.id)
}

impl Layouts {
    /// Lays out the tables of two bodies whose containers `map` matched.
    pub(super) fn new(old: &[Block], new: &[Block], map: &Containers) -> Self {
        let (old_tables, new_tables) = (tables(old), tables(new));
        let align =
            |info: &TableInfo, i: usize| info.align.get(i).copied().unwrap_or(ColumnAlign::None);
        let lone = |info: &TableInfo, side: Side| -> Layout {
            let slots = (0..info.width)
                .map(|i| match side {
                    Side::Old => (Some(i), None),
                    _ => (None, Some(i)),
                })
                .collect();
            let columns = (0..info.width)
                .map(|i| Column {
                    side: Side::Both,
                    align: align(info, i),
                })
                .collect();
            Layout {
                slots,
                columns,
                names: (Vec::new(), Vec::new()),
                matched: false,
            }
        };
        let mut layouts = Layouts::default();
        for (id, info) in &new_tables {
            let layout = match map
                .new_to_old
                .get(id)
                .and_then(|o| old_tables.get(o).map(|t| (o, t)))
            {
                Some((old_id, old_info)) => {
                    layouts.matched.insert(*old_id, *id);
                    let slots = align_columns(old_info, info);
                    let columns = slots
                        .iter()
                        .map(|slot| Column {
                            side: match slot {
                                (Some(_), Some(_)) => Side::Both,
                                (Some(_), None) => Side::Old,
                                _ => Side::New,
                            },
                            align: match slot {
                                (_, Some(b)) => align(info, *b),
                                (Some(a), None) => align(old_info, *a),
                                _ => ColumnAlign::None,
                            },
                        })
                        .collect();
                    Layout {
                        slots,
                        columns,
                        names: (old_info.names(), info.names()),
                        matched: true,
                    }
                }
                None => lone(info, Side::New),
            };
            layouts.by_new.insert(*id, layout);
        }
        for (id, info) in &old_tables {
            if !layouts.matched.contains_key(id) {
                layouts.by_old.insert(*id, lone(info, Side::Old));
            }
        }
        layouts
    }

    fn layout(&self, table: u32, side: Side) -> Option<&Layout> {
        match side {
            Side::Old => match self.matched.get(&table) {
                Some(new) => self.by_new.get(new),
                None => self.by_old.get(&table),
            },
            _ => self.by_new.get(&table),
        }
    }

    /// The columns of the table `table` of `side`, as the redline shows them.
    pub(super) fn columns(&self, table: u32, side: Side) -> Vec<Column> {
        self.layout(table, side)
            .map(|l| l.columns.clone())
            .unwrap_or_default()
    }

    /// Records the columns added to and removed from matched tables.
    pub(super) fn record_columns(&self, ctx: &mut Ctx<'_>, section: &SectionRef, material: bool) {
        // In reading order (tables are numbered as they start).
        let mut layouts: Vec<(&u32, &Layout)> =
            self.by_new.iter().filter(|(_, l)| l.matched).collect();
        layouts.sort_by_key(|(id, _)| **id);
        for (_, layout) in layouts {
            for slot in &layout.slots {
                let name = |names: &[String], i: usize| names.get(i).cloned();
                let (kind, old, new) = match *slot {
                    (Some(a), None) => (ChangeKind::ColumnRemoved, name(&layout.names.0, a), None),
                    (None, Some(b)) => (ChangeKind::ColumnAdded, None, name(&layout.names.1, b)),
                    _ => continue,
                };
                ctx.record(Change::new(
                    classify::structural_level(material),
                    kind,
                    section.clone(),
                    old,
                    new,
                ));
            }
        }
    }

    /// The cells of a row shown from one side only (added, removed, or in a
    /// body that did not change), in its table's columns.
    pub(super) fn cells_one_side(&self, block: &Block, side: Side, tag: Tag) -> Vec<CellDiff> {
        if !block.kind.is_row() {
            return Vec::new();
        }
        let Some(layout) = table_of(block).and_then(|t| self.layout(t, side)) else {
            return Vec::new();
        };
        layout
            .slots
            .iter()
            .zip(&layout.columns)
            .map(|(slot, column)| {
                let index = if side == Side::Old { slot.0 } else { slot.1 };
                let text = index
                    .and_then(|i| block.cells.get(i))
                    .map(|c| c.text.as_str());
                CellDiff {
                    side: column.side,
                    changed: tag != Tag::Equal && index.is_some(),
                    segments: run(tag, text.unwrap_or_default()),
                }
            })
            .collect()
    }

    /// Two versions of a table row compared cell by cell, in the columns of
    /// their table (or position by position, for a row that moved to
    /// another table).
    pub(super) fn paired_row(
        &self,
        ctx: &mut Ctx<'_>,
        (old, new): (&Block, &Block),
        section: &SectionRef,
        material: bool,
    ) -> BlockDiff {
        let same_table = match (table_of(old), table_of(new)) {
            (Some(o), Some(n)) => self.matched.get(&o) == Some(&n),
            _ => false,
        };
        let positional: Vec<(Slot, Side)>;
        let slots: Vec<(Slot, Side)> = match table_of(new).and_then(|n| self.by_new.get(&n)) {
            Some(layout) if same_table => layout
                .slots
                .iter()
                .copied()
                .zip(layout.columns.iter().map(|c| c.side))
                .collect(),
            _ => {
                let width = old.cells.len().max(new.cells.len());
                positional = (0..width)
                    .map(|i| ((Some(i), Some(i)), Side::Both))
                    .collect();
                positional
            }
        };
        let empty = Cell {
            text: String::new(),
            source: String::new(),
        };
        let (mut changed, mut reformatted) = (false, false);
        let (mut added, mut removed) = (0, 0);
        let mut cells = Vec::with_capacity(slots.len());
        for ((a, b), side) in slots {
            let oc = a.map(|i| old.cells.get(i).unwrap_or(&empty));
            let nc = b.map(|i| new.cells.get(i).unwrap_or(&empty));
            let cell = match (oc, nc) {
                (Some(oc), Some(nc)) if oc.text == nc.text => {
                    reformatted |= oc.source != nc.source;
                    CellDiff {
                        side,
                        changed: false,
                        segments: run(Tag::Equal, &nc.text),
                    }
                }
                (Some(oc), Some(nc)) => {
                    let diff = words::diff(&oc.text, &nc.text);
                    record_hunks(ctx, &diff.hunks, section, material);
                    added += diff.hunks.iter().map(|h| h.new_words.len()).sum::<usize>();
                    removed += diff.hunks.iter().map(|h| h.old_words.len()).sum::<usize>();
                    reformatted |= diff.hunks.is_empty();
                    changed |= !diff.hunks.is_empty();
                    CellDiff {
                        side,
                        changed: true,
                        segments: diff.segments,
                    }
                }
                (Some(oc), None) => {
                    removed += words::count_words(&oc.text);
                    CellDiff {
                        side,
                        changed: true,
                        segments: run(Tag::Delete, &oc.text),
                    }
                }
                (None, Some(nc)) => {
                    added += words::count_words(&nc.text);
                    CellDiff {
                        side,
                        changed: true,
                        segments: run(Tag::Insert, &nc.text),
                    }
                }
                (None, None) => CellDiff {
                    side,
                    changed: false,
                    segments: Vec::new(),
                },
            };
            changed |= cell.changed && side != Side::Both;
            cells.push(cell);
        }
        if reformatted {
            ctx.record(formatting(section));
        }
        BlockDiff {
            kind: new.kind,
            status: if changed {
                BlockStatus::Changed
            } else {
                BlockStatus::Unchanged
            },
            segments: Vec::new(),
            cells,
            moved: None,
            words_added: added,
            words_removed: removed,
            reformatted,
            place: Vec::new(),
        }
    }
}

/// A cell's text as one run (none for an empty cell).
fn run(tag: Tag, text: &str) -> Vec<Segment> {
    if text.is_empty() {
        Vec::new()
    } else {
        vec![Segment {
            tag,
            text: text.to_owned(),
        }]
    }
}

/// Lines up the columns of two versions of a table by their headers: the
/// same heading is the same column; headings replaced in the same place are
/// the same column renamed; the others were added or removed.
fn align_columns(old: &TableInfo, new: &TableInfo) -> Vec<Slot> {
    let keys = |info: &TableInfo| -> Vec<u64> {
        (0..info.width)
            .map(|i| {
                let text = info.head.get(i).map_or("", |c| c.text.as_str());
                hash(&words::word_keys(text))
            })
            .collect()
    };
    let (old_keys, new_keys) = (keys(old), keys(new));
    let mut slots = Vec::with_capacity(old_keys.len().max(new_keys.len()));
    for op in capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
        let (o, n) = (op.old_range(), op.new_range());
        match op.tag() {
            DiffTag::Equal => slots.extend(o.zip(n).map(|(a, b)| (Some(a), Some(b)))),
            _ => {
                let paired = o.len().min(n.len());
                slots.extend(o.clone().zip(n.clone()).map(|(a, b)| (Some(a), Some(b))));
                slots.extend(o.skip(paired).map(|a| (Some(a), None)));
                slots.extend(n.skip(paired).map(|b| (None, Some(b))));
            }
        }
    }
    slots
}
