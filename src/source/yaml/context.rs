//! Reading the source text around a problem, line by line, so that a YAML
//! mistake is explained in the author's terms: which field and which
//! section a line belongs to, which `|` block it was meant to continue, how
//! far it is indented and how far it should be. This is not a YAML parser:
//! it only looks at the lines of the usual layout (`key: value` lines, list
//! items `- `, `|` blocks), and says nothing when they are laid out
//! otherwise.

use crate::diagnostics::Pos;

/// A `key: value` line (possibly a list item, `- key: value`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Entry<'a> {
    /// The key.
    pub(super) key: &'a str,
    /// Where the key starts (characters from the start of the line).
    pub(super) key_col: usize,
    /// The value as written after `: ` (comments included), empty for none.
    pub(super) value: &'a str,
    /// Where the value starts.
    pub(super) value_col: usize,
    /// Whether the key follows a `- `: the first key of a list item.
    pub(super) item: bool,
}

/// How many spaces start `line`.
pub(super) fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The `key: value` of `line`, if it is laid out as one.
pub(super) fn entry(line: &str) -> Option<Entry<'_>> {
    let mut rest = line.trim_start_matches(' ');
    let mut item = false;
    while let Some(after) = rest.strip_prefix("- ") {
        rest = after.trim_start_matches(' ');
        item = true;
    }
    let colon = match rest.find(": ") {
        Some(i) => i,
        None => rest.trim_end().strip_suffix(':')?.len(),
    };
    let key = &rest[..colon];
    if key.is_empty() || key.starts_with(['"', '\'', '[', '{', '#', '-', '?']) {
        return None;
    }
    let value = rest[colon + 1..].trim_start_matches(' ').trim_end();
    let column = |part: &str| {
        line[..part.as_ptr() as usize - line.as_ptr() as usize]
            .chars()
            .count()
    };
    Some(Entry {
        key,
        key_col: column(key),
        value,
        value_col: if value.is_empty() {
            column(key) + key.chars().count() + 2
        } else {
            column(value)
        },
        item,
    })
}

/// A `|` or `>` block: the field whose text it is, and how its lines are
/// indented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Block<'a> {
    /// The `key: |` line (0-based).
    pub(super) line: usize,
    /// Its key and where it starts.
    pub(super) entry: Entry<'a>,
    /// The indentation of the block's first line of text, if it has one.
    pub(super) text_indent: Option<usize>,
}

