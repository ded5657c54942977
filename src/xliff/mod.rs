//! Translation exchange with translation tools and vendors: a version of a
//! policy, its source text and its translation into one locale, as an XLIFF
//! 1.2 document (the version most translation tools read).
//!
//! One `<trans-unit>` per translatable field: the version's title and
//! change summary, and each section's title and body, grouped by section
//! (`<group resname="SECTION-ID">`). A unit's `<target>` says where the
//! translation stands in the states tools understand: none yet
//! (`needs-translation`, no target), out of date because the original
//! changed in meaning (`needs-review-translation`, the earlier translation
//! as target), or current (`translated`).
//!
//! Markdown stays out of the translator's way and out of reach: everything
//! in a text that is not words a reader reads (emphasis marks, link
//! targets, inline code, line breaks, list markers, table pipes, raw HTML)
//! is a placeholder (`<ph>`) holding the original characters, which a
//! translation tool shows as a tag and does not let the translator edit.
//! [`segments`] splits a text that way; joining the pieces gives the text
//! back byte for byte.

mod import;
mod markdown;
pub mod read;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::diff::OutOfDate;
use crate::model::{Locale, Policy, Version};

pub use import::{Plan, Report, plan};
pub use markdown::{Segment, segments};

/// The XLIFF 1.2 namespace.
pub const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:1.2";

/// Where one unit's translation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Not translated yet: no target.
    Missing,
    /// Translated, but the original changed in meaning since.
    OutOfDate,
    /// Translated and current.
    Current,
}

impl State {
    /// The XLIFF 1.2 `state` of the target.
    pub fn xliff(self) -> &'static str {
        match self {
            State::Missing => "needs-translation",
            State::OutOfDate => "needs-review-translation",
            State::Current => "translated",
        }
    }
}

/// One translatable field of a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit<'v> {
    /// The unit id: `title`, `summary`, `SECTION/title` or `SECTION/body`.
    pub id: String,
    /// The section it belongs to, if any.
    pub section: Option<&'v str>,
    /// The source text (Markdown for bodies and the summary).
    pub source: &'v str,
    /// The translation, if any.
    pub target: Option<&'v str>,
    /// Where the translation stands.
    pub state: State,
}

/// Every translatable field of `version` of `policy` in `locale`, in
/// reading order.
pub fn units<'v>(
    policy: &Policy,
    version: &'v Version,
    locale: &Locale,
    out_of_date: &'v OutOfDate,
) -> Vec<Unit<'v>> {
    let view = version.in_locale(
        locale,
        Some(out_of_date.sections(&policy.id, &version.id, locale)),
    );
    let translation = view.translation();
    let state = |target: Option<&str>, stale: bool| match (target, stale) {
        (None, _) => State::Missing,
        (Some(_), true) => State::OutOfDate,
        (Some(_), false) => State::Current,
    };
    let mut units = Vec::new();
    let mut field = |id: String,
                     section: Option<&'v str>,
                     source: &'v str,
                     target: Option<&'v str>,
                     stale: bool| {
        if !source.is_empty() {
            units.push(Unit {
                id,
                section,
                source,
                target,
                state: state(target, stale),
            });
        }
    };
    if let Some(title) = &version.source.title {
        field(
            "title".to_owned(),
            None,
            title,
            translation.and_then(|t| t.title.as_deref()),
            false,
        );
    }
    if let Some(summary) = &version.source.summary {
        field(
            "summary".to_owned(),
            None,
            summary,
            translation.and_then(|t| t.summary.as_deref()),
            false,
        );
    }
    for (_, shown) in view.sections() {
        let section = shown.section;
        let text = shown.written;
        let id = section.id.as_str();
        let is_stale = shown.is_stale();
        // A section is out of date by its body's meaning: a title never
        // makes it so, and its translated title stays good.
        field(
            format!("{id}/title"),
            Some(id),
            &section.title,
            text.and_then(|t| t.title.as_deref()),
            false,
        );
        field(
            format!("{id}/body"),
            Some(id),
            &section.body,
            text.and_then(|t| t.body.as_deref()),
            is_stale,
        );
    }
    units
}

