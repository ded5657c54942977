//! A Markdown policy split the way privsite holds a text: a title, the
//! text before the first heading (the introduction), and one part per
//! heading under the title, each with the anchor the original site gave
//! it and its text as written (cut at pulldown-cmark's offsets, so the
//! Markdown of a body is the author's, byte for byte).
//!
//! Front matter, Liquid and kramdown attribute lists are read first
//! ([`super::markup`]); the paragraph that states the text's date
//! ("Effective date: July 20, 2023") is read for the date and left out of
//! the text: privsite shows a version's dates itself, and a "Last updated"
//! line in every version would make every change look like a change of
//! that line.

use std::ops::Range;

use jiff::civil::Date;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::dates;
use super::markup::{self, Note};
use super::slug::{Rule, Slugger};

/// A Markdown file, split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The front matter's `title`, else the title heading's text.
    pub title: Option<String>,
    /// The date the text states: the front matter's, else a kramdown
    /// `datetime`, else the "Effective"/"Last updated" paragraph's.
    pub date: Option<Date>,
    /// The text before the first heading under the title (without the
    /// statement of the date), `""` when there is none.
    pub intro: String,
    /// The headings under the title, in reading order.
    pub parts: Vec<Part>,
    /// What the import dropped or interpreted, at its line.
    pub notes: Vec<Note>,
}

/// One heading under the title and the text up to the next heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// 1 for `#`, 6 for `######`.
    pub level: u8,
    /// The heading as plain text (as the page showed it).
    pub title: String,
    /// The anchor the original site gave the heading: its explicit `{#id}`,
    /// else the slug of its text, counted for repeats.
    pub anchor: String,
    /// The Markdown under the heading, up to the next one, ending in one
    /// line break (`""` when there is none).
    pub body: String,
    /// The heading's line in the file.
    pub line: usize,
}

/// Whose text a file is: the source's date is its own; a translation
/// states the same date in its own language, so its date paragraph is
/// found by its place as well.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The source locale's text.
    Source,
    /// A translation.
    Translation,
}

/// Splits `text` (a Markdown file) into a [`Document`], with the anchors
/// `rule` makes. A file that cannot be read as a policy is an error: a
/// front matter that does not parse, or no text at all.
pub fn split(text: &str, rule: Rule, role: Role) -> Result<Document, String> {
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let (rest, front, skipped) = markup::front_matter(&text)?;
    let first_line = skipped + 1;
    let mut notes = Vec::new();
    let rest = markup::liquid(rest, &front, first_line, &mut notes);
    let (rest, attributes) = markup::kramdown(&rest, first_line, &mut notes);
    if rest.trim().is_empty() {
        return Err("the file has no text".to_owned());
    }
    let read = Reading::of(&rest);
    let line_of = |at: usize| first_line + rest[..at].matches('\n').count();

    // The title heading: an `#` heading first of all headings when the
    // front matter names the title, else the first `#` heading, else a
    // heading that opens the text.
    let title_at = match &front.title {
        Some(_) => read.headings.first().filter(|h| h.level == 1).map(|_| 0),
        None => read.headings.iter().position(|h| h.level == 1).or_else(|| {
            read.headings
                .first()
                .filter(|h| rest[..h.range.start].trim().is_empty())
                .map(|_| 0)
        }),
    };
    let title = front
        .title
        .clone()
        .or_else(|| title_at.map(|i| read.headings[i].text.clone()))
        .filter(|t| !t.is_empty());

    // The statement of the date: a paragraph given a `datetime`, else the
    // first that states a date in words; for a translation, else a short
    // paragraph with a year in it before the first section.
    let first_section = read
        .headings
        .iter()
        .enumerate()
        .find(|(i, _)| Some(*i) != title_at)
        .map_or(rest.len(), |(_, h)| h.range.start);
    let dated = read
        .paragraphs
        .iter()
        .find_map(|p| {
            attributes
                .datetimes
                .get(&(line_of(p.range.end.saturating_sub(1))))
                .map(|d| (p, Some(*d)))
        })
        .or_else(|| {
            read.paragraphs
                .iter()
                .find_map(|p| dates::stated(&p.text).map(|d| (p, Some(d))))
        })
        .or_else(|| {
            (role == Role::Translation).then(|| {
                read.paragraphs
                    .iter()
                    .find(|p| {
                        p.range.start < first_section
                            && p.text.split_whitespace().count() <= 8
                            && dates::mentions_year(&p.text)
                    })
                    .map(|p| (p, None))
            })?
        });
    let date = front.date.or(dated.and_then(|(_, d)| d));
    let cut = dated.map(|(p, _)| p.range.clone());

    // Anchors, counted over every heading the way the site counted them.
    let mut slugger = Slugger::new(rule);
    for h in &read.headings {
        if let Some(id) = attributes.heading_ids.get(&line_of(h.range.start)) {
            slugger.reserve(id);
        }
    }
    let mut parts = Vec::new();
    let mut intro = String::new();
    for (i, h) in read.headings.iter().enumerate() {
        let line = line_of(h.range.start);
        let anchor = match attributes.heading_ids.get(&line) {
            Some(id) => id.clone(),
            None => slugger.next(&h.text),
        };
        let next = read
            .headings
            .get(i + 1)
            .map_or(rest.len(), |n| n.range.start);
        let body = body_of(&rest, h.range.end..next, cut.as_ref(), &read.definitions);
        if Some(i) == title_at {
            intro.push_str(&body);
            continue;
        }
        let title = if h.text.is_empty() {
            notes.push(Note {
                line,
                message: "a heading without text was given the title “Untitled”".to_owned(),
            });
            "Untitled".to_owned()
        } else {
            h.text.clone()
        };
        parts.push(Part {
            level: h.level,
            title,
            anchor,
            body,
            line,
        });
    }
    let before = read.headings.first().map_or(rest.len(), |h| h.range.start);
    let opening = body_of(&rest, 0..before, cut.as_ref(), &read.definitions);
    let intro = match (opening.is_empty(), intro.is_empty()) {
        (false, false) => format!("{opening}\n{intro}"),
        (false, true) => opening,
        _ => intro,
    };
    Ok(Document {
        title,
        date,
        intro,
        parts,
        notes,
    })
}

