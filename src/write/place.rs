//! Where the output folder really is, and whether privsite may build there.
//!
//! `--out` is resolved once, before anything is compared or written: every
//! `..` and every link of the part that exists is followed (the nearest
//! existing ancestor is canonicalized), and the part that does not exist yet
//! is read as written. Every later step (the checks against the sources, the
//! lock, the staging folder, the swap) uses that resolved path, so no `..`
//! and no link can make two paths that compare different name one folder.
//!
//! Refused here, before any work: an output folder that is the project
//! folder, holds it, lies inside `policies/` or `themes/` or holds them; and
//! one that is a mount point (it cannot be swapped in one step, see
//! [`Place::check_not_a_mount_point`]).

use std::ffi::OsString;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// The output folder, resolved.
#[derive(Debug, Clone)]
pub struct Place {
    given: PathBuf,
    path: PathBuf,
    parent: PathBuf,
    name: OsString,
}

impl Place {
    /// Resolves the output folder `given` (as the user wrote it).
    pub fn resolve(given: &Path) -> Result<Place> {
        let path = resolve(given)?;
        let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
            return Err(Error::Output(format!(
                "the output folder {} is the top of the file system{}; choose a folder such as ./site",
                given.display(),
                also(given, &path)
            )));
        };
        Ok(Place {
            given: given.to_path_buf(),
            parent: parent.to_path_buf(),
            name: name.to_os_string(),
            path,
        })
    }

    /// The folder as the user named it, for messages.
    pub fn given(&self) -> &Path {
        &self.given
    }

    /// The resolved folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folder that holds it.
    pub(super) fn parent(&self) -> &Path {
        &self.parent
    }

    /// `.<name>.<suffix>` beside the output folder.
    pub(super) fn beside(&self, suffix: &str) -> PathBuf {
        self.parent.join(self.prefixed(suffix))
    }

    /// The file name `.<name>.<suffix>`.
    pub(super) fn prefixed(&self, suffix: &str) -> OsString {
        let mut name = OsString::from(".");
        name.push(&self.name);
        name.push(".");
        name.push(suffix);
        name
    }

    /// Refuses an output folder that is the project at `root`, holds it, or
    /// is inside (or holds) its `policies/` or `themes/`.
    pub fn check_not_the_sources(&self, root: &Path) -> Result<()> {
        let root = resolve(root)?;
        let out = &self.path;
        let problem = if *out == root {
            Some("it is the project folder itself".to_owned())
        } else if root.starts_with(out) {
            Some(format!("it holds the project folder {}", root.display()))
        } else {
            ["policies", "themes"].iter().find_map(|folder| {
                let sources = resolve(&root.join(folder)).ok()?;
                if out.starts_with(&sources) {
                    Some(format!("it is inside {}", sources.display()))
                } else if sources.starts_with(out) {
                    Some(format!("it holds {}", sources.display()))
                } else {
                    None
                }
            })
        };
        match problem {
            None => Ok(()),
            Some(problem) => Err(Error::Output(format!(
                "the output folder {}{} would overwrite the sources: {problem}, and a build \
                 replaces everything in its output folder. Nothing was changed; choose \
                 another --out, such as {}",
                self.given.display(),
                also(&self.given, out),
                root.join("site").display()
            ))),
        }
    }

    /// Refuses an output folder that is a mount point (a Docker volume, a
    /// bind mount, a file system of its own).
    ///
    /// privsite swaps the new site in with one rename, so that readers see
    /// either the whole old site or the whole new one and a failed build
    /// changes nothing; the kernel refuses to rename a mount point (EBUSY).
    /// Swapping its contents one entry at a time instead would show readers a
    /// mix of two sites, and leave one behind if the build were killed in the
    /// middle. So privsite refuses at once, before any work, and says how to
    /// get the same result safely.
    pub fn check_not_a_mount_point(&self) -> Result<()> {
        match is_mount_point(&self.path, &self.parent) {
            Ok(false) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Error::io(&self.path, e)),
            Ok(true) => {
                let inside = self.given.join("site");
                Err(Error::Output(format!(
                    "the output folder {}{} is a mount point (a Docker volume, a bind mount \
                     or a file system of its own), and privsite cannot swap a new site in \
                     place of a mount point in one step. Nothing was changed. Build into a \
                     folder inside it instead (--out {}) and serve that folder, or mount \
                     the volume one folder higher",
                    self.given.display(),
                    also(&self.given, &self.path),
                    inside.display()
                )))
            }
        }
    }
}

