//! Delivering announcements: the only code that talks to a network. It owns
//! the server addresses and their security rules ([`endpoint`]), sending mail
//! over SMTP with lettre ([`smtp`]), posting articles over NNTP ([`nntp`]),
//! and the record of what was sent, locked against a second run
//! ([`record`]).
//!
//! It must not build messages (that is [`crate::outputs::email`]) nor print
//! anything: it returns what happened, and `cli/announce.rs` tells the user.
//! No password ever appears in what it returns.
//!
//! The rule for credentials, on both protocols: a user name and password
//! only ever cross an encrypted connection (implicit TLS, or STARTTLS that
//! succeeded). A server that cannot encrypt is refused before anything
//! secret is sent, unless the address opts in with
//! `?insecure_plaintext_auth=yes`.

pub mod endpoint;
pub mod nntp;
pub mod record;
pub mod smtp;

pub use endpoint::{Endpoint, Protocol, Security};

/// Why a delivery did not succeed, and whether the message may have gone
/// out all the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Nothing was delivered: the server refused, or the connection failed
    /// before the message was handed over.
    NotSent(String),
    /// The whole message was handed over, then the connection broke before
    /// the server confirmed it: it may have been delivered.
    MaybeSent(String),
}

impl Failure {
    /// The explanation.
    pub fn message(&self) -> &str {
        match self {
            Failure::NotSent(m) | Failure::MaybeSent(m) => m,
        }
    }
}

/// A user name and password.
#[derive(Clone, PartialEq, Eq)]
pub struct Login {
    /// The user name.
    pub user: String,
    /// The password; never printed, not even by `Debug`.
    pub password: String,
}

impl std::fmt::Debug for Login {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Login")
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

/// `text` with every occurrence of each secret replaced by `***` (the last
/// guard before anything reaches the terminal).
pub fn redact(text: &str, secrets: &[&str]) -> String {
    secrets
        .iter()
        .filter(|s| !s.is_empty())
        .fold(text.to_owned(), |out, secret| out.replace(secret, "***"))
}
