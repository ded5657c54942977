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
use crate::source::{self, Entry};

/// The largest static file a theme may have (an image, a font, a PDF).
pub const MAX_ASSET_BYTES: u64 = 16 * 1024 * 1024;

/// The most a theme's files may hold together: they are kept in memory.
pub const MAX_THEME_BYTES: u64 = 64 * 1024 * 1024;

/// The most files a theme may have.
pub const MAX_THEME_FILES: usize = 10_000;

/// How deep folders may nest inside `templates/`, `static/` or `i18n/`.
pub const MAX_THEME_DEPTH: usize = 16;

/// The folders of a theme that are read; anything else in it is left alone.
const PARTS: [&str; 3] = ["templates", "static", "i18n"];

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
    pub assets: BTreeMap<String, Vec<u8>>,
    /// The theme's strings.
    pub strings: ThemeStrings,
}

/// A theme file's contents: text for templates and strings, bytes for assets.
enum Content {
    Text(String),
    Bytes(Vec<u8>),
}

/// Loads the theme `name` for the project at `root`.
pub fn load(root: &Path, name: &str, diagnostics: &mut Diagnostics) -> Option<Theme> {
    let mut theme = Theme {
        templates: Vec::new(),
        assets: BTreeMap::new(),
        strings: ThemeStrings::default(),
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

    match site_theme(root, name, diagnostics) {
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

/// Reads `themes/<name>/` by the sources' rules.
fn site_theme(root: &Path, name: &str, diagnostics: &mut Diagnostics) -> Found {
    let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let themes = root.join("themes");
    let dir = themes.join(name);
    for folder in [&themes, &dir] {
        if std::fs::symlink_metadata(folder).is_err() {
            return Found::None;
        }
        match source::entry(folder, &canonical_root, root, diagnostics) {
            Entry::Dir => {}
            Entry::Skip if is_link(folder) => return Found::Refused,
            Entry::File | Entry::Skip => return Found::None,
        }
    }
    let errors_before = diagnostics.error_count();
    let mut reader = Reader {
        root,
        canonical_root: &canonical_root,
        files: Vec::new(),
        bytes: 0,
        full: false,
        diagnostics,
    };
    let mut ancestors = vec![canonical(&dir)];
    for path in source::sorted_entries(&dir, root, reader.diagnostics) {
        let part = file_name(&path);
        let kind = source::entry(&path, &canonical_root, root, reader.diagnostics);
        if kind == Entry::Dir && PARTS.contains(&part.as_str()) {
            reader.folder(&path, &part, &mut ancestors);
        }
    }
    if reader.diagnostics.error_count() > errors_before {
        // A file the theme should have had is missing or unread: loading
        // on would only add errors that follow from it.
        return Found::Refused;
    }
    Found::Files(reader.files)
}

/// Reads the files of one theme, within its limits.
struct Reader<'a> {
    root: &'a Path,
    canonical_root: &'a Path,
    files: Vec<(String, PathBuf, Content)>,
    /// What the files read so far hold together.
    bytes: u64,
    /// Whether a limit of the whole theme was reached (and reported).
    full: bool,
    diagnostics: &'a mut Diagnostics,
}

impl Reader<'_> {
    /// Reads the folder `dir` (`inner` inside the theme, such as
    /// `static/fonts`); `ancestors` are the canonical folders it is in, to
    /// refuse a link that leads back into one of them.
    fn folder(&mut self, dir: &Path, inner: &str, ancestors: &mut Vec<PathBuf>) {
        let here = canonical(dir);
        if ancestors.contains(&here) {
            self.error(
                dir,
                "this symbolic link leads back into a folder that holds it, and is not followed",
                "link to a folder outside this one, or copy what it holds",
            );
            return;
        }
        if ancestors.len() > MAX_THEME_DEPTH {
            self.error(
                dir,
                &format!(
                    "the theme's folders are nested more than {MAX_THEME_DEPTH} levels deep here"
                ),
                "move the files up: a theme needs only a few levels of folders",
            );
            return;
        }
        ancestors.push(here);
        for path in source::sorted_entries(dir, self.root, self.diagnostics) {
            if self.full {
                break;
            }
            let inner = format!("{inner}/{}", file_name(&path));
            match source::entry(&path, self.canonical_root, self.root, self.diagnostics) {
                Entry::Dir => self.folder(&path, &inner, ancestors),
                Entry::File => self.file(&path, inner),
                Entry::Skip => {}
            }
        }
        ancestors.pop();
    }

    fn file(&mut self, path: &Path, inner: String) {
        if self.files.len() >= MAX_THEME_FILES {
            self.full = true;
            self.error(
                path,
                &format!("the theme has more than {MAX_THEME_FILES} files"),
                "remove the files the theme does not use",
            );
            return;
        }
        let read = if inner.starts_with("static/") {
            source::read_bytes(
                self.root,
                path,
                MAX_ASSET_BYTES,
                "make the file smaller, or publish it somewhere other than the theme",
            )
            .map(Content::Bytes)
        } else {
            source::read_file(self.root, path).map(|file| {
                for warning in source::encoding_damage(&file) {
                    self.diagnostics.push(warning);
                }
                Content::Text(file.text)
            })
        };
        let content = match read {
            Ok(content) => content,
            Err(problem) => return self.diagnostics.push(problem),
        };
        self.bytes += match &content {
            Content::Text(text) => text.len() as u64,
            Content::Bytes(bytes) => bytes.len() as u64,
        };
        if self.bytes > MAX_THEME_BYTES {
            self.full = true;
            self.error(
                path,
                &format!(
                    "the theme's files hold more than {} MiB together",
                    MAX_THEME_BYTES / (1024 * 1024)
                ),
                "remove the files the theme does not use, or make them smaller",
            );
            return;
        }
        self.files.push((inner, rel(self.root, path), content));
    }

    fn error(&mut self, path: &Path, message: &str, help: &str) {
        self.diagnostics
            .push(Diagnostic::error(Origin::file(rel(self.root, path)), message).with_help(help));
    }
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
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
                theme.assets.insert(asset.to_owned(), bytes);
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

fn rel(root: &Path, path: &Path) -> PathBuf {
    crate::diagnostics::display_path(root, path)
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
        let theme = load(root.path(), "t", &mut diagnostics);
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
        let theme = load(&empty, "default", &mut diagnostics).expect("the built-in theme loads");
        let found: Vec<String> = diagnostics
            .into_sorted()
            .iter()
            .map(|d| format!("{}: {}", d.origin.file.display(), d.message))
            .collect();
        assert_eq!(found, Vec::<String>::new());
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