impl Document {
    /// Makes the links of every text that start with one `/` (`/terms`,
    /// which leave the page's own site) absolute against `base`, the site
    /// the policy was published on: privsite's site is elsewhere.
    pub fn with_link_base(&mut self, base: &url::Url) {
        self.intro = absolute_links(&self.intro, base);
        for part in &mut self.parts {
            part.body = absolute_links(&part.body, base);
        }
    }
}

/// `text` with `](/x`, `href="/x"` and `[label]: /x` made absolute
/// against `base` (`//host` links are left: they are absolute already).
fn absolute_links(text: &str, base: &url::Url) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let next = ["](/", "href=\"/", "]: /"]
            .iter()
            .filter_map(|open| rest.find(open).map(|at| (at, open.len() - 1)))
            .min();
        let Some((at, open)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at + open]);
        rest = &rest[at + open..];
        let end = rest
            .find(|c: char| c == ')' || c == '"' || c.is_whitespace())
            .unwrap_or(rest.len());
        let link = &rest[..end];
        match base.join(link).ok().filter(|_| !link.starts_with("//")) {
            Some(full) => out.push_str(full.as_str()),
            None => out.push_str(link),
        }
        rest = &rest[end..];
    }
}

/// The Markdown of `range` in `text`: without the date statement `cut`,
/// blank lines trimmed at both ends, ending in one line break, with the
/// link reference definitions it uses from elsewhere in the file added.
fn body_of(
    text: &str,
    range: Range<usize>,
    cut: Option<&Range<usize>>,
    definitions: &[Definition],
) -> String {
    let mut body = String::new();
    match cut.filter(|c| c.start >= range.start && c.end <= range.end) {
        Some(c) => {
            body.push_str(&text[range.start..c.start]);
            body.push_str(&text[c.end..range.end]);
        }
        None => body.push_str(&text[range.clone()]),
    }
    let start = body
        .find(|c: char| c != '\n' && c != ' ' && c != '\t')
        .map_or(body.len(), |i| body[..i].rfind('\n').map_or(0, |nl| nl + 1));
    let mut out = body[start..].trim_end().to_owned();
    let lower = out.to_lowercase();
    for d in definitions {
        let elsewhere = d.range.start < range.start || d.range.start >= range.end;
        if elsewhere && lower.contains(&format!("[{}]", d.label.to_lowercase())) {
            out.push_str("\n\n");
            out.push_str(text[d.range.clone()].trim_end());
        }
    }
    if out.is_empty() { out } else { out + "\n" }
}

/// What pulldown-cmark read in a text: its top-level headings and
/// paragraphs (not those inside lists or quotes), and its link reference
/// definitions.
struct Reading {
    headings: Vec<Heading>,
    paragraphs: Vec<Paragraph>,
    definitions: Vec<Definition>,
}

struct Heading {
    level: u8,
    text: String,
    range: Range<usize>,
}

struct Paragraph {
    text: String,
    range: Range<usize>,
}

struct Definition {
    label: String,
    range: Range<usize>,
}

impl Reading {
    fn of(text: &str) -> Reading {
        let options = crate::markdown::options() | Options::ENABLE_FOOTNOTES;
        let mut parser = Parser::new_ext(text, options).into_offset_iter();
        let (mut headings, mut paragraphs) = (Vec::new(), Vec::new());
        let mut depth = 0usize;
        let mut current: Option<(Option<u8>, String, Range<usize>)> = None;
        for (event, range) in parser.by_ref() {
            match event {
                Event::Start(Tag::Heading { level, .. }) if depth == 0 => {
                    current = Some((Some(level_number(level)), String::new(), range));
                }
                Event::Start(Tag::Paragraph) if depth == 0 => {
                    current = Some((None, String::new(), range));
                }
                Event::Start(
                    Tag::List(_) | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_) | Tag::Table(_),
                ) => {
                    depth += 1;
                }
                Event::End(
                    TagEnd::List(_)
                    | TagEnd::BlockQuote(_)
                    | TagEnd::FootnoteDefinition
                    | TagEnd::Table,
                ) => {
                    depth = depth.saturating_sub(1);
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some((_, text, _)) = &mut current {
                        text.push_str(&t);
                    }
                }
                Event::SoftBreak | Event::HardBreak => {
                    if let Some((_, text, _)) = &mut current {
                        text.push(' ');
                    }
                }
                Event::End(TagEnd::Heading(_) | TagEnd::Paragraph) => {
                    if let Some((level, text, range)) = current.take() {
                        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                        match level {
                            Some(level) => headings.push(Heading { level, text, range }),
                            None => paragraphs.push(Paragraph { text, range }),
                        }
                    }
                }
                _ => {}
            }
        }
        let definitions = parser
            .reference_definitions()
            .iter()
            .map(|(label, def)| Definition {
                label: label.to_owned(),
                range: def.span.clone(),
            })
            .collect();
        Reading {
            headings,
            paragraphs,
            definitions,
        }
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests;
