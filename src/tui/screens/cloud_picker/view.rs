//! The cloud picker: every cloud in clouds.yaml (and "environment" for the
//! `OS_*` variables) with its auth URL and user.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{HighlightSpacing, Paragraph, Row, Table, TableState, Wrap};

use crate::keys::{Action, KeyContext};
use crate::tui::model::Model;
use crate::tui::view::layout::{cloud_picker, inner};
use crate::tui::widgets::{action_hints, pane, spinner};

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let theme = &model.theme;
    let picker = &model.clouds;
    let outer = cloud_picker(area);
    let block = pane(Span::styled(" Choose a cloud ", theme.title()), true, theme);
    frame.render_widget(block, outer);
    let [list_area, _, footer] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner(outer));

    if picker.rows.is_empty() && picker.loaded {
        super::first_run::draw(model, frame, list_area);
    } else if picker.rows.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("Reading clouds.yaml…", theme.muted()))
                .wrap(Wrap { trim: true }),
            list_area,
        );
    } else {
        let rows = picker.rows.iter().map(|row| {
            let user = row.username.clone().unwrap_or_default();
            let url = row.auth_url.clone().unwrap_or_else(|| "-".to_string());
            Row::new([row.label().to_string(), url, user, row.auth_type.clone()])
        });
        let header = Row::new(["Cloud", "Auth URL", "User", "Auth type"])
            .style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
        let table = Table::new(
            rows,
            [
                Constraint::Fill(1),
                Constraint::Fill(2),
                Constraint::Fill(1),
                Constraint::Length(16),
            ],
        )
        .header(header)
        .row_highlight_style(theme.selected())
        .highlight_symbol("▶ ")
        .highlight_spacing(HighlightSpacing::Always);
        let mut state = TableState::default().with_selected(Some(picker.selected));
        frame.render_stateful_widget(table, list_area, &mut state);
    }

    let footer_line = match &picker.logging_in {
        Some(cloud) => Line::styled(
            format!("{} Logging in to {cloud}…", spinner(model.spinner)),
            theme.key(),
        ),
        None => action_hints(
            model,
            KeyContext::CloudPicker,
            &[
                (Action::Select, "log in"),
                (Action::Refresh, "reload"),
                (Action::Help, "help"),
                (Action::Quit, "quit"),
            ],
        ),
    };
    frame.render_widget(Paragraph::new(footer_line), footer);
}
