//! The classification rules of the contract, as pure functions: given what
//! changed, how much it matters. No diffing happens here.

use super::words::Hunk;

/// How much a change matters, from nothing to material. Ordered: a version's
/// level is the highest of its changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Nothing changed.
    None,
    /// Only whitespace, case, punctuation, Markdown formatting or section order.
    Cosmetic,
    /// Spelling-level word changes, section titles, or anything in a `material: false` section.
    Minor,
    /// Anything else: it changes what the policy says.
    Material,
}

impl Level {
    /// The level as a word.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Cosmetic => "cosmetic",
            Level::Minor => "minor",
            Level::Material => "material",
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a word is protected: a change touching it is material even at
/// spelling level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Protected {
    /// Any number.
    Number,
    /// `not`, `no`, `never`, `none`, `nor`, `without`, or a word with `n't`.
    Negation,
    /// `may`, `will`, `shall`, `must`, `can`, `might`, `would`, `should`.
    Modal,
    /// A word of the policy's `material_words`.
    MaterialWord,
}

impl Protected {
    /// The kind of word, for reasons ("negation").
    pub fn describe(self) -> &'static str {
        match self {
            Protected::Number => "number",
            Protected::Negation => "negation",
            Protected::Modal => "modal verb",
            Protected::MaterialWord => "material word",
        }
    }
}

const NEGATIONS: &[&str] = &["not", "no", "never", "none", "nor", "without"];
const MODALS: &[&str] = &[
    "may", "will", "shall", "must", "can", "might", "would", "should",
];

/// Whether a normalized word is protected, and why.
pub fn protected(word: &str, material_words: &[String]) -> Option<Protected> {
    if word.chars().any(|c| c.is_numeric()) {
        Some(Protected::Number)
    } else if NEGATIONS.contains(&word) || word.ends_with("n't") || word.contains("n't") {
        Some(Protected::Negation)
    } else if MODALS.contains(&word) {
        Some(Protected::Modal)
    } else if material_words.iter().any(|m| m == word) {
        Some(Protected::MaterialWord)
    } else {
        None
    }
}

/// The largest edit distance at which replacing one word by another is a
/// spelling correction.
pub const SPELLING_DISTANCE: usize = 2;

/// Whether words were added, removed, or replaced by others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Edit {
    /// Only new words.
    Added,
    /// Only words taken out.
    Removed,
    /// Words replaced by others.
    Replaced,
}

impl Edit {
    /// The edit for a change with (any) old and new words.
    pub fn of(old: bool, new: bool) -> Self {
        match (old, new) {
            (false, _) => Edit::Added,
            (_, false) => Edit::Removed,
            _ => Edit::Replaced,
        }
    }
}

/// Whether replacing the word `old` by `new` is a spelling correction:
/// within [`SPELLING_DISTANCE`] edits, and not every letter replaced (a
/// word of one character, as a Chinese character is, replaced by another
/// is another word).
pub fn spelling_pair(old: &str, new: &str) -> bool {
    let distance = strsim::levenshtein(old, new);
    distance <= SPELLING_DISTANCE && distance < old.chars().count().max(new.chars().count())
}

/// What a hunk of word changes amounts to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HunkClass {
    /// Every word changed is replaced by one word at spelling distance,
    /// and no protected word is touched.
    Spelling,
    /// A protected word was touched.
    Protected {
        /// The kind that matters most among the protected words touched
        /// (a negation before a number, a number before a modal verb).
        kind: Protected,
        /// The first word of that kind.
        word: String,
        /// Whether words of that kind were added, removed, or are on both
        /// sides (`90` -> `30`: a number changed).
        edit: Edit,
    },
    /// Words added, removed or replaced beyond spelling level.
    Wording(Edit),
}

/// Classifies one hunk of word changes (see [`HunkClass`]).
pub fn classify_hunk(hunk: &Hunk, material_words: &[String]) -> HunkClass {
    let kinds = |words: &[String]| -> Vec<(Protected, String)> {
        words
            .iter()
            .filter_map(|w| protected(w, material_words).map(|p| (p, w.clone())))
            .collect()
    };
    let (old, new) = (kinds(&hunk.old_words), kinds(&hunk.new_words));
    let priority = [
        Protected::Negation,
        Protected::Number,
        Protected::Modal,
        Protected::MaterialWord,
    ];
    if let Some(kind) = priority
        .into_iter()
        .find(|k| old.iter().chain(&new).any(|(p, _)| p == k))
    {
        let on = |side: &[(Protected, String)]| side.iter().any(|(p, _)| *p == kind);
        let word = old
            .iter()
            .chain(&new)
            .find(|(p, _)| *p == kind)
            .map(|(_, w)| w.clone())
            .unwrap_or_default();
        return HunkClass::Protected {
            kind,
            word,
            edit: Edit::of(on(&old), on(&new)),
        };
    }
    // Each run of changed words replaces as many words, each at spelling
    // distance of the one it replaces ("recieve adress" -> "receive
    // address" is two spelling fixes side by side).
    let spelling = !hunk.parts.is_empty()
        && hunk.parts.iter().all(|(o, n)| {
            !o.is_empty() && o.len() == n.len() && o.iter().zip(n).all(|(o, n)| spelling_pair(o, n))
        });
    if spelling {
        HunkClass::Spelling
    } else {
        HunkClass::Wording(Edit::of(
            !hunk.old_words.is_empty(),
            !hunk.new_words.is_empty(),
        ))
    }
}

