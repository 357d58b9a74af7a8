//! Small input pieces the wizard steps share: a single-line text field
//! (tui-input), a masked field that keeps its text in a [`Secret`], and the
//! drawing of both.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use crate::secret::Secret;

/// True for key presses (and auto-repeat); crossterm also reports releases
/// on some terminals, which must not count twice.
pub(super) fn is_press(key: &KeyEvent) -> bool {
    matches!(key.kind, KeyEventKind::Press | KeyEventKind::Repeat)
}

/// Feeds a key to a text field. Returns true if the field changed or the
/// cursor moved (the key was the field's).
pub(super) fn edit(input: &mut Input, key: KeyEvent) -> bool {
    match to_input_request(&Event::Key(key)) {
        Some(request) => {
            input.handle(request);
            true
        }
        None => false,
    }
}

/// Up/Down and k/j: moves `cursor` within `len` rows, not wrapping.
/// `letters` is false where j/k must be typed into a field instead.
pub(super) fn move_cursor(cursor: &mut usize, len: usize, key: &KeyEvent, letters: bool) -> bool {
    let up = key.code == KeyCode::Up || (letters && key.code == KeyCode::Char('k'));
    let down = key.code == KeyCode::Down || (letters && key.code == KeyCode::Char('j'));
    if up && *cursor > 0 {
        *cursor -= 1;
    } else if down && *cursor + 1 < len {
        *cursor += 1;
    } else {
        return up || down;
    }
    true
}

/// A field for a secret the user types. The text never sits in a plain
/// `String`: each edit builds a new [`Secret`] of the right capacity and the
/// old one is zeroized when dropped. Only appending, Backspace and Ctrl-U
/// (clear) are offered: nobody edits the middle of a text they cannot see.
#[derive(Clone, Default)]
pub(super) struct MaskedField {
    value: Option<Secret>,
}

impl std::fmt::Debug for MaskedField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MaskedField([REDACTED])")
    }
}

impl MaskedField {
    pub(super) fn chars(&self) -> usize {
        self.value
            .as_ref()
            .map_or(0, |s| s.expose().chars().count())
    }

    pub(super) fn secret(&self) -> Option<&Secret> {
        self.value.as_ref().filter(|s| !s.is_empty())
    }

    /// Returns true if the key was an edit.
    pub(super) fn handle(&mut self, key: &KeyEvent) -> bool {
        let old = self.value.as_ref().map_or("", Secret::expose);
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let next = match key.code {
            KeyCode::Char('u') if ctrl => String::new(),
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                let mut s = String::with_capacity(old.len() + c.len_utf8());
                s.push_str(old);
                s.push(c);
                s
            }
            KeyCode::Backspace => {
                let mut chars = old.chars();
                chars.next_back();
                let rest = chars.as_str();
                let mut s = String::with_capacity(rest.len());
                s.push_str(rest);
                s
            }
            _ => return false,
        };
        self.value = Some(Secret::new(next));
        true
    }
}

/// Draws `label: value` on one line, the value in a field style; with
/// `focused`, the terminal cursor is placed in it.
pub(super) fn draw_text_field(
    frame: &mut Frame,
    area: Rect,
    label: &str,
    input: &Input,
    focused: bool,
) {
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

/// Draws a masked field: one dot per character, never the text.
pub(super) fn draw_masked_field(
    frame: &mut Frame,
    area: Rect,
    label: &str,
    field: &MaskedField,
    focused: bool,
) {
    let label_width = label.chars().count() as u16 + 2;
    let room = area.width.saturating_sub(label_width + 1) as usize;
    let dots = "•".repeat(field.chars().min(room));
    let shown = dots.chars().count() as u16;
    draw_field_line(frame, area, label, dots, focused);
    if focused {
        frame.set_cursor_position(Position::new(area.x + label_width + shown, area.y));
    }
}

fn draw_field_line(frame: &mut Frame, area: Rect, label: &str, value: String, focused: bool) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn masked_field_edits_and_redacts() {
        let mut f = MaskedField::default();
        for c in "pässwörd".chars() {
            assert!(f.handle(&key(KeyCode::Char(c))));
        }
        assert_eq!(f.chars(), 8);
        f.handle(&key(KeyCode::Backspace));
        assert_eq!(f.secret().map(Secret::expose), Some("pässwör"));
        assert_eq!(format!("{f:?}"), "MaskedField([REDACTED])");
        f.handle(&KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert!(f.secret().is_none());
        assert!(!f.handle(&key(KeyCode::Left)));
    }
}
