//! One copy of each text a policy's versions hold.
//!
//! A policy's history repeats most of its text: a new version changes a
//! sentence or two and carries every other section, in every language, as
//! it was. Read file by file, each version would hold its own copy of all
//! of it, and a long history would cost memory for every version times
//! every language. The versions read together share one [`Text`] for each
//! distinct body instead, so memory grows with what changed; and two bodies
//! that are the same are then one allocation, which comparing them sees
//! before it reads a byte.

use std::collections::HashSet;
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex, PoisonError};

use rustc_hash::FxBuildHasher;

use crate::model::{Section, Text, Version};

/// How many locks the texts are spread over, so that versions read on
/// several threads seldom wait for each other.
const SHARDS: usize = 16;

/// The texts of the versions read so far in one reading of a policy.
#[derive(Debug, Default)]
pub(super) struct SharedTexts {
    shards: [Mutex<HashSet<Text, FxBuildHasher>>; SHARDS],
}

impl SharedTexts {
    /// Replaces every body of `version` (its sections' and its
    /// translations') with the copy already kept, keeping those seen for
    /// the first time.
    pub(super) fn share(&self, version: &mut Version) {
        fn walk(texts: &SharedTexts, sections: &mut [Section]) {
            for section in sections {
                texts.one(&mut section.body);
                walk(texts, &mut section.sections);
            }
        }
        walk(self, &mut version.source.sections);
        for translation in version.translations.values_mut() {
            for section in translation.sections.values_mut() {
                if let Some(body) = &mut section.body {
                    self.one(body);
                }
            }
        }
    }

    fn one(&self, text: &mut Text) {
        let shard = FxBuildHasher.hash_one(&**text) as usize % SHARDS;
        let mut kept = self.shards[shard]
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match kept.get(&**text) {
            Some(same) => *text = Arc::clone(same),
            None => {
                kept.insert(Arc::clone(text));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::source::{Files, SourceTree};

    /// Every body of the feature corpus that two versions of a policy have
    /// in common is one allocation; bodies that differ are not.
    #[test]
    fn versions_share_the_bodies_they_have_in_common() {
        let files =
            Files::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/features"));
        let mut diagnostics = Diagnostics::new();
        let tree = SourceTree::from_files(&files, &mut diagnostics);
        let site = crate::model::load(tree, &mut diagnostics).expect("the corpus loads");
        let (mut shared, mut apart) = (0, 0);
        for policy in &site.policies {
            let bodies: Vec<&Text> = policy
                .versions
                .iter()
                .flat_map(|v| {
                    let translated = v
                        .translations
                        .values()
                        .flat_map(|t| t.sections.values().filter_map(|s| s.body.as_ref()));
                    v.sections_flat()
                        .into_iter()
                        .map(|(_, s)| &s.body)
                        .chain(translated)
                        .collect::<Vec<_>>()
                })
                .collect();
            for (i, a) in bodies.iter().enumerate() {
                for b in &bodies[i + 1..] {
                    if a == b {
                        assert!(Arc::ptr_eq(a, b), "{a:?} is held twice");
                        shared += 1;
                    } else {
                        assert!(!Arc::ptr_eq(a, b));
                        apart += 1;
                    }
                }
            }
        }
        assert!(shared > 10 && apart > 10, "{shared} shared, {apart} apart");
    }
}
