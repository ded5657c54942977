//! The redline of a section in the shape of its text: the comparison keeps
//! blocks as one sequence, each with the containers it is shown in
//! ([`crate::diff::Place`]); this puts them back into lists, items, quotes
//! and tables, for the templates to draw as the text has them.

use crate::diff::{BlockDiff, BlockStatus, Column, PlaceKind, SectionRef, Side};
use crate::render::views::{
    RedlineBlock, RedlineCell, RedlineNode, RedlineRow, SectionLink, Widths,
};

/// A container being filled.
struct Open<'a> {
    key: u32,
    node: RedlineNode<'a>,
}

/// The nodes of a section's redline, from its blocks in reading order.
/// `link` names the section on the other end of a move.
pub(super) fn nodes<'a>(
    blocks: &'a [BlockDiff],
    link: &dyn Fn(&'a SectionRef) -> SectionLink<'a>,
) -> Vec<RedlineNode<'a>> {
    let mut root: Vec<RedlineNode<'a>> = Vec::new();
    let mut open: Vec<Open<'a>> = Vec::new();
    for block in blocks {
        let common = open
            .iter()
            .zip(&block.place)
            .take_while(|(o, p)| o.key == p.key)
            .count();
        while open.len() > common {
            close(&mut open, &mut root);
        }
        for place in &block.place[common..] {
            open.push(Open {
                key: place.key,
                node: container(&place.kind),
            });
        }
        let moved = block.moved.as_ref().map(link);
        match open.last_mut().map(|o| &mut o.node) {
            Some(RedlineNode::Table {
                head,
                body,
                columns,
                ..
            }) if block.kind.is_row() => {
                let row = row(block, columns, moved);
                if block.kind == crate::markdown::BlockKind::TableHeader {
                    head.push(row);
                } else {
                    body.push(row);
                }
            }
            other => {
                let leaf = RedlineNode::Block(RedlineBlock {
                    kind: block.kind,
                    status: block.status,
                    segments: &block.segments,
                    moved,
                    reformatted: block.reformatted,
                });
                match other {
                    Some(
                        RedlineNode::List { children, .. }
                        | RedlineNode::Item { children, .. }
                        | RedlineNode::Quote { children, .. },
                    ) => children.push(leaf),
                    _ => root.push(leaf),
                }
            }
        }
    }
    while !open.is_empty() {
        close(&mut open, &mut root);
    }
    root
}

fn container<'a>(kind: &'a PlaceKind) -> RedlineNode<'a> {
    match kind {
        PlaceKind::Quote => RedlineNode::Quote {
            side: Side::Both,
            changed: false,
            children: Vec::new(),
        },
        PlaceKind::List { ordered } => RedlineNode::List {
            ordered: *ordered,
            side: Side::Both,
            changed: false,
            children: Vec::new(),
        },
        PlaceKind::Item { number } => RedlineNode::Item {
            number: *number,
            side: Side::Both,
            changed: false,
            children: Vec::new(),
        },
        PlaceKind::Table { columns } => RedlineNode::Table {
            side: Side::Both,
            changed: false,
            columns,
            widths: Widths {
                both: columns.len(),
                old: columns.iter().filter(|c| c.side != Side::New).count(),
                new: columns.iter().filter(|c| c.side != Side::Old).count(),
            },
            head: Vec::new(),
            body: Vec::new(),
        },
    }
}

fn row<'a>(
    block: &'a BlockDiff,
    columns: &[Column],
    moved: Option<SectionLink<'a>>,
) -> RedlineRow<'a> {
    RedlineRow {
        status: block.status,
        moved,
        reformatted: block.reformatted,
        cells: block
            .cells
            .iter()
            .enumerate()
            .map(|(i, cell)| RedlineCell {
                side: cell.side,
                changed: cell.changed,
                segments: &cell.segments,
                align: columns
                    .get(i)
                    .map_or(crate::markdown::ColumnAlign::None, |c| c.align),
            })
            .collect(),
    }
}

/// Closes the innermost open container: settles which versions have it and
/// whether it changed, and adds it to its parent.
fn close<'a>(open: &mut Vec<Open<'a>>, root: &mut Vec<RedlineNode<'a>>) {
    let Some(Open { mut node, .. }) = open.pop() else {
        return;
    };
    let (found_side, found_changed) = summary(&node);
    match &mut node {
        RedlineNode::List { side, changed, .. }
        | RedlineNode::Item { side, changed, .. }
        | RedlineNode::Quote { side, changed, .. }
        | RedlineNode::Table { side, changed, .. } => {
            *side = found_side;
            *changed = found_changed;
        }
        RedlineNode::Block(_) => {}
    }
    match open.last_mut().map(|o| &mut o.node) {
        Some(
            RedlineNode::List { children, .. }
            | RedlineNode::Item { children, .. }
            | RedlineNode::Quote { children, .. },
        ) => children.push(node),
        // A table holds rows only; anything else closes it first.
        _ => root.push(node),
    }
}

/// Which versions have a node, and whether anything in it changed.
fn summary(node: &RedlineNode<'_>) -> (Side, bool) {
    let status_side = |status: BlockStatus| match status {
        BlockStatus::Added | BlockStatus::MovedHere => Side::New,
        BlockStatus::Removed | BlockStatus::MovedAway => Side::Old,
        _ => Side::Both,
    };
    let combine = |sides: &mut dyn Iterator<Item = (Side, bool)>| {
        let mut side: Option<Side> = None;
        let mut changed = false;
        for (s, c) in sides {
            changed |= c;
            side = Some(match side {
                None => s,
                Some(prev) if prev == s => s,
                Some(_) => Side::Both,
            });
        }
        (side.unwrap_or(Side::Both), changed)
    };
    match node {
        RedlineNode::Block(b) => (
            status_side(b.status),
            b.status != BlockStatus::Unchanged || b.reformatted,
        ),
        RedlineNode::List { children, .. }
        | RedlineNode::Item { children, .. }
        | RedlineNode::Quote { children, .. } => combine(&mut children.iter().map(summary)),
        RedlineNode::Table { head, body, .. } => combine(&mut head.iter().chain(body).map(|r| {
            (
                status_side(r.status),
                r.status != BlockStatus::Unchanged
                    || r.reformatted
                    || r.cells.iter().any(|c| c.changed),
            )
        })),
    }
}
