//! Values worked out from a text, kept by the text, for work that meets the
//! same texts again and again: a policy's versions keep most sections word
//! for word, so splitting bodies into blocks or finding their links would
//! otherwise be done once per version for the same body. A [`Memo`] decides
//! nothing about what it keeps; it is bounded, and safe to share between
//! threads (the work is done outside its lock).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Values computed from texts, by the text (a fingerprint finds the text,
/// which is then compared whole, so two texts never share a value).
#[derive(Debug)]
pub struct Memo<T> {
    inner: Mutex<Kept<T>>,
}

/// Texts with their values, by the fingerprint of the text (a fingerprint
/// two texts share holds both).
type Kept<T> = HashMap<u64, Vec<(Arc<str>, Arc<T>)>>;

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo {
            inner: Mutex::new(HashMap::new()),
        }
    }
}

impl<T> Memo<T> {
    /// How many texts are kept; past it the kept ones are let go (texts
    /// come policy by policy, so the ones seen lately are the ones met
    /// again).
    pub const CAPACITY: usize = 4096;

    /// The value for `text`: kept from earlier, else `work(text)`, kept
    /// from now on.
    pub fn get_or(&self, text: &str, work: impl FnOnce(&str) -> T) -> Arc<T> {
        if let Some(found) = self.get(text) {
            return found;
        }
        self.keep(text, work(text))
    }

    /// The value kept for `text`, if any.
    pub fn get(&self, text: &str) -> Option<Arc<T>> {
        let key = crate::fingerprint::of(&text);
        self.lock().get(&key).and_then(|bucket| {
            bucket
                .iter()
                .find(|(kept, _)| &**kept == text)
                .map(|(_, value)| Arc::clone(value))
        })
    }

    /// Keeps `value` for `text` from now on (for work that decides itself
    /// whether what it found may be kept).
    pub fn keep(&self, text: &str, value: T) -> Arc<T> {
        let key = crate::fingerprint::of(&text);
        let value = Arc::new(value);
        let mut inner = self.lock();
        if inner.len() >= Self::CAPACITY {
            inner.clear();
        }
        inner
            .entry(key)
            .or_default()
            .push((Arc::from(text), Arc::clone(&value)));
        value
    }

    /// How many texts are kept.
    pub fn len(&self) -> usize {
        self.lock().values().map(Vec::len).sum()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept<T>> {
        // The work is done outside the lock: the map is never half-updated.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[test]
    fn a_text_is_worked_on_once() {
        let memo = Memo::default();
        let calls = AtomicUsize::new(0);
        let work = |text: &str| {
            calls.fetch_add(1, Ordering::Relaxed);
            text.len()
        };
        let first = memo.get_or("One.", work);
        let again = memo.get_or(&String::from("One."), work);
        assert!(Arc::ptr_eq(&first, &again), "worked on again");
        assert_eq!(*memo.get_or("Three.", work), 6);
        assert_eq!(calls.load(Ordering::Relaxed), 2);
        assert_eq!(memo.len(), 2);
    }

    #[test]
    fn past_capacity_the_kept_texts_are_let_go() {
        let memo = Memo::default();
        for i in 0..Memo::<usize>::CAPACITY {
            memo.get_or(&format!("Body {i}."), str::len);
        }
        assert_eq!(memo.len(), Memo::<usize>::CAPACITY);
        assert_eq!(*memo.get_or("One more.", str::len), 9);
        assert_eq!(memo.len(), 1);
    }
}
