//! Hosting the admin audit (`tui::screens::audit`): `A` opens it on the current
//! project (Tab: its domain), Enter sends one `Effect::Audit`, progress and
//! the result come back as replies. A refusal (not an admin) is an error
//! popup with the hint, and the screen asks again.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::audit::{Found, Progress};
use crate::keys::KeyContext;
use crate::keystone::Scope;
use crate::tui::context::Context;
use crate::tui::model::session;
use crate::tui::model::{HostedScreen, KeyHandler, Model, Pane, Screen};
use crate::tui::msg::{Effect, ErrorReport, Tag};
use crate::tui::screens::audit::{self, AuditState, Outcome};

/// `A`: needs a project-scoped token (the project and its domain are the
/// two choices).
pub fn open(model: &mut Model) {
    let Some(info) = &model.session else {
        return;
    };
    let Scope::Project { id, name, domain } = &info.token.scope else {
        let report = ErrorReport::new(
            "Cannot audit here",
            format!(
                "The audit starts from a project, and the token is on {}.",
                info.token.scope.label()
            ),
        )
        .with_hint(Some(
            "switch to a project in the scope pane (p, then Enter), or use `appcred audit --domain NAME` on the command line".to_string(),
        ));
        session::show_error(model, report);
        return;
    };
    let state = AuditState::new(
        (id.clone(), name.clone()),
        (domain.id.clone(), domain.name.clone()),
        model.table.warning,
    );
    model.screen = Screen::Audit(Box::new(state));
}

pub fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Screen::Audit(state) = &mut model.screen else {
        return Vec::new();
    };
    match audit::handle_key(state, &model.ctx, key) {
        Outcome::None => Vec::new(),
        Outcome::Back => {
            model.screen = Screen::Main;
            model.focus = Pane::Credentials;
            Vec::new()
        }
        Outcome::Start(target) => {
            let label = format!("audit {}", state.target_label());
            let tag = model.requests.start(label);
            vec![Effect::Audit { tag, target }]
        }
    }
}

pub fn on_progress(model: &mut Model, tag: Tag, progress: Progress) {
    if !model.requests.is_current(tag) {
        return;
    }
    if let Screen::Audit(state) = &mut model.screen {
        state.progress(progress);
    }
}

pub fn on_result(model: &mut Model, result: Result<Found, ErrorReport>) {
    match (&mut model.screen, result) {
        (Screen::Audit(state), Ok(found)) => state.finished(&found, model.ctx.now),
        (Screen::Audit(state), Err(report)) => {
            state.failed();
            session::show_error(model, report);
        }
        // The person left the screen: a failure still deserves a word.
        (_, Ok(_)) => {}
        (_, Err(report)) => model.last_error = Some(format!("{}: {}", report.what, report.message)),
    }
}

/// The router's and the frame's way into the audit (no text field: a
/// paste is dropped).
impl HostedScreen for AuditState {
    fn key_context(&self) -> KeyContext {
        AuditState::key_context(self)
    }

    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn draw(&self, ctx: &Context, frame: &mut Frame, body: Rect) {
        audit::draw(self, ctx, frame, body);
    }
}
