//! After a rotation's reveal: the new credential's verification, and the
//! choice to delete the old one (only once the new one works) or keep both.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::keys::{Action, KeyContext};
use crate::tui::model::Model;
use crate::tui::msg::Effect;
use crate::tui::screens::rotate::{CloudsStep, Verification};
use crate::tui::view::layout::centered;
use crate::tui::widgets::{popup, popup_hints, spinner, wrapped_height};

/// Keys of the retire choice: `d` deletes the old one (only once the new
/// one is verified), `k` or Esc keeps both.
pub fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let user_id = model.session.as_ref().map(|s| s.user_id.clone());
    let Some(rotation) = model.rotation.as_mut() else {
        model.overlays.pop();
        return Vec::new();
    };
    match model.ctx.action(KeyContext::Retire, &key) {
        Some(Action::Delete)
            if rotation.verification == Verification::Works
                && rotation.clouds != CloudsStep::Broken
                && !rotation.retiring =>
        {
            let Some(user_id) = user_id else {
                return Vec::new();
            };
            rotation.retiring = true;
            let id = rotation.old.id.clone();
            let tag = model
                .requests
                .start(format!("delete {}", rotation.old.name));
            vec![Effect::Delete { tag, user_id, id }]
        }
        Some(Action::Back) if !rotation.retiring => {
            model.notice = Some(format!(
                "kept {} beside {}: both show \"rot\" until you delete the old one",
                rotation.old.name, rotation.new_name
            ));
            model.rotation = None;
            model.overlays.pop();
            Vec::new()
        }
        _ => Vec::new(),
    }
}

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
