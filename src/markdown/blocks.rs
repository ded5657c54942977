//! A body as the comparison of versions reads it: the blocks a reader sees
//! (paragraphs, list items, headings, table rows, code, raw HTML), in reading
//! order, each with its place in the document: the lists, items, quotes and
//! table it sits in, outermost first. A comparison matches blocks as a flat
//! sequence (so that a paragraph that moved into a list is still found) and
//! a redline puts them back in their places (so that a table stays a table
//! and a sub-item stays a sub-item).
//!
//! Nothing here renders HTML: that is the parent module's [`super::to_html`].

use pulldown_cmark::{Alignment, Event, Options, Parser, Tag, TagEnd};

/// What kind of block a piece of text is, for comparing versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A paragraph.
    Paragraph,
    /// The own text of a list item (its nested lists are blocks of their own).
    ListItem,
    /// A heading inside a body.
    Heading,
    /// The header row of a table.
    TableHeader,
    /// A row of a table.
    TableRow,
    /// A code block.
    Code,
    /// Raw HTML that is none of the above.
    Html,
}

impl BlockKind {
    /// The block kind in words ("list item").
    pub fn describe(self) -> &'static str {
        match self {
            BlockKind::Paragraph => "paragraph",
            BlockKind::ListItem => "list item",
            BlockKind::Heading => "heading",
            BlockKind::TableHeader => "table header",
            BlockKind::TableRow => "table row",
            BlockKind::Code => "code block",
            BlockKind::Html => "HTML block",
        }
    }

    /// Whether blocks of this kind are table rows (with cells).
    pub fn is_row(self) -> bool {
        matches!(self, BlockKind::TableHeader | BlockKind::TableRow)
    }
}

/// How a table column is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnAlign {
    /// As the text runs.
    None,
    /// `:---`.
    Left,
    /// `:---:`.
    Center,
    /// `---:`.
    Right,
}

/// What holds a block.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ContainerKind {
    /// A block quote.
    Quote,
    /// A list.
    List {
        /// Numbered (`1.`) or bulleted (`-`).
        ordered: bool,
    },
    /// An item of a list.
    Item {
        /// Its number, in a numbered list.
        number: Option<u64>,
        /// Whether it is the list's first (whose number is where the list
        /// starts, and shows).
        first: bool,
    },
    /// A table.
    Table {
        /// How each column is aligned.
        align: Vec<ColumnAlign>,
    },
}

/// A container of a body: its kind, and a number that tells it from the
/// other containers of the same body (in the order they start).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Container {
    /// Unique within one body.
    pub id: u32,
    /// What it is.
    #[serde(flatten)]
    pub kind: ContainerKind,
}

/// A cell of a table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Its text as a reader sees it.
    pub text: String,
    /// Its Markdown source.
    pub source: String,
}

/// A block of a body, as the comparison of versions sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What kind of block it is.
    pub kind: BlockKind,
    /// Its text as a reader sees it: no Markdown markup, no link targets.
    /// A row's cells are joined with ` | `.
    pub text: String,
    /// A row's cells; empty for other blocks.
    pub cells: Vec<Cell>,
    /// Its own Markdown source (without the blocks nested in it, and with
    /// the numbers of numbered items left out), to tell formatting changes
    /// from no change.
    pub source: String,
    /// The containers it sits in, outermost first.
    pub place: Vec<Container>,
}

impl Block {
    /// How deep the block is nested in lists (0 outside any list).
    pub fn list_depth(&self) -> usize {
        self.place
            .iter()
            .filter(|c| matches!(c.kind, ContainerKind::List { .. }))
            .count()
    }

    /// The shape of its place, without the ids: equal shapes mean the block
    /// sits at the same depth of the same kinds of containers.
    pub fn shape(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.place.iter().map(|c| match c.kind {
            ContainerKind::Quote => "quote",
            ContainerKind::List { ordered: true } => "ol",
            ContainerKind::List { ordered: false } => "ul",
            ContainerKind::Item { .. } => "li",
            ContainerKind::Table { .. } => "table",
        })
    }

