//! Moves: a block removed in one place and added, with the same words, in
//! another (in the same section or another) is shown once, as moved, and
//! recorded in both sections it touches. A section removed whose every
//! block went to other sections is recorded as removed with its text moved
//! (only its title is gone), and likewise a section added whose text came
//! from elsewhere. The blocks that did not move are recorded as added or
//! removed.

use super::changes::{Change, ChangeKind, SectionRef};
use super::classify::{self, Level};
use super::compute::{BlockStatus, Ctx, SectionDiff, SectionStatus};
use super::words::{self, Tag};
use crate::markdown::BlockKind;

/// Where a block is: section, block.
type Slot = (usize, usize);

/// Pairs removed and added blocks with the same words as moves, anywhere in
/// the policy; records the others as removed or added.
pub(super) fn resolve(ctx: &mut Ctx<'_>, sections: &mut [SectionDiff], materials: &[bool]) {
    let collect = |status: BlockStatus| -> Vec<(Slot, Vec<String>)> {
        sections
            .iter()
            .enumerate()
            .flat_map(|(s, section)| {
                section
                    .blocks
                    .iter()
                    .enumerate()
                    .filter(move |(_, b)| b.status == status)
                    .map(move |(b, block)| ((s, b), words::word_keys(&text_of(block))))
            })
            .collect()
    };
    let removed = collect(BlockStatus::Removed);
    let added = collect(BlockStatus::Added);
    let reference = |s: usize, sections: &[SectionDiff]| SectionRef {
        id: sections[s].id.clone(),
        title: sections[s].title.clone(),
    };
    let whole = |s: usize, sections: &[SectionDiff]| {
        matches!(
            sections[s].status,
            SectionStatus::Added | SectionStatus::Removed
        )
    };
    let mut used = vec![false; added.len()];
    let mut moved_away = vec![false; removed.len()];
    for (r, ((rs, rb), key)) in removed.iter().enumerate() {
        let partner = added
            .iter()
            .enumerate()
            .position(|(i, (_, k))| !used[i] && !key.is_empty() && k == key);
        let Some(i) = partner else { continue };
        used[i] = true;
        moved_away[r] = true;
        let ((a_s, a_b), _) = added[i];
        let (from, to) = (reference(*rs, sections), reference(a_s, sections));
        let old_text = text_of(&sections[*rs].blocks[*rb]);
        // Text that changes places within what holds it (paragraphs of a
        // section reordered, items of one list) reads the same: cosmetic.
        // Text moved under another heading, into another list or out of a
        // quote may say something else there: that is judged as blocks
        // added and removed are (material in a material section).
        // (A list item's own place is its item; what holds it, its list.)
        let holder = |s: usize, b: usize| {
            let block = &sections[s].blocks[b];
            let own = usize::from(block.kind == BlockKind::ListItem);
            block.place.iter().rev().nth(own).map(|p| p.key)
        };

        let level = if *rs == a_s && holder(*rs, *rb) == holder(a_s, a_b) {
            Level::Cosmetic
        } else {
            classify::structural_level(materials[a_s])
        };
        let away = &mut sections[*rs].blocks[*rb];
        away.status = BlockStatus::MovedAway;
        away.moved = Some(to.clone());
        away.words_removed = 0;
        let here = &mut sections[a_s].blocks[a_b];
        let new_text = text_of(here);
        here.status = BlockStatus::MovedHere;
        here.moved = Some(from.clone());
        here.words_added = 0;
        let kind = here.kind;
        if here.cells.is_empty() {
            // Punctuation or case may differ: show that as a redline of the moved text.
            here.segments = words::diff(&old_text, &new_text).segments;
        } else {
            for segment in here.cells.iter_mut().flat_map(|c| c.segments.iter_mut()) {
                segment.tag = Tag::Equal;
            }
            for cell in &mut here.cells {
                cell.changed = false;
            }
        }
        let entry = |section: &SectionRef, old: Option<String>, new: Option<String>| {
            let mut change = Change::new(
                level,
                ChangeKind::BlockMoved(kind),
                section.clone(),
                old,
                new,
            );
            change.from_section = Some(from.clone());
            change.to_section = Some(to.clone());
            change
        };
        if !whole(a_s, sections) {
            ctx.record(entry(&to, None, Some(new_text)));
        }
        if from.id != to.id && !whole(*rs, sections) {
            ctx.record(entry(&from, Some(old_text), None));
        }
    }
    // Blocks of a section added or removed as a whole are covered by that change.
    let mut record_unmoved = |slots: &[(Slot, Vec<String>)], paired: &[bool], added: bool| {
        let unmoved = slots
            .iter()
            .zip(paired)
            .filter(|(slot, p)| !**p && !whole(slot.0.0, sections));
        for (((s, b), key), _) in unmoved {
            let block = &sections[*s].blocks[*b];
            let text = Some(text_of(block));
            let (kind, old, new) = if added {
                (ChangeKind::BlockAdded(block.kind), None, text)
            } else {
                (ChangeKind::BlockRemoved(block.kind), text, None)
            };
            // A block with no words (an empty item, "...") shows nothing
            // that could say something: cosmetic.
            let level = if key.is_empty() {
                Level::Cosmetic
            } else {
                classify::structural_level(materials[*s])
            };
            ctx.record(Change::new(level, kind, reference(*s, sections), old, new));
        }
    };
    record_unmoved(&removed, &moved_away, false);
    record_unmoved(&added, &used, true);
    dissolved(ctx, sections);
}

