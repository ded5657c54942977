//! Finding and reading the source files: `policies/site.yaml`, every
//! `policy.yaml` and every `<version>/<locale>.yaml`.
//!
//! This module owns the file system layout of the sources and the raw shape
//! of each file ([`raw`]); it knows nothing of what the values mean. Every
//! problem it meets (a missing file, a YAML error, a stray file) becomes a
//! [`Diagnostic`] and reading goes on, so one run reports them all.
//!
//! It also owns the rules for reading any file of a project, which the
//! theme loader (`render::theme`) follows too: [`entry`] decides which
//! entries are read (hidden ones are not; a symbolic link only when it
//! stays inside the project and does not lead into a hidden folder), and
//! [`read_bytes`] and [`read_file`] read a file of bounded size, the latter
//! as UTF-8 text.

pub mod files;
pub mod raw;
pub mod yaml;

use std::borrow::Cow;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Diagnostics, Origin, Pos};
pub use files::{Dir, Files, Node};

/// Files larger than this are refused: no real policy comes close, and reading
/// one into memory should never be how a build fails.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// What a folder entry is, once the reading rules are applied ([`entry`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// A file to read (perhaps through a symbolic link inside the project).
    File,
    /// A folder to look into (likewise).
    Dir,
    /// Not read: hidden, neither file nor folder, or a refused link (the
    /// refusal is reported).
    Skip,
}

/// A source file read into memory.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path relative to the project root, as shown in messages.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
}

/// A source file together with what it parsed into.
#[derive(Debug)]
pub struct Loaded<T> {
    /// The file it came from.
    pub file: SourceFile,
    /// Its contents.
    pub data: T,
}

/// Everything found under `policies/`: the settings files parsed, the
/// version folders found (each parsed when it is read, so that a cache of
/// what is made from it can skip that), nothing validated yet.
#[derive(Debug)]
pub struct SourceTree<'f> {
    /// `policies/site.yaml`, if it exists and parsed.
    pub site: Option<Loaded<raw::SiteFile>>,
    /// One entry per policy folder, sorted by folder name.
    pub policies: Vec<PolicySource<'f>>,
}

/// A policy folder.
#[derive(Debug)]
pub struct PolicySource<'f> {
    /// The folder name (the policy id, once validated).
    pub name: String,
    /// The folder, relative to the root.
    pub dir: PathBuf,
    /// `policy.yaml`, if it exists and parsed.
    pub policy: Option<Loaded<raw::PolicyFile>>,
    /// One entry per version folder, sorted by folder name.
    pub versions: Vec<VersionFolder<'f>>,
}

/// A version folder, not yet read.
#[derive(Debug, Clone)]
pub struct VersionFolder<'f> {
    /// The folder name (the version id, once validated).
    pub name: String,
    /// The folder, relative to the root.
    pub dir: PathBuf,
    /// Changes whenever anything in the folder does (a file's bytes, a file
    /// added, removed or refused): what is made from the folder can be
    /// kept as long as this stays the same.
    pub stamp: u64,
    folder: &'f Dir,
}

impl VersionFolder<'_> {
    /// Reads and parses the folder's files.
    pub fn read(&self, diagnostics: &mut Diagnostics) -> VersionSource {
        VersionSource::from_dir(self.dir.clone(), self.folder, diagnostics)
    }
}

/// A version folder, read.
#[derive(Debug)]
pub struct VersionSource {
    /// The folder name (the version id, once validated).
    pub name: String,
    /// The folder, relative to the root.
    pub dir: PathBuf,
    /// `(locale file stem, parsed file)`, sorted by file name.
    pub files: Vec<(String, Loaded<raw::VersionFile>)>,
    /// Stems of the files that exist but could not be read (already reported).
    pub unreadable: Vec<String>,
}

