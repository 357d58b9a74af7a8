//! A rotation under way, after the confirmation: the steps it goes
//! through (create -> reveal -> verify -> update clouds.yaml -> retire) and
//! where each stands. `Model::rotation` holds it from the create request
//! until the old credential is deleted or kept.

use std::path::PathBuf;

use crate::export::EntryRef;
use crate::keystone::ApplicationCredential;

/// A rotation under way, from the create request until the old one is
/// deleted or kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Rotation {
    pub old: ApplicationCredential,
    pub new_name: String,
    /// Known once Keystone created it.
    pub new_id: Option<String>,
    pub verification: Verification,
    /// The old one's deletion was sent.
    pub retiring: bool,
    /// The clouds.yaml entries that use the old id, and what became of them.
    pub clouds: CloudsStep,
}

/// A rotation's clouds.yaml step (the command line's, `rotation::clouds`).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum CloudsStep {
    /// Not looked yet (the new credential is not verified).
    #[default]
    NotYet,
    /// Looking for entries that use the old id.
    Looking,
    /// Found these: the person is asked.
    Found(Consumers),
    /// Writing and proving the updated entries.
    Updating,
    /// Nothing to update, declined, or done (the result was shown).
    Settled,
    /// The update failed, or an updated entry does not authenticate: the
    /// old credential must stay (as the command line keeps it).
    Broken,
}

/// What uses the old id: entries of the clouds.yaml appcred read (`file`),
/// and consumer files found beside it and in `export_dir`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Consumers {
    pub file: Option<PathBuf>,
    pub entries: Vec<EntryRef>,
    pub files: Vec<PathBuf>,
}

impl Consumers {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.files.is_empty()
    }
}

/// Whether the new credential authenticates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    NotYet,
    Running,
    Works,
    Fails(String),
}
