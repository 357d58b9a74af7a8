//! The cloud picker: every cloud in clouds.yaml (and "environment" for the
//! `OS_*` variables), how its background login went and its credential
//! counts (the fleet view), its user and auth URL.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Table, TableState, Wrap};

use crate::keys::{Action, KeyContext};
use crate::tui::model::Model;
use crate::tui::view::layout::{cloud_picker, inner};
use crate::tui::widgets::{action_hints, pane, spinner, truncate, wrap_words};

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let theme = &model.ctx.theme;
    let picker = &model.clouds;
    let outer = cloud_picker(area);
    let block = pane(Span::styled(" Choose a cloud ", theme.title()), true, theme);
    frame.render_widget(block, outer);
    let inside = inner(outer);
    // The selected cloud's reason, in full (the Login column is short):
    // as many rows as it takes, up to half the list.
    let detail_rows: Vec<Line> = super::fleet::detail_line(picker, theme)
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
        super::first_run::draw(model, frame, list_area);
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
            let [state, count, expired, expiring] = super::fleet::cells(fleet, theme);
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
        let soon = format!("≤{} d", model.table.warning.num_days());
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
            format!("{} Logging in to {cloud}…", spinner(model.spinner)),
            theme.key(),
        ),
        None => {
            // Esc goes back only when there is a main view to go back to.
            let back = model.session.is_some().then_some((Action::Back, "back"));
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
            action_hints(model, KeyContext::CloudPicker, &actions)
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
