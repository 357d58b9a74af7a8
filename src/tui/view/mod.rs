//! Pure views: `view(&Model, &mut Frame)` draws and changes nothing: the
//! screen (`tui::screens::*`, through its [`HostedScreen`] when it has a
//! state of its own), its status bar, then the popups (`tui::popups::*`).
//! Rectangles come from [`layout`] (in `tui::widgets`), which the main
//! view's mouse handling shares for hit-testing.

pub(crate) mod status;

#[cfg(test)]
mod fit_tests;
#[cfg(test)]
mod hostile_text_tests;
#[cfg(test)]
mod tests;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::keys::KeyContext;
use crate::tui::model::{HostedScreen, Model, Overlay, Screen};
use crate::tui::popups;
use crate::tui::screens::main::view as main_view;
use crate::tui::widgets::layout;

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
    match (&model.screen, model.screen.hosted()) {
        (_, Some(screen)) => draw_hosted(model, screen, frame, area),
        (Screen::CloudPicker, None) => crate::tui::screens::cloud_picker::draw(
            &model.clouds,
            &model.ctx,
            model.table.warning,
            model.spinner,
            model.session.is_some(),
            frame,
            area,
        ),
        // The main view: the only other screen without a state of its own.
        (_, None) => draw_main(model, frame, area),
    }
    for overlay in &model.overlays {
        match overlay {
            // The device-code screen's help goes above that screen (below).
            Overlay::Help(KeyContext::DeviceCode) => {}
            Overlay::Help(context) => popups::help::draw(model, *context, frame, area),
            Overlay::Error(report) => popups::error::draw(model, report, frame, area),
            Overlay::Delete(dialog) => popups::delete::draw(model, dialog, frame, area),
            Overlay::Prompt(prompt) => popups::prompt::draw(model, prompt, frame, area),
            Overlay::Info(info) => popups::info::draw(model, info, frame, area),
        }
    }
    if let Some(state) = &model.device_code {
        crate::tui::screens::device_code::draw(state, &model.ctx, frame, area);
        if matches!(
            model.overlays.last(),
            Some(Overlay::Help(KeyContext::DeviceCode))
        ) {
            popups::help::draw(model, KeyContext::DeviceCode, frame, area);
        }
    }
}

/// A screen with its own state (`HostedScreen`): its body, the status bar
/// under it, then anything it draws over both.
fn draw_hosted(model: &Model, screen: &dyn HostedScreen, frame: &mut Frame, area: Rect) {
    if screen.over_the_list() {
        draw_main(model, frame, area);
    } else {
        let (body, status_area) = main_view::body_and_status(area);
        screen.draw(&model.ctx, frame, body);
        status::draw(model, frame, status_area);
    }
    screen.draw_over(&model.ctx, model.spinner, frame, area);
}

/// The main view's panes and the status bar under them.
fn draw_main(model: &Model, frame: &mut Frame, area: Rect) {
    main_view::draw(model, frame, area);
    status::draw(model, frame, layout::MainLayout::new(area).status);
}
