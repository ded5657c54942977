//! Bounds on the shape of a text, checked before anything renders or
//! compares it. A hostile body costs time out of proportion to its size
//! through its shape, not its length: 100,000 nested `<div>` (500 KB) kept
//! the HTML sanitizer busy for a minute, a list nested 1,500 deep took
//! gigabytes, and 10,000 nested quotes (10 KB) overflow the stack of the
//! changes page. Texts inside these bounds render and compare in time
//! proportional to their length.
//!
//! [`check`] reads a text once, the way the rest of this module does
//! (pulldown-cmark for Markdown, html5ever's tokenizer for raw HTML), and
//! returns the first bound it exceeds, with its place in the text. It does
//! not render or keep anything; the model ([`crate::model`]) calls it for
//! every body and summary and turns a failure into a diagnostic at the line.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Lists, block quotes and tables inside each other, Markdown and raw HTML
/// together: a list in a list is two levels. Far more than readers can
/// follow; the comparison keeps, for every block, every level around it,
/// and the changes page walks the levels one call inside another.
pub const MAX_NESTING: usize = 32;

/// Raw HTML elements open at once. The sanitizer's HTML parser looks
/// through the open elements at every tag, so its work grows with the
/// product of tags and depth.
pub const MAX_HTML_DEPTH: usize = 32;

/// Columns of one table: more cannot be read on a page.
pub const MAX_TABLE_COLUMNS: usize = 64;

/// Cells of one table (500 rows of 20 columns, say).
pub const MAX_TABLE_CELLS: usize = 10_000;

/// What [`check`] found in a text within the bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// The blocks a reader sees (paragraphs, list items, headings, table
    /// rows, code and HTML blocks, notes), Markdown and raw HTML together:
    /// what a comparison matches one by one.
    pub blocks: usize,
    /// The raw HTML elements it opens (every start tag).
    pub elements: usize,
}

/// The first bound a text exceeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exceeded {
    /// Where, as a byte offset into the text.
    pub at: usize,
    /// What is too much, in words.
    pub message: String,
    /// What to do about it.
    pub help: String,
}

/// Checks `markdown` (a body or a summary) against the bounds above.
pub fn check(markdown: &str) -> Result<Shape, Exceeded> {
    let options = super::options() | Options::ENABLE_FOOTNOTES | Options::ENABLE_HEADING_ATTRIBUTES;
    // Made at the first raw HTML: most texts have none.
    let mut tokenizer: Option<Tokenizer<Html>> = None;
    let input = BufferQueue::default();
    // Open Markdown containers that count as levels, and the open table's
    // cells and columns.
    let mut levels = 0usize;
    let mut table: Option<(usize, usize)> = None;
    let mut blocks = 0usize;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        let at = range.start;
        match event {
            Event::Start(tag) => {
                match &tag {
                    Tag::BlockQuote(_) | Tag::List(_) | Tag::Table(_) => {
                        levels += 1;
                        if levels > MAX_NESTING {
                            return Err(too_deep(at));
                        }
                    }
                    _ => {}
                }
                match tag {
                    Tag::Table(columns) => {
                        if columns.len() > MAX_TABLE_COLUMNS {
                            return Err(too_wide(at));
                        }
                        table = Some((0, columns.len()));
                    }
                    Tag::TableCell => {
                        if let Some((cells, _)) = &mut table {
                            *cells += 1;
                            if *cells > MAX_TABLE_CELLS {
                                return Err(too_many_cells(at));
                            }
                        }
                    }
                    Tag::HtmlBlock => {
                        let tokenizer = tokenizer.get_or_insert_with(new_tokenizer);
                        let mut state = tokenizer.sink.state.borrow_mut();
                        state.block = true;
                        state.outer_levels = levels;
                    }
                    Tag::Paragraph
                    | Tag::Heading { .. }
                    | Tag::CodeBlock(_)
                    | Tag::Item
                    | Tag::TableHead
                    | Tag::TableRow
                    | Tag::FootnoteDefinition(_) => blocks += 1,
                    _ => {}
                }
            }
            Event::End(end) => match end {
                TagEnd::BlockQuote(_) | TagEnd::List(_) => levels -= 1,
                TagEnd::Table => {
                    levels -= 1;
                    table = None;
                }
                TagEnd::HtmlBlock => {
                    // The comparison reads each HTML block on its own: the
                    // lists and tables it opened end with it.
                    let tokenizer = tokenizer.get_or_insert_with(new_tokenizer);
                    let mut state = tokenizer.sink.state.borrow_mut();
                    state.block = false;
                    state.blocks += 1;
                    for open in &mut state.open {
                        open.level = false;
                    }
                    state.tables.clear();
                }
                _ => {}
            },
            Event::Html(html) | Event::InlineHtml(html) => {
                let tokenizer = tokenizer.get_or_insert_with(new_tokenizer);
                tokenizer.sink.state.borrow_mut().at = at;
                input.push_back(StrTendril::from_slice(&html));
                let _ = tokenizer.feed(&input);
                if let Some(exceeded) = tokenizer.sink.state.borrow_mut().exceeded.take() {
                    return Err(exceeded);
                }
            }
            _ => {}
        }
    }
    let Some(tokenizer) = tokenizer else {
        return Ok(Shape {
            blocks,
            elements: 0,
        });
    };
    tokenizer.end();
    let mut state = tokenizer.sink.state.borrow_mut();
    match state.exceeded.take() {
        Some(exceeded) => Err(exceeded),
        None => Ok(Shape {
            blocks: blocks + state.blocks,
            elements: state.elements,
        }),
    }
}

