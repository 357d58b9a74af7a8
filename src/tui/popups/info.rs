//! A titled explanation with no error behind it (`t` in the list, `e`, a
//! rotation's clouds.yaml report); Esc or Enter closes it.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::state::Info;
use crate::keys::{Action, KeyContext};
use crate::tui::model::Model;
use crate::tui::msg::Effect;
use crate::tui::widgets::layout::centered;
use crate::tui::widgets::{popup, popup_hints, wrapped_height};

pub fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if model.ctx.action(KeyContext::InfoPopup, &key) == Some(Action::Back) {
        model.overlays.pop();
    }
    Vec::new()
}

/// A titled explanation (no error behind it).
pub fn draw(model: &Model, info: &Info, frame: &mut Frame, area: Rect) {
    let theme = &model.ctx.theme;
    let mut lines: Vec<Line> = info.lines.iter().map(|l| Line::from(l.clone())).collect();
    lines.push(Line::from(""));
    lines.push(popup_hints(&model.ctx, KeyContext::InfoPopup, &[]));
    let width = area.width.min(76);
    let rect = centered(area, width, wrapped_height(&lines, width - 2) + 2);
    let block = popup(frame, rect, &info.title, theme);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}
