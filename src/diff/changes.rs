//! Changes: what the comparison found, each with its level and the reason
//! stated in words for authors and readers. Repeated replacements (a rename
//! applied everywhere) are merged into one change with a count.

use serde::Serialize;

use super::classify::{Level, Protected};
use crate::markdown::BlockKind;

/// What kind of change was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "detail")]
pub enum ChangeKind {
    /// A section was added.
    SectionAdded,
    /// A section was removed.
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
    /// A block moved, unchanged, to another place.
    BlockMoved(BlockKind),
    /// One word corrected at spelling level.
    Spelling,
    /// A protected word (number, negation, modal, material word) was touched.
    ProtectedWord(Protected, Edit),
    /// Words added, removed or replaced.
    Wording(Edit),
    /// Only whitespace, case, punctuation or Markdown formatting.
    Formatting,
}

/// Whether words were added, removed, or replaced by others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Edit {
    /// Only new words.
    Added,
    /// Only words taken out.
    Removed,
    /// Words replaced by others.
    Replaced,
}

impl Edit {
    /// The edit for a hunk with these many old and new words.
    pub fn of(old_words: usize, new_words: usize) -> Self {
        match (old_words, new_words) {
            (0, _) => Edit::Added,
            (_, 0) => Edit::Removed,
            _ => Edit::Replaced,
        }
    }
}

/// A section as a change refers to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionRef {
    /// The section id (in the new version, or the old one for a removed section).
    pub id: String,
    /// Its title.
    pub title: String,
}

/// One change between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// How much it matters.
    pub level: Level,
    /// What kind of change.
    pub kind: ChangeKind,
    /// The section it is in (the first one, for a change made in many places).
    pub section: SectionRef,
    /// For a moved block: the section it moved from.
    pub from_section: Option<SectionRef>,
    /// The old text concerned, if any.
    pub old: Option<String>,
    /// The new text concerned, if any.
    pub new: Option<String>,
    /// How many places the same change was made in.
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
            old,
            new,
            count: 1,
            reason: String::new(),
        };
        change.reason = change.describe();
        change
    }

    /// Records that the change was made in one more place.
    fn repeat(&mut self) {
        self.count += 1;
        self.reason = self.describe();
    }

    /// The reason in words: "negation removed in 'Sharing': 'not' -> 'now'".
    pub fn describe(&self) -> String {
        let section = &self.section.title;
        let quote = |s: &Option<String>| format!("'{}'", s.as_deref().unwrap_or_default());
        let pair = || format!("{} -> {}", quote(&self.old), quote(&self.new));
        let base = match self.kind {
            ChangeKind::SectionAdded => format!("section added: '{section}'"),
            ChangeKind::SectionRemoved => format!("section removed: '{section}'"),
            ChangeKind::SectionRenamed => format!(
                "section id renamed in '{section}': {} (its anchor changes)",
                pair()
            ),
            ChangeKind::SectionMoved => format!("section moved: '{section}'"),
            ChangeKind::TitleChanged => format!("section title changed: {}", pair()),
            ChangeKind::BlockAdded(kind) => format!("{} added in '{section}'", kind.describe()),
            ChangeKind::BlockRemoved(kind) => format!("{} removed in '{section}'", kind.describe()),
            ChangeKind::BlockMoved(kind) => match &self.from_section {
                Some(from) if from.id != self.section.id => {
                    format!(
                        "{} moved from '{}' to '{section}'",
                        kind.describe(),
                        from.title
                    )
                }
                _ => format!("{} moved within '{section}'", kind.describe()),
            },
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
        if self.count > 1 {
            format!("{base} ({} places)", self.count)
        } else {
            base
        }
    }
}

/// Adds `change` to `changes`, merging it into an earlier change that made the
/// same replacement (same kind, same old and new words) elsewhere, or that
/// added, removed or moved the same kind of block in the same section(s).
pub fn merge_into(changes: &mut Vec<Change>, change: Change) {
    let keys = |text: &Option<String>| text.as_deref().map(super::words::word_keys);
    let from = |c: &Change| c.from_section.as_ref().map(|s| s.id.clone());
    let (old_keys, new_keys) = (keys(&change.old), keys(&change.new));
    let same = changes.iter_mut().find(|c| {
        c.kind == change.kind
            && match change.kind {
                ChangeKind::Spelling | ChangeKind::ProtectedWord(..) | ChangeKind::Wording(_) => {
                    keys(&c.old) == old_keys && keys(&c.new) == new_keys
                }
                ChangeKind::Formatting
                | ChangeKind::BlockAdded(_)
                | ChangeKind::BlockRemoved(_) => c.section.id == change.section.id,
                ChangeKind::BlockMoved(_) => {
                    c.section.id == change.section.id && from(c) == from(&change)
                }
                _ => false,
            }
    });
    match same {
        Some(existing) => {
            existing.level = existing.level.max(change.level);
            existing.repeat();
        }
        None => changes.push(change),
    }
}
