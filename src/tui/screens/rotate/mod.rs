//! Guided rotation (`R` in the list), one state machine from the
//! confirmation to the old credential's end: confirm (the successor's
//! plan, its expiry editable) -> create -> reveal its secret, verified on
//! its own -> update what uses the old id (clouds.yaml entries, consumer
//! files) -> delete the old one or keep both (the list marks the pair
//! "rotating"). The rules are the command line's (`crate::rotation`,
//! `appcred rotate`).
//!
//! - [`state`]: the [`Rotation`] and its [`Phase`]s (`Screen::Rotate`
//!   holds it, nothing else);
//! - `machine`: [`update()`], the one entry point, pure: an [`Event`] in,
//!   a [`Reaction`] (requests to send, things to say) out (the rotation's
//!   keys are events of this machine, so it has no `keys.rs`);
//! - [`host`]: the model's side: opening it with `R`, tagging the
//!   requests, routing Keystone's answers in;
//! - [`draw`] / [`draw_question`]: the phase's screen and its question.

mod confirm;
pub mod host;
pub mod machine;
mod plan;
mod questions;
mod state;
mod view;

#[cfg(test)]
mod machine_tests;
#[cfg(test)]
mod tests;

pub use machine::{Event, Reaction, Request, update};
pub use plan::{RotatePlan, UNKNOWN_LIFETIME, names, plan};
pub use state::{Confirm, Consumers, Phase, Progress, Rotation};
pub use view::{draw, draw_question};
