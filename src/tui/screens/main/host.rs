//! Keys of the main view that work whichever pane has focus; the rest go to
//! the pane (scopes, credentials, detail).

use crossterm::event::KeyEvent;

use super::{scope_keys, table_keys};
use crate::keys::Action;
use crate::tui::model::session::{self, quit};
use crate::tui::model::{Model, Overlay, Pane};
use crate::tui::msg::Effect;

pub fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    // While the filter field is open, keys are text.
    if model.focus == Pane::Credentials && model.table.filtering {
        return table_keys::filter_key(model, key);
    }
    let context = model.screen_context();
    let Some(action) = model.ctx.action(context, &key) else {
        return Vec::new();
    };
    match action {
        Action::NextPane => model.focus = model.focus.next(),
        Action::PreviousPane => model.focus = model.focus.previous(),
        Action::Projects => model.focus = Pane::Scopes,
        Action::Clouds => return crate::tui::screens::cloud_picker::host::open_cloud_picker(model),
        Action::Refresh => return refresh(model),
        Action::New => return crate::tui::screens::wizard::host::open(model),
        Action::Audit => crate::tui::screens::audit::host::open(model),
        Action::Help => model.overlays.push(Overlay::Help(context)),
        Action::ShowError => show_last_error(model),
        Action::Quit => return quit(model),
        other => {
            return match model.focus {
                Pane::Scopes => scope_keys::on_action(model, other),
                Pane::Credentials => table_keys::on_action(model, other),
                Pane::Detail => detail_action(model, other),
            };
        }
    }
    Vec::new()
}

/// `e`: the status bar shows an error's short form; this is all of it.
fn show_last_error(model: &mut Model) {
    let lines = match &model.last_error {
        Some(error) => vec![error.clone()],
        None => vec!["No error since the last action.".to_string()],
    };
    model.overlays.push(Overlay::Info(crate::tui::popups::Info {
        title: "Last error".to_string(),
        lines,
    }));
}

/// `r`: everything the main view shows, again (the scope stays).
fn refresh(model: &mut Model) -> Vec<Effect> {
    if model.session.is_none() {
        return Vec::new();
    }
    model.notice = None;
    session::load_all(model)
}

/// The detail pane scrolls; it has no selection.
fn detail_action(model: &mut Model, action: Action) -> Vec<Effect> {
    let page = super::main_layout(model).detail_text().height.max(1);
    let scroll = &mut model.detail_scroll;
    match action {
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::Down => *scroll = scroll.saturating_add(1),
        Action::Top => *scroll = 0,
        Action::PageUp => *scroll = scroll.saturating_sub(page),
        Action::PageDown => *scroll = scroll.saturating_add(page),
        Action::Back => model.focus = Pane::Credentials,
        _ => {}
    }
    let last = crate::tui::screens::main::detail::line_count(model).saturating_sub(1);
    model.detail_scroll = model.detail_scroll.min(last);
    Vec::new()
}
