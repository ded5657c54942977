//! The only module that touches the output folder.
//!
//! A build goes through four steps, each a type that only the step before
//! can make:
//!
//! 1. [`Place`]: `--out` resolved (every `..` and link followed) and checked
//!    before any work: not the sources, not a mount point (`place.rs`).
//! 2. [`Lock`]: one build at a time per output folder, waiting for another
//!    one if need be (`lock.rs`). Held from before the sources are read until
//!    the old site is removed.
//! 3. [`Staging`]: the new site is written to a staging folder next to the
//!    output folder, which may only replace a folder that is empty or carries
//!    privsite's marker (`marker.rs`). Staging and old folders left behind by
//!    builds that were killed are removed here, under the lock, so never
//!    while their build is alive.
//! 4. [`Staging::commit`]: the staging folder is checked (the folder made at
//!    the start, its marker, every file written, at its size) and swapped in.
//!    On Linux the swap is a single atomic `renameat2(RENAME_EXCHANGE)`;
//!    elsewhere two renames, with the old site restored if the second fails.
//!
//! An error, a crash or Ctrl-C at any point leaves the previous site exactly
//! as it was. privsite never deletes files it did not write.

mod live;
mod lock;
mod marker;
mod place;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub use live::Live;
pub use lock::{Busy, Lock, Wait};
pub use marker::MARKER;
pub use place::Place;

use crate::artifact::Artifact;
use crate::error::{Error, Result};
use marker::Marker;

/// Writes `bytes` to the file `path` whole or not at all: into a file
/// beside it (`.<name>.privsite-new`), renamed over it once complete, so
/// that a reader (a web server, a translation tool) never sees half a file.
pub fn whole(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?
        .to_string_lossy();
    let next = path.with_file_name(format!(".{name}.privsite-new"));
    fs::write(&next, bytes)
        .and_then(|()| fs::rename(&next, path))
        .inspect_err(|_| {
            let _ = fs::remove_file(&next);
        })
}

impl Place {
    /// Takes the lock of this output folder (making the folders that hold
    /// it if needed), waiting for another build as `wait` says.
    pub fn lock(self, wait: Wait) -> Result<Lock> {
        Lock::take(self, wait)
    }
}

/// A new output folder being written next to the old one. Files are put in
/// (from any thread) as they are made; [`Staging::commit`] checks the folder
/// and swaps it in. Dropped without a commit, it removes itself and leaves
/// the old output as it was.
#[derive(Debug)]
pub struct Staging {
    /// Always `Some` until [`Staging::commit_keeping_lock`] hands it back.
    lock: Option<Lock>,
    dir: PathBuf,
    /// The staging folder's identity (device, inode), to see that it is
    /// still the folder this build made.
    identity: Option<(u64, u64)>,
    /// Every file put, with its size.
    written: Mutex<Vec<(PathBuf, u64)>>,
    committed: bool,
}

impl Staging {
    /// Starts writing a new version of the locked output folder: refuses a
    /// folder privsite did not write, clears what killed builds left behind,
    /// and makes the staging folder with its marker.
    pub fn begin(lock: Lock) -> Result<Staging> {
        let place = lock.place();
        check_replaceable(place)?;
        remove_leftovers(place);
        let dir = make_staging_dir(place)?;
        let staging = Staging {
            identity: identity(&dir),
            lock: Some(lock),
            dir,
            written: Mutex::new(Vec::new()),
            committed: false,
        };
        marker::write(&staging.dir).map_err(|e| Error::io(staging.dir.join(MARKER), e))?;
        Ok(staging)
    }

