//! A Markdown text split into the words a reader reads and the markup
//! around them, by the Markdown parser's own reading of it (pulldown-cmark,
//! with the options privsite renders with): the source characters of every
//! text run are words; everything between them (emphasis marks, link
//! brackets and targets, inline code, line breaks, list markers, table
//! pipes, raw HTML, entities) is markup, and so is a run of white space
//! alone. Joining the pieces in order gives the text back byte for byte.

use pulldown_cmark::{Event, Parser};

/// A piece of a Markdown text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'t> {
    /// Words a reader reads (as written in the source, escapes included).
    Text(&'t str),
    /// Markup: characters a translation must keep as they are.
    Markup(&'t str),
}

/// `text` split into words and markup (see the module's documentation).
pub fn segments(text: &str) -> Vec<Segment<'_>> {
    let mut words: Vec<std::ops::Range<usize>> = Parser::new_ext(text, crate::markdown::options())
        .into_offset_iter()
        .filter_map(|(event, range)| matches!(event, Event::Text(_)).then_some(range))
        .collect();
    words.sort_by_key(|r| r.start);
    // Pieces as (is words, start, end), markup between and around words.
    let mut pieces: Vec<(bool, usize, usize)> = Vec::new();
    let mut push = |words: bool, start: usize, end: usize| {
        if start == end {
            return;
        }
        match pieces.last_mut() {
            Some((kind, _, last)) if *kind == words && *last == start => *last = end,
            _ => pieces.push((words, start, end)),
        }
    };
    let mut at = 0;
    for range in words {
        if range.start < at {
            // A run read twice (or inside another): taken once.
            continue;
        }
        push(false, at, range.start);
        // A run of white space alone (indentation, a blank line) is markup.
        let words = !text[range.clone()].trim().is_empty();
        push(words, range.start, range.end);
        at = range.end;
    }
    push(false, at, text.len());
    pieces
        .into_iter()
        .map(|(words, start, end)| {
            let piece = &text[start..end];
            if words {
                Segment::Text(piece)
            } else {
                Segment::Markup(piece)
            }
        })
        .collect()
}

/// What a Markdown text's structure is, for telling whether a translation
/// kept it: how many blocks of each kind it has (paragraphs, list items,
/// headings, table rows, code blocks, quotes, raw HTML blocks) and where
/// its links and images lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Shape {
    /// Blocks by kind, counted.
    pub(super) blocks: std::collections::BTreeMap<&'static str, usize>,
    /// Link and image destinations.
    pub(super) destinations: std::collections::BTreeSet<String>,
}

/// The [`Shape`] of `text`.
pub(super) fn shape(text: &str) -> Shape {
    use pulldown_cmark::Tag;
    let mut blocks = std::collections::BTreeMap::new();
    let mut destinations = std::collections::BTreeSet::new();
    for event in Parser::new_ext(text, crate::markdown::options()) {
        let Event::Start(tag) = event else { continue };
        let kind = match tag {
            Tag::Paragraph => "paragraph",
            Tag::Heading { .. } => "heading",
            Tag::Item => "list item",
            Tag::TableRow | Tag::TableHead => "table row",
            Tag::CodeBlock(_) => "code block",
            Tag::BlockQuote(_) => "quote",
            Tag::HtmlBlock => "HTML block",
            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                destinations.insert(dest_url.into_string());
                continue;
            }
            _ => continue,
        };
        *blocks.entry(kind).or_insert(0) += 1;
    }
    Shape {
        blocks,
        destinations,
    }
}