/// Reads every source file under `<root>/policies`.
///
/// Problems are added to `diagnostics`; whatever could be read is returned.
impl<'f> SourceTree<'f> {
    /// The source tree of `files` (read from a folder or given from memory).
    ///
    /// Problems are added to `diagnostics`; whatever could be read is returned.
    pub fn from_files(files: &'f Files, diagnostics: &mut Diagnostics) -> SourceTree<'f> {
        let mut tree = SourceTree {
            site: None,
            policies: Vec::new(),
        };
        let top = Path::new("policies");
        let policies = match files.get(top) {
            Some(Node::Dir(dir)) => dir,
            Some(Node::Refused(problem)) => {
                diagnostics.push(problem.clone());
                return tree;
            }
            Some(Node::File(_)) | None => {
                diagnostics.push(
                    Diagnostic::error(Origin::file(top), "there is no `policies` folder here")
                        .with_help(
                            "run privsite in the project folder (or pass --root DIR), or create a new project with `privsite init`",
                        ),
                );
                return tree;
            }
        };
        for (name, node) in policies.entries() {
            let path = top.join(name);
            match node {
                Node::File(file) if name == "site.yaml" => {
                    tree.site = parse(&path, file, diagnostics);
                }
                Node::File(_) if name == "site.yml" => {
                    diagnostics.push(wrong_extension(&path, "site.yaml"))
                }
                Node::Dir(dir) => {
                    tree.policies
                        .push(PolicySource::from_dir(path, dir, diagnostics))
                }
                Node::Refused(problem) => diagnostics.push(problem.clone()),
                Node::File(_) => {}
            }
        }
        if tree.site.is_none() && !diagnostics.has_errors() {
            diagnostics.push(
                Diagnostic::error(
                    Origin::file(top.join("site.yaml")),
                    "the site settings file `policies/site.yaml` is missing",
                )
                .with_help("create it with at least `title:` and `base_url:` (see docs/FORMAT.md)"),
            );
        }
        tree
    }
}

impl<'f> PolicySource<'f> {
    /// The policy folder `dir`, at `path` (relative to the root).
    pub fn from_dir(
        path: PathBuf,
        dir: &'f Dir,
        diagnostics: &mut Diagnostics,
    ) -> PolicySource<'f> {
        let mut policy = PolicySource {
            name: file_name(&path),
            dir: path,
            policy: None,
            versions: Vec::new(),
        };
        let mut has_file = false;
        for (name, node) in dir.entries() {
            let path = policy.dir.join(name);
            match node {
                Node::File(file) if name == "policy.yaml" => {
                    has_file = true;
                    policy.policy = parse(&path, file, diagnostics);
                }
                Node::File(_) if name == "policy.yml" => {
                    diagnostics.push(wrong_extension(&path, "policy.yaml"))
                }
                Node::Dir(inner) => policy.versions.push(VersionFolder {
                    name: file_name(&path),
                    stamp: stamp_of(inner),
                    dir: path,
                    folder: inner,
                }),
                Node::Refused(problem) => {
                    has_file |= name == "policy.yaml";
                    diagnostics.push(problem.clone());
                }
                Node::File(_) => {}
            }
        }
        if !has_file {
            diagnostics.push(
                Diagnostic::error(
                    Origin::file(policy.dir.join("policy.yaml")),
                    format!("the policy folder `{}` has no `policy.yaml`", policy.name),
                )
                .with_help("add a policy.yaml with at least `title:` and `owner:`"),
            );
        }
        policy
    }
}

impl VersionSource {
    /// The version folder `dir`, at `path` (relative to the root).
    pub fn from_dir(path: PathBuf, dir: &Dir, diagnostics: &mut Diagnostics) -> VersionSource {
        let mut version = VersionSource {
            name: file_name(&path),
            dir: path,
            files: Vec::new(),
            unreadable: Vec::new(),
        };
        for (name, node) in dir.entries() {
            let path = version.dir.join(name);
            let name = name.to_string_lossy();
            match node {
                Node::File(file) => {
                    if let Some(stem) = name.strip_suffix(".yaml") {
                        match parse(&path, file, diagnostics) {
                            Some(loaded) => version.files.push((stem.to_owned(), loaded)),
                            None => version.unreadable.push(stem.to_owned()),
                        }
                    } else if let Some(stem) = name.strip_suffix(".yml") {
                        diagnostics.push(wrong_extension(&path, &format!("{stem}.yaml")));
                    }
                }
                Node::Dir(_) => diagnostics.push(
                    Diagnostic::warning(
                        Origin::file(&path),
                        "this folder inside a version folder is ignored",
                    )
                    .with_help("a version folder holds only `<locale>.yaml` files"),
                ),
                // A file that is not read is reported: the version does not
                // also lack it.
                Node::Refused(problem) => {
                    diagnostics.push(problem.clone());
                    if let Some(stem) = name.strip_suffix(".yaml") {
                        version.unreadable.push(stem.to_owned());
                    }
                }
            }
        }
        version
    }
}

