//! Raw HTML blocks read as the blocks a reader sees in them: a `<table>`
//! copied from an old page is rows and cells, `<ul>`/`<ol>` lists and items,
//! `<p>`, `<h1>`...`<h6>`, `<pre>` and `<blockquote>` what they are, so that
//! a comparison matches them as it matches the same things written in
//! Markdown. The HTML is tokenized (html5ever) and replayed into the reader
//! as the Markdown events those elements stand for; each block's own source
//! is written from its tags and text, to tell formatting changes from none.
//!
//! This reads text for comparing versions only; what a page shows of raw
//! HTML is the sanitizer's business ([`super::super::sanitize`]). Text of
//! `<script>` and `<style>` is left out, as the sanitizer leaves it out.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use pulldown_cmark::{CodeBlockKind, HeadingLevel, Tag, TagEnd};

use super::Reader;

/// A token of the HTML, reduced to what the replay needs.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Start(String, Vec<(String, String)>),
    End(String),
    Text(String),
}

struct Collect(RefCell<Vec<Tok>>);

impl TokenSink for Collect {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let tok = match token {
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                match tag.kind {
                    TagKind::StartTag => {
                        let mut attrs: Vec<(String, String)> = tag
                            .attrs
                            .iter()
                            .map(|a| (a.name.local.to_string(), a.value.to_string()))
                            .collect();
                        attrs.sort();
                        Tok::Start(name, attrs)
                    }
                    TagKind::EndTag => Tok::End(name),
                }
            }
            Token::CharacterTokens(text) => Tok::Text(text.to_string()),
            _ => return TokenSinkResult::Continue,
        };
        let mut tokens = self.0.borrow_mut();
        // Character tokens come in pieces; one run of text is one token.
        match (tokens.last_mut(), &tok) {
            (Some(Tok::Text(last)), Tok::Text(more)) => last.push_str(more),
            _ => tokens.push(tok),
        }
        TokenSinkResult::Continue
    }
}

fn tokenize(html: &str) -> Vec<Tok> {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(Collect(RefCell::new(Vec::new())), TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

/// What an open element of the HTML stands for, and so how it closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    /// A block (paragraph, heading, code), a list, an item, a quote, a
    /// table, a row or a cell: closed with this end event.
    Event(TagEnd),
    /// Text no element holds, read as one HTML block.
    Loose,
    /// An inline element: only its tags count, as formatting.
    Inline,
    /// `<thead>`, `<tbody>`, `<div>` and the like: they group blocks.
    Group,
    /// `<script>`, `<style>`, a caption already read: text left out.
    Skip,
}

struct Replay<'r> {
    reader: &'r mut Reader,
    at: usize,
    tokens: Vec<Tok>,
    /// The open elements, by name.
    stack: Vec<(String, Frame)>,
    /// Whether the table being read has its header row.
    headed: Vec<bool>,
}

/// Reads the raw HTML block `html`, which starts at `at` in the body, into
/// `reader`.
pub(super) fn replay(reader: &mut Reader, html: &str, at: usize) {
    let outer = reader.in_html;
    reader.in_html = true;
    let mut replay = Replay {
        reader,
        at,
        tokens: tokenize(html),
        stack: Vec::new(),
        headed: Vec::new(),
    };
    replay.run();
    replay.reader.in_html = outer;
}

/// The most elements [`Replay`] keeps open (see [`Replay::open`]).
const MAX_OPEN: usize = 2 * super::super::limits::MAX_HTML_DEPTH;

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];
/// Elements of a table that end its caption.
const TABLE_PARTS: &[&str] = &[
    "tr", "td", "th", "thead", "tbody", "tfoot", "table", "colgroup",
];

/// Elements that start a new line of text: inside a cell, a line break.
const BREAKS: &[&str] = &[
    "br",
    "p",
    "li",
    "ul",
    "ol",
    "div",
    "table",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "blockquote",
    "dt",
    "dd",
];
const GROUPS: &[&str] = &[
    "thead", "tbody", "tfoot", "div", "section", "article", "header", "footer", "main", "nav",
    "aside", "figure", "form", "fieldset", "details", "summary", "center", "dl", "colgroup",
];

