//! Logging in, switching scope, (re)loading what the main view shows,
//! showing an error and quitting: the steps several screens share. They
//! live with the model so a screen's host calls down into them, never up
//! into the router (`tui::update`).

use crate::tui::model::{Model, Overlay};
use crate::tui::msg::{CloudChoice, Effect, ErrorReport};
use crate::tui::screens::wizard::RolesStatus;

/// Starts a login. A new generation begins, so anything still on its way
/// for the previous cloud or scope is dropped when it arrives.
pub fn start_login(model: &mut Model, cloud: CloudChoice) -> Vec<Effect> {
    let name = match &cloud {
        CloudChoice::Named(name) => name.clone(),
        CloudChoice::Resolved(config) => config.name.clone(),
    };
    let tag = model.requests.start_generation(format!("log in to {name}"));
    // What was said about the previous cloud does not hold for this one.
    model.notice = None;
    model.last_error = None;
    model.clouds.logging_in = Some(name);
    model.session = None;
    model.requests_sent = 0;
    model.table.clear();
    model.table.loading = true;
    model.scopes = Default::default();
    model.roles.clear();
    model.roles_status = RolesStatus::Loading;
    vec![Effect::Login { tag, cloud }]
}

/// Loads the credential list, the scopes and the roles at once: three
/// requests in parallel on the one token.
pub fn load_all(model: &mut Model) -> Vec<Effect> {
    let mut effects = load_credentials(model);
    model.scopes.loading = true;
    effects.push(Effect::LoadScopes {
        tag: model.requests.start("scopes"),
    });
    effects.extend(load_roles(model));
    effects
}

pub fn load_credentials(model: &mut Model) -> Vec<Effect> {
    let Some(session) = &model.session else {
        return Vec::new();
    };
    let user_id = session.user_id.clone();
    model.table.loading = true;
    vec![Effect::LoadCredentials {
        tag: model.requests.start("credentials"),
        user_id,
    }]
}

pub fn load_roles(model: &mut Model) -> Vec<Effect> {
    model.roles_status = RolesStatus::Loading;
    vec![Effect::LoadRoles {
        tag: model.requests.start("roles"),
    }]
}

/// Switches the token to another scope. The table empties at once: what it
/// showed belongs to the scope being left.
pub fn rescope(model: &mut Model, scope: crate::keystone::ScopeRequest) -> Vec<Effect> {
    if model.session.is_none() {
        return Vec::new();
    }
    let tag = model.requests.start_generation("switch scope");
    model.notice = None;
    model.last_error = None;
    model.table.clear();
    model.table.loading = true;
    model.roles.clear();
    model.roles_status = RolesStatus::Loading;
    vec![Effect::Rescope { tag, scope }]
}

/// Shows an error in a popup and keeps its summary for the status bar.
pub fn show_error(model: &mut Model, report: ErrorReport) {
    model.last_error = Some(format!("{}: {}", report.what, report.message));
    model.overlays.push(Overlay::Error(report));
}

/// q or Ctrl-C. While a create request is in flight, quitting would leave
/// a credential whose secret nobody saw: wait for the answer instead and
/// show the secret screen, saying why.
pub fn quit(model: &mut Model) -> Vec<Effect> {
    if model.requests.creating() {
        model.quit_after_create = true;
        model.notice = Some(
            "Waiting for Keystone to answer the create request: its secret is shown once, \
             then you can leave"
                .to_string(),
        );
        return Vec::new();
    }
    model.quitting = true;
    vec![Effect::Quit]
}
