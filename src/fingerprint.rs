//! One number for a value, to tell whether something a cache holds was made
//! from the same inputs. foldhash's quality hasher with a fixed seed: the
//! same within a run (and across runs of one binary), which is all a cache
//! in memory needs, and several times faster than `std`'s SipHash on long
//! texts (every version file and every body is fingerprinted while loading).

use std::hash::{BuildHasher, Hash};

use foldhash::quality::FixedState;

/// A hasher that gives fingerprints: feed it values and `finish` it.
pub type Hasher = foldhash::quality::FoldHasher<'static>;

/// The fixed seed (any number; fixed so that fingerprints do not change
/// from one hasher to the next).
const SEED: u64 = 0x7072_6976_7369_7465;

/// A new [`Hasher`].
pub fn hasher() -> Hasher {
    FixedState::with_seed(SEED).build_hasher()
}

/// The fingerprint of `value`.
pub fn of(value: &impl Hash) -> u64 {
    FixedState::with_seed(SEED).hash_one(value)
}

#[cfg(test)]
mod tests {
    use std::hash::Hasher as _;

    use super::*;

    #[test]
    fn the_same_value_has_the_same_fingerprint_and_others_differ() {
        assert_eq!(of(&"a text"), of(&String::from("a text")));
        let mut hasher = hasher();
        "a text".hash(&mut hasher);
        assert_eq!(hasher.finish(), of(&"a text"));
        // Texts that differ by one byte anywhere, or by where a string ends
        // in a tuple, differ.
        let long = "word ".repeat(4_000);
        let mut fingerprints = std::collections::HashSet::new();
        for i in 0..long.len() {
            let mut changed = long.clone().into_bytes();
            changed[i] = b'x';
            assert!(fingerprints.insert(of(&changed)));
        }
        assert!(fingerprints.insert(of(&long)));
        assert_ne!(of(&("ab", "c")), of(&("a", "bc")));
    }
}