/// " (that is, /real/path)" when a `..` or a link makes the resolved path
/// differ from the given one made absolute.
fn also(given: &Path, resolved: &Path) -> String {
    match std::path::absolute(given) {
        Ok(absolute) if absolute == resolved => String::new(),
        _ => format!(" (that is, {})", resolved.display()),
    }
}

/// `path` made absolute, with `..` and links resolved in the part that
/// exists, and the rest (not created yet) read as written.
fn resolve(path: &Path) -> Result<PathBuf> {
    let absolute = std::path::absolute(path).map_err(|e| Error::io(path, e))?;
    let mut resolved = PathBuf::new();
    // How many of the last components of `resolved` do not exist yet.
    let mut missing = 0usize;
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                // An existing folder's parent is its real parent, since
                // `resolved` is canonical up to there.
                resolved.pop();
                missing = missing.saturating_sub(1);
            }
            Component::Normal(name) => {
                let next = resolved.join(name);
                if missing > 0 {
                    resolved = next;
                    missing += 1;
                    continue;
                }
                match std::fs::canonicalize(&next) {
                    Ok(real) => resolved = real,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {
                        if std::fs::symlink_metadata(&next).is_ok() {
                            return Err(Error::Output(format!(
                                "{} is a link to a place that does not exist ({}); \
                                 give --out or --root a real folder",
                                next.display(),
                                std::fs::read_link(&next)
                                    .map(|t| t.display().to_string())
                                    .unwrap_or_else(|_| "unreadable".into())
                            )));
                        }
                        resolved = next;
                        missing = 1;
                    }
                    Err(e) => return Err(Error::io(&next, e)),
                }
            }
        }
    }
    Ok(resolved)
}

/// Whether `path` (an existing folder, or not) is the root of a mount.
#[cfg(target_os = "linux")]
fn is_mount_point(path: &Path, parent: &Path) -> io::Result<bool> {
    use rustix::fs::{AtFlags, CWD, StatxAttributes, StatxFlags, statx};
    match statx(
        CWD,
        path,
        AtFlags::SYMLINK_NOFOLLOW,
        StatxFlags::BASIC_STATS,
    ) {
        Ok(stat)
            if stat
                .stx_attributes_mask
                .contains(StatxAttributes::MOUNT_ROOT) =>
        {
            return Ok(stat.stx_attributes.contains(StatxAttributes::MOUNT_ROOT));
        }
        // Kernels before 5.8 do not say; compare devices below.
        Ok(_) | Err(rustix::io::Errno::NOSYS) => {}
        Err(e) => return Err(e.into()),
    }
    other_device(path, parent)
}

#[cfg(all(unix, not(target_os = "linux")))]
fn is_mount_point(path: &Path, parent: &Path) -> io::Result<bool> {
    other_device(path, parent)
}

#[cfg(not(unix))]
fn is_mount_point(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Whether `path` is on another device than `parent` (a mount of another
/// file system; a bind mount of the same one needs `statx` to be seen).
#[cfg(unix)]
fn other_device(path: &Path, parent: &Path) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let (a, b) = (std::fs::symlink_metadata(path)?, std::fs::metadata(parent)?);
    Ok(a.dev() != b.dev())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_dot_in_a_missing_part_is_read_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let base = std::fs::canonicalize(dir.path()).unwrap();
        let place = Place::resolve(&dir.path().join("w/x/../site")).unwrap();
        assert_eq!(place.path(), base.join("w/site"));
        let place = Place::resolve(&dir.path().join("w/x/../../site")).unwrap();
        assert_eq!(place.path(), base.join("site"));
        let place = Place::resolve(&dir.path().join("w/x/../..")).unwrap();
        assert_eq!(place.path(), base);
    }

    #[cfg(unix)]
    #[test]
    fn links_in_the_existing_part_are_followed() {
        let dir = tempfile::tempdir().unwrap();
        let base = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(base.join("real/deep")).unwrap();
        std::os::unix::fs::symlink(base.join("real/deep"), base.join("link")).unwrap();
        // link/.. is real/, not the temporary folder.
        let place = Place::resolve(&base.join("link/../out")).unwrap();
        assert_eq!(place.path(), base.join("real/out"));
        assert_eq!(place.beside("lock"), base.join("real/.out.lock"));
    }
}
