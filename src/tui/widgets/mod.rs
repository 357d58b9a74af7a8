//! Small pieces several views use: spinners, panes, popups, hint bars,
//! the text and masked fields, and the screen's geometry (`layout`).

pub mod layout;
mod masked_field;
mod text_field;
mod wrap;

pub use masked_field::{MaskedField, draw_masked_field};
pub use text_field::{Limit, draw_text_field, paste};
pub use wrap::{hanging, hanging_spans, hint_rows, wrap_words};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear};

use crate::keys::{Action, KeyContext};
use crate::tui::context::Context;
use crate::tui::theme::Palette;

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// The spinner's frame for tick number `step`.
pub fn spinner(step: usize) -> &'static str {
    SPINNER[step % SPINNER.len()]
}

/// A bordered block with a title; the border is highlighted when focused.
pub fn pane<'a>(title: impl Into<Line<'a>>, focused: bool, theme: &Palette) -> Block<'a> {
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.border(focused))
        .title(title)
}

/// Clears `area` and returns a bordered popup block for it.
pub fn popup<'a>(frame: &mut Frame, area: Rect, title: &'a str, theme: &Palette) -> Block<'a> {
    frame.render_widget(Clear, area);
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.border(true))
        .title(Span::styled(format!(" {title} "), theme.title()))
}

/// `key description` pairs for hint lines: `Enter log in · q quit`.
pub fn hints<'a>(pairs: &[(&'a str, &'a str)], theme: &Palette) -> Line<'a> {
    let mut spans = Vec::new();
    for (i, (key, what)) in pairs.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.muted()));
        }
        spans.push(Span::styled(*key, theme.key()));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(*what, Style::new()));
    }
    Line::from(spans)
}

/// A hint line for actions of a key table, with the keys config.toml gave
/// them (an unbound action is left out), so the hints never name a key
/// that does something else.
pub fn action_hints(
    ctx: &Context,
    context: KeyContext,
    actions: &[(Action, &'static str)],
) -> Line<'static> {
    let owned: Vec<(String, &'static str)> = actions
        .iter()
        .filter_map(|(action, what)| ctx.key_hint(context, *action).map(|k| (k, *what)))
        .collect();
    let pairs: Vec<(&str, &str)> = owned.iter().map(|(k, w)| (k.as_str(), *w)).collect();
    let line = hints(&pairs, &ctx.theme);
    // Own the text so the line outlives `owned`.
    Line::from(
        line.spans
            .into_iter()
            .map(|s| Span::styled(s.content.into_owned(), s.style))
            .collect::<Vec<_>>(),
    )
}

/// The hint bar of a key context, from the key table with config.toml's
/// keys (`Context::hints`), leaving out `skip`.
pub fn context_hints(ctx: &Context, context: KeyContext, skip: &[Action]) -> Line<'static> {
    hint_line(ctx, ctx.hints(context, skip))
}

/// A popup's hint line: up to two keys per action (`n/Esc cancel`).
pub fn popup_hints(ctx: &Context, context: KeyContext, skip: &[Action]) -> Line<'static> {
    hint_line(ctx, ctx.popup_hints(context, skip))
}

/// A hint bar from (key, words) pairs in the theme's key style.
pub fn hint_line(ctx: &Context, pairs: Vec<(String, &'static str)>) -> Line<'static> {
    let theme = &ctx.theme;
    let mut spans = Vec::new();
    for (i, (key, what)) in pairs.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.muted()));
        }
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(format!(" {what}")));
    }
    Line::from(spans)
}

/// Cuts `text` to at most `width` characters, ending in `…` when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Rows `lines` take when wrapped to `width` columns, plus one spare row
/// because word wrapping breaks earlier than a character count suggests.
pub fn wrapped_height(lines: &[Line], width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let rows: usize = lines
        .iter()
        .map(|line| word_wrapped_rows(&line.to_string(), width))
        .sum();
    u16::try_from(rows + 1).unwrap_or(u16::MAX)
}

/// The rows `text` takes when wrapped at word boundaries into `width`
/// columns, as `Paragraph` with `Wrap` does: a word that does not fit moves
/// to the next row, so counting characters alone comes out short and the
/// end of a long error would be cut off.
fn word_wrapped_rows(text: &str, width: usize) -> usize {
    let mut rows = 1;
    let mut used = 0;
    for word in text.split(' ') {
        let w = Span::raw(word).width();
        let needed = if used == 0 { w } else { used + 1 + w };
        if needed <= width {
            used = needed;
        } else if w <= width {
            rows += 1;
            used = w;
        } else {
            // A word wider than the row is broken across rows.
            if used > 0 {
                rows += 1;
            }
            rows += (w - 1) / width;
            used = w - (w - 1) / width * width;
        }
    }
    rows
}
