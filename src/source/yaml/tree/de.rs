//! Reading a typed value from a [`Node`] tree, the way the YAML library
//! reads it from text: the same types are accepted and refused, with the
//! same messages, so that a problem found in the tree reads like one found
//! in the file. Every problem names the node it is about: the key of an
//! unknown or repeated field, the value of the wrong type, the mapping that
//! lacks a field.

use std::fmt;

use serde::de::value::{StrDeserializer, U32Deserializer};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess,
    Visitor,
};

use super::{Kind, Node, Resolved, Scalar};

/// The name under which [`crate::source::yaml::Spanned`] asks for a value
/// and its position: answered by [`NodeDe`] with a mapping of `line`,
/// `column` and `value`.
pub(in crate::source::yaml) const SPANNED: &str = "privsite::Spanned";

/// A problem met while reading a value from the tree, and the node it is about.
#[derive(Debug)]
pub(in crate::source::yaml) struct Problem {
    /// The message, as serde or the YAML library words it.
    pub(in crate::source::yaml) message: String,
    /// The node it is about, once known.
    pub(in crate::source::yaml) node: Option<usize>,
}

impl Problem {
    fn new(message: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            node: None,
        }
    }

    /// The problem, about `id` unless it already names a node.
    fn about(mut self, id: usize) -> Self {
        self.node.get_or_insert(id);
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}

impl de::Error for Problem {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Problem::new(message.to_string())
    }
}

/// Reads a value from a node of the tree.
pub(in crate::source::yaml) struct NodeDe<'a> {
    node: &'a Node,
    /// Whether the node is the whole document (an empty one reads as an
    /// empty mapping, as in the YAML library).
    root: bool,
}

impl<'a> NodeDe<'a> {
    /// Reads from the whole document `root`.
    pub(in crate::source::yaml) fn document(root: &'a Node) -> Self {
        NodeDe {
            node: root,
            root: true,
        }
    }

    fn of(node: &'a Node) -> Self {
        NodeDe { node, root: false }
    }

    fn about<T>(&self, result: Result<T, Problem>) -> Result<T, Problem> {
        result.map_err(|problem| problem.about(self.node.id))
    }

    fn fail<T>(&self, message: &str) -> Result<T, Problem> {
        Err(Problem::new(message).about(self.node.id))
    }

    fn scalar(&self) -> Result<&'a Scalar, Problem> {
        match &self.node.kind {
            Kind::Scalar(scalar) => Ok(scalar),
            _ => self.fail("expected string scalar"),
        }
    }

    /// The scalar read as `T` (a number, a boolean) by the YAML library,
    /// from its text as written.
    fn typed<T: DeserializeOwned>(&self) -> Result<T, Problem> {
        let scalar = self.scalar()?;
        let written = if scalar.written.is_empty() {
            "~"
        } else {
            &scalar.written
        };
        let options = serde_saphyr::options! { with_snippet: false };
        serde_saphyr::from_str_with_options::<T>(written, options)
            .map_err(|err| Problem::new(super::super::explain::core_message(&err.to_string())))
            .map_err(|problem| problem.about(self.node.id))
    }

    fn is_null(&self) -> bool {
        matches!(&self.node.kind, Kind::Scalar(s) if s.resolved == Resolved::Null)
    }

    fn is_hole(&self) -> bool {
        matches!(self.node.kind, Kind::Hole)
    }

    fn map<V: Visitor<'a>>(
        &self,
        entries: &'a [(Node, Node)],
        visitor: V,
    ) -> Result<V::Value, Problem> {
        let mut access = Entries {
            entries: entries.iter(),
            value: None,
            key: None,
        };
        let result = visitor.visit_map(&mut access);
        // A field written twice is found when its key is read again; a
        // missing one, after the last entry.
        let blamed = access.key.unwrap_or(self.node.id);
        result.map_err(|problem| problem.about(blamed))
    }
}

macro_rules! typed {
    ($($method:ident => $visit:ident: $ty:ty),* $(,)?) => {
        $(
            fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Problem> {
                let value = if self.is_hole() {
                    <$ty>::default()
                } else {
                    self.typed::<$ty>()?
                };
                self.about(visitor.$visit(value))
            }
        )*
    };
}

