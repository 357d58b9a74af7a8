//! During a rotation, once the new credential works and clouds.yaml has
//! entries that use the old id: update them in place? `y`/Enter updates
//! them (the secret is still on the reveal screen) and logs in with each;
//! `n`/Esc leaves them and says they still use the old one.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::keys::{Action, KeyContext};
use crate::tui::model::{Model, Screen};
use crate::tui::msg::Effect;
use crate::tui::screens::rotate::CloudsStep;
use crate::tui::screens::rotate::clouds::cloud_names;
use crate::tui::view::layout::centered;
use crate::tui::widgets::{popup, popup_hints, wrapped_height};

/// `y`/Enter updates the entries (the secret is still on the reveal
/// screen); `n`/Esc leaves them, and says they still use the old one.
pub fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Some(rotation) = model.rotation.as_mut() else {
        model.overlays.pop();
        return Vec::new();
    };
    let CloudsStep::Found { file, entries } = &rotation.clouds else {
        return Vec::new();
    };
    match model.ctx.action(KeyContext::UpdateClouds, &key) {
        Some(Action::Confirm) => {
            let (secret, new_id) = match &model.screen {
                Screen::Reveal(state) => (state.secret().cloned(), state.credential().id.clone()),
                _ => (None, String::new()),
            };
            let Some(secret) = secret else {
                // Unreachable while the popup sits on the reveal screen.
                return Vec::new();
            };
            let entries = entries.clone();
            rotation.clouds = CloudsStep::Updating;
            model.overlays.pop();
            let tag = model.requests.start("update clouds.yaml");
            vec![Effect::UpdateCloudEntries {
                tag,
                entries,
                new_id,
                secret,
            }]
        }
        Some(Action::Back) => {
            let names = cloud_names(entries);
            model.notice = Some(format!(
                "{} still uses the old credential in cloud(s) {names}",
                file.display()
            ));
            rotation.clouds = CloudsStep::Settled;
            model.overlays.pop();
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// The question after a rotation's new credential works: point the
/// clouds.yaml entries that use the old id at the new one?
pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let Some(rotation) = &model.rotation else {
        return;
    };
    let CloudsStep::Found { file, entries } = &rotation.clouds else {
        return;
    };
    let theme = &model.ctx.theme;
    let lines = vec![
        Line::from(format!(
            "{} uses the old credential {} in cloud(s) {}.",
            file.display(),
            rotation.old.name,
            cloud_names(entries)
        )),
        Line::from(""),
        Line::from(format!(
            "Update them in place to {}? A backup is kept, every other line and comment stays, the file is written 0600; then each is logged in with to prove it.",
            rotation.new_name
        )),
        Line::from(""),
        popup_hints(&model.ctx, KeyContext::UpdateClouds, &[]),
    ];
    let width = area.width.min(72);
    let rect = centered(area, width, wrapped_height(&lines, width - 2) + 2);
    let block = popup(frame, rect, "Rotation: clouds.yaml", theme);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}
