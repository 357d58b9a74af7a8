//! The error popup: what failed, why, and what to do, wrapped so nothing
//! is cut off; Esc or Enter closes it.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::keys::{Action, KeyContext};
use crate::tui::model::Model;
use crate::tui::msg::{Effect, ErrorReport};
use crate::tui::widgets::layout::centered;
use crate::tui::widgets::{popup, popup_hints, wrapped_height};

pub fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if model.ctx.action(KeyContext::ErrorPopup, &key) == Some(Action::Back) {
        model.overlays.pop();
    }
    Vec::new()
}

pub fn draw(model: &Model, report: &ErrorReport, frame: &mut Frame, area: Rect) {
    let theme = &model.ctx.theme;
    let mut lines = vec![
        Line::styled(report.what.clone(), theme.danger()),
        Line::from(""),
        Line::from(report.message.clone()),
    ];
    if let Some(hint) = &report.hint {
        lines.push(Line::from(""));
        lines.push(Line::from(vec![
            Span::styled("What to do: ", theme.title()),
            Span::raw(hint.clone()),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(popup_hints(&model.ctx, KeyContext::ErrorPopup, &[]));
    let width = area.width.min(70);
    let rect = centered(area, width, wrapped_height(&lines, width - 2) + 2);
    let block = popup(frame, rect, "Error", theme);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}
