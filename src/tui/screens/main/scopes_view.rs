//! The scope pane: system, domains, projects; `●` marks the token's scope.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::model::ScopeKind;
use crate::tui::model::{Model, Pane};
use crate::tui::widgets::layout::inner;
use crate::tui::widgets::{pane, truncate};

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let theme = &model.ctx.theme;
    let focused = model.focus == Pane::Scopes;
    let block = pane(Span::styled(" Scopes ", theme.title()), focused, theme);
    let pane_state = &model.scopes;
    if pane_state.entries.is_empty() {
        let text = if pane_state.loading {
            "loading…"
        } else {
            "no scopes"
        };
        frame.render_widget(
            Paragraph::new(Line::styled(text, theme.muted())).block(block),
            area,
        );
        return;
    }
    let rows = inner(area);
    let width = usize::from(rows.width);
    let current = model.session.as_ref().map(|s| &s.token.scope);
    let lines: Vec<Line> = pane_state
        .entries
        .iter()
        .enumerate()
        .skip(pane_state.offset)
        .take(usize::from(rows.height))
        .map(|(i, entry)| {
            let is_current = current.is_some_and(|scope| entry.is_current(scope));
            let kind = match entry.kind {
                ScopeKind::System => "sys",
                ScopeKind::Domain => "dom",
                ScopeKind::Project => "prj",
            };
            let marker = if is_current { "● " } else { "  " };
            let name = truncate(&entry.name, width.saturating_sub(6));
            let mut style = if is_current {
                theme.current()
            } else {
                Style::new()
            };
            if i == pane_state.selected && focused {
                style = style.patch(theme.selected());
            }
            let line = Line::from(vec![
                Span::styled(marker, theme.current()),
                Span::styled(format!("{kind} "), theme.muted()),
                Span::raw(name),
            ]);
            // Pad so the selection bar spans the pane.
            let pad = width.saturating_sub(line.width());
            let mut spans = line.spans;
            spans.push(Span::raw(" ".repeat(pad)));
            Line::from(spans).style(style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
