//! Where things go on screen, as pure functions of the terminal size. The
//! views draw into these rectangles and `update` uses the same ones for page
//! sizes and mouse clicks, so a click lands on the row that was drawn there.

use ratatui::layout::{Constraint, Layout, Position, Rect};

/// Below this the screen says "too small" instead of drawing.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// From this width the detail pane sits beside the table instead of below.
const WIDE: u16 = 120;

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MainLayout {
    pub scopes: Rect,
    pub table: Rect,
    pub detail: Rect,
    pub status: Rect,
}

impl MainLayout {
    pub fn new(area: Rect) -> Self {
        let [main, status] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(2)]).areas(area);
        if area.width >= WIDE {
            let [scopes, table, detail] = Layout::horizontal([
                Constraint::Length(30),
                Constraint::Fill(1),
                Constraint::Length(52),
            ])
            .areas(main);
            MainLayout {
                scopes,
                table,
                detail,
                status,
            }
        } else {
            let [scopes, right] =
                Layout::horizontal([Constraint::Length(22), Constraint::Fill(1)]).areas(main);
            let [table, detail] =
                Layout::vertical([Constraint::Percentage(55), Constraint::Fill(1)]).areas(right);
            MainLayout {
                scopes,
                table,
                detail,
                status,
            }
        }
    }

    /// The credential rows: inside the border, below the header line.
    pub fn table_rows(&self) -> Rect {
        let inner = inner(self.table);
        Rect {
            y: inner.y.saturating_add(1),
            height: inner.height.saturating_sub(1),
            ..inner
        }
    }

    pub fn scope_rows(&self) -> Rect {
        inner(self.scopes)
    }

    pub fn detail_text(&self) -> Rect {
        inner(self.detail)
    }
}

/// The area inside a plain border.
pub fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x.saturating_add(1),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

/// The row of `rows` at screen position (`column`, `row`), if it hits one.
pub fn row_at(rows: Rect, column: u16, row: u16) -> Option<usize> {
    rows.contains(Position::new(column, row))
        .then(|| usize::from(row - rows.y))
}

/// The cloud picker's list, centred.
pub fn cloud_picker(area: Rect) -> Rect {
    centered(
        area,
        area.width.saturating_sub(4).min(110),
        area.height.saturating_sub(2),
    )
}

/// The rows of the cloud picker's table (below border and header).
pub fn cloud_rows(area: Rect) -> Rect {
    let inner = inner(cloud_picker(area));
    Rect {
        y: inner.y.saturating_add(1),
        height: inner.height.saturating_sub(3),
        ..inner
    }
}

/// A popup of at most `width` x `height`, centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_layout_stacks_table_over_detail() {
        let l = MainLayout::new(Rect::new(0, 0, 80, 24));
        assert_eq!(l.status, Rect::new(0, 22, 80, 2));
        assert_eq!(l.scopes.width, 22);
        assert_eq!(l.table.x, l.detail.x);
        assert!(l.table.y < l.detail.y);
        assert!(l.table_rows().height >= 5);
    }

    #[test]
    fn wide_layout_puts_detail_beside() {
        let l = MainLayout::new(Rect::new(0, 0, 160, 48));
        assert_eq!(l.table.y, l.detail.y);
        assert!(l.detail.x > l.table.x);
    }

    #[test]
    fn clicks_map_to_rows() {
        let rows = Rect::new(10, 5, 20, 4);
        assert_eq!(row_at(rows, 10, 5), Some(0));
        assert_eq!(row_at(rows, 29, 8), Some(3));
        assert_eq!(row_at(rows, 30, 8), None);
        assert_eq!(row_at(rows, 10, 9), None);
    }
}
