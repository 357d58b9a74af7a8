//! The credential table. Only the rows on screen are built, so drawing costs
//! the same at 10 or 10,000 credentials.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Table, TableState};

use super::layout::inner;
use super::widgets::{hints, pane};
use crate::expiry;
use crate::keystone::ApplicationCredential;
use crate::tui::model::{Model, Pane};

/// From this inner width the roles column gets more room.
const ROOMY: u16 = 90;

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let theme = &model.theme;
    let table = &model.table;
    let mut title = vec![Span::styled(
        format!(
            " Credentials {}/{} · by {} ",
            table.visible.len(),
            table.items.len(),
            table.sort.label()
        ),
        theme.title(),
    )];
    if table.filtering || !table.filter.value().is_empty() {
        let cursor = if table.filtering { "▏" } else { "" };
        title.push(Span::styled(
            format!("/{}{cursor} ", table.filter.value()),
            theme.key(),
        ));
    }
    if !table.marked.is_empty() {
        title.push(Span::styled(
            format!("{} marked ", table.marked.len()),
            theme.marked(),
        ));
    }
    let focused = model.focus == Pane::Credentials;
    let block = pane(Line::from(title), focused, theme).title_bottom(hints(
        &[
            ("Space", "mark"),
            ("d", "delete"),
            ("/", "filter"),
            ("s", "sort"),
        ],
        theme,
    ));

    if let Some(message) = empty_message(model) {
        frame.render_widget(Paragraph::new(message).block(block), area);
        return;
    }

    let rows_height = usize::from(inner(area).height.saturating_sub(1));
    let end = (table.offset + rows_height).min(table.visible.len());
    let rows = table.visible[table.offset..end]
        .iter()
        .map(|&i| row(model, &table.items[i]));
    let widths = if inner(area).width >= ROOMY {
        [
            Constraint::Length(1),
            Constraint::Fill(2),
            Constraint::Fill(2),
            Constraint::Length(17),
            Constraint::Length(6),
        ]
    } else {
        [
            Constraint::Length(1),
            Constraint::Fill(2),
            Constraint::Fill(1),
            Constraint::Length(17),
            Constraint::Length(5),
        ]
    };
    let header = Row::new(["", "Name", "Roles", "Expires", "Flags"])
        .style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
    let widget = Table::new(rows, widths)
        .header(header)
        .block(block)
        .row_highlight_style(theme.selected())
        // A visible marker as well as reverse video: the selection must not
        // depend on how a terminal renders attributes.
        .highlight_symbol("▶")
        .highlight_spacing(HighlightSpacing::Always);
    // A throwaway state: the model's own selection and offset decide what
    // is shown, so drawing never changes anything.
    let mut state = TableState::default().with_selected(
        (!table.visible.is_empty()).then(|| table.selected.saturating_sub(table.offset)),
    );
    frame.render_stateful_widget(widget, area, &mut state);
}

fn empty_message(model: &Model) -> Option<Line<'static>> {
    let table = &model.table;
    if !table.items.is_empty() && !table.visible.is_empty() {
        return None;
    }
    let theme = &model.theme;
    let text = if let Some(cloud) = &model.clouds.logging_in {
        format!("Logging in to {cloud}…")
    } else if table.loading {
        "Loading credentials…".to_string()
    } else if model.session.is_none() {
        "Not logged in. Press C to choose a cloud.".to_string()
    } else if table.items.is_empty() {
        "No application credentials here. Press n to create one.".to_string()
    } else {
        "Nothing matches the filter. Esc clears it.".to_string()
    };
    Some(Line::styled(text, theme.muted()))
}

fn row<'a>(model: &Model, credential: &'a ApplicationCredential) -> Row<'a> {
    let theme = &model.theme;
    let marked = model.table.marked.contains(&credential.id);
    let state = expiry::state(credential.expires_at, model.now, expiry::DEFAULT_WARNING);
    let expires = format!(
        "{}{}",
        theme.expiry_marker(state),
        expiry::relative(credential.expires_at, model.now)
    );
    let roles = credential
        .roles
        .iter()
        .map(|r| r.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let mut flags = Vec::new();
    if credential.is_unrestricted() {
        flags.push(Span::styled("U", theme.danger()));
    }
    let rules = credential.access_rule_count();
    if rules > 0 {
        if !flags.is_empty() {
            flags.push(Span::raw(" "));
        }
        flags.push(Span::raw(format!("{rules}r")));
    }
    Row::new([
        Cell::from(Span::styled(if marked { "●" } else { " " }, theme.marked())),
        Cell::from(credential.name.as_str()),
        Cell::from(roles),
        Cell::from(Span::styled(expires, theme.expiry(state))),
        Cell::from(Line::from(flags)),
    ])
}
