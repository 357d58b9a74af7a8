//! Drawing the hand-off's steps (`handoff.rs`) under the secret screen's
//! fields. Pure: reads the state, draws, changes nothing. Names and keys
//! from config.toml are made terminal-safe before they are drawn.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::handoff::{Pick, Step, UNCONFIGURED, formats, row};
use super::{Mode, RevealState};
use crate::handoff::DEFAULT_FORMAT;
use crate::tui::context::Context;
use crate::tui::widgets::truncate;

/// The hand-off's step in `area`: the list, the explanation or the field.
pub(super) fn draw(state: &RevealState, ctx: &Context, frame: &mut Frame, area: Rect) {
    let Mode::Handoff(pick) = &state.mode else {
        return;
    };
    let theme = ctx.theme;
    let width = usize::from(area.width);
    let title = row().map_or("Hand off to", |r| r.screen.prompt);
    let mut lines: Vec<Line> = Vec::new();
    match pick.step {
        Step::Unconfigured => {
            lines.push(Line::styled(format!("{title}: nobody"), theme.title()));
            lines.extend(UNCONFIGURED.iter().map(|l| Line::raw(truncate(l, width))));
        }
        Step::Recipient => {
            lines.push(Line::styled(
                truncate(
                    &format!("{title} (an export only they can open, sealed with age):"),
                    width,
                ),
                theme.title(),
            ));
            let names: Vec<String> = state
                .recipients
                .keys()
                .map(|n| crate::terminal_text::name(n).into_owned())
                .collect();
            let column = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
            let column = column.min(24);
            let rows = state.recipients.values().zip(&names).map(|(spec, name)| {
                let name = truncate(name, column);
                let pad = column.saturating_sub(name.chars().count());
                format!(
                    "{name}{}  {}",
                    " ".repeat(pad),
                    crate::handoff::describe(spec)
                )
            });
            lines.extend(list_rows(
                rows.collect(),
                pick.recipient,
                area.height,
                width,
                ctx,
            ));
        }
        Step::Format => {
            let whom = chosen(state, pick);
            lines.push(Line::styled(
                truncate(&format!("{title} {whom} as:"), width),
                theme.title(),
            ));
            let rows = formats().into_iter().map(|f| {
                let o = f.output();
                let what = if f == DEFAULT_FORMAT {
                    "the default: `appcred import` makes any format from it"
                } else {
                    o.description
                };
                format!("{:<12} {what}", o.screen.hint)
            });
            lines.extend(list_rows(
                rows.collect(),
                pick.format,
                area.height,
                width,
                ctx,
            ));
        }
        Step::Path => return draw_path(state, pick, ctx, frame, area),
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// A list's rows, the highlighted one marked, as many as fit under the
/// title (scrolled so the highlighted one shows). The store list's too.
pub(super) fn list_rows(
    rows: Vec<String>,
    at: usize,
    height: u16,
    width: usize,
    ctx: &Context,
) -> Vec<Line<'static>> {
    let room = usize::from(height.saturating_sub(1)).max(1);
    let first = at.saturating_sub(room - 1);
    rows.into_iter()
        .enumerate()
        .skip(first)
        .take(room)
        .map(|(i, text)| {
            let (mark, style) = if i == at {
                ("> ", ctx.theme.selected())
            } else {
                ("  ", Style::new())
            };
            Line::styled(truncate(&format!("{mark}{text}"), width), style)
        })
        .collect()
}

/// The highlighted recipient's name, made terminal-safe.
fn chosen(state: &RevealState, pick: &Pick) -> String {
    let name = state.recipients.keys().nth(pick.recipient);
    name.map(|n| crate::terminal_text::name(n).into_owned())
        .unwrap_or_default()
}

fn draw_path(state: &RevealState, pick: &Pick, ctx: &Context, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let whom = chosen(state, pick);
    let format = formats()
        .get(pick.format)
        .copied()
        .unwrap_or(DEFAULT_FORMAT);
    let rows: [Rect; 4] = Layout::vertical([Constraint::Length(1); 4]).areas(area);
    let title = format!(
        "Hand off to {whom}: the {} export, sealed with age",
        format.output().name
    );
    frame.render_widget(
        Paragraph::new(Span::styled(
            truncate(&title, usize::from(area.width)),
            theme.title(),
        )),
        rows[0],
    );
    super::view::field(ctx, "File:  ", &pick.path, true, rows[1], frame);
    frame.render_widget(
        Paragraph::new(Span::styled(
            "Only the ciphertext is written (armoured, mode 0600); no plaintext on disk.",
            theme.muted(),
        )),
        rows[3],
    );
}
