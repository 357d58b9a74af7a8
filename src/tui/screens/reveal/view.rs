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
use crate::tui::widgets::{hanging, hint_rows, wrap_words};

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

    let prompt_height = match &state.mode {
        Mode::Prompt(_) | Mode::Store(_) => 4,
        Mode::Handoff(_) => state.handoff_height().unwrap_or(0),
        Mode::StorePick(_) => state.store_pick_height(),
        Mode::Normal | Mode::ConfirmLeave => 0,
    };
    // The result line wraps whole (a copy failure's fix, a refused
    // export's reason): cut, the one thing to do next was never readable.
    let status_rows: Vec<Line> = match (&state.error, &state.status) {
        (Some(e), _) => styled_rows(&format!("✗ {e}"), theme.danger(), inner.width),
        (None, Some(s)) => styled_rows(s, theme.ok(), inner.width),
        (None, None) => vec![Line::from("")],
    };
    let skip: &[Action] = match &state.mode {
        Mode::Prompt(p) if !p.format.output().merges => &[Action::NextField],
        Mode::Store(_) | Mode::StorePick(_) => &[Action::NextField],
        Mode::Handoff(pick) => pick.hints_skipped(),
        _ => &[],
    };
    let shown = if state.shown { "hide" } else { "show" };
    let pairs = ctx.hints_worded(state.key_context(), skip, &[(Action::ShowSecret, shown)]);
    let hints = hint_rows(ctx, pairs, inner.width);
    let status_height = u16::try_from(status_rows.len())
        .unwrap_or(u16::MAX)
        .min(inner.height / 2);
    let [body, prompt, status, help] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(prompt_height),
        Constraint::Length(status_height),
        Constraint::Length(u16::try_from(hints.len()).unwrap_or(u16::MAX)),
    ])
    .areas(inner);

    let lines = body_lines(state, ctx, body.width);
    let body_height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(lines), body);
    if let (Some(secret), true) = (&state.secret, state.shown) {
        draw_secret(secret.expose(), ctx, frame, area, body, body_height);
    }
    match &state.mode {
        Mode::Prompt(p) => draw_prompt(ctx, p, frame, prompt),
        Mode::Store(input) => super::store::draw_prompt(ctx, input, frame, prompt),
        Mode::Handoff(_) => super::handoff::draw(state, ctx, frame, prompt),
        Mode::StorePick(at) => super::store::draw_pick(state, *at, ctx, frame, prompt),
        _ => {}
    }
    frame.render_widget(Paragraph::new(status_rows), status);
    frame.render_widget(Paragraph::new(hints), help);

    if matches!(state.mode, Mode::ConfirmLeave) {
        draw_confirm(ctx, frame, area);
    }
}

/// The fields, wrapped here (each value right of its label) so that their
/// rows are known exactly: the shown secret goes on the next row.
fn body_lines(state: &RevealState, ctx: &Context, width: u16) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let c = &state.credential;
    let field = |label: &str, value: String, style: Style| {
        let label = Span::styled(format!("{label:<14}"), theme.title());
        hanging(label, 14, &value, style, width)
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
    // Shown, the secret is drawn below by `draw_secret`, on rows of its own.
    let (secret_line, secret_style) = match (&state.secret, state.shown) {
        (Some(_), true) => ("shown below; v hides it".to_string(), theme.muted()),
        (Some(_), false) => (
            format!("{}  (v shows it, y copies it)", "•".repeat(24)),
            plain,
        ),
        (None, _) => ("(gone)".to_string(), theme.muted()),
    };
    let warning = Span::styled(
        "Save the secret now: it is shown only this once.",
        theme.danger(),
    );
    [
        vec![Line::from(warning), Line::from("")],
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
        vec![Line::from("")],
        field("Secret", secret_line, secret_style),
    ]
    .concat()
}

/// The shown secret on rows of its own across the whole width, over the
/// border: a mouse selection of a row picks up the secret and nothing
/// else (no `│`, no label). Below the body's `body_height` rows, or at the
/// body's end when the body is taller than its room.
fn draw_secret(
    secret: &str,
    ctx: &Context,
    frame: &mut Frame,
    area: Rect,
    body: Rect,
    body_height: u16,
) {
    let chars: Vec<char> = secret.chars().collect();
    let chunks: Vec<Line> = chars
        .chunks(usize::from(area.width.max(1)))
        .map(|chunk| Line::styled(chunk.iter().collect::<String>(), ctx.theme.marked()))
        .collect();
    let height = u16::try_from(chunks.len()).unwrap_or(u16::MAX);
    let y = body
        .y
        .saturating_add(body_height)
        .min(body.bottom().saturating_sub(height))
        .max(body.y);
    let rows = Rect {
        x: area.x,
        y,
        width: area.width,
        height: height.min(body.bottom().saturating_sub(y)),
    };
    frame.render_widget(Clear, rows);
    frame.render_widget(Paragraph::new(chunks), rows);
}

/// `text` in rows of `width` (words whole), each in `style`.
fn styled_rows(text: &str, style: Style, width: u16) -> Vec<Line<'static>> {
    wrap_words(text, usize::from(width))
        .into_iter()
        .map(|row| Line::styled(row, style))
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
    field(ctx, "File:  ", &p.path, !p.on_entry, rows[1], frame);
    if p.format.output().merges {
        field(ctx, "Entry: ", &p.entry, p.on_entry, rows[2], frame);
    }
    frame.render_widget(
        Paragraph::new(Span::styled(
            "The file is written with mode 0600 (only you can read it).",
            theme.muted(),
        )),
        rows[3],
    );
}

/// One labelled text field on `row`; the focused one has the cursor.
pub(super) fn field(
    ctx: &Context,
    label: &str,
    input: &tui_input::Input,
    focused: bool,
    row: Rect,
    frame: &mut Frame,
) {
    let label_width = label.chars().count() as u16;
    let width = row.width.saturating_sub(label_width + 1).max(1) as usize;
    let scroll = input.visual_scroll(width);
    let visible: String = input.value().chars().skip(scroll).take(width).collect();
    let style = if focused {
        ctx.theme.selected()
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
