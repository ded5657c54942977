//! `announcements.sent.json`: what was sent, where and when it may have been
//! sent, so that no version reaches a list or newsgroup twice by accident.
//!
//! A [`Record`] holds an exclusive lock (`flock` on
//! `announcements.sent.json.lock` beside it) from the moment it is opened
//! until it is dropped, and reads the file under that lock: a second
//! `announce --send` waits, then sees what the first one sent. Each change is
//! written to a temporary file and renamed over the record, so a crash never
//! leaves half a record.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// The record's file name, in the project folder.
pub const FILE: &str = "announcements.sent.json";

/// How an announcement went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    /// By email (SMTP).
    #[default]
    Email,
    /// To newsgroups (NNTP).
    News,
}

/// What is known about a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The server confirmed it.
    #[default]
    Sent,
    /// The message was handed over, then the connection broke before the
    /// server confirmed it.
    MayHaveBeenSent,
}

/// One delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sent {
    /// The policy id.
    pub policy: String,
    /// The version id.
    pub version: String,
    /// The locale.
    pub locale: String,
    /// Email or news.
    #[serde(default)]
    pub via: Via,
    /// The destination: the list address, or the newsgroups separated by commas.
    pub to: String,
    /// The Message-ID of what was sent.
    pub message_id: String,
    /// Whether it is known to have arrived.
    #[serde(default)]
    pub status: Status,
}

impl Sent {
    fn same_delivery(&self, other: &Sent) -> bool {
        (
            &self.policy,
            &self.version,
            &self.locale,
            self.via,
            &self.to,
        ) == (
            &other.policy,
            &other.version,
            &other.locale,
            other.via,
            &other.to,
        )
    }
}

/// The record, locked while this value lives.
#[derive(Debug)]
pub struct Record {
    path: PathBuf,
    entries: Vec<Sent>,
    // Held for the lock; closing it releases the lock.
    _lock: File,
}

impl Record {
    /// Locks and reads the record in `root`. If another run holds the lock,
    /// calls `waiting` once and waits for it.
    pub fn open(root: &Path, waiting: impl FnOnce()) -> Result<Record, Error> {
        let path = root.join(FILE);
        let lock_path = root.join(format!("{FILE}.lock"));
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Error::io(&lock_path, e))?;
        use rustix::fs::{FlockOperation, flock};
        match flock(&lock, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => {}
            Err(rustix::io::Errno::WOULDBLOCK) => {
                waiting();
                flock(&lock, FlockOperation::LockExclusive)
                    .map_err(|e| Error::io(&lock_path, e.into()))?;
            }
            Err(e) => return Err(Error::io(&lock_path, e.into())),
        }
        let entries = match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| {
                Error::Output(format!(
                    "{} is damaged ({e}); it lists what was already sent, so fix it by hand, or remove it \
                     only if you are sure nothing was sent",
                    path.display()
                ))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(Error::io(&path, e)),
        };
        Ok(Record {
            path,
            entries,
            _lock: lock,
        })
    }

    /// What the record knows of a delivery like `entry`: `Sent` if it was
    /// confirmed once, else `MayHaveBeenSent` if it may have gone out, else
    /// nothing.
    pub fn status(&self, entry: &Sent) -> Option<Status> {
        let matching = || self.entries.iter().filter(|e| e.same_delivery(entry));
        if matching().any(|e| e.status == Status::Sent) {
            Some(Status::Sent)
        } else {
            matching().map(|e| e.status).next()
        }
    }

    /// Every entry, oldest first.
    pub fn entries(&self) -> &[Sent] {
        &self.entries
    }

    /// Adds `entry` and writes the record.
    pub fn add(&mut self, entry: Sent) -> Result<(), Error> {
        self.entries.push(entry);
        let mut text =
            serde_json::to_string_pretty(&self.entries).expect("the record is plain data");
        text.push('\n');
        let temporary = self.path.with_extension("json.tmp");
        let write = || -> std::io::Result<()> {
            let mut file = File::create(&temporary)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
            std::fs::rename(&temporary, &self.path)
        };
        write().map_err(|e| Error::io(&self.path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(status: Status) -> Sent {
        Sent {
            policy: "acme".into(),
            version: "2".into(),
            locale: "en".into(),
            via: Via::Email,
            to: "list@example.com".into(),
            message_id: "<2.en.acme@example.com>".into(),
            status,
        }
    }

    #[test]
    fn remembers_what_was_sent_and_what_may_have_been() {
        let dir = tempfile::tempdir().unwrap();
        let mut record = Record::open(dir.path(), || {}).unwrap();
        assert_eq!(record.status(&entry(Status::Sent)), None);
        record.add(entry(Status::MayHaveBeenSent)).unwrap();
        assert_eq!(
            record.status(&entry(Status::Sent)),
            Some(Status::MayHaveBeenSent)
        );
        record.add(entry(Status::Sent)).unwrap();
        drop(record);
        let record = Record::open(dir.path(), || {}).unwrap();
        assert_eq!(record.status(&entry(Status::Sent)), Some(Status::Sent));
        let news = Sent {
            via: Via::News,
            ..entry(Status::Sent)
        };
        assert_eq!(record.status(&news), None, "news is another destination");
    }

    #[test]
    fn reads_records_written_before_news_and_statuses() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE),
            r#"[{"policy":"acme","version":"2","locale":"en","to":"list@example.com","message_id":"<x>"}]"#,
        )
        .unwrap();
        let record = Record::open(dir.path(), || {}).unwrap();
        assert_eq!(record.status(&entry(Status::Sent)), Some(Status::Sent));
    }

    #[test]
    fn a_second_opener_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = Record::open(dir.path(), || panic!("the first does not wait")).unwrap();
        let root = dir.path().to_owned();
        let (tx, rx) = std::sync::mpsc::channel();
        let second = std::thread::spawn(move || {
            let record = Record::open(&root, || tx.send(()).unwrap()).unwrap();
            record.entries().len()
        });
        rx.recv_timeout(std::time::Duration::from_secs(10))
            .expect("the second run is told it waits");
        let mut first = first;
        first.add(entry(Status::Sent)).unwrap();
        drop(first);
        assert_eq!(
            second.join().unwrap(),
            1,
            "and then reads what the first wrote"
        );
    }
}