/// What `path` is to a reader of the project at `root` (`canonical_root`
/// is its canonical form). Hidden entries are skipped. A symbolic link is
/// followed only when its target is inside the project and not inside a
/// hidden folder (`.git/config`, `.env`): the target's text would end up
/// in messages or on the published site. Any other link is an error,
/// reported here; a link is never skipped without a word.
pub fn entry(
    path: &Path,
    canonical_root: &Path,
    root: &Path,
    diagnostics: &mut Diagnostics,
) -> Entry {
    if file_name(path).starts_with('.') {
        return Entry::Skip;
    }
    let Ok(meta) = fs::symlink_metadata(path) else {
        return Entry::Skip;
    };
    if meta.file_type().is_symlink() {
        let refuse = |message: String, diagnostics: &mut Diagnostics| {
            diagnostics.push(
                Diagnostic::error(Origin::file(rel(root, path)), message)
                    .with_help("copy the file into the project instead of linking to it"),
            );
            Entry::Skip
        };
        let target = match fs::canonicalize(path) {
            Ok(target) if target.starts_with(canonical_root) => target,
            _ => {
                return refuse(
                    "this symbolic link points outside the project (or nowhere) and is not followed".to_owned(),
                    diagnostics,
                );
            }
        };
        let inside = target.strip_prefix(canonical_root).unwrap_or(&target);
        if inside
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        {
            return refuse(
                format!(
                    "this symbolic link points into a hidden file or folder (`{}`) and is not followed",
                    inside.display()
                ),
                diagnostics,
            );
        }
    }
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => Entry::Dir,
        Ok(m) if m.is_file() => Entry::File,
        _ => Entry::Skip,
    }
}

/// The entries of the folder `dir`, sorted by name (a folder that cannot
/// be read is reported and has none).
pub fn sorted_entries(dir: &Path, root: &Path, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    match fs::read_dir(dir) {
        Ok(entries) => {
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            paths
        }
        Err(err) => {
            diagnostics.error(
                Origin::file(rel(root, dir)),
                format!("cannot read this folder: {err}"),
            );
            Vec::new()
        }
    }
}

/// A stamp for everything in `dir`: its entries' names, and each file's
/// stamp or each refusal's message.
pub fn stamp_of(dir: &Dir) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = crate::fingerprint::hasher();
    for (name, node) in dir.entries() {
        name.hash(&mut hasher);
        match node {
            Node::File(file) => (0u8, file.stamp).hash(&mut hasher),
            Node::Dir(inner) => (1u8, stamp_of(inner)).hash(&mut hasher),
            Node::Refused(problem) => (2u8, &problem.message).hash(&mut hasher),
        }
    }
    hasher.finish()
}

/// Parses one file read into memory, recording any problem.
fn parse<T: DeserializeOwned + Send>(
    path: &Path,
    file: &files::File,
    diagnostics: &mut Diagnostics,
) -> Option<Loaded<T>> {
    let file = file
        .bytes()
        .and_then(|bytes| decode(path.to_path_buf(), bytes))
        .map_err(|d| diagnostics.push(d))
        .ok()?;
    for warning in encoding_damage(&file) {
        diagnostics.push(warning);
    }
    // Every problem of the file; the rest of it is still checked when they
    // leave it whole.
    let (data, problems) = yaml::parse_all::<T>(&file.path, &file.text);
    for problem in problems {
        diagnostics.push(problem);
    }
    Some(Loaded { file, data: data? })
}

/// Reads a file of at most `limit` bytes, whatever it holds; `help` says
/// what to do with a larger one. Nothing past the limit is read.
pub fn read_bytes(root: &Path, path: &Path, limit: u64, help: &str) -> Result<Vec<u8>, Diagnostic> {
    let shown = rel(root, path);
    let file = fs::File::open(path).map_err(|err| {
        Diagnostic::error(
            Origin::file(&shown),
            format!("cannot open this file: {err}"),
        )
    })?;
    // Room for the whole file at once: grown from nothing, the buffer would
    // be read into and copied a dozen times for a file of 20 KB.
    let size = file.metadata().map_or(0, |m| m.len()).min(limit);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| {
            Diagnostic::error(
                Origin::file(&shown),
                format!("cannot read this file: {err}"),
            )
        })?;
    if bytes.len() as u64 > limit {
        return Err(Diagnostic::error(
            Origin::file(&shown),
            format!("this file is larger than {} MiB", limit / (1024 * 1024)),
        )
        .with_help(help));
    }
    Ok(bytes)
}

