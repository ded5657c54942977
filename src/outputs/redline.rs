//! The redline of a section in the shape of its text. The comparison keeps
//! blocks as one sequence, each with the containers it is shown in
//! ([`crate::diff::Place`]); this puts them back into lists, items, quotes
//! and tables, and writes each view as a flat run of pieces (`open`, block,
//! row, `close`) that a template draws with one loop at any depth:
//!
//! - the redline itself, both versions' runs marked;
//! - the "before" column: the earlier version whole (text that moved away
//!   shown where it was), nothing of what only the later version has;
//! - the "after" column: the later version whole.
//!
//! Runs of whitespace are written as the view's version has them, unmarked
//! (a mark around nothing visible would only puzzle), except in code.

use crate::diff::words::{Segment, Tag};
use crate::diff::{BlockDiff, BlockStatus, CellDiff, Column, PlaceKind, SectionRef, Side};
use crate::markdown::{BlockKind, ColumnAlign};
use crate::render::views::{
    Element, RedlineBlock, RedlineCell, RedlinePiece, RedlineRow, SectionLink,
};

/// Which view of the redline is being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum View {
    /// The redline: both versions.
    Both,
    /// The "before" column.
    Old,
    /// The "after" column.
    New,
}

/// The section's body in the shape of the text (before it is written out).
enum Node<'a> {
    Block(&'a BlockDiff),
    Container {
        kind: &'a PlaceKind,
        children: Vec<Node<'a>>,
    },
}

/// The body of a section's redline in `view`, from its blocks in reading
/// order. `link` names the section on the other end of a move.
pub(super) fn pieces<'a>(
    blocks: &'a [BlockDiff],
    view: View,
    link: &dyn Fn(&'a SectionRef) -> SectionLink<'a>,
) -> Vec<RedlinePiece<'a>> {
    let tree = tree(blocks);
    let mut out = Vec::new();
    let writer = Writer { view, link };
    for node in &tree {
        writer.node(node, true, &mut out);
    }
    out
}

/// Puts the blocks back into their containers.
fn tree(blocks: &[BlockDiff]) -> Vec<Node<'_>> {
    let mut root: Vec<Node<'_>> = Vec::new();
    // The open containers: their key and their node.
    let mut open: Vec<(u32, Node<'_>)> = Vec::new();
    for block in blocks {
        let common = open
            .iter()
            .zip(&block.place)
            .take_while(|((key, _), p)| *key == p.key)
            .count();
        while open.len() > common {
            close(&mut open, &mut root);
        }
        for place in &block.place[common..] {
            open.push((
                place.key,
                Node::Container {
                    kind: &place.kind,
                    children: Vec::new(),
                },
            ));
        }
        match open.last_mut() {
            Some((_, Node::Container { children, .. })) => children.push(Node::Block(block)),
            _ => root.push(Node::Block(block)),
        }
    }
    while !open.is_empty() {
        close(&mut open, &mut root);
    }
    root
}

/// Closes the innermost open container, adding it to its parent.
fn close<'a>(open: &mut Vec<(u32, Node<'a>)>, root: &mut Vec<Node<'a>>) {
    if let Some((_, node)) = open.pop() {
        match open.last_mut() {
            Some((_, Node::Container { children, .. })) => children.push(node),
            _ => root.push(node),
        }
    }
}

/// Which versions have a block: both, or the one its status says.
fn block_side(status: BlockStatus) -> Side {
    match status {
        BlockStatus::Added | BlockStatus::MovedHere => Side::New,
        BlockStatus::Removed | BlockStatus::MovedAway => Side::Old,
        _ => Side::Both,
    }
}

/// Which versions have a node, and whether anything in it changed.
fn summary(node: &Node<'_>) -> (Side, bool) {
    match node {
        Node::Block(b) => (
            block_side(b.status),
            b.status != BlockStatus::Unchanged
                || b.reformatted
                || b.cells.iter().any(|c| c.changed),
        ),
        Node::Container { children, .. } => {
            let mut side: Option<Side> = None;
            let mut changed = false;
            for (s, c) in children.iter().map(summary) {
                changed |= c;
                side = Some(match side {
                    None => s,
                    Some(prev) if prev == s => s,
                    Some(_) => Side::Both,
                });
            }
            (side.unwrap_or(Side::Both), changed)
        }
    }
}

struct Writer<'l, 'a> {
    view: View,
    link: &'l dyn Fn(&'a SectionRef) -> SectionLink<'a>,
}

