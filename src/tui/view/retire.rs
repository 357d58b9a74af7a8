//! After a rotation's reveal: the new credential's verification, and the
//! choice to delete the old one (only once the new one works) or keep both.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::layout::centered;
use crate::keys::{Action, KeyContext};
use crate::tui::model::Model;
use crate::tui::model::popups::{CloudsStep, Verification};
use crate::tui::update::cloud_names;
use crate::tui::widgets::{popup, popup_hints, spinner, wrapped_height};

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let Some(rotation) = &model.rotation else {
        return;
    };
    let theme = &model.ctx.theme;
    let old = &rotation.old.name;
    let new = &rotation.new_name;
    let mut lines = vec![Line::from(format!("{new} replaces {old}.")), Line::from("")];
    let can_delete = match &rotation.verification {
        Verification::Works => {
            lines.push(Line::styled(
                format!("✓ {new} works: Keystone issued a token for it."),
                theme.ok(),
            ));
            true
        }
        Verification::Running | Verification::NotYet => {
            lines.push(Line::styled(
                format!("{} verifying {new}…", spinner(model.spinner)),
                theme.key(),
            ));
            false
        }
        Verification::Fails(why) => {
            lines.push(Line::styled(
                format!("✗ {new} does not work: {why}. Keep {old} until that is fixed."),
                theme.danger(),
            ));
            false
        }
    };
    let can_delete = if can_delete && rotation.clouds == CloudsStep::Broken {
        lines.push(Line::styled(
            format!(
                "✗ an updated clouds.yaml entry does not work with {new}: keep {old} until it does."
            ),
            theme.danger(),
        ));
        false
    } else {
        can_delete
    };
    lines.push(Line::from(""));
    lines.push(Line::from(format!(
        "Move every consumer of {old} to {new} before deleting {old}. Kept, both show \"rot\" in the list."
    )));
    if rotation.retiring {
        lines.push(Line::styled(
            format!("{} deleting {old}…", spinner(model.spinner)),
            theme.key(),
        ));
    }
    lines.push(Line::from(""));
    let skip: &[Action] = if rotation.retiring {
        &[Action::Delete, Action::Back]
    } else if can_delete {
        &[]
    } else {
        &[Action::Delete]
    };
    lines.push(popup_hints(&model.ctx, KeyContext::Retire, skip));
    let width = area.width.min(72);
    let rect = centered(area, width, wrapped_height(&lines, width - 2) + 2);
    let block = popup(frame, rect, "Rotation: the old credential", theme);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}

/// The question after a rotation's new credential works: point the
/// clouds.yaml entries that use the old id at the new one?
pub fn draw_update_clouds(model: &Model, frame: &mut Frame, area: Rect) {
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
