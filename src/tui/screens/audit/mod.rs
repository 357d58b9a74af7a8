//! The admin audit screen (`A`): asks whose credentials to audit (the
//! current project, or Tab: its domain), runs `crate::audit` (the command
//! line's logic) as one effect with progress, and lists every user's
//! credentials with their flags. Pure like the wizard: [`handle_key`]
//! answers keys, [`draw`] draws; `host` is the model side (opening it with
//! `A`, running the audit, its answer).

pub mod host;
mod keys;
mod state;
#[cfg(test)]
mod tests;
mod view;

pub use keys::handle_key;
pub use state::{AuditState, Outcome, Phase, Whom};
pub use view::draw;
