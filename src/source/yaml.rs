//! The one place that reads YAML. Everything else sees serde types and
//! [`Spanned`] values with a [`Pos`]; which YAML library sits underneath
//! (serde-saphyr) is this module's business only.
//!
//! Reading is bounded: documents are limited in nesting depth, number of
//! nodes and aliases, so a hostile file (an alias bomb, a 10,000-level
//! nesting) fails fast with a clear message instead of exhausting memory.
//!
//! A file is read straight into its serde type. When that fails, the file is
//! read again as a tree ([`tree`]) and every problem in it found
//! ([`recover`]), each at its place, then put in plain words ([`explain`]).

mod context;
pub mod edit;
mod explain;
mod layout;
mod recover;
mod tree;
pub mod write;

use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, MapAccess, Visitor};

use crate::diagnostics::{Diagnostic, Pos};

/// A value read from YAML together with the position it was written at.
#[derive(Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where the value starts in its file (unknown positions are `None`).
    pub pos: Option<Pos>,
}

impl<T: fmt::Debug> fmt::Debug for Spanned<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(tree::de::SPANNED, SpannedVisitor(PhantomData))
    }
}

/// Reads a [`Spanned`] from the YAML library (as its own spanned value) or
/// from a [`tree::Node`] (as a mapping of `line`, `column` and `value`).
struct SpannedVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for SpannedVisitor<T> {
    type Value = Spanned<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        Ok(Spanned {
            value: spanned.value,
            pos: pos_of(spanned.referenced),
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut line, mut column, mut value) = (0, 0, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "line" => line = map.next_value()?,
                "column" => column = map.next_value()?,
                _ => value = Some(map.next_value()?),
            }
        }
        let value = value.ok_or_else(|| de::Error::missing_field("value"))?;
        let pos = (line > 0).then_some(Pos { line, column });
        Ok(Spanned { value, pos })
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Spanned<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }

    fn inline_schema() -> bool {
        T::inline_schema()
    }
}

/// The largest nesting the source format needs is a few levels of sections;
/// anything deeper than this is a mistake or an attack.
const MAX_DEPTH: usize = 64;

/// The options every file is read with: bounded, so that a hostile file
/// fails fast.
fn options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_aliases: MAX_ALIASES,
            max_anchors: MAX_ALIASES,
            max_nodes: 1_000_000,
            max_documents: 1,
        },
        with_snippet: false,
    };
    // An alias bomb uses few aliases that each expand to many values: the
    // replayed values are bounded too, which keeps time and memory small.
    options.alias_limits.max_total_replayed_events = MAX_REPLAYED;
    options.alias_limits.max_replay_stack_depth = MAX_DEPTH;
    options
}

/// Parses `text` (the contents of `file`) into `T`.
///
/// Syntax errors, type errors, unknown fields and exceeded limits all come back
/// as one [`Diagnostic`] that names the file, line and column: the first of
/// those [`parse_all`] finds.
pub fn parse<T: DeserializeOwned + Send>(file: &Path, text: &str) -> Result<T, Diagnostic> {
    match parse_all(file, text) {
        (Some(value), problems) if problems.is_empty() => Ok(value),
        (_, mut problems) => {
            problems.sort_by_key(|d| d.origin.pos);
            Err(problems
                .into_iter()
                .next()
                .expect("a problem, since there is no value"))
        }
    }
}

/// Parses `text` (the contents of `file`) into `T`, finding every problem
/// where the YAML still parses: each unknown field, each value of the wrong
/// type, each missing field (pointed at the mapping that lacks it), not
/// only the first. A syntax error or an exceeded limit is one problem.
///
/// The value comes back with the problems when they leave it whole: when
/// every problem is a field that does not belong (unknown, misspelt or
/// written twice), so that the rest of the file can still be checked.
pub fn parse_all<T: DeserializeOwned + Send>(
    file: &Path,
    text: &str,
) -> (Option<T>, Vec<Diagnostic>) {
    let err = match serde_saphyr::from_str_with_options::<T>(text, options()) {
        Ok(value) => return (Some(value), Vec::new()),
        Err(err) => err,
    };
    let first = explain::library_error(file, text, &err);
    let Some(recovered) = recover_all::<T>(text) else {
        return (None, vec![first]);
    };
    let mut problems: Vec<Diagnostic> = recovered
        .found
        .iter()
        .map(|found| explain::found_error(file, text, found))
        .collect();
    // The tree reads what the library reads; should it miss the library's
    // problem, that problem is reported as it is.
    let library_message = explain::core_message(&err.to_string());
    let covered = problems.iter().any(|d| d.origin.pos == first.origin.pos)
        || recovered
            .found
            .iter()
            .any(|found| explain::core_message(&found.message) == library_message);
    if !covered {
        problems.push(first);
        return (None, problems);
    }
    (recovered.value, problems)
}

/// The stack of the thread that reads a file's tree: the tree takes more
/// stack per level of nesting than the typed value does (about 60 KiB in a
/// debug build), more than the caller's thread may have for the deepest
/// file the limits allow. Only reserved; a page is used when it is reached.
const RECOVERY_STACK: usize = 32 << 20;

/// Every problem of `text`, read from its tree on a thread of its own;
/// `None` when the text is not YAML (or breaks a limit), which the first
/// problem the library met already says.
fn recover_all<T: DeserializeOwned + Send>(text: &str) -> Option<recover::Recovered<T>> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("privsite-yaml".to_owned())
            .stack_size(RECOVERY_STACK)
            .spawn_scoped(scope, || {
                let mut tree_options = options();
                // Keys written twice are found in the tree, each of them.
                tree_options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
                let root = tree::Node::read(text, tree_options).ok()?;
                Some(recover::recover::<T>(root))
            })
            .ok()?
            .join()
            .ok()?
    })
}

/// The most `*alias` references (and `&anchors`) a file may use.
const MAX_ALIASES: usize = 1_000;

/// The most values that `*alias` references may expand to, in all.
const MAX_REPLAYED: usize = 100_000;

/// The position of a location the YAML library gives, if it is known.
fn pos_of(location: serde_saphyr::Location) -> Option<Pos> {
    (location.line() > 0).then(|| Pos {
        line: u32::try_from(location.line()).unwrap_or(u32::MAX),
        column: u32::try_from(location.column()).unwrap_or(u32::MAX),
    })
}

#[cfg(test)]
mod tests;
