//! Keeping a published output folder current, file by file, for `watch`.
//!
//! The first site is published whole, staged and swapped in like a build's
//! ([`Live::publish`]); the lock stays held for as long as the watch runs,
//! so no build writes into the folder meanwhile. After that each rebuild
//! writes only the files whose bytes changed and removes the files the site
//! no longer has ([`Live::update`]). Each file is replaced in one step (its
//! new bytes are written beside it, then renamed over it), so a reader
//! never sees half a file; emptied folders are removed.

use std::fs;
use std::path::{Component, Path, PathBuf};

use super::marker::{self, Marker};
use super::{Lock, Staging};
use crate::artifact::{Artifact, SiteFiles};
use crate::error::{Error, Result};

/// An output folder kept current while its lock is held.
#[derive(Debug)]
pub struct Live {
    lock: Lock,
}

impl Live {
    /// Publishes `site` whole into the locked output folder (staged, then
    /// swapped in), and keeps the lock.
    pub fn publish(lock: Lock, site: &SiteFiles) -> Result<Live> {
        let staging = Staging::begin(lock)?;
        for (path, bytes) in site {
            staging.put(&Artifact::new(path.clone(), bytes.clone()))?;
        }
        let lock = staging.commit_keeping_lock()?;
        Ok(Live { lock })
    }

    /// The output folder.
    pub fn path(&self) -> &Path {
        self.lock.place().path()
    }

    /// Writes the files of `site` named in `written` and removes those named
    /// in `removed`. Fails, changing nothing, when the output folder no
    /// longer carries privsite's marker (someone removed or replaced it):
    /// publish again then.
    pub fn update(
        &mut self,
        site: &SiteFiles,
        written: &[String],
        removed: &[String],
    ) -> Result<()> {
        let out = self.path().to_path_buf();
        match marker::inspect(&out) {
            Ok(Marker::Valid) => {}
            _ => {
                return Err(Error::Output(format!(
                    "the output folder {} was removed or changed by something else",
                    self.lock.place().given().display()
                )));
            }
        }
        for path in written {
            let Some(bytes) = site.get(path) else {
                continue;
            };
            let file = inside(&out, path)?;
            if let Some(dir) = file.parent() {
                fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            }
            super::whole(&file, bytes).map_err(|e| Error::io(&file, e))?;
        }
        for path in removed {
            let file = inside(&out, path)?;
            match fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(&file, e)),
            }
            // Folders left empty go too, up to the output folder.
            let mut dir = file.parent();
            while let Some(d) = dir.filter(|d| *d != out) {
                if fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        Ok(())
    }
}

/// The file at `path` (relative, `/` separators) inside `out`; a path that
/// would lead outside it is refused (artifact paths never do).
fn inside(out: &Path, path: &str) -> Result<PathBuf> {
    let relative = Path::new(path);
    if path.is_empty()
        || !relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
    {
        return Err(Error::Output(format!(
            "refusing to write `{path}`: not a path inside the output folder"
        )));
    }
    Ok(out.join(relative))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::{Place, Wait};
    use std::sync::Arc;

    fn site(files: &[(&str, &str)]) -> SiteFiles {
        files
            .iter()
            .map(|(p, t)| ((*p).to_owned(), Arc::from(t.as_bytes())))
            .collect()
    }

    #[test]
    fn updates_only_what_changed_and_removes_emptied_folders() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let lock = Place::resolve(&out).unwrap().lock(Wait::default()).unwrap();
        let first = site(&[
            ("index.html", "one"),
            ("a/b/page.html", "page"),
            ("a/keep.css", "k"),
        ]);
        let mut live = Live::publish(lock, &first).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("a/b/page.html")).unwrap(),
            "page"
        );
        assert!(out.join(marker::MARKER).exists());

        let second = site(&[
            ("index.html", "two"),
            ("a/keep.css", "k"),
            ("c.html", "new"),
        ]);
        live.update(
            &second,
            &["index.html".into(), "c.html".into()],
            &["a/b/page.html".into()],
        )
        .unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert_eq!(fs::read_to_string(out.join("c.html")).unwrap(), "new");
        assert!(!out.join("a/b").exists(), "an emptied folder is removed");
        assert!(out.join("a/keep.css").exists());
        let leftovers: Vec<_> = fs::read_dir(&out)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".privsite-new"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn a_folder_replaced_by_someone_else_is_not_written_into() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let lock = Place::resolve(&out).unwrap().lock(Wait::default()).unwrap();
        let mut live = Live::publish(lock, &site(&[("index.html", "one")])).unwrap();
        fs::remove_dir_all(&out).unwrap();
        fs::create_dir(&out).unwrap();
        fs::write(out.join("mine.txt"), "someone else's").unwrap();
        let err = live
            .update(&site(&[("index.html", "two")]), &["index.html".into()], &[])
            .unwrap_err();
        assert!(err.to_string().contains("was removed or changed"), "{err}");
        assert!(!out.join("index.html").exists());
    }

    #[test]
    fn paths_that_leave_the_folder_are_refused() {
        let out = Path::new("/tmp/site");
        for bad in ["", "../x", "/etc/passwd", "a/../../x", "./a"] {
            assert!(inside(out, bad).is_err(), "{bad}");
        }
        assert_eq!(inside(out, "a/b.html").unwrap(), out.join("a/b.html"));
    }
}
