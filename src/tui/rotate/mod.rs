//! Guided rotation (`R` in the list): a successor with the old credential's
//! roles still held, access rules, unrestricted flag and description, named
//! `NAME-YYYYMMDD`; then the reveal screen, a verification, and the choice
//! to delete the old one or keep both (the list marks the pair "rotating").
//!
//! This module is the confirmation screen and the plan behind it, pure like
//! the wizard: [`plan`] decides, [`handle_key`] answers keys, [`draw`]
//! draws. `tui::update::rotate` hosts it and sends the create request.

mod draw;
pub mod naming;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent};

use crate::keystone::{
    AccessRule, ApplicationCredential, HeldRole, NewApplicationCredential, RoleRef,
};
use crate::tui::theme::Theme;

pub use draw::draw;

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
    pub expiry_reason: &'static str,
}

/// Plans the successor of `old`. `held` are the roles on the current
/// project; `existing` the names already taken. Fails when no role is
/// left (Keystone would give the new credential every role, silently).
pub fn plan(
    old: &ApplicationCredential,
    held: &[HeldRole],
    existing: &[String],
    now: DateTime<Utc>,
) -> Result<RotatePlan, String> {
    let (kept, dropped): (Vec<RoleRef>, Vec<RoleRef>) = old
        .roles
        .iter()
        .cloned()
        .partition(|r| held.iter().any(|h| h.id == r.id));
    if kept.is_empty() {
        return Err(format!(
            "You no longer hold any of {}'s roles ({}) on its project, so a successor would have none.",
            old.name,
            names(&old.roles)
        ));
    }
    let (expires_at, expiry_reason) = naming::same_lifetime(old, now);
    let request = NewApplicationCredential {
        name: naming::free_name(&old.name, now, existing),
        description: old.description.clone(),
        secret: None,
        expires_at,
        role_ids: kept.iter().map(|r| r.id.clone()).collect(),
        unrestricted: old.is_unrestricted(),
        access_rules: old
            .access_rules
            .iter()
            .flatten()
            .map(|r| AccessRule {
                id: None,
                service: r.service.clone(),
                method: r.method.clone(),
                path: r.path.clone(),
            })
            .collect(),
    };
    Ok(RotatePlan {
        old: old.clone(),
        request,
        kept,
        dropped,
        expiry_reason,
    })
}

pub fn names(roles: &[RoleRef]) -> String {
    roles
        .iter()
        .map(|r| r.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The confirmation screen's state. Holds no secret: Keystone generates
/// the new one and it goes straight to the reveal screen.
pub struct RotateState {
    pub plan: RotatePlan,
    pub now: DateTime<Utc>,
    pub theme: Theme,
    /// The create request is on its way.
    pub submitting: bool,
    /// Why the create failed, shown on the screen.
    pub error: Option<String>,
    /// How times show in the person's zone; tests fix it to UTC.
    pub local_text: fn(DateTime<Utc>) -> String,
}

impl RotateState {
    pub fn new(plan: RotatePlan, now: DateTime<Utc>, theme: Theme) -> Self {
        RotateState {
            plan,
            now,
            theme,
            submitting: false,
            error: None,
            local_text: crate::expiry::local_text,
        }
    }

    /// Dropping roles needs the explicit `y`; Enter alone is not enough.
    pub fn needs_agreement(&self) -> bool {
        !self.plan.dropped.is_empty()
    }
}

pub enum Outcome {
    None,
    Cancel,
    /// Send this create request.
    Submit(NewApplicationCredential),
}

pub fn handle_key(state: &mut RotateState, key: KeyEvent) -> Outcome {
    if state.submitting {
        return Outcome::None;
    }
    match key.code {
        KeyCode::Esc | KeyCode::Char('n') | KeyCode::Char('q') => Outcome::Cancel,
        KeyCode::Char('y') => submit(state),
        KeyCode::Enter if !state.needs_agreement() => submit(state),
        KeyCode::Enter => {
            state.error = Some(format!(
                "Press y to agree that the new credential goes without {}.",
                names(&state.plan.dropped)
            ));
            Outcome::None
        }
        _ => Outcome::None,
    }
}

fn submit(state: &mut RotateState) -> Outcome {
    state.submitting = true;
    state.error = None;
    Outcome::Submit(state.plan.request.clone())
}
