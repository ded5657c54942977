//! Changes: what the comparison found, each with its level and the reason
//! stated in words for authors and tools. Every change names exactly one
//! section; the same change made several times in one section is one
//! change with a count. Grouping across sections, for reading, is
//! [`super::reading`]'s business.

use serde::Serialize;

pub use super::classify::Edit;
use super::classify::{Level, Protected};
use crate::markdown::BlockKind;

/// What kind of change was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "detail")]
pub enum ChangeKind {
    /// A section was added (with `from_section` when its text came from there).
    SectionAdded,
    /// A section was removed (with `to_section` when its text went there).
    SectionRemoved,
    /// A section kept its text but got a new id (and anchor).
    SectionRenamed,
    /// A section moved to another place or parent.
    SectionMoved,
    /// A section's title changed.
    TitleChanged,
    /// A block was added.
    BlockAdded(BlockKind),
    /// A block was removed.
    BlockRemoved(BlockKind),
    /// A block moved, with the same words, from `from_section` to `to_section`.
    BlockMoved(BlockKind),
    /// A block kept its words but sits at another level of a list, or in or
    /// out of a quote.
    Restructured(BlockKind),
    /// A table got a column (`new` is its heading).
    ColumnAdded,
    /// A table lost a column (`old` is its heading).
    ColumnRemoved,
    /// Words corrected at spelling level.
    Spelling,
    /// A protected word (number, negation, modal, material word) was touched.
    ProtectedWord(Protected, Edit),
    /// Words added, removed or replaced.
    Wording(Edit),
    /// Only whitespace, case, punctuation or Markdown formatting.
    Formatting,
}

/// A section as a change refers to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionRef {
    /// The section id (in the new version, or the old one for a removed section).
    pub id: String,
    /// Its title.
    pub title: String,
}

/// One change between two versions, in one section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// How much it matters.
    pub level: Level,
    /// What kind of change.
    pub kind: ChangeKind,
    /// The section it is in.
    pub section: SectionRef,
    /// Where the text came from: for a moved block, and for an added section
    /// whose text moved in from another.
    pub from_section: Option<SectionRef>,
    /// Where the text went: for a moved block, and for a removed section
    /// whose text moved to another.
    pub to_section: Option<SectionRef>,
    /// The old text concerned, if any.
    pub old: Option<String>,
    /// The new text concerned, if any.
    pub new: Option<String>,
    /// How many places in the section the same change was made in.
    pub count: usize,
    /// The reason, in words.
    pub reason: String,
}

impl Change {
    /// A change with its reason filled in.
    pub fn new(
        level: Level,
        kind: ChangeKind,
        section: SectionRef,
        old: Option<String>,
        new: Option<String>,
    ) -> Self {
        let mut change = Change {
            level,
            kind,
            section,
            from_section: None,
            to_section: None,
            old,
            new,
            count: 1,
            reason: String::new(),
        };
        change.reason = change.describe();
        change
    }

    /// The reason in words: "negation removed in 'Sharing': 'not' -> 'now'".
    pub fn describe(&self) -> String {
        self.describe_in(&self.section.title, self.count)
    }

