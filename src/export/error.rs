//! Why an export or an edit of a user's file did not happen. Every error
//! means the user's existing file was left exactly as it was.

use std::io;
use std::path::PathBuf;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum ExportError {
    #[error(
        "{0} already exists and was left as it is: pass --force to replace it (the old file is \
         kept as a timestamped .bak), or --merge to add the new cloud to an existing clouds.yaml"
    )]
    Exists(PathBuf),
    #[error(
        "cannot write {path}: the directory {dir} does not exist; create it or choose another --output"
    )]
    MissingDirectory { path: PathBuf, dir: PathBuf },
    #[error("cannot use {0}: it is a directory, not a file; give a file name")]
    IsADirectory(PathBuf),
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error(
        "cannot create a file in {dir}: {source}; check that the directory is writable and not on \
         a read-only file system. {path} was not changed"
    )]
    CreateTemp {
        path: PathBuf,
        dir: PathBuf,
        source: io::Error,
    },
    #[error(
        "writing {path} failed: {source}{hint}. {path} was not changed and no partial file was left"
    )]
    Write {
        path: PathBuf,
        source: io::Error,
        hint: &'static str,
    },
    #[error("cannot keep a backup of {path} at {backup}: {source}; {path} was not changed")]
    Backup {
        path: PathBuf,
        backup: PathBuf,
        source: io::Error,
    },
    #[error("cannot put the new {path} in place: {source}; {path} was not changed")]
    Rename { path: PathBuf, source: io::Error },
    #[error(
        "{0} changed on disk while appcred was editing it (another program wrote it); nothing was \
         written: run the command again"
    )]
    ChangedOnDisk(PathBuf),
    #[error(
        "{path} is not valid YAML: {message}. Fix the file, or export to a new file with --output"
    )]
    Parse { path: PathBuf, message: String },
    #[error(
        "{path} cannot take a new cloud: {why}. Nothing was written; add the entry by hand or export to a new file"
    )]
    Shape { path: PathBuf, why: String },
    #[error(
        "{path} already has a cloud named {name:?}: nothing was written; pick another --cloud-name"
    )]
    DuplicateCloud { path: PathBuf, name: String },
    #[error(
        "{path} is read-only (mode {mode:04o}): nothing was written; add --force to add the \
         cloud anyway (the file keeps its mode), or make it writable first"
    )]
    ReadOnly { path: PathBuf, mode: u32 },
    #[error("{path} cannot be rewritten in place: {why}")]
    NotRewritable { path: PathBuf, why: String },
    #[error(
        "{secure} already defines a cloud named {name:?}; the OpenStack client lays secure.yaml \
         over {path}, so its settings (a password, another secret) would be mixed into the new \
         entry and break it: nothing was written; pick another --cloud-name, or remove {name:?} \
         from {secure}"
    )]
    DuplicateInSecure {
        path: PathBuf,
        secure: PathBuf,
        name: String,
    },
    #[error(
        "appcred could not change {path} safely: {why}. Nothing was written; edit the file by hand \
         (or export to a new file with --output)"
    )]
    Unsafe { path: PathBuf, why: String },
    #[error(
        "{path}: the cloud {cloud:?} no longer holds the credential id {old_id} (the file changed \
         since it was searched); nothing was written: run the rotation's file update again"
    )]
    Stale {
        path: PathBuf,
        cloud: String,
        old_id: String,
    },
    #[error(
        "{failed}; the files already updated were restored from their backups ({restored}), so \
         nothing changed"
    )]
    RolledBack {
        failed: Box<ExportError>,
        restored: String,
    },
    #[error(
        "{failed}; restoring the files already updated also failed ({restore_error}): restore them \
         by hand from their backups: {backups}"
    )]
    RollbackFailed {
        failed: Box<ExportError>,
        restore_error: String,
        backups: String,
    },
}

/// A hint for the write errors people meet: a full disk or quota.
pub(crate) fn write_hint(e: &io::Error) -> &'static str {
    match e.raw_os_error() {
        Some(28) => " (the disk is full: free some space and try again)",
        Some(122) => " (the disk quota is exceeded: free some space and try again)",
        Some(30) => " (the file system is read-only)",
        _ if e.kind() == io::ErrorKind::StorageFull => {
            " (the disk is full: free some space and try again)"
        }
        _ => "",
    }
}
