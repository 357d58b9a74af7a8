//! The delete confirmation: names each credential and its roles, then shows
//! each deletion's result.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::layout::centered;
use crate::keys::KeyContext;
use crate::tui::model::Model;
use crate::tui::model::popups::{DeleteDialog, DeleteStatus};
use crate::tui::widgets::{hints, popup, popup_hints, spinner, wrapped_height};

pub fn draw(model: &Model, dialog: &DeleteDialog, frame: &mut Frame, area: Rect) {
    let theme = &model.ctx.theme;
    let count = dialog.rows.len();
    let question = if dialog.finished() {
        let failed = dialog
            .rows
            .iter()
            .filter(|r| matches!(r.status, DeleteStatus::Failed(_)))
            .count();
        let done = count - failed;
        match failed {
            0 if count == 1 => "Deleted the application credential.".to_string(),
            0 => format!("Deleted all {count} application credentials."),
            _ => format!("Deleted {done} of {count}; {failed} failed (see below)."),
        }
    } else if count == 1 {
        "Delete this application credential? Anything using it stops working.".to_string()
    } else {
        format!("Delete these {count} application credentials? Anything using them stops working.")
    };
    let mut lines = vec![Line::from(question), Line::from("")];
    for row in &dialog.rows {
        let roles = if row.roles.is_empty() {
            "no roles".to_string()
        } else {
            row.roles.join(", ")
        };
        let status = match &row.status {
            DeleteStatus::Asking => Span::raw("  "),
            DeleteStatus::Running => {
                Span::styled(format!("{} ", spinner(model.spinner)), theme.key())
            }
            DeleteStatus::Deleted => Span::styled("✓ ", theme.ok()),
            DeleteStatus::Failed(_) => Span::styled("✗ ", theme.danger()),
        };
        lines.push(Line::from(vec![
            status,
            Span::styled(row.name.clone(), theme.title()),
            Span::styled(format!("  roles: {roles}"), theme.muted()),
        ]));
        if let DeleteStatus::Failed(message) = &row.status {
            lines.push(Line::styled(format!("    {message}"), theme.danger()));
        }
    }
    lines.push(Line::from(""));
    lines.push(if !dialog.started {
        popup_hints(&model.ctx, KeyContext::ConfirmDelete, &[])
    } else if dialog.finished() {
        hints(&[("any key", "close")], theme)
    } else {
        Line::styled("deleting…", theme.muted())
    });
    let width = area.width.min(72);
    let rect = centered(area, width, wrapped_height(&lines, width - 2) + 2);
    let block = popup(frame, rect, "Delete", theme);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}
