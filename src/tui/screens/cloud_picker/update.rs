//! Keys of the cloud picker, and opening it.

use crossterm::event::KeyEvent;

use crate::keys::{Action, KeyContext};
use crate::tui::model::{Model, Overlay, Screen};
use crate::tui::msg::Effect;
use crate::tui::update::{quit, session};

/// Reads clouds.yaml (and the `OS_*` variables) for the picker.
pub fn load(model: &mut Model) -> Vec<Effect> {
    model.clouds.loading = true;
    vec![Effect::ListClouds {
        tag: model.requests.start("read clouds.yaml"),
    }]
}

/// Opens the cloud picker, reading clouds.yaml the first time.
pub fn open_cloud_picker(model: &mut Model) -> Vec<Effect> {
    model.screen = Screen::CloudPicker;
    if model.clouds.loaded || model.clouds.loading {
        return Vec::new();
    }
    load(model)
}
pub fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Some(action) = model.ctx.action(KeyContext::CloudPicker, &key) else {
        return Vec::new();
    };
    let picker = &mut model.clouds;
    match action {
        Action::Up => picker.move_by(-1),
        Action::Down => picker.move_by(1),
        Action::Top => picker.selected = 0,
        Action::Bottom => picker.selected = picker.rows.len().saturating_sub(1),
        Action::Select => {
            if picker.logging_in.is_some() {
                return Vec::new();
            }
            if let Some(choice) = picker.selected_row().map(|row| row.choice()) {
                return session::start_login(model, choice);
            }
        }
        Action::Refresh => return load(model),
        // Back to the main view only when there is one to go back to.
        Action::Back if model.session.is_some() => model.screen = Screen::Main,
        Action::Help => model.overlays.push(Overlay::Help(KeyContext::CloudPicker)),
        Action::Quit => return quit(model),
        _ => {}
    }
    Vec::new()
}
