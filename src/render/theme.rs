//! Finding a theme's files: templates, static assets and strings. The
//! built-in default theme is embedded in the binary; a site's own
//! `themes/<name>/` overrides it file by file. The search order (site theme,
//! then built-in) is decided here and nowhere else. The string files are
//! read and checked in [`strings`].
//!
//! A site theme is read by the sources' own rules ([`crate::source::entry`],
//! [`crate::source::read_file`]): hidden entries are skipped, a symbolic link
//! is followed only inside the project (a link anywhere else, `themes/`
//! itself included, is an error that names it), text files are UTF-8 of at
//! most 4 MiB, and the theme as a whole is bounded ([`MAX_ASSET_BYTES`],
//! [`MAX_THEME_BYTES`], [`MAX_THEME_FILES`], [`MAX_THEME_DEPTH`]), so a
//! theme can neither publish files from outside the project nor make a
//! build read without end.

mod strings;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::builtin;
use crate::diagnostics::{Diagnostic, Diagnostics, Origin};
use crate::i18n::ThemeStrings;
use crate::source::{self, Files, Node};

pub use crate::source::files::{
    MAX_ASSET_BYTES, MAX_THEME_BYTES, MAX_THEME_DEPTH, MAX_THEME_FILES, THEME_PARTS,
};

/// A template's text and where it came from.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// The name templates use to refer to it (`base.html`).
    pub name: String,
    /// The template text.
    pub text: String,
    /// The file, or `<built-in>/...` for an embedded one.
    pub path: PathBuf,
    /// Whether it is the built-in copy.
    pub builtin: bool,
}

/// All files of the theme in use, built-in files included.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Templates; built-in ones are listed too, under the same names.
    pub templates: Vec<TemplateSource>,
    /// Static files by path relative to `static/`, site files overriding built-in ones.
    pub assets: BTreeMap<String, std::sync::Arc<[u8]>>,
    /// The theme's strings.
    pub strings: ThemeStrings,
    /// Changes with any of the theme's templates and strings: every page
    /// depends on it.
    pub fingerprint: u64,
    /// Changes with any of the theme's static files (which pages only link to).
    pub assets_fingerprint: u64,
    /// Whether the site's own theme folder gives templates or strings: the
    /// built-in ones alone render any valid site (the suite and the fuzz
    /// corpus hold them to it), so `check` need not render every page.
    pub customized: bool,
}

impl Theme {
    /// Whether the site's theme gives its own template `name`, in place of
    /// the built-in one.
    pub fn overrides(&self, name: &str) -> bool {
        self.templates.iter().any(|t| t.name == name && !t.builtin)
    }
}

/// A theme file's contents: text for templates and strings, bytes for assets.
enum Content {
    Text(String),
    Bytes(Vec<u8>),
}

/// Loads the theme `name` from the project's `files`.
pub fn load(files: &Files, name: &str, diagnostics: &mut Diagnostics) -> Option<Theme> {
    let mut theme = Theme {
        templates: Vec::new(),
        assets: BTreeMap::new(),
        strings: ThemeStrings::default(),
        fingerprint: 0,
        assets_fingerprint: 0,
        customized: false,
    };
    let mut string_files: BTreeMap<String, Vec<(PathBuf, String)>> = BTreeMap::new();

    for (path, bytes) in builtin::FILES {
        let shown = PathBuf::from("<built-in theme>").join(path);
        let content = if path.starts_with("static/") {
            Content::Bytes(bytes.to_vec())
        } else {
            Content::Text(String::from_utf8_lossy(bytes).into_owned())
        };
        add_file(&mut theme, &mut string_files, path, (shown, content), true);
    }

    match site_theme(files, name, diagnostics) {
        Found::Files(files) => {
            for (inner, shown, content) in files {
                add_file(
                    &mut theme,
                    &mut string_files,
                    &inner,
                    (shown, content),
                    false,
                );
            }
        }
        Found::Refused => return None,
        Found::None if name == "default" => {}
        Found::None => {
            diagnostics.push(
                Diagnostic::error(
                    Origin::file("policies/site.yaml"),
                    format!(
                        "the theme `{name}` does not exist: there is no folder `themes/{name}`"
                    ),
                )
                .with_help("remove `theme:` to use the built-in theme, or create the theme folder"),
            );
            return None;
        }
    }

    let templates: Vec<_> = theme
        .templates
        .iter()
        .map(|t| (&t.name, &t.text, &t.path))
        .collect();
    theme.fingerprint = crate::fingerprint::of(&(templates, &string_files));
    theme.assets_fingerprint = crate::fingerprint::of(&theme.assets);
    theme.strings = strings(string_files, diagnostics)?;
    Some(theme)
}

