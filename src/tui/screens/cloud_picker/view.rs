//! The cloud picker: every cloud in clouds.yaml (and "environment" for the
//! `OS_*` variables), how its background login went and its credential
//! counts (the fleet view), its user and auth URL.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Table, TableState, Wrap};

use super::state::{CloudPicker, FleetRow, SSO_LOGIN};
use crate::expiry::ExpiryState;
use crate::keys::{Action, KeyContext};
use crate::tui::context::Context;
use crate::tui::theme::Palette;
use crate::tui::widgets::layout::{cloud_picker, inner};
use crate::tui::widgets::{action_hints, pane, spinner, truncate, wrap_words};

/// Draws the picker; `warning` is the expiry window its counts use,
/// `turn` the spinner's step, and `can_go_back` whether there is a main
/// view Esc goes back to.
pub fn draw(
    picker: &CloudPicker,
    ctx: &Context,
    warning: chrono::Duration,
    turn: usize,
    can_go_back: bool,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = &ctx.theme;
    let outer = cloud_picker(area);
    let block = pane(Span::styled(" Choose a cloud ", theme.title()), true, theme);
    frame.render_widget(block, outer);
    let inside = inner(outer);
    // The selected cloud's reason, in full (the Login column is short):
    // as many rows as it takes, up to half the list.
    let detail_rows: Vec<Line> = detail_line(picker, theme)
        .map(|line| {
            let style = line.style;
            wrap_words(&line.to_string(), usize::from(inside.width))
                .into_iter()
                .map(|row| Line::styled(row, style))
                .collect()
        })
        .unwrap_or_default();
    let detail_height = u16::try_from(detail_rows.len())
        .unwrap_or(u16::MAX)
        .clamp(2, (inside.height / 2).max(2));
    let [list_area, detail, footer] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(detail_height),
        Constraint::Length(1),
    ])
    .areas(inside);

    if picker.rows.is_empty() && picker.loaded {
        super::first_run::draw(picker, ctx, frame, list_area);
    } else if picker.rows.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("Reading clouds.yaml…", theme.muted()))
                .wrap(Wrap { trim: true }),
            list_area,
        );
    } else {
        // The cloud column is as wide as the longest name (up to 40% of
        // the list); a longer one keeps its start and its end around `…`,
        // so `prod-region-east` and `prod-region-west` stay two names.
        let longest = picker
            .rows
            .iter()
            .map(|r| r.label().chars().count())
            .max()
            .unwrap_or(0)
            .max("Cloud".len());
        let name_width = longest.min(usize::from(list_area.width) * 2 / 5).max(8);
        // The user column as wide as the longest user; the URL takes the
        // rest and, when that is short, drops its scheme first.
        let user_width = picker
            .rows
            .iter()
            .filter_map(|r| r.username.as_deref())
            .map(|u| u.chars().count())
            .max()
            .unwrap_or(0)
            .clamp("User".len(), 16);
        let url_width = usize::from(list_area.width)
            .saturating_sub(2 + name_width + 16 + 5 + 7 + 6 + user_width + 6);
        let rows = picker.rows.iter().map(|row| {
            let user = row.username.clone().unwrap_or_default();
            let url = row
                .auth_url
                .as_deref()
                .map_or_else(|| "-".to_string(), |url| fit_url(url, url_width));
            let name = truncate_middle(row.label(), name_width);
            let fleet = picker.fleet.row(&row.name);
            let [state, count, expired, expiring] = cells(fleet, theme);
            Row::new([
                Cell::from(name),
                state,
                count,
                expired,
                expiring,
                Cell::from(user),
                Cell::from(url),
            ])
        });
        let soon = format!("≤{} d", warning.num_days());
        let header = Row::new([
            "Cloud",
            "Login",
            "Creds",
            "Expired",
            soon.as_str(),
            "User",
            "Auth URL",
        ])
        .style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
        let table = Table::new(
            rows,
            [
                Constraint::Length(u16::try_from(name_width).unwrap_or(u16::MAX)),
                Constraint::Length(16),
                Constraint::Length(5),
                Constraint::Length(7),
                Constraint::Length(6),
                Constraint::Length(u16::try_from(user_width).unwrap_or(u16::MAX)),
                Constraint::Fill(1),
            ],
        )
        .header(header)
        .row_highlight_style(theme.selected())
        .highlight_symbol("▶ ")
        .highlight_spacing(HighlightSpacing::Always);
        let mut state = TableState::default().with_selected(Some(picker.selected));
        frame.render_stateful_widget(table, list_area, &mut state);
    }

    frame.render_widget(Paragraph::new(detail_rows), detail);

    let footer_line = match &picker.logging_in {
        Some(cloud) => Line::styled(
            format!("{} Logging in to {cloud}…", spinner(turn)),
            theme.key(),
        ),
        None => {
            // Esc goes back only when there is a main view to go back to.
            let back = can_go_back.then_some((Action::Back, "back"));
            let actions: Vec<(Action, &'static str)> = [
                Some((Action::Select, "log in")),
                Some((Action::Refresh, "reload")),
                back,
                Some((Action::Help, "help")),
                Some((Action::Quit, "quit")),
            ]
            .into_iter()
            .flatten()
            .collect();
            action_hints(ctx, KeyContext::CloudPicker, &actions)
        }
    };
    frame.render_widget(Paragraph::new(footer_line), footer);
}

