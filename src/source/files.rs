//! The project's files in memory, as one reading of the folder saw them:
//! `policies/` and `themes/`, read by the reading rules ([`super::entry`]:
//! hidden entries are left out, a symbolic link is followed only inside the
//! project) and within the size limits. Everything later (the source tree,
//! the theme) reads from here, never from the disk, so a project can also be
//! given from memory (tests, fuzzing) and a watcher can re-read only the
//! paths that changed ([`Files::refresh`]) and get exactly what a new
//! reading would.
//!
//! A problem met while reading (a link refused, a file too large or that
//! cannot be read) is kept in the tree as a [`Node::Refused`] entry, and
//! reported by whoever walks there: a theme not in use never reports its
//! files.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::{Entry, MAX_FILE_BYTES, entry};
use crate::diagnostics::{Diagnostic, Diagnostics, Origin};

/// The largest static file a theme may have (an image, a font, a PDF).
pub const MAX_ASSET_BYTES: u64 = 16 * 1024 * 1024;

/// The most a theme's files may hold together: they are kept in memory.
pub const MAX_THEME_BYTES: u64 = 64 * 1024 * 1024;

/// The most files a theme may have.
pub const MAX_THEME_FILES: usize = 10_000;

/// How deep folders may nest inside a theme's `templates/`, `static/` or `i18n/`.
pub const MAX_THEME_DEPTH: usize = 16;

/// The folders of the project that are read.
pub const TOP: [&str; 2] = ["policies", "themes"];

/// The folders of a theme that are read; anything else in it is left alone.
pub const THEME_PARTS: [&str; 3] = ["templates", "static", "i18n"];

/// How deep `policies/` is read: `policies/<policy>/<version>/<locale>.yaml`.
/// A folder deeper than that is kept, empty, so that it can be reported.
const POLICY_DEPTH: usize = 3;

/// One entry of a folder.
#[derive(Debug, Clone)]
pub enum Node {
    /// A folder and what it holds.
    Dir(Dir),
    /// A file's bytes.
    File(File),
    /// An entry that was not read; reported by whoever walks there.
    Refused(Diagnostic),
}

/// A folder's entries, sorted by name.
#[derive(Debug, Clone, Default)]
pub struct Dir {
    entries: BTreeMap<OsString, Node>,
}

impl Dir {
    /// The entries, sorted by name.
    pub fn entries(&self) -> impl Iterator<Item = (&OsStr, &Node)> {
        self.entries
            .iter()
            .map(|(name, node)| (name.as_os_str(), node))
    }

    /// The entry called `name`.
    pub fn get(&self, name: &str) -> Option<&Node> {
        self.entries.get(OsStr::new(name))
    }

    /// Whether the folder is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A file read into memory, or listed to be read when it is used.
#[derive(Debug, Clone)]
pub struct File {
    content: Content,
    /// Changes whenever the bytes do, and only then: what a cache of
    /// anything made from the file is keyed by. Unique in the process, so
    /// that no two readings ever give two files one stamp.
    pub stamp: u64,
}

#[derive(Debug, Clone)]
enum Content {
    /// The bytes, read.
    Held(Arc<[u8]>),
    /// A version file listed by [`Files::scan`]: read when it is used.
    OnDisk {
        /// The project folder.
        root: PathBuf,
        /// The file, under `root`.
        path: PathBuf,
    },
}

impl File {
    /// The file's bytes: those held, or, for a version file listed by
    /// [`Files::scan`], read now. A file that cannot be read now gets the
    /// problem a first reading would have refused it with.
    pub fn bytes(&self) -> Result<std::borrow::Cow<'_, [u8]>, Diagnostic> {
        match &self.content {
            Content::Held(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
            Content::OnDisk { root, path } => {
                let (limit, help) = limit_of(path.strip_prefix(root).unwrap_or(path));
                super::read_bytes(root, path, limit, help).map(std::borrow::Cow::Owned)
            }
        }
    }

