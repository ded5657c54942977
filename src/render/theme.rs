//! Finding a theme's files: templates, static assets and strings. The
//! built-in default theme is embedded in the binary; a site's own
//! `themes/<name>/` overrides it file by file. The search order (site theme,
//! then built-in) is decided here and nowhere else. The string files are
//! read and checked in [`strings`].

mod strings;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::builtin;
use crate::diagnostics::{Diagnostic, Diagnostics, Origin};
use crate::i18n::ThemeStrings;

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
        add_file(
            &mut theme,
            &mut string_files,
            path,
            shown,
            bytes.to_vec(),
            true,
            diagnostics,
        );
    }

    let dir = root.join("themes").join(name);
    if dir.is_dir() {
        for entry in WalkDir::new(&dir).sort_by_file_name().follow_links(false) {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    diagnostics.error(
                        Origin::file(rel(root, &dir)),
                        format!("cannot read the theme: {err}"),
                    );
                    continue;
                }
            };
            if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.')
            {
                continue;
            }
            let path = entry.path();
            let inner = path
                .strip_prefix(&dir)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/");
            match std::fs::read(path) {
                Ok(bytes) => add_file(
                    &mut theme,
                    &mut string_files,
                    &inner,
                    rel(root, path),
                    bytes,
                    false,
                    diagnostics,
                ),
                Err(err) => diagnostics.error(
                    Origin::file(rel(root, path)),
                    format!("cannot read this file: {err}"),
                ),
            }
        }
    } else if name != "default" {
        diagnostics.push(
            Diagnostic::error(
                Origin::file("policies/site.yaml"),
                format!("the theme `{name}` does not exist: there is no folder `themes/{name}`"),
            )
            .with_help("remove `theme:` to use the built-in theme, or create the theme folder"),
        );
        return None;
    }

    theme.strings = strings(string_files, diagnostics)?;
    Some(theme)
}

fn add_file(
    theme: &mut Theme,
    string_files: &mut BTreeMap<String, Vec<(PathBuf, String)>>,
    inner: &str,
    shown: PathBuf,
    bytes: Vec<u8>,
    builtin: bool,
    diagnostics: &mut Diagnostics,
) {
    let mut text = || match String::from_utf8(bytes.clone()) {
        Ok(text) => Some(text),
        Err(_) => {
            diagnostics.push(Diagnostic::error(
                Origin::file(&shown),
                "this file is not valid UTF-8",
            ));
            None
        }
    };
    if let Some(name) = inner.strip_prefix("templates/") {
        if let Some(text) = text() {
            theme.templates.push(TemplateSource {
                name: name.to_owned(),
                text,
                path: shown,
                builtin,
            });
        }
    } else if let Some(asset) = inner.strip_prefix("static/") {
        theme.assets.insert(asset.to_owned(), bytes);
    } else if let Some(file) = inner.strip_prefix("i18n/")
        && let (Some(tag), Some(text)) = (file.strip_suffix(".yaml"), text())
    {
        string_files
            .entry(tag.to_owned())
            .or_default()
            .push((shown, text));
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
