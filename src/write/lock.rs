//! One build at a time per output folder: an exclusive lock (`flock`) on
//! `.<name>.lock` beside the output folder, held from before the sources are
//! read until the new site is swapped in and the old one removed.
//!
//! The lock is the kernel's: it ends with the process that holds it, however
//! that process ends (a crash, `kill -9`), so it is never stale. The file only
//! names the lock and says which process holds it; the holder removes it when
//! it is done, and a process that was waiting on a removed file notices (the
//! path no longer leads to the file it locked) and locks the new one, so two
//! builds can never both think they hold it.
//!
//! The folders made to hold the lock and the output (`--out new/site`) are
//! removed again, if still empty, when the lock ends: a failed build leaves
//! no trace.
//!
//! This module decides nothing about the folder itself (that is `mod.rs`) and
//! prints nothing: a waiting build hands a [`Busy`] to its caller's notifier.

use std::fmt;
use std::fs::{self, File, TryLockError};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::place::Place;
use crate::error::{Error, Result};

/// How long to sleep between two tries of a busy lock.
const POLL: Duration = Duration::from_millis(50);

/// How a build waits for another build of the same output folder.
#[derive(Debug, Clone, Copy)]
pub struct Wait {
    /// The longest time to wait before giving up; zero gives up at once.
    pub limit: Duration,
    /// Called once, when the build starts waiting.
    pub notify: Option<fn(&Busy)>,
}

impl Default for Wait {
    /// Ten minutes, silently.
    fn default() -> Self {
        Wait {
            limit: Duration::from_secs(600),
            notify: None,
        }
    }
}

/// Another build holds the output folder: what a waiting build says.
#[derive(Debug)]
pub struct Busy {
    /// The output folder, as the user named it.
    pub out: PathBuf,
    /// The process that holds the lock, when it wrote its id.
    pub holder: Option<u32>,
    /// How long this build waits at most.
    pub limit: Duration,
}

impl fmt::Display for Busy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "waiting for another privsite build of {}{} to finish (at most {})...",
            self.out.display(),
            holder(self.holder),
            seconds(self.limit)
        )
    }
}

/// The exclusive right to write one output folder, until dropped.
#[derive(Debug)]
pub struct Lock {
    place: Place,
    path: PathBuf,
    // Held for the lock; closing it releases the lock.
    file: File,
    // Dropped last: the folders made for the output, removed if still empty.
    _made: Made,
}

/// Folders a build made to hold its output folder (`--out new/site`).
/// Dropped, it removes those that are still empty, deepest first, so that a
/// build that fails leaves no trace (a successful one leaves its site in
/// them, and a folder that is not empty is never removed).
#[derive(Debug, Default)]
struct Made(Vec<PathBuf>);

impl Made {
    /// Makes `dir` and the missing folders above it.
    fn make(dir: &Path) -> Result<Made> {
        let missing: Vec<PathBuf> = dir
            .ancestors()
            .take_while(|d| fs::symlink_metadata(d).is_err())
            .map(Path::to_path_buf)
            .collect();
        let made = Made(missing);
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        Ok(made)
    }
}

impl Drop for Made {
    fn drop(&mut self) {
        for dir in &self.0 {
            if fs::remove_dir(dir).is_err() {
                break;
            }
        }
    }
}

impl Lock {
    /// Takes the lock of `place`, waiting as `wait` says.
    pub(super) fn take(place: Place, wait: Wait) -> Result<Lock> {
        let made = Made::make(place.parent())?;
        // The folders just made are plain folders, so the place is unchanged;
        // if something put a link there meanwhile, refuse.
        let again = Place::resolve(place.path())?;
        if again.path() != place.path() {
            return Err(Error::Output(format!(
                "the output folder {} changed while privsite was preparing it (it now leads \
                 to {}); nothing was changed. Build again",
                place.given().display(),
                again.path().display()
            )));
        }
        let path = place.beside("lock");
        let started = Instant::now();
        let mut told = false;
        loop {
            let file = match open(&path) {
                Ok(file) => file,
                // Its folder was removed by a build that failed: make it again.
                Err(e) if e.kind() == io::ErrorKind::NotFound && started.elapsed() < wait.limit => {
                    fs::create_dir_all(place.parent()).map_err(|e| lock_error(&path, e))?;
                    std::thread::sleep(POLL);
                    continue;
                }
                Err(e) => return Err(lock_error(&path, e)),
            };
            match file.try_lock() {
                Ok(()) if same_file(&file, &path) => {
                    let lock = Lock {
                        place,
                        path,
                        file,
                        _made: made,
                    };
                    lock.write_holder();
                    return Ok(lock);
                }
                // The holder removed the file between our open and our lock:
                // lock the one that is there now.
                Ok(()) => continue,
                Err(TryLockError::WouldBlock) => {
                    let busy = Busy {
                        out: place.given().to_path_buf(),
                        holder: read_holder(&path),
                        limit: wait.limit,
                    };
                    if started.elapsed() >= wait.limit {
                        return Err(gave_up(&busy, &path));
                    }
                    if !told {
                        told = true;
                        if let Some(notify) = wait.notify {
                            notify(&busy);
                        }
                    }
                    std::thread::sleep(POLL.min(wait.limit.saturating_sub(started.elapsed())));
                }
                Err(TryLockError::Error(e)) => return Err(lock_error(&path, e)),
            }
        }
    }

    /// The output folder this lock is for.
    pub(super) fn place(&self) -> &Place {
        &self.place
    }

    /// Writes this process's id into the lock file, for the messages of
    /// builds that wait (best effort: the lock does not depend on it).
    fn write_holder(&self) {
        let mut file = &self.file;
        let _ = file
            .set_len(0)
            .and_then(|()| writeln!(file, "{}", std::process::id()));
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held, and only if it is still ours; the lock
        // itself ends when `file` is closed, right after.
        if same_file(&self.file, &self.path) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Opens (creating) the lock file, never through a link.
fn open(path: &Path) -> io::Result<File> {
    let mut options = File::options();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
        options.custom_flags(flags.bits() as i32);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other("it is not a plain file"));
    }
    Ok(file)
}

/// Whether `path` still leads to the open `file` (not a link, not a newer file).
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::symlink_metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        path.is_file()
    }
}

fn read_holder(path: &Path) -> Option<u32> {
    let mut text = String::new();
    File::open(path)
        .ok()?
        .take(32)
        .read_to_string(&mut text)
        .ok()?;
    text.trim().parse().ok()
}

fn holder(pid: Option<u32>) -> String {
    pid.map(|p| format!(" (process {p})")).unwrap_or_default()
}

fn seconds(limit: Duration) -> String {
    let s = limit.as_secs();
    if s == 1 {
        "1 second".into()
    } else {
        format!("{s} seconds")
    }
}

fn gave_up(busy: &Busy, path: &Path) -> Error {
    let waited = if busy.limit.is_zero() {
        "privsite did not wait (--wait 0)".to_owned()
    } else {
        format!("privsite waited {}", seconds(busy.limit))
    };
    Error::Output(format!(
        "another privsite build{} is writing the output folder {}, and {waited}; \
         nothing was changed. Build again when it has finished, or wait longer \
         with --wait SECONDS (its lock is {})",
        holder(busy.holder),
        busy.out.display(),
        path.display()
    ))
}

fn lock_error(path: &Path, e: io::Error) -> Error {
    Error::Output(format!(
        "privsite could not lock {} ({e}), the file that keeps two builds from writing \
         one output folder at once. If it is a link or not a plain file, delete it; \
         otherwise make its folder writable",
        path.display()
    ))
}