/// Reads a UTF-8 text file of at most [`MAX_FILE_BYTES`] (a byte order
/// mark at its start is dropped).
pub fn read_file(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    let bytes = read_bytes(
        root,
        path,
        MAX_FILE_BYTES,
        "split the text into files of reasonable size; no policy or theme file needs this much text",
    )?;
    decode(rel(root, path), Cow::Owned(bytes))
}

/// A text file's bytes as UTF-8 text (a byte order mark at its start is
/// dropped); `shown` is its path as messages name it.
/// Bytes read for the purpose (`Cow::Owned`) become the text without a
/// copy.
pub fn decode(shown: PathBuf, bytes: Cow<'_, [u8]>) -> Result<SourceFile, Diagnostic> {
    let mut text = match bytes {
        Cow::Owned(bytes) => String::from_utf8(bytes)
            .map_err(|err| not_utf8(&shown, err.as_bytes(), err.utf8_error()))?,
        Cow::Borrowed(bytes) => std::str::from_utf8(bytes)
            .map_err(|err| not_utf8(&shown, bytes, err))?
            .to_owned(),
    };
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(SourceFile { path: shown, text })
}

/// The error of a file `shown` whose `bytes` are not UTF-8, at the first
/// byte that is not.
fn not_utf8(shown: &Path, bytes: &[u8], err: std::str::Utf8Error) -> Diagnostic {
    let good = &bytes[..err.valid_up_to()];
    let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let pos = Pos {
        line: u32::try_from(good.iter().filter(|&&b| b == b'\n').count() + 1).unwrap_or(u32::MAX),
        column: u32::try_from(String::from_utf8_lossy(&good[line_start..]).chars().count() + 1)
            .unwrap_or(u32::MAX),
    };
    let bad = bytes[good.len()];
    Diagnostic::error(
        Origin::at(shown, Some(pos)),
        format!("this file is not valid UTF-8: the byte 0x{bad:02X} here is not text in UTF-8"),
    )
    .with_source(&String::from_utf8_lossy(bytes))
    .with_help(
        "the file was probably saved as Latin-1 or Windows-1252; save it again as UTF-8 in your editor",
    )
}

/// Text that was UTF-8, read as Windows-1252 and saved again as UTF-8
/// ("â„¢" for "™", "Ã©" for "é"), as happens when text is copied between
/// programs. One warning per line, with the characters that were meant.
pub fn encoding_damage(file: &SourceFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (number, line) in damage_candidates(&file.text) {
        let chars: Vec<char> = line.chars().collect();
        let found = (0..chars.len()).find_map(|i| {
            let next = *chars.get(i + 1)?;
            let lead = match chars[i] {
                'Ã' if ('\u{80}'..='\u{bf}').contains(&next)
                    || "©¨ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿¡¢£¤¥¦§".contains(next) =>
                {
                    2
                }
                'Â' if ('\u{a0}'..='\u{bf}').contains(&next) => 2,
                'â' if next == '€' || next == '„' => 3,
                _ => return None,
            };
            let damaged: String = chars[i..(i + lead).min(chars.len())].iter().collect();
            let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&damaged);
            let meant = if unmappable {
                None
            } else {
                String::from_utf8(bytes.into_owned()).ok()
            };
            Some((i, damaged, meant))
        });
        if let Some((column, damaged, meant)) = found {
            let pos = Pos {
                line: u32::try_from(number).unwrap_or(u32::MAX),
                column: column as u32 + 1,
            };
            let help = match meant {
                Some(meant) => format!("replace `{damaged}` with `{meant}` (and look for the same damage elsewhere in the text)"),
                None => "the text was probably copied from a program that changed its encoding; retype the damaged characters".to_owned(),
            };
            out.push(
                Diagnostic::warning(
                    Origin::at(&file.path, Some(pos)),
                    format!("`{damaged}` looks like damaged text"),
                )
                .with_source(&file.text)
                .with_help(help),
            );
        }
    }
    out
}

