//! Guided rotation (`R` in the list): a successor with the old credential's
//! roles still held, access rules, unrestricted flag and description, named
//! `NAME-YYYYMMDD`; then the reveal screen, a verification, and the choice
//! to delete the old one or keep both (the list marks the pair "rotating").
//!
//! This module is the confirmation screen and the plan behind it, pure like
//! the wizard: [`plan`] decides, [`handle_key`] answers keys, [`draw`]
//! draws. `tui::update::rotate` hosts it and sends the create request.
//! The rules themselves are the command line's: `crate::rotation`.

pub mod clouds;
mod state;
#[cfg(test)]
mod tests;
pub mod update;
mod view;

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use crate::keys::{Action, KeyContext};
use crate::keystone::{ApplicationCredential, HeldRole, NewApplicationCredential, RoleRef};
use crate::rotation::{self, NeedExpires};
use crate::tui::context::Context;

pub use state::{CloudsStep, Consumers, Rotation, Verification};
pub use view::draw;

/// What the successor will be, and what it loses. No `Debug`: the request
/// type has a secret field (empty here, but the rule is simple).
#[derive(Clone)]
pub struct RotatePlan {
    pub old: ApplicationCredential,
    pub request: NewApplicationCredential,
    /// The old one's roles the user still holds on the project.
    pub kept: Vec<RoleRef>,
    /// Roles the user no longer holds: dropped only after a `y`.
    pub dropped: Vec<RoleRef>,
    /// Why the expiry is what it is.
    pub expiry_reason: std::borrow::Cow<'static, str>,
}

/// The lifetime the TUI gives the successor of an expired credential
/// whose lifetime is unknown (no date in its name). The command line asks
/// for `--expires` instead; here the confirmation names this default.
pub const UNKNOWN_LIFETIME: chrono::Duration = chrono::Duration::days(90);

/// Plans the successor of `old` by the rules of `crate::rotation`. `held`
/// are the roles on the current project; `existing` the names already
/// taken. Fails when no role is left (Keystone would give the new
/// credential every role, silently).
pub fn plan(
    old: &ApplicationCredential,
    held: &[HeldRole],
    existing: &[String],
    now: DateTime<Utc>,
) -> Result<RotatePlan, String> {
    let roles = rotation::split_roles(&old.roles, |id| held.iter().any(|h| h.id == id));
    if roles.nothing_kept() {
        return Err(format!(
            "You no longer hold any of {}'s roles ({}) on its project, so a successor would have none.",
            old.name,
            names(&old.roles)
        ));
    }
    let (expires_at, expiry_reason) = match rotation::same_lifetime(old, now) {
        Ok((at, rule)) => (at, rule.reason().into()),
        Err(NeedExpires) => (
            Some(now + UNKNOWN_LIFETIME),
            "90 days: the old one expired and its lifetime is unknown".into(),
        ),
    };
    let name = rotation::free_name(&old.name, now, existing);
    let request = rotation::successor(old, name, expires_at, &roles.kept);
    Ok(RotatePlan {
        old: old.clone(),
        request,
        kept: roles.kept,
        dropped: roles.dropped,
        expiry_reason,
    })
}

pub fn names(roles: &[RoleRef]) -> String {
    rotation::role_names(roles)
}

/// The confirmation screen's state. Holds no secret: Keystone generates
/// the new one and it goes straight to the reveal screen.
pub struct RotateState {
    pub plan: RotatePlan,
    /// The create request is on its way.
    pub submitting: bool,
    /// Why the create failed, shown on the screen.
    pub error: Option<String>,
    /// `e`: the successor's expiry being typed (as `--expires` takes it,
    /// or `never`).
    pub expiry_input: Option<Input>,
}

impl RotateState {
    pub fn new(plan: RotatePlan) -> Self {
        RotateState {
            plan,
            submitting: false,
            error: None,
            expiry_input: None,
        }
    }

    /// Dropping roles needs the explicit `y`; Enter alone is not enough.
    pub fn needs_agreement(&self) -> bool {
        !self.plan.dropped.is_empty()
    }

    /// The key table of what has the keyboard now.
    pub fn key_context(&self) -> KeyContext {
        if self.expiry_input.is_some() {
            KeyContext::RotateExpiry
        } else {
            KeyContext::Rotate
        }
    }
}

pub enum Outcome {
    None,
    Cancel,
    /// Send this create request.
    Submit(NewApplicationCredential),
}

pub fn handle_key(state: &mut RotateState, ctx: &Context, key: KeyEvent) -> Outcome {
    if state.submitting {
        return Outcome::None;
    }
    let action = ctx.action(state.key_context(), &key);
    if state.expiry_input.is_some() {
        return expiry_key(state, ctx, action, key);
    }
    match action {
        Some(Action::Back) => Outcome::Cancel,
        Some(Action::EditExpiry) => {
            state.expiry_input = Some(Input::default());
            state.error = None;
            Outcome::None
        }
        Some(Action::Agree) => submit(state),
        Some(Action::Confirm) if !state.needs_agreement() => submit(state),
        Some(Action::Confirm) => {
            state.error = Some(format!(
                "Press y to agree that the new credential goes without {}.",
                names(&state.plan.dropped)
            ));
            Outcome::None
        }
        _ => Outcome::None,
    }
}

/// Keys while the successor's expiry is typed: Enter takes it (what the
/// command line's `--expires` takes, or `never`), Esc keeps the planned one.
fn expiry_key(
    state: &mut RotateState,
    ctx: &Context,
    action: Option<Action>,
    key: KeyEvent,
) -> Outcome {
    let Some(input) = &mut state.expiry_input else {
        return Outcome::None;
    };
    match action {
        Some(Action::Back) => state.expiry_input = None,
        Some(Action::Confirm) => {
            let text = input.value().trim().to_string();
            let chosen = if text.eq_ignore_ascii_case("never") {
                Ok(None)
            } else {
                crate::expiry::parse_expiry(&text, ctx.now).map(Some)
            };
            match chosen {
                Ok(at) => {
                    state.plan.request.expires_at = at;
                    state.plan.expiry_reason = "chosen by you".into();
                    state.expiry_input = None;
                    state.error = None;
                }
                Err(e) => state.error = Some(e.to_string()),
            }
        }
        _ => {
            input.handle_event(&crossterm::event::Event::Key(key));
        }
    }
    Outcome::None
}

fn submit(state: &mut RotateState) -> Outcome {
    state.submitting = true;
    state.error = None;
    Outcome::Submit(state.plan.request.clone())
}