    /// Whether the two hold the same bytes, as far as is known without
    /// reading: a file listed to be read later is never known to be the same.
    fn same_bytes(&self, other: &File) -> bool {
        match (&self.content, &other.content) {
            (Content::Held(a), Content::Held(b)) => a == b,
            _ => false,
        }
    }
}

/// The project's files, read from a folder or given from memory.
#[derive(Debug, Clone)]
pub struct Files {
    /// The project folder, when read from one.
    root: Option<PathBuf>,
    tree: Dir,
    /// Paths (relative) that were reached through a symbolic link: a change
    /// to the link's target is not a change to them as a watcher sees it,
    /// so [`Files::refresh`] reads them again each time.
    linked: BTreeSet<PathBuf>,
    /// Whether version files are only listed, to be read when they are
    /// used ([`Files::scan`]).
    listed_only: bool,
}

impl Files {
    /// Reads `policies/` and `themes/` of the project at `root`.
    pub fn read(root: &Path) -> Files {
        Files::reading(root, false)
    }

    /// Lists the project at `root` as [`Files::read`] does, but reads each
    /// version file (`policies/<policy>/<version>/<file>`) only when it is
    /// used ([`File::bytes`]) and does not keep its bytes: for a build or a
    /// check, which read each file once, in parallel, and would otherwise
    /// hold every version's bytes while the model is made from them. A file
    /// too large is refused here already, as [`Files::read`] refuses it.
    pub fn scan(root: &Path) -> Files {
        Files::reading(root, true)
    }

    fn reading(root: &Path, listed_only: bool) -> Files {
        let mut files = Files::empty(Some(root.to_path_buf()));
        files.listed_only = listed_only;
        for top in TOP {
            files.reread(Path::new(top));
        }
        files
    }

    /// A project given as `(relative path, bytes)` pairs, such as
    /// `("policies/site.yaml", ...)`: folders are made as the paths need,
    /// and the same size limits apply as when reading a folder.
    pub fn in_memory<P: AsRef<Path>, B: Into<Vec<u8>>>(
        files: impl IntoIterator<Item = (P, B)>,
    ) -> Files {
        let mut out = Files::empty(None);
        for (path, bytes) in files {
            out.write(path, bytes);
        }
        out
    }

    /// Sets the file at `path` (relative) to `bytes`, as an edit would; a
    /// file whose bytes do not change keeps its stamp. For files given from
    /// memory: files read from a folder follow the folder ([`Files::refresh`]).
    pub fn write(&mut self, path: impl AsRef<Path>, bytes: impl Into<Vec<u8>>) {
        let (path, bytes) = (path.as_ref(), bytes.into());
        let node = match limit_problem(path, bytes.len() as u64) {
            Some(problem) => Node::Refused(problem),
            None => self.file(bytes.into()),
        };
        self.put(path, node);
    }

    /// Removes the file or folder at `path` (relative), with what it holds.
    pub fn delete(&mut self, path: impl AsRef<Path>) {
        self.remove(path.as_ref());
    }

    fn empty(root: Option<PathBuf>) -> Files {
        Files {
            root,
            tree: Dir::default(),
            linked: BTreeSet::new(),
            listed_only: false,
        }
    }

    /// The project folder these files were read from, if any.
    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    /// The entry at `path` (relative, such as `policies/acme`).
    pub fn get(&self, path: &Path) -> Option<&Node> {
        let mut node: Option<&Node> = None;
        let mut dir = &self.tree;
        for part in parts(path)? {
            let found = dir.entries.get(&part)?;
            node = Some(found);
            match found {
                Node::Dir(inner) => dir = inner,
                _ => dir = EMPTY_DIR.get_or_init(Dir::default),
            }
        }
        node
    }

    /// The folder at `path`, if it is one.
    pub fn dir(&self, path: &Path) -> Option<&Dir> {
        if path.as_os_str().is_empty() {
            return Some(&self.tree);
        }
        match self.get(path)? {
            Node::Dir(dir) => Some(dir),
            _ => None,
        }
    }

