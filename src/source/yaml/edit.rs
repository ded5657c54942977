//! Writing translated texts into a translation file (`<locale>.yaml`) the
//! way an author would: the file stays as it was written (comments, blank
//! lines, quoting, field order) except the values that change, which are
//! replaced where they stand, and the fields and sections that are new,
//! which are put where the source has them.
//!
//! The editing is done on a lossless syntax tree (yaml-edit); the result is
//! then read back by the same reader every file is read with, and accepted
//! only when it holds exactly what was asked: each new text, and every
//! other value as it was. A value the editor writes in a form that reads
//! back differently is written again double-quoted, which holds any text.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::str::FromStr;

use yaml_edit::{Document, Mapping, ScalarValue, Sequence};

use crate::diagnostics::Diagnostic;
use crate::source::raw;

/// What to write into a translation file. `None` leaves a field as it is.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TranslationEdits {
    /// The version title.
    pub title: Option<String>,
    /// The change summary (`change.summary`).
    pub summary: Option<String>,
    /// `translated_from`.
    pub translated_from: Option<String>,
    /// Section texts by id.
    pub sections: BTreeMap<String, SectionEdit>,
}

/// The new texts of one section.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SectionEdit {
    /// The heading.
    pub title: Option<String>,
    /// The body (Markdown).
    pub body: Option<String>,
}

impl TranslationEdits {
    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.summary.is_none()
            && self.translated_from.is_none()
            && self.sections.is_empty()
    }
}

/// Where each section of the source sits: its parent's id (`None` at the
/// top level) and its place in reading order. A section the translation
/// does not have yet is put under the same parent when the translation has
/// it (else at the top level), among its siblings in the source's order.
pub type Outline = HashMap<String, (Option<String>, usize)>;

/// `text` (the translation file as it is, `None` when there is none yet)
/// with `edits` written in. `file` names it in a problem.
pub fn write_translation(
    file: &Path,
    text: Option<&str>,
    edits: &TranslationEdits,
    outline: &Outline,
) -> Result<String, Diagnostic> {
    let before = match text {
        Some(text) => super::parse::<raw::VersionFile>(file, text)?,
        None => raw::VersionFile::default(),
    };
    let expected = Values::of(&before).with(edits);
    let mut quoted = HashSet::new();
    // A second round writes double-quoted what did not read back as written.
    for _ in 0..2 {
        let written = edit(text.unwrap_or(""), edits, outline, &quoted)
            .map_err(|message| problem(file, message))?;
        let after = super::parse::<raw::VersionFile>(file, &written).map_err(|d| {
            problem(
                file,
                format!("the edited file would not read back ({})", d.message),
            )
        })?;
        let found = Values::of(&after);
        if found.matches(&expected) {
            return Ok(written);
        }
        let wrong = found.differences(&expected);
        if wrong.iter().all(|w| quoted.contains(w)) {
            break;
        }
        quoted.extend(wrong);
    }
    Err(problem(
        file,
        "privsite could not write these translations into the file without changing other text"
            .to_owned(),
    ))
}

fn problem(file: &Path, message: String) -> Diagnostic {
    Diagnostic::error(crate::diagnostics::Origin::file(file), message).with_help(
        "nothing was written; write the translations into the file by hand, or report this as a bug",
    )
}

/// Every value of a translation file that an import may touch or must
/// keep, by a key naming the field (`title`, `SECTION/body`,
/// `SECTION/parent`, ...), and the order of its sections.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Values {
    pub(super) fields: BTreeMap<String, String>,
    pub(super) order: Vec<String>,
}

impl Values {
    pub(super) fn of(file: &raw::VersionFile) -> Values {
        fn sections(
            list: &[raw::Section],
            parent: &str,
            out: &mut BTreeMap<String, String>,
            order: &mut Vec<String>,
        ) {
            for s in list {
                let id = &s.id.value;
                order.push(id.clone());
                out.insert(format!("{id}/parent"), parent.to_owned());
                if let Some(t) = &s.title {
                    out.insert(format!("{id}/title"), t.value.clone());
                }
                if let Some(b) = &s.body {
                    out.insert(format!("{id}/body"), b.value.clone());
                }
                if let Some(m) = &s.material {
                    out.insert(format!("{id}/material"), m.value.to_string());
                }
                if !s.aliases.is_empty() {
                    let aliases: Vec<&str> = s.aliases.iter().map(|a| a.value.as_str()).collect();
                    out.insert(format!("{id}/aliases"), aliases.join(" "));
                }
                sections(&s.sections, id, out, order);
            }
        }
        let mut out = BTreeMap::new();
        let mut order = Vec::new();
        let mut put = |key: &str, value: Option<&String>| {
            if let Some(v) = value {
                out.insert(key.to_owned(), v.clone());
            }
        };
        put("title", file.title.as_ref().map(|t| &t.value));
        put("effective", file.effective.as_ref().map(|t| &t.value));
        put("published", file.published.as_ref().map(|t| &t.value));
        put(
            "translated_from",
            file.translated_from.as_ref().map(|t| &t.value),
        );
        if let Some(change) = &file.change {
            put("summary", change.value.summary.as_ref().map(|t| &t.value));
            if let Some(kind) = &change.value.kind {
                out.insert("kind".to_owned(), format!("{:?}", kind.value));
            }
        }
        sections(&file.sections, "", &mut out, &mut order);
        Values { fields: out, order }
    }

