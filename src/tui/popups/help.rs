//! The help overlay (`?`, F1 in a text field): the keys of the screen underneath, read from the same
//! table the key handling uses, with config.toml's bindings applied
//! (`ctx.bindings`, the resolved key map), so a rebound key shows as it now is.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crossterm::event::KeyEvent;

use crate::keys::{self, Action, KeyContext};
use crate::tui::model::Model;
use crate::tui::msg::Effect;
use crate::tui::widgets::layout::centered;
use crate::tui::widgets::{popup, truncate};

/// Rows the popup's border and its footer take (and the flags legend).
const CHROME: usize = 6;

/// What the Flags column's codes mean.
pub const FLAGS_LEGEND: &str = "Flags: U unrestricted · 2r 2 access rules · rot being rotated";

pub fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if model.ctx.action(KeyContext::Help, &key) == Some(Action::Back) {
        model.overlays.pop();
    }
    Vec::new()
}

pub fn draw(model: &Model, context: KeyContext, frame: &mut Frame, area: Rect) {
    let theme = &model.ctx.theme;
    let rows: Vec<(String, &'static str)> = model
        .ctx
        .bindings(context)
        .iter()
        // An action the config unbound has no key to show.
        .filter(|b| !b.keys.is_empty())
        .map(|b| (keys::label_keys(&b.keys), b.description))
        .collect();
    let key_width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0)
        + 2;
    // Every key must be visible: when one column does not fit the height
    // (the main view's table at 80x24), two columns side by side do.
    let fits = rows.len() + CHROME <= usize::from(area.height);
    let columns = if fits { 1 } else { 2 };
    let per_column = rows.len().div_ceil(columns);
    let width = if fits { 64 } else { area.width.min(132) };
    let column_width = usize::from(width.saturating_sub(2)) / columns;
    let cell = |row: Option<&(String, &'static str)>| -> Vec<Span<'static>> {
        let Some((keys, what)) = row else {
            return Vec::new();
        };
        let what_width = column_width.saturating_sub(key_width + 1);
        vec![
            Span::styled(format!("{keys:<key_width$}"), theme.key()),
            Span::raw(format!("{:<what_width$} ", truncate(what, what_width))),
        ]
    };
    let mut lines: Vec<Line> = (0..per_column)
        .map(|i| {
            let mut spans = cell(rows.get(i));
            if columns == 2 {
                spans.extend(cell(rows.get(i + per_column)));
            }
            Line::from(spans)
        })
        .collect();
    if context == KeyContext::CredentialTable {
        lines.push(Line::from(""));
        lines.push(Line::styled(FLAGS_LEGEND, theme.muted()));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(
        "Ctrl-c quits from anywhere · Esc closes",
        theme.muted(),
    ));
    let height = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let rect = centered(area, width, height);
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
        other => other.title(),
    }
}
