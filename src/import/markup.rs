//! What a publishing tool reads in a Markdown file before Markdown does:
//! front matter (YAML `---` or TOML `+++`), Liquid (`{{ }}`, `{% %}`,
//! Jekyll) and kramdown's attribute lists (`{: #id .class}`, `{:toc}`).
//!
//! Each is read for what it says (a title, a date, a heading's id, an
//! anchor) and taken out of the text, never left in it as text; what is
//! dropped without a meaning privsite can keep is noted, at its line.
//! Removed markup leaves its line breaks, so that lines keep their numbers.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;

use super::dates;

/// Something the import dropped or read differently from the text, worth
/// telling the author: at a line of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// 1-based line in the Markdown file.
    pub line: usize,
    /// What happened, in words.
    pub message: String,
}

/// The file's front matter, read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    /// `title`.
    pub title: Option<String>,
    /// The date it gives: `effective` (or `effective_date`), else
    /// `last_updated`, `updated`, `last_modified_at`, `modified`, else `date`.
    pub date: Option<Date>,
    /// Every field whose value is a text, for `{{ page.x }}`.
    pub fields: BTreeMap<String, String>,
}

/// The text after its front matter, the front matter, and the number of
/// lines the front matter took. A front matter that does not parse is an
/// error (its message).
pub fn front_matter(text: &str) -> Result<(&str, FrontMatter, usize), String> {
    for (fence, toml) in [("---", false), ("+++", true)] {
        let Some(rest) = text.strip_prefix(fence).and_then(|r| r.strip_prefix('\n')) else {
            continue;
        };
        let mut offset = 0;
        let mut closed = None;
        for line in rest.split_inclusive('\n') {
            let line_text = line.trim_end();
            if line_text == fence || (!toml && line_text == "...") {
                closed = Some((&rest[..offset], &rest[offset + line.len()..]));
                break;
            }
            offset += line.len();
        }
        let Some((head, after)) = closed else {
            return Err(format!(
                "the front matter opened by `{fence}` is not closed"
            ));
        };
        let lines = 2 + head.matches('\n').count();
        let fields = if toml {
            toml_fields(head)?
        } else {
            yaml_fields(head)?
        };
        return Ok((after, FrontMatter::of(fields), lines));
    }
    Ok((text, FrontMatter::default(), 0))
}

fn yaml_fields(head: &str) -> Result<BTreeMap<String, String>, String> {
    if head.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    let map: BTreeMap<String, serde_json::Value> =
        crate::source::yaml::parse(Path::new("front matter"), head).map_err(|d| d.message)?;
    Ok(map
        .into_iter()
        .filter_map(|(k, v)| match v {
            serde_json::Value::String(s) => Some((k, s)),
            serde_json::Value::Number(n) => Some((k, n.to_string())),
            _ => None,
        })
        .collect())
}

fn toml_fields(head: &str) -> Result<BTreeMap<String, String>, String> {
    let doc: toml_edit::Document<String> = head
        .to_owned()
        .parse()
        .map_err(|e: toml_edit::TomlError| e.message().to_owned())?;
    Ok(doc
        .as_table()
        .iter()
        .filter_map(|(k, v)| {
            let value = v.as_value()?;
            let text = match value {
                toml_edit::Value::String(s) => s.value().clone(),
                toml_edit::Value::Datetime(d) => d.value().to_string(),
                _ => return None,
            };
            Some((k.to_owned(), text))
        })
        .collect())
}

impl FrontMatter {
    fn of(fields: BTreeMap<String, String>) -> FrontMatter {
        let date = [
            "effective",
            "effective_date",
            "last_updated",
            "updated",
            "last_modified_at",
            "modified",
            "date",
        ]
        .iter()
        .find_map(|key| {
            let value = fields.get(*key)?.trim();
            dates::iso(value.get(..10).unwrap_or(value))
                .or_else(|| dates::find(value).map(|(d, _)| d))
        });
        FrontMatter {
            title: fields.get("title").map(|t| t.trim().to_owned()),
            date,
            fields,
        }
    }
}

