//! The changes grouped for reading. The record has one change per section
//! ([`super::Change`]); a reader is better served by one line for "90"
//! becoming "30" in three sections, naming all three, and by one line for a
//! paragraph that moved from one section to another (recorded in both).
//! Grouping never hides a section: every section of the record is named by
//! the group it is in.

use super::changes::{Change, ChangeKind, SectionRef};
use super::classify::Level;

/// Changes of the record that read as one.
#[derive(Debug, Clone)]
pub struct ChangeGroup<'a> {
    /// The first change of the group: its kind, texts and level stand for all.
    pub change: &'a Change,
    /// The highest level in the group (all have the same).
    pub level: Level,
    /// Each section of the group, with how many places in it.
    pub sections: Vec<(&'a SectionRef, usize)>,
    /// How many places in all (for a move, how many blocks moved).
    pub count: usize,
}

impl ChangeGroup<'_> {
    /// The group's reason in English, naming every section of it: "number
    /// changed in 'Usage Data' and 'Retention': '90' -> '30'".
    pub fn describe(&self) -> String {
        let titles: Vec<&str> = self
            .sections
            .iter()
            .map(|(s, _)| s.title.as_str())
            .collect();
        let section = match titles.as_slice() {
            [] => String::new(),
            [one] => (*one).to_owned(),
            [init @ .., last] => format!("{}' and '{last}", init.join("', '")),
        };
        let places = if self.count > self.sections.len() || (self.is_move() && self.count > 1) {
            self.count
        } else {
            1
        };
        self.change.describe_in(&section, places)
    }

    /// Whether the group's sentence names sections through the move's two
    /// ends (`from_section`, `to_section`) rather than through `sections`.
    pub fn is_move(&self) -> bool {
        matches!(self.change.kind, ChangeKind::BlockMoved(_))
    }
}

/// Whether two changes of different sections read as one change.
fn reads_as_one(a: &Change, b: &Change) -> bool {
    if a.kind != b.kind || a.level != b.level {
        return false;
    }
    fn id(s: &Option<SectionRef>) -> Option<&str> {
        s.as_ref().map(|s| s.id.as_str())
    }
    match a.kind {
        ChangeKind::Spelling | ChangeKind::ProtectedWord(..) | ChangeKind::Wording(_) => {
            let keys = |t: &Option<String>| t.as_deref().map(super::words::word_keys);
            keys(&a.old) == keys(&b.old) && keys(&a.new) == keys(&b.new)
        }
        ChangeKind::BlockMoved(_) => {
            id(&a.from_section) == id(&b.from_section) && id(&a.to_section) == id(&b.to_section)
        }
        _ => false,
    }
}

/// The changes of a record in groups for reading, in the record's order
/// (each group where its first change is).
pub fn for_reading(changes: &[Change]) -> Vec<ChangeGroup<'_>> {
    let mut groups: Vec<ChangeGroup<'_>> = Vec::new();
    for change in changes {
        match groups.iter_mut().find(|g| reads_as_one(g.change, change)) {
            Some(group) => {
                // The two entries of a move count the same blocks.
                group.count = if group.is_move() {
                    group.count.max(change.count)
                } else {
                    group.count + change.count
                };
                match group
                    .sections
                    .iter_mut()
                    .find(|(s, _)| s.id == change.section.id)
                {
                    Some((_, n)) => *n += change.count,
                    None => group.sections.push((&change.section, change.count)),
                }
            }
            None => groups.push(ChangeGroup {
                change,
                level: change.level,
                sections: vec![(&change.section, change.count)],
                count: change.count,
            }),
        }
    }
    groups
}
