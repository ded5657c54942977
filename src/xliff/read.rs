//! Reading an XLIFF 1.2 document back: what a translation tool returns
//! after the translator's work. Only what an import needs is kept: each
//! `<file>`'s names and languages, and each unit's id, source, target and
//! state, with the line it is on so that a problem can point at it.
//!
//! Inline codes are read as [`super::export`] wrote them: a `<ph>` holds
//! Markdown (or a link target) as it stands in the text. `<mrk>`, which
//! tools wrap around segments, is read through. Any other inline code
//! (`<g>`, `<x/>`, `<bpt>`...) is noted, for privsite never writes one: a
//! tool that added it changed the text in a way privsite cannot undo.

use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::diagnostics::{Diagnostic, Origin, Pos};

/// An XLIFF document: its `<file>` elements.
#[derive(Debug, Default)]
pub struct Document {
    /// The files, in order.
    pub files: Vec<File>,
}

/// One `<file>`: one version of a policy for one target language.
#[derive(Debug, Default)]
pub struct File {
    /// `original`: the source file's path in the project.
    pub original: String,
    /// `source-language`.
    pub source_language: String,
    /// `target-language`.
    pub target_language: String,
    /// Where the `<file>` element starts.
    pub pos: Pos,
    /// The units, in order.
    pub units: Vec<Unit>,
}

impl File {
    /// The policy id, version id and source file name that `original`
    /// names (`policies/<policy>/<version>/<locale>.yaml`, as exported).
    pub fn names(&self) -> Option<(String, String, String)> {
        let original = self.original.replace('\\', "/");
        match original.split('/').collect::<Vec<_>>().as_slice() {
            [_, policy, version, name] => Some((
                (*policy).to_owned(),
                (*version).to_owned(),
                (*name).to_owned(),
            )),
            _ => None,
        }
    }
}

/// One `<trans-unit>`.
#[derive(Debug, Default)]
pub struct Unit {
    /// `id`.
    pub id: String,
    /// Where the element starts.
    pub pos: Pos,
    /// `<source>`.
    pub source: Inline,
    /// `<target>`, if there is one.
    pub target: Option<Inline>,
    /// The target's `state`, if it has one.
    pub state: Option<String>,
    /// `approved="yes"`.
    pub approved: bool,
}

/// The content of a `<source>` or a `<target>`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Inline {
    /// The text with every placeholder's content in its place: the
    /// Markdown the unit stands for.
    pub text: String,
    /// The placeholders, in order: their `id` and content.
    pub placeholders: Vec<(String, String)>,
    /// Inline codes privsite does not write (their element names).
    pub foreign: Vec<String>,
    /// Where the element starts.
    pub pos: Pos,
}

/// The largest XLIFF file an import reads (a policy is far smaller).
pub const MAX_BYTES: u64 = 64 << 20;

/// The deepest element nesting read.
const MAX_DEPTH: usize = 64;

