//! Finding a theme's files: templates, static assets and strings. The
//! built-in default theme is embedded in the binary; a site's own
//! `themes/<name>/` overrides it file by file. The search order (site theme,
//! then built-in) is decided here and nowhere else.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::builtin;
use crate::diagnostics::{Diagnostic, Diagnostics, Origin};
use crate::i18n::{Strings, ThemeStrings};
use crate::source::yaml::{self, Spanned};

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

/// One parsed string file: its path, its text and its entries.
type ParsedStrings = (PathBuf, String, BTreeMap<String, Spanned<String>>);

/// Parses the string files, built-in first so a site's keys override them,
/// and checks every key against the English reference.
fn strings(
    files: BTreeMap<String, Vec<(PathBuf, String)>>,
    diagnostics: &mut Diagnostics,
) -> Option<ThemeStrings> {
    let mut parsed: BTreeMap<String, Vec<ParsedStrings>> = BTreeMap::new();
    let mut ok = true;
    for (tag, versions) in files {
        if let Err(problem) = crate::model::Locale::parse(&tag) {
            for (path, _) in &versions {
                diagnostics.push(Diagnostic::error(
                    Origin::file(path),
                    format!("the file name does not name a locale: {problem}"),
                ));
            }
            ok = false;
            continue;
        }
        for (path, text) in versions {
            match yaml::parse::<BTreeMap<String, Spanned<String>>>(&path, &text) {
                Ok(map) => parsed
                    .entry(tag.clone())
                    .or_default()
                    .push((path, text, map)),
                Err(d) => {
                    diagnostics.push(d);
                    ok = false;
                }
            }
        }
    }
    let reference: Vec<String> = parsed
        .get(crate::i18n::strings::REFERENCE_LOCALE)
        .map(|files| {
            files
                .iter()
                .flat_map(|(_, _, m)| m.keys().cloned())
                .collect()
        })
        .unwrap_or_default();
    let mut by_locale: BTreeMap<String, Strings> = BTreeMap::new();
    for (tag, files) in parsed {
        let strings = by_locale.entry(tag.clone()).or_default();
        for (path, text, map) in files {
            for (key, value) in map {
                if !reference.contains(&key) {
                    let help = match crate::source::suggest(&key, &reference) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "every key must also be in the theme's en.yaml".to_owned(),
                    };
                    diagnostics.push(
                        Diagnostic::error(
                            Origin::at(&path, value.pos),
                            format!("unknown theme string `{key}`"),
                        )
                        .with_source(&text)
                        .with_help(help),
                    );
                    ok = false;
                    continue;
                }
                strings.insert(key, value.value);
            }
        }
    }
    ok.then(|| ThemeStrings::new(by_locale))
}

fn rel(root: &Path, path: &Path) -> PathBuf {
    crate::diagnostics::display_path(root, path)
}
