//! Bodies split into blocks once: a translated text usually keeps most of
//! its sections word for word from one version to the next, and each
//! version's text is compared twice (with the one before and the one
//! after), so the change pages of a site would split the same bodies many
//! times over. The blocks are exactly [`markdown::blocks`]'s.

use std::sync::Arc;

use crate::markdown::{self, Block};
use crate::memo::Memo;

/// The blocks of the bodies split lately, by their text.
#[derive(Debug, Default)]
pub struct Splits(Memo<Vec<Block>>);

impl Splits {
    /// The blocks of `body`, split now or earlier.
    pub fn blocks(&self, body: &str) -> Arc<Vec<Block>> {
        self.0.get_or(body, markdown::blocks)
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
        assert!(Arc::ptr_eq(&first, &splits.blocks(&String::from(body))));
    }
}