    /// Writes one file into the new folder.
    pub fn put(&self, artifact: &Artifact) -> Result<()> {
        let path = self.dir.join(&artifact.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        fs::write(&path, &artifact.bytes).map_err(|e| Error::io(&path, e))?;
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path, artifact.bytes.len() as u64));
        Ok(())
    }

    /// Checks the new folder, swaps it in place of the old one, and removes
    /// the old one.
    pub fn commit(self) -> Result<()> {
        self.commit_keeping_lock().map(drop)
    }

    /// Like [`Staging::commit`], and hands back the lock, so that the
    /// output folder stays locked (for `watch`, which goes on updating it).
    pub fn commit_keeping_lock(mut self) -> Result<Lock> {
        self.verify()?;
        swap_in(&self.dir, self.lock().place())?;
        self.committed = true;
        Ok(self.lock.take().expect("the lock is held until now"))
    }

    fn lock(&self) -> &Lock {
        self.lock
            .as_ref()
            .expect("the lock is held until the commit")
    }

    /// The staging folder is still the one this build made, with its marker
    /// and every file written, at its size.
    fn verify(&self) -> Result<()> {
        let changed = |what: String| {
            Error::Output(format!(
                "the new site in {} was changed by something else while privsite wrote it \
                 ({what}), so it was not published; the output folder {} is as it was. \
                 Make sure no other program writes there, and build again",
                self.dir.display(),
                self.lock().place().given().display()
            ))
        };
        if identity(&self.dir) != self.identity {
            return Err(changed("the folder was removed or replaced".into()));
        }
        let marker = marker::inspect(&self.dir).map_err(|e| Error::io(&self.dir, e))?;
        if marker != Marker::Valid {
            return Err(changed(format!(
                "its marker {MARKER} {}",
                marker.described()
            )));
        }
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        for (path, size) in written.iter() {
            match fs::symlink_metadata(path) {
                Ok(meta) if meta.is_file() && meta.len() == *size => {}
                Ok(_) => {
                    return Err(changed(format!(
                        "{} is not the file written",
                        path.display()
                    )));
                }
                Err(_) => return Err(changed(format!("{} is missing", path.display()))),
            }
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed && identity(&self.dir) == self.identity {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes `artifacts` as the new contents of `out` (builds stream into a
/// [`Staging`] instead).
#[cfg(test)]
fn write_site(out: &Path, artifacts: &[Artifact]) -> Result<()> {
    let staging = Staging::begin(Place::resolve(out)?.lock(Wait::default())?)?;
    artifacts.iter().try_for_each(|a| staging.put(a))?;
    staging.commit()
}

/// Refuses to replace a folder privsite did not write.
fn check_replaceable(place: &Place) -> Result<()> {
    let (out, given) = (place.path(), place.given());
    let meta = match fs::symlink_metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(given, e)),
        Ok(meta) => meta,
    };
    if !meta.is_dir() {
        return Err(Error::Output(format!(
            "the output path {} exists and is not a folder; choose another --out",
            given.display()
        )));
    }
    let marker = marker::inspect(out).map_err(|e| Error::io(out.join(MARKER), e))?;
    match marker {
        Marker::Valid => Ok(()),
        Marker::Missing => {
            let mut entries = fs::read_dir(out).map_err(|e| Error::io(given, e))?;
            if entries.next().is_none() {
                Ok(())
            } else {
                Err(Error::Output(format!(
                    "the output folder {} already holds files that privsite did not write; \
                     privsite never deletes them. Move them away or choose another --out",
                    given.display()
                )))
            }
        }
        other => Err(Error::Output(format!(
            "the output folder {} has a {MARKER} that {}, so privsite cannot tell that it \
             wrote this folder, and never replaces a folder it did not write. Nothing was \
             changed. If the folder only holds a site built by privsite, delete the folder \
             and build again; otherwise choose another --out",
            given.display(),
            other.described()
        ))),
    }
}

fn swap_in(staging: &Path, place: &Place) -> Result<()> {
    let out = place.path();
    if fs::symlink_metadata(out).is_err() {
        return fs::rename(staging, out).map_err(|e| swap_error(place, e));
    }
    match exchange(staging, out) {
        // `staging` now holds the previous site.
        Ok(()) => return remove_tree(staging),
        Err(e) if e.kind() == io::ErrorKind::ResourceBusy => {
            return Err(swap_error(place, e));
        }
        Err(_) => {}
    }
    let mut name = place.prefixed("old-");
    name.push(std::process::id().to_string());
    let old = place.parent().join(name);
    fs::rename(out, &old).map_err(|e| swap_error(place, e))?;
    if let Err(e) = fs::rename(staging, out) {
        let _ = fs::rename(&old, out);
        return Err(swap_error(place, e));
    }
    remove_tree(&old)
}

fn swap_error(place: &Place, e: io::Error) -> Error {
    if e.kind() == io::ErrorKind::ResourceBusy {
        return Error::Output(format!(
            "privsite could not put the new site in place of {} ({e}): the folder is in \
             use as a mount point or by the system. Nothing was changed; build into a \
             folder inside it (--out {})",
            place.given().display(),
            place.path().join("site").display()
        ));
    }
    Error::io(place.given(), e)
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

/// Removes staging and old folders left behind by builds that were killed.
/// Called under the lock: no build that could own one is running. Only
/// folders with privsite's marker, or empty ones, are removed.
fn remove_leftovers(place: &Place) {
    let Ok(entries) = fs::read_dir(place.parent()) else {
        return;
    };
    let prefixes = [place.prefixed("staging-"), place.prefixed("old-")];
    for entry in entries.flatten() {
        let name = entry.file_name();
        let ours = prefixes
            .iter()
            .any(|p| name.as_encoded_bytes().starts_with(p.as_encoded_bytes()));
        if !ours || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let path = entry.path();
        if marker::inspect(&path).is_ok_and(|m| m == Marker::Valid) {
            let _ = fs::remove_dir_all(&path);
        } else {
            // Left between making the folder and writing its marker, or
            // while writing it.
            if marker::only_a_partial_marker(&path) {
                let _ = fs::remove_file(path.join(MARKER));
            }
            let _ = fs::remove_dir(&path);
        }
    }
}

/// Makes a new, empty staging folder next to the output folder. Its name
/// holds the process id and a count of the builds this process has made, so
/// that a process that builds again (`watch`, `serve`) never meets a folder
/// of its own earlier build, and a name taken by a folder privsite may not
/// remove (someone else's files) is passed over for the next one.
fn make_staging_dir(place: &Place) -> Result<PathBuf> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static BUILDS: AtomicU64 = AtomicU64::new(0);
    let mut last = None;
    for _ in 0..64 {
        let mut name = place.prefixed("staging-");
        let build = BUILDS.fetch_add(1, Ordering::Relaxed);
        name.push(format!("{}-{build}", std::process::id()));
        let dir = place.parent().join(name);
        match fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some((dir, e)),
            Err(e) => return Err(Error::io(&dir, e)),
        }
    }
    let (dir, e) = last.expect("the loop ran");
    Err(Error::io(&dir, e))
}

/// A folder's (device, inode), where the platform has them.
fn identity(dir: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::symlink_metadata(dir)
            .ok()
            .filter(fs::Metadata::is_dir)
            .map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        fs::symlink_metadata(dir)
            .ok()
            .filter(fs::Metadata::is_dir)
            .map(|_| (0, 0))
    }
}

#[cfg(test)]
mod tests;
