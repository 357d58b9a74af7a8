//! The main view: the scope pane, the credential table (with its filter)
//! and the detail pane over the status bar. Its state is the model's own
//! (`tui::model::{table, scopes}`: the list outlives every other screen),
//! so its keys work on the model: `host` (what any pane shares, and the
//! keys that open the other screens), `table_keys`, `scope_keys`, `mouse`;
//! drawing: `view`, `table_view`, `scopes_view`, `detail`.

pub mod detail;
#[cfg(test)]
mod detail_tests;
#[cfg(test)]
mod held_tests;
pub mod host;
pub mod mouse;
pub mod scope_keys;
pub mod scopes_view;
pub mod table_keys;
pub mod table_view;
pub mod view;

use ratatui::layout::Rect;

use crate::tui::model::Model;
use crate::tui::widgets::layout::MainLayout;

/// The main view's rectangles at the current terminal size.
pub(crate) fn main_layout(model: &Model) -> MainLayout {
    MainLayout::new(Rect::new(0, 0, model.width, model.height))
}

/// How many credential rows fit on screen (PgUp/PgDn move this far).
pub(crate) fn table_page(model: &Model) -> usize {
    usize::from(main_layout(model).table_rows().height).max(1)
}

pub(crate) fn scope_page(model: &Model) -> usize {
    usize::from(main_layout(model).scope_rows().height).max(1)
}
