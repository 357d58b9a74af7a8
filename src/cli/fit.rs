//! The table for people: one line per record whatever the width. When a
//! width applies (a terminal, `--max-width N`, `--fit-width`), columns give
//! way by their [`Fit`]: `Drop` columns go first, then text is cut with an
//! ellipsis down to each column's minimum, then `ShrinkThenDrop` columns
//! go. Nothing wraps: a wrapped id breaks copy and paste and `grep`.
//! Without a width (a pipe, a file) the table is whole. Tables are for
//! people: every text in them is `terminal_text::visible` (a name's escape
//! sequences shown, not obeyed), with or without a width.
//!
//! A record (`show`, `create`, `login`) is a field/value table: at a width,
//! text with spaces wraps inside its cell, and a value a person copies as
//! one token (the secret, an id, a URL: no spaces) that the cell cannot hold
//! is printed whole below the table, on a line of its own.

use comfy_table::{ContentArrangement, Table, presets};
use zeroize::Zeroizing;

use crate::terminal_text::visible;

use super::records::{Fit, Records};

/// Borders and padding of the condensed UTF-8 style: `│ a │ b │`.
fn frame(columns: usize) -> usize {
    3 * columns + 1
}

fn width(s: &str) -> usize {
    s.chars().count()
}

/// The width of column `i`: its widest cell or its header.
fn col_width(headers: &[String], rows: &[Vec<String>], i: usize) -> usize {
    rows.iter()
        .map(|row| width(&row[i]))
        .chain([width(&headers[i])])
        .max()
        .unwrap_or(0)
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
        .map(|row| {
            row.iter()
                .map(|c| visible(&c.table_text(narrow)).into_owned())
                .collect()
        })
        .collect();
    let Some(limit) = limit else {
        return (headers, rows);
    };
    let mut fits: Vec<Fit> = r.columns.iter().map(|c| c.fit).collect();
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
    // 3. If it still does not fit, drop the first ShrinkThenDrop column and
    //    cut again from the whole texts: what the dropped column gave back
    //    goes to the columns that were cut for it.
    loop {
        let (cut_headers, cut_rows) = shrink(&headers, &rows, &fits, limit);
        if total(&cut_headers, &cut_rows) <= limit {
            return (cut_headers, cut_rows);
        }
        let Some(i) = fits
            .iter()
            .position(|f| matches!(f, Fit::ShrinkThenDrop(_)))
        else {
            return (cut_headers, cut_rows);
        };
        remove(i, &mut headers, &mut rows, &mut fits);
    }
}

/// Step 2 of [`fitted`]: the widest shrinkable column cut by one character
/// at a time until the table fits `limit` or nothing more can be cut.
fn shrink(
    headers: &[String],
    rows: &[Vec<String>],
    fits: &[Fit],
    limit: usize,
) -> (Vec<String>, Vec<Vec<String>>) {
    let mut headers = headers.to_vec();
    let mut rows = rows.to_vec();
    let mut widths: Vec<usize> = (0..headers.len())
        .map(|i| col_width(&headers, &rows, i))
        .collect();
    while widths.iter().sum::<usize>() + frame(headers.len()) > limit {
        let widest = (0..headers.len())
            .filter_map(|i| {
                let min = match fits[i] {
                    Fit::Shrink(m) | Fit::ShrinkThenDrop(m) => m,
                    _ => return None,
                };
                (widths[i] > min.max(1)).then_some((widths[i], i))
            })
            .max();
        let Some((w, i)) = widest else { break };
        headers[i] = truncate(&headers[i], w - 1);
        for row in rows.iter_mut() {
            row[i] = truncate(&row[i], w - 1);
        }
        widths[i] = w - 1;
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

/// A field/value table (as `openstack ... show` prints), fitted to
/// `limit` when given; see the module's docs for what gives way.
pub fn fields(rows: &[(&str, String)], limit: Option<usize>) -> Zeroizing<String> {
    let name_width = rows
        .iter()
        .map(|(k, _)| width(k))
        .chain([width("Field")])
        .max()
        .unwrap_or(0);
    let room = limit.map(|l| l.saturating_sub(name_width + frame(2)));
    let mut below: Vec<(&str, std::borrow::Cow<'_, str>)> = Vec::new();
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    t.set_header(["Field", "Value"]);
    for (k, v) in rows {
        let v = visible(v);
        let whole_token = !v.chars().any(char::is_whitespace);
        if whole_token && room.is_some_and(|r| width(&v) > r) {
            t.add_row([k.to_string(), "(below the table, whole)".to_string()]);
            below.push((k, v));
        } else {
            t.add_row([k.to_string(), v.to_string()]);
        }
    }
    match limit.and_then(|l| u16::try_from(l).ok()) {
        Some(l) => {
            t.set_width(l);
            t.set_content_arrangement(ContentArrangement::Dynamic);
        }
        None => {
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    let mut out = Zeroizing::new(format!("{t}\n"));
    for (k, v) in below {
        out.push_str(&format!("{k}:\n{v}\n"));
    }
    out
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

    fn record() -> Vec<(&'static str, String)> {
        vec![
            ("id", "4e20c976f4a54d53ab3c3bc1d0ff2d1e".to_string()),
            ("name", "ci-pipeline".to_string()),
            (
                "description",
                "what this credential is for, at some length, and then some more words".into(),
            ),
            ("expires_at (local)", "2027-01-01 12:00 CET".to_string()),
            ("secret", "s".repeat(40) + &"Z".repeat(46)),
        ]
    }

    #[test]
    fn a_record_at_eighty_columns_wraps_text_and_puts_the_secret_on_its_own_line() {
        let text = fields(&record(), Some(80));
        let secret = "s".repeat(40) + &"Z".repeat(46);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.contains(&secret.as_str()), "{}", *text);
        for l in lines.iter().filter(|l| **l != secret) {
            assert!(l.chars().count() <= 80, "{} wide: {l}", l.chars().count());
        }
        // Nothing was cut: every word of the description is there.
        assert!(
            text.contains("some more") || text.contains("more words"),
            "{}",
            *text
        );
        assert!(
            text.contains("4e20c976f4a54d53ab3c3bc1d0ff2d1e"),
            "{}",
            *text
        );
    }

    #[test]
    fn a_record_without_a_width_is_one_table_with_the_secret_in_it() {
        let text = fields(&record(), None);
        let secret = "s".repeat(40) + &"Z".repeat(46);
        assert!(
            text.lines().any(|l| l.contains(&secret) && l.contains('│')),
            "{}",
            *text
        );
        assert!(!text.contains("below the table"));
    }

    #[test]
    fn a_dropped_description_gives_its_room_back_to_the_cut_columns() {
        let mut r = Records::list(vec![
            Column::new("ID"),
            Column::new("Name").fit(Fit::Shrink(10)),
            Column::new("Roles").fit(Fit::Shrink(10)),
            Column::new("Description").fit(Fit::ShrinkThenDrop(12)),
        ]);
        r.push(vec![
            Cell::text("4e20c976"),
            Cell::text("ci-pipeline-deploy"),
            Cell::text("member, reader"),
            Cell::text("x".repeat(30)),
        ]);
        // Whole: 8 + 18 + 14 + 30 + 13 = 83 wide; at the minimums (10, 10,
        // 12) still 53: the description goes, and the rest fits whole in 50.
        let t = table(&r, Some(50)).to_string();
        assert!(!t.contains("Descr"), "{t}");
        assert!(
            t.contains("ci-pipeline-deploy") && t.contains("member, reader"),
            "{t}"
        );
        assert!(!t.contains('…'), "{t}");
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
    }
}