/// A section added or removed whose every block moved in from, or out to,
/// one section that both versions have: only its title came or went, a
/// minor change, and its record says where the text is.
fn dissolved(ctx: &mut Ctx<'_>, sections: &[SectionDiff]) {
    for section in sections {
        let (kind, moved) = match section.status {
            SectionStatus::Removed => (ChangeKind::SectionRemoved, BlockStatus::MovedAway),
            SectionStatus::Added => (ChangeKind::SectionAdded, BlockStatus::MovedHere),
            _ => continue,
        };
        if section.blocks.is_empty() || section.blocks.iter().any(|b| b.status != moved) {
            continue;
        }
        // All of it to (or from) one section; text that went several ways
        // leaves the section's own removal (or addition) as it is.
        let other = section.blocks.iter().find_map(|b| b.moved.clone());
        let one_way = section
            .blocks
            .iter()
            .all(|b| b.moved.as_ref().map(|m| &m.id) == other.as_ref().map(|m| &m.id));
        // ... into (or out of) a section both versions have: a section
        // removed whose text went into a section added is another section,
        // not this one retitled (that would have been found a rename).
        let lasting = other.as_ref().is_some_and(|m| {
            sections.iter().any(|s| {
                s.id == m.id && !matches!(s.status, SectionStatus::Added | SectionStatus::Removed)
            })
        });
        if !one_way || !lasting {
            continue;
        }

        if let Some(change) = ctx
            .changes
            .changes_mut()
            .iter_mut()
            .find(|c| c.kind == kind && c.section.id == section.id)
        {
            change.level = change.level.min(Level::Minor);
            if kind == ChangeKind::SectionRemoved {
                change.to_section = other;
            } else {
                change.from_section = other;
            }
        }
    }
}

/// The text of a block of the redline, as one side wrote it (a row's cells
/// joined as the comparison joins them).
fn text_of(block: &super::compute::BlockDiff) -> String {
    if block.cells.is_empty() {
        block.segments.iter().map(|s| s.text.as_str()).collect()
    } else {
        // Cells of a column the row's version does not have are left out.
        let cells: Vec<String> = block
            .cells
            .iter()
            .filter(|c| !c.segments.is_empty())
            .map(|c| c.segments.iter().map(|s| s.text.as_str()).collect())
            .collect();
        crate::markdown::join_cells(cells.iter().map(String::as_str))
    }
}