/// What the project has of the theme `name`.
enum Found {
    /// No folder `themes/<name>`.
    None,
    /// `themes/` or `themes/<name>` is a link that is not followed (reported).
    Refused,
    /// The theme's files: their path inside the theme, as shown, and contents.
    Files(Vec<(String, PathBuf, Content)>),
}

/// The files of `themes/<name>/`, as the sources' rules read them.
fn site_theme(files: &Files, name: &str, diagnostics: &mut Diagnostics) -> Found {
    let dir = Path::new("themes").join(name);
    for folder in [Path::new("themes"), dir.as_path()] {
        match files.get(folder) {
            Some(Node::Dir(_)) => {}
            Some(Node::Refused(problem)) => {
                diagnostics.push(problem.clone());
                return Found::Refused;
            }
            Some(Node::File(_)) | None => return Found::None,
        }
    }
    let Some(theme) = files.dir(&dir) else {
        return Found::None;
    };
    let errors_before = diagnostics.error_count();
    let mut found = Vec::new();
    for (part, node) in theme.entries() {
        let part = part.to_string_lossy();
        if THEME_PARTS.contains(&part.as_ref()) {
            walk(
                &dir.join(part.as_ref()),
                &part,
                node,
                &mut found,
                diagnostics,
            );
        }
    }
    if diagnostics.error_count() > errors_before {
        // A file the theme should have had is missing or unread: loading
        // on would only add errors that follow from it.
        return Found::Refused;
    }
    Found::Files(found)
}

/// Collects the files of `node` (at `path`, `inner` inside the theme).
fn walk(
    path: &Path,
    inner: &str,
    node: &Node,
    found: &mut Vec<(String, PathBuf, Content)>,
    diagnostics: &mut Diagnostics,
) {
    match node {
        Node::Refused(problem) => diagnostics.push(problem.clone()),
        Node::Dir(dir) => {
            for (name, node) in dir.entries() {
                let name = name.to_string_lossy();
                walk(
                    &path.join(name.as_ref()),
                    &format!("{inner}/{name}"),
                    node,
                    found,
                    diagnostics,
                );
            }
        }
        Node::File(file) if inner.starts_with("static/") => match file.bytes() {
            Ok(bytes) => found.push((
                inner.to_owned(),
                path.to_path_buf(),
                Content::Bytes(bytes.into_owned()),
            )),
            Err(problem) => diagnostics.push(problem),
        },
        Node::File(file) => match file
            .bytes()
            .and_then(|bytes| source::decode(path.to_path_buf(), bytes))
        {
            Ok(text) => {
                for warning in source::encoding_damage(&text) {
                    diagnostics.push(warning);
                }
                found.push((
                    inner.to_owned(),
                    path.to_path_buf(),
                    Content::Text(text.text),
                ));
            }
            Err(problem) => diagnostics.push(problem),
        },
    }
}

fn add_file(
    theme: &mut Theme,
    string_files: &mut BTreeMap<String, Vec<(PathBuf, String)>>,
    inner: &str,
    (shown, content): (PathBuf, Content),
    builtin: bool,
) {
    match content {
        Content::Text(text) => {
            theme.customized |=
                !builtin && (inner.starts_with("templates/") || inner.starts_with("i18n/"));
            if let Some(name) = inner.strip_prefix("templates/") {
                theme.templates.push(TemplateSource {
                    name: name.to_owned(),
                    text,
                    path: shown,
                    builtin,
                });
            } else if let Some(tag) = inner
                .strip_prefix("i18n/")
                .and_then(|file| file.strip_suffix(".yaml"))
            {
                string_files
                    .entry(tag.to_owned())
                    .or_default()
                    .push((shown, text));
            }
        }
        Content::Bytes(bytes) => {
            if let Some(asset) = inner.strip_prefix("static/") {
                theme.assets.insert(asset.to_owned(), bytes.into());
            }
        }
    }
}

