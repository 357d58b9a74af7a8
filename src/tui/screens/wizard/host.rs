//! Hosting the creation wizard (`tui::screens::wizard`): opening it with what it
//! needs, and turning its outcome into a create request.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::keys::KeyContext;
use crate::keystone::Scope;
use crate::tui::context::Context;
use crate::tui::model::session;
use crate::tui::model::{HostedScreen, KeyHandler, Model, Screen};
use crate::tui::msg::{Effect, ErrorReport};
use crate::tui::screens::wizard::{
    self, Outcome, RoleSourceStatus, RolesStatus, WizardInput, WizardState,
};

/// `n`: opens the wizard on the current project. Keystone binds a
/// credential to a project, so other scopes get an explanation instead.
/// A federated user's wizard also asks Keystone where the roles come from,
/// for the review's warning (`appcred create`'s rule).
pub fn open(model: &mut Model) -> Vec<Effect> {
    let Some(info) = &model.session else {
        return Vec::new();
    };
    if !matches!(info.token.scope, Scope::Project { .. }) {
        session::show_error(
            model,
            ErrorReport::new(
                "Cannot create a credential here",
                format!(
                    "An application credential belongs to a project; the token is on {}.",
                    info.token.scope.label()
                ),
            )
            .with_hint(Some(
                "pick a project in the scope pane (p, then Enter) and press n again".to_string(),
            )),
        );
        return Vec::new();
    }
    let mut service_types: Vec<String> = info
        .token
        .catalog
        .iter()
        .map(|s| s.service_type.clone())
        .collect();
    service_types.sort();
    service_types.dedup();
    let existing_names = model.table.items.iter().map(|c| c.name.clone()).collect();
    let mut input = WizardInput::new(model.roles.clone(), service_types, existing_names);
    input.roles_status = model.roles_status.clone();
    let mut effects = Vec::new();
    if info.token.user.is_federated() {
        input.role_source = RoleSourceStatus::Loading;
        effects.push(Effect::LoadRoleSource {
            tag: model.requests.start("where your roles come from"),
        });
    }
    model.screen = Screen::Wizard(Box::new(WizardState::new(input)));
    effects
}

pub fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Screen::Wizard(state) = &mut model.screen else {
        return Vec::new();
    };
    match wizard::handle_key(state, &model.ctx, key) {
        Outcome::None | Outcome::Redraw => Vec::new(),
        Outcome::Cancel => {
            model.screen = Screen::Main;
            Vec::new()
        }
        Outcome::Submit(request) => {
            let tag = model.requests.start(format!("create {}", request.name));
            vec![Effect::Create { tag, request }]
        }
        Outcome::RetryRoles => {
            state.set_roles(RolesStatus::Loading, None);
            session::load_roles(model)
        }
    }
}

/// The create request failed: the wizard shows why on its review step.
pub fn create_failed(model: &mut Model, report: ErrorReport) {
    model.last_error = Some(format!("{}: {}", report.what, report.message));
    match &mut model.screen {
        Screen::Wizard(state) => {
            let text = match &report.hint {
                Some(hint) => format!("{} — {hint}", report.message),
                None => report.message.clone(),
            };
            state.create_failed(text);
        }
        _ => session::show_error(model, report),
    }
}

/// The router's and the frame's way into the wizard.
impl HostedScreen for WizardState {
    fn key_context(&self) -> KeyContext {
        WizardState::key_context(self)
    }

    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    /// Into the field being typed; the wizard cuts it (and says so) itself.
    fn paste(&mut self, text: &str) -> Option<String> {
        wizard::handle_paste(self, text);
        None
    }

    fn draw(&self, ctx: &Context, frame: &mut Frame, body: Rect) {
        wizard::draw(self, ctx, frame, body);
    }
}
