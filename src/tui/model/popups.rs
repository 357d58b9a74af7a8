//! Popups drawn over a screen: the help, an error, the delete confirmation
//! and the password prompt. The topmost one has the keyboard.

use tokio::sync::oneshot;

use std::path::PathBuf;

use crate::export::EntryRef;
use crate::keys::KeyContext;
use crate::keystone::ApplicationCredential;
use crate::secret::Secret;
use crate::tui::msg::{ErrorReport, PromptFor};
use crate::tui::widgets::MaskedField;

pub enum Overlay {
    /// The keys of the screen or pane underneath (`context`).
    Help(KeyContext),
    Error(ErrorReport),
    Delete(DeleteDialog),
    Prompt(PasswordPrompt),
    /// After a rotation's reveal: delete the old credential or keep both.
    /// Its data is `Model::rotation`.
    Retire,
    /// A short explanation with no error behind it (`t` in the list).
    Info(Info),
    /// During a rotation, once the new credential works: update the
    /// clouds.yaml entries that use the old id? Its data is
    /// `Model::rotation.clouds`.
    UpdateClouds,
}

/// A titled message in a popup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Info {
    pub title: String,
    pub lines: Vec<String>,
}

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
    /// Found these in `file`: the person is asked.
    Found {
        file: PathBuf,
        entries: Vec<EntryRef>,
    },
    /// Writing and proving the updated entries.
    Updating,
    /// Nothing to update, declined, or done (the result was shown).
    Settled,
    /// The update failed, or an updated entry does not authenticate: the
    /// old credential must stay (as the command line keeps it).
    Broken,
}

/// Whether the new credential authenticates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    NotYet,
    Running,
    Works,
    Fails(String),
}

/// The delete confirmation, and then the progress of each deletion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteDialog {
    pub rows: Vec<DeleteRow>,
    /// False while asking; true once the person confirmed.
    pub started: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteRow {
    pub id: String,
    pub name: String,
    pub roles: Vec<String>,
    pub status: DeleteStatus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeleteStatus {
    Asking,
    Running,
    Deleted,
    Failed(String),
}

impl DeleteDialog {
    pub fn new(targets: &[&ApplicationCredential]) -> Self {
        DeleteDialog {
            rows: targets
                .iter()
                .map(|c| DeleteRow {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    roles: c.roles.iter().map(|r| r.name.clone()).collect(),
                    status: DeleteStatus::Asking,
                })
                .collect(),
            started: false,
        }
    }

    /// Every deletion has answered.
    pub fn finished(&self) -> bool {
        self.started
            && self
                .rows
                .iter()
                .all(|r| matches!(r.status, DeleteStatus::Deleted | DeleteStatus::Failed(_)))
    }
}

/// The Keystone client waits for a password or passcode.
pub struct PasswordPrompt {
    pub prompt: PromptFor,
    pub field: MaskedField,
    /// Where the answer goes; taken when the person submits or cancels.
    pub answer: Option<oneshot::Sender<Option<Secret>>>,
}