impl<'a> Deserializer<'a> for NodeDe<'a> {
    type Error = Problem;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Problem> {
        let visited = match &self.node.kind {
            Kind::Scalar(scalar) => match scalar.resolved {
                Resolved::Null => visitor.visit_unit(),
                Resolved::Bool(v) => visitor.visit_bool(v),
                Resolved::Unsigned(v) => visitor.visit_u64(v),
                Resolved::Signed(v) => visitor.visit_i64(v),
                Resolved::Float(v) => visitor.visit_f64(v),
                Resolved::Text => visitor.visit_str(&scalar.text),
            },
            Kind::Seq(items) => visitor.visit_seq(Items(items.iter())),
            Kind::Map(entries) => return self.map(entries, visitor),
            Kind::Hole => visitor.visit_unit(),
        };
        self.about(visited)
    }

    typed! {
        deserialize_bool => visit_bool: bool,
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_f32 => visit_f32: f32,
        deserialize_f64 => visit_f64: f64,
        deserialize_char => visit_char: char,
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Problem> {
        if self.is_hole() {
            return self.about(visitor.visit_str(""));
        }
        let scalar = self.scalar()?;
        if scalar.resolved == Resolved::Null {
            return self.fail("cannot deserialize null into string");
        }
        self.about(visitor.visit_str(&scalar.text))
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Problem> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Problem> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Problem> {
        self.deserialize_any(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Problem> {
        self.deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Problem> {
        if self.is_null() || self.is_hole() {
            self.about(visitor.visit_none())
        } else {
            let id = self.node.id;
            visitor.visit_some(self).map_err(|p| p.about(id))
        }
    }

    fn deserialize_unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Problem> {
        if self.is_null() || self.is_hole() {
            self.about(visitor.visit_unit())
        } else {
            self.fail("expected null")
        }
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Problem> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Problem> {
        let id = self.node.id;
        let visited = if name == SPANNED {
            visitor.visit_map(Position {
                node: self.node,
                step: 0,
            })
        } else {
            visitor.visit_newtype_struct(self)
        };
        visited.map_err(|p| p.about(id))
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Problem> {
        match &self.node.kind {
            Kind::Seq(items) => self.about(visitor.visit_seq(Items(items.iter()))),
            Kind::Hole => self.about(visitor.visit_seq(Items([].iter()))),
            _ => self.fail("expected sequence start"),
        }
    }

    fn deserialize_tuple<V: Visitor<'a>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Problem> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Problem> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Problem> {
        match &self.node.kind {
            Kind::Map(entries) => self.map(entries, visitor),
            // An empty document is an empty mapping, and so is a hole.
            Kind::Hole => self.map(&[], visitor),
            _ if self.root && self.is_null() => self.map(&[], visitor),
            _ => self.fail("expected mapping start"),
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Problem> {
        if self.is_hole() {
            // Every field a hole, so that none is missing.
            let holes = fields.iter().map(|field| (*field, Hole(self.node)));
            let visited = visitor.visit_map(de::value::MapDeserializer::new(holes));
            return self.about(visited);
        }
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Problem> {
        if self.is_hole() {
            let first = variants.first().copied().unwrap_or_default();
            return self.about(visitor.visit_enum(StrDeserializer::<Problem>::new(first)));
        }
        let scalar = self.scalar()?;
        let text = match scalar.resolved {
            Resolved::Null => "~",
            _ => scalar.text.as_str(),
        };
        self.about(visitor.visit_enum(StrDeserializer::<Problem>::new(text)))
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Problem> {
        visitor.visit_unit()
    }
}

/// A hole in a mapping of holes, read as [`NodeDe`] reads it.
struct Hole<'a>(&'a Node);

impl<'a> IntoDeserializer<'a, Problem> for Hole<'a> {
    type Deserializer = NodeDe<'a>;

    fn into_deserializer(self) -> NodeDe<'a> {
        NodeDe::of(self.0)
    }
}

/// The items of a list.
struct Items<'a>(std::slice::Iter<'a, Node>);

impl<'a> SeqAccess<'a> for Items<'a> {
    type Error = Problem;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Problem> {
        self.0
            .next()
            .map(|item| seed.deserialize(NodeDe::of(item)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// The entries of a mapping, and the key last read whose value is not.
struct Entries<'a> {
    entries: std::slice::Iter<'a, (Node, Node)>,
    value: Option<&'a Node>,
    key: Option<usize>,
}

impl<'a> MapAccess<'a> for Entries<'a> {
    type Error = Problem;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Problem> {
        let Some((key, value)) = self.entries.next() else {
            self.key = None;
            return Ok(None);
        };
        self.key = Some(key.id);
        self.value = Some(value);
        seed.deserialize(NodeDe::of(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, Problem> {
        let value = self
            .value
            .take()
            .ok_or_else(|| Problem::new("a value was read before its key"))?;
        let read = seed.deserialize(NodeDe::of(value));
        self.key = None;
        read
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A value with its position, as [`SPANNED`] asks for it: `line` and
/// `column` (when known), then `value`.
struct Position<'a> {
    node: &'a Node,
    step: u8,
}

impl<'a> MapAccess<'a> for Position<'a> {
    type Error = Problem;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Problem> {
        if self.step == 0 && self.node.pos.is_none() {
            self.step = 2;
        }
        let key = match self.step {
            0 => "line",
            1 => "column",
            2 => "value",
            _ => return Ok(None),
        };
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, Problem> {
        let step = self.step;
        self.step += 1;
        let pos = self
            .node
            .pos
            .unwrap_or(crate::diagnostics::Pos { line: 0, column: 0 });
        match step {
            0 => seed.deserialize(U32Deserializer::new(pos.line)),
            1 => seed.deserialize(U32Deserializer::new(pos.column)),
            _ => seed.deserialize(NodeDe::of(self.node)),
        }
    }
}
