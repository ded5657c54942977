//! What a build makes, as data: files of the output ([`Artifact`]) and where
//! they go as they are made ([`Sink`]). A bottom module: the outputs make
//! artifacts; the writer of the output folder, the watcher and the preview
//! server take them, and none of them depends on how they are made.

use std::sync::Arc;

use crate::error::Error;

/// One file of the output: where it goes, relative to the output folder, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    /// The path relative to the output folder, with `/` separators.
    pub path: String,
    /// The file's contents (shared: the preview server and the cache of
    /// an incremental build hold the same bytes).
    pub bytes: Arc<[u8]>,
}

impl Artifact {
    /// An artifact at `path` (relative, `/` separators) with `bytes`.
    pub fn new(path: impl Into<String>, bytes: impl Into<Arc<[u8]>>) -> Self {
        Artifact {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// Every file of a built site, by its path (relative, `/` separators).
pub type SiteFiles = std::collections::BTreeMap<String, Arc<[u8]>>;

/// Where artifacts go as they are made (the staging folder, a list, the
/// cache of an incremental build); called from many threads at once.
pub type Sink<'s> = dyn Fn(Artifact) -> Result<(), Error> + Sync + 's;