    /// These values with `edits` written in.
    fn with(mut self, edits: &TranslationEdits) -> Values {
        let mut set = |key: String, value: &Option<String>| {
            if let Some(v) = value {
                self.fields.insert(key, v.clone());
            }
        };
        set("title".to_owned(), &edits.title);
        set("summary".to_owned(), &edits.summary);
        set("translated_from".to_owned(), &edits.translated_from);
        for (id, s) in &edits.sections {
            set(format!("{id}/title"), &s.title);
            set(format!("{id}/body"), &s.body);
        }
        self
    }

    /// Whether `self`, read from the edited file, is what was `expected`:
    /// a new section's place is whatever the edit gave it, and the
    /// sections that were there keep their order.
    fn matches(&self, expected: &Values) -> bool {
        self.differences(expected).is_empty() && {
            let old: HashSet<&String> = expected.order.iter().collect();
            let kept: Vec<&String> = self.order.iter().filter(|id| old.contains(id)).collect();
            kept.len() == expected.order.len()
                && kept.iter().zip(&expected.order).all(|(a, b)| *a == b)
        }
    }

    /// The keys whose values differ (a new section's parent excepted).
    pub(super) fn differences(&self, expected: &Values) -> Vec<String> {
        let keys: std::collections::BTreeSet<&String> =
            self.fields.keys().chain(expected.fields.keys()).collect();
        keys.into_iter()
            .filter(|k| {
                let (found, wanted) = (self.fields.get(*k), expected.fields.get(*k));
                found != wanted && !(k.ends_with("/parent") && wanted.is_none())
            })
            .cloned()
            .collect()
    }
}

/// The edit itself: `text` parsed losslessly, changed, printed.
fn edit(
    text: &str,
    edits: &TranslationEdits,
    outline: &Outline,
    quoted: &HashSet<String>,
) -> Result<String, String> {
    let mut text = text.to_owned();
    let parsed = |text: &str| {
        Document::from_str(text).map_err(|e| format!("the file cannot be edited: {e}"))
    };
    let mut doc = parsed(&text)?;
    // A file without `sections:` gets the key written out, so that the
    // list the editor fills is a block list indented like the rest.
    let has_list = doc.as_mapping().is_some_and(|m| m.contains_key("sections"));
    if doc.as_mapping().is_none() || (!edits.sections.is_empty() && !has_list) {
        if text.trim().is_empty() {
            text.clear();
        } else if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str("sections:\n");
        doc = parsed(&text)?;
    }
    let root = &doc
        .as_mapping()
        .ok_or_else(|| "the file is not a mapping of fields".to_owned())?;
    let put = Put {
        quoted,
        kept: RefCell::new(Vec::new()),
    };
    if !edits.sections.is_empty() {
        sections(root, edits, outline, &put)?;
    }
    // The top-level fields last: the list is found by its key before
    // fields are put around it.
    if let Some(title) = &edits.title {
        put.set(root, "title", "title", title, &[]);
    }
    if let Some(from) = &edits.translated_from {
        put.set(root, "translated_from", "translated_from", from, &["title"]);
    }
    if let Some(summary) = &edits.summary {
        match root.get_mapping("change") {
            Some(change) => put.set(&change, "summary", "summary", summary, &["kind"]),
            None => {
                let change = Mapping::new();
                change.set("summary", put.value("summary", summary));
                let at = root
                    .find_entry_index_by_key("sections")
                    .unwrap_or(root.len());
                root.insert_at_index(at, "change", change);
            }
        }
    }
    Ok(put.finish(&doc))
}

/// Writes values into mappings, and keeps the blank lines that followed a
/// replaced block text (YAML counts them into the block; they are layout).
struct Put<'q> {
    /// The fields to write double-quoted.
    quoted: &'q HashSet<String>,
    /// Values that replaced a block followed by blank lines: the mapping,
    /// the key, and how many line breaks ended the old block.
    kept: RefCell<Vec<(Mapping, String, usize)>>,
}

