//! The record names exactly the sections that changed: generated policies
//! (paragraphs, nested lists, tables, sections nested two deep) go through
//! random sequences of edits an author makes, and the comparison of the
//! two versions must name every section whose text differs, and no section
//! whose text and place are the same. Each named section's redline must be
//! open (not folded as unchanged) and show its change.

use std::collections::BTreeSet;

use proptest::prelude::*;

use crate::diff::compute::{BlockStatus, Comparison, SectionStatus, SectionText, compare};
use crate::diff::words::Tag;

/// Words that exercise the rules: numbers, protected words, near-spellings.
const WORDS: &[&str] = &[
    "we", "keep", "logs", "for", "90", "30", "days", "not", "may", "data", "colect", "collect",
    "share", "never", "partners", "email", "address", "account", "delete", "months",
];

/// A list item: its words and its sub-items' words.
type Item = (Vec<usize>, Vec<Vec<usize>>);

#[derive(Debug, Clone)]
enum Block {
    Para(Vec<usize>),
    List(Vec<Item>),
    Table(Vec<Vec<usize>>, Vec<Vec<Vec<usize>>>),
    /// Raw HTML holding words, in one of a few shapes (see `render`).
    Html(usize, Vec<usize>),
}

#[derive(Debug, Clone)]
struct Sec {
    id: String,
    title: Vec<usize>,
    body: Vec<Block>,
    depth: usize,
}

fn words(w: &[usize]) -> String {
    let mut text: Vec<&str> = w.iter().map(|i| WORDS[i % WORDS.len()]).collect();
    if text.is_empty() {
        text.push("text");
    }
    text.join(" ")
}

fn render(body: &[Block]) -> String {
    let mut out = Vec::new();
    for block in body {
        out.push(match block {
            Block::Para(w) => format!("{}.", words(w)),
            Block::List(items) => items
                .iter()
                .map(|(w, subs)| {
                    let mut item = format!("- {}", words(w));
                    for sub in subs {
                        item.push_str(&format!("\n  - {}", words(sub)));
                    }
                    item
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Table(head, rows) => {
                let cells =
                    |r: &[Vec<usize>]| r.iter().map(|c| words(c)).collect::<Vec<_>>().join(" | ");
                let mut t = format!(
                    "| {} |\n|{}|",
                    cells(head),
                    vec!["---"; head.len()].join("|")
                );
                for row in rows {
                    let mut row = row.clone();
                    row.resize(head.len(), vec![0]);
                    t.push_str(&format!("\n| {} |", cells(&row)));
                }
                t
            }
            Block::Html(shape, w) => match shape % 4 {
                0 => format!("<blockquote>{}</blockquote>", words(w)),
                1 => format!("<table><tr><td>{}</td></tr></table>", words(w)),
                2 => format!("<ul>{}<li>item</li></ul>", words(w)),
                _ => format!("<div><p>{}</p></div>", words(w)),
            },
        });
    }
    out.join("\n\n")
}

fn phrase() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0..WORDS.len(), 1..6)
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        phrase().prop_map(Block::Para),
        prop::collection::vec((phrase(), prop::collection::vec(phrase(), 0..3)), 1..4)
            .prop_map(Block::List),
        (1usize..4)
            .prop_flat_map(|width| (
                prop::collection::vec(phrase(), width),
                prop::collection::vec(prop::collection::vec(phrase(), width), 1..4)
            ))
            .prop_map(|(h, r)| Block::Table(h, r)),
        (0usize..4, phrase()).prop_map(|(shape, w)| Block::Html(shape, w)),
    ]
}

fn policy() -> impl Strategy<Value = Vec<Sec>> {
    prop::collection::vec(
        (phrase(), prop::collection::vec(block(), 0..4), 0usize..2),
        2..6,
    )
    .prop_map(|secs| {
        secs.into_iter()
            .enumerate()
            .map(|(i, (title, body, depth))| Sec {
                id: format!("s{i}"),
                title,
                body,
                // The first section is top-level; the others may be its children.
                depth: if i == 0 { 0 } else { depth },
            })
            .collect()
    })
}

