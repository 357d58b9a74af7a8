//! The error popup (what failed, why, what to do) and the masked
//! password / passcode prompt.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::layout::centered;
use crate::keys::KeyContext;
use crate::tui::model::Model;
use crate::tui::model::popups::{Info, PasswordPrompt};
use crate::tui::msg::ErrorReport;
use crate::tui::widgets::{popup, popup_hints, wrapped_height};

pub fn draw_error(model: &Model, report: &ErrorReport, frame: &mut Frame, area: Rect) {
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

/// A titled explanation (no error behind it).
pub fn draw_info(model: &Model, info: &Info, frame: &mut Frame, area: Rect) {
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

pub fn draw_prompt(model: &Model, prompt: &PasswordPrompt, frame: &mut Frame, area: Rect) {
    let theme = &model.ctx.theme;
    let dots = "•".repeat(prompt.field.chars());
    let lines = vec![
        Line::from(format!(
            "{} for {}:",
            prompt.prompt.label, prompt.prompt.user
        )),
        Line::from(vec![
            Span::raw("> "),
            Span::raw(dots),
            Span::styled("▏", theme.key()),
        ]),
        Line::from(""),
        popup_hints(&model.ctx, KeyContext::PasswordPrompt, &[]),
    ];
    let rect = centered(area, 56, 6);
    let title = prompt.prompt.label.clone();
    let block = popup(frame, rect, &title, theme);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
