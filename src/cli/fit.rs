//! The table for people: one line per record whatever the width. When a
//! width applies (a terminal, `--max-width N`, `--fit-width`), columns give
//! way by their [`Fit`]: `Drop` columns go first, then text is cut with an
//! ellipsis down to each column's minimum, then `ShrinkThenDrop` columns
//! go. Nothing wraps: a wrapped id breaks copy and paste and `grep`.
//! Without a width (a pipe, a file) the table is whole.

use comfy_table::{ContentArrangement, Table, presets};

use super::records::{Fit, Records};

/// Borders and padding of the condensed UTF-8 style: `│ a │ b │`.
fn frame(columns: usize) -> usize {
    3 * columns + 1
}

fn width(s: &str) -> usize {
    s.chars().count()
}

/// `s` cut to `max` characters, the last one an ellipsis.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
    t.push('…');
    t
}

/// Header and rows as text, fitted to `limit` characters when given.
pub fn fitted(r: &Records, limit: Option<usize>) -> (Vec<String>, Vec<Vec<String>>) {
    let narrow = limit.is_some();
    let mut headers: Vec<String> = r
        .columns
        .iter()
        .map(|c| match (narrow, c.narrow) {
            (true, Some(n)) => n.to_string(),
            _ => c.name.to_string(),
        })
        .collect();
    let mut rows: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|row| row.iter().map(|c| c.table_text(narrow)).collect())
        .collect();
    let Some(limit) = limit else {
        return (headers, rows);
    };
    let mut fits: Vec<Fit> = r.columns.iter().map(|c| c.fit).collect();
    let col_width = |headers: &[String], rows: &[Vec<String>], i: usize| {
        rows.iter()
            .map(|row| width(&row[i]))
            .chain([width(&headers[i])])
            .max()
            .unwrap_or(0)
    };
    let total = |headers: &[String], rows: &[Vec<String>]| {
        (0..headers.len())
            .map(|i| col_width(headers, rows, i))
            .sum::<usize>()
            + frame(headers.len())
    };
    let remove =
        |i: usize, headers: &mut Vec<String>, rows: &mut Vec<Vec<String>>, fits: &mut Vec<Fit>| {
            headers.remove(i);
            fits.remove(i);
            for row in rows.iter_mut() {
                row.remove(i);
            }
        };
    // 1. Drop the droppable columns, lowest number first.
    while total(&headers, &rows) > limit {
        let next = fits
            .iter()
            .enumerate()
            .filter_map(|(i, f)| match f {
                Fit::Drop(p) => Some((*p, i)),
                _ => None,
            })
            .min();
        let Some((_, i)) = next else { break };
        remove(i, &mut headers, &mut rows, &mut fits);
    }
    // 2. Cut the widest shrinkable column by one, until it fits or none can.
    // 3. Then drop the ShrinkThenDrop columns and shrink again.
    loop {
        while total(&headers, &rows) > limit {
            let widest = (0..headers.len())
                .filter_map(|i| {
                    let min = match fits[i] {
                        Fit::Shrink(m) | Fit::ShrinkThenDrop(m) => m,
                        _ => return None,
                    };
                    let w = col_width(&headers, &rows, i);
                    (w > min.max(1)).then_some((w, i))
                })
                .max();
            let Some((w, i)) = widest else { break };
            headers[i] = truncate(&headers[i], w - 1);
            for row in rows.iter_mut() {
                row[i] = truncate(&row[i], w - 1);
            }
        }
        if total(&headers, &rows) <= limit {
            break;
        }
        let Some(i) = fits
            .iter()
            .position(|f| matches!(f, Fit::ShrinkThenDrop(_)))
        else {
            break;
        };
        remove(i, &mut headers, &mut rows, &mut fits);
    }
    (headers, rows)
}

/// The table, fitted to `limit`; one line per row, never wrapped.
pub fn table(r: &Records, limit: Option<usize>) -> Table {
    let (headers, rows) = fitted(r, limit);
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Disabled);
    t.set_header(headers);
    for row in rows {
        t.add_row(row);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::super::records::{Cell, Column};
    use super::*;

    fn wide() -> Records {
        let mut r = Records::list(vec![
            Column::new("Name").fit(Fit::Shrink(10)),
            Column::new("ID"),
            Column::new("Project ID").fit(Fit::Drop(1)),
            Column::new("Roles").fit(Fit::Shrink(10)),
            Column::new("Unrestricted").narrow("Unres."),
            Column::new("Description").fit(Fit::ShrinkThenDrop(12)),
        ]);
        for i in 0..3 {
            r.push(vec![
                Cell::text(format!("a-rather-long-credential-name-{i}")),
                Cell::text("4e20c976"),
                Cell::text("0123456789abcdef0123456789abcdef"),
                Cell::text("admin, manager, member, reader"),
                Cell::text("no"),
                Cell::text("what this credential is for, at some length"),
            ]);
        }
        r
    }

    #[test]
    fn eighty_columns_keep_one_line_per_record() {
        let t = table(&wide(), Some(80)).to_string();
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 3 + 4, "{t}");
        for l in &lines {
            assert!(l.chars().count() <= 80, "{} wide: {l}", l.chars().count());
        }
        assert!(!t.contains("Project ID"), "{t}");
        assert!(t.contains("4e20c976") && t.contains('…'), "{t}");
        assert!(t.contains("Unres."), "{t}");
    }

    #[test]
    fn very_narrow_drops_the_description_and_no_limit_keeps_all() {
        let t = table(&wide(), Some(60)).to_string();
        assert!(!t.contains("Descr"), "{t}");
        let full = table(&wide(), None).to_string();
        assert!(full.contains("Project ID") && full.contains("at some length"));
        assert!(full.contains("Unrestricted"));
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
    }
}
