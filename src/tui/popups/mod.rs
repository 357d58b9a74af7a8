//! Popups drawn over a screen: the help, an error, an explanation, the
//! delete confirmation and the password prompt. The topmost has the
//! keyboard. What they hold is in `state` (below the model, which holds
//! them); each popup's keys and drawing, on the model, in its own file.
//! (A rotation's two questions belong to the rotation:
//! `tui::screens::rotate`.)

pub mod delete;
pub mod error;
pub mod help;
pub mod info;
pub mod prompt;
mod state;

pub use state::{DeleteDialog, DeleteRow, DeleteStatus, Info, Overlay, PasswordPrompt, PromptFor};
