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
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
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

/// What a hunk of word changes amounts to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HunkClass {
    /// One word replaced by one word at spelling distance, no protected word.
    Spelling,
    /// A protected word was touched; the first one found, on the old or new side.
    Protected(Protected, String),
    /// Words added, removed or replaced beyond spelling level.
    Wording,
}

/// Classifies one hunk of word changes (see [`HunkClass`]).
pub fn classify_hunk(hunk: &Hunk, material_words: &[String]) -> HunkClass {
    let touched = hunk.old_words.iter().chain(&hunk.new_words);
    if let Some((kind, word)) = touched
        .filter_map(|w| protected(w, material_words).map(|p| (p, w)))
        .next()
    {
        return HunkClass::Protected(kind, word.clone());
    }
    match (hunk.old_words.as_slice(), hunk.new_words.as_slice()) {
        ([old], [new]) if strsim::levenshtein(old, new) <= SPELLING_DISTANCE => HunkClass::Spelling,
        _ => HunkClass::Wording,
    }
}

/// The level of a hunk in a section that is material or not.
pub fn hunk_level(class: &HunkClass, material_section: bool) -> Level {
    match class {
        _ if !material_section => Level::Minor,
        HunkClass::Spelling => Level::Minor,
        HunkClass::Protected(..) | HunkClass::Wording => Level::Material,
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

    fn hunk(old: &[&str], new: &[&str]) -> Hunk {
        Hunk {
            old_words: old.iter().map(|s| (*s).to_owned()).collect(),
            new_words: new.iter().map(|s| (*s).to_owned()).collect(),
            old_text: old.join(" "),
            new_text: new.join(" "),
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
        assert_eq!(
            classify_hunk(&hunk(&["easer"], &["easier"]), &[]),
            HunkClass::Spelling
        );
        assert_eq!(
            classify_hunk(&hunk(&["recieve"], &["receive"]), &[]),
            HunkClass::Spelling
        );
        assert_eq!(
            classify_hunk(&hunk(&["colour"], &["color"]), &[]),
            HunkClass::Spelling
        );
        assert_eq!(
            classify_hunk(&hunk(&["cat"], &["dog"]), &[]),
            HunkClass::Wording,
            "distance 3"
        );
        assert_eq!(
            classify_hunk(&hunk(&["a", "b"], &["a", "c"]), &[]),
            HunkClass::Wording
        );
        assert_eq!(
            classify_hunk(&hunk(&[], &["also"]), &[]),
            HunkClass::Wording
        );
    }

    #[test]
    fn a_protected_word_makes_spelling_material() {
        assert_eq!(
            classify_hunk(&hunk(&["not"], &["now"]), &[]),
            HunkClass::Protected(Protected::Negation, "not".into())
        );
        assert_eq!(
            classify_hunk(&hunk(&["90"], &["30"]), &[]),
            HunkClass::Protected(Protected::Number, "90".into())
        );
        assert_eq!(
            hunk_level(&HunkClass::Protected(Protected::Number, "90".into()), true),
            Level::Material
        );
        assert_eq!(
            hunk_level(&HunkClass::Wording, false),
            Level::Minor,
            "material: false"
        );
    }
}
