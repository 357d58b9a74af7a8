//! The main view: scope pane, credential table and detail pane (the
//! status bar under them is the frame's, `tui::view`).

use ratatui::Frame;
use ratatui::layout::Rect;

use super::{detail, scopes_view, table_view};
use crate::tui::model::Model;
use crate::tui::widgets::layout::MainLayout;

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let layout = MainLayout::new(area);
    scopes_view::draw(model, frame, layout.scopes);
    table_view::draw(model, frame, layout.table);
    detail::draw(model, frame, layout.detail);
}

/// The wizard and the reveal screen take the main view's place above the
/// status bar, which keeps showing requests and errors.
pub fn body_and_status(area: Rect) -> (Rect, Rect) {
    let layout = MainLayout::new(area);
    let body = Rect {
        height: area.height.saturating_sub(layout.status.height),
        ..area
    };
    (body, layout.status)
}
