//! The help overlay (`?`, F1 in a text field): the keys of the screen underneath, read from the same
//! table the key handling uses, with config.toml's bindings applied
//! (`ctx.bindings`, the resolved key map), so a rebound key shows as it now is.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crossterm::event::KeyEvent;

use crate::keys::{self, Action, KeyContext};
use crate::tui::model::Model;
use crate::tui::msg::Effect;
use crate::tui::theme::Palette;
use crate::tui::widgets::layout::centered;
use crate::tui::widgets::{popup, truncate, wrap_words};

/// Rows the popup's border and its footer take (and the flags legend).
const CHROME: usize = 6;

/// What the Flags column's codes mean.
pub const FLAGS_LEGEND: &str = "Flags: U unrestricted · 2r 2 access rules · rot being rotated";

pub fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if model.ctx.action(KeyContext::Help, &key) == Some(Action::Back) {
        model.overlays.pop();
    }
    Vec::new()
}

pub fn draw(model: &Model, context: KeyContext, frame: &mut Frame, area: Rect) {
    let theme = &model.ctx.theme;
    let rows: Vec<(String, &'static str)> = model
        .ctx
        .bindings(context)
        .iter()
        // An action the config unbound has no key to show.
        .filter(|b| !b.keys.is_empty())
        .map(|b| (keys::label_keys(&b.keys), b.description))
        .collect();
    let room = usize::from(area.height).saturating_sub(CHROME);
    // Every key and all of its words must be visible: one column when the
    // entries fit the height, else two side by side, each entry wrapped in
    // its column (the main view's table at 80x24); cut only when even
    // that does not fit.
    let wide = area.width.min(132);
    let (width, mut lines) = match columns(&rows, 62, 1, room, theme) {
        Some(lines) => (64, lines),
        None => (
            wide,
            columns(&rows, usize::from(wide.saturating_sub(2)), 2, room, theme)
                .unwrap_or_else(|| cut_columns(&rows, usize::from(wide.saturating_sub(2)), theme)),
        ),
    };
    if context == KeyContext::CredentialTable {
        lines.push(Line::from(""));
        lines.push(Line::styled(FLAGS_LEGEND, theme.muted()));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(
        "Ctrl-c quits from anywhere · Esc closes",
        theme.muted(),
    ));
    let height = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let rect = centered(area, width, height);
    let title = format!("Keys: {}", context_name(context));
    let block = popup(frame, rect, &title, theme);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// The entries in `count` columns across `inner` columns, descriptions
/// wrapped under themselves; `None` when they need more than `room` rows.
/// Two columns split where the taller of the two is shortest.
fn columns(
    rows: &[(String, &'static str)],
    inner: usize,
    count: usize,
    room: usize,
    theme: &Palette,
) -> Option<Vec<Line<'static>>> {
    let column_width = inner / count;
    if count == 1 {
        let one = column(rows, column_width, theme);
        return (one.len() <= room).then(|| one.into_iter().map(Line::from).collect());
    }
    let (left, right) = (0..=rows.len())
        .map(|split| {
            let (a, b) = rows.split_at(split);
            (
                column(a, column_width, theme),
                column(b, column_width, theme),
            )
        })
        .min_by_key(|(a, b)| a.len().max(b.len()))?;
    let tall = left.len().max(right.len());
    if tall > room {
        return None;
    }
    let blank = || vec![Span::raw(" ".repeat(column_width))];
    let mut left = left.into_iter();
    let mut right = right.into_iter();
    Some(
        (0..tall)
            .map(|_| {
                let mut spans = left.next().unwrap_or_else(blank);
                spans.extend(right.next().unwrap_or_default());
                Line::from(spans)
            })
            .collect(),
    )
}

/// One column of entries, `width` wide (each row padded to it): the keys
/// in a column as wide as its longest, each description wrapped beside.
fn column(
    rows: &[(String, &'static str)],
    width: usize,
    theme: &Palette,
) -> Vec<Vec<Span<'static>>> {
    let key_width = key_width(rows);
    let what_width = width.saturating_sub(key_width + 1).max(1);
    let mut out = Vec::new();
    for (keys, what) in rows {
        for (i, part) in wrap_words(what, what_width).into_iter().enumerate() {
            let key = if i == 0 { keys.as_str() } else { "" };
            out.push(vec![
                Span::styled(format!("{key:<key_width$}"), theme.key()),
                Span::raw(format!("{part:<what_width$} ")),
            ]);
        }
    }
    out
}

/// The key column's width: the longest key and two spaces.
fn key_width(rows: &[(String, &'static str)]) -> usize {
    rows.iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0)
        + 2
}

/// The last resort on a very small terminal: two columns, one row per
/// entry, descriptions cut with `…`.
fn cut_columns(
    rows: &[(String, &'static str)],
    inner: usize,
    theme: &Palette,
) -> Vec<Line<'static>> {
    let key_width = key_width(rows);
    let column_width = inner / 2;
    let what_width = column_width.saturating_sub(key_width + 1);
    let per_column = rows.len().div_ceil(2);
    let cell = |row: Option<&(String, &'static str)>| -> Vec<Span<'static>> {
        let Some((keys, what)) = row else {
            return Vec::new();
        };
        vec![
            Span::styled(format!("{keys:<key_width$}"), theme.key()),
            Span::raw(format!("{:<what_width$} ", truncate(what, what_width))),
        ]
    };
    (0..per_column)
        .map(|i| {
            let mut spans = cell(rows.get(i));
            spans.extend(cell(rows.get(i + per_column)));
            Line::from(spans)
        })
        .collect()
}

fn context_name(context: KeyContext) -> &'static str {
    match context {
        KeyContext::CloudPicker => "cloud picker",
        KeyContext::ScopePane => "scope pane",
        KeyContext::CredentialTable => "credentials",
        KeyContext::DetailPane => "detail pane",
        KeyContext::ConfirmDelete => "delete",
        KeyContext::ErrorPopup => "error",
        KeyContext::Help => "help",
        other => other.title(),
    }
}