    /// Reads again what changed at each of `paths` (absolute, or relative to
    /// the root; a file or folder changed, made, removed or renamed), so that
    /// the files are what [`Files::read`] would find now. Returns the
    /// relative paths whose contents may have changed: a file whose bytes
    /// are the same keeps its stamp. Does nothing for files given from memory.
    pub fn refresh(&mut self, paths: &[PathBuf]) -> BTreeSet<PathBuf> {
        let Some(root) = self.root.clone() else {
            return BTreeSet::new();
        };
        let canonical_root = fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
        let relative = |path: &PathBuf| -> Option<PathBuf> {
            if path.is_absolute() {
                path.strip_prefix(&root)
                    .or_else(|_| path.strip_prefix(&canonical_root))
                    .ok()
                    .map(Path::to_path_buf)
            } else {
                Some(path.clone())
            }
        };
        let linked: Vec<PathBuf> = self.linked.iter().cloned().collect();
        let mut targets: BTreeSet<PathBuf> = BTreeSet::new();
        for relative in paths.iter().filter_map(relative).chain(linked) {
            let Some(parts) = parts(&relative) else {
                continue;
            };
            if !parts.first().is_some_and(|p| TOP.iter().any(|t| p == t)) {
                continue;
            }
            // A theme is read again whole, so that its limits count every
            // file of it as a first reading does.
            if parts[0] == "themes" && parts.len() > 2 {
                targets.insert(parts[..2].iter().collect());
                continue;
            }
            // Read again from the first folder the tree does not have.
            let mut known = PathBuf::new();
            for part in &parts {
                known.push(part);
                if !matches!(self.get(&known), Some(Node::Dir(_))) {
                    break;
                }
            }
            targets.insert(known);
        }
        // A path inside another one read again is read with it.
        let targets: Vec<PathBuf> = targets
            .iter()
            .filter(|t| {
                !targets
                    .iter()
                    .any(|other| other != *t && t.starts_with(other))
            })
            .cloned()
            .collect();
        let mut changed = BTreeSet::new();
        for target in targets {
            changed.insert(target.clone());
            self.reread(&target);
        }
        changed
    }

    /// Reads the entry at `relative` again, with everything under it.
    fn reread(&mut self, relative: &Path) {
        let Some(root) = self.root.clone() else {
            return;
        };
        let canonical_root = fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
        self.linked.retain(|p| !p.starts_with(relative));
        // What is under a link, or under a folder refused, is read as its
        // parent's reading decides: read the parent's entry again.
        let ancestors_ok = {
            let mut at = PathBuf::new();
            let mut ok = true;
            let parts = parts(relative).unwrap_or_default();
            for part in &parts[..parts.len().saturating_sub(1)] {
                at.push(part);
                if !matches!(self.get(&at), Some(Node::Dir(_))) {
                    ok = false;
                }
            }
            ok
        };
        if !ancestors_ok {
            return;
        }
        let mut reader = Reader {
            root: &root,
            canonical_root: &canonical_root,
            files: self,
            theme: None,
        };
        match reader.node(&root.join(relative), relative) {
            Some(node) => self.put(relative, node),
            None => self.remove(relative),
        }
    }

    fn file(&mut self, bytes: Arc<[u8]>) -> Node {
        Node::File(File {
            content: Content::Held(bytes),
            stamp: next_stamp(),
        })
    }

    /// Puts `node` at `path`, making the folders on the way.
    fn put(&mut self, path: &Path, node: Node) {
        let Some(parts) = parts(path) else {
            return;
        };
        let Some((last, folders)) = parts.split_last() else {
            return;
        };
        let mut dir = &mut self.tree;
        for part in folders {
            let entry = dir
                .entries
                .entry(part.clone())
                .or_insert_with(|| Node::Dir(Dir::default()));
            if !matches!(entry, Node::Dir(_)) {
                *entry = Node::Dir(Dir::default());
            }
            let Node::Dir(inner) = entry else {
                unreachable!("made a folder just above")
            };
            dir = inner;
        }
        // A file whose bytes did not change keeps its stamp.
        let node = match (dir.entries.get(last), node) {
            (Some(Node::File(old)), Node::File(new)) if old.same_bytes(&new) => {
                Node::File(old.clone())
            }
            (Some(Node::Dir(old)), Node::Dir(new)) => Node::Dir(keep_stamps(old, new)),
            (_, node) => node,
        };
        dir.entries.insert(last.clone(), node);
    }

