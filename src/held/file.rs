//! The record on disk: `held.json` in appcred's state folder, 0600,
//! replaced atomically (the export's temp-file-and-rename,
//! `export::replace_public`), every read-modify-write under an exclusive
//! `flock(2)` on `held.lock` beside it. flock and not a lock inside the
//! JSON file: the file is replaced by a rename, and a lock on the old
//! inode would not stop a second writer that opened the new one.
//!
//! A file that is not a record (cut short by a full disk, edited by hand,
//! written by a later appcred) is renamed `held.json.corrupt-<UTC time>`
//! and reported; a new record starts. The user's data is never dropped
//! without a word.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use chrono::Utc;
use rustix::fs::{FlockOperation, flock};
use thiserror::Error;

use super::ledger::{Ledger, VERSION};
use crate::config::Environment;
use crate::export::{self, ExportError};

const FILE: &str = "held.json";
const LOCK: &str = "held.lock";

/// Why the record could not be read or written.
#[derive(Debug, Error)]
pub enum HeldError {
    #[error(
        "cannot use {path} to record where credentials are held: {source}; check the folder's \
         permissions (or set XDG_STATE_HOME)"
    )]
    Folder { path: PathBuf, source: io::Error },
    #[error("cannot lock {path} (the record of where credentials are held): {source}")]
    Lock { path: PathBuf, source: io::Error },
    #[error("cannot read {path} (the record of where credentials are held): {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error(
        "{path} (the record of where credentials are held) is unreadable ({why}) and could not be \
         set aside: {source}; move it away by hand"
    )]
    SetAside {
        path: PathBuf,
        why: String,
        source: io::Error,
    },
    #[error("cannot write the record of where credentials are held: {0}")]
    Write(#[from] ExportError),
}

/// A corrupt record moved out of the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    pub from: PathBuf,
    pub to: PathBuf,
    pub why: String,
}

impl std::fmt::Display for SetAside {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the record of where credentials are held, {}, could not be read ({}); it was kept \
             as {} and a new record started",
            self.from.display(),
            self.why,
            self.to.display()
        )
    }
}

/// The record as read, and the corrupt file set aside on the way, if any.
#[derive(Debug)]
pub struct Loaded {
    pub ledger: Ledger,
    pub set_aside: Option<SetAside>,
}

/// The record's folder (its file and lock file inside).
#[derive(Debug, Clone)]
pub struct Record {
    dir: PathBuf,
}

impl Record {
    /// The record in appcred's state folder as `env` names it; None
    /// without `$XDG_STATE_HOME` or a home.
    pub fn for_env(env: &Environment) -> Option<Record> {
        env.state_dir().map(Record::in_dir)
    }

    /// The record in `dir` (tests).
    pub fn in_dir(dir: impl Into<PathBuf>) -> Record {
        Record { dir: dir.into() }
    }

    /// The record's file.
    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE)
    }

    /// Reads the record (empty when there is none yet; nothing is created).
    pub fn load(&self) -> Result<Loaded, HeldError> {
        if !self.dir.is_dir() {
            return Ok(Loaded {
                ledger: Ledger::default(),
                set_aside: None,
            });
        }
        let _lock = self.lock()?;
        self.read_locked()
    }

    /// Reads, changes with `f` and writes the record back, all under the
    /// lock; returns the corrupt file set aside on the way, if any.
    pub fn update(&self, f: impl FnOnce(&mut Ledger)) -> Result<Option<SetAside>, HeldError> {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&self.dir)
            .map_err(|source| HeldError::Folder {
                path: self.dir.clone(),
                source,
            })?;
        let _lock = self.lock()?;
        let Loaded {
            mut ledger,
            set_aside,
        } = self.read_locked()?;
        f(&mut ledger);
        let mut text = serde_json::to_string_pretty(&ledger).map_err(|e| ExportError::Write {
            path: self.path(),
            source: io::Error::other(e),
            hint: "",
        })?;
        text.push('\n');
        export::replace_public(&self.path(), text.as_bytes(), 0o600)?;
        Ok(set_aside)
    }

    /// Holds the exclusive lock until the returned file is dropped.
    fn lock(&self) -> Result<File, HeldError> {
        let path = self.dir.join(LOCK);
        let lock_err = |source| HeldError::Lock {
            path: path.clone(),
            source,
        };
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&path)
            .map_err(lock_err)?;
        flock(&file, FlockOperation::LockExclusive).map_err(|e| lock_err(e.into()))?;
        Ok(file)
    }

    /// Reads the file; a corrupt one is set aside. Call with the lock held.
    fn read_locked(&self) -> Result<Loaded, HeldError> {
        let path = self.path();
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Loaded {
                    ledger: Ledger::default(),
                    set_aside: None,
                });
            }
            Err(source) => return Err(HeldError::Read { path, source }),
        };
        let why = match serde_json::from_slice::<Ledger>(&bytes) {
            Ok(ledger) if ledger.version == VERSION => {
                return Ok(Loaded {
                    ledger,
                    set_aside: None,
                });
            }
            Ok(ledger) => format!(
                "layout version {}, this appcred knows {VERSION}",
                ledger.version
            ),
            Err(e) => format!("not a record: {e}"),
        };
        let to = set_aside_name(&path);
        fs::rename(&path, &to).map_err(|source| HeldError::SetAside {
            path: path.clone(),
            why: why.clone(),
            source,
        })?;
        tracing::warn!(from = %path.display(), to = %to.display(), %why, "record set aside");
        Ok(Loaded {
            ledger: Ledger::default(),
            set_aside: Some(SetAside {
                from: path,
                to,
                why,
            }),
        })
    }
}

/// `held.json.corrupt-<UTC time>`, or with `-2`... when that is taken.
fn set_aside_name(path: &Path) -> PathBuf {
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
    let free = |name: String| {
        let p = path.with_file_name(name);
        p.symlink_metadata().is_err().then_some(p)
    };
    free(format!("{FILE}.corrupt-{stamp}"))
        .or_else(|| (2..100).find_map(|n| free(format!("{FILE}.corrupt-{stamp}-{n}"))))
        .unwrap_or_else(|| {
            path.with_file_name(format!("{FILE}.corrupt-{stamp}-{}", std::process::id()))
        })
}