impl Replay<'_> {
    fn range(&self) -> std::ops::Range<usize> {
        self.at..self.at
    }

    fn start(&mut self, tag: Tag<'static>, name: &str, frame: TagEnd) {
        self.close_loose();
        let range = self.range();
        self.reader.start(tag, range);
        self.stack.push((name.to_owned(), Frame::Event(frame)));
    }

    /// Closes the open loose text, if any.
    fn close_loose(&mut self) {
        if self.stack.last().is_some_and(|(_, f)| *f == Frame::Loose) {
            self.pop();
        }
    }

    fn pop(&mut self) {
        let Some((name, frame)) = self.stack.pop() else {
            return;
        };
        let range = self.range();
        match frame {
            Frame::Event(end) => {
                if end == TagEnd::Table {
                    self.headed.pop();
                }
                self.reader.end("", end, range);
            }
            Frame::Loose => self.reader.end("", TagEnd::HtmlBlock, range),
            Frame::Inline => {
                self.reader.markup(&format!("</{name}>"));
                if BREAKS.contains(&name.as_str()) {
                    self.reader.text("\n");
                }
            }
            Frame::Group | Frame::Skip => {}
        }
    }

    /// Closes the open elements down to the innermost `name` (and it).
    fn close(&mut self, names: &[&str]) -> bool {
        let Some(at) = self
            .stack
            .iter()
            .rposition(|(n, _)| names.contains(&n.as_str()))
        else {
            return false;
        };
        while self.stack.len() > at {
            self.pop();
        }
        true
    }

    /// Closes the open elements down to the innermost `name`, unless one of
    /// `within` (the element that holds it) comes first.
    fn close_within(&mut self, names: &[&str], within: &[&str]) {
        let found = self
            .stack
            .iter()
            .rposition(|(n, _)| names.contains(&n.as_str()));
        let holder = self
            .stack
            .iter()
            .rposition(|(n, _)| within.contains(&n.as_str()));
        if let Some(at) = found
            && holder.is_none_or(|h| h < at)
        {
            while self.stack.len() > at {
                self.pop();
            }
        }
    }

    fn skipping(&self) -> bool {
        self.stack.iter().any(|(_, f)| *f == Frame::Skip)
    }

    fn run(&mut self) {
        for i in 0..self.tokens.len() {
            match self.tokens[i].clone() {
                Tok::Text(text) => self.text(&text),
                Tok::Start(name, attrs) => self.open(i, &name, &attrs),
                Tok::End(name) => self.end(&name),
            }
        }
        while !self.stack.is_empty() {
            self.pop();
        }
    }

    fn text(&mut self, text: &str) {
        if self.skipping() {
            return;
        }
        // What holds text here: the innermost element that stands for a
        // Markdown event (or loose text).
        let holder = self.stack.iter().rev().find_map(|(_, f)| match f {
            Frame::Event(end) => Some(*end),
            Frame::Loose => Some(TagEnd::HtmlBlock),
            _ => None,
        });
        let blank = text.trim().is_empty();
        match holder {
            Some(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::HtmlBlock,
            ) => {}
            // Text the page shows must never drop out of the comparison:
            // text written straight into a list is an item of it, into a
            // table a cell of it, into a quote (or nothing) loose text.
            _ if blank => return,
            Some(TagEnd::List(_)) => self.start(Tag::Item, "li", TagEnd::Item),
            Some(TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow) => self.cell(),
            None if !self.reader.open.is_empty() => {}
            _ => {
                let range = self.range();
                self.reader.leaf(super::BlockKind::Html, range.start);
                self.stack.push((String::new(), Frame::Loose));
            }
        }
        let code = self.stack.iter().any(|(n, _)| n == "pre");
        if code {
            self.reader.text(text);
        } else {
            self.reader.text(&text.replace(['\n', '\t'], " "));
        }
    }

    /// Opens a table (if none is open), a row (if none is) and a cell, for
    /// a cell or text written where the HTML left them out.
    fn cell(&mut self) {
        if !self.inside("table", &[]) {
            self.start(Tag::Table(Vec::new()), "table", TagEnd::Table);
            self.headed.push(false);
        }
        if !self.inside("tr", &["table"]) {
            if let Some(h) = self.headed.last_mut() {
                *h = true;
            }
            self.start(Tag::TableRow, "tr", TagEnd::TableRow);
        }
        self.start(Tag::TableCell, "td", TagEnd::TableCell);
    }

    /// Whether an element `name` is open, nearer than any of `within`.
    fn inside(&self, name: &str, within: &[&str]) -> bool {
        let found = self.stack.iter().rposition(|(n, _)| n == name);
        let holder = self
            .stack
            .iter()
            .rposition(|(n, _)| within.contains(&n.as_str()));
        matches!((found, holder), (Some(f), h) if h.is_none_or(|h| h < f))
    }

    fn open(&mut self, i: usize, name: &str, attrs: &[(String, String)]) {
        // Guard (issue 14): every token looks through the open elements
        // (`skipping`, `in_cell`, `close_within`), so 100,000 nested
        // `<div>` took 12 s here. Elements opened deeper than
        // `MAX_OPEN` are not opened; their text is read where it is.
        // `model::load` refuses texts nested this deep
        // (`markdown::limits::MAX_HTML_DEPTH` is half of it), so this only
        // bounds the work for callers that skip the model (fuzz targets).
        if self.stack.len() >= MAX_OPEN {
            return;
        }
        // A caption ends where the table's rows begin, closed or not.
        if TABLE_PARTS.contains(&name) && self.inside("caption", &[]) {
            self.close(&["caption"]);
        }
        if self.skipping() {
            if !VOID.contains(&name) {
                self.stack.push((name.to_owned(), Frame::Skip));
            }
            return;
        }
        let block = |level: HeadingLevel| Tag::Heading {
            level,
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        };
        // A table cell holds text: what is nested in it (lists, paragraphs,
        // even tables) is part of the cell's text, line by line.
        if self.in_cell() && !["td", "th", "tr"].contains(&name) {
            if BREAKS.contains(&name) {
                self.reader.text("\n");
            }
            self.reader.markup(&tag(name, attrs));
            if !VOID.contains(&name) {
                self.stack.push((name.to_owned(), Frame::Inline));
            }
            return;
        }
        match name {
            "p" | "dt" | "dd" | "figcaption" | "address" => {
                self.close_within(&["p", "dt", "dd"], &["li", "td", "th", "blockquote", "div"]);
                self.start(Tag::Paragraph, name, TagEnd::Paragraph);
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.close_within(&["p"], &["li", "td", "th", "blockquote", "div"]);
                let level = HeadingLevel::try_from(usize::from(name.as_bytes()[1] - b'0'))
                    .unwrap_or(HeadingLevel::H6);
                self.start(block(level), name, TagEnd::Heading(level));
            }
            "pre" => {
                self.close_within(&["p"], &["li", "td", "th", "blockquote", "div"]);
                self.start(
                    Tag::CodeBlock(CodeBlockKind::Indented),
                    name,
                    TagEnd::CodeBlock,
                );
            }
            "blockquote" => {
                self.close_within(&["p"], &["li", "td", "th", "div"]);
                self.start(Tag::BlockQuote(None), name, TagEnd::BlockQuote(None));
            }
            "ul" | "ol" => {
                self.close_within(&["p"], &["li", "td", "th", "blockquote", "div"]);
                let first = (name == "ol").then(|| {
                    attrs
                        .iter()
                        .find(|(k, _)| k == "start")
                        .and_then(|(_, v)| v.trim().parse().ok())
                        .unwrap_or(1)
                });
                self.start(Tag::List(first), name, TagEnd::List(first.is_some()));
            }
            "li" => {
                self.close_within(&["li"], &["ul", "ol"]);
                self.start(Tag::Item, name, TagEnd::Item);
            }
            "table" => {
                self.close_within(&["p"], &["li", "td", "th", "blockquote", "div"]);
                self.caption(i);
                self.start(Tag::Table(Vec::new()), name, TagEnd::Table);
                self.headed.push(false);
            }
            // Read before the table (see `caption`); outside a table, a paragraph.
            "caption" if self.inside("table", &[]) => {
                self.stack.push((name.to_owned(), Frame::Skip));
            }
            "caption" => self.start(Tag::Paragraph, name, TagEnd::Paragraph),

            "tr" => {
                self.close_within(&["tr"], &["table"]);
                if !self.inside("table", &[]) {
                    self.start(Tag::Table(Vec::new()), "table", TagEnd::Table);
                    self.headed.push(false);
                }
                let head = self.in_thead()
                    || (!self.headed.last().copied().unwrap_or(true) && self.all_th(i));
                if head {
                    if let Some(h) = self.headed.last_mut() {
                        *h = true;
                    }
                    self.start(Tag::TableHead, name, TagEnd::TableHead);
                } else {
                    if let Some(h) = self.headed.last_mut() {
                        *h = true;
                    }
                    self.start(Tag::TableRow, name, TagEnd::TableRow);
                }
            }
            "td" | "th" => {
                self.close_within(&["td", "th"], &["tr"]);
                self.cell();
                // The cell is what the HTML named it.
                if let Some(last) = self.stack.last_mut() {
                    last.0 = name.to_owned();
                }
                self.reader.markup(&tag(name, attrs));
            }
            "br" => self.reader.text(" "),
            "script" | "style" | "template" => self.stack.push((name.to_owned(), Frame::Skip)),
            "hr" => self.close_loose(),
            _ if GROUPS.contains(&name) => {
                self.close_loose();
                self.stack.push((name.to_owned(), Frame::Group));
            }
            _ => {
                self.reader.markup(&tag(name, attrs));
                if !VOID.contains(&name) {
                    self.stack.push((name.to_owned(), Frame::Inline));
                }
            }
        }
    }

    fn end(&mut self, name: &str) {
        if name == "p" && !self.stack.iter().any(|(n, _)| n == "p") {
            return;
        }
        self.close(&[name]);
    }

    /// Whether a table cell is open (nearer than any table).
    fn in_cell(&self) -> bool {
        let cell = self.stack.iter().rposition(|(n, _)| n == "td" || n == "th");
        let table = self.stack.iter().rposition(|(n, _)| n == "table");
        matches!((cell, table), (Some(c), Some(t)) if c > t)
    }

    fn in_thead(&self) -> bool {
        let thead = self.stack.iter().rposition(|(n, _)| n == "thead");
        let table = self.stack.iter().rposition(|(n, _)| n == "table");
        matches!((thead, table), (Some(h), Some(t)) if h > t)
    }

    /// Whether the row starting at token `i` has only header cells.
    fn all_th(&self, i: usize) -> bool {
        let mut cells = 0;
        for tok in &self.tokens[i + 1..] {
            match tok {
                Tok::Start(n, _) if n == "td" => return false,
                Tok::Start(n, _) if n == "th" => cells += 1,
                Tok::Start(n, _) | Tok::End(n) if n == "tr" || n == "table" => break,
                _ => {}
            }
        }
        cells > 0
    }

    /// A table's caption, read before the table as a paragraph (it is text
    /// the reader sees above the table).
    fn caption(&mut self, i: usize) {
        let mut text = String::new();
        let mut inside = false;
        for tok in &self.tokens[i + 1..] {
            match tok {
                Tok::Start(n, _) if n == "caption" => inside = true,
                Tok::End(n) if n == "caption" => break,
                Tok::Start(n, _) if inside && TABLE_PARTS.contains(&n.as_str()) => break,
                Tok::Start(n, _)
                    if !inside && ["tr", "thead", "tbody", "td", "table"].contains(&n.as_str()) =>
                {
                    return;
                }
                Tok::Text(t) if inside => {
                    text.push_str(t);
                    text.push(' ');
                }
                _ => {}
            }
        }
        if text.trim().is_empty() {
            return;
        }
        let range = self.range();
        self.reader.start(Tag::Paragraph, range.clone());
        self.reader.markup("<caption>");
        self.reader.text(&text.replace('\n', " "));
        self.reader.end("", TagEnd::Paragraph, range);
    }
}

/// A start tag as written, attributes sorted (for a block's own source).
fn tag(name: &str, attrs: &[(String, String)]) -> String {
    let mut out = format!("<{name}");
    for (k, v) in attrs {
        out.push_str(&format!(" {k}=\"{v}\""));
    }
    out.push('>');
    out
}
