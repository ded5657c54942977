//! Words: splitting text into tokens that diff well (Unicode word boundaries,
//! so text without spaces, such as Chinese or Japanese, splits into its
//! characters), normalizing them so that case and punctuation never count as
//! a change of words, and diffing two texts token by token.

use std::borrow::Cow;

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

/// One place where the words of two texts differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    /// The normalized words removed.
    pub old_words: Vec<String>,
    /// The normalized words added.
    pub new_words: Vec<String>,
    /// The old text of the place, as written (with the word before it when
    /// only words were added or only removed, so the place reads on its own).
    pub old_text: String,
    /// The new text of the place, as written (likewise).
    pub new_text: String,
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

/// Compares two tokenized texts word by word (see [`diff`]).
pub fn diff_tokens(old_tokens: &[Token<'_>], new_tokens: &[Token<'_>]) -> WordDiff {
    // Diff on the exact tokens for the redline ...
    let old_texts: Vec<&str> = old_tokens.iter().map(|t| t.text).collect();
    let new_texts: Vec<&str> = new_tokens.iter().map(|t| t.text).collect();
    let mut segments: Vec<Segment> = Vec::new();
    // Which tokens of each side are not in the other.
    let mut old_changed = vec![false; old_tokens.len()];
    let mut new_changed = vec![false; new_tokens.len()];
    for op in capture_diff_slices(Algorithm::Myers, &old_texts, &new_texts) {
        let (old_range, new_range) = (op.old_range(), op.new_range());
        if op.tag() != DiffTag::Equal {
            old_changed[old_range.clone()]
                .iter_mut()
                .for_each(|c| *c = true);
            new_changed[new_range.clone()]
                .iter_mut()
                .for_each(|c| *c = true);
        }
        match op.tag() {
            DiffTag::Equal => push(&mut segments, Tag::Equal, &old_texts[old_range]),
            DiffTag::Delete => push(&mut segments, Tag::Delete, &old_texts[old_range]),
            DiffTag::Insert => push(&mut segments, Tag::Insert, &new_texts[new_range]),
            DiffTag::Replace => {
                push(&mut segments, Tag::Delete, &old_texts[old_range]);
                push(&mut segments, Tag::Insert, &new_texts[new_range]);
            }
        }
    }
    // ... and on the normalized words alone for what changed in meaning.
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
    let mut hunks = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
        if op.tag() == DiffTag::Equal {
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        // The written text spanning the changed words, from the first to the last.
        let span = |words: &[(usize, &Token<'_>)],
                    tokens: &[Token<'_>],
                    changed: &[bool],
                    range: std::ops::Range<usize>,
                    anchor: Option<usize>| {
            let first = anchor.or_else(|| words.get(range.start).map(|(i, _)| *i));
            let last = range
                .end
                .checked_sub(1)
                .and_then(|i| words.get(i))
                .map(|(i, _)| *i)
                .or(anchor);
            match (first, last) {
                (Some(a), Some(mut b)) if a <= b => {
                    // Changed punctuation written against the last word belongs to it ("Inc.").
                    while tokens
                        .get(b + 1)
                        .is_some_and(|t| !t.is_word() && !t.text.trim().is_empty())
                        && changed[b + 1]
                    {
                        b += 1;
                    }
                    tokens[a..=b].iter().map(|t| t.text).collect::<String>()
                }
                _ => String::new(),
            }
        };
        // When one side is empty, show the word before the change on both sides.
        let (old_anchor, new_anchor) = if o.is_empty() || n.is_empty() {
            match (o.start.checked_sub(1), n.start.checked_sub(1)) {
                (Some(a), Some(b)) => (Some(old_words[a].0), Some(new_words[b].0)),
                _ => (None, None),
            }
        } else {
            (None, None)
        };
        hunks.push(Hunk {
            old_words: old_keys[o.clone()]
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            new_words: new_keys[n.clone()]
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            old_text: span(&old_words, old_tokens, &old_changed, o, old_anchor),
            new_text: span(&new_words, new_tokens, &new_changed, n, new_anchor),
        });
    }
    WordDiff { segments, hunks }
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
