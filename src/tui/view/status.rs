//! The status bar: where we are (cloud, user, scope, token expiry) and what
//! is going on (requests running and sent, expiry counts, the last error).

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::expiry;
use crate::keys::Action;
use crate::tui::model::Model;
use crate::tui::widgets::{spinner, truncate};

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
    }
    let busy = !second.is_empty();
    if busy && (model.last_error.is_some() || model.notice.is_some() || model.session.is_none()) {
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
        second = fit_counters(model, second, usize::from(area.width));
    }
    // The help key as config.toml has it; none where `?` is not help but
    // a character being typed (a filter, an export path).
    let help_key = model.key_hint(model.screen_context(), Action::Help);
    let help_width = help_key
        .as_ref()
        .map_or(0, |k| u16::try_from(k.chars().count() + 5).unwrap_or(7));
    let [top, bottom] = Layout::vertical([Constraint::Length(1); 2]).areas(area);
    let [top, help_area] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(help_width)]).areas(top);
    frame.render_widget(Paragraph::new(Line::from(first)), top);
    frame.render_widget(Paragraph::new(Line::from(second)), bottom);
    if let Some(help_key) = help_key {
        let help = Line::from(vec![
            Span::styled(help_key, theme.key()),
            Span::raw(" help"),
        ]);
        frame.render_widget(Paragraph::new(help).alignment(Alignment::Right), help_area);
    }
}

/// The counters after the message, as many as fit `width`: whole, then
/// shortened, then without the request count, then none; the message
/// keeps the room and is cut (with `…`) only when it alone is too wide.
fn fit_counters<'a>(model: &Model, message: Vec<Span<'a>>, width: usize) -> Vec<Span<'a>> {
    let theme = &model.ctx.theme;
    let sep = || Span::styled(" │ ", theme.muted());
    let (expired, soon) = (model.table.expired, model.table.expiring);
    let sent = model.requests_sent;
    let counters = |short: bool, requests: bool| {
        let mut spans: Vec<Span<'a>> = Vec::new();
        let mut push = |span: Span<'a>| {
            if !spans.is_empty() || !message.is_empty() {
                spans.push(sep());
            }
            spans.push(span);
        };
        if requests {
            push(Span::raw(if short {
                format!("{sent} req")
            } else {
                format!("{sent} requests")
            }));
        }
        if expired > 0 {
            let word = if short { "exp" } else { "expired" };
            push(Span::styled(
                format!("{}{expired} {word}", marker(model, "! ")),
                theme.expiry(expiry::ExpiryState::Expired),
            ));
        }
        if soon > 0 {
            let word = if short { "soon" } else { "expiring" };
            push(Span::styled(
                format!("{}{soon} {word}", marker(model, "~ ")),
                theme.expiry(expiry::ExpiryState::Soon),
            ));
        }
        spans
    };
    let used: usize = message.iter().map(Span::width).sum();
    let fitting = [(false, true), (true, true), (true, false)]
        .into_iter()
        .map(|(short, requests)| counters(short, requests))
        .find(|c| used + c.iter().map(Span::width).sum::<usize>() <= width);
    let mut line = message;
    match fitting {
        Some(counters) => line.extend(counters),
        None if used > width => {
            // Cut the message's last part (the text) so the whole fits.
            let before: usize = line.iter().rev().skip(1).map(Span::width).sum();
            if let Some(last) = line.last_mut() {
                let room = width.saturating_sub(before);
                *last = Span::styled(truncate(&last.content, room), last.style);
            }
        }
        None => {}
    }
    line
}

/// The NO_COLOR marker, or nothing when colours tell it.
fn marker(model: &Model, text: &'static str) -> &'static str {
    if model.ctx.theme.color { "" } else { text }
}
