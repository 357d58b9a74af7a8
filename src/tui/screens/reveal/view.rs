//! Drawing the reveal screen. Pure: reads the state, draws, changes nothing.
//! The secret's text is drawn only while `v` has it shown.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Mode, RevealState};
use crate::expiry;
use crate::keys::Action;
use crate::tui::context::Context;
use crate::tui::widgets::hint_line;

pub fn draw(state: &RevealState, ctx: &Context, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let block = Block::bordered()
        .title(Span::styled(
            " Application credential created ",
            theme.title(),
        ))
        .border_style(theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);

    let prompt_height = if matches!(state.mode, Mode::Prompt(_)) {
        4
    } else {
        0
    };
    let [body, prompt, status, help] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(prompt_height),
        Constraint::Length(1),
        Constraint::Length(2),
    ])
    .areas(inner);

    frame.render_widget(
        Paragraph::new(body_lines(state, ctx)).wrap(Wrap { trim: false }),
        body,
    );
    if let Mode::Prompt(p) = &state.mode {
        draw_prompt(ctx, p, frame, prompt);
    }
    let status_line = match (&state.error, &state.status) {
        (Some(e), _) => Span::styled(format!("✗ {e}"), theme.danger()),
        (None, Some(s)) => Span::styled(s.clone(), theme.ok()),
        (None, None) => Span::raw(""),
    };
    frame.render_widget(Paragraph::new(status_line), status);

    let skip: &[Action] = match &state.mode {
        Mode::Prompt(p) if !p.format.output().merges => &[Action::NextField],
        _ => &[],
    };
    let shown = if state.shown { "hide" } else { "show" };
    let pairs = ctx.hints_worded(state.key_context(), skip, &[(Action::ShowSecret, shown)]);
    frame.render_widget(
        Paragraph::new(hint_line(ctx, pairs)).wrap(Wrap { trim: true }),
        help,
    );

    if matches!(state.mode, Mode::ConfirmLeave) {
        draw_confirm(ctx, frame, area);
    }
}

fn body_lines(state: &RevealState, ctx: &Context) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let c = &state.credential;
    let field = |label: &str, value: String, style: Style| {
        Line::from(vec![
            Span::styled(format!("{label:<14}"), theme.title()),
            Span::styled(value, style),
        ])
    };
    let plain = Style::new();
    let roles = c
        .roles
        .iter()
        .map(|r| r.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let expires = match c.expires_at {
        Some(at) => format!(
            "{} ({}, {})",
            expiry::utc_text(at),
            (ctx.local_text)(at),
            expiry::relative(Some(at), ctx.now)
        ),
        None => "never".to_string(),
    };
    let rules = match c.access_rules.as_deref().unwrap_or(&[]) {
        [] => "none".to_string(),
        list => list
            .iter()
            .map(|r| format!("{} {} {}", r.service, r.method, r.path))
            .collect::<Vec<_>>()
            .join("; "),
    };
    // Shown, the secret gets lines of its own, from the left edge, so a
    // mouse selection picks up nothing else.
    let (secret_line, secret_text) = match (&state.secret, state.shown) {
        (Some(s), true) => (
            Span::styled("shown below; v hides it", theme.muted()),
            Some(Line::from(Span::styled(
                s.expose().to_string(),
                theme.marked(),
            ))),
        ),
        (Some(_), false) => (
            Span::raw(format!("{}  (v shows it, y copies it)", "•".repeat(24))),
            None,
        ),
        (None, _) => (Span::styled("(gone)", theme.muted()), None),
    };
    vec![
        Line::from(Span::styled(
            "Save the secret now: it is shown only this once.",
            theme.danger(),
        )),
        Line::from(""),
        field("ID", c.id.clone(), plain),
        field("Name", c.name.clone(), plain),
        field("Roles", roles, plain),
        field("Expires", expires, plain),
        field(
            "Unrestricted",
            if c.is_unrestricted() { "YES" } else { "no" }.to_string(),
            if c.is_unrestricted() {
                theme.danger()
            } else {
                plain
            },
        ),
        field("Access rules", rules, plain),
        field("Auth URL", state.export.auth_url.clone(), plain),
        Line::from(""),
        Line::from(vec![
            Span::styled(format!("{:<14}", "Secret"), theme.title()),
            secret_line,
        ]),
    ]
    .into_iter()
    .chain(secret_text)
    .collect()
}

fn draw_prompt(ctx: &Context, p: &super::ExportPrompt, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let what = p.format.output().screen.prompt;
    let rows: [Rect; 4] = Layout::vertical([Constraint::Length(1); 4]).areas(area);
    frame.render_widget(
        Paragraph::new(Span::styled(format!("Export as {what}"), theme.title())),
        rows[0],
    );
    let field =
        |label: &str, input: &tui_input::Input, focused: bool, row: Rect, frame: &mut Frame| {
            let label_width = label.chars().count() as u16;
            let width = row.width.saturating_sub(label_width + 1).max(1) as usize;
            let scroll = input.visual_scroll(width);
            let visible: String = input.value().chars().skip(scroll).take(width).collect();
            let style = if focused {
                theme.selected()
            } else {
                Style::new()
            };
            frame.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::raw(label.to_string()),
                    Span::styled(visible, style),
                ])),
                row,
            );
            if focused {
                let x = input.visual_cursor().saturating_sub(scroll) as u16;
                frame.set_cursor_position((row.x + label_width + x.min(width as u16), row.y));
            }
        };
    field("File:  ", &p.path, !p.on_entry, rows[1], frame);
    if p.format.output().merges {
        field("Entry: ", &p.entry, p.on_entry, rows[2], frame);
    }
    frame.render_widget(
        Paragraph::new(Span::styled(
            "The file is written with mode 0600 (only you can read it).",
            theme.muted(),
        )),
        rows[3],
    );
}

fn draw_confirm(ctx: &Context, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let [row] = Layout::vertical([Constraint::Length(5)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(area.width.min(60))])
        .flex(Flex::Center)
        .areas(row);
    let block = Block::bordered()
        .title(Span::styled(" Leave? ", theme.title()))
        .border_style(theme.danger());
    let text = vec![
        Line::from(Span::styled(
            "The secret will never be shown again.",
            theme.danger(),
        )),
        Line::from("Leave? (y/n)"),
    ];
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(text)
            .block(block)
            .wrap(Wrap { trim: true })
            .centered(),
        popup,
    );
}
