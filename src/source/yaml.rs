//! The one place that reads YAML. Everything else sees serde types and
//! [`Spanned`] values with a [`Pos`]; which YAML library sits underneath
//! (serde-saphyr) is this module's business only.
//!
//! Reading is bounded: documents are limited in nesting depth, number of
//! nodes and aliases, so a hostile file (an alias bomb, a 10,000-level
//! nesting) fails fast with a clear message instead of exhausting memory.

use std::fmt;

use serde::de::{Deserialize, DeserializeOwned, Deserializer};

use crate::diagnostics::{Diagnostic, Origin, Pos};

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
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        let location = spanned.referenced;
        let pos = (location.line() > 0).then(|| Pos {
            line: u32::try_from(location.line()).unwrap_or(u32::MAX),
            column: u32::try_from(location.column()).unwrap_or(u32::MAX),
        });
        Ok(Spanned {
            value: spanned.value,
            pos,
        })
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

/// Parses `text` (the contents of `file`) into `T`.
///
/// Syntax errors, type errors, unknown fields and exceeded limits all come back
/// as one [`Diagnostic`] that names the file, line and column.
pub fn parse<T: DeserializeOwned>(file: &std::path::Path, text: &str) -> Result<T, Diagnostic> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_nodes: 1_000_000,
            max_documents: 1,
        },
        with_snippet: false,
    };
    serde_saphyr::from_str_with_options::<T>(text, options).map_err(|err| {
        let pos = err.location().and_then(|location| {
            (location.line() > 0).then(|| Pos {
                line: u32::try_from(location.line()).unwrap_or(u32::MAX),
                column: u32::try_from(location.column()).unwrap_or(u32::MAX),
            })
        });
        let (message, help) = explain(&err.to_string());
        let diagnostic = Diagnostic::error(Origin::at(file, pos), message).with_source(text);
        match help {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        }
    })
}

/// Turns the YAML library's message into one for a policy author, with advice.
fn explain(raw: &str) -> (String, Option<String>) {
    // The library appends its own location ("at line 3, column 5"); ours comes first.
    let message = strip_location(raw.trim());
    if let Some(field) = between(&message, "unknown field `", "`") {
        let expected = expected_names(&message);
        let help = match crate::source::suggest(field, &expected) {
            Some(near) => format!("did you mean `{near}`?"),
            None if expected.is_empty() => "remove this field".to_owned(),
            None => format!("the fields allowed here are: {}", expected.join(", ")),
        };
        return (format!("unknown field `{field}`"), Some(help));
    }
    if let Some(field) = between(&message, "missing field `", "`") {
        return (
            format!("missing field `{field}`"),
            Some(format!("add `{field}:` with a value")),
        );
    }
    if let Some(variant) = between(&message, "unknown variant `", "`") {
        let expected = expected_names(&message);
        return (
            format!("`{variant}` is not one of the allowed values"),
            Some(format!("use one of: {}", expected.join(", "))),
        );
    }
    if message.contains("budget") || message.contains("depth") {
        return (
            message,
            Some(format!(
                "the file is nested too deeply or uses too many aliases (at most {MAX_DEPTH} levels)"
            )),
        );
    }
    if message.contains("duplicate") {
        return (
            message,
            Some("each key may appear only once in a mapping".to_owned()),
        );
    }
    (message, None)
}

fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].trim_end_matches(',').to_owned(),
        None => message.to_owned(),
    }
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

/// The names listed after "expected one of" (or "expected") in a serde message.
fn expected_names(message: &str) -> Vec<String> {
    let Some(i) = message.find("expected") else {
        return Vec::new();
    };
    message[i..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests;
