//! Pure views: `view(&Model, &mut Frame)` draws and changes nothing. One
//! file per screen or popup; rectangles come from [`layout`], which
//! `update` shares for mouse hit-testing.

mod credentials;
mod delete;
pub mod detail;
mod help;
pub mod layout;
mod main_view;
mod popups;
mod retire;
mod scopes;
mod status;

#[cfg(test)]
mod tests;

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::tui::model::{Model, Overlay, Screen};

pub fn view(model: &Model, frame: &mut Frame) {
    let area = frame.area();
    if layout::too_small(area) {
        let text = vec![
            Line::from("The terminal is too small."),
            Line::from(format!(
                "{}x{} now; appcred needs at least {}x{}.",
                area.width,
                area.height,
                layout::MIN_WIDTH,
                layout::MIN_HEIGHT
            )),
        ];
        frame.render_widget(
            Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    match &model.screen {
        Screen::CloudPicker => crate::tui::screens::cloud_picker::draw(model, frame, area),
        Screen::Main => main_view::draw(model, frame, area),
        Screen::Wizard(state) => {
            let (body, status_area) = main_view::body_and_status(area);
            crate::tui::screens::wizard::draw(state.as_ref(), frame, body);
            status::draw(model, frame, status_area);
        }
        Screen::Reveal(state) => {
            let (body, status_area) = main_view::body_and_status(area);
            crate::tui::screens::reveal::draw(state.as_ref(), frame, body);
            status::draw(model, frame, status_area);
        }
        Screen::Rotate(state) => {
            let (body, status_area) = main_view::body_and_status(area);
            crate::tui::screens::rotate::draw(state.as_ref(), frame, body);
            status::draw(model, frame, status_area);
        }
        Screen::Audit(state) => {
            let (body, status_area) = main_view::body_and_status(area);
            crate::tui::screens::audit::draw(state.as_ref(), frame, body);
            status::draw(model, frame, status_area);
        }
    }
    for overlay in &model.overlays {
        match overlay {
            Overlay::Help(context) => help::draw(model, *context, frame, area),
            Overlay::Error(report) => popups::draw_error(model, report, frame, area),
            Overlay::Delete(dialog) => delete::draw(model, dialog, frame, area),
            Overlay::Prompt(prompt) => popups::draw_prompt(model, prompt, frame, area),
            Overlay::Retire => retire::draw(model, frame, area),
            Overlay::Info(info) => popups::draw_info(model, info, frame, area),
            Overlay::UpdateClouds => retire::draw_update_clouds(model, frame, area),
        }
    }
    if let Some(state) = &model.device_code {
        crate::tui::screens::device_code::draw(state, model.now, frame, area);
    }
}
