//! The YAML mistakes an author makes in the layout of a file, explained
//! from the lines around them ([`super::context`]): a line of a `|` block
//! indented too little, a tab, a `:` inside an unquoted text, a list item
//! without the space after its `-`, a quote left open or closed too early,
//! text after `|`, a text that starts with a character YAML reads as
//! something else, a field indented differently from the others. Each is
//! said in the author's terms (the `body` of section `cookies`), with what
//! to write instead.

use super::context::{Entry, Text, double_quoted, entry, indent};
use crate::diagnostics::Pos;
use crate::source::raw;

/// A mistake explained: the message, the help, and where it is.
pub(super) type Explained = (String, Option<String>, Pos);

/// What the YAML library (or serde) said, `message`, explained from the
/// lines of `text` around `pos`, when they show what happened.
pub(super) fn explain(text: &str, message: &str, pos: Pos) -> Option<Explained> {
    let lines = Text::new(text);
    let n = pos.line.checked_sub(1)? as usize;
    let line = lines.line(pos)?;
    let start = Pos {
        line: pos.line,
        column: u32::try_from(indent(line) + 1).ok()?,
    };
    if let Some(explained) = missing_space_after_dash(line, start) {
        return Some(explained);
    }
    let syntax = [
        "simple key expected",
        "did not find expected key",
        "did not find expected '-' indicator",
        "mapping values are not allowed",
        "could not find expected ':'",
        "block sequence entries are not allowed",
    ]
    .iter()
    .any(|m| message.contains(m));
    // Text read as a key (`Note: ...`): not shaped like a field name.
    let prose_key = super::explain::unknown_field(message).is_some_and(|key| {
        !key.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    });
    if syntax || prose_key {
        if let Some(explained) = missing_colon(line, start) {
            return Some(explained);
        }
        if let Some(explained) = under_indented(&lines, n, line, start) {
            return Some(explained);
        }
    }
    let here = entry(line)?;
    let field = || lines.field(n, here.key, here.key_col);
    let at_value = Pos {
        line: pos.line,
        column: u32::try_from(here.value_col + 1).ok()?,
    };
    if message.contains("mapping values are not allowed") {
        let column = pos.column.checked_sub(1)? as usize;
        if column > here.value_col {
            return Some((
                format!(
                    "{} contains `: `, which YAML reads as the start of another field",
                    field()
                ),
                Some(quote_it(&here)),
                pos,
            ));
        }
        return over_indented(&lines, n, &here, start);
    }
    if syntax && let Some(explained) = misaligned(&lines, n, &here, start) {
        return Some(explained);
    }
    if message.contains("quote") || message.contains("quoted scalar") {
        return quotes(&here, &field(), at_value);
    }
    if message.contains("while scanning a block scalar") {
        let indicator = here.value.chars().next()?;
        let after = here.value[1..].trim();
        return Some((
            format!(
                "{} has text after `{indicator}` on the same line, but the text of a `{indicator}` block starts on the next line",
                field()
            ),
            Some(format!(
                "move `{after}` to the next line, indented more than `{}:` (or remove the `{indicator}`: a text of one line needs none)",
                here.key
            )),
            at_value,
        ));
    }
    let first = here.value.chars().next()?;
    if message.starts_with("expected string scalar")
        && let Some(inside) = here
            .value
            .strip_prefix('[')
            .and_then(|v| v.strip_suffix(']'))
            .or_else(|| {
                here.value
                    .strip_prefix('{')
                    .and_then(|v| v.strip_suffix('}'))
            })
    {
        let (what, close) = if first == '[' {
            ("a list", ']')
        } else {
            ("a mapping", '}')
        };
        return Some((
            format!(
                "{} is written as {what} (in `{first}...{close}`), where a text belongs",
                field()
            ),
            Some(format!(
                "write it without the brackets: `{}: {}`; if they are part of the text, put the whole text in double quotes",
                here.key,
                inside.trim()
            )),
            at_value,
        ));
    }
    let reads_as = match first {
        '[' if message.starts_with("expected string scalar") => "reads as the start of a list",
        '{' if message.starts_with("expected string scalar") => "reads as the start of a mapping",
        '-' if message.contains("block sequence") => "reads as a list",
        '@' | '`' => "does not allow at the start of a text",
        '*' if message.contains("unknown anchor") => {
            "reads as a reference to an `&anchor`, and none of that name is defined before it"
        }
        '*' if message.contains("anchor") => "reads as a reference to an `&anchor`",
        '&' if message.contains("anchor") => "reads as the name of an anchor",
        _ => return None,
    };
    Some((
        format!("{} starts with `{first}`, which YAML {reads_as}", field()),
        Some(quote_it(&here)),
        at_value,
    ))
}

/// Advice for a tab at `pos` used to indent a line, from the lines
/// around it: how far a line of a `|` block is indented.
pub(super) fn tab_help(text: &str, pos: Pos) -> Option<String> {
    let lines = Text::new(text);
    let n = pos.line.checked_sub(1)? as usize;
    let line = lines.line(pos)?;
    let leading = line.chars().take_while(|c| matches!(c, ' ' | '\t')).count();
    if pos.column as usize > leading {
        return None;
    }
    if let Some(block) = lines.block_above(n) {
        let key = block.entry.key;
        let field = lines.field(block.line, key, block.entry.key_col);
        let spaces = block.text_indent.unwrap_or(block.entry.key_col + 2);
        return Some(format!(
            "indent the lines of {field} with spaces only: at least {spaces} spaces, as its first line is"
        ));
    }
    let here = entry(line.trim_start_matches([' ', '\t'])).filter(|e| raw::is_field(e.key))?;
    let above = lines.entry_above(n)?;
    Some(format!(
        "indent `{}:` with spaces only, lined up with `{}:` above it: {} spaces from the start of the line",
        here.key, above.key, above.key_col
    ))
}

