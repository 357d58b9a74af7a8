//! A single-line text field drawn as `label: value`, underlined, with the
//! terminal cursor in it when focused (the masked field draws through it),
//! and pasting into one up to its limit.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_input::Input;

/// Draws `label: value` on one line, the value in a field style; with
/// `focused`, the terminal cursor is placed in it.
pub fn draw_text_field(frame: &mut Frame, area: Rect, label: &str, input: &Input, focused: bool) {
    let label_width = label.chars().count() as u16 + 2;
    let width = area.width.saturating_sub(label_width).max(1) as usize;
    let scroll = input.visual_scroll(width.saturating_sub(1));
    let visible: String = input.value().chars().skip(scroll).take(width).collect();
    draw_field_line(frame, area, label, visible, focused);
    if focused {
        let x = (input.visual_cursor().saturating_sub(scroll)) as u16;
        frame.set_cursor_position(Position::new(
            area.x + label_width + x.min(area.width.saturating_sub(label_width + 1)),
            area.y,
        ));
    }
}

pub fn draw_field_line(frame: &mut Frame, area: Rect, label: &str, value: String, focused: bool) {
    let field_style = if focused {
        Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
    } else {
        Style::new().add_modifier(Modifier::UNDERLINED)
    };
    let width = area.width.saturating_sub(label.chars().count() as u16 + 2) as usize;
    let padded = format!("{value:<width$}");
    let line = Line::from(vec![
        Span::raw(format!("{label}: ")),
        Span::styled(padded, field_style),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// How much a single-line field holds, for pastes.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub chars: usize,
    pub bytes: usize,
    /// What the field is, for the message: "a name".
    pub what: &'static str,
}

/// Inserts pasted text at the cursor of a single-line field. Line breaks
/// and other control characters are dropped (a copied line ends in one);
/// the field keeps at most its limit, and the message says so when the
/// paste was cut.
pub fn paste(input: &mut Input, text: &str, limit: Limit) -> Option<String> {
    let value = input.value();
    let cursor = input.cursor();
    let had = value.chars().count();
    let mut bytes = value.len();
    let mut taken = String::new();
    let mut cut = false;
    for (chars, c) in (had + 1..).zip(text.chars().filter(|c| !c.is_control())) {
        if chars > limit.chars || bytes + c.len_utf8() > limit.bytes {
            cut = true;
            break;
        }
        bytes += c.len_utf8();
        taken.push(c);
    }
    let before: String = value.chars().take(cursor).collect();
    let after: String = value.chars().skip(cursor).collect();
    let moved = cursor + taken.chars().count();
    *input = Input::new(format!("{before}{taken}{after}")).with_cursor(moved);
    cut.then(|| {
        let (n, unit) = if limit.bytes < usize::MAX {
            (limit.bytes, "bytes")
        } else {
            (limit.chars, "characters")
        };
        format!("the paste was cut: {} holds at most {n} {unit}", limit.what)
    })
}
