//! The model's side of a rotation: `R` plans a successor for the selected
//! credential and opens the confirmation; keys and Keystone's answers go
//! through [`super::update()`], whose [`Reaction`] this turns into tagged
//! effects, popups and status remarks.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Consumers, Event, Phase, Reaction, Request, Rotation};
use crate::keys::KeyContext;
use crate::keystone::{CreatedCredential, Scope, VerifyReport};
use crate::tui::context::Context;
use crate::tui::model::session;
use crate::tui::model::{HostedScreen, KeyHandler, Model, Overlay, Pane, Screen};
use crate::tui::msg::{Effect, ErrorReport};
use crate::tui::popups::Info;
use crate::tui::screens::reveal::host as reveal_host;
use crate::tui::screens::rotate;

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
        Ok(plan) => model.screen = Screen::Rotate(Box::new(Rotation::new(plan))),
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
    step(model, Event::Key(key))
}

/// A create request of a rotation is on its way (its answer is the
/// successor's, not the wizard's).
pub fn creating(model: &Model) -> bool {
    matches!(&model.screen, Screen::Rotate(r) if matches!(r.phase, Phase::Creating(_)))
}

/// The successor exists: its reveal screen opens inside the rotation.
pub fn on_created(model: &mut Model, created: CreatedCredential) -> Vec<Effect> {
    let reveal = reveal_host::new_state(model, created);
    step(model, Event::Created(Box::new(reveal)))
}

pub fn on_create_failed(model: &mut Model, report: ErrorReport) {
    step(model, Event::CreateFailed(report));
}

pub fn on_verified(model: &mut Model, result: &Result<VerifyReport, ErrorReport>) -> Vec<Effect> {
    step(model, Event::Verified(result))
}

pub fn on_consumers_found(
    model: &mut Model,
    result: Result<Consumers, ErrorReport>,
) -> Vec<Effect> {
    step(model, Event::ConsumersFound(result))
}

pub fn on_consumers_updated(
    model: &mut Model,
    result: Result<(Vec<String>, bool), ErrorReport>,
) -> Vec<Effect> {
    step(model, Event::ConsumersUpdated(result))
}

pub fn on_deleted(model: &mut Model, id: &str, ok: bool) {
    step(model, Event::Deleted { id, ok });
}

/// One step of the machine, and what its reaction means for the model.
fn step(model: &mut Model, event: Event) -> Vec<Effect> {
    let Screen::Rotate(rotation) = &mut model.screen else {
        return Vec::new();
    };
    let Reaction {
        send,
        notice,
        error,
        status_error,
        info,
        reveal,
        end,
    } = rotate::update(rotation, event, &model.ctx);
    let mut effects = match (reveal, rotation.reveal()) {
        (Some(outcome), Some(state)) => reveal_host::effects(&mut model.requests, state, outcome),
        _ => Vec::new(),
    };
    let old_name = rotation.old.name.clone();
    let user_id = model.session.as_ref().map(|s| s.user_id.clone());
    for request in send {
        effects.extend(effect(model, request, &old_name, user_id.clone()));
    }
    if end {
        model.screen = Screen::Main;
        model.focus = Pane::Credentials;
    }
    if let Some(notice) = notice {
        model.notice = Some(notice);
    }
    if let Some(text) = status_error {
        model.last_error = Some(text);
    }
    if let Some(report) = error {
        session::show_error(model, report);
    }
    if let Some(info) = info {
        model.overlays.push(Overlay::Info(info));
    }
    effects
}

/// A request of the rotation, tagged (the labels name what the status bar
/// shows under way; "rotate " also marks a create whose secret must not
/// be lost on quit).
fn effect(
    model: &mut Model,
    request: Request,
    old_name: &str,
    user_id: Option<String>,
) -> Option<Effect> {
    let requests = &mut model.requests;
    Some(match request {
        Request::Create(request) => Effect::Create {
            tag: requests.start(format!("rotate {old_name}")),
            request,
        },
        Request::Verify { id, secret } => Effect::Verify {
            tag: requests.start("verify"),
            id,
            secret,
        },
        Request::FindConsumers { old_id, export_dir } => Effect::FindCloudEntries {
            tag: requests.start("find clouds.yaml entries"),
            old_id,
            export_dir,
        },
        Request::UpdateConsumers {
            entries,
            files,
            old_id,
            new_id,
            secret,
            successor,
        } => Effect::UpdateCloudEntries {
            tag: requests.start("update clouds.yaml"),
            entries,
            files,
            old_id,
            new_id,
            secret,
            successor,
        },
        Request::DeleteOld { id } => Effect::Delete {
            tag: requests.start(format!("delete {old_name}")),
            user_id: user_id?,
            id,
        },
    })
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

/// The router's and the frame's way into a rotation.
impl HostedScreen for Rotation {
    fn key_context(&self) -> KeyContext {
        Rotation::key_context(self)
    }

    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    /// Into its reveal screen's export prompt, when that has the keyboard.
    fn paste(&mut self, text: &str) -> Option<String> {
        self.reveal_typing_mut()
            .and_then(|state| HostedScreen::paste(state, text))
    }

    fn draw(&self, ctx: &Context, frame: &mut Frame, body: Rect) {
        rotate::draw(self, ctx, frame, body);
    }

    fn over_the_list(&self) -> bool {
        Rotation::over_the_list(self)
    }

    fn draw_over(&self, ctx: &Context, turn: usize, frame: &mut Frame, area: Rect) {
        rotate::draw_question(self, ctx, turn, frame, area);
    }
}