/// The help that puts the value of `entry` in double quotes.
fn quote_it(entry: &Entry<'_>) -> String {
    format!(
        "put the whole text in double quotes: `{}: {}`",
        entry.key,
        double_quoted(entry.value)
    )
}

/// `-id: a`: a list item without the space after its `-`.
fn missing_space_after_dash(line: &str, start: Pos) -> Option<Explained> {
    let rest = line.trim_start_matches(' ').strip_prefix('-')?;
    if !rest.starts_with(char::is_alphanumeric) {
        return None;
    }
    Some((
        "this list item has no space after its `-`".to_owned(),
        Some(format!(
            "write `- {}`: a list item starts with a dash and a space",
            rest.trim_end()
        )),
        start,
    ))
}

/// `title A`: a field without its `:`.
fn missing_colon(line: &str, start: Pos) -> Option<Explained> {
    let rest = line.trim_start_matches(' ');
    let rest = rest.strip_prefix("- ").unwrap_or(rest);
    let (key, value) = rest.split_once(' ').unwrap_or((rest, ""));
    if !raw::is_field(key) || key.ends_with(':') {
        return None;
    }
    Some((
        format!("`{key}` has no `:` after it"),
        Some(format!("write `{key}: {}`", value.trim())),
        start,
    ))
}

/// A line of a `|` block indented less than the block's text (or no more
/// than its field), which YAML reads as something else.
fn under_indented(lines: &Text<'_>, n: usize, line: &str, start: Pos) -> Option<Explained> {
    if entry(line).is_some_and(|e| raw::is_field(e.key)) {
        return None;
    }
    let block = lines.block_above(n)?;
    let found = indent(line);
    let key = block.entry.key;
    let field = lines.field(block.line, key, block.entry.key_col);
    let (message, help) = match block.text_indent {
        Some(expected) if found < expected => (
            format!(
                "{field} continues here with too little indentation: {found} spaces, where its first line has {expected}"
            ),
            format!(
                "indent every line of the {key} at least {expected} spaces, as its first line is"
            ),
        ),
        None if found <= block.entry.key_col => (
            format!(
                "the text of {field} starts here with {found} spaces of indentation, no more than `{key}:` itself"
            ),
            format!(
                "indent every line of the {key} more than `{key}:`, for example {} spaces",
                block.entry.key_col + 2
            ),
        ),
        _ => return None,
    };
    Some((message, Some(help), start))
}

/// A field indented more than the one above it, so that YAML reads it as
/// more of that field's text.
fn over_indented(lines: &Text<'_>, n: usize, here: &Entry<'_>, start: Pos) -> Option<Explained> {
    let above = lines.entry_above(n)?;
    if above.key_col >= here.key_col || above.value.is_empty() || !raw::is_field(here.key) {
        return None;
    }
    Some((
        format!(
            "`{}:` is indented more than `{}:` above it ({} spaces instead of {}), so YAML reads it as more of the text of `{}`",
            here.key, above.key, here.key_col, above.key_col, above.key
        ),
        Some(line_up(here, &above)),
        start,
    ))
}

/// A field indented differently from the field above it in its mapping.
fn misaligned(lines: &Text<'_>, n: usize, here: &Entry<'_>, start: Pos) -> Option<Explained> {
    let above = lines.entry_above(n)?;
    if above.key_col == here.key_col || here.item || !raw::is_field(here.key) {
        return None;
    }
    Some((
        format!(
            "`{}:` is indented {} spaces, but `{}:` above it {}: the fields of one item line up under each other",
            here.key, here.key_col, above.key, above.key_col
        ),
        Some(line_up(here, &above)),
        start,
    ))
}

fn line_up(here: &Entry<'_>, above: &Entry<'_>) -> String {
    format!(
        "line `{}:` up with `{}:`, {} spaces from the start of the line",
        here.key, above.key, above.key_col
    )
}

/// A quoted text closed too early (a quote mark inside it) or not at all.
fn quotes(here: &Entry<'_>, field: &str, at_value: Pos) -> Option<Explained> {
    let quote = here
        .value
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\''))?;
    let inner = &here.value[1..];
    let (inside, closed) = match inner.strip_suffix(quote) {
        Some(inside) => (inside, true),
        None => (inner, false),
    };
    let key = here.key;
    if closed && inside.contains(quote) || !closed && inner.contains(quote) {
        let inside = if closed { inside } else { inner };
        return Some(match quote {
            '\'' => (
                format!(
                    "{field} is in single quotes and has another `'` inside it, where YAML takes the text to end"
                ),
                Some(format!(
                    "inside single quotes write each `'` twice (`''`), or put the text in double quotes: `{key}: {}`",
                    double_quoted(inside)
                )),
                at_value,
            ),
            _ => (
                format!(
                    "{field} is in double quotes and has another `\"` inside it, where YAML takes the text to end"
                ),
                Some(format!(
                    "write each `\"` inside as `\\\"`, or put the text in single quotes: `{key}: '{}'`",
                    inside.replace('\'', "''")
                )),
                at_value,
            ),
        });
    }
    Some((
        format!("{field} starts with `{quote}`, but the quote is not closed on its line"),
        Some(format!(
            "end the text with `{quote}`: `{key}: {quote}{inner}{quote}`"
        )),
        at_value,
    ))
}

#[cfg(test)]
mod tests;