    /// The reason in words, naming `section` (one title, or several joined)
    /// and counting `count` places.
    pub(super) fn describe_in(&self, section: &str, count: usize) -> String {
        let quote = |s: &Option<String>| format!("'{}'", s.as_deref().unwrap_or_default());
        let pair = || match (&self.old, &self.new) {
            (None, _) => quote(&self.new),
            (_, None) => quote(&self.old),
            _ => format!("{} -> {}", quote(&self.old), quote(&self.new)),
        };
        let title = |s: &Option<SectionRef>| {
            s.as_ref()
                .map(|s| format!("'{}'", s.title))
                .unwrap_or_default()
        };
        let base = match self.kind {
            ChangeKind::SectionAdded => match &self.from_section {
                Some(_) => format!(
                    "section added: '{section}' (its text moved from {})",
                    title(&self.from_section)
                ),
                None => format!("section added: '{section}'"),
            },
            ChangeKind::SectionRemoved => match &self.to_section {
                Some(_) => format!(
                    "section removed: '{section}' (its text moved to {})",
                    title(&self.to_section)
                ),
                None => format!("section removed: '{section}'"),
            },
            ChangeKind::SectionRenamed => format!(
                "section id renamed in '{section}': {} (its anchor changes)",
                pair()
            ),
            ChangeKind::SectionMoved => format!("section moved: '{section}'"),
            ChangeKind::TitleChanged => format!("section title changed: {}", pair()),
            ChangeKind::BlockAdded(kind) => {
                format!("{} added in '{section}': {}", kind.describe(), pair())
            }
            ChangeKind::BlockRemoved(kind) => {
                format!("{} removed in '{section}': {}", kind.describe(), pair())
            }
            ChangeKind::BlockMoved(kind) => {
                let (from, to) = (title(&self.from_section), title(&self.to_section));
                if from == to {
                    format!("{} moved within '{section}'", kind.describe())
                } else {
                    format!("{} moved from {from} to {to}", kind.describe())
                }
            }
            ChangeKind::Restructured(kind) => {
                format!(
                    "{} nested differently in '{section}': {}",
                    kind.describe(),
                    pair()
                )
            }
            ChangeKind::ColumnAdded => format!("table column added in '{section}': {}", pair()),
            ChangeKind::ColumnRemoved => {
                format!("table column removed in '{section}': {}", pair())
            }
            ChangeKind::Spelling => format!("spelling corrected in '{section}': {}", pair()),
            ChangeKind::ProtectedWord(kind, edit) => {
                let verb = match edit {
                    Edit::Added => "added",
                    Edit::Removed => "removed",
                    Edit::Replaced => "changed",
                };
                format!("{} {verb} in '{section}': {}", kind.describe(), pair())
            }
            ChangeKind::Wording(Edit::Added) => format!("words added in '{section}': {}", pair()),
            ChangeKind::Wording(Edit::Removed) => {
                format!("words removed in '{section}': {}", pair())
            }
            ChangeKind::Wording(Edit::Replaced) => {
                format!("wording changed in '{section}': {}", pair())
            }
            ChangeKind::Formatting => {
                format!("formatting, punctuation or letter case changed in '{section}'")
            }
        };
        if count > 1 {
            format!("{base} ({count} places)")
        } else {
            base
        }
    }

    /// What makes two changes of one section the same change made again
    /// (for a later place): the same kind, and the same words for word
    /// changes, blocks and columns, or the same two ends for a move. None
    /// for changes that are never made twice (a section added, renamed...).
    fn merge_key(&self) -> Option<MergeKey> {
        let keys = |text: &Option<String>| text.as_deref().map(super::words::word_keys);
        let id = |s: &Option<SectionRef>| s.as_ref().map(|s| s.id.clone());
        let detail = match self.kind {
            ChangeKind::Spelling
            | ChangeKind::ProtectedWord(..)
            | ChangeKind::Wording(_)
            | ChangeKind::ColumnAdded
            | ChangeKind::ColumnRemoved
            | ChangeKind::BlockAdded(_)
            | ChangeKind::BlockRemoved(_)
            | ChangeKind::Restructured(_) => MergeDetail::Words(keys(&self.old), keys(&self.new)),
            ChangeKind::Formatting => MergeDetail::None,
            ChangeKind::BlockMoved(_) => {
                MergeDetail::Ends(id(&self.from_section), id(&self.to_section))
            }
            _ => return None,
        };
        Some(MergeKey {
            section: self.section.id.clone(),
            kind: self.kind,
            detail,
        })
    }
}

/// See [`Change::merge_key`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct MergeKey {
    section: String,
    kind: ChangeKind,
    detail: MergeDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum MergeDetail {
    None,
    Words(Option<Vec<String>>, Option<Vec<String>>),
    Ends(Option<String>, Option<String>),
}

/// The changes found so far: the same change in the same section made
/// again counts one place more (see [`Change::merge_key`]) and keeps the
/// highest level of the two. The reasons are written once every change is
/// known ([`describe_all`]).
#[derive(Debug, Default)]
pub struct Record {
    changes: Vec<Change>,
    index: std::collections::HashMap<MergeKey, usize>,
}

impl Record {
    /// Adds `change`, or counts it into the same change already there.
    pub fn add(&mut self, change: Change) {
        match change.merge_key() {
            Some(key) => match self.index.get(&key) {
                Some(&at) => {
                    let existing = &mut self.changes[at];
                    existing.level = existing.level.max(change.level);
                    existing.count += 1;
                }
                None => {
                    self.index.insert(key, self.changes.len());
                    self.changes.push(change);
                }
            },
            None => self.changes.push(change),
        }
    }

    /// How many changes there are so far.
    pub fn len(&self) -> usize {
        self.changes.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The changes, in the order they were found.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// The changes, to amend (a section's removal once its text is known
    /// to have moved).
    pub fn changes_mut(&mut self) -> &mut [Change] {
        &mut self.changes
    }

    /// The changes, done.
    pub fn into_changes(self) -> Vec<Change> {
        self.changes
    }
}

/// Writes the reason of every change (after merging has settled counts).
pub fn describe_all(changes: &mut [Change]) {
    for change in changes {
        change.reason = change.describe();
    }
}