/// An auth URL in `width` columns: whole when it fits, else without its
/// scheme (`keystone.example.com:5000/v3`), cut at the end with `…`.
fn fit_url(url: &str, width: usize) -> String {
    if url.chars().count() <= width {
        return url.to_string();
    }
    let bare = url.split_once("://").map_or(url, |(_, rest)| rest);
    truncate(bare, width)
}

/// `text` in `width` columns: whole when it fits, else its start and end
/// around `…` (the ends are what tell cloud names apart).
fn truncate_middle(text: &str, width: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= width {
        return text.to_string();
    }
    let keep = width.saturating_sub(1);
    let head = keep.div_ceil(2);
    let tail = keep - head;
    let mut out: String = chars[..head].iter().collect();
    out.push('…');
    out.extend(&chars[chars.len() - tail..]);
    out
}

/// The Login, Creds, Expired and Expiring cells of a row; empty for a
/// cloud not checked (yet), "-" for counts of a cloud that was not listed.
pub fn cells(row: Option<&FleetRow>, theme: &Palette) -> [Cell<'static>; 4] {
    let Some(row) = row else {
        return std::array::from_fn(|_| Cell::from(""));
    };
    let state_style = match row {
        FleetRow::Checking => theme.muted(),
        FleetRow::Listed(_) => theme.ok(),
        FleetRow::NeedsPrompt { .. } => theme.key(),
        FleetRow::Failed { .. } => theme.danger(),
    };
    let state = Cell::from(row.state_text()).style(state_style);
    let Some(c) = row.counts() else {
        let dash = || Cell::from("-").style(theme.muted());
        return [state, dash(), dash(), dash()];
    };
    let marked = |n: usize, style: Style| {
        Cell::from(n.to_string()).style(if n > 0 { style } else { Style::new() })
    };
    [
        state,
        Cell::from(c.total.to_string()),
        marked(c.expired, theme.expiry(ExpiryState::Expired)),
        marked(c.expiring, theme.expiry(ExpiryState::Soon)),
    ]
}

/// The line under the table: the selected cloud's reason in full (why its
/// login failed, or what it will ask for).
pub fn detail_line(picker: &CloudPicker, theme: &Palette) -> Option<Line<'static>> {
    let row = picker.selected_row()?;
    let state = picker.fleet.row(&row.name)?;
    let reason = state.reason()?;
    let text = match state {
        FleetRow::NeedsPrompt { what, .. } if *what == SSO_LOGIN => format!(
            "{}: its SSO login needs a person (a code to approve or a browser); it starts when \
             you open it (Enter).",
            row.label()
        ),
        FleetRow::NeedsPrompt { what, .. } => {
            format!(
                "{}: asks for the {what} when you open it (Enter).",
                row.label()
            )
        }
        _ => format!("{}: {reason}", row.label()),
    };
    let style = match state {
        FleetRow::Failed { .. } => theme.danger(),
        _ => theme.muted(),
    };
    Some(Line::styled(text, style))
}

#[cfg(test)]
mod tests {
    use super::truncate_middle;

    /// Issue 11, defect 4: two long cloud names never look the same.
    #[test]
    fn long_cloud_names_keep_both_ends() {
        let east = truncate_middle("production-openstack-region-east", 14);
        let west = truncate_middle("production-openstack-region-west", 14);
        assert_ne!(east, west);
        assert_eq!(east.chars().count(), 14);
        assert!(east.contains('…') && east.ends_with("east"), "{east}");
        assert_eq!(truncate_middle("devstack", 14), "devstack");
    }
}