/// Whether `value` starts a block (`|`, `>`, `|-`, `>+2`, with a comment).
fn starts_block(value: &str) -> bool {
    let Some(rest) = value.strip_prefix(['|', '>']) else {
        return false;
    };
    let rest = rest.trim_start_matches(['+', '-', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    rest.is_empty() || rest.trim_start().starts_with('#')
}

/// The lines of a source file.
pub(super) struct Text<'a> {
    lines: Vec<&'a str>,
}

impl<'a> Text<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Text {
            lines: text.lines().collect(),
        }
    }

    /// Line `pos.line` of the file.
    pub(super) fn line(&self, pos: Pos) -> Option<&'a str> {
        self.lines.get(pos.line.checked_sub(1)? as usize).copied()
    }

    /// The non-blank lines before line `n` (0-based), nearest first.
    fn above(&self, n: usize) -> impl Iterator<Item = (usize, &'a str)> + '_ {
        self.lines[..n.min(self.lines.len())]
            .iter()
            .copied()
            .enumerate()
            .rev()
            .filter(|(_, line)| !line.trim().is_empty())
    }

    /// The `|` block that line `n` (0-based) would continue if it were
    /// indented enough: the nearest `key: |` above it, every line between
    /// being its text.
    pub(super) fn block_above(&self, n: usize) -> Option<Block<'a>> {
        let here = indent(self.lines.get(n)?);
        let mut text_indent = None;
        for (i, line) in self.above(n) {
            if let Some(entry) = entry(line).filter(|e| starts_block(e.value)) {
                return Some(Block {
                    line: i,
                    entry,
                    text_indent,
                });
            }
            let indent = indent(line);
            if indent <= here {
                return None;
            }
            text_indent = Some(indent);
        }
        None
    }

    /// The id of the section whose field starts at `key_col` on line `n`
    /// (0-based): the `id:` of the list item that holds that line.
    pub(super) fn section(&self, n: usize, key_col: usize) -> Option<&'a str> {
        let dash = key_col.checked_sub(2)?;
        let is_start = |line: &str| indent(line) == dash && line[dash..].starts_with("- ");
        let start = std::iter::once((n, *self.lines.get(n)?))
            .chain(self.above(n))
            .take_while(|(_, line)| indent(line) >= dash)
            .find(|(_, line)| is_start(line))?
            .0;
        self.lines[start..]
            .iter()
            .enumerate()
            .take_while(|(i, line)| *i == 0 || line.trim().is_empty() || indent(line) > dash)
            .filter_map(|(_, line)| entry(line))
            .find(|e| e.key == "id" && e.key_col == key_col)
            .map(|e| e.value.split(" #").next().unwrap_or(e.value).trim())
            .filter(|id| !id.is_empty())
    }

    /// The key of the mapping entry that holds the field at `key_col` on
    /// line `n` (0-based): `change` for `summary` under `change:`.
    fn parent(&self, n: usize, key_col: usize) -> Option<&'a str> {
        let (_, line) = self.above(n).find(|(_, line)| indent(line) < key_col)?;
        let parent = entry(line)?;
        (parent.value.is_empty() && parent.key_col < key_col).then_some(parent.key)
    }

    /// How the field `key` at `key_col` on line `n` (0-based) is named in a
    /// message: "the `body` of section `cookies`", "`change.summary`", "`title`".
    pub(super) fn field(&self, n: usize, key: &str, key_col: usize) -> String {
        if let Some(id) = self.section(n, key_col) {
            return format!("the `{key}` of section `{id}`");
        }
        match self.parent(n, key_col) {
            Some("sections") | None => format!("`{key}`"),
            Some(parent) => format!("`{parent}.{key}`"),
        }
    }

    /// The entry on the nearest non-blank line above line `n` (0-based).
    pub(super) fn entry_above(&self, n: usize) -> Option<Entry<'a>> {
        self.above(n).next().and_then(|(_, line)| entry(line))
    }
}

/// `value` as a YAML text in double quotes.
pub(super) fn double_quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "effective: 2025-01-01
change:
  summary: |
    Better.
sections:
  - id: intro
    title: Introduction
    body: |
      First paragraph.

    Second paragraph.
  - title: No id
    id: late
    sections:
      - id: deep
        body: >-
          Deep.
";

    #[test]
    fn reads_the_entry_of_a_line() {
        assert_eq!(
            entry("  - id: intro # first"),
            Some(Entry {
                key: "id",
                key_col: 4,
                value: "intro # first",
                value_col: 8,
                item: true
            })
        );
        assert_eq!(
            entry("sections:").map(|e| (e.key, e.value)),
            Some(("sections", ""))
        );
        assert_eq!(entry("  plain prose here"), None);
        assert_eq!(entry("  - \"quoted\": x"), None);
    }

    #[test]
    fn finds_the_block_a_line_belongs_to() {
        let text = Text::new(FILE);
        let block = text.block_above(10).unwrap();
        assert_eq!(
            (
                block.line,
                block.entry.key,
                block.entry.key_col,
                block.text_indent
            ),
            (7, "body", 4, Some(6))
        );
        assert_eq!(text.block_above(6), None, "`title:` follows no block");
        assert_eq!(
            text.block_above(11).map(|b| b.line),
            Some(7),
            "the next item would continue the block, if it were indented more"
        );
        let first = Text::new("body: |\nno indentation\n");
        assert_eq!(first.block_above(1).map(|b| b.text_indent), Some(None));
        assert!(starts_block("|-") && starts_block(">+2 # folded") && !starts_block("| text"));
    }

    #[test]
    fn names_fields_by_their_section_or_their_parent() {
        let text = Text::new(FILE);
        assert_eq!(text.field(7, "body", 4), "the `body` of section `intro`");
        assert_eq!(text.field(11, "title", 4), "the `title` of section `late`");
        assert_eq!(text.field(15, "body", 8), "the `body` of section `deep`");
        assert_eq!(text.field(2, "summary", 2), "`change.summary`");
        assert_eq!(text.field(0, "effective", 0), "`effective`");
    }

    #[test]
    fn quotes_a_value_for_a_suggestion() {
        assert_eq!(double_quoted(r#"Say "hi": \o/"#), r#""Say \"hi\": \\o/""#);
    }
}