/// A quick look at `markdown`, without parsing it: when it certainly keeps
/// within the bounds of [`check`], an upper bound of its blocks; `None`
/// when only [`check`] can tell. Most policy text has no raw HTML and no
/// table, and [`check`] costs a Markdown parse.
///
/// Why it is certain: without `<` there is no raw HTML, without `|` no
/// table, without `[^` no note, without a carriage return every line ends
/// where [`str::lines`] ends it; and the lists and quotes open on a line are those it continues,
/// each list by two columns of indentation at least and each quote by a
/// `>`, and those it opens, each by a marker (`-`, `+`, `*`, `1.`, `1)`,
/// `>`). So a line's leading markers plus half its leading whitespace
/// bound its depth; a line starts a block, and each marker an item, at
/// most. The property test in `tests.rs` holds this against [`check`].
pub fn quick(markdown: &str) -> Option<Shape> {
    // A note (`[^1]: ...`) is a block holding blocks: it needs the parse
    // too. So does a carriage return: Markdown ends a line at one, where
    // `lines` does not (the fuzz target found it; the model refuses it in
    // texts anyway).
    let bytes = markdown.as_bytes();
    let special = |b: &u8| matches!(b, b'<' | b'|' | b'^' | b'\r');
    if bytes
        .chunks(64)
        .any(|c| c.iter().fold(false, |any, b| any | special(b)))
        && (bytes.iter().any(|b| matches!(b, b'<' | b'|' | b'\r')) || markdown.contains("[^"))
    {
        return None;
    }
    let mut blocks = 0usize;
    for line in markdown.lines() {
        let bytes = line.as_bytes();
        let (mut i, mut columns, mut markers) = (0, 0usize, 0usize);
        while i < bytes.len() {
            let marker_end = match bytes[i] {
                b' ' => {
                    columns += 1;
                    i += 1;
                    continue;
                }
                b'\t' => {
                    columns += 4;
                    i += 1;
                    continue;
                }
                b'>' => i + 1,
                b'-' | b'+' | b'*' => i + 1,
                b'0'..=b'9' => {
                    let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                    match bytes.get(i + digits) {
                        Some(b'.' | b')') => i + digits + 1,
                        _ => break,
                    }
                }
                _ => break,
            };
            // A list marker is one only before a space, a tab or the end.
            if bytes[i] != b'>' && !matches!(bytes.get(marker_end), None | Some(b' ' | b'\t')) {
                break;
            }
            markers += 1;
            i = marker_end;
        }
        if markers + columns.div_ceil(2) > MAX_NESTING {
            return None;
        }
        if i < bytes.len() || markers > 0 {
            blocks += 1 + markers;
        }
    }
    Some(Shape {
        blocks,
        elements: 0,
    })
}

fn new_tokenizer() -> Tokenizer<Html> {
    Tokenizer::new(Html::default(), TokenizerOpts::default())
}

fn too_deep(at: usize) -> Exceeded {
    Exceeded {
        at,
        message: format!(
            "lists, quotes and tables are nested more than {MAX_NESTING} levels deep here"
        ),
        help: "move the inner items up a level: readers cannot follow text this deep (a list inside a list, a quote inside a quote and a table inside either each count as a level)".to_owned(),
    }
}

fn too_wide(at: usize) -> Exceeded {
    Exceeded {
        at,
        message: format!("this table has more than {MAX_TABLE_COLUMNS} columns"),
        help: "split it into tables of fewer columns".to_owned(),
    }
}

fn too_many_cells(at: usize) -> Exceeded {
    Exceeded {
        at,
        message: format!("this table has more than {MAX_TABLE_CELLS} cells"),
        help: "split it into several tables, or publish the data as a file and link to it"
            .to_owned(),
    }
}

/// Elements that never hold anything: they open nothing.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose start closes an open `<p>`, as an HTML parser does.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

/// Blocks of raw HTML that the comparison reads as blocks.
const BLOCKS: &[&str] = &[
    "p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "dd",
];

