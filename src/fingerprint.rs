//! One number for a value, to tell whether something a cache holds was made
//! from the same inputs (`std`'s SipHash with fixed keys: the same within a
//! run, which is all a cache in memory needs).

use std::hash::{DefaultHasher, Hash, Hasher};

/// The fingerprint of `value`.
pub fn of(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}
