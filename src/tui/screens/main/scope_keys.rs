//! Keys of the scope pane: move, and Enter switches the token's scope.

use super::scope_page;
use crate::keys::Action;
use crate::tui::model::session;
use crate::tui::model::{Model, Pane};
use crate::tui::msg::Effect;

pub fn on_action(model: &mut Model, action: Action) -> Vec<Effect> {
    let page = scope_page(model);
    let pane = &mut model.scopes;
    match action {
        Action::Up => pane.move_by(-1, page),
        Action::Down => pane.move_by(1, page),
        Action::Top => pane.select_row(0, page),
        Action::Bottom => pane.select_row(pane.entries.len().saturating_sub(1), page),
        Action::PageUp => pane.move_by(-(page as isize), page),
        Action::PageDown => pane.move_by(page as isize, page),
        Action::Select => return switch_to_selected(model),
        Action::Back => model.focus = Pane::Credentials,
        _ => {}
    }
    Vec::new()
}

/// Rescopes to the selected entry, unless the token is already there.
pub fn switch_to_selected(model: &mut Model) -> Vec<Effect> {
    let Some(entry) = model.scopes.selected_entry() else {
        return Vec::new();
    };
    let current = model
        .session
        .as_ref()
        .is_some_and(|s| entry.is_current(&s.token.scope));
    if current {
        model.focus = Pane::Credentials;
        return Vec::new();
    }
    let request = entry.request();
    model.focus = Pane::Credentials;
    session::rescope(model, request)
}
