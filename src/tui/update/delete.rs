//! Keys of the delete confirmation. Confirming sends one request per
//! credential, all at once; each row then shows its own result.

use crossterm::event::KeyEvent;

use crate::keys::{Action, KeyContext};
use crate::tui::model::popups::{DeleteDialog, DeleteStatus};
use crate::tui::model::{Model, Overlay};
use crate::tui::msg::{Effect, ErrorReport};

pub fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let user_id = model.session.as_ref().map(|s| s.user_id.clone());
    let Some(Overlay::Delete(dialog)) = model.overlays.last_mut() else {
        return Vec::new();
    };
    // Every answer is in: the dialog only shows the results now, and any
    // key closes it (it must not keep asking, nor swallow keys).
    if dialog.finished() {
        model.overlays.pop();
        return Vec::new();
    }
    match model
        .ctx
        .settings
        .keys
        .action(KeyContext::ConfirmDelete, &key)
    {
        Some(Action::Confirm) if !dialog.started => {
            let Some(user_id) = user_id else {
                return Vec::new();
            };
            dialog.started = true;
            let mut effects = Vec::new();
            for row in &mut dialog.rows {
                row.status = DeleteStatus::Running;
                effects.push(Effect::Delete {
                    tag: model.requests.start(format!("delete {}", row.name)),
                    user_id: user_id.clone(),
                    id: row.id.clone(),
                });
            }
            effects
        }
        // Closing while requests run is allowed: their results still reach
        // the table and the status bar.
        Some(Action::Back) => {
            model.overlays.pop();
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// A deletion answered: mark its row, drop it from the table on success.
pub fn on_deleted(model: &mut Model, id: &str, result: Result<(), ErrorReport>) {
    let dialog = model.overlays.iter_mut().find_map(|o| match o {
        Overlay::Delete(d) => Some(d),
        _ => None,
    });
    let failure = result.as_ref().err().cloned();
    match dialog {
        Some(dialog) => {
            if let Some(row) = dialog.rows.iter_mut().find(|r| r.id == id) {
                row.status = match &result {
                    Ok(()) => DeleteStatus::Deleted,
                    Err(e) => DeleteStatus::Failed(with_hint(e)),
                };
            }
            if dialog.finished() {
                model.notice = Some(summary(dialog));
            }
        }
        // The dialog was closed: an error still needs to be seen.
        None => {
            if let Some(report) = failure.clone() {
                super::session::show_error(model, report);
            }
        }
    }
    match failure {
        None => model.table.remove(id),
        Some(e) => model.last_error = Some(format!("{}: {}", e.what, e.message)),
    }
}

fn with_hint(report: &ErrorReport) -> String {
    match &report.hint {
        Some(hint) => format!("{} ({hint})", report.message),
        None => report.message.clone(),
    }
}

fn summary(dialog: &DeleteDialog) -> String {
    let deleted = dialog
        .rows
        .iter()
        .filter(|r| r.status == DeleteStatus::Deleted)
        .count();
    format!("deleted {deleted} of {}", dialog.rows.len())
}
