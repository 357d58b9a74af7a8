//! Popups drawn over a screen, one file each with its state, its keys and
//! its drawing: the help, an error, an explanation, the delete
//! confirmation, the password prompt, and a rotation's two questions
//! (retire the old credential, update clouds.yaml). The topmost has the
//! keyboard.

pub mod delete;
pub mod error;
pub mod help;
pub mod info;
pub mod prompt;
pub mod retire;
pub mod update_clouds;

use crate::keys::KeyContext;
use crate::tui::msg::ErrorReport;

pub use delete::{DeleteDialog, DeleteRow, DeleteStatus};
pub use info::Info;
pub use prompt::PasswordPrompt;

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
