//! A YAML document as a tree of nodes, each with the position it starts at:
//! the lenient shape a file is read into when it does not fit its serde
//! type, so that every problem in it can be found, not only the first (see
//! [`super::recover`]). The YAML library reads the tree; the typed value is
//! read from the tree through [`de::NodeDe`], which reads scalars by the
//! library's own rules. The tree can be edited: an entry removed, a key
//! renamed, a value replaced by a hole that reads as anything.

pub(super) mod de;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::diagnostics::Pos;

/// One node of a document: a scalar, a list or a mapping.
#[derive(Debug)]
pub(super) struct Node {
    /// Unique in its document: how a problem names the node it is about.
    pub(super) id: usize,
    /// Where the node starts (a mapping or a list: at its first entry).
    pub(super) pos: Option<Pos>,
    /// What it holds.
    pub(super) kind: Kind,
}

#[derive(Debug)]
pub(super) enum Kind {
    Scalar(Scalar),
    Seq(Vec<Node>),
    /// Keys are scalars, in the order written.
    Map(Vec<(Node, Node)>),
    /// Where a value with a problem was, or a missing one belongs: it
    /// reads as whatever is asked for (an empty text, 0, an empty list, a
    /// mapping of holes), so that the rest of the document can be read.
    Hole,
}

#[derive(Debug)]
pub(super) struct Scalar {
    /// What YAML reads a value of unknown type as.
    pub(super) resolved: Resolved,
    /// The value as a text field reads it.
    pub(super) text: String,
    /// The scalar as written in the file (quotes included), so that a
    /// number or a boolean is read from it by the YAML library's rules.
    pub(super) written: String,
}

/// What YAML reads a scalar as when nothing says which type it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Resolved {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Text,
}