    fn remove(&mut self, path: &Path) {
        let Some(parts) = parts(path) else {
            return;
        };
        let Some((last, folders)) = parts.split_last() else {
            return;
        };
        let mut dir = &mut self.tree;
        for part in folders {
            match dir.entries.get_mut(part) {
                Some(Node::Dir(inner)) => dir = inner,
                _ => return,
            }
        }
        dir.entries.remove(last);
    }
}

static EMPTY_DIR: std::sync::OnceLock<Dir> = std::sync::OnceLock::new();

/// The stamp the next file read gets.
static NEXT_STAMP: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_stamp() -> u64 {
    NEXT_STAMP.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// `new`, with the stamps of `old`'s files whose bytes did not change.
fn keep_stamps(old: &Dir, mut new: Dir) -> Dir {
    for (name, node) in &mut new.entries {
        match (old.entries.get(name), &mut *node) {
            (Some(Node::File(before)), Node::File(now)) if before.same_bytes(now) => {
                now.stamp = before.stamp;
            }
            (Some(Node::Dir(before)), Node::Dir(now)) => {
                *now = keep_stamps(before, std::mem::take(now));
            }
            _ => {}
        }
    }
    new
}

/// The normal parts of a relative path; `None` for one that leaves the
/// project (`..`, a root).
fn parts(path: &Path) -> Option<Vec<OsString>> {
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| match c {
            Component::Normal(part) => Some(part.to_os_string()),
            _ => None,
        })
        .collect()
}

/// Where a file lies decides its size limit: a theme's static files may be
/// larger than text.
fn limit_of(relative: &Path) -> (u64, &'static str) {
    let mut parts = relative.components();
    let is_static = parts.next().is_some_and(|c| c.as_os_str() == "themes")
        && parts.next().is_some()
        && parts.next().is_some_and(|c| c.as_os_str() == "static");
    if is_static {
        (
            MAX_ASSET_BYTES,
            "make the file smaller, or publish it somewhere other than the theme",
        )
    } else {
        (
            MAX_FILE_BYTES,
            "split the text into files of reasonable size; no policy or theme file needs this much text",
        )
    }
}

/// Whether `relative` is where a version file lies:
/// `policies/<policy>/<version>/<file>`.
fn is_version_file(relative: &Path) -> bool {
    let mut parts = relative.components();
    parts.next().is_some_and(|c| c.as_os_str() == "policies") && parts.count() == POLICY_DEPTH
}

fn limit_problem(relative: &Path, size: u64) -> Option<Diagnostic> {
    let (limit, help) = limit_of(relative);
    (size > limit).then(|| {
        Diagnostic::error(
            Origin::file(relative),
            format!("this file is larger than {} MiB", limit / (1024 * 1024)),
        )
        .with_help(help)
    })
}

/// What one theme read so far holds, against its limits.
#[derive(Debug, Default)]
struct ThemeCount {
    files: usize,
    bytes: u64,
    /// Whether a limit was reached (and reported): nothing more is read.
    full: bool,
}

/// Reads entries of the project folder into nodes.
struct Reader<'a> {
    root: &'a Path,
    canonical_root: &'a Path,
    files: &'a mut Files,
    /// The theme being read, when inside one.
    theme: Option<ThemeCount>,
}

