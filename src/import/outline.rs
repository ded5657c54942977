//! A split document made into privsite sections: ids from the anchors the
//! original site gave the headings, nesting from the heading levels, and
//! ids carried across versions.
//!
//! A heading reworded while its text stays gets the anchor of its new
//! wording, as the original site did, and keeps every earlier anchor as an
//! `aliases:` entry, so that links to the old one still land on it (the
//! contract's "rename", which `check` would otherwise warn about).

use std::collections::{BTreeMap, HashMap, HashSet};

use super::markdown::{Document, Part};
use super::slug::privsite_id;
use crate::source::yaml::edit::SectionEdit;
use crate::source::yaml::write::NewSection;

/// The id and title of the section made of the text before the first
/// heading.
pub const INTRO_ID: &str = "introduction";
/// See [`INTRO_ID`].
pub const INTRO_TITLE: &str = "Introduction";

/// Two bodies are the same section reworded when this share of their
/// words, or more, is the same.
const SAME_TEXT: f32 = 0.8;

/// A section of the version before, for carrying ids.
#[derive(Debug, Clone)]
pub struct Earlier {
    /// Its id.
    pub id: String,
    /// Its aliases.
    pub aliases: Vec<String>,
    /// Its body.
    pub body: String,
}

/// The sections of `doc`, in the order of its parts, with ids carried from
/// `earlier` (the version before's sections, flat). Also returns, for
/// each part in order, its final id (the introduction first when there
/// is one).
pub fn sections(doc: &Document, earlier: &[Earlier]) -> (Vec<NewSection>, Vec<String>) {
    let mut taken = HashSet::new();
    let mut ids: Vec<String> = Vec::new();
    for part in &doc.parts {
        ids.push(unique(privsite_id(&part.anchor), &mut taken));
    }
    let intro = (!doc.intro.trim().is_empty()).then(|| unique(INTRO_ID.to_owned(), &mut taken));

    // Anchors the original site gave that privsite writes differently:
    // links to them inside the text follow the section.
    let renamed: HashMap<String, String> = doc
        .parts
        .iter()
        .zip(&ids)
        .filter(|(p, id)| p.anchor != **id)
        .map(|(p, id)| (p.anchor.clone(), id.clone()))
        .collect();
    let body = |text: &str| rewrite_links(text, &renamed);

    // Ids carried: the same id keeps its aliases; a section whose id is
    // new takes over the earlier section whose text it has, if that one's
    // id is gone.
    let by_id: HashMap<&str, &Earlier> = earlier.iter().map(|e| (e.id.as_str(), e)).collect();
    let current: HashSet<&str> = ids
        .iter()
        .map(String::as_str)
        .chain(intro.as_deref())
        .collect();
    let mut free: Vec<&Earlier> = earlier
        .iter()
        .filter(|e| !current.contains(e.id.as_str()) && !e.body.trim().is_empty())
        .collect();
    let mut aliases_of = |id: &str, text: &str| -> Vec<String> {
        if let Some(e) = by_id.get(id) {
            return e.aliases.clone();
        }
        if text.trim().is_empty() {
            return Vec::new();
        }
        let best = free
            .iter()
            .enumerate()
            .map(|(i, e)| (i, similarity(&e.body, text)))
            .filter(|(_, score)| *score >= SAME_TEXT)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((i, _)) => {
                let e = free.remove(i);
                let mut aliases = e.aliases.clone();
                aliases.push(e.id.clone());
                aliases
            }
            None => Vec::new(),
        }
    };
    let mut flat: Vec<(u8, NewSection)> = Vec::new();
    if let Some(id) = &intro {
        flat.push((
            0,
            NewSection {
                aliases: aliases_of(id, &doc.intro),
                id: id.clone(),
                title: INTRO_TITLE.to_owned(),
                body: Some(body(&doc.intro)),
                sections: Vec::new(),
            },
        ));
    }
    for (part, id) in doc.parts.iter().zip(&ids) {
        flat.push((
            part.level,
            NewSection {
                aliases: aliases_of(id, &part.body),
                id: id.clone(),
                title: part.title.clone(),
                body: (!part.body.trim().is_empty()).then(|| body(&part.body)),
                sections: Vec::new(),
            },
        ));
    }
    // Each alias once in the version, and never an id.
    let mut used: HashSet<String> = flat.iter().map(|(_, s)| s.id.clone()).collect();
    for (_, s) in &mut flat {
        s.aliases.retain(|a| used.insert(a.clone()));
    }
    let order = intro.into_iter().chain(ids).collect();
    (nest(flat), order)
}

