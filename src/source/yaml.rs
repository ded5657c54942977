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
    serde_saphyr::from_str_with_options::<T>(text, options).map_err(|err| {
        let pos = err.location().and_then(|location| {
            (location.line() > 0).then(|| Pos {
                line: u32::try_from(location.line()).unwrap_or(u32::MAX),
                column: u32::try_from(location.column()).unwrap_or(u32::MAX),
            })
        });
        let (mut message, help) = limit_exceeded(&err).unwrap_or_else(|| explain(&err.to_string()));
        // The parser notices a tab where the value it was reading ends, often
        // a line early, and a control character at the start of the value
        // that holds it: point at the character itself.
        let pos = match pos {
            Some(at) if message.starts_with(TAB_MESSAGE) => first_tab(text, at).or(pos),
            Some(at) if message == WHOLE_NUMBER_MESSAGE => {
                if let Some(digits) = digits_at(text, at) {
                    message = format!("`{digits}` is too large a number for this field");
                }
                pos
            }
            Some(at) if message == CONTROL_MESSAGE => match first_control(text, at) {
                Some((found, c)) => {
                    message = format!("{CONTROL_MESSAGE}: U+{:04X}", u32::from(c));
                    Some(found)
                }
                None => pos,
            },
            _ => pos,
        };
        let diagnostic = Diagnostic::error(Origin::at(file, pos), message).with_source(text);
        match help {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        }
    })
}

const TAB_MESSAGE: &str = "a tab character is used here, where YAML allows only spaces";

const CONTROL_MESSAGE: &str = "a control character that YAML does not allow";

const WHOLE_NUMBER_MESSAGE: &str = "expected a whole number here, 0 or more";

/// The value at `at` if it is written with digits only (so a whole number
/// refused for its size, not its form).
fn digits_at(text: &str, at: Pos) -> Option<&str> {
    let line = text.lines().nth(at.line.saturating_sub(1) as usize)?;
    let from = line
        .char_indices()
        .nth(at.column.saturating_sub(1) as usize)
        .map(|(i, _)| i)?;
    let value = line[from..].split(['#', ' ']).next()?.trim();
    (!value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())).then_some(value)
}

/// The first character at or after `from` that YAML refuses to read (the
/// C0 and C1 controls other than tab, line breaks and NEL, and U+FFFE,
/// U+FFFF), and where it is.
fn first_control(text: &str, from: Pos) -> Option<(Pos, char)> {
    let refused = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}'))
            || matches!(c, '\u{fffe}' | '\u{ffff}')
    };
    text.lines()
        .enumerate()
        .skip(from.line.saturating_sub(1) as usize)
        .find_map(|(index, line)| {
            let (column, c) = line.chars().enumerate().find(|&(_, c)| refused(c))?;
            Some((
                Pos {
                    line: u32::try_from(index + 1).ok()?,
                    column: u32::try_from(column + 1).ok()?,
                },
                c,
            ))
        })
}

/// The position of the first tab at or after `from`.
fn first_tab(text: &str, from: Pos) -> Option<Pos> {
    text.lines()
        .enumerate()
        .skip(from.line.saturating_sub(1) as usize)
        .find_map(|(index, line)| {
            let column = line.chars().position(|c| c == '\t')?;
            Some(Pos {
                line: u32::try_from(index + 1).ok()?,
                column: u32::try_from(column + 1).ok()?,
            })
        })
}

/// The most `*alias` references (and `&anchors`) a file may use.
const MAX_ALIASES: usize = 1_000;

/// The most values that `*alias` references may expand to, in all.
const MAX_REPLAYED: usize = 100_000;

/// Explains an exceeded reading limit: these mean a file is hostile or badly
/// broken, never a policy written by hand.
fn limit_exceeded(err: &serde_saphyr::Error) -> Option<(String, Option<String>)> {
    use serde_saphyr::Error;
    use serde_saphyr::budget::BudgetBreach;
    let alias_help = || {
        Some(format!(
            "write the text out instead of repeating it with `*alias` references; at most {MAX_ALIASES} references, expanding to at most {MAX_REPLAYED} values in all, are read"
        ))
    };
    let explained = match err {
        Error::AliasError { error, .. } | Error::WithSnippet { error, .. } => {
            return limit_exceeded(error);
        }
        Error::Budget { breach, .. } => match breach {
            BudgetBreach::Depth { .. } => (
                format!("this is nested more than {MAX_DEPTH} levels deep"),
                Some(
                    "a policy needs only a few levels of sections; move deeply nested sections up a level"
                        .to_owned(),
                ),
            ),
            BudgetBreach::Documents { .. } => (
                "this file holds more than one YAML document".to_owned(),
                Some(
                    "remove the `---` line and everything after it, or move it to a file of its own"
                        .to_owned(),
                ),
            ),
            BudgetBreach::Aliases { .. }
            | BudgetBreach::Anchors { .. }
            | BudgetBreach::AliasAnchorRatio { .. } => (
                "this file uses too many `*alias` references".to_owned(),
                alias_help(),
            ),
            _ => (
                format!("this file is too large or complex to read ({breach:?})"),
                Some("split the text into sections of reasonable size".to_owned()),
            ),
        },
        Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayCounterOverflow { .. } => (
            "the `*alias` references here expand to too many values".to_owned(),
            alias_help(),
        ),
        Error::AliasReplayStackDepthExceeded { .. } => (
            "the `*alias` references here are nested too deeply".to_owned(),
            alias_help(),
        ),
        _ => return None,
    };
    Some(explained)
}

