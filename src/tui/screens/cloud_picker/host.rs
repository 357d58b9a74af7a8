//! The cloud picker's model side: opening it, its keys, and the fleet
//! survey's requests and answers.

use crossterm::event::KeyEvent;

use super::state::{FleetAnswer, FleetRow};
use crate::keys::{Action, KeyContext};
use crate::tui::model::session::{self, quit};
use crate::tui::model::{Model, Overlay, Screen};
use crate::tui::msg::{CloudList, Effect};

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

/// clouds.yaml was read: show the list and check every cloud in it.
pub fn on_cloud_list(model: &mut Model, list: CloudList) -> Vec<Effect> {
    model.clouds.set_list(list);
    start_survey(model)
}

/// A new survey of every listed cloud; answers to an older one are dropped.
pub fn start_survey(model: &mut Model) -> Vec<Effect> {
    let fleet = &mut model.clouds.fleet;
    fleet.survey += 1;
    fleet.rows.clear();
    let clouds: Vec<String> = model.clouds.rows.iter().map(|r| r.name.clone()).collect();
    if clouds.is_empty() {
        return Vec::new();
    }
    for c in &clouds {
        fleet.rows.insert(c.clone(), FleetRow::Checking);
    }
    vec![Effect::SurveyClouds {
        survey: fleet.survey,
        clouds,
        window: model.table.warning,
    }]
}

/// One cloud answered.
pub fn on_answer(model: &mut Model, answer: FleetAnswer) -> Vec<Effect> {
    let fleet = &mut model.clouds.fleet;
    if answer.survey != fleet.survey || !fleet.rows.contains_key(&answer.cloud) {
        return Vec::new();
    }
    fleet.rows.insert(answer.cloud, answer.row);
    Vec::new()
}
