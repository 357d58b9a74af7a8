//! The delete confirmation: names each credential, its roles and the places
//! appcred recorded putting it (`crate::held`: what reads them breaks); confirming
//! sends one request per credential, all at once; each row then shows its
//! own result, and any key closes the finished dialog.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::state::{DeleteDialog, DeleteStatus};
use crate::keys::{Action, KeyContext};
use crate::tui::model::{Model, Overlay};
use crate::tui::msg::{Effect, ErrorReport};
use crate::tui::widgets::layout::centered;
use crate::tui::widgets::{hints, popup, popup_hints, spinner, wrapped_height};

pub fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let user_id = model.session.as_ref().map(|s| s.user_id.clone());
    let Some(Overlay::Delete(dialog)) = model.overlays.last_mut() else {
        return Vec::new();
    };
    // Every answer is in: the dialog only shows the results now, and any
    // key closes it (it must not keep asking, nor swallow keys).
    if dialog.finished() {
        model.overlays.pop();
        return Vec::new();
    }
    match model.ctx.action(KeyContext::ConfirmDelete, &key) {
        Some(Action::Confirm) if !dialog.started => {
            let Some(user_id) = user_id else {
                return Vec::new();
            };
            dialog.started = true;
            let mut effects = Vec::new();
            for row in &mut dialog.rows {
                row.status = DeleteStatus::Running;
                effects.push(Effect::Delete {
                    tag: model.requests.start(format!("delete {}", row.name)),
                    user_id: user_id.clone(),
                    id: row.id.clone(),
                });
            }
            effects
        }
        // Closing while requests run is allowed: their results still reach
        // the table and the status bar.
        Some(Action::Back) => {
            model.overlays.pop();
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// A deletion answered: mark its row, drop it from the table on success.
pub fn on_deleted(model: &mut Model, id: &str, result: Result<(), ErrorReport>) {
    let dialog = model.overlays.iter_mut().find_map(|o| match o {
        Overlay::Delete(d) => Some(d),
        _ => None,
    });
    let failure = result.as_ref().err().cloned();
    match dialog {
        Some(dialog) => {
            if let Some(row) = dialog.rows.iter_mut().find(|r| r.id == id) {
                row.status = match &result {
                    Ok(()) => DeleteStatus::Deleted,
                    Err(e) => DeleteStatus::Failed(with_hint(e)),
                };
            }
            if dialog.finished() {
                model.notice = Some(summary(dialog));
            }
        }
        // The dialog was closed: an error still needs to be seen.
        None => {
            if let Some(report) = failure.clone() {
                crate::tui::model::session::show_error(model, report);
            }
        }
    }
    match failure {
        None => model.table.remove(id),
        Some(e) => model.last_error = Some(format!("{}: {}", e.what, e.message)),
    }
}

fn with_hint(report: &ErrorReport) -> String {
    match &report.hint {
        Some(hint) => format!("{} ({hint})", report.message),
        None => report.message.clone(),
    }
}

fn summary(dialog: &DeleteDialog) -> String {
    let deleted = dialog
        .rows
        .iter()
        .filter(|r| r.status == DeleteStatus::Deleted)
        .count();
    format!("deleted {deleted} of {}", dialog.rows.len())
}

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
            Span::styled(
                crate::terminal_text::name(&row.name).into_owned(),
                theme.title(),
            ),
            Span::styled(format!("  roles: {roles}"), theme.muted()),
        ]));
        if !dialog.started {
            for p in model.table.held.places(&row.id) {
                let place = crate::terminal_text::visible(&p.describe()).into_owned();
                lines.push(Line::styled(
                    format!("    still in {} {place}", p.kind.as_str()),
                    theme.danger(),
                ));
            }
        }
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
