//! The only module that touches the output folder.
//!
//! A build is written to a staging folder next to the output folder and
//! swapped in only once every file is written: an error, a crash or Ctrl-C
//! leaves the previous site exactly as it was. On Linux the swap is a single
//! atomic `renameat2(RENAME_EXCHANGE)`; elsewhere two renames, with the old
//! site restored if the second fails.
//!
//! privsite never deletes files it did not write: it only replaces an output
//! folder that is empty or carries its marker file ([`MARKER`]).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::outputs::Artifact;

/// The file privsite leaves in every output folder it writes.
pub const MARKER: &str = ".privsite";

const MARKER_TEXT: &str = "This folder is written by privsite (`privsite build`). \
Every file in it is replaced on each build: edit the sources in policies/ instead.\n";

/// A new output folder being written next to the old one. Files are put in
/// (from any thread) as they are made; [`Staging::commit`] swaps the folder
/// in. Dropped without a commit, it removes itself and leaves the old output
/// as it was.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    parent: PathBuf,
    name: String,
    committed: bool,
}

impl Staging {
    /// Starts writing a new version of `out`.
    pub fn begin(out: &Path) -> Result<Staging> {
        check_replaceable(out)?;
        let parent = parent_of(out);
        fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "site".into());
        remove_leftovers(&parent, &name);
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        let staging = Staging {
            out: out.to_path_buf(),
            dir,
            parent,
            name,
            committed: false,
        };
        fs::create_dir_all(&staging.dir).map_err(|e| Error::io(&staging.dir, e))?;
        let marker = staging.dir.join(MARKER);
        fs::write(&marker, MARKER_TEXT).map_err(|e| Error::io(&marker, e))?;
        Ok(staging)
    }

    /// Writes one file into the new folder.
    pub fn put(&self, artifact: &Artifact) -> Result<()> {
        let path = self.dir.join(&artifact.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        fs::write(&path, &artifact.bytes).map_err(|e| Error::io(&path, e))
    }

    /// Swaps the new folder in place of the old one, and removes the old one.
    pub fn commit(mut self) -> Result<()> {
        let result = swap_in(&self.dir, &self.out, &self.parent, &self.name);
        self.committed = result.is_ok();
        result
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes `artifacts` as the new contents of `out` (builds stream into a
/// [`Staging`] instead).
#[cfg(test)]
fn write_site(out: &Path, artifacts: &[Artifact]) -> Result<()> {
    let staging = Staging::begin(out)?;
    artifacts.iter().try_for_each(|a| staging.put(a))?;
    staging.commit()
}

/// Refuses to replace a folder privsite did not write.
fn check_replaceable(out: &Path) -> Result<()> {
    match fs::symlink_metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(out, e)),
        Ok(meta) if !meta.is_dir() => Err(Error::Output(format!(
            "the output path {} exists and is not a folder; choose another --out",
            out.display()
        ))),
        Ok(_) => {
            let mut entries = fs::read_dir(out).map_err(|e| Error::io(out, e))?;
            if out.join(MARKER).is_file() || entries.next().is_none() {
                Ok(())
            } else {
                Err(Error::Output(format!(
                    "the output folder {} already holds files that privsite did not write; \
                     privsite never deletes them. Move them away or choose another --out",
                    out.display()
                )))
            }
        }
    }
}

fn swap_in(staging: &Path, out: &Path, parent: &Path, name: &str) -> Result<()> {
    if !out.exists() {
        return fs::rename(staging, out).map_err(|e| Error::io(out, e));
    }
    if exchange(staging, out).is_ok() {
        // `staging` now holds the previous site.
        return remove_tree(staging);
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    fs::rename(out, &old).map_err(|e| Error::io(out, e))?;
    if let Err(e) = fs::rename(staging, out) {
        let _ = fs::rename(&old, out);
        return Err(Error::io(out, e));
    }
    remove_tree(&old)
}

/// Removes a previous site, its top-level folders in parallel.
fn remove_tree(dir: &Path) -> Result<()> {
    use rayon::prelude::*;
    let entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.par_iter().filter(|p| p.is_dir()).for_each(|p| {
        let _ = fs::remove_dir_all(p);
    });
    fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no atomic exchange here",
    ))
}

/// Removes staging and old folders left behind by interrupted builds.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.staging-"), format!(".{name}.old-")];
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| file_name.starts_with(p.as_str()))
            && entry.path().join(MARKER).exists()
        {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn artifact(path: &str, text: &str) -> Artifact {
        Artifact {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn writes_then_replaces_a_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_site(
            &out,
            &[artifact("a/index.html", "one"), artifact("old.html", "x")],
        )
        .unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "one");
        write_site(&out, &[artifact("a/index.html", "two")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "two");
        assert!(
            !out.join("old.html").exists(),
            "files of the previous build are gone"
        );
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["site"], "no staging folder is left behind");
    }

    #[test]
    fn refuses_a_folder_it_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("precious.txt"), "keep me").unwrap();
        let err = write_site(&out, &[artifact("index.html", "x")]).unwrap_err();
        assert!(err.to_string().contains("did not write"), "{err}");
        assert_eq!(
            fs::read_to_string(out.join("precious.txt")).unwrap(),
            "keep me"
        );
    }

    #[test]
    fn a_failed_write_leaves_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_site(&out, &[artifact("index.html", "old")]).unwrap();
        // A file and a folder at the same path cannot both be written.
        let err = write_site(&out, &[artifact("x", "file"), artifact("x/y", "in folder")]);
        assert!(err.is_err());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["site"]);
    }
}
