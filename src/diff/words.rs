//! Words: splitting text into tokens that diff well (Unicode word boundaries,
//! so text without spaces, such as Chinese or Japanese, splits into its
//! characters), normalizing them so that case and punctuation never count as
//! a change of words, and diffing two texts token by token.

use std::borrow::Cow;
use std::ops::Range;

use similar::{Algorithm, DiffTag, capture_diff_slices};
use unicode_segmentation::UnicodeSegmentation;

/// One token of a text: a word, a run of whitespace or a punctuation mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// The token exactly as written.
    pub text: &'a str,
    /// Its normalized form (lowercased); empty for whitespace and punctuation.
    pub key: Cow<'a, str>,
}

impl Token<'_> {
    /// Whether the token is a word (has letters or digits).
    pub fn is_word(&self) -> bool {
        !self.key.is_empty()
    }
}

/// Splits `text` into tokens; concatenating their `text` gives `text` back.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    text.split_word_bounds()
        .map(|piece| Token {
            text: piece,
            key: if piece.chars().any(char::is_alphanumeric) {
                normalize(piece)
            } else {
                Cow::Borrowed("")
            },
        })
        .collect()
}

/// The comparison form of a word: lowercase, with typographic apostrophes
/// made plain so `don’t` and `don't` are the same word.
pub fn normalize(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        return if word.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(word.to_ascii_lowercase())
        } else {
            Cow::Borrowed(word)
        };
    }
    Cow::Owned(
        word.chars()
            .map(|c| {
                if matches!(c, '’' | 'ʼ' | '‘') {
                    '\''
                } else {
                    c
                }
            })
            .flat_map(char::to_lowercase)
            .collect(),
    )
}

/// The normalized words of a text, in order: equal lists mean that only
/// whitespace, case or punctuation differ.
pub fn word_keys(text: &str) -> Vec<String> {
    tokenize(text)
        .into_iter()
        .filter(Token::is_word)
        .map(|t| t.key.into_owned())
        .collect()
}

/// How many words a text has (whitespace and punctuation are not words).
pub fn count_words(text: &str) -> usize {
    text.split_word_bounds()
        .filter(|piece| piece.chars().any(char::is_alphanumeric))
        .count()
}

/// How a piece of a redline relates the two texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tag {
    /// In both texts.
    Equal,
    /// Only in the new text.
    Insert,
    /// Only in the old text.
    Delete,
}

/// A run of text of one tag.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Segment {
    /// Equal, inserted or deleted.
    pub tag: Tag,
    /// The text.
    pub text: String,
}

/// One place where the words of two texts differ: a rewritten phrase, read
/// as one change. Its `parts` are the runs of words the comparison found
/// changed (a phrase rewritten around a kept word has two), so that the
/// rules can still judge each one: two spelling fixes next to each other
/// stay spelling fixes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    /// The normalized words removed (of every part).
    pub old_words: Vec<String>,
    /// The normalized words added (of every part).
    pub new_words: Vec<String>,
    /// The old text of the place, as written (with the word before it when
    /// only words were added or only removed, so the place reads on its own).
    pub old_text: String,
    /// The new text of the place, as written (likewise).
    pub new_text: String,
    /// The runs of changed words: (removed, added) normalized words.
    pub parts: Vec<(Vec<String>, Vec<String>)>,
}

/// The word-level comparison of two texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordDiff {
    /// The redline: equal, deleted and inserted runs in reading order. The
    /// equal and deleted runs give the old text; equal and inserted, the new.
    pub segments: Vec<Segment>,
    /// Where words changed (punctuation, case and whitespace are not words).
    pub hunks: Vec<Hunk>,
}

/// Compares two texts word by word.
pub fn diff(old: &str, new: &str) -> WordDiff {
    diff_tokens(&tokenize(old), &tokenize(new))
}

/// A stretch of a comparison: the same on both sides, or changed. Ranges
/// index the two compared sequences.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Run {
    Equal(Range<usize>, Range<usize>),
    Changed {
        old: Range<usize>,
        new: Range<usize>,
        /// The changes merged into this one, in order.
        parts: Vec<(Range<usize>, Range<usize>)>,
    },
}