/// The lines of `text` (numbered from 1, as `str::lines` splits them) that
/// hold `Ã`, `Â` or `â`, with which damage always starts. Those three are
/// the bytes `C3 83`, `C3 82` and `C3 A2` in UTF-8: the search runs over the
/// bytes (`memchr`), so that the lines of a long text without them, nearly
/// all of them, cost nothing.
fn damage_candidates(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let (mut counted_to, mut number) = (0, 1);
    let mut next_line = 0;
    for at in memchr::memchr_iter(0xC3, bytes) {
        if at < next_line || !matches!(bytes.get(at + 1), Some(0x82 | 0x83 | 0xA2)) {
            continue;
        }
        number += memchr::memchr_iter(b'\n', &bytes[counted_to..at]).count();
        counted_to = at;
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let line = &text[start..end];
        // A line ends before "\r\n" as before "\n"; a "\r" that ends the
        // text stays in its line.
        let line = match line.strip_suffix('\r') {
            Some(stripped) if end < bytes.len() => stripped,
            _ => line,
        };
        lines.push((number, line));
        next_line = end;
    }
    lines
}

fn wrong_extension(path: &Path, expected: &str) -> Diagnostic {
    Diagnostic::error(Origin::file(path), "source files must end in `.yaml`")
        .with_help(format!("rename it to `{expected}`"))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn rel(root: &Path, path: &Path) -> PathBuf {
    crate::diagnostics::display_path(root, path)
}

/// The candidate closest to `word`, if one is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: &'a [String]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(distance, c)| *distance <= 2.max(c.len() / 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn damage(text: &str) -> Vec<(u32, String)> {
        let file = SourceFile {
            path: "x.yaml".into(),
            text: text.to_owned(),
        };
        encoding_damage(&file)
            .into_iter()
            .map(|d| (d.origin.pos.unwrap().column, d.help.unwrap()))
            .collect()
    }

    #[test]
    fn finds_text_decoded_with_the_wrong_encoding() {
        assert_eq!(
            damage("title: Zimbraâ„¢ - Privacy"),
            [(
                14,
                "replace `â„¢` with `™` (and look for the same damage elsewhere in the text)"
                    .to_owned()
            )]
        );
        assert_eq!(
            damage("body: donnÃ©es")[0].1,
            "replace `Ã©` with `é` (and look for the same damage elsewhere in the text)"
        );
        assert_eq!(
            damage("it\u{e2}\u{20ac}\u{2122}s")[0].1,
            "replace `â€™` with `’` (and look for the same damage elsewhere in the text)"
        );
        assert_eq!(
            damage("price: Â£5")[0].1,
            "replace `Â£` with `£` (and look for the same damage elsewhere in the text)"
        );
    }

    proptest::proptest! {
        /// The lines searched for damage are those `str::lines` gives that
        /// hold one of the characters damage starts with, numbered as it
        /// numbers them, whatever the line ends and the characters around.
        #[test]
        fn damage_is_looked_for_on_every_line_that_can_hold_it(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "é", "Ã", "Ã©", "Â", "Â£", "â", "â„¢", "\n", "\r\n", "\r", " ", "Ç", "ã",
                ]),
                0..40,
            )
        ) {
            let text = pieces.concat();
            let expected: Vec<(usize, &str)> = text
                .lines()
                .enumerate()
                .filter(|(_, line)| line.contains(['Ã', 'Â', 'â']))
                .map(|(i, line)| (i + 1, line))
                .collect();
            proptest::prop_assert_eq!(damage_candidates(&text), expected);
        }
    }

    #[test]
    fn finds_damage_on_the_line_it_is_on() {
        let file = SourceFile {
            path: "x.yaml".into(),
            text: "title: ok\r\nbody: |\n  donnÃ©es\n\n  Zimbraâ„¢\n".to_owned(),
        };
        let found: Vec<_> = encoding_damage(&file)
            .into_iter()
            .map(|d| d.origin.pos.unwrap())
            .map(|p| (p.line, p.column))
            .collect();
        assert_eq!(found, [(3, 7), (5, 9)]);
    }

    #[test]
    fn leaves_real_text_alone() {
        for text in [
            "Ça va. À bientôt. Âme, âge, château",
            "Zimbra™ “quoted” — données, naïve, São Paulo",
            "Ãx",
        ] {
            assert!(damage(text).is_empty(), "{text}");
        }
    }
}