impl Reader<'_> {
    /// The node for `path` (`relative` to the root), or `None` when nothing
    /// is read there (missing, hidden, neither file nor folder, outside the
    /// folders read).
    fn node(&mut self, path: &Path, relative: &Path) -> Option<Node> {
        let parts = parts(relative)?;
        let top = parts.first()?.to_str()?;
        if !TOP.contains(&top) {
            return None;
        }
        // Inside a theme, only its parts are read.
        if top == "themes" && parts.len() >= 3 {
            let part = parts[2].to_str().unwrap_or_default();
            if !THEME_PARTS.contains(&part) {
                return None;
            }
        }
        // A link, followed or not, is read again on every refresh: its
        // target may change, or come to exist, without a word about it.
        if is_link(path) {
            self.files.linked.insert(relative.to_path_buf());
        }
        let mut problems = Diagnostics::new();
        let kind = entry(path, self.canonical_root, self.root, &mut problems);
        if let Some(problem) = problems.into_sorted().into_iter().next() {
            return Some(Node::Refused(problem));
        }
        match kind {
            Entry::Skip => None,
            Entry::File => Some(self.file(path, relative)),
            Entry::Dir => Some(self.dir(path, relative, parts.len())),
        }
    }

    fn file(&mut self, path: &Path, relative: &Path) -> Node {
        if let Some(count) = &mut self.theme {
            if count.full {
                return Node::Refused(theme_full(relative, "the theme's files are not all read"));
            }
            if count.files >= MAX_THEME_FILES {
                count.full = true;
                return Node::Refused(theme_full(
                    relative,
                    &format!("the theme has more than {MAX_THEME_FILES} files"),
                ));
            }
            count.files += 1;
        }
        let (limit, help) = limit_of(relative);
        if self.files.listed_only && is_version_file(relative) {
            let size = fs::metadata(path).map_or(0, |m| m.len());
            if let Some(problem) = limit_problem(relative, size) {
                return Node::Refused(problem);
            }
            return Node::File(File {
                content: Content::OnDisk {
                    root: self.root.to_path_buf(),
                    path: path.to_path_buf(),
                },
                stamp: next_stamp(),
            });
        }
        let bytes = match super::read_bytes(self.root, path, limit, help) {
            Ok(bytes) => bytes,
            Err(problem) => return Node::Refused(problem),
        };
        if let Some(count) = &mut self.theme {
            count.bytes += bytes.len() as u64;
            if count.bytes > MAX_THEME_BYTES {
                count.full = true;
                return Node::Refused(theme_full(
                    relative,
                    &format!(
                        "the theme's files hold more than {} MiB together",
                        MAX_THEME_BYTES / (1024 * 1024)
                    ),
                ));
            }
        }
        self.files.file(bytes.into())
    }

    fn dir(&mut self, path: &Path, relative: &Path, depth: usize) -> Node {
        let mut dir = Dir::default();
        let is_theme = relative.starts_with("themes");
        if relative.starts_with("policies") && depth > POLICY_DEPTH {
            return Node::Dir(dir);
        }
        if is_theme && depth > 2 + MAX_THEME_DEPTH {
            return Node::Refused(
                Diagnostic::error(
                    Origin::file(relative),
                    format!(
                        "the theme's folders are nested more than {MAX_THEME_DEPTH} levels deep here"
                    ),
                )
                .with_help("move the files up: a theme needs only a few levels of folders"),
            );
        }
        if is_theme && depth >= 3 && leads_back(path, relative) {
            return Node::Refused(
                Diagnostic::error(
                    Origin::file(relative),
                    "this symbolic link leads back into a folder that holds it, and is not followed",
                )
                .with_help("link to a folder outside this one, or copy what it holds"),
            );
        }
        let entries = match fs::read_dir(path) {
            Ok(entries) => entries,
            Err(err) => {
                return Node::Refused(Diagnostic::error(
                    Origin::file(relative),
                    format!("cannot read this folder: {err}"),
                ));
            }
        };
        let mut names: Vec<OsString> = entries
            .filter_map(|e| e.ok().map(|e| e.file_name()))
            .collect();
        names.sort();
        // Each theme counts its own files.
        let starts_theme = is_theme && depth == 2;
        let outer = if starts_theme {
            self.theme.replace(ThemeCount::default())
        } else {
            None
        };
        for name in names {
            let child = relative.join(&name);
            if let Some(node) = self.node(&path.join(&name), &child) {
                dir.entries.insert(name, node);
            }
        }
        if starts_theme {
            self.theme = outer;
        }
        Node::Dir(dir)
    }
}

fn theme_full(relative: &Path, message: &str) -> Diagnostic {
    Diagnostic::error(Origin::file(relative), message)
        .with_help("remove the files the theme does not use, or make them smaller")
}

fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Whether the folder at `path` is, once links are followed, one of the
/// folders that hold it (a link leading back up: reading it would not end).
fn leads_back(path: &Path, relative: &Path) -> bool {
    let Ok(here) = fs::canonicalize(path) else {
        return false;
    };
    let mut above = path.to_path_buf();
    for _ in relative.components().skip(1) {
        if !above.pop() {
            break;
        }
        if fs::canonicalize(&above).is_ok_and(|a| a == here) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests;
