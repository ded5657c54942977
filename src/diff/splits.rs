//! Bodies split into blocks once: a translated text usually keeps most of
//! its sections word for word from one version to the next, and each
//! version's text is compared twice (with the one before and the one
//! after), so the change pages of a site split the same bodies many times
//! over. [`Splits`] keeps the blocks of the bodies split last, by their
//! text. It owns no policy and decides nothing: the blocks are exactly
//! [`markdown::blocks`]'s.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::markdown::{self, Block};

/// The blocks of the bodies split last, by their text.
#[derive(Debug, Default)]
pub struct Splits {
    inner: Mutex<Kept>,
}

/// Bodies with their blocks, by the fingerprint of the body (a fingerprint
/// shared by two bodies holds both).
type Kept = HashMap<u64, Vec<(Arc<str>, Arc<Vec<Block>>)>>;

impl Splits {
    /// How many bodies are kept; past it the kept ones are let go (bodies
    /// come policy by policy, so the ones split lately are the ones asked
    /// for again).
    pub const CAPACITY: usize = 4096;

    /// The blocks of `body`, split now or earlier.
    pub fn blocks(&self, body: &str) -> Arc<Vec<Block>> {
        let key = crate::fingerprint::of(&body);
        if let Some(found) = self.lock().get(&key).and_then(|bucket| {
            bucket
                .iter()
                .find(|(text, _)| &**text == body)
                .map(|(_, blocks)| Arc::clone(blocks))
        }) {
            return found;
        }
        // Split outside the lock, so that the other threads go on.
        let blocks = Arc::new(markdown::blocks(body));
        let mut inner = self.lock();
        if inner.len() >= Self::CAPACITY {
            inner.clear();
        }
        inner
            .entry(key)
            .or_default()
            .push((Arc::from(body), Arc::clone(&blocks)));
        blocks
    }

    /// How many bodies are kept.
    pub fn len(&self) -> usize {
        self.lock().values().map(Vec::len).sum()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        // Splitting happens outside the lock: the map is never half-updated.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_split_once_and_as_markdown_splits_it() {
        let splits = Splits::default();
        let body = "One.\n\n- two\n- three\n";
        let first = splits.blocks(body);
        assert_eq!(*first, markdown::blocks(body));
        let again = splits.blocks(&String::from(body));
        assert!(Arc::ptr_eq(&first, &again), "split again");
        let other = splits.blocks("Four.");
        assert_eq!(*other, markdown::blocks("Four."));
        assert_eq!(splits.len(), 2);
    }

    #[test]
    fn past_capacity_the_kept_bodies_are_let_go() {
        let splits = Splits::default();
        for i in 0..Splits::CAPACITY {
            splits.blocks(&format!("Body {i}."));
        }
        assert_eq!(splits.len(), Splits::CAPACITY);
        let last = splits.blocks("One more.");
        assert_eq!(splits.len(), 1);
        assert_eq!(*last, markdown::blocks("One more."));
    }
}
