//! The `.privsite` marker: the file privsite leaves in every output folder it
//! writes, and the only thing that lets it replace a folder that is not
//! empty. A marker counts only when it is a regular file (not a link, not a
//! folder) holding exactly the text privsite writes; anything else is shown
//! to the user as what it is, and the folder is left alone.
//!
//! This module reads and writes the marker; it does not decide what to do
//! with a folder (that is `mod.rs`).

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

/// The file privsite leaves in every output folder it writes.
pub const MARKER: &str = ".privsite";

/// The marker's exact text.
const TEXT: &str = "This folder is written by privsite (`privsite build`). \
Every file in it is replaced on each build: edit the sources in policies/ instead.\n";

/// What stands at `<folder>/.privsite`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Marker {
    /// privsite's marker: a regular file with privsite's text.
    Valid,
    /// Nothing.
    Missing,
    /// A symbolic link (wherever it points).
    Link,
    /// A folder.
    Folder,
    /// Something else that is not a regular file (a device, a pipe, a socket).
    Special,
    /// A regular file with other text.
    OtherText,
}

impl Marker {
    /// What the marker is, in words for a message ("is a link", ...).
    pub(super) fn described(self) -> &'static str {
        match self {
            Marker::Valid => "is privsite's marker",
            Marker::Missing => "is missing",
            Marker::Link => "is a link, not the file privsite writes",
            Marker::Folder => "is a folder, not the file privsite writes",
            Marker::Special => "is not a plain file",
            Marker::OtherText => "does not hold the text privsite writes",
        }
    }
}

/// Looks at the marker of `folder` without following links.
pub(super) fn inspect(folder: &Path) -> io::Result<Marker> {
    let path = folder.join(MARKER);
    let meta = match fs::symlink_metadata(&path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Marker::Missing),
        Err(e) => return Err(e),
    };
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Ok(Marker::Link);
    }
    if kind.is_dir() {
        return Ok(Marker::Folder);
    }
    if !kind.is_file() {
        return Ok(Marker::Special);
    }
    if meta.len() != TEXT.len() as u64 {
        return Ok(Marker::OtherText);
    }
    // Opened without following a link that may have replaced the file since.
    let mut file = open_plain(&path)?;
    if !file.metadata()?.is_file() {
        return Ok(Marker::Special);
    }
    let mut text = Vec::with_capacity(TEXT.len() + 1);
    file.by_ref()
        .take(TEXT.len() as u64 + 1)
        .read_to_end(&mut text)?;
    Ok(if text == TEXT.as_bytes() {
        Marker::Valid
    } else {
        Marker::OtherText
    })
}

/// Whether `folder` holds nothing but a marker cut short: a build stopped
/// (killed, Ctrl-C) while writing it, right after making the folder. Such
/// a folder is privsite's, and empty of anything else.
pub(super) fn only_a_partial_marker(folder: &Path) -> bool {
    let Ok(mut entries) = fs::read_dir(folder) else {
        return false;
    };
    let only = match (entries.next(), entries.next()) {
        (Some(Ok(entry)), None) => entry.file_name() == MARKER,
        _ => false,
    };
    if !only {
        return false;
    }
    let path = folder.join(MARKER);
    let Ok(meta) = fs::symlink_metadata(&path) else {
        return false;
    };
    if !meta.is_file() || meta.len() >= TEXT.len() as u64 {
        return false;
    }
    fs::read(&path).is_ok_and(|text| TEXT.as_bytes().starts_with(&text))
}

/// Writes privsite's marker into `folder`.
pub(super) fn write(folder: &Path) -> io::Result<()> {
    fs::write(folder.join(MARKER), TEXT)
}

#[cfg(unix)]
fn open_plain(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // NOFOLLOW: never read through a link; NONBLOCK: never hang on a pipe.
    let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
    File::options()
        .read(true)
        .custom_flags(flags.bits() as i32)
        .open(path)
}

#[cfg(not(unix))]
fn open_plain(path: &Path) -> io::Result<File> {
    File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_privsites_own_file_is_a_marker() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path();
        assert_eq!(inspect(folder).unwrap(), Marker::Missing);
        write(folder).unwrap();
        assert_eq!(inspect(folder).unwrap(), Marker::Valid);
        fs::write(folder.join(MARKER), "x").unwrap();
        assert_eq!(inspect(folder).unwrap(), Marker::OtherText);
        // The same length, other text.
        fs::write(folder.join(MARKER), TEXT.to_uppercase()).unwrap();
        assert_eq!(inspect(folder).unwrap(), Marker::OtherText);
        // privsite's text followed by more.
        fs::write(folder.join(MARKER), format!("{TEXT}more")).unwrap();
        assert_eq!(inspect(folder).unwrap(), Marker::OtherText);
        fs::remove_file(folder.join(MARKER)).unwrap();
        fs::create_dir(folder.join(MARKER)).unwrap();
        assert_eq!(inspect(folder).unwrap(), Marker::Folder);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_real_marker_is_not_a_marker() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        let folder = dir.path().join("site");
        fs::create_dir_all(&real).unwrap();
        fs::create_dir_all(&folder).unwrap();
        write(&real).unwrap();
        std::os::unix::fs::symlink(real.join(MARKER), folder.join(MARKER)).unwrap();
        assert_eq!(inspect(&folder).unwrap(), Marker::Link);
    }
}
