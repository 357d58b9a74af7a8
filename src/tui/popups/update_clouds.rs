//! During a rotation, once the new credential works and clouds.yaml
//! entries or consumer files (openrc, cloud.conf, Kubernetes Secret beside
//! it or in `export_dir`) use the old id: update them in place? `y`/Enter
//! updates them (the secret is still on the reveal screen) and logs in with
//! each; `n`/Esc leaves them and says they still use the old one.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::keys::{Action, KeyContext};
use crate::tui::model::{Model, Screen};
use crate::tui::msg::Effect;
use crate::tui::screens::rotate::clouds::cloud_names;
use crate::tui::screens::rotate::{CloudsStep, Consumers};
use crate::tui::view::layout::centered;
use crate::tui::widgets::{popup, popup_hints, wrapped_height};

/// `y`/Enter updates the entries (the secret is still on the reveal
/// screen); `n`/Esc leaves them, and says they still use the old one.
pub fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Some(rotation) = model.rotation.as_mut() else {
        model.overlays.pop();
        return Vec::new();
    };
    let CloudsStep::Found(found) = &rotation.clouds else {
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
            let Consumers { entries, files, .. } = found.clone();
            let old_id = rotation.old.id.clone();
            rotation.clouds = CloudsStep::Updating;
            model.overlays.pop();
            let tag = model.requests.start("update clouds.yaml");
            vec![Effect::UpdateCloudEntries {
                tag,
                entries,
                files,
                old_id,
                new_id,
                secret,
            }]
        }
        Some(Action::Back) => {
            model.notice = Some(still_old(found));
            rotation.clouds = CloudsStep::Settled;
            model.overlays.pop();
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// What the notice says is left on the old credential.
fn still_old(found: &Consumers) -> String {
    let mut left = Vec::new();
    if let (Some(file), false) = (&found.file, found.entries.is_empty()) {
        left.push(format!(
            "{} still uses the old credential in cloud(s) {}",
            file.display(),
            cloud_names(&found.entries)
        ));
    }
    left.extend(
        found
            .files
            .iter()
            .map(|f| format!("{} still uses the old credential", f.display())),
    );
    left.join("; ")
}

/// The question after a rotation's new credential works: point the
/// clouds.yaml entries that use the old id at the new one?
pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let Some(rotation) = &model.rotation else {
        return;
    };
    let CloudsStep::Found(found) = &rotation.clouds else {
        return;
    };
    let theme = &model.ctx.theme;
    let mut lines = Vec::new();
    if let (Some(file), false) = (&found.file, found.entries.is_empty()) {
        lines.push(Line::from(format!(
            "{} uses the old credential {} in cloud(s) {}.",
            file.display(),
            rotation.old.name,
            cloud_names(&found.entries)
        )));
    }
    if !found.files.is_empty() {
        lines.push(Line::from(format!(
            "These files use the old credential {}:",
            rotation.old.name
        )));
        lines.extend(
            found
                .files
                .iter()
                .map(|f| Line::from(format!("  {}", f.display()))),
        );
    }
    lines.extend([
        Line::from(""),
        Line::from(format!(
            "Update them in place to {}? A backup is kept, every other line and comment stays, the file is written 0600; then each is logged in with to prove it.",
            rotation.new_name
        )),
        Line::from(""),
        popup_hints(&model.ctx, KeyContext::UpdateClouds, &[]),
    ]);
    let title = if found.files.is_empty() {
        "Rotation: clouds.yaml"
    } else {
        "Rotation: update what uses it"
    };
    let width = area.width.min(72);
    let rect = centered(area, width, wrapped_height(&lines, width - 2) + 2);
    let block = popup(frame, rect, title, theme);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}
