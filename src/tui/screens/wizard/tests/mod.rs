//! Key handling: every step's keys and transitions, the validation, Esc
//! going back, and that nothing is submitted before the review's Enter.
//! This file holds the fixtures; `steps` tests each step, `flow` the walk
//! through them.

mod flow;
mod steps;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::keystone::RoleOrigin;
use crate::tui::context::Context;

pub(super) fn now() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2026, 11, 25)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .map(|n| n.and_utc())
        .unwrap_or_default()
}

/// A fixed "local" zone so snapshots do not depend on the machine.
pub(super) fn fake_local(t: DateTime<Utc>) -> String {
    (t + Duration::hours(1))
        .format("%Y-%m-%d %H:%M CET")
        .to_string()
}

pub(super) fn role(id: &str, name: &str, origin: RoleOrigin) -> HeldRole {
    HeldRole {
        id: id.into(),
        name: name.into(),
        origin,
    }
}

pub(super) fn wizard() -> WizardState {
    let input = WizardInput::new(
        vec![
            role("r-admin", "admin", RoleOrigin::Direct),
            role(
                "r-member",
                "member",
                RoleOrigin::Implied { by: "admin".into() },
            ),
            role(
                "r-reader",
                "reader",
                RoleOrigin::Implied {
                    by: "member".into(),
                },
            ),
        ],
        vec!["compute".into(), "identity".into(), "object-store".into()],
        vec!["ci-runner".into()],
    );
    WizardState::new(input)
}

/// The shared context the wizard's tests draw and press with.
pub(super) fn ctx() -> Context {
    let mut ctx = crate::tui::testing::context_with(fake_local);
    ctx.now = now();
    ctx
}

pub(super) fn press(w: &mut WizardState, code: KeyCode) -> Outcome {
    handle_key(w, &ctx(), KeyEvent::new(code, KeyModifiers::NONE))
}

pub(super) fn type_text(w: &mut WizardState, text: &str) {
    for c in text.chars() {
        press(w, KeyCode::Char(c));
    }
}

/// From the start to the name step, with a typed name.
pub(super) fn to_description(w: &mut WizardState, name: &str) {
    press(w, KeyCode::Enter); // no preset
    type_text(w, name);
    press(w, KeyCode::Enter);
}

/// From the start to the expiry step: name, no description, role member.
pub(super) fn to_expiry(w: &mut WizardState) {
    to_description(w, "deploy-bot");
    press(w, KeyCode::Enter);
    press(w, KeyCode::Down);
    press(w, KeyCode::Down);
    press(w, KeyCode::Char(' '));
    press(w, KeyCode::Enter);
}

pub(super) fn assert_step(w: &WizardState, step: Step) {
    assert_eq!(w.step(), step, "error: {:?}", w.error());
}

pub(super) fn to_rules(w: &mut WizardState) {
    to_expiry(w);
    press(w, KeyCode::Enter);
    press(w, KeyCode::Enter);
}

pub(super) fn to_secret(w: &mut WizardState) {
    to_rules(w);
    press(w, KeyCode::Enter);
}