/// The XLIFF 1.2 document of `version` of `policy` for translation into
/// `locale`. `original` names the source file (its path in the project).
pub fn export(
    policy: &Policy,
    version: &Version,
    locale: &Locale,
    out_of_date: &OutOfDate,
    original: &str,
) -> String {
    let units = units(policy, version, locale, out_of_date);
    let mut out = Writer::new_with_indent(Vec::new(), b' ', 2);
    put(
        &mut out,
        Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)),
    );
    put(
        &mut out,
        Event::Start(
            BytesStart::new("xliff").with_attributes([("version", "1.2"), ("xmlns", NAMESPACE)]),
        ),
    );
    put(
        &mut out,
        Event::Start(BytesStart::new("file").with_attributes([
            ("original", original),
            ("source-language", policy.source_locale.as_str()),
            ("target-language", locale.as_str()),
            ("datatype", "x-markdown"),
            ("product-name", "privsite"),
            ("product-version", env!("CARGO_PKG_VERSION")),
        ])),
    );
    put(&mut out, Event::Start(BytesStart::new("header")));
    let note = format!(
        "{} ({}), version {}. Tags hold Markdown and links: keep each of them, in the order the translation needs.",
        policy.title, policy.id, version.id
    );
    put(&mut out, Event::Start(BytesStart::new("note")));
    put(&mut out, Event::Text(BytesText::new(&note)));
    put(&mut out, Event::End(BytesEnd::new("note")));
    put(&mut out, Event::End(BytesEnd::new("header")));
    put(&mut out, Event::Start(BytesStart::new("body")));
    // Units of one section together, in a group named after it.
    let mut open: Option<&str> = None;
    for unit in &units {
        if unit.section != open {
            if open.is_some() {
                put(&mut out, Event::End(BytesEnd::new("group")));
            }
            if let Some(section) = unit.section {
                put(
                    &mut out,
                    Event::Start(BytesStart::new("group").with_attributes([
                        ("id", format!("section:{section}").as_str()),
                        ("resname", section),
                    ])),
                );
            }
            open = unit.section;
        }
        trans_unit(&mut out, unit);
    }
    if open.is_some() {
        put(&mut out, Event::End(BytesEnd::new("group")));
    }
    put(&mut out, Event::End(BytesEnd::new("body")));
    put(&mut out, Event::End(BytesEnd::new("file")));
    put(&mut out, Event::End(BytesEnd::new("xliff")));
    let mut text = String::from_utf8(out.into_inner()).expect("the writer writes UTF-8");
    text.push('\n');
    text
}

/// Writes `event` (into memory, which cannot fail).
fn put(out: &mut Writer<Vec<u8>>, event: Event<'_>) {
    out.write_event(event)
        .expect("writing XML into memory cannot fail");
}

/// One `<trans-unit>`: the source and, when there is one, the target, each
/// split into text and placeholders.
fn trans_unit(out: &mut Writer<Vec<u8>>, unit: &Unit<'_>) {
    let mut start = BytesStart::new("trans-unit");
    start.push_attribute(("id", unit.id.as_str()));
    start.push_attribute(("resname", unit.id.as_str()));
    start.push_attribute(("xml:space", "preserve"));
    if unit.state == State::Current {
        start.push_attribute(("approved", "yes"));
    }
    put(out, Event::Start(start));
    let source = inline(out, BytesStart::new("source"), unit.source, &[]);
    if let Some(target) = unit.target {
        let mut start = BytesStart::new("target");
        start.push_attribute(("state", unit.state.xliff()));
        inline(out, start, target, &source);
    }
    put(out, Event::End(BytesEnd::new("trans-unit")));
}

/// `text` inside the element `start`, its Markdown as placeholders
/// numbered from 1; returns the placeholders' contents in order. A
/// target's placeholder that holds what one of the source's holds
/// (`source`) takes that one's id, as tools pair tags by id; the others
/// are numbered after the source's.
fn inline<'t>(
    out: &mut Writer<Vec<u8>>,
    start: BytesStart<'_>,
    text: &'t str,
    source: &[&str],
) -> Vec<&'t str> {
    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    // Written as one text event, which the writer does not indent: white
    // space inside would be part of the text.
    let mut xml = String::new();
    let mut used = vec![false; source.len()];
    let mut extra = source.len();
    let mut markups = Vec::new();
    for segment in segments(text) {
        match segment {
            Segment::Text(words) => xml.push_str(&escape(words)),
            Segment::Markup(markup) => {
                markups.push(markup);
                let paired = source
                    .iter()
                    .enumerate()
                    .position(|(i, m)| !used[i] && *m == markup);
                let n = match paired {
                    Some(i) => {
                        used[i] = true;
                        i + 1
                    }
                    None => {
                        extra += 1;
                        extra
                    }
                };
                let ctype = if markup.contains('\n') {
                    " ctype=\"lb\""
                } else {
                    ""
                };
                xml.push_str(&format!("<ph id=\"{n}\"{ctype}>{}</ph>", escape(markup)));
            }
        }
    }
    put(out, Event::Start(start));
    put(out, Event::Text(BytesText::from_escaped(xml)));
    put(out, Event::End(BytesEnd::new(name)));
    markups
}

/// `text` escaped for XML content. A carriage return is written as a
/// character reference: XML readers turn a literal one into a line feed.
fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    let escaped = quick_xml::escape::partial_escape(text);
    if escaped.contains('\r') {
        escaped.replace('\r', "&#13;").into()
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests;