/// An open raw HTML element.
#[derive(Debug)]
struct Open {
    name: String,
    /// Whether it counts as a level (a list, quote or table that the
    /// comparison reads as one, in the HTML block being read).
    level: bool,
}

#[derive(Debug, Default)]
struct State {
    /// Where the HTML being fed starts in the text.
    at: usize,
    /// Whether the HTML being fed is an HTML block (not inline HTML).
    block: bool,
    /// The Markdown levels around the HTML block.
    outer_levels: usize,
    open: Vec<Open>,
    /// The open tables of the HTML block being read: their cells, and the
    /// cells of their row being read.
    tables: Vec<(usize, usize)>,
    blocks: usize,
    elements: usize,
    exceeded: Option<Exceeded>,
}

impl State {
    fn in_cell(&self) -> bool {
        self.open.iter().any(|o| o.name == "td" || o.name == "th")
    }

    fn levels(&self) -> usize {
        self.outer_levels + self.open.iter().filter(|o| o.level).count()
    }

    /// Closes the innermost open `names`, and what is open inside it,
    /// unless one of `scope` is open nearer.
    fn close_in_scope(&mut self, names: &[&str], scope: &[&str]) {
        let found = self
            .open
            .iter()
            .rposition(|o| names.contains(&o.name.as_str()));
        let boundary = self
            .open
            .iter()
            .rposition(|o| scope.contains(&o.name.as_str()));
        if let Some(at) = found
            && boundary.is_none_or(|b| b < at)
        {
            self.close_from(at);
        }
    }

    fn close_from(&mut self, at: usize) {
        for open in self.open.drain(at..) {
            if open.level && open.name == "table" {
                self.tables.pop();
            }
        }
    }

    fn start(&mut self, name: &str, self_closing: bool) {
        self.elements += 1;
        match name {
            "li" => self.close_in_scope(&["li"], &["ul", "ol", "menu"]),
            "dt" | "dd" => self.close_in_scope(&["dt", "dd"], &["dl"]),
            "tr" => self.close_in_scope(&["tr"], &["table"]),
            "td" | "th" => self.close_in_scope(&["td", "th"], &["tr", "table"]),
            "thead" | "tbody" | "tfoot" => {
                self.close_in_scope(&["thead", "tbody", "tfoot"], &["table"]);
            }
            "option" | "optgroup" => self.close_in_scope(&["option"], &["select"]),
            _ => {}
        }
        if CLOSES_P.contains(&name) {
            self.close_in_scope(&["p"], &["table", "td", "th", "button", "caption"]);
        }
        if self.block && BLOCKS.contains(&name) {
            self.blocks += 1;
        }
        if let Some((cells, row)) = self.tables.last_mut() {
            match name {
                "tr" => *row = 0,
                "td" | "th" => {
                    *cells += 1;
                    *row += 1;
                    if *cells > MAX_TABLE_CELLS {
                        self.exceeded = Some(too_many_cells(self.at));
                        return;
                    }
                    if *row > MAX_TABLE_COLUMNS {
                        self.exceeded = Some(too_wide(self.at));
                        return;
                    }
                }
                _ => {}
            }
        }
        // Inside SVG and MathML, `<path/>` holds nothing; in HTML, `<div/>`
        // is an open `<div>`.
        let foreign = self
            .open
            .iter()
            .any(|o| o.name == "svg" || o.name == "math");
        if VOID.contains(&name) || (self_closing && foreign) {
            return;
        }
        let level =
            self.block && matches!(name, "ul" | "ol" | "blockquote" | "table") && !self.in_cell();
        if level && name == "table" {
            self.tables.push((0, 0));
        }
        self.open.push(Open {
            name: name.to_owned(),
            level,
        });
        if level && self.levels() > MAX_NESTING {
            self.exceeded = Some(too_deep(self.at));
        } else if self.open.len() > MAX_HTML_DEPTH {
            self.exceeded = Some(Exceeded {
                at: self.at,
                message: format!(
                    "raw HTML elements are nested more than {MAX_HTML_DEPTH} deep here"
                ),
                help: "close the elements that are opened (`<div>` needs its `</div>`); text copied from a web page rarely needs more than a few levels".to_owned(),
            });
        }
    }

    fn end(&mut self, name: &str) {
        if let Some(at) = self.open.iter().rposition(|o| o.name == name) {
            self.close_from(at);
        }
    }
}

#[derive(Default)]
struct Html {
    state: RefCell<State>,
}

impl TokenSink for Html {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        if state.exceeded.is_some() {
            return TokenSinkResult::Continue;
        }
        if let Token::TagToken(tag) = token {
            let name = tag.name.to_string();
            match tag.kind {
                TagKind::StartTag => state.start(&name, tag.self_closing),
                TagKind::EndTag => state.end(&name),
            }
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests;
