//! Mouse: a click selects (and focuses) what it lands on, the wheel scrolls
//! what it is over. Hit-testing uses the same layout the views draw with.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::{main_layout, scope_page, table_page};
use crate::tui::model::{Model, Pane, Screen};
use crate::tui::msg::Effect;
use crate::tui::widgets::layout::{self, row_at};

/// Rows one wheel notch moves.
const WHEEL_STEP: isize = 3;

pub fn on_mouse(model: &mut Model, event: MouseEvent) -> Vec<Effect> {
    // Popups are answered with the keyboard; clicks behind them do nothing.
    if !model.overlays.is_empty() {
        return Vec::new();
    }
    match model.screen {
        Screen::CloudPicker => on_picker(model, event),
        Screen::Main => on_main(model, event),
        // The screens with their own state (wizard, reveal, rotation,
        // audit, ...) are keyboard-only.
        _ => {}
    }
    Vec::new()
}

fn on_picker(model: &mut Model, event: MouseEvent) {
    let area = Rect::new(0, 0, model.width, model.height);
    match event.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            let rows = layout::cloud_rows(area);
            if let Some(row) = row_at(rows, event.column, event.row)
                && row < model.clouds.rows.len()
            {
                model.clouds.selected = row;
            }
        }
        MouseEventKind::ScrollDown => model.clouds.move_by(1),
        MouseEventKind::ScrollUp => model.clouds.move_by(-1),
        _ => {}
    }
}

fn on_main(model: &mut Model, event: MouseEvent) {
    let layout = main_layout(model);
    let at = Position::new(event.column, event.row);
    let pane = if layout.scopes.contains(at) {
        Pane::Scopes
    } else if layout.table.contains(at) {
        Pane::Credentials
    } else if layout.detail.contains(at) {
        Pane::Detail
    } else {
        return;
    };
    let step = match event.kind {
        MouseEventKind::ScrollDown => WHEEL_STEP,
        MouseEventKind::ScrollUp => -WHEEL_STEP,
        MouseEventKind::Down(MouseButton::Left) => {
            model.focus = pane;
            click(model, pane, &layout, event);
            return;
        }
        _ => return,
    };
    match pane {
        Pane::Scopes => {
            let page = scope_page(model);
            model.scopes.move_by(step, page);
        }
        Pane::Credentials => {
            let page = table_page(model);
            let before = model.table.selected;
            model.table.move_by(step, page);
            if model.table.selected != before {
                model.detail_scroll = 0;
            }
        }
        Pane::Detail => {
            let scrolled = i64::from(model.detail_scroll) + step as i64;
            let last = crate::tui::screens::main::detail::line_count(model).saturating_sub(1);
            model.detail_scroll = scrolled.clamp(0, i64::from(last)) as u16;
        }
    }
}

fn click(model: &mut Model, pane: Pane, layout: &layout::MainLayout, event: MouseEvent) {
    match pane {
        Pane::Credentials => {
            let Some(row) = row_at(layout.table_rows(), event.column, event.row) else {
                return;
            };
            let index = model.table.offset + row;
            if index < model.table.visible.len() {
                let page = table_page(model);
                if index != model.table.selected {
                    model.detail_scroll = 0;
                }
                model.table.select_row(index, page);
            }
        }
        Pane::Scopes => {
            let Some(row) = row_at(layout.scope_rows(), event.column, event.row) else {
                return;
            };
            let index = model.scopes.offset + row;
            if index < model.scopes.entries.len() {
                let page = scope_page(model);
                model.scopes.select_row(index, page);
            }
        }
        Pane::Detail => {}
    }
}