/// `text` with Liquid read: `{% raw %}` kept as written, `{% comment %}`
/// dropped, `{{ page.x }}` (or `{{ x }}`) replaced by the front matter's
/// `x`, every other tag and output dropped with a note. `first_line` is
/// the line `text` starts at in its file.
pub fn liquid(text: &str, front: &FrontMatter, first_line: usize, notes: &mut Vec<Note>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let line_of = |out: &str| first_line + out.matches('\n').count();
    while let Some(open) = find_open(rest) {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let (close, is_tag) = if rest.starts_with("{%") {
            ("%}", true)
        } else {
            ("}}", false)
        };
        let Some(end) = rest.find(close).map(|e| e + close.len()) else {
            out.push_str(rest);
            return out;
        };
        let markup = &rest[..end];
        let inner =
            markup[2..markup.len() - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let name = inner.split_whitespace().next().unwrap_or("");
        let line = line_of(&out);
        if is_tag && (name == "raw" || name == "comment") {
            let end_tag = format!("end{name}");
            let body_end = rest[end..]
                .match_indices("{%")
                .find(|(i, _)| {
                    let after = &rest[end + i + 2..];
                    after.trim_start_matches(['-', ' ']).starts_with(&end_tag)
                })
                .map(|(i, _)| end + i);
            let Some(body_end) = body_end else {
                notes.push(Note {
                    line,
                    message: format!("`{markup}` is never closed; it was dropped"),
                });
                out.push_str(&keep_breaks(markup));
                rest = &rest[end..];
                continue;
            };
            let close_end = rest[body_end..]
                .find("%}")
                .map_or(rest.len(), |e| body_end + e + 2);
            let body = &rest[end..body_end];
            if name == "raw" {
                out.push_str(body);
            } else {
                out.push_str(&keep_breaks(&rest[..close_end]));
            }
            rest = &rest[close_end..];
            continue;
        }
        let value = (!is_tag && !inner.contains('|'))
            .then(|| {
                front
                    .fields
                    .get(inner.strip_prefix("page.").unwrap_or(inner))
            })
            .flatten();
        match value {
            Some(value) => out.push_str(value),
            None => {
                notes.push(Note {
                    line,
                    message: format!(
                        "dropped the Liquid markup `{}`: it has no value privsite can know",
                        one_line(markup)
                    ),
                });
                out.push_str(&keep_breaks(markup));
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn find_open(text: &str) -> Option<usize> {
    match (text.find("{{"), text.find("{%")) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Only the line breaks of `text`, so that removing it keeps line numbers.
fn keep_breaks(text: &str) -> String {
    "\n".repeat(text.matches('\n').count())
}

fn one_line(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line,
    }
}

/// What kramdown's attribute lists said, by the line they apply to.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Attributes {
    /// A heading's `{#id}` or `{: #id}`, by the heading's line (1-based).
    pub heading_ids: BTreeMap<usize, String>,
    /// A `datetime="..."` given to a block, by the line of the block's
    /// last line: the day the block (the "Effective" line) states.
    pub datetimes: BTreeMap<usize, Date>,
}

/// `text` without kramdown attribute lists, extensions and `{:toc}`, and
/// what they said. A block's `#id` becomes an `<a id>` anchor at the start
/// of the block (so that links to it still land there); classes and other
/// attributes are dropped with a note. Fenced code is left alone.
pub fn kramdown(text: &str, first_line: usize, notes: &mut Vec<Note>) -> (String, Attributes) {
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let mut found = Attributes::default();
    let mut fence: Option<String> = None;
    let mut dropped_classes = false;
    for i in 0..lines.len() {
        let trimmed = lines[i].trim_start().to_owned();
        if let Some(open) = &fence {
            if trimmed.starts_with(open.as_str()) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed[..3].to_owned());
            continue;
        }
        let line = first_line + i;
        let whole = trimmed.trim_end();
        if whole.starts_with("{:") && whole.ends_with('}') {
            // A line of its own: an attribute list for the block before it
            // (or after it), an extension (`{::comment}`), or `{:toc}`.
            let attrs = &whole[2..whole.len() - 1];
            lines[i] = String::new();
            if attrs.trim() == "toc" {
                if i > 0 && is_list_item(&lines[i - 1]) {
                    lines[i - 1] = String::new();
                }
                notes.push(Note {
                    line,
                    message: "dropped kramdown's table of contents (`{:toc}`): privsite pages have their own".to_owned(),
                });
                continue;
            }
            let (id, datetime, other) = parse_attributes(attrs);
            let block_end = (0..i).rev().find(|&j| !lines[j].trim().is_empty());
            if let (Some(day), Some(end)) = (datetime, block_end) {
                found.datetimes.insert(first_line + end, day);
            }
            if let Some(id) = id {
                anchor(&mut lines, i, block_end, &id);
            }
            if other && !dropped_classes {
                dropped_classes = true;
                notes.push(Note {
                    line,
                    message: format!("dropped the kramdown attributes `{whole}` (classes and styles are the old site's; privsite's theme styles the page)"),
                });
            }
            continue;
        }
        if is_heading(&trimmed)
            && let Some((text, id)) = heading_attributes(&lines[i])
        {
            lines[i] = text;
            if let Some(id) = id {
                found.heading_ids.insert(line, id);
            }
            continue;
        }
        // Attribute lists inside a line (`*text*{: .class}`).
        while let Some(start) = lines[i].find("{:") {
            let Some(len) = lines[i][start..].find('}') else {
                break;
            };
            let markup = lines[i][start..start + len + 1].to_owned();
            lines[i].replace_range(start..start + len + 1, "");
            notes.push(Note {
                line,
                message: format!("dropped the kramdown attributes `{markup}` inside a line"),
            });
        }
    }
    (lines.join("\n"), found)
}

fn is_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && line[hashes..].starts_with([' ', '\t'])
}

fn is_list_item(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("* ")
        || t.starts_with("- ")
        || t.starts_with("+ ")
        || t.split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A heading line without its trailing `{#id}` / `{: #id .class}`, and the id.
fn heading_attributes(line: &str) -> Option<(String, Option<String>)> {
    let end = line.trim_end();
    if !end.ends_with('}') {
        return None;
    }
    let open = end.rfind('{')?;
    let inner = &end[open + 1..end.len() - 1];
    let attrs = inner.strip_prefix(':').unwrap_or(inner);
    if !inner.starts_with(':') && !attrs.trim_start().starts_with(['#', '.']) {
        return None;
    }
    let (id, _, _) = parse_attributes(attrs);
    Some((end[..open].trim_end().to_owned(), id))
}

/// The `#id`, the `datetime` and whether anything else (classes, other
/// attributes) is in an attribute list.
fn parse_attributes(attrs: &str) -> (Option<String>, Option<Date>, bool) {
    let (mut id, mut datetime, mut other) = (None, None, false);
    let mut rest = attrs.trim();
    while !rest.is_empty() {
        let (word, after) = match rest.find('=') {
            Some(eq) if !rest[..eq].contains(char::is_whitespace) => {
                let value = &rest[eq + 1..];
                let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'');
                let (val, after) = match quote {
                    Some(q) => match value[1..].find(q) {
                        Some(e) => (&value[1..=e], &value[e + 2..]),
                        None => (&value[1..], ""),
                    },
                    None => value.split_once(char::is_whitespace).unwrap_or((value, "")),
                };
                if &rest[..eq] == "datetime" {
                    datetime = dates::iso(val.get(..10).unwrap_or(val)).or_else(|| dates::iso(val));
                } else {
                    other = true;
                }
                (None, after)
            }
            _ => {
                let (w, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
                (Some(w), after)
            }
        };
        match word {
            Some(w) if w.starts_with('#') && w.len() > 1 => id = Some(w[1..].to_owned()),
            Some(_) => other = true,
            None => {}
        }
        rest = after.trim_start();
    }
    (id, datetime, other)
}

/// Puts an `<a id>` anchor for a block's `{: #id}` (written on line `at`,
/// the block ending on line `end`) at the start of the block, or on its
/// own line where the block is a table.
fn anchor(lines: &mut [String], at: usize, end: Option<usize>, id: &str) {
    let tag = format!("<a id=\"{id}\"></a>");
    let Some(end) = end.filter(|&e| e + 1 == at) else {
        // Not attached to a block before it: an anchor where it stood.
        lines[at] = tag;
        return;
    };
    // The block's first line: up to a blank line or a heading (a heading
    // is a block of its own line).
    let start = (0..=end)
        .rev()
        .take_while(|&j| {
            !lines[j].trim().is_empty() && (j == end || !is_heading(lines[j].trim_start()))
        })
        .last()
        .unwrap_or(end);
    let first = lines[start].trim_start();
    if first.starts_with('|') {
        lines[at] = format!("\n{tag}");
    } else if is_list_item(first) || first.starts_with('>') || first.starts_with('#') {
        lines[end].push(' ');
        lines[end].push_str(&tag);
    } else {
        let indent = lines[start].len() - first.len();
        lines[start].insert_str(indent, &tag);
    }
}

#[cfg(test)]
mod tests;
