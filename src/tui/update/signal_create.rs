//! A signal (SIGTERM, SIGHUP, SIGINT, SIGQUIT from outside, or the terminal
//! going away) while a create request is in flight. The process must end,
//! so the new secret can no longer be shown: rather than leave a credential
//! nobody holds the secret of, the loop waits for Keystone's answer (the
//! request's own time-out bounds the wait), deletes what it made, and says
//! so on stderr once the terminal is restored.

use crate::keystone::CreatedCredential;
use crate::tui::model::Model;
use crate::tui::msg::{Effect, ErrorReport};

/// Msg::Quit: end now, or after the create in flight is answered.
pub fn on_signal(model: &mut Model) -> Vec<Effect> {
    if model.requests.creating() {
        model.quit_after_create = true;
        model.delete_after_create = true;
        model.notice = Some(
            "Ending: waiting for Keystone to answer the create request, to delete the new \
             credential again (its secret cannot be shown any more)"
                .to_string(),
        );
        return Vec::new();
    }
    model.quitting = true;
    vec![Effect::Quit]
}

/// The create answered after a signal: delete it again (the secret is
/// dropped, and so wiped, here), then end.
pub fn on_created(model: &mut Model, created: CreatedCredential) -> Vec<Effect> {
    let name = created.credential.name.clone();
    let id = created.credential.id.clone();
    drop(created);
    let Some(user_id) = model.session.as_ref().map(|s| s.user_id.clone()) else {
        return end(
            model,
            format!(
                "appcred: ended by a signal while creating {name:?}: Keystone created it (id \
                 {id}) and its secret was never shown; delete it with `appcred delete {id}`"
            ),
        );
    };
    model.delete_after_signal = Some((id.clone(), name.clone()));
    vec![Effect::Delete {
        tag: model.requests.start(format!("delete {name}")),
        user_id,
        id,
    }]
}

/// A deletion answered: when it is that of a credential created during a
/// signal, the end (the caller does nothing else with it).
pub fn on_deleted(
    model: &mut Model,
    id: &str,
    result: &Result<(), ErrorReport>,
) -> Option<Vec<Effect>> {
    let (pending, name) = model.delete_after_signal.take_if(|(p, _)| p == id)?;
    let text = match result {
        Ok(()) => format!(
            "appcred: ended by a signal while creating {name:?}: Keystone had created it (id \
             {pending}), but its secret could no longer be shown, so it was deleted again"
        ),
        Err(report) => format!(
            "appcred: ended by a signal while creating {name:?}: Keystone created it (id \
             {pending}) and its secret was never shown; deleting it failed ({}: {}): delete it \
             with `appcred delete {pending}`",
            report.what, report.message
        ),
    };
    Some(end(model, text))
}

fn end(model: &mut Model, farewell: String) -> Vec<Effect> {
    tracing::warn!("{farewell}");
    model.farewell = Some(farewell);
    model.quitting = true;
    vec![Effect::Quit]
}