/// Where a node sits in its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Place {
    /// The keys and list positions that lead to the node (or to the
    /// mapping entry it is the key of).
    pub(super) steps: Vec<Step>,
    /// What the node is there.
    pub(super) role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Step {
    Key(String),
    Item(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// The whole document.
    Root,
    /// The key of the mapping entry the steps lead to.
    Key,
    /// A value: of the entry, or the list item, the steps lead to.
    Value,
}

impl Node {
    /// Reads `text` with the YAML library, into a tree. Fails where the
    /// text is not YAML, or breaks a reading limit of `options`.
    pub(super) fn read(
        text: &str,
        options: serde_saphyr::Options,
    ) -> Result<Node, serde_saphyr::Error> {
        let raw = serde_saphyr::from_str_with_options::<Spanned<Raw>>(text, options)?;
        let mut next_id = 0;
        Ok(Node::from_raw(raw, text, &mut next_id))
    }

    fn from_raw(raw: Spanned<Raw>, text: &str, next_id: &mut usize) -> Node {
        let id = *next_id;
        *next_id += 1;
        let pos = super::pos_of(raw.referenced);
        // An alias is written as `*name`: its value is read where it is defined.
        let span = raw.defined.span();
        let written = span
            .byte_offset()
            .zip(span.byte_len())
            .and_then(|(from, len)| {
                text.get(usize::try_from(from).ok()?..usize::try_from(from + len).ok()?)
            });
        let scalar = |resolved: Resolved, text: String| {
            let written = written.map_or_else(|| text.clone(), str::to_owned);
            Kind::Scalar(Scalar {
                resolved,
                text,
                written,
            })
        };
        let kind = match raw.value {
            Raw::Scalar(resolved, value) => {
                let value = value
                    .or_else(|| written.map(str::to_owned))
                    .unwrap_or_default();
                scalar(resolved, value)
            }
            Raw::Seq(items) => Kind::Seq(
                items
                    .into_iter()
                    .map(|item| Node::from_raw(item, text, next_id))
                    .collect(),
            ),
            Raw::Map(entries) => Kind::Map(
                entries
                    .into_iter()
                    .map(|(key, value)| {
                        let key = Spanned {
                            value: Raw::Scalar(Resolved::Text, Some(key.value)),
                            referenced: key.referenced,
                            defined: key.defined,
                        };
                        let key = Node::from_raw(key, text, next_id);
                        (key, Node::from_raw(value, text, next_id))
                    })
                    .collect(),
            ),
        };
        Node { id, pos, kind }
    }

    /// The keys of this node, if it is a mapping.
    pub(super) fn keys(&self) -> Vec<&str> {
        match &self.kind {
            Kind::Map(entries) => entries.iter().map(|(k, _)| k.text()).collect(),
            _ => Vec::new(),
        }
    }

    /// The text of a scalar (empty for a list or a mapping).
    pub(super) fn text(&self) -> &str {
        match &self.kind {
            Kind::Scalar(scalar) => &scalar.text,
            _ => "",
        }
    }

    /// The node `id` and where it is, if it is in this tree.
    pub(super) fn find(&self, id: usize) -> Option<(&Node, Place)> {
        if self.id == id {
            let place = Place {
                steps: Vec::new(),
                role: Role::Root,
            };
            return Some((self, place));
        }
        self.find_below(id)
    }

    fn find_below(&self, id: usize) -> Option<(&Node, Place)> {
        match &self.kind {
            Kind::Scalar(_) | Kind::Hole => None,
            Kind::Seq(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, item)| item.find_as(id, Step::Item(i))),
            Kind::Map(entries) => entries.iter().find_map(|(key, value)| {
                let step = Step::Key(key.text().to_owned());
                if key.id == id {
                    let place = Place {
                        steps: vec![step],
                        role: Role::Key,
                    };
                    return Some((key, place));
                }
                value.find_as(id, step)
            }),
        }
    }

    /// The node `id` in this node, reached from its parent by `step`.
    fn find_as(&self, id: usize, step: Step) -> Option<(&Node, Place)> {
        if self.id == id {
            let place = Place {
                steps: vec![step],
                role: Role::Value,
            };
            return Some((self, place));
        }
        let (found, mut place) = self.find_below(id)?;
        place.steps.insert(0, step);
        Some((found, place))
    }

    /// Removes the mapping entry whose key or value is the node `id`, or
    /// the list item that is; returns whether it was found.
    pub(super) fn remove(&mut self, id: usize) -> bool {
        match &mut self.kind {
            Kind::Scalar(_) | Kind::Hole => false,
            Kind::Seq(items) => match items.iter().position(|item| item.id == id) {
                Some(i) => {
                    items.remove(i);
                    true
                }
                None => items.iter_mut().any(|item| item.remove(id)),
            },
            Kind::Map(entries) => match entries
                .iter()
                .position(|(key, value)| key.id == id || value.id == id)
            {
                Some(i) => {
                    entries.remove(i);
                    true
                }
                None => entries.iter_mut().any(|(_, value)| value.remove(id)),
            },
        }
    }

    /// The largest id in the tree.
    pub(super) fn last_id(&self) -> usize {
        let below = match &self.kind {
            Kind::Seq(items) => items.iter().map(Node::last_id).max(),
            Kind::Map(entries) => entries.iter().map(|(k, v)| k.id.max(v.last_id())).max(),
            Kind::Scalar(_) | Kind::Hole => None,
        };
        below.unwrap_or(self.id).max(self.id)
    }

    /// Makes the node `id` a hole; returns whether it was found.
    pub(super) fn hollow(&mut self, id: usize) -> bool {
        if self.id == id {
            self.kind = Kind::Hole;
            return true;
        }
        match &mut self.kind {
            Kind::Scalar(_) | Kind::Hole => false,
            Kind::Seq(items) => items.iter_mut().any(|item| item.hollow(id)),
            Kind::Map(entries) => entries.iter_mut().any(|(_, value)| value.hollow(id)),
        }
    }

    /// Adds the entry `key`, a hole, to the mapping `id`, its nodes
    /// numbered from `next_id`; returns whether the mapping was found.
    pub(super) fn add_hole(&mut self, id: usize, key: &str, next_id: usize) -> bool {
        if self.id == id {
            if let Kind::Map(entries) = &mut self.kind {
                let key = Node {
                    id: next_id,
                    pos: self.pos,
                    kind: Kind::Scalar(Scalar {
                        resolved: Resolved::Text,
                        text: key.to_owned(),
                        written: key.to_owned(),
                    }),
                };
                let hole = Node {
                    id: next_id + 1,
                    pos: self.pos,
                    kind: Kind::Hole,
                };
                entries.push((key, hole));
                return true;
            }
            return false;
        }
        match &mut self.kind {
            Kind::Scalar(_) | Kind::Hole => false,
            Kind::Seq(items) => items.iter_mut().any(|item| item.add_hole(id, key, next_id)),
            Kind::Map(entries) => entries
                .iter_mut()
                .any(|(_, value)| value.add_hole(id, key, next_id)),
        }
    }

    /// Gives the key node `id` the text `name`; returns whether it was found.
    pub(super) fn rename(&mut self, id: usize, name: &str) -> bool {
        if self.id == id {
            if let Kind::Scalar(scalar) = &mut self.kind {
                scalar.text = name.to_owned();
                scalar.written = name.to_owned();
                return true;
            }
            return false;
        }
        match &mut self.kind {
            Kind::Scalar(_) | Kind::Hole => false,
            Kind::Seq(items) => items.iter_mut().any(|item| item.rename(id, name)),
            Kind::Map(entries) => entries
                .iter_mut()
                .any(|(key, value)| key.rename(id, name) || value.rename(id, name)),
        }
    }

    /// The mapping that holds the entry whose key or value is node `id`.
    pub(super) fn mapping_of(&self, id: usize) -> Option<&Node> {
        match &self.kind {
            Kind::Scalar(_) | Kind::Hole => None,
            Kind::Seq(items) => items.iter().find_map(|item| item.mapping_of(id)),
            Kind::Map(entries) => {
                if entries.iter().any(|(k, v)| k.id == id || v.id == id) {
                    Some(self)
                } else {
                    entries.iter().find_map(|(_, value)| value.mapping_of(id))
                }
            }
        }
    }

    /// Every key written twice in a mapping, after its first: the key
    /// nodes, in the order they are written.
    pub(super) fn repeated_keys(&self) -> Vec<&Node> {
        let mut out = Vec::new();
        self.collect_repeated(&mut out);
        out
    }

    fn collect_repeated<'a>(&'a self, out: &mut Vec<&'a Node>) {
        match &self.kind {
            Kind::Scalar(_) | Kind::Hole => {}
            Kind::Seq(items) => items.iter().for_each(|item| item.collect_repeated(out)),
            Kind::Map(entries) => {
                for (i, (key, value)) in entries.iter().enumerate() {
                    if entries[..i].iter().any(|(k, _)| k.text() == key.text()) {
                        out.push(key);
                    }
                    value.collect_repeated(out);
                }
            }
        }
    }
}

type Spanned<T> = serde_saphyr::Spanned<T>;

/// A node as the YAML library hands it over, before it is numbered.
enum Raw {
    /// What the scalar resolves to, and its text when it is text.
    Scalar(Resolved, Option<String>),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<String>, Spanned<Raw>)>),
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RawVisitor;
        impl<'de> Visitor<'de> for RawVisitor {
            type Value = Raw;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_unit<E>(self) -> Result<Raw, E> {
                Ok(Raw::Scalar(Resolved::Null, None))
            }
            fn visit_none<E>(self) -> Result<Raw, E> {
                Ok(Raw::Scalar(Resolved::Null, None))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
                Ok(Raw::Scalar(Resolved::Bool(v), None))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Raw, E> {
                Ok(Raw::Scalar(Resolved::Unsigned(v), None))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
                Ok(Raw::Scalar(Resolved::Signed(v), None))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
                Ok(Raw::Scalar(Resolved::Float(v), None))
            }
            fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
                Ok(Raw::Scalar(Resolved::Text, Some(v.to_owned())))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Raw::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Raw::Map(entries))
            }
        }
        deserializer.deserialize_any(RawVisitor)
    }
}

#[cfg(test)]
mod tests;
