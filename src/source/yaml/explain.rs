//! What the YAML library and serde say, in words a policy author
//! understands, with advice: every problem of a source file becomes one
//! [`Diagnostic`] here, pointed at the character it is about.

use std::path::Path;

use super::layout;
use super::recover::Found;
use super::tree::Role;
use super::{MAX_ALIASES, MAX_DEPTH, MAX_REPLAYED};
use crate::diagnostics::{Diagnostic, Origin, Pos};

/// The diagnostic for the first problem the YAML library met in `text`.
pub(super) fn library_error(file: &Path, text: &str, err: &serde_saphyr::Error) -> Diagnostic {
    let pos = err.location().and_then(super::pos_of);
    if let Some(limit) = limit_exceeded(err) {
        return diagnostic(file, text, None, limit, pos);
    }
    let raw = err.to_string();
    let said = core_message(&raw);
    diagnostic(file, text, Some(&said), explain(&raw), pos)
}

/// The diagnostic for a problem found in the tree of `text`.
pub(super) fn found_error(file: &Path, text: &str, found: &Found) -> Diagnostic {
    match missing_field(&found.message) {
        Some(field) => diagnostic(file, text, None, lacking(file, found, field), found.pos),
        None => diagnostic(
            file,
            text,
            Some(&found.message),
            explain(&found.message),
            found.pos,
        ),
    }
}

/// A mapping that lacks a field: named, and what to add where.
fn lacking(file: &Path, found: &Found, field: &str) -> (String, Option<String>) {
    let file_name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let lined_up = found
        .keys
        .first()
        .map(|key| format!(", lined up with `{key}:`"))
        .unwrap_or_default();
    match (found.place.role, found.place.last_key()) {
        (Role::Root, _) | (_, None) => (
            format!("`{file_name}` has no `{field}`"),
            Some(format!(
                "add a line `{field}: ...` to {file_name}{lined_up}"
            )),
        ),
        (_, Some("sections")) if found.place.is_item() => (
            format!("this section has no `{field}`"),
            Some(format!("add `{field}: ...` to this section{lined_up}")),
        ),
        (_, Some(key)) if found.place.is_item() => (
            format!("this item of `{key}` has no `{field}`"),
            Some(format!("add `{field}: ...` to it{lined_up}")),
        ),
        (_, Some(key)) => (
            format!("`{key}` has no `{field}`"),
            Some(format!("add `{field}: ...` under `{key}:`{lined_up}")),
        ),
    }
}

/// The diagnostic at `pos`, pointed at the character the parser means,
/// and explained from the lines around it when they show what happened
/// (`said` is what the parser said, if the lines may tell more).
fn diagnostic(
    file: &Path,
    text: &str,
    said: Option<&str>,
    (mut message, mut help): (String, Option<String>),
    pos: Option<Pos>,
) -> Diagnostic {
    // The parser notices a tab where the value it was reading ends, often
    // a line early, and a control character at the start of the value
    // that holds it: point at the character itself.
    let mut pos = match pos {
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
    if let (Some(said), Some(at)) = (said, pos) {
        if message.starts_with(TAB_MESSAGE) {
            help = layout::tab_help(text, at).or(help);
        } else if let Some((explained, advice, place)) = layout::explain(text, said, at) {
            (message, help, pos) = (explained, advice, Some(place));
        }
    }
    let diagnostic = Diagnostic::error(Origin::at(file, pos), message).with_source(text);
    match help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

/// The field a "missing field" message names.
pub(super) fn missing_field(message: &str) -> Option<&str> {
    between(message, "missing field `", "`")
}

/// The field an "unknown field" message names.
pub(super) fn unknown_field(message: &str) -> Option<&str> {
    between(message, "unknown field `", "`")
}

/// The field of `expected` that the unknown `field` is a misspelling of,
/// unless `field` is a field of another mapping (written in the wrong place).
pub(super) fn meant_field<'a>(field: &str, expected: &'a [String]) -> Option<&'a str> {
    if crate::source::raw::home_of(field, expected).is_some() {
        return None;
    }
    crate::source::suggest(field, expected)
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
    if let Some(field) = unknown_field(&message) {
        let expected = expected_names(&message);
        let help = match (
            crate::source::raw::home_of(field, &expected),
            meant_field(field, &expected),
        ) {
            (Some(home), _) => home,
            (None, Some(near)) => format!("did you mean `{near}`?"),
            (None, None) if expected.is_empty() => "remove this field".to_owned(),
            (None, None) => format!("the fields allowed here are: {}", expected.join(", ")),
        };
        return (format!("unknown field `{field}`"), Some(help));
    }
    if let Some(field) = missing_field(&message) {
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
        m if m.starts_with("invalid boolean") => (
            "expected `true` or `false` here",
            Some("write `true` or `false`, without quotes".into()),
        ),
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
        m if m.contains("simple key expected") || m.contains("could not find expected ':'") => (
            "YAML expected `key: value` here",
            Some("write a field as `key: value`; a line that continues a `|` text is indented as far as the text's first line".into()),
        ),
        m if m.contains("unclosed bracket") => (
            "a `[` or `{` is not closed",
            Some("add the closing bracket; a text that starts with `[` or `{` goes in double quotes".into()),
        ),
        m if m.contains("block sequence entries are not allowed") => (
            "a `- ` list item where YAML expects no list",
            Some(format!("check the indentation of this line; {quote_help}")),
        ),
        m if m.contains("while scanning a block scalar") => (
            "text follows `|` or `>` on its line",
            Some("start the text of a `|` or `>` block on the next line, indented more than its field".into()),
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
pub(super) fn core_message(raw: &str) -> String {
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

/// The names listed after "expected one of" (or "expected") in a serde
/// message: `a, b, c`, `` `a`, `b` ``, or `` `a` or `b` ``.
pub(super) fn expected_names(message: &str) -> Vec<String> {
    let Some(i) = message.find("expected") else {
        return Vec::new();
    };
    let list = message[i + "expected".len()..].trim_start();
    let list = list.strip_prefix("one of").unwrap_or(list);
    list.split(',')
        .flat_map(|part| part.split(" or "))
        .map(|name| name.trim().trim_matches('`').trim().to_owned())
        .filter(|name| !name.is_empty() && !name.contains(' '))
        .collect()
}
