//! What kind of edit a set of changed paths is, in the spirit of Zola's
//! `detect_change_kind`: the site settings or a theme's templates and
//! strings touch every page; a policy's files touch that policy's pages and
//! the site-wide files; a theme's static file touches only its copy.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// What an edit touches, from the least to the most.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Nothing the site is built from (a file outside `policies/` and
    /// `themes/`, say).
    Nothing,
    /// Only static files of a theme: only their copies change.
    Assets,
    /// Files of these policies (by folder name): their pages, and the files
    /// that list every policy.
    Policies(BTreeSet<String>),
    /// The site settings, a theme's templates or strings, or something else
    /// in `policies/` or `themes/`: any page may change.
    Everything,
}

impl Change {
    /// The larger of two changes (`Policies` sets together).
    pub fn and(self, other: Change) -> Change {
        match (self, other) {
            (Change::Everything, _) | (_, Change::Everything) => Change::Everything,
            (Change::Policies(mut a), Change::Policies(b)) => {
                a.extend(b);
                Change::Policies(a)
            }
            (Change::Policies(a), _) | (_, Change::Policies(a)) => Change::Policies(a),
            (Change::Assets, _) | (_, Change::Assets) => Change::Assets,
            (Change::Nothing, Change::Nothing) => Change::Nothing,
        }
    }

    /// A sentence for the terminal: what the edit touched.
    pub fn describe(&self) -> String {
        match self {
            Change::Nothing => "nothing the site is built from".to_owned(),
            Change::Assets => "a static file of the theme".to_owned(),
            Change::Policies(names) => {
                let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                match names.len() {
                    1 => format!("the policy {}", names[0]),
                    _ => format!("the policies {}", names.join(", ")),
                }
            }
            Change::Everything => "the site settings or the theme".to_owned(),
        }
    }
}

/// What kind of edit changing `paths` (relative to the project root) is.
pub fn classify(paths: &BTreeSet<PathBuf>) -> Change {
    paths
        .iter()
        .map(|p| one(p))
        .fold(Change::Nothing, Change::and)
}

fn one(path: &Path) -> Change {
    let parts: Vec<&str> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect();
    match parts.as_slice() {
        ["policies", policy, _, ..] => Change::Policies(BTreeSet::from([(*policy).to_owned()])),
        // A policy folder made, removed or renamed as a whole.
        ["policies", policy] if !policy.contains('.') => {
            Change::Policies(BTreeSet::from([(*policy).to_owned()]))
        }
        ["themes", _, "static", ..] => Change::Assets,
        ["policies", ..] | ["themes", ..] => Change::Everything,
        _ => Change::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(paths: &[&str]) -> Change {
        classify(&paths.iter().map(PathBuf::from).collect())
    }

    #[test]
    fn each_kind_of_path_touches_what_it_feeds() {
        assert_eq!(of(&[]), Change::Nothing);
        assert_eq!(of(&["site/index.html", "README.md"]), Change::Nothing);
        assert_eq!(of(&["themes/t/static/logo.svg"]), Change::Assets);
        let acme = Change::Policies(BTreeSet::from(["acme".to_owned()]));
        assert_eq!(of(&["policies/acme/policy.yaml"]), acme);
        assert_eq!(of(&["policies/acme/2024-01/fr.yaml"]), acme);
        assert_eq!(
            of(&["policies/acme"]),
            acme,
            "a policy folder made or removed"
        );
        assert_eq!(of(&["policies/site.yaml"]), Change::Everything);
        assert_eq!(of(&["policies"]), Change::Everything);
        assert_eq!(of(&["themes/t/templates/base.html"]), Change::Everything);
        assert_eq!(of(&["themes/t/i18n/fr.yaml"]), Change::Everything);
        assert_eq!(of(&["themes/t"]), Change::Everything);
    }

    #[test]
    fn changes_add_up_to_the_largest() {
        assert_eq!(
            of(&[
                "policies/a/1/en.yaml",
                "policies/b/policy.yaml",
                "themes/t/static/x.css"
            ]),
            Change::Policies(BTreeSet::from(["a".to_owned(), "b".to_owned()]))
        );
        assert_eq!(
            of(&["policies/a/1/en.yaml", "policies/site.yaml"]),
            Change::Everything
        );
        assert_eq!(of(&["themes/t/static/x.css", "notes.txt"]), Change::Assets);
        assert_eq!(
            of(&["policies/a/1/en.yaml", "policies/b/2/en.yaml"]).describe(),
            "the policies `a`, `b`"
        );
    }
}