/// Reads `text`, the contents of `path`.
pub fn read(path: &Path, text: &str) -> Result<Document, Diagnostic> {
    let lines = LineStarts::new(text);
    let error = |offset: u64, message: String| {
        Diagnostic::error(Origin::at(path, Some(lines.pos(offset))), message)
    };
    let mut reader = Reader::from_str(text);
    reader.config_mut().expand_empty_elements = true;
    let mut doc = Document::default();
    let mut stack: Vec<String> = Vec::new();
    let mut unit: Option<Unit> = None;
    // The inline content being read (of a source or a target), whether it
    // is the target, and the placeholder being read inside it.
    let mut inline: Option<(Inline, bool)> = None;
    let mut placeholder: Option<(String, String)> = None;
    // Elements whose content is not read (notes, alternatives...): the
    // depth at which skipping started.
    let mut skipping: Option<usize> = None;
    let mut seen_xliff = false;
    loop {
        let offset = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            error(
                reader.error_position(),
                format!("this is not well-formed XML: {e}"),
            )
        })?;
        match event {
            Event::Start(start) => {
                let name = local_name(&start);
                stack.push(name.clone());
                if stack.len() > MAX_DEPTH {
                    return Err(error(offset, "the elements nest too deep".to_owned()));
                }
                if skipping.is_some() {
                    continue;
                }
                let pos = lines.pos(offset);
                if let Some((content, _)) = inline.as_mut() {
                    match name.as_str() {
                        "ph" => {
                            if placeholder.is_some() {
                                content.foreign.push("ph inside ph".to_owned());
                            }
                            placeholder = Some((attribute(&start, "id"), String::new()));
                        }
                        "mrk" => {}
                        _ => content.foreign.push(name),
                    }
                    continue;
                }
                match (name.as_str(), stack.len()) {
                    ("xliff", 1) => {
                        seen_xliff = true;
                        let version = attribute(&start, "version");
                        if version != "1.2" {
                            return Err(error(
                                offset,
                                format!(
                                    "this is XLIFF version `{version}`; privsite reads XLIFF 1.2, the version it exports"
                                ),
                            ));
                        }
                    }
                    ("file", _) => doc.files.push(File {
                        original: attribute(&start, "original"),
                        source_language: attribute(&start, "source-language"),
                        target_language: attribute(&start, "target-language"),
                        pos,
                        units: Vec::new(),
                    }),
                    ("trans-unit", _) => {
                        unit = Some(Unit {
                            id: attribute(&start, "id"),
                            pos,
                            approved: attribute(&start, "approved") == "yes",
                            ..Unit::default()
                        });
                    }
                    ("source" | "target", _)
                        if unit.is_some() && parent(&stack) == "trans-unit" =>
                    {
                        let is_target = name == "target";
                        if is_target {
                            let state = attribute(&start, "state");
                            if let Some(u) = unit.as_mut() {
                                u.state = (!state.is_empty()).then_some(state);
                            }
                        }
                        inline = Some((
                            Inline {
                                pos,
                                ..Inline::default()
                            },
                            is_target,
                        ));
                    }
                    _ if unit.is_some() => skipping = Some(stack.len()),
                    _ => {}
                }
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                if let Some(depth) = skipping {
                    if stack.len() < depth {
                        skipping = None;
                    }
                    continue;
                }
                if name == "ph"
                    && let Some((id, markup)) = placeholder.take()
                    && let Some((content, _)) = inline.as_mut()
                {
                    content.text.push_str(&markup);
                    content.placeholders.push((id, markup));
                    continue;
                }
                if (name == "source" || name == "target")
                    && stack.last().is_some_and(|open| open == "trans-unit")
                    && let Some((content, is_target)) = inline.take()
                    && let Some(u) = unit.as_mut()
                {
                    if is_target {
                        u.target = Some(content);
                    } else {
                        u.source = content;
                    }
                    continue;
                }
                if name == "trans-unit"
                    && let Some(u) = unit.take()
                {
                    match doc.files.last_mut() {
                        Some(file) => file.units.push(u),
                        None => {
                            return Err(error(
                                offset,
                                "a <trans-unit> outside any <file>".to_owned(),
                            ));
                        }
                    }
                }
            }
            Event::Text(t) => {
                let t = t
                    .xml10_content()
                    .map_err(|e| error(offset, format!("the text cannot be read: {e}")))?;
                push_text(&mut inline, &mut placeholder, skipping, &t);
            }
            Event::CData(t) => {
                let t = t
                    .decode()
                    .map_err(|e| error(offset, format!("the text cannot be read: {e}")))?;
                push_text(&mut inline, &mut placeholder, skipping, &t);
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = r.decode().unwrap_or_default();
                        match quick_xml::escape::resolve_predefined_entity(&name) {
                            Some(s) => s.to_owned(),
                            None => {
                                return Err(error(
                                    offset,
                                    format!("`&{name};` is not an entity XLIFF files may use"),
                                ));
                            }
                        }
                    }
                };
                push_text(&mut inline, &mut placeholder, skipping, &resolved);
            }
            Event::DocType(_) => {
                return Err(error(
                    offset,
                    "the file has a <!DOCTYPE>, which XLIFF files do not have".to_owned(),
                ));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_xliff {
        return Err(Diagnostic::error(
            Origin::file(path),
            "this is not an XLIFF file: it has no <xliff> element",
        ));
    }
    Ok(doc)
}

fn push_text(
    inline: &mut Option<(Inline, bool)>,
    placeholder: &mut Option<(String, String)>,
    skipping: Option<usize>,
    text: &str,
) {
    if skipping.is_some() {
        return;
    }
    if let Some((_, markup)) = placeholder.as_mut() {
        markup.push_str(text);
    } else if let Some((content, _)) = inline.as_mut() {
        content.text.push_str(text);
    }
}

/// The element's name without its namespace prefix.
fn local_name(start: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(start.local_name().as_ref()).into_owned()
}

/// The name of the element that holds the innermost open one.
fn parent(stack: &[String]) -> &str {
    stack.len().checked_sub(2).map_or("", |i| &stack[i])
}

/// The value of the attribute `name` (empty when absent).
fn attribute(start: &BytesStart<'_>, name: &str) -> String {
    start
        .attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name.as_bytes())
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
        .unwrap_or_default()
}

/// Where each line starts: byte offsets to line and column.
struct LineStarts<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineStarts<'t> {
    fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineStarts { text, starts }
    }

    fn pos(&self, offset: u64) -> Pos {
        let offset = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        // Skip the white space before the element the offset is at.
        let rest = self.text.get(offset..).unwrap_or("");
        let offset = offset + (rest.len() - rest.trim_start().len());
        let line = self.starts.partition_point(|s| *s <= offset);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        Pos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }
}