fn unique(id: String, taken: &mut HashSet<String>) -> String {
    let mut candidate = id.clone();
    let mut n = 1;
    while !taken.insert(candidate.clone()) {
        n += 1;
        candidate = format!("{id}-{n}");
    }
    candidate
}

/// Sections nested by heading level: a heading holds the headings of
/// higher levels after it, up to the next of its level or lower (levels
/// may skip: `###` right under `#`). The introduction (level 0) holds
/// nothing.
fn nest(flat: Vec<(u8, NewSection)>) -> Vec<NewSection> {
    let mut top: Vec<NewSection> = Vec::new();
    let mut stack: Vec<(u8, NewSection)> = Vec::new();
    let close = |stack: &mut Vec<(u8, NewSection)>, top: &mut Vec<NewSection>| {
        let (_, done) = stack.pop().expect("a section to close");
        match stack.last_mut() {
            Some((_, parent)) => parent.sections.push(done),
            None => top.push(done),
        }
    };
    for (level, section) in flat {
        while stack.last().is_some_and(|(l, _)| *l >= level || *l == 0) {
            close(&mut stack, &mut top);
        }
        stack.push((level, section));
    }
    while !stack.is_empty() {
        close(&mut stack, &mut top);
    }
    top
}

/// The share of words two texts have in common, in order (0 to 1).
fn similarity(a: &str, b: &str) -> f32 {
    similar::TextDiff::configure()
        .timeout(std::time::Duration::from_millis(200))
        .diff_unicode_words(a, b)
        .ratio()
}

/// `text` with in-page links to the anchors of `renamed` pointing at the
/// ids they became.
fn rewrite_links(text: &str, renamed: &HashMap<String, String>) -> String {
    let mut out = text.to_owned();
    for (from, to) in renamed {
        for (open, close) in [("](#", ")"), ("href=\"#", "\"")] {
            out = out.replace(
                &format!("{open}{from}{close}"),
                &format!("{open}{to}{close}"),
            );
        }
    }
    out
}

/// Section ids by the place of the heading that has them in a text.
pub type Pairs = Vec<(usize, String)>;

/// Which section id each heading of a translation has, by the place of
/// the heading in `doc`: the headings lined up with the source's
/// ([`aligned`]), or, when the translation reads as it did in the version
/// before (`before`: its text and pairs then), the pairs of then whose
/// sections the source still has. `None` when fewer than half of its
/// headings find a section.
pub fn translation_ids(
    doc: &Document,
    source: &[NewSection],
    source_doc: &Document,
    order: &[String],
    before: Option<(&Document, &[(usize, String)])>,
) -> Option<Pairs> {
    let has_intro = !source_doc.intro.trim().is_empty();
    let part_ids = &order[usize::from(has_intro)..];
    let lined_up = aligned(source_doc, doc)
        .into_iter()
        .map(|(s, t)| (t, part_ids[s].clone()));
    let mut pairs: Pairs = Vec::new();
    if let Some((_, earlier)) = before.filter(|(then, _)| super::plan::same_text(then, doc)) {
        // An id of then is the section's id now, or one of its aliases.
        let mut now: HashMap<&str, &str> = HashMap::new();
        let mut stack: Vec<&NewSection> = source.iter().collect();
        while let Some(s) = stack.pop() {
            now.insert(&s.id, &s.id);
            for a in &s.aliases {
                now.insert(a, &s.id);
            }
            stack.extend(&s.sections);
        }
        pairs.extend(
            earlier
                .iter()
                .filter_map(|(p, id)| Some((*p, (*now.get(id.as_str())?).to_owned()))),
        );
    }
    // Headings not placed by the version before are lined up anew.
    for (p, id) in lined_up {
        if !pairs.iter().any(|(q, other)| *q == p || *other == id) {
            pairs.push((p, id));
        }
    }
    pairs.sort();
    (pairs.len() * 2 >= doc.parts.len().max(1)).then_some(pairs)
}

