//! The status bar: where we are (cloud, user, scope, token expiry) and what
//! is going on (requests running and sent, expiry counts, the last error).

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::expiry;
use crate::keys::Action;
use crate::tui::model::Model;
use crate::tui::widgets::spinner;

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let theme = &model.ctx.theme;
    let sep = || Span::styled(" │ ", theme.muted());
    let mut first = Vec::new();
    match &model.session {
        Some(session) => {
            let token = &session.token;
            first.extend([
                Span::styled(session.cloud.clone(), theme.title()),
                sep(),
                Span::raw(token.user.name.clone()),
                sep(),
                Span::raw(token.scope.label()),
                sep(),
                Span::raw(format!(
                    "token {}",
                    expiry::relative(Some(token.expires_at), model.ctx.now)
                )),
            ]);
        }
        None => first.push(Span::styled("not logged in", theme.muted())),
    }

    let mut second = Vec::new();
    if let Some((_, label)) = model.requests.pending.first() {
        let more = model.requests.pending.len() - 1;
        let text = if more > 0 {
            format!("{} {label} (+{more})", spinner(model.spinner))
        } else {
            format!("{} {label}", spinner(model.spinner))
        };
        second.push(Span::styled(text, theme.key()));
        second.push(sep());
    }
    if let Some(error) = &model.last_error {
        // One line cannot hold a whole error: its short form (what failed)
        // and the key that shows the rest.
        let short = error
            .split_once(": ")
            .map_or(error.as_str(), |(what, _)| what);
        let key = model.key_hint(model.screen_context(), Action::ShowError);
        let text = match key {
            Some(key) if short.len() < error.len() => format!("error: {short} ({key}: details)"),
            _ => format!("error: {short}"),
        };
        second.push(Span::styled(text, theme.danger()));
    } else if let Some(notice) = &model.notice {
        second.push(Span::raw(notice.clone()));
    }

    if model.session.is_some() {
        if model.last_error.is_some() || model.notice.is_some() {
            second.push(sep());
        }
        second.push(Span::raw(format!("{} requests", model.requests_sent)));
        let (expired, soon) = (model.table.expired, model.table.expiring);
        if expired > 0 {
            second.push(sep());
            second.push(Span::styled(
                format!("{}{expired} expired", marker(model, "! ")),
                theme.expiry(expiry::ExpiryState::Expired),
            ));
        }
        if soon > 0 {
            second.push(sep());
            second.push(Span::styled(
                format!("{}{soon} expiring", marker(model, "~ ")),
                theme.expiry(expiry::ExpiryState::Soon),
            ));
        }
    }
    // The help key as config.toml has it (any pane's table: they share it).
    let help_key = model
        .key_hint(model.screen_context(), Action::Help)
        .unwrap_or_else(|| "?".to_string());
    let help_width = u16::try_from(help_key.chars().count() + 5).unwrap_or(7);
    let [top, bottom] = Layout::vertical([Constraint::Length(1); 2]).areas(area);
    let [top, help_area] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(help_width)]).areas(top);
    frame.render_widget(Paragraph::new(Line::from(first)), top);
    frame.render_widget(Paragraph::new(Line::from(second)), bottom);
    let help = Line::from(vec![
        Span::styled(help_key, theme.key()),
        Span::raw(" help"),
    ]);
    frame.render_widget(Paragraph::new(help).alignment(Alignment::Right), help_area);
}

/// The NO_COLOR marker, or nothing when colours tell it.
fn marker(model: &Model, text: &'static str) -> &'static str {
    if model.ctx.theme.color { "" } else { text }
}
