//! Everything that depends on the reader's language, apart from the policy
//! text itself: the theme's own strings ([`strings`]) and how dates are
//! written ([`dates`]). Locale tags themselves are [`crate::model::Locale`].

pub mod dates;
pub mod strings;

pub use dates::{DateBook, DateView};
pub use strings::{Strings, ThemeStrings};
