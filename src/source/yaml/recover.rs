//! Every problem of a document that does not fit its type, not only the
//! first: the document is read from its [`Node`] tree, and after each
//! problem the tree is mended where the problem is and read again, until
//! it reads. An unknown field is taken out (or, misspelt, given the name it
//! was meant to have), a key written twice taken out, and a value of the
//! wrong type, or a missing one, becomes a hole that reads as anything: so
//! no problem is reported twice, nor one that only the mending caused.
//!
//! The value read is kept when every problem was a field that does not
//! belong (unknown, misspelt or written twice), so that the model can still
//! check the rest of the file; with a hole in it, the model would report
//! the hole as what is wrong, a second report of the same mistake.

use serde::de::DeserializeOwned;

use super::explain;
use super::tree::de::{NodeDe, Problem};
use super::tree::{Node, Place, Role, Step};

/// The most problems looked for in one file: enough for any file written
/// by hand, and a bound on the work for any other.
const MAX_PROBLEMS: usize = 100;

/// A problem found, with the node it is about and where that is.
#[derive(Debug)]
pub(super) struct Found {
    /// The message, as serde or the YAML library words it.
    pub(super) message: String,
    /// Where the node is.
    pub(super) place: Place,
    /// The position of the node.
    pub(super) pos: Option<crate::diagnostics::Pos>,
    /// The keys of the mapping the problem is in (for a missing field, of
    /// the mapping that lacks it).
    pub(super) keys: Vec<String>,
}

/// What reading the tree gave.
#[derive(Debug)]
pub(super) struct Recovered<T> {
    /// The value, when every problem leaves it whole.
    pub(super) value: Option<T>,
    /// Every problem, in the order found.
    pub(super) found: Vec<Found>,
}

/// Reads `T` from `root`, finding every problem on the way.
pub(super) fn recover<T: DeserializeOwned>(mut root: Node) -> Recovered<T> {
    let mut found = Vec::new();
    // Keys written twice: the first is kept, as the YAML library would
    // refuse the file.
    let repeated: Vec<usize> = root.repeated_keys().iter().map(|k| k.id).collect();
    for id in repeated {
        let message = format!("duplicate mapping key: {}", key_text(&root, id));
        found.extend(describe(&root, id, message));
        root.remove(id);
    }
    let mut whole = true;
    for _ in 0..MAX_PROBLEMS {
        let problem: Problem = match T::deserialize(NodeDe::document(&root)) {
            Ok(value) => {
                return Recovered {
                    value: whole.then_some(value),
                    found,
                };
            }
            Err(problem) => problem,
        };
        let Some(id) = problem.node else {
            break;
        };
        let Some(here) = describe(&root, id, problem.message) else {
            break;
        };
        let mended = mend(&mut root, id, &here);
        found.push(here);
        match mended {
            Some(still_whole) => whole &= still_whole,
            None => break,
        }
    }
    Recovered { value: None, found }
}

/// Mends the tree at node `id`, where the problem `here` is, so that the
/// rest can be read: whether the value read then is still whole, or `None`
/// when the tree cannot be mended there.
fn mend(root: &mut Node, id: usize, here: &Found) -> Option<bool> {
    let mended = if let Some(field) = explain::unknown_field(&here.message) {
        // A misspelt field is read as the field it was meant to be, so that
        // nothing is reported missing for it; a field of another mapping,
        // or of none, is taken out.
        let expected = explain::expected_names(&here.message);
        let meant = explain::meant_field(field, &expected)
            .filter(|meant| !here.keys.iter().any(|key| key == meant))
            .map(str::to_owned);
        return match meant {
            Some(meant) => root.rename(id, &meant),
            None => root.remove(id),
        }
        .then_some(true);
    } else if let Some(field) = explain::missing_field(&here.message) {
        // Read as if it were there, empty: the mapping is reported, and
        // what is inside it still checked.
        let field = field.to_owned();
        root.add_hole(id, &field, root.last_id() + 1)
    } else {
        here.place.role != Role::Root && root.hollow(id)
    };
    mended.then_some(false)
}

/// The key text of the key node `id`.
fn key_text(root: &Node, id: usize) -> String {
    root.find(id)
        .map(|(node, _)| node.text().to_owned())
        .unwrap_or_default()
}

/// `message` about node `id`, with where the node is.
fn describe(root: &Node, id: usize, message: String) -> Option<Found> {
    let (node, place) = root.find(id)?;
    let keys = match place.role {
        Role::Key => root.mapping_of(id).map(Node::keys).unwrap_or_default(),
        _ => node.keys(),
    };
    Some(Found {
        message,
        pos: node.pos,
        keys: keys.into_iter().map(str::to_owned).collect(),
        place,
    })
}

impl Place {
    /// The key the place is at, or under: `announce` for `announce.to`.
    pub(super) fn last_key(&self) -> Option<&str> {
        self.steps.iter().rev().find_map(|step| match step {
            Step::Key(key) => Some(key.as_str()),
            Step::Item(_) => None,
        })
    }

    /// Whether the place is an item of a list (a section of `sections`).
    pub(super) fn is_item(&self) -> bool {
        matches!(self.steps.last(), Some(Step::Item(_)))
    }
}

#[cfg(test)]
mod tests;