/// The level of a hunk in a section that is material or not.
pub fn hunk_level(class: &HunkClass, material_section: bool) -> Level {
    match class {
        _ if !material_section => Level::Minor,
        HunkClass::Spelling => Level::Minor,
        HunkClass::Protected { .. } | HunkClass::Wording(_) => Level::Material,
    }
}

/// The level of a structural change (a section or block added, removed) in a
/// material section or not.
pub fn structural_level(material_section: bool) -> Level {
    if material_section {
        Level::Material
    } else {
        Level::Minor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(words: &[&str]) -> Vec<String> {
        words.iter().map(|s| (*s).to_owned()).collect()
    }

    fn hunk(old: &[&str], new: &[&str]) -> Hunk {
        Hunk {
            old_words: words(old),
            new_words: words(new),
            old_text: old.join(" "),
            new_text: new.join(" "),
            parts: vec![(words(old), words(new))],
        }
    }

    #[test]
    fn protected_words() {
        let extra = vec!["sell".to_owned()];
        for (word, kind) in [
            ("90", Protected::Number),
            ("2nd", Protected::Number),
            ("not", Protected::Negation),
            ("don't", Protected::Negation),
            ("won't", Protected::Negation),
            ("nor", Protected::Negation),
            ("without", Protected::Negation),
            ("may", Protected::Modal),
            ("should", Protected::Modal),
            ("sell", Protected::MaterialWord),
        ] {
            assert_eq!(protected(word, &extra), Some(kind), "{word}");
        }
        for word in ["now", "note", "know", "nothing", "mayor", "sells", "data"] {
            assert_eq!(protected(word, &extra), None, "{word}");
        }
    }

    #[test]
    fn spelling_level_is_one_word_for_one_within_distance_two() {
        for (old, new) in [
            ("easer", "easier"),
            ("recieve", "receive"),
            ("colour", "color"),
        ] {
            assert_eq!(
                classify_hunk(&hunk(&[old], &[new]), &[]),
                HunkClass::Spelling,
                "{old} -> {new}"
            );
        }
        assert_eq!(
            classify_hunk(&hunk(&["cat"], &["dog"]), &[]),
            HunkClass::Wording(Edit::Replaced),
            "distance 3"
        );
        assert_eq!(
            classify_hunk(&hunk(&["recieve", "adress"], &["receive"]), &[]),
            HunkClass::Wording(Edit::Replaced),
            "two words for one"
        );
        assert_eq!(
            classify_hunk(&hunk(&["收"], &["出"]), &[]),
            HunkClass::Wording(Edit::Replaced),
            "one character for another is another word"
        );
        assert_eq!(
            classify_hunk(&hunk(&[], &["also"]), &[]),
            HunkClass::Wording(Edit::Added)
        );
    }

    #[test]
    fn spelling_fixes_grouped_into_one_phrase_stay_spelling() {
        let grouped = Hunk {
            old_words: words(&["teh", "dgo"]),
            new_words: words(&["the", "dog"]),
            old_text: "teh big dgo".into(),
            new_text: "the big dog".into(),
            parts: vec![
                (words(&["teh"]), words(&["the"])),
                (words(&["dgo"]), words(&["dog"])),
            ],
        };
        assert_eq!(classify_hunk(&grouped, &[]), HunkClass::Spelling);
    }

    #[test]
    fn a_protected_word_makes_spelling_material() {
        assert_eq!(
            classify_hunk(&hunk(&["not"], &["now"]), &[]),
            HunkClass::Protected {
                kind: Protected::Negation,
                word: "not".into(),
                edit: Edit::Removed
            }
        );
        let number = classify_hunk(&hunk(&["90"], &["30"]), &[]);
        assert_eq!(
            number,
            HunkClass::Protected {
                kind: Protected::Number,
                word: "90".into(),
                edit: Edit::Replaced
            }
        );
        assert_eq!(hunk_level(&number, true), Level::Material);
        assert_eq!(
            hunk_level(&HunkClass::Wording(Edit::Replaced), false),
            Level::Minor,
            "material: false"
        );
    }

    #[test]
    fn the_edit_is_what_happened_to_the_protected_words() {
        // "until you delete" -> "12 months after you delete": a number added.
        assert_eq!(
            classify_hunk(&hunk(&["until"], &["12", "months", "after"]), &[]),
            HunkClass::Protected {
                kind: Protected::Number,
                word: "12".into(),
                edit: Edit::Added
            }
        );
        // A negation outranks the modal verbs around it.
        assert_eq!(
            classify_hunk(&hunk(&["may"], &["will", "not"]), &[]),
            HunkClass::Protected {
                kind: Protected::Negation,
                word: "not".into(),
                edit: Edit::Added
            }
        );
    }
}
