//! The one diagnostic type: a problem found in the sources, with the file and
//! position it points at, and how it is shown to people and tools.
//!
//! Every stage that inspects sources reports through [`Diagnostic`], and collects
//! all problems of a run into [`Diagnostics`] before anything is reported, so an
//! author sees every mistake at once. This module does not decide what is a
//! mistake; it only carries and renders them.
//!
//! What it prints never carries a control character from the sources: a
//! message may quote a source value, and the caret display shows a source
//! line, so both go through [`printable`], which writes control and
//! direction-changing characters as visible `\u{1b}` escapes. A terminal
//! then shows what the file holds, instead of obeying it.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use anstyle::{AnsiColor, Style};

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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
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
            self.source_line = line_at(text, pos);
        }
        self
    }

    /// Whether this diagnostic fails the run.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The line of `text` that `pos` points into, as a diagnostic shows it.
pub fn line_at(text: &str, pos: Pos) -> Option<String> {
    text.lines()
        .nth(pos.line.saturating_sub(1) as usize)
        .map(str::to_owned)
}

impl fmt::Display for Diagnostic {
    /// The human form: `file:line:column: error: message`, then the source line
    /// with a caret under the position, then the help. The alternate form
    /// (`{:#}`) adds ANSI colours, for terminals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let paint = |style: Style| if f.alternate() { style } else { Style::new() };
        let bold = paint(Style::new().bold());
        let colour = paint(match self.severity {
            Severity::Error => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
            Severity::Warning => Style::new().bold().fg_color(Some(AnsiColor::Yellow.into())),
        });
        let blue = paint(Style::new().fg_color(Some(AnsiColor::Blue.into())));
        writeln!(
            f,
            "{bold}{}:{bold:#} {colour}{}:{colour:#} {bold}{}{bold:#}",
            printable(&self.origin.to_string()),
            self.severity,
            printable(&self.message)
        )?;
        if let (Some(line), Some(pos)) = (&self.source_line, self.origin.pos) {
            let number = pos.line.to_string();
            let gutter = " ".repeat(number.len());
            let (raw, raw_caret) = excerpt(line, pos.column.saturating_sub(1) as usize);
            // Escapes are wider than the characters they stand for: the
            // caret moves by the width of what is shown before it.
            let caret_at = raw
                .chars()
                .take(raw_caret)
                .map(|c| printable(c.encode_utf8(&mut [0; 4])).chars().count())
                .sum();
            let shown = printable(&raw);
            let indent: String = shown
                .chars()
                .take(caret_at)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{blue}{gutter} |{blue:#}")?;
            writeln!(f, "{blue}{number} |{blue:#} {shown}")?;
            writeln!(f, "{blue}{gutter} |{blue:#} {indent}{colour}^{colour:#}")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  {bold}= help:{bold:#} {}", printable(help))?;
        }
        Ok(())
    }
}

/// `text` with every character that a terminal would obey rather than
/// show written as a visible escape (`\u{1b}`): control characters other
/// than tab and line feed (C0, DEL, C1: colours, cursor moves, window
/// titles, a carriage return that overwrites the line), and the Unicode
/// direction embeddings, overrides and isolates (which reorder the text
/// after them). For every command that prints text from the sources.
pub fn printable(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_control() && c != '\t' && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.contains(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The most characters of a source line shown under a diagnostic.
const EXCERPT_WIDTH: usize = 100;

/// A window of at most [`EXCERPT_WIDTH`] characters of `line` around the
/// character `at`, with `…` where it was cut, and where `at` falls in it.
fn excerpt(line: &str, at: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= EXCERPT_WIDTH {
        return (line.to_owned(), at);
    }
    let start = at
        .saturating_sub(EXCERPT_WIDTH / 2)
        .min(chars.len() - EXCERPT_WIDTH);
    let end = start + EXCERPT_WIDTH;
    let mut shown = String::new();
    let mut caret = at - start;
    if start > 0 {
        shown.push('…');
        caret += 1;
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, caret)
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
            property(&printable(
                &self.origin.file.to_string_lossy().replace('\\', "/")
            ))
        );
        if let Some(pos) = self.origin.pos {
            properties.push_str(&format!(",line={},col={}", pos.line, pos.column));
        }
        let mut message = printable(&self.message).into_owned();
        if let Some(help) = &self.help {
            message.push_str("\nhelp: ");
            message.push_str(&printable(help));
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

    /// How many errors (not warnings) were recorded: a stage compares the
    /// count before and after it to know whether it found any itself.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// The diagnostics, in the order they were found.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, column: u32, text: &str) -> Diagnostic {
        Diagnostic::error(
            Origin::at("policies/site.yaml", Some(Pos { line, column })),
            "something is wrong",
        )
        .with_source(text)
        .with_help("fix it")
    }

    #[test]
    fn shows_the_line_with_a_caret_under_the_column() {
        let shown = at(2, 8, "title: T\nbase_url: x\n").to_string();
        assert_eq!(
            shown,
            "policies/site.yaml:2:8: error: something is wrong\n  |\n2 | base_url: x\n  |        ^\n  = help: fix it\n"
        );
    }

    #[test]
    fn a_long_line_is_cut_around_the_caret() {
        let line = format!("{}X{}", "a".repeat(500), "b".repeat(500));
        let shown = at(1, 501, &line).to_string();
        let lines: Vec<&str> = shown.lines().collect();
        let excerpt = lines[2].strip_prefix("1 | ").unwrap();
        assert!(
            excerpt.starts_with('…') && excerpt.ends_with('…'),
            "{excerpt}"
        );
        assert_eq!(excerpt.chars().count(), EXCERPT_WIDTH + 2);
        let caret = lines[3].strip_prefix("  | ").unwrap().chars().count() - 1;
        assert_eq!(
            excerpt.chars().nth(caret),
            Some('X'),
            "the caret points at X"
        );
    }

    #[test]
    fn nothing_from_the_sources_reaches_a_terminal_as_a_control_character() {
        let line = "title: \"\u{1b}]0;owned\u{7}\u{202e}txt.exe\" \u{9b}2J\r";
        let diagnostic = Diagnostic::error(
            Origin::at(
                "policies/\u{1b}[2J/en.yaml",
                Some(Pos {
                    line: 1,
                    column: 19,
                }),
            ),
            "`title` holds `\u{1b}[31mred`",
        )
        .with_source(line)
        .with_help("remove \u{202e} and \u{7}");
        for shown in [
            diagnostic.to_string(),
            format!("{diagnostic:#}"),
            diagnostic.to_github(),
        ] {
            let plain = anstream::adapter::strip_str(&shown).to_string();
            assert!(
                !plain.contains(|c: char| (c.is_control() && c != '\n' && c != '\t')
                    || ('\u{202a}'..='\u{202e}').contains(&c)),
                "{plain:?}"
            );
        }
        let shown = diagnostic.to_string();
        assert!(
            shown.starts_with(
                "policies/\\u{1b}[2J/en.yaml:1:19: error: `title` holds `\\u{1b}[31mred`\n"
            ),
            "{shown}"
        );
        assert!(
            shown.contains("= help: remove \\u{202e} and \\u{7}"),
            "{shown}"
        );
        // The caret stays under the character it points at (the `\u{202e}`),
        // however wide the escapes before it are.
        let lines: Vec<&str> = shown.lines().collect();
        let excerpt = lines[2].strip_prefix("1 | ").unwrap();
        let caret = lines[3].strip_prefix("  | ").unwrap().chars().count() - 1;
        assert!(
            excerpt
                .chars()
                .skip(caret)
                .collect::<String>()
                .starts_with("\\u{202e}txt"),
            "{shown}"
        );
    }

    #[test]
    fn colours_only_in_the_alternate_form() {
        let diagnostic = at(1, 1, "title: T");
        assert!(!diagnostic.to_string().contains('\u{1b}'));
        let coloured = format!("{diagnostic:#}");
        assert!(
            coloured.contains("\u{1b}[1m\u{1b}[31merror:"),
            "{coloured:?}"
        );
        let plain: String = anstream::adapter::strip_str(&coloured).to_string();
        assert_eq!(plain, diagnostic.to_string());
    }
}
