//! The help overlay: the keys of the screen underneath, read from the same
//! table the key handling uses.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::layout::centered;
use super::widgets::popup;
use crate::tui::keymap::{self, KeyContext};
use crate::tui::model::Model;

const KEY_WIDTH: usize = 16;

pub fn draw(model: &Model, context: KeyContext, frame: &mut Frame, area: Rect) {
    let theme = &model.theme;
    let mut lines: Vec<Line> = keymap::bindings(context)
        .into_iter()
        .map(|b| {
            Line::from(vec![
                Span::styled(
                    format!("{:<KEY_WIDTH$}", keymap::keys_label(b)),
                    theme.key(),
                ),
                Span::raw(b.description),
            ])
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::styled(
        "Ctrl-c quits from anywhere · Esc closes",
        theme.muted(),
    ));
    let height = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let rect = centered(area, 64, height);
    let title = format!("Keys: {}", context_name(context));
    let block = popup(frame, rect, &title, theme);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

fn context_name(context: KeyContext) -> &'static str {
    match context {
        KeyContext::CloudPicker => "cloud picker",
        KeyContext::ScopePane => "scope pane",
        KeyContext::CredentialTable => "credentials",
        KeyContext::DetailPane => "detail pane",
        KeyContext::ConfirmDelete => "delete",
        KeyContext::ErrorPopup => "error",
        KeyContext::Help => "help",
    }
}
