//! Where a cloud entry's credential values are written: found by `rotate`,
//! edited byte-for-byte by `locate`. Plain data, so both read it from here.

use std::path::{Path, PathBuf};

/// Where one value of a cloud entry is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueAt {
    pub file: PathBuf,
    /// Mapping keys from the root, e.g. `clouds`, `prod`, `auth`, `application_credential_id`.
    pub keys: Vec<String>,
}

/// A cloud entry that uses the old credential. No secret inside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRef {
    pub cloud_name: String,
    pub old_id: String,
    /// Every place its id is written (clouds.yaml, secure.yaml or both).
    pub id_at: Vec<ValueAt>,
    /// Every place its secret is written; empty when it comes from elsewhere.
    pub secret_at: Vec<ValueAt>,
}

impl EntryRef {
    /// The files its id and secret are written in (one may be in both).
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.id_at
            .iter()
            .chain(&self.secret_at)
            .map(|v| v.file.as_path())
    }
}