    /// Whether the block sits at the same depth of the same kinds of
    /// containers as `other`.
    pub fn same_shape(&self, other: &Block) -> bool {
        self.shape().eq(other.shape())
    }

    /// For the text of a numbered list's first item: the number the list
    /// starts at.
    pub fn list_start(&self) -> Option<u64> {
        match self.place.last().map(|c| &c.kind) {
            Some(ContainerKind::Item {
                number: Some(n),
                first: true,
            }) if self.kind == BlockKind::ListItem => Some(*n),
            _ => None,
        }
    }
}

/// A block being read.
struct Open {
    kind: BlockKind,
    text: String,
    start: usize,
    /// Ranges of the source inside the block that belong to nested blocks.
    holes: Vec<std::ops::Range<usize>>,
    place: Vec<Container>,
    cells: Vec<Cell>,
    /// The cell being read, with where it starts.
    cell: Option<(String, usize)>,
    /// The block's own source, for blocks read from raw HTML (whose source
    /// is written as their tags are read, not cut from the Markdown); the
    /// cell being read's, likewise.
    markup: Option<String>,
    cell_markup: Option<String>,
    /// When it started, among the blocks of the body (reading order).
    seq: usize,
    /// For a list item: whether its first paragraph was taken as its text.
    absorbed: bool,
}

/// What an end event closes: every start pushes one of these.
enum Closes {
    Block,
    Container,
    Cell,
    /// A raw HTML block, read once it is whole ([`html::replay`]).
    Html,
    Nothing,
}

/// Splits a body into the blocks a reader sees, in reading order. Nested
/// blocks (a paragraph inside a list item, a sub-item) are blocks of their
/// own, and an outer block keeps only its own text. A list item's first
/// paragraph is the item's own text.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut reader = Reader::default();
    let options = super::options() | Options::ENABLE_FOOTNOTES | Options::ENABLE_HEADING_ATTRIBUTES;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        reader.event(markdown, event, range);
    }
    // Blocks close inner-first; reading order is the order they start in.
    reader.done.sort_by_key(|(seq, _)| *seq);
    reader.done.into_iter().map(|(_, b)| b).collect()
}

#[derive(Default)]
struct Reader {
    open: Vec<Open>,
    containers: Vec<Container>,
    /// For each open list: its first number (numbered lists) and items so far.
    lists: Vec<(Option<u64>, u64)>,
    closes: Vec<Closes>,
    next_id: u32,
    /// How many blocks have started.
    started: usize,
    done: Vec<(usize, Block)>,
    /// The raw HTML block being collected, with where it starts.
    html: Option<(String, usize)>,
    /// Whether the blocks being read come from raw HTML.
    in_html: bool,
    /// Footnotes read as on the page: `[1]` where a note is referred to, and
    /// `[1] ` before the note's text, numbered in the order they are first
    /// referred to, as the page numbers them.
    notes: Vec<String>,
    note_text: Option<String>,
}

impl Reader {
    fn number(&mut self, label: &str) -> usize {
        match self.notes.iter().position(|l| l == label) {
            Some(i) => i + 1,
            None => {
                self.notes.push(label.to_owned());
                self.notes.len()
            }
        }
    }

