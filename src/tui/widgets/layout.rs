//! Where things go on screen, as pure functions of the terminal size. The
//! views draw into these rectangles and `update` uses the same ones for page
//! sizes and mouse clicks, so a click lands on the row that was drawn there.

use ratatui::layout::{Constraint, Layout, Position, Rect};

/// Below this the screen says "too small" instead of drawing.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// From this width the detail pane sits beside the table; below it, the
/// table takes the whole width and the scope and detail panes share the
/// lower part, so names, roles and expiry stay readable.
const WIDE: u16 = 160;
/// The scope pane's width: enough for `● prj ` and a usual project name.
const SCOPES_WIDE: u16 = 28;
const SCOPES_NARROW: u16 = 24;
/// The detail pane's width beside the table: labels and a 32-digit id.
const DETAIL_WIDE: u16 = 60;

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
                Constraint::Length(SCOPES_WIDE),
                Constraint::Fill(1),
                Constraint::Length(DETAIL_WIDE),
            ])
            .areas(main);
            MainLayout {
                scopes,
                table,
                detail,
                status,
            }
        } else {
            let [table, lower] =
                Layout::vertical([Constraint::Percentage(55), Constraint::Fill(1)]).areas(main);
            // The scope pane is narrow, never more than a third.
            let scopes_width = SCOPES_NARROW.min(area.width / 3);
            let [scopes, detail] =
                Layout::horizontal([Constraint::Length(scopes_width), Constraint::Fill(1)])
                    .areas(lower);
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
    fn narrow_layout_gives_the_table_the_whole_width() {
        for (w, h) in [(80, 24), (120, 32), (159, 40)] {
            let l = MainLayout::new(Rect::new(0, 0, w, h));
            assert_eq!(l.status, Rect::new(0, h - 2, w, 2));
            assert_eq!(l.table.width, w, "{w}x{h}");
            assert!(l.scopes.width <= SCOPES_NARROW);
            assert_eq!(l.scopes.y, l.detail.y);
            assert!(l.table.y < l.detail.y);
            assert!(l.table_rows().height >= 8, "{w}x{h}");
            assert!(l.detail.width >= 50, "{w}x{h}");
        }
    }

    #[test]
    fn wide_layout_puts_detail_beside() {
        let l = MainLayout::new(Rect::new(0, 0, 160, 48));
        assert_eq!(l.table.y, l.detail.y);
        assert!(l.detail.x > l.table.x);
        assert!(l.table.width >= 70);
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
