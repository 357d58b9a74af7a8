//! Popups drawn over a screen, one file each with its state, its keys and
//! its drawing: the help, an error, an explanation, the delete
//! confirmation and the password prompt. The topmost has the keyboard.
//! (A rotation's two questions belong to the rotation:
//! `tui::screens::rotate`.)

pub mod delete;
pub mod error;
pub mod help;
pub mod info;
pub mod prompt;

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
    /// A short explanation with no error behind it (`t` in the list).
    Info(Info),
}
