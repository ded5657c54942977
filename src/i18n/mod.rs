//! Everything that depends on the reader's language, apart from the policy
//! text itself: the theme's own strings ([`strings`]), with plural forms
//! ([`plurals`]) and localized lists ([`lists`]), and how dates are written
//! ([`dates`]). Locale tags themselves are [`crate::model::Locale`].

pub mod dates;
pub mod lists;
pub mod names;
pub mod plurals;
pub mod strings;

pub use dates::{DateBook, DateView};
pub use names::LanguageNames;
pub use plurals::Forms;
pub use strings::{Strings, Text, ThemeStrings};