/// The runs of a diff, with changes separated by short equal stretches
/// merged into one, the way good redline tools clean up a word diff: an
/// equal stretch between two changes is shown as part of them when it has
/// no more words than either change has on its larger side. A rewritten
/// phrase then reads as one deletion and one insertion instead of
/// alternating single words; no changed word is hidden, some kept words are
/// shown as deleted and inserted again. `weight` counts the words in a
/// range of each side (whitespace and punctuation weigh nothing).
fn grouped_runs(
    ops: &[similar::DiffOp],
    weight_old: &dyn Fn(Range<usize>) -> usize,
    weight_new: &dyn Fn(Range<usize>) -> usize,
) -> Vec<Run> {
    let size = |old: &Range<usize>, new: &Range<usize>| {
        weight_old(old.clone()).max(weight_new(new.clone()))
    };
    let mut runs: Vec<Run> = Vec::with_capacity(ops.len());
    for op in ops {
        let (o, n) = (op.old_range(), op.new_range());
        if op.tag() == DiffTag::Equal {
            runs.push(Run::Equal(o, n));
            continue;
        }
        // Adjacent changes (a deletion then an insertion) are one change.
        if let Some(Run::Changed { old, new, parts }) = runs.last_mut() {
            old.end = o.end;
            new.end = n.end;
            if let Some(last) = parts.last_mut() {
                last.0.end = o.end;
                last.1.end = n.end;
            }
        } else {
            runs.push(Run::Changed {
                old: o.clone(),
                new: n.clone(),
                parts: vec![(o, n)],
            });
        }
        // Merge backwards while the equal stretch before is short enough.
        while let [
            ..,
            Run::Changed {
                old: lo, new: ln, ..
            },
            Run::Equal(eo, en),
            Run::Changed {
                old: ro, new: rn, ..
            },
        ] = runs.as_slice()
        {
            let kept = weight_old(eo.clone()).max(weight_new(en.clone()));
            if kept > size(lo, ln) || kept > size(ro, rn) {
                break;
            }
            let Some(Run::Changed {
                old: ro,
                new: rn,
                parts: rparts,
            }) = runs.pop()
            else {
                unreachable!("matched above")
            };
            runs.pop();
            if let Some(Run::Changed { old, new, parts }) = runs.last_mut() {
                old.end = ro.end;
                new.end = rn.end;
                parts.extend(rparts);
            }
        }
    }
    runs
}

/// Compares two tokenized texts word by word (see [`diff`]).
pub fn diff_tokens(old_tokens: &[Token<'_>], new_tokens: &[Token<'_>]) -> WordDiff {
    let old_texts: Vec<&str> = old_tokens.iter().map(|t| t.text).collect();
    let new_texts: Vec<&str> = new_tokens.iter().map(|t| t.text).collect();
    let ops = capture_diff_slices(Algorithm::Myers, &old_texts, &new_texts);
    // Which tokens of each side are not in the other, exactly as written.
    let mut old_changed = vec![false; old_tokens.len()];
    let mut new_changed = vec![false; new_tokens.len()];
    for op in ops.iter().filter(|op| op.tag() != DiffTag::Equal) {
        old_changed[op.old_range()]
            .iter_mut()
            .for_each(|c| *c = true);
        new_changed[op.new_range()]
            .iter_mut()
            .for_each(|c| *c = true);
    }
    WordDiff {
        segments: segments(old_tokens, new_tokens, (&old_texts, &new_texts), &ops),
        hunks: hunks((old_tokens, &old_changed), (new_tokens, &new_changed)),
    }
}