/// Turns the YAML library's message into one for a policy author, with advice.
fn explain(raw: &str) -> (String, Option<String>) {
    let message = core_message(raw);
    let quote_help = "if the text contains `: ` or starts with a character such as `[`, `{`, `&`, `*`, `!`, `|`, `>`, `'`, `\"`, `%` or `@`, put it in double quotes";
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
    if let Some(key) = message.strip_prefix("duplicate mapping key: ") {
        let key = key.split(',').next().unwrap_or(key).trim();
        return (
            format!("`{key}` is written twice"),
            Some("each key may appear only once here; remove one of them".to_owned()),
        );
    }
    let (text, help): (&str, Option<String>) = match message.as_str() {
        m if m.starts_with("invalid u") || m.starts_with("invalid i") => (
            WHOLE_NUMBER_MESSAGE,
            Some("write a number such as 30, without quotes".into()),
        ),
        m if m.starts_with("invalid boolean") => ("expected `true` or `false` here", None),
        m if m.starts_with("expected string scalar") => (
            "expected a text value here, not a list or a mapping",
            Some(quote_help.into()),
        ),
        m if m.starts_with("expected mapping") => (
            "expected `key: value` lines here",
            Some("check the indentation: the fields of one item line up under each other".into()),
        ),
        m if m.starts_with("expected sequence") => (
            "expected a list here",
            Some("write each item on its own line, starting with `- `".into()),
        ),
        m if m.starts_with("cannot deserialize null") => (
            "this value is empty",
            Some("write a value after the colon, or remove the line".into()),
        ),
        m if m.contains("mapping values are not allowed") => (
            "a `:` that YAML cannot read here",
            Some(format!("check the indentation of this line; {quote_help}")),
        ),
        m if m.contains("found a tab") || m.contains("tabs") => (
            TAB_MESSAGE,
            Some("replace the tab with spaces; most editors can show tabs and convert them".into()),
        ),
        m if m.contains("did not find expected '-' indicator")
            || m.contains("did not find expected key") =>
        (
            "this line's indentation does not fit the lines before it",
            Some("line up the items of a list under each other, and the fields of one item under each other, using spaces".into()),
        ),
        m if m.starts_with("unexpected character") => (
            CONTROL_MESSAGE,
            Some("delete it; such characters often come along when text is copied from another program".into()),
        ),
        m if m.contains("scanning an anchor or alias") => (
            "`&` or `*` at the start of a value begins a YAML anchor or alias",
            Some(quote_help.into()),
        ),
        m if m.contains("unknown anchor") => (
            "this `*` refers to an anchor (`&name`) that is not defined before it",
            Some(format!(
                "to write a text that starts with `*`, put it in double quotes; {quote_help}"
            )),
        ),
        m if m.contains("unclosed quote") || m.contains("quoted scalar") => (
            "a quoted text is not closed",
            Some("add the closing quote".into()),
        ),
        _ => return (message, None),
    };
    (text.to_owned(), help)
}

/// The library's message without its `error: line N column M:` prefix and snippet.
fn core_message(raw: &str) -> String {
    let first = raw.trim().lines().next().unwrap_or_default();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let first = match first.strip_prefix("line ") {
        Some(rest) => rest.split_once(": ").map_or(rest, |(_, m)| m),
        None => first,
    };
    // Without a snippet, the library ends the message with its own location.
    let first = first.rfind(" at line ").map_or(first, |i| &first[..i]);
    first.trim().to_owned()
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
    let list = message[i + "expected".len()..].trim_start();
    let list = list.strip_prefix("one of").unwrap_or(list);
    list.split(',')
        .map(|name| name.trim().trim_matches('`').trim().to_owned())
        .filter(|name| !name.is_empty() && !name.contains(' '))
        .collect()
}

#[cfg(test)]
mod tests;