/// Parses the string files, built-in first so a site's keys override them,
/// and checks every key against the English reference.
fn strings(
    files: BTreeMap<String, Vec<(PathBuf, String)>>,
    diagnostics: &mut Diagnostics,
) -> Option<ThemeStrings> {
    let found = files
        .into_iter()
        .flat_map(|(tag, versions)| {
            versions
                .into_iter()
                .map(move |(path, text)| (tag.clone(), path, text))
        })
        .collect();
    strings::load(found, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The messages of loading a theme `t` written by `make` into a project.
    fn problems(make: impl FnOnce(&Path)) -> Vec<String> {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("themes/t");
        std::fs::create_dir_all(&dir).unwrap();
        make(&dir);
        let mut diagnostics = Diagnostics::new();
        let theme = load(&Files::read(root.path()), "t", &mut diagnostics);
        let found: Vec<String> = diagnostics
            .into_sorted()
            .iter()
            .map(|d| format!("{}: {}", d.origin.file.display(), d.message))
            .collect();
        assert_eq!(theme.is_none(), !found.is_empty(), "{found:?}");
        found
    }

    #[test]
    fn a_theme_is_bounded_in_depth_and_files() {
        let deep = problems(|dir| {
            let deepest =
                (0..=MAX_THEME_DEPTH).fold(dir.join("static"), |d, i| d.join(format!("d{i}")));
            std::fs::create_dir_all(&deepest).unwrap();
            std::fs::write(deepest.join("x.css"), "x").unwrap();
        });
        assert_eq!(deep.len(), 1, "{deep:?}");
        assert!(
            deep[0].ends_with("nested more than 16 levels deep here"),
            "{deep:?}"
        );
        let many = problems(|dir| {
            let folder = dir.join("static/many");
            std::fs::create_dir_all(&folder).unwrap();
            for i in 0..=MAX_THEME_FILES {
                std::fs::write(folder.join(format!("{i:05}.txt")), "").unwrap();
            }
        });
        assert_eq!(
            many,
            ["themes/t/static/many/10000.txt: the theme has more than 10000 files"]
        );
        // Files outside templates/, static/ and i18n/ are not read at all.
        assert!(problems(|dir| std::fs::write(dir.join("README.md"), [0xff]).unwrap()).is_empty());
    }

    #[test]
    fn the_built_in_theme_loads_without_a_single_diagnostic() {
        let empty = std::env::temp_dir().join("privsite-no-theme-here");
        let mut diagnostics = Diagnostics::new();
        let theme = load(&Files::read(&empty), "default", &mut diagnostics)
            .expect("the built-in theme loads");
        let found: Vec<String> = diagnostics
            .into_sorted()
            .iter()
            .map(|d| format!("{}: {}", d.origin.file.display(), d.message))
            .collect();
        assert_eq!(found, Vec::<String>::new());
        assert!(!theme.customized, "the built-in files alone");
        // Every built-in locale gives the plural strings all the forms its
        // language uses (the checks above would warn otherwise); spot-check
        // the six Arabic ones.
        let ar = theme
            .strings
            .for_locale(&crate::model::Locale::parse("ar").unwrap());
        let forms: Vec<&str> = [0, 1, 2, 3, 11, 100]
            .iter()
            .map(|n| ar.plural("change_places", *n))
            .collect();
        assert_eq!(
            forms,
            [
                "(لا مواضع)",
                "(موضع واحد)",
                "(موضعان)",
                "({count} مواضع)",
                "({count} موضعًا)",
                "({count} موضع)"
            ]
        );
    }
}