/// The redline of two tokenized texts, on the exact tokens (so that case and
/// punctuation changes show), with rewritten phrases grouped.
fn segments(
    old_tokens: &[Token<'_>],
    new_tokens: &[Token<'_>],
    (old_texts, new_texts): (&[&str], &[&str]),
    ops: &[similar::DiffOp],
) -> Vec<Segment> {
    let words = |tokens: &[Token<'_>], range: Range<usize>| {
        tokens[range].iter().filter(|t| t.is_word()).count()
    };
    let runs = grouped_runs(ops, &|r| words(old_tokens, r), &|r| words(new_tokens, r));
    let mut segments: Vec<Segment> = Vec::new();
    for run in runs {
        match run {
            Run::Equal(o, _) => push(&mut segments, Tag::Equal, &old_texts[o]),
            Run::Changed { old, new, .. } => {
                push(&mut segments, Tag::Delete, &old_texts[old]);
                push(&mut segments, Tag::Insert, &new_texts[new]);
            }
        }
    }
    segments
}

/// Where the words of two tokenized texts differ, on the normalized words
/// alone (case and punctuation are not words), grouped as the redline is.
/// `*_changed` mark the tokens that differ as written.
fn hunks(
    (old_tokens, old_changed): (&[Token<'_>], &[bool]),
    (new_tokens, new_changed): (&[Token<'_>], &[bool]),
) -> Vec<Hunk> {
    let old_words: Vec<(usize, &Token<'_>)> = old_tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_word())
        .collect();
    let new_words: Vec<(usize, &Token<'_>)> = new_tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_word())
        .collect();
    let old_keys: Vec<&str> = old_words.iter().map(|(_, t)| t.key.as_ref()).collect();
    let new_keys: Vec<&str> = new_words.iter().map(|(_, t)| t.key.as_ref()).collect();
    let ops = capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys);
    let runs = grouped_runs(&ops, &|r| r.len(), &|r| r.len());
    // The written text of a side from its first changed word to its last,
    // with changed punctuation written against the last word ("Inc.").
    let span = |words: &[(usize, &Token<'_>)],
                (tokens, changed): (&[Token<'_>], &[bool]),
                first: usize,
                last: usize| {
        let (a, mut b) = (words[first].0, words[last].0);
        while tokens
            .get(b + 1)
            .is_some_and(|t| !t.is_word() && !t.text.trim().is_empty())
            && changed[b + 1]
        {
            b += 1;
        }
        tokens[a..=b].iter().map(|t| t.text).collect::<String>()
    };
    let (old_side, new_side) = ((old_tokens, old_changed), (new_tokens, new_changed));
    let mut hunks = Vec::new();
    for run in runs {
        let Run::Changed { old, new, parts } = run else {
            continue;
        };
        let changed = |keys: &[&str], ranges: &mut dyn Iterator<Item = Range<usize>>| {
            ranges
                .flat_map(|r| keys[r].iter().map(|k| (*k).to_owned()))
                .collect::<Vec<String>>()
        };
        // When one side has no words, the place reads with the word before it.
        let anchors = if old.is_empty() || new.is_empty() {
            old.start.checked_sub(1).zip(new.start.checked_sub(1))
        } else {
            None
        };
        let text = |words: &[(usize, &Token<'_>)], side, range: &Range<usize>, anchor: Option<usize>| {
            match (anchor, range.end.checked_sub(1)) {
                (Some(a), last) => span(words, side, a, last.unwrap_or(a).max(a)),
                (None, Some(last)) if !range.is_empty() => span(words, side, range.start, last),
                _ => String::new(),
            }
        };
        let old_text = text(&old_words, old_side, &old, anchors.map(|a| a.0));
        let new_text = text(&new_words, new_side, &new, anchors.map(|a| a.1));
        hunks.push(Hunk {
            old_words: changed(&old_keys, &mut parts.iter().map(|p| p.0.clone())),
            new_words: changed(&new_keys, &mut parts.iter().map(|p| p.1.clone())),
            old_text,
            new_text,
            parts: parts
                .iter()
                .map(|(o, n)| {
                    (
                        old_keys[o.clone()]
                            .iter()
                            .map(|k| (*k).to_owned())
                            .collect(),
                        new_keys[n.clone()]
                            .iter()
                            .map(|k| (*k).to_owned())
                            .collect(),
                    )
                })
                .collect(),
        });
    }
    hunks
}

fn push(segments: &mut Vec<Segment>, tag: Tag, texts: &[&str]) {
    if texts.is_empty() {
        return;
    }
    match segments.last_mut() {
        Some(last) if last.tag == tag => texts.iter().for_each(|t| last.text.push_str(t)),
        _ => segments.push(Segment {
            tag,
            text: texts.concat(),
        }),
    }
}

/// The old text a redline was made from (equal and deleted runs).
pub fn old_text(segments: &[Segment]) -> String {
    segments
        .iter()
        .filter(|s| s.tag != Tag::Insert)
        .map(|s| s.text.as_str())
        .collect()
}

/// The new text a redline was made from (equal and inserted runs).
pub fn new_text(segments: &[Segment]) -> String {
    segments
        .iter()
        .filter(|s| s.tag != Tag::Delete)
        .map(|s| s.text.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_give_the_text_back() {
        let text = "We don’t sell data; see §3 (90 days).";
        assert_eq!(
            tokenize(text).iter().map(|t| t.text).collect::<String>(),
            text
        );
        assert_eq!(
            word_keys(text),
            ["we", "don't", "sell", "data", "see", "3", "90", "days"]
        );
    }

    #[test]
    fn text_without_spaces_splits_into_characters() {
        assert_eq!(
            word_keys("我们收集数据"),
            ["我", "们", "收", "集", "数", "据"]
        );
        assert_eq!(
            word_keys("個人情報を収集"),
            ["個", "人", "情", "報", "を", "収", "集"]
        );
    }

    #[test]
    fn case_and_punctuation_are_not_word_changes() {
        let d = diff("We collect data.", "we collect DATA!");
        assert!(d.hunks.is_empty());
        assert_ne!(
            d.segments.len(),
            1,
            "the redline still shows the exact change"
        );
    }

    #[test]
    fn a_replacement_is_one_hunk() {
        let d = diff(
            "It makes it easer to follow.",
            "It makes it easier to follow.",
        );
        assert_eq!(d.hunks.len(), 1);
        assert_eq!(d.hunks[0].old_words, ["easer"]);
        assert_eq!(d.hunks[0].new_words, ["easier"]);
        assert_eq!(d.hunks[0].old_text, "easer");
    }

    #[test]
    fn an_insertion_reads_with_the_word_before_it() {
        let d = diff(
            "Zimbra reserves the right.",
            "Zimbra, Inc. reserves the right.",
        );
        assert_eq!(d.hunks.len(), 1);
        assert_eq!(d.hunks[0].old_text, "Zimbra");
        assert_eq!(d.hunks[0].new_text, "Zimbra, Inc.");
        assert!(d.hunks[0].old_words.is_empty());
    }

    #[test]
    fn the_redline_gives_back_both_texts() {
        let (a, b) = (
            "Your IP address is used to help identify you.",
            "Your IP address is not used to identify you personally.",
        );
        let d = diff(a, b);
        assert_eq!(old_text(&d.segments), a);
        assert_eq!(new_text(&d.segments), b);
    }
}
