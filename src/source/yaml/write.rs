//! Writing new source files (a version's source text, `policy.yaml`,
//! `site.yaml`) from values, for `privsite import`.
//!
//! The file is built with yaml-edit's builder (bodies as `|` blocks), then
//! read back by the reader every file is read with, and accepted only when
//! it holds exactly the values asked for ([`super::edit`]'s comparison). A
//! value that reads back differently is written again double-quoted, which
//! holds any text.

use std::collections::HashSet;
use std::path::Path;

use yaml_edit::{MappingBuilder, SequenceBuilder};

use super::edit::{Values, scalar};
use crate::diagnostics::{Diagnostic, Origin};
use crate::source::raw;

/// A version's text in its source locale, as the import makes it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct NewVersion {
    /// The version title.
    pub title: Option<String>,
    /// `effective` (`YYYY-MM-DD`).
    pub effective: Option<String>,
    /// `published` (`YYYY-MM-DD`).
    pub published: Option<String>,
    /// The sections.
    pub sections: Vec<NewSection>,
}

/// One section of a [`NewVersion`].
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct NewSection {
    /// The id.
    pub id: String,
    /// Former ids (`aliases`).
    pub aliases: Vec<String>,
    /// The heading.
    pub title: String,
    /// The Markdown body (`None` when the section only holds subsections).
    pub body: Option<String>,
    /// Subsections.
    pub sections: Vec<NewSection>,
}

/// The text of a new version file holding `version`; `file` names it in a
/// problem.
pub fn version_file(file: &Path, version: &NewVersion) -> Result<String, Diagnostic> {
    let expected = Values::of(&as_raw(version));
    let mut quoted = HashSet::new();
    for _ in 0..2 {
        let written = build_version(version, &quoted);
        let back = super::parse::<raw::VersionFile>(file, &written).map_err(|d| {
            problem(
                file,
                format!("the written file would not read back ({})", d.message),
            )
        })?;
        let found = Values::of(&back);
        let wrong = found.differences(&expected);
        if wrong.is_empty() && found.order == expected.order {
            return Ok(written);
        }
        if wrong.iter().all(|w| quoted.contains(w)) {
            break;
        }
        quoted.extend(wrong);
    }
    Err(problem(
        file,
        "privsite could not write this text as YAML that reads back the same".to_owned(),
    ))
}

/// The text of a new `policy.yaml` or `site.yaml`: `fields` in order, each
/// a one-line text. `file` names it in a problem.
pub fn settings_file(file: &Path, fields: &[(&str, &str)]) -> Result<String, Diagnostic> {
    let mut quoted = false;
    loop {
        let mapping = fields
            .iter()
            .fold(MappingBuilder::new(), |m, (key, value)| {
                m.pair(*key, scalar(value, quoted))
            });
        let written = mapping.build().build().to_string();
        let back: std::collections::BTreeMap<String, String> = super::parse(file, &written)
            .map_err(|d| {
                problem(
                    file,
                    format!("the written file would not read back ({})", d.message),
                )
            })?;
        let same = back.len() == fields.len()
            && fields
                .iter()
                .all(|(k, v)| back.get(*k).map(String::as_str) == Some(*v));
        if same {
            return Ok(written);
        }
        if quoted {
            return Err(problem(
                file,
                "privsite could not write these settings as YAML that reads back the same"
                    .to_owned(),
            ));
        }
        quoted = true;
    }
}

fn problem(file: &Path, message: String) -> Diagnostic {
    Diagnostic::error(Origin::file(file), message)
        .with_help("nothing was written; report this as a bug, with the text that was imported")
}

fn build_version(version: &NewVersion, quoted: &HashSet<String>) -> String {
    let mut m = MappingBuilder::new();
    if let Some(title) = &version.title {
        m = m.pair("title", scalar(title, quoted.contains("title")));
    }
    for (key, value) in [
        ("effective", &version.effective),
        ("published", &version.published),
    ] {
        if let Some(value) = value {
            m = m.pair(key, scalar(value, quoted.contains(key)));
        }
    }
    m = m.sequence("sections", |list| sections(list, &version.sections, quoted));
    m.build().build().to_string()
}

fn sections(
    list: SequenceBuilder,
    all: &[NewSection],
    quoted: &HashSet<String>,
) -> SequenceBuilder {
    all.iter().fold(list, |list, s| {
        // Built on its own and put as an item, the mapping starts on the
        // dash's line (`- id: scope`), as authors write it.
        list.item({
            let m = MappingBuilder::new();
            let id = &s.id;
            let mut m = m.pair("id", scalar(id, quoted.contains(&format!("{id}/id"))));
            if !s.aliases.is_empty() {
                m = m.sequence("aliases", |l| {
                    s.aliases.iter().fold(l, |l, a| l.item(scalar(a, false)))
                });
            }
            m = m.pair(
                "title",
                scalar(&s.title, quoted.contains(&format!("{id}/title"))),
            );
            if let Some(body) = &s.body {
                m = m.pair("body", scalar(body, quoted.contains(&format!("{id}/body"))));
            }
            if !s.sections.is_empty() {
                m = m.sequence("sections", |l| sections(l, &s.sections, quoted));
            }
            m.build_document()
        })
    })
}

/// `version` as the reader would give it, for the comparison.
fn as_raw(version: &NewVersion) -> raw::VersionFile {
    use super::Spanned;
    let text = |t: &str| Spanned {
        value: t.to_owned(),
        pos: None,
    };
    fn section(s: &NewSection, text: &dyn Fn(&str) -> Spanned<String>) -> raw::Section {
        raw::Section {
            id: text(&s.id),
            aliases: s.aliases.iter().map(|a| text(a)).collect(),
            title: Some(text(&s.title)),
            material: None,
            body: s.body.as_deref().map(text),
            sections: s.sections.iter().map(|c| section(c, text)).collect(),
        }
    }
    raw::VersionFile {
        title: version.title.as_deref().map(text),
        effective: version.effective.as_deref().map(text),
        published: version.published.as_deref().map(text),
        sections: version.sections.iter().map(|s| section(s, &text)).collect(),
        ..raw::VersionFile::default()
    }
}

#[cfg(test)]
mod tests;
