//! The changes grouped for reading. The record has one change per section
//! ([`super::Change`]); a reader is better served by one line for "90"
//! becoming "30" in three sections, naming all three, and by one line for a
//! paragraph that moved from one section to another (recorded in both).
//! Grouping never hides a section: every section of the record is named by
//! the group it is in.

use std::collections::HashMap;

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
    /// How many places to say the group was made in, when that adds to
    /// the sections it names: more places than sections, or a move of
    /// several blocks.
    pub fn places(&self) -> Option<usize> {
        let counted = self.count > self.sections.len().max(1) || (self.is_move() && self.count > 1);
        counted.then_some(self.count)
    }

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
        self.change
            .describe_in(&section, self.places().unwrap_or(1))
    }

    /// Whether the group's sentence names sections through the move's two
    /// ends (`from_section`, `to_section`) rather than through `sections`.
    pub fn is_move(&self) -> bool {
        matches!(self.change.kind, ChangeKind::BlockMoved(_))
    }
}

/// What makes changes of different sections read as one: the same kind and
/// level, and the same words replaced, or the same two ends of a move.
/// None for changes that read on their own.
fn reading_key(change: &Change) -> Option<(ChangeKind, Level, ReadingDetail)> {
    let id = |s: &Option<SectionRef>| s.as_ref().map(|s| s.id.clone());
    let detail = match change.kind {
        ChangeKind::Spelling | ChangeKind::ProtectedWord(..) | ChangeKind::Wording(_) => {
            let keys = |t: &Option<String>| t.as_deref().map(super::words::word_keys);
            ReadingDetail::Words(keys(&change.old), keys(&change.new))
        }
        ChangeKind::BlockMoved(_) => {
            ReadingDetail::Ends(id(&change.from_section), id(&change.to_section))
        }
        _ => return None,
    };
    Some((change.kind, change.level, detail))
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum ReadingDetail {
    Words(Option<Vec<String>>, Option<Vec<String>>),
    Ends(Option<String>, Option<String>),
}

/// The changes of a record in groups for reading, in the record's order
/// (each group where its first change is).
pub fn for_reading(changes: &[Change]) -> Vec<ChangeGroup<'_>> {
    let mut groups: Vec<ChangeGroup<'_>> = Vec::new();
    let mut index: HashMap<(ChangeKind, Level, ReadingDetail), usize> = HashMap::new();
    for change in changes {
        let key = reading_key(change);
        match key.as_ref().and_then(|k| index.get(k)) {
            Some(&at) => {
                let group = &mut groups[at];
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
            None => {
                if let Some(key) = key {
                    index.insert(key, groups.len());
                }
                groups.push(ChangeGroup {
                    change,
                    level: change.level,
                    sections: vec![(&change.section, change.count)],
                    count: change.count,
                });
            }
        }
    }
    groups
}