/// One edit an author might make; indexes are taken modulo what is there.
#[derive(Debug, Clone)]
enum Edit {
    Word(usize, usize, usize),
    Everywhere(usize, usize),
    AddBlock(usize, Block),
    RemoveBlock(usize, usize),
    AddItem(usize, usize, Vec<usize>),
    AddSubItem(usize, usize, Vec<usize>),
    AddRow(usize, Vec<usize>),
    Cell(usize, usize, usize),
    Title(usize, usize),
    MoveBlock(usize, usize, usize),
    RemoveSection(usize),
    AddSection(usize, Vec<Block>),
    Swap(usize),
    Spaces(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let i = || 0usize..64;
    prop_oneof![
        (i(), i(), i()).prop_map(|(a, b, c)| Edit::Word(a, b, c)),
        (i(), i()).prop_map(|(a, b)| Edit::Everywhere(a, b)),
        (i(), block()).prop_map(|(a, b)| Edit::AddBlock(a, b)),
        (i(), i()).prop_map(|(a, b)| Edit::RemoveBlock(a, b)),
        (i(), i(), phrase()).prop_map(|(a, b, p)| Edit::AddItem(a, b, p)),
        (i(), i(), phrase()).prop_map(|(a, b, p)| Edit::AddSubItem(a, b, p)),
        (i(), phrase()).prop_map(|(a, p)| Edit::AddRow(a, p)),
        (i(), i(), i()).prop_map(|(a, b, c)| Edit::Cell(a, b, c)),
        (i(), i()).prop_map(|(a, b)| Edit::Title(a, b)),
        (i(), i(), i()).prop_map(|(a, b, c)| Edit::MoveBlock(a, b, c)),
        i().prop_map(Edit::RemoveSection),
        (i(), prop::collection::vec(block(), 1..3)).prop_map(|(a, b)| Edit::AddSection(a, b)),
        i().prop_map(Edit::Swap),
        i().prop_map(Edit::Spaces),
    ]
}

/// Every phrase of a body, mutable, in order.
fn phrases(body: &mut [Block]) -> Vec<&mut Vec<usize>> {
    let mut out = Vec::new();
    for block in body {
        match block {
            Block::Para(w) | Block::Html(_, w) => out.push(w),
            Block::List(items) => {
                for (w, subs) in items {
                    out.push(w);
                    out.extend(subs.iter_mut());
                }
            }
            Block::Table(head, rows) => {
                out.extend(head.iter_mut());
                for row in rows {
                    out.extend(row.iter_mut());
                }
            }
        }
    }
    out
}

fn apply(secs: &mut Vec<Sec>, edit: &Edit, fresh: &mut usize) {
    if secs.is_empty() {
        return;
    }
    let n = secs.len();
    match edit {
        Edit::Word(s, p, w) => {
            let mut all = phrases(&mut secs[s % n].body);
            if !all.is_empty() {
                let len = all.len();
                let phrase = &mut all[p % len];
                let at = w % phrase.len();
                phrase[at] = (phrase[at] + 1 + w) % WORDS.len();
            }
        }
        Edit::Everywhere(from, to) => {
            let (from, to) = (from % WORDS.len(), to % WORDS.len());
            for sec in secs.iter_mut() {
                for phrase in phrases(&mut sec.body) {
                    phrase
                        .iter_mut()
                        .filter(|w| **w == from)
                        .for_each(|w| *w = to);
                }
            }
        }
        Edit::AddBlock(s, b) => secs[s % n].body.push(b.clone()),
        Edit::RemoveBlock(s, b) => {
            let body = &mut secs[s % n].body;
            if !body.is_empty() {
                let at = b % body.len();
                body.remove(at);
            }
        }
        Edit::AddItem(s, b, p) | Edit::AddSubItem(s, b, p) => {
            let sub = matches!(edit, Edit::AddSubItem(..));
            let lists: Vec<&mut Vec<Item>> = secs[s % n]
                .body
                .iter_mut()
                .filter_map(|b| match b {
                    Block::List(items) => Some(items),
                    _ => None,
                })
                .collect();
            let len = lists.len();
            if let Some(items) = lists.into_iter().nth(b % len.max(1)) {
                if sub {
                    let at = b % items.len();
                    items[at].1.push(p.clone());
                } else {
                    items.push((p.clone(), Vec::new()));
                }
            }
        }
        Edit::AddRow(s, p) => {
            for block in &mut secs[s % n].body {
                if let Block::Table(head, rows) = block {
                    rows.push(vec![p.clone(); head.len()]);
                    break;
                }
            }
        }
        Edit::Cell(s, r, w) => {
            for block in &mut secs[s % n].body {
                if let Block::Table(_, rows) = block {
                    let len = rows.len();
                    let row = &mut rows[r % len];
                    let width = row.len();
                    let cell = &mut row[w % width];
                    cell.push(w % WORDS.len());
                    break;
                }
            }
        }
        Edit::Title(s, w) => secs[s % n].title.push(w % WORDS.len()),
        Edit::MoveBlock(from, b, to) => {
            let (from, to) = (from % n, to % n);
            if from != to && !secs[from].body.is_empty() {
                let at = b % secs[from].body.len();
                let block = secs[from].body.remove(at);
                secs[to].body.push(block);
            }
        }
        Edit::RemoveSection(s) => {
            let at = s % n;
            // Its children would become children of the one before it.
            if n > 1
                && secs
                    .get(at + 1)
                    .is_none_or(|next| next.depth <= secs[at].depth)
            {
                secs.remove(at);
                if let Some(first) = secs.first_mut() {
                    first.depth = 0;
                }
            }
        }
        Edit::AddSection(s, body) => {
            *fresh += 1;
            let at = (s % n) + 1;
            let depth = secs[at - 1].depth;
            // A new section's title is its own, so it is never taken for a
            // removed section renamed.
            let title = vec![
                *fresh % WORDS.len(),
                *fresh / WORDS.len() % WORDS.len(),
                19,
                19,
            ];
            secs.insert(
                at,
                Sec {
                    id: format!("new{fresh}"),
                    title,
                    body: body.clone(),
                    depth,
                },
            );
        }
        Edit::Swap(s) => {
            let at = s % n;
            // Two neighbouring top-level sections without children swap places.
            if at + 1 < n
                && secs[at].depth == 0
                && secs[at + 1].depth == 0
                && secs.get(at + 2).is_none_or(|s| s.depth == 0)
                && at > 0
            {
                secs.swap(at, at + 1);
            }
        }
        Edit::Spaces(s) => {
            // Recorded as text: a blank line more between two blocks is
            // made by the rendering below (see `texts`).
            let title = &mut secs[s % n].title;
            title.push(usize::MAX);
        }
    }
}

/// The flattened texts of a generated policy. A title word of `usize::MAX`
/// stands for "the same words, with more space" (a whitespace-only edit).
fn texts(secs: &[Sec]) -> Vec<(String, String, String, usize, Option<String>)> {
    let mut parents: Vec<String> = Vec::new();
    secs.iter()
        .map(|s| {
            parents.truncate(s.depth);
            let parent = parents.last().cloned();
            parents.push(s.id.clone());
            let spaced = s.title.contains(&usize::MAX);
            let title: Vec<usize> = s
                .title
                .iter()
                .copied()
                .filter(|w| *w != usize::MAX)
                .collect();
            let mut body = render(&s.body);
            if spaced {
                body = body.replace("\n\n", "\n\n\n");
                body.push_str("\n\n");
            }
            (s.id.clone(), words(&title), body, s.depth, parent)
        })
        .collect()
}

fn view<'a>(t: &'a [(String, String, String, usize, Option<String>)]) -> Vec<SectionText<'a>> {
    t.iter()
        .map(|(id, title, body, depth, parent)| SectionText {
            id,
            title,
            body,
            material: true,
            depth: *depth,
            parent: parent.as_deref(),
            aliases: &[],
        })
        .collect()
}

