//! The popups' state: which popups are open (the model holds them, topmost
//! last) and what each one holds. Each popup's keys and drawing are in its
//! own file beside this one.

use tokio::sync::oneshot;

use crate::keys::KeyContext;
use crate::keystone::ApplicationCredential;
use crate::secret::Secret;
use crate::tui::error_report::ErrorReport;
use crate::tui::widgets::MaskedField;

pub enum Overlay {
    /// The keys of the screen or pane underneath (`context`).
    Help(KeyContext),
    Error(ErrorReport),
    Delete(DeleteDialog),
    Prompt(PasswordPrompt),
    /// A short explanation with no error behind it (`t` in the list).
    Info(Info),
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

/// A titled message in a popup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Info {
    pub title: String,
    pub lines: Vec<String>,
}

/// What the runner asks the person for on behalf of the Keystone client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromptFor {
    /// `Password` or `Passcode (TOTP)`.
    pub label: String,
    pub user: String,
}

/// The Keystone client waits for a password or passcode.
pub struct PasswordPrompt {
    pub prompt: PromptFor,
    pub field: MaskedField,
    /// Where the answer goes; taken when the person submits or cancels.
    pub answer: Option<oneshot::Sender<Option<Secret>>>,
}