    fn event(&mut self, source: &str, event: Event<'_>, range: std::ops::Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(end) => self.end(source, end, range),
            Event::Text(t) | Event::Code(t) => self.text(&t),
            Event::Html(t) if self.html.is_some() => {
                if let Some((html, _)) = &mut self.html {
                    html.push_str(&t);
                }
            }
            Event::Html(t) | Event::InlineHtml(t) => self.text(&strip_tags(&t)),
            Event::SoftBreak | Event::HardBreak => self.text(" "),
            Event::FootnoteReference(label) => {
                let n = self.number(&label);
                self.text(&format!("[{n}]"));
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        let Some(current) = self.open.last_mut() else {
            return;
        };
        match &mut current.cell {
            Some((cell, _)) => cell.push_str(text),
            None => current.text.push_str(text),
        }
        self.markup(text);
    }

    /// Adds to the own source of the innermost block read from raw HTML.
    fn markup(&mut self, text: &str) {
        if let Some(current) = self.open.last_mut() {
            match (
                &mut current.cell,
                &mut current.cell_markup,
                &mut current.markup,
            ) {
                (Some(_), Some(cell), _) => cell.push_str(text),
                (None, _, Some(own)) => own.push_str(text),
                _ => {}
            }
        }
    }

    /// A nested block or container starts at `range`: its source is not the
    /// enclosing block's own.
    fn hole(&mut self, range: &std::ops::Range<usize>) {
        if let Some(outer) = self.open.last_mut() {
            outer.holes.push(range.clone());
        }
    }

    fn push_container(&mut self, kind: ContainerKind) {
        self.containers.push(Container {
            id: self.next_id,
            kind,
        });
        self.next_id += 1;
    }

    fn container(&mut self, kind: ContainerKind) {
        self.push_container(kind);
        self.closes.push(Closes::Container);
    }

    fn leaf(&mut self, kind: BlockKind, start: usize) {
        self.started += 1;
        self.open.push(Open {
            kind,
            text: self.note_text.take().unwrap_or_default(),
            start,
            holes: Vec::new(),
            place: self.containers.clone(),
            cells: Vec::new(),
            cell: None,
            markup: self.in_html.then(String::new),
            cell_markup: None,
            seq: self.started,
            absorbed: false,
        });
        self.closes.push(Closes::Block);
    }

    fn start(&mut self, tag: Tag<'_>, range: std::ops::Range<usize>) {
        match tag {
            Tag::FootnoteDefinition(label) => {
                let n = self.number(&label);
                self.note_text = Some(format!("[{n}] "));
                self.closes.push(Closes::Nothing);
            }
            Tag::Paragraph => {
                // A list item's first paragraph is the item's own text.
                let absorbs = self.open.last().is_some_and(|o| {
                    o.kind == BlockKind::ListItem
                        && !o.absorbed
                        && o.text.trim().is_empty()
                        && o.place.len() == self.containers.len()
                });
                if absorbs {
                    if let Some(item) = self.open.last_mut() {
                        item.absorbed = true;
                    }
                    self.closes.push(Closes::Nothing);
                } else {
                    self.hole(&range);
                    self.leaf(BlockKind::Paragraph, range.start);
                }
            }
            Tag::Heading { .. } => {
                self.hole(&range);
                self.leaf(BlockKind::Heading, range.start);
            }
            Tag::CodeBlock(_) => {
                self.hole(&range);
                self.leaf(BlockKind::Code, range.start);
            }
            Tag::HtmlBlock => {
                self.hole(&range);
                self.html = Some((String::new(), range.start));
                self.closes.push(Closes::Html);
            }
            Tag::BlockQuote(_) => {
                self.hole(&range);
                self.container(ContainerKind::Quote);
            }
            Tag::List(first) => {
                self.hole(&range);
                self.lists.push((first, 0));
                self.container(ContainerKind::List {
                    ordered: first.is_some(),
                });
            }
            Tag::Item => {
                self.hole(&range);
                let first_item = self.lists.last().is_some_and(|(_, seen)| *seen == 0);
                let number = self.lists.last_mut().and_then(|(first, seen)| {
                    let n = first.map(|f| f.saturating_add(*seen));
                    *seen += 1;
                    n
                });
                // The item holds its own text (a block) and what is nested
                // in it; its end event closes both.
                self.push_container(ContainerKind::Item {
                    number,
                    first: first_item,
                });
                self.leaf(BlockKind::ListItem, range.start);
            }
            Tag::Table(alignments) => {
                self.hole(&range);
                let align = alignments
                    .iter()
                    .map(|a| match a {
                        Alignment::None => ColumnAlign::None,
                        Alignment::Left => ColumnAlign::Left,
                        Alignment::Center => ColumnAlign::Center,
                        Alignment::Right => ColumnAlign::Right,
                    })
                    .collect();
                self.container(ContainerKind::Table { align });
            }
            Tag::TableHead => self.leaf(BlockKind::TableHeader, range.start),
            Tag::TableRow => self.leaf(BlockKind::TableRow, range.start),
            Tag::TableCell => {
                let in_html = self.in_html;
                if let Some(row) = self.open.last_mut() {
                    row.cell = Some((String::new(), range.start));
                    row.cell_markup = in_html.then(String::new);
                }
                self.closes.push(Closes::Cell);
            }
            _ => self.closes.push(Closes::Nothing),
        }
    }

    fn end(&mut self, source: &str, end: TagEnd, range: std::ops::Range<usize>) {
        let Some(closes) = self.closes.pop() else {
            return;
        };
        match closes {
            Closes::Nothing => {}
            Closes::Html => {
                if let Some((html, start)) = self.html.take() {
                    html::replay(self, &html, start);
                }
            }
            Closes::Cell => {
                if let Some(row) = self.open.last_mut()
                    && let Some((text, start)) = row.cell.take()
                {
                    let source = match row.cell_markup.take() {
                        Some(markup) => markup,
                        None => source[start..range.end].trim().to_owned(),
                    };
                    row.cells.push(Cell {
                        text: collapse_lines(&text),
                        source,
                    });
                }
            }
            Closes::Container => {
                if matches!(end, TagEnd::List(_)) {
                    self.lists.pop();
                }
                self.containers.pop();
            }
            Closes::Block => {
                if let Some(block) = self.open.pop() {
                    self.finish(source, block, range.end);
                }
                // An item's end also closes the item itself.
                if matches!(end, TagEnd::Item) {
                    self.containers.pop();
                }
            }
        }
    }

    fn finish(&mut self, source: &str, block: Open, end: usize) {
        let Open {
            kind,
            text,
            start,
            mut holes,
            place,
            cells,
            markup,
            seq,
            ..
        } = block;
        let text = match kind {
            BlockKind::Code => text.trim_end_matches('\n').to_owned(),
            _ if kind.is_row() => join_cells(cells.iter().map(|c| c.text.as_str())),
            _ => collapse(&text),
        };
        // An empty block shows nothing, except an empty list item, which
        // shows its bullet or number (an item whose only content is nested
        // in it has no text of its own).
        let empty_item = kind == BlockKind::ListItem && holes.is_empty();
        if text.trim().is_empty() && !kind.is_row() && !empty_item {
            return;
        }

        let mut own = match markup {
            Some(markup) => markup.trim().to_owned(),
            None => own_source(source, start..end, &mut holes),
        };
        if kind.is_row() {
            own = join_cells(cells.iter().map(|c| c.source.as_str()));
        } else if kind == BlockKind::ListItem {
            // An item's number is the list's business: renumbering a list
            // is not a change of its items (where it starts is compared
            // apart, see `Block::list_start`).
            let digits = own.bytes().take_while(u8::is_ascii_digit).count();
            own.replace_range(..digits, "");
        }

        self.done.push((
            seq,
            Block {
                kind,
                text,
                cells,
                source: own,
                place,
            },
        ));
    }
}

/// The source of `range` without the `holes` in it (nested blocks), trimmed.
fn own_source(
    source: &str,
    range: std::ops::Range<usize>,
    holes: &mut [std::ops::Range<usize>],
) -> String {
    holes.sort_by_key(|h| h.start);
    let mut own = String::new();
    let mut at = range.start;
    for hole in holes
        .iter()
        .filter(|h| h.start >= range.start && h.end <= range.end)
    {
        if hole.start > at {
            own.push_str(&source[at..hole.start]);
        }
        at = at.max(hole.end);
    }
    if at < range.end {
        own.push_str(&source[at..range.end]);
    }
    own.trim().to_owned()
}

/// How a row's cells are joined into one text (for reading a row as one
/// passage: its words, its reason's quote).
pub fn join_cells<'a>(cells: impl Iterator<Item = &'a str>) -> String {
    cells.collect::<Vec<_>>().join(" | ")
}

/// Each line's whitespace runs made one space, empty lines dropped (a
/// cell of raw HTML keeps the lines of the lists and paragraphs in it).
fn collapse_lines(text: &str) -> String {
    text.lines()
        .map(collapse)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whitespace runs made one space, ends trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of an HTML fragment, without its tags (for comparing versions;
/// never for output).
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

mod html;

#[cfg(test)]
mod tests;