/// Whether a section of the redline shows that it changed.
fn marked(comparison: &Comparison, id: &str) -> bool {
    let Some(section) = comparison.sections.iter().find(|s| s.id == id) else {
        return false;
    };
    section.moved
        || section.renamed_from.is_some()
        || section.title_segments.iter().any(|s| s.tag != Tag::Equal)
        || section.blocks.iter().any(|b| {
            b.status != BlockStatus::Unchanged
                || b.reformatted
                || b.segments.iter().any(|s| s.tag != Tag::Equal)
                || b.cells.iter().any(|c| c.changed)
        })
}

proptest! {
    // 200 cases in the suite; PROPTEST_CASES=... for a longer run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(200),
        ..ProptestConfig::default()
    })]


    #[test]
    fn the_record_names_exactly_the_sections_that_changed(
        old in policy(),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let mut new = old.clone();
        let mut fresh = 0;
        for e in &edits {
            apply(&mut new, e, &mut fresh);
        }
        let (old_t, new_t) = (texts(&old), texts(&new));
        let result = compare(&view(&old_t), &view(&new_t), &[]);
        let named: BTreeSet<&str> = result.changes.iter().map(|c| c.section.id.as_str()).collect();

        let find = |t: &[(String, String, String, usize, Option<String>)], id: &str| {
            t.iter().position(|s| s.0 == id)
        };
        let mut differs: BTreeSet<&str> = BTreeSet::new();
        let mut placed: BTreeSet<&str> = BTreeSet::new();
        let common_old: Vec<&str> = old_t.iter().map(|s| s.0.as_str()).filter(|id| find(&new_t, id).is_some()).collect();
        let common_new: Vec<&str> = new_t.iter().map(|s| s.0.as_str()).filter(|id| find(&old_t, id).is_some()).collect();
        for (i, o) in old_t.iter().enumerate() {
            match find(&new_t, &o.0) {
                None => { differs.insert(&o.0); }
                Some(j) => {
                    let n = &new_t[j];
                    if o.1 != n.1 || o.2 != n.2 {
                        differs.insert(&o.0);
                    }
                    let _ = i;
                    let moved = o.4 != n.4
                        || common_old.iter().position(|c| *c == o.0) != common_new.iter().position(|c| *c == o.0);
                    if moved {
                        placed.insert(&o.0);
                    }
                }
            }
        }
        for n in &new_t {
            if find(&old_t, &n.0).is_none() {
                differs.insert(&n.0);
            }
        }
        // Every section whose text differs is named ...
        prop_assert!(differs.is_subset(&named), "not named: {:?}\nrecord: {:#?}", differs.difference(&named).collect::<Vec<_>>(), result.changes);
        // ... and every section named differs or moved.
        let allowed: BTreeSet<&str> = differs.union(&placed).copied().collect();
        prop_assert!(named.is_subset(&allowed), "named without a change: {:?}\nrecord: {:#?}", named.difference(&allowed).collect::<Vec<_>>(), result.changes);
        // The words a reader sees changed: the version is at least minor
        // (section by section; a section moved elsewhere is cosmetic).
        type Seen = std::collections::BTreeMap<String, (String, Vec<String>)>;
        let seen = |t: &[(String, String, String, usize, Option<String>)]| -> Seen {
            t.iter()
                .map(|s| {
                    let words = crate::markdown::blocks(&s.2)
                        .iter()
                        .flat_map(|b| crate::diff::words::word_keys(&b.text))
                        .collect();
                    (s.0.clone(), (crate::diff::words::word_keys(&s.1).join(" "), words))
                })
                .collect()
        };
        if seen(&old_t) != seen(&new_t) {
            prop_assert!(result.level >= crate::diff::Level::Minor, "words changed, level {:?}: {:#?}", result.level, result.changes);
        }
        // Each named section is open in the redline, and shows its change
        // (a change of spacing alone has nothing to show but is open).
        for id in &named {
            let section = result.sections.iter().find(|s| s.id == *id);
            prop_assert!(section.is_some_and(|s| s.status != SectionStatus::Unchanged), "{id} folded");
            let spacing_only = match (find(&old_t, id), find(&new_t, id)) {
                (Some(a), Some(b)) => {
                    let squash = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
                    old_t[a].1 == new_t[b].1 && squash(&old_t[a].2) == squash(&new_t[b].2)
                }
                _ => false,
            };
            prop_assert!(
                spacing_only || marked(&result, id),
                "{id} not marked: {:#?}\nold: {old_t:?}\nnew: {new_t:?}",
                result.sections.iter().find(|s| s.id == *id)
            );
        }
    }
}