impl<'a> Writer<'_, 'a> {
    /// Whether the view leaves out something only `side` has.
    fn leaves_out(&self, side: Side) -> bool {
        matches!(
            (self.view, side),
            (View::Old, Side::New) | (View::New, Side::Old)
        )
    }

    fn node(&self, node: &Node<'a>, top: bool, out: &mut Vec<RedlinePiece<'a>>) {
        let (side, changed) = summary(node);
        if self.leaves_out(side) {
            if top {
                out.push(RedlinePiece::Gap);
            }
            return;
        }
        match node {
            Node::Block(block) if block.kind.is_row() => {
                out.push(RedlinePiece::Row(self.row(block)))
            }
            Node::Block(block) => out.push(RedlinePiece::Block(self.block(block))),
            Node::Container { kind, children } => {
                let (element, number) = match kind {
                    PlaceKind::Quote => (Element::Blockquote, None),
                    PlaceKind::List { ordered: true } => (Element::Ol, None),
                    PlaceKind::List { ordered: false } => (Element::Ul, None),
                    PlaceKind::Item { number } => (Element::Li, *number),
                    PlaceKind::Table { .. } => (Element::Table, None),
                };
                out.push(RedlinePiece::Open {
                    element,
                    side,
                    changed,
                    number,
                });
                if let PlaceKind::Table { columns } = kind {
                    self.table(children, columns, out);
                } else {
                    for child in children {
                        self.node(child, false, out);
                    }
                }
                out.push(RedlinePiece::Close { element });
            }
        }
    }

    /// A table's rows, header rows first in their own part.
    fn table(&self, rows: &[Node<'a>], columns: &[Column], out: &mut Vec<RedlinePiece<'a>>) {
        let shown: Vec<&BlockDiff> = rows
            .iter()
            .filter_map(|n| match n {
                Node::Block(b) if !self.leaves_out(block_side(b.status)) => Some(*b),
                _ => None,
            })
            .collect();
        for (element, header) in [(Element::Thead, true), (Element::Tbody, false)] {
            let part: Vec<&&BlockDiff> = shown
                .iter()
                .filter(|b| (b.kind == BlockKind::TableHeader) == header)
                .collect();
            if part.is_empty() {
                continue;
            }
            let changed = part.iter().any(|b| b.status != BlockStatus::Unchanged);
            out.push(RedlinePiece::Open {
                element,
                side: Side::Both,
                changed,
                number: None,
            });
            for block in part {
                let mut row = self.row(block);
                for (cell, column) in row
                    .cells
                    .iter_mut()
                    .zip(columns.iter().filter(|c| !self.leaves_out(c.side)))
                {
                    cell.align = column.align;
                }
                out.push(RedlinePiece::Row(row));
            }
            out.push(RedlinePiece::Close { element });
        }
    }

    fn block(&self, block: &'a BlockDiff) -> RedlineBlock<'a> {
        let code = block.kind == BlockKind::Code;
        let segments = match (self.view, block.status) {
            // The moved text is shown where it is now; where it was, a note.
            (View::Both | View::New, BlockStatus::MovedAway) => Vec::new(),
            // In the "before" column it is shown where it was.
            (View::Old, BlockStatus::MovedAway) => plain(&block.segments),
            _ => self.runs(&block.segments, code),
        };
        RedlineBlock {
            kind: block.kind,
            status: block.status,
            segments,
            moved: block.moved.as_ref().map(self.link),
            reformatted: block.reformatted,
        }
    }

    fn row(&self, block: &'a BlockDiff) -> RedlineRow<'a> {
        let moved_away = block.status == BlockStatus::MovedAway;
        let shown: Vec<&CellDiff> = block
            .cells
            .iter()
            .filter(|c| !self.leaves_out(c.side))
            .collect();
        let span = shown.len();
        // A row that moved away is a note where it was, but in the
        // "before" column, which shows it whole.
        let cells = if moved_away && self.view != View::Old {
            Vec::new()
        } else {
            shown
                .into_iter()
                .map(|cell| RedlineCell {
                    side: cell.side,
                    changed: cell.changed,
                    segments: if moved_away {
                        plain(&cell.segments)
                    } else {
                        self.runs(&cell.segments, false)
                    },
                    align: ColumnAlign::None,
                })
                .collect()
        };
        RedlineRow {
            status: block.status,
            header: block.kind == BlockKind::TableHeader,
            moved: block.moved.as_ref().map(self.link),
            reformatted: block.reformatted,
            inline: self.view == View::Both,
            span,
            cells,
        }
    }

    /// The runs of a text as the view shows them: only the view's version
    /// in a column of the side-by-side view; whitespace at either end of a
    /// marked run written outside the mark, and a run of whitespace alone
    /// written as the version has it, unmarked (in code, marked: there,
    /// spacing is part of the text).
    fn runs(&self, segments: &[Segment], code: bool) -> Vec<Segment> {
        let mut out: Vec<Segment> = Vec::with_capacity(segments.len());
        let mut push = |tag: Tag, text: &str| {
            if text.is_empty() {
                return;
            }
            match out.last_mut() {
                Some(last) if last.tag == tag => last.text.push_str(text),
                _ => out.push(Segment {
                    tag,
                    text: text.to_owned(),
                }),
            }
        };
        for segment in segments {
            let shown = match (self.view, segment.tag) {
                (View::Old, Tag::Insert) | (View::New, Tag::Delete) => continue,
                (_, tag) => tag,
            };
            if shown == Tag::Equal {
                push(Tag::Equal, &segment.text);
                continue;
            }
            let core = segment.text.trim();
            if core.is_empty() && !code {
                if shown == Tag::Insert {
                    push(Tag::Equal, &segment.text);
                }
                continue;
            }
            if code {
                push(shown, &segment.text);
                continue;
            }
            let start = segment.text.len() - segment.text.trim_start().len();
            let end = start + core.len();
            push(Tag::Equal, &segment.text[..start]);
            push(shown, core);
            push(Tag::Equal, &segment.text[end..]);
        }
        out
    }
}

/// A text's runs as plain text (what moved away, shown where it was).
fn plain(segments: &[Segment]) -> Vec<Segment> {
    let text: String = segments.iter().map(|s| s.text.as_str()).collect();
    if text.is_empty() {
        Vec::new()
    } else {
        vec![Segment {
            tag: Tag::Equal,
            text,
        }]
    }
}

#[cfg(test)]
mod tests;
