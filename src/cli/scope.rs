//! What a command is about, so that it shows the warnings about that and
//! no others: `diff`, `status`, `announce` and `new-version` name a policy
//! (and versions), while the warnings of the whole project are `check`'s
//! business. Errors are always shown, since they stop the command.

use std::path::{Path, PathBuf};

use super::{Failure, print_diagnostics, report_error};
use crate::build::Project;
use crate::diagnostics::Diagnostic;
use crate::error::Error;

/// The source files a command is about: files under these paths, named the
/// way diagnostics name them (relative to the project folder).
#[derive(Debug, Clone, Default)]
pub(super) struct Scope(Vec<PathBuf>);

impl Scope {
    /// No file: the command shows no warning.
    pub(super) fn nothing() -> Self {
        Scope::default()
    }

    /// A policy: its `policy.yaml` and every version.
    pub(super) fn policy(policy: &str) -> Self {
        Scope(vec![Path::new("policies").join(policy)])
    }

    /// A policy's `policy.yaml` and some of its versions.
    pub(super) fn versions<'a>(policy: &str, versions: impl IntoIterator<Item = &'a str>) -> Self {
        let dir = Path::new("policies").join(policy);
        let mut paths = vec![dir.join("policy.yaml")];
        paths.extend(versions.into_iter().map(|v| dir.join(v)));
        Scope(paths)
    }

    /// Whether the command shows `diagnostic`: every error, and the
    /// warnings about its files.
    fn shows(&self, diagnostic: &Diagnostic) -> bool {
        diagnostic.is_error()
            || self
                .0
                .iter()
                .any(|path| diagnostic.origin.file.starts_with(path))
    }

    /// `diagnostics` split into those the command shows and how many others.
    pub(super) fn split(&self, diagnostics: &[Diagnostic]) -> (Vec<Diagnostic>, usize) {
        let shown: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| self.shows(d))
            .cloned()
            .collect();
        let hidden = diagnostics.len() - shown.len();
        (shown, hidden)
    }

    /// Prints the warnings about the command's files, and how many others
    /// `privsite check` would show.
    pub(super) fn print(&self, warnings: &[Diagnostic]) {
        let (shown, hidden) = self.split(warnings);
        print_diagnostics(&shown);
        note_hidden(hidden);
    }

    /// Loads the project under `root`; when it has errors, reports them
    /// with the warnings about the command's files only.
    pub(super) fn load(&self, root: &Path) -> Result<Project, Failure> {
        Project::load(root).map_err(|err| match err {
            Error::Sources(all) => {
                let (shown, hidden) = self.split(&all);
                report_error(&Error::Sources(shown));
                note_hidden(hidden);
                Failure::Silent
            }
            other => Failure::Run(other),
        })
    }
}

/// Says that `hidden` warnings about other parts of the project were not shown.
fn note_hidden(hidden: usize) {
    if hidden > 0 {
        eprintln!(
            "({hidden} more warning{} in the project: `privsite check` lists every warning)",
            if hidden == 1 { "" } else { "s" }
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Origin;

    fn warning(file: &str) -> Diagnostic {
        Diagnostic::warning(Origin::file(file), "w")
    }

    #[test]
    fn a_command_about_versions_shows_their_warnings_and_every_error() {
        let scope = Scope::versions("acme", ["2025-01"]);
        let all = [
            warning("policies/acme/2025-01/en.yaml"),
            warning("policies/acme/2025-01/fr.yaml"),
            warning("policies/acme/policy.yaml"),
            warning("policies/acme/2024-01/en.yaml"),
            warning("policies/acme-two/2025-01/en.yaml"),
            warning("policies/site.yaml"),
            Diagnostic::error(Origin::file("policies/other/policy.yaml"), "e"),
        ];
        let (shown, hidden) = scope.split(&all);
        let files: Vec<_> = shown.iter().map(|d| d.origin.file.clone()).collect();
        assert_eq!(
            files,
            [
                PathBuf::from("policies/acme/2025-01/en.yaml"),
                PathBuf::from("policies/acme/2025-01/fr.yaml"),
                PathBuf::from("policies/acme/policy.yaml"),
                PathBuf::from("policies/other/policy.yaml"),
            ]
        );
        assert_eq!(hidden, 3);
        assert_eq!(Scope::nothing().split(&all).0.len(), 1);
        assert_eq!(Scope::policy("acme").split(&all).0.len(), 5);
    }
}