/// A translation's texts by the source's section ids, its headings given
/// ids by `pairs` ([`translation_ids`]); its introduction is the source's
/// `intro` section, when both have one.
pub fn translated(
    doc: &Document,
    pairs: &[(usize, String)],
    intro: Option<&str>,
) -> BTreeMap<String, SectionEdit> {
    // The translation's own anchors lead to the source's ids.
    let renamed: HashMap<String, String> = pairs
        .iter()
        .filter(|(p, id)| doc.parts[*p].anchor != *id)
        .map(|(p, id)| (doc.parts[*p].anchor.clone(), id.clone()))
        .collect();
    let mut out = BTreeMap::new();
    for (p, id) in pairs {
        let p = &doc.parts[*p];
        let body = (!p.body.trim().is_empty()).then(|| rewrite_links(&p.body, &renamed));
        out.insert(
            id.clone(),
            SectionEdit {
                title: Some(p.title.clone()),
                body,
            },
        );
    }
    if let Some(intro) = intro.filter(|_| !doc.intro.trim().is_empty()) {
        out.insert(
            intro.to_owned(),
            SectionEdit {
                title: None,
                body: Some(rewrite_links(&doc.intro, &renamed)),
            },
        );
    }
    out
}

/// Which heading of `translation` is which of `source`, as pairs of
/// places: the two lists of headings lined up (a longest common
/// subsequence) by what a translation keeps: an anchor written alike in
/// both (`{#id}`), else the heading's level and the number of links under
/// it. A heading of one that the other lacks (a translation behind or
/// ahead of the source) is left out, rather than taken for its neighbour.
fn aligned(source: &Document, translation: &Document) -> Vec<(usize, usize)> {
    let common: HashSet<&str> = {
        let theirs: HashSet<&str> = translation
            .parts
            .iter()
            .map(|p| p.anchor.as_str())
            .collect();
        source
            .parts
            .iter()
            .map(|p| p.anchor.as_str())
            .filter(|a| theirs.contains(a))
            .collect()
    };
    let key = |p: &Part| {
        if common.contains(p.anchor.as_str()) {
            format!("#{}", p.anchor)
        } else {
            let links = p.body.matches("](").count() + p.body.matches("href=").count();
            format!("{}/{links}", p.level)
        }
    };
    let ours: Vec<String> = source.parts.iter().map(key).collect();
    let theirs: Vec<String> = translation.parts.iter().map(key).collect();
    let mut pairs = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &ours, &theirs) {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            pairs.extend((0..len).map(|i| (old_index + i, new_index + i)));
        }
    }
    // Between two headings lined up, as many headings on both sides with
    // the same levels are the same headings (a link added under one of
    // them made their keys differ).
    let mut filled = Vec::new();
    let mut last = (0, 0);
    for (s, t) in pairs
        .iter()
        .copied()
        .chain([(source.parts.len(), translation.parts.len())])
    {
        let (ours, theirs) = (&source.parts[last.0..s], &translation.parts[last.1..t]);
        if ours.len() == theirs.len() && ours.iter().zip(theirs).all(|(a, b)| a.level == b.level) {
            filled.extend((0..ours.len()).map(|i| (last.0 + i, last.1 + i)));
        }
        if s < source.parts.len() {
            filled.push((s, t));
        }
        last = (s + 1, t + 1);
    }
    filled
}

#[cfg(test)]
mod tests;
