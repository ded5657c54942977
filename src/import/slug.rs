//! The anchors other sites give headings, so that an imported section keeps
//! the address readers and other pages link to: GitHub's rule (what
//! github.com and most Markdown renderers write) and kramdown's (Jekyll
//! sites). Each rule counts repeated anchors the way its site does.
//!
//! This module only makes anchors; whether one is a valid privsite id, and
//! what to do when it is not, is [`privsite_id`]'s question.

use std::collections::HashMap;

use icu_properties::CodePointMapData;
use icu_properties::props::{GeneralCategory, GeneralCategoryGroup};

/// Which site's rule made the anchors of the headings being imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rule {
    /// GitHub (github-slugger): lower case, punctuation and symbols dropped
    /// except `-` and `_`, each space a `-`; letters of every script kept.
    #[default]
    GitHub,
    /// kramdown's `auto_ids`: ASCII letters, digits, spaces and `-` kept,
    /// everything before the first letter dropped, spaces made `-`, lower
    /// case; `section` when nothing is left.
    Kramdown,
}

/// The anchor `rule` gives a heading whose text is `text`, before repeats
/// are counted (see [`Slugger`]).
pub fn slug(rule: Rule, text: &str) -> String {
    match rule {
        Rule::GitHub => github(text),
        Rule::Kramdown => kramdown(text),
    }
}

fn github(text: &str) -> String {
    let categories = CodePointMapData::<GeneralCategory>::new();
    let kept = GeneralCategoryGroup::Letter
        .union(GeneralCategoryGroup::Mark)
        .union(GeneralCategoryGroup::Number);
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            _ if kept.contains(categories.get(c)) => Some(c),
            // github-slugger keeps connector punctuation other than `_`
            // too (`‿`), and drops every other mark, symbol and space.
            _ if categories.get(c) == GeneralCategory::ConnectorPunctuation => Some(c),
            _ => None,
        })
        .collect()
}

fn kramdown(text: &str) -> String {
    let from_letter = text.trim_start_matches(|c: char| !c.is_ascii_alphabetic());
    let id: String = from_letter
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ' || *c == '-')
        .map(|c| {
            if c == ' ' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if id.is_empty() {
        "section".to_owned()
    } else {
        id
    }
}

/// Counts the anchors of one document, so that a repeated one gets the
/// suffix its site gives it: `-1`, `-2`, ... for both rules.
#[derive(Debug, Default)]
pub struct Slugger {
    rule: Rule,
    seen: HashMap<String, usize>,
}

impl Slugger {
    /// A slugger for a document whose anchors `rule` made.
    pub fn new(rule: Rule) -> Slugger {
        Slugger {
            rule,
            seen: HashMap::new(),
        }
    }

    /// The anchor of the next heading, `text`.
    pub fn next(&mut self, text: &str) -> String {
        let base = slug(self.rule, text);
        self.claim(base)
    }

    /// Takes `wanted` (an explicit `{#id}`, which the site does not count
    /// for repeats, or a made anchor), or its next free `-N` form.
    pub fn claim(&mut self, wanted: String) -> String {
        let mut id = wanted.clone();
        // As github-slugger counts: the count is the wanted anchor's, and
        // a suffixed form that is itself taken is skipped.
        while self.seen.contains_key(&id) {
            let count = self.seen.entry(wanted.clone()).or_insert(0);
            *count += 1;
            id = format!("{wanted}-{count}");
        }
        self.seen.insert(id.clone(), 0);
        id
    }

    /// Marks `id` taken (an explicit id), without changing it.
    pub fn reserve(&mut self, id: &str) {
        self.seen.entry(id.to_owned()).or_insert(0);
    }
}

/// `anchor` as a privsite id (`[a-z0-9][a-z0-9.-]*`, at most 64
/// characters): itself when it is one, else the id privsite suggests for
/// it (lower case, other characters made `-`), or `section` when nothing
/// of it is left (a heading in a script without ASCII letters).
pub fn privsite_id(anchor: &str) -> String {
    if crate::model::id_problem(anchor).is_none() {
        return anchor.to_owned();
    }
    let id = crate::model::suggest_id(anchor);
    if id.chars().any(|c| c.is_ascii_lowercase()) || anchor.chars().any(|c| c.is_ascii_digit()) {
        id
    } else {
        "section".to_owned()
    }
}

#[cfg(test)]
mod tests;
