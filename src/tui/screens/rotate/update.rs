//! Hosting a rotation: `R` plans a successor for the selected credential
//! and opens the confirmation (`tui::screens::rotate`); confirming creates it; the
//! reveal screen shows its secret while it is verified automatically;
//! leaving the reveal screen asks whether to delete the old one or keep
//! both. The rules are the command line's (`appcred rotate`).

use crossterm::event::KeyEvent;

use crate::keystone::{Scope, VerifyReport};
use crate::tui::model::{Model, Overlay, Pane, Screen};
use crate::tui::msg::{Effect, ErrorReport};
use crate::tui::popups::Info;
use crate::tui::screens::rotate::{self, Outcome, RotateState};
use crate::tui::screens::rotate::{Rotation, Verification};
use crate::tui::update::session;

/// `R` on the selected credential.
pub fn open(model: &mut Model) -> Vec<Effect> {
    let Some(info) = &model.session else {
        return Vec::new();
    };
    let Some(old) = model.table.selected_credential().cloned() else {
        return Vec::new();
    };
    let failed = |message: String, hint: &str| {
        ErrorReport::new(format!("Cannot rotate {}", old.name), message)
            .with_hint(Some(hint.to_string()))
    };
    // A credential is created on the token's project, so the token must be
    // on the old one's project: the successor belongs where the old one did.
    let here = match &info.token.scope {
        Scope::Project { id, .. } => Some(id.as_str()),
        _ => None,
    };
    if old.project_id.is_some() && here != old.project_id.as_deref() {
        let project = old.project_id.clone().unwrap_or_default();
        let report = failed(
            format!(
                "{} belongs to project {project}, and the token is on {}.",
                old.name,
                info.token.scope.label()
            ),
            "switch to that project in the scope pane (p, then Enter) and press R again",
        );
        session::show_error(model, report);
        return Vec::new();
    }
    if model.roles.is_empty() {
        let report = failed(
            "Your roles on this project are not known yet.".to_string(),
            "wait for the roles to load (or press r), then press R again",
        );
        session::show_error(model, report);
        return Vec::new();
    }
    let existing: Vec<String> = model.table.items.iter().map(|c| c.name.clone()).collect();
    match rotate::plan(&old, &model.roles, &existing, model.ctx.now) {
        Ok(plan) => {
            let state = RotateState::new(plan);
            model.screen = Screen::Rotate(Box::new(state));
        }
        Err(message) => session::show_error(
            model,
            failed(
                message,
                "ask for the roles back, or create a new credential with n",
            ),
        ),
    }
    Vec::new()
}

pub fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Screen::Rotate(state) = &mut model.screen else {
        return Vec::new();
    };
    match rotate::handle_key(state, &model.ctx, key) {
        Outcome::None => Vec::new(),
        Outcome::Cancel => {
            model.screen = Screen::Main;
            model.focus = Pane::Credentials;
            Vec::new()
        }
        Outcome::Submit(request) => {
            model.rotation = Some(Rotation {
                old: state.plan.old.clone(),
                new_name: request.name.clone(),
                new_id: None,
                verification: Verification::NotYet,
                retiring: false,
                clouds: Default::default(),
            });
            let tag = model
                .requests
                .start(format!("rotate {}", state.plan.old.name));
            vec![Effect::Create { tag, request }]
        }
    }
}

/// The successor exists and the reveal screen shows it: verify it at once,
/// while the secret is still in memory.
pub fn after_created(model: &mut Model) -> Vec<Effect> {
    let Screen::Reveal(state) = &model.screen else {
        return Vec::new();
    };
    let Some(rotation) = model.rotation.as_mut() else {
        return Vec::new();
    };
    if rotation.new_id.is_some() {
        return Vec::new();
    }
    let Some(secret) = state.secret().cloned() else {
        return Vec::new();
    };
    let id = state.credential().id.clone();
    rotation.new_id = Some(id.clone());
    rotation.verification = Verification::Running;
    let tag = model.requests.start("verify");
    vec![Effect::Verify { tag, id, secret }]
}

/// The create request failed: say so on the confirmation screen.
pub fn create_failed(model: &mut Model, report: ErrorReport) {
    model.rotation = None;
    model.last_error = Some(format!("{}: {}", report.what, report.message));
    if let Screen::Rotate(state) = &mut model.screen {
        state.submitting = false;
        state.error = Some(match &report.hint {
            Some(hint) => format!("{} — {hint}", report.message),
            None => report.message.clone(),
        });
    } else {
        session::show_error(model, report);
    }
}

/// A verification answered: record it for the retire choice; once the
/// new one works, look for clouds.yaml entries that use the old id.
pub fn on_verified(model: &mut Model, result: &Result<VerifyReport, ErrorReport>) -> Vec<Effect> {
    let Some(rotation) = model.rotation.as_mut() else {
        return Vec::new();
    };
    if rotation.verification != Verification::Running {
        return Vec::new();
    }
    rotation.verification = match result {
        Ok(report) if report.works => Verification::Works,
        Ok(report) => Verification::Fails(
            report
                .reason
                .clone()
                .unwrap_or_else(|| "Keystone refused it".to_string()),
        ),
        Err(e) => Verification::Fails(e.message.clone()),
    };
    super::clouds::look(model)
}

/// The reveal screen was left during a rotation: ask about the old one.
pub fn reveal_left(model: &mut Model) {
    if model.rotation.is_some() {
        model.overlays.push(Overlay::Retire);
    }
}

/// A deletion answered; if it was the rotation's old credential, the
/// rotation is over (on failure the error popup says why, both stay).
pub fn on_deleted(model: &mut Model, id: &str, ok: bool) {
    let Some(rotation) = &model.rotation else {
        return;
    };
    if !rotation.retiring || rotation.old.id != id {
        return;
    }
    if ok {
        model.notice = Some(format!(
            "rotated: deleted {}; {} replaces it",
            rotation.old.name, rotation.new_name
        ));
    }
    model.rotation = None;
    model.overlays.retain(|o| !matches!(o, Overlay::Retire));
}

/// `t` in the list: Keystone never shows a secret again, so the list has
/// nothing to authenticate with. Explain where verification works.
pub fn explain_verify(model: &mut Model) {
    let Some(c) = model.table.selected_credential() else {
        return;
    };
    model.overlays.push(Overlay::Info(Info {
        title: "Verify needs the secret".to_string(),
        lines: vec![
            format!(
                "Verifying {} means logging in with its id and secret, and Keystone shows a secret only once, when the credential is created.",
                c.name
            ),
            String::new(),
            "Press t on the reveal screen right after n (create) or R (rotate); a rotation verifies on its own.".to_string(),
            format!(
                "Or from a shell that has the secret: appcred verify --id {} --secret-stdin",
                c.id
            ),
        ],
    }));
}