impl Put<'_> {
    /// `text` as the value of `field`: a block when it has lines, else
    /// plain or quoted as it needs; double-quoted when asked.
    fn value(&self, field: &str, text: &str) -> ScalarValue {
        scalar(text, self.quoted.contains(field))
    }

    /// Sets `key` of `mapping` to `text`: in place when it is there, else
    /// after the first of `after` that is there, else first.
    fn set(&self, mapping: &Mapping, key: &str, field: &str, text: &str, after: &[&str]) {
        let value = self.value(field, text);
        if let Some(old) = mapping.get(key) {
            let breaks = trailing_breaks(&old.to_string());
            mapping.set(key, value);
            if breaks > 1 {
                self.kept
                    .borrow_mut()
                    .push((mapping.clone(), key.to_owned(), breaks));
            }
            return;
        }
        match after.iter().find(|k| mapping.contains_key(**k)) {
            Some(before) => {
                mapping.insert_after(*before, key, value);
            }
            None => mapping.insert_at_index(0, key, value),
        }
    }

    /// The document as text, with the kept blank lines put back.
    fn finish(self, doc: &Document) -> String {
        let mut text = doc.to_string();
        let mut inserts: Vec<(usize, usize)> = self
            .kept
            .into_inner()
            .into_iter()
            .filter_map(|(mapping, key, breaks)| {
                let node = mapping.get(key.as_str())?;
                let now = trailing_breaks(&node.to_string());
                // A block that keeps its final line breaks (`|+`) holds
                // them as text: nothing may be added to it.
                (now <= 1).then(|| (node.byte_range().end as usize, breaks - now.max(1)))
            })
            .collect();
        inserts.sort_unstable_by(|a, b| b.cmp(a));
        for (at, n) in inserts {
            if text.is_char_boundary(at) {
                text.insert_str(at, &"\n".repeat(n));
            }
        }
        text
    }
}

/// `text` as a YAML value: a `|` block when it has lines, else plain or
/// quoted as it needs; double-quoted when `quoted` (which holds any text).
pub(super) fn scalar(text: &str, quoted: bool) -> ScalarValue {
    if quoted {
        ScalarValue::double_quoted(text)
    } else if text.contains('\n') {
        ScalarValue::literal(text)
    } else {
        ScalarValue::string(text)
    }
}

/// How many line breaks end `text`.
fn trailing_breaks(text: &str) -> usize {
    text.len() - text.trim_end_matches('\n').len()
}

/// Writes the sections of `edits` into the `sections:` list of `root`.
fn sections(
    root: &Mapping,
    edits: &TranslationEdits,
    outline: &Outline,
    put: &Put<'_>,
) -> Result<(), String> {
    // `sections:` with nothing after it is a null the list replaces.
    let empty = root
        .get("sections")
        .and_then(|v| v.as_scalar().map(|s| s.as_string().trim().is_empty()))
        .unwrap_or(true);
    if root.get_sequence("sections").is_none() && empty {
        root.set("sections", Sequence::new());
    }
    let list = root
        .get_sequence("sections")
        .ok_or_else(|| "`sections` is not a list".to_owned())?;
    let mut found = HashMap::new();
    index(&list, &mut found);
    // Sections already there, then new ones in reading order (a parent
    // before its children, so that they find it).
    let mut new: Vec<(&String, &SectionEdit)> = Vec::new();
    for (id, section) in &edits.sections {
        match found.get(id) {
            Some(mapping) => set_texts(mapping, id, section, put),
            None => new.push((id, section)),
        }
    }
    new.sort_by_key(|(id, _)| order_of(outline, id));
    for (id, section) in new {
        let parent = outline.get(id).and_then(|(parent, _)| parent.as_ref());
        let siblings = match parent.and_then(|p| found.get(p)) {
            Some(parent) => {
                if parent.get_sequence("sections").is_none() {
                    parent.set("sections", Sequence::new());
                }
                parent
                    .get_sequence("sections")
                    .ok_or_else(|| format!("cannot add subsections under `{id}`"))?
            }
            None => list.clone(),
        };
        let place = order_of(outline, id);
        let at = siblings
            .values()
            .filter(|item| {
                item.as_mapping()
                    .and_then(id_of)
                    .is_some_and(|other| order_of(outline, &other) < place)
            })
            .count();
        let mapping = Mapping::new();
        mapping.set("id", ScalarValue::string(id.as_str()));
        siblings.insert(at, mapping);
        let mapping = siblings
            .get(at)
            .and_then(|item| item.as_mapping().cloned())
            .ok_or_else(|| format!("cannot add the section `{id}`"))?;
        set_texts(&mapping, id, section, put);
        found.insert(id.clone(), mapping);
    }
    Ok(())
}

/// A section's place in the source's reading order (unknown ids last).
fn order_of(outline: &Outline, id: &str) -> usize {
    outline.get(id).map_or(usize::MAX, |(_, n)| *n)
}

/// Writes a section's title and body: in place where the section has
/// them, else the title after its `id` and the body after its title,
/// before its subsections.
fn set_texts(mapping: &Mapping, id: &str, section: &SectionEdit, put: &Put<'_>) {
    if let Some(title) = &section.title {
        put.set(mapping, "title", &format!("{id}/title"), title, &["id"]);
    }
    if let Some(body) = &section.body {
        put.set(
            mapping,
            "body",
            &format!("{id}/body"),
            body,
            &["title", "id"],
        );
    }
}

/// Every section mapping of `list`, at any depth, by id.
fn index(list: &Sequence, out: &mut HashMap<String, Mapping>) {
    for item in list.values() {
        let Some(mapping) = item.as_mapping() else {
            continue;
        };
        if let Some(id) = id_of(mapping) {
            out.insert(id, mapping.clone());
        }
        if let Some(children) = mapping.get_sequence("sections") {
            index(&children, out);
        }
    }
}

fn id_of(mapping: &Mapping) -> Option<String> {
    Some(mapping.get("id")?.as_scalar()?.as_string())
}

#[cfg(test)]
mod tests;
