//! The one diagnostic type: a problem found in the sources, with the file and
//! position it points at, and how it is shown to people and tools.
//!
//! Every stage that inspects sources reports through [`Diagnostic`], and collects
//! all problems of a run into [`Diagnostics`] before anything is reported, so an
//! author sees every mistake at once. This module does not decide what is a
//! mistake; it only carries and renders them.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the run: nothing is written.
    Error,
    /// Reported, but the run goes on.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A 1-based line and column (in characters) inside a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Pos {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
}

/// A place in the sources: a file, and where known a position inside it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// The file, relative to the project root where possible.
    pub file: PathBuf,
    /// The position of the value inside the file, when the parser gave one.
    pub pos: Option<Pos>,
}

impl Origin {
    /// A whole file, without a position.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Origin {
            file: file.into(),
            pos: None,
        }
    }

    /// A position inside a file.
    pub fn at(file: impl Into<PathBuf>, pos: Option<Pos>) -> Self {
        Origin {
            file: file.into(),
            pos,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(pos) = self.pos {
            write!(f, ":{}:{}", pos.line, pos.column)?;
        }
        Ok(())
    }
}

/// One problem found in the sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where the problem is.
    pub origin: Origin,
    /// What is wrong, in words a policy author understands.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
    /// The source line the position points into, for the caret display.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// An error at `origin`.
    pub fn error(origin: Origin, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            origin,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    /// A warning at `origin`.
    pub fn warning(origin: Origin, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(origin, message)
        }
    }

    /// Adds advice on how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attaches the line of `text` that the position points into.
    pub fn with_source(mut self, text: &str) -> Self {
        if let Some(pos) = self.origin.pos {
            self.source_line = text
                .lines()
                .nth(pos.line.saturating_sub(1) as usize)
                .map(str::to_owned);
        }
        self
    }

    /// Whether this diagnostic fails the run.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// The human form: `file:line:column: error: message`, then the source line
    /// with a caret under the position, then the help.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}: {}", self.origin, self.severity, self.message)?;
        if let (Some(line), Some(pos)) = (&self.source_line, self.origin.pos) {
            let number = pos.line.to_string();
            let gutter = " ".repeat(number.len());
            let indent: String = line
                .chars()
                .take(pos.column.saturating_sub(1) as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{gutter} |")?;
            writeln!(f, "{number} | {line}")?;
            writeln!(f, "{gutter} | {indent}^")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

impl Diagnostic {
    /// The diagnostic as a JSON object for tools: `severity`, `file`, `line`,
    /// `column` (null when unknown), `message`, `help`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "severity": self.severity,
            "file": self.origin.file.to_string_lossy().replace('\\', "/"),
            "line": self.origin.pos.map(|p| p.line),
            "column": self.origin.pos.map(|p| p.column),
            "message": self.message,
            "help": self.help,
        })
    }

    /// The diagnostic as a GitHub Actions workflow command, which marks the
    /// line in a pull request: `::error file=...,line=...,col=...::message`.
    pub fn to_github(&self) -> String {
        // Workflow commands escape %, CR and LF everywhere, and , and : in properties.
        let data = |s: &str| {
            s.replace('%', "%25")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
        };
        let property = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
        let mut properties = format!(
            "file={}",
            property(&self.origin.file.to_string_lossy().replace('\\', "/"))
        );
        if let Some(pos) = self.origin.pos {
            properties.push_str(&format!(",line={},col={}", pos.line, pos.column));
        }
        let mut message = self.message.clone();
        if let Some(help) = &self.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        format!(
            "::{} {properties},title=privsite::{}",
            self.severity,
            data(&message)
        )
    }
}

/// All the diagnostics of one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Records an error at `origin`.
    pub fn error(&mut self, origin: Origin, message: impl Into<String>) {
        self.push(Diagnostic::error(origin, message));
    }

    /// Whether any error (not only warnings) was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// The diagnostics, sorted by file and position so reports are stable.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.origin.file, a.origin.pos, a.severity).cmp(&(
                &b.origin.file,
                b.origin.pos,
                b.severity,
            ))
        });
        self.items.dedup();
        self.items
    }
}

/// Shortens `path` to be relative to `root` when it lies inside it, so messages
/// name files the way the author sees them in the project.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}
