//! The library's error type: what can make a command fail, and which exit
//! status each failure maps to.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::diagnostics::Diagnostic;

/// Why a command failed.
#[derive(Debug)]
pub enum Error {
    /// The sources have errors; every one of them is listed (warnings too).
    Sources(Vec<Diagnostic>),
    /// Reading or writing a file failed.
    Io {
        /// The file or folder the operation was about.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// The output folder cannot be used (for example it holds files privsite did not write).
    Output(String),
    /// The command asks for what cannot be had as asked (a port already in
    /// use); the message says what to change. Exit status 2, like wrong usage.
    Usage(String),
}

impl Error {
    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The diagnostics carried by a source error, if this is one.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Sources(d) => d,
            _ => &[],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Sources(diagnostics) => {
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                write!(
                    f,
                    "the sources have {errors} error{}",
                    if errors == 1 { "" } else { "s" }
                )
            }
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Output(message) | Error::Usage(message) => f.write_str(message),
        }
    }
}

// The I/O error is part of this error's message; it is not also returned as a
// `source()`, so that no cause is printed twice.
impl std::error::Error for Error {}

/// The result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
