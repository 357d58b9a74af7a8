//! The one masked text field (the wizard's typed secret, the password and
//! passcode prompt): its text lives only in a [`Secret`], it is drawn as one
//! dot per character, and a paste longer than its limit is cut with a
//! message instead of stalling or growing without bound.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::text_field::draw_field_line;
use crate::secret::Secret;

/// A field for a secret the user types. The text never sits in a plain
/// `String`: each edit builds a new [`Secret`] of the right capacity and the
/// old one is zeroized when dropped. Only appending, Backspace and Ctrl-U
/// (clear) are offered: nobody edits the middle of a text they cannot see.
#[derive(Clone, Default)]
pub struct MaskedField {
    value: Option<Secret>,
}

impl std::fmt::Debug for MaskedField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MaskedField([REDACTED])")
    }
}

impl MaskedField {
    pub fn chars(&self) -> usize {
        self.value
            .as_ref()
            .map_or(0, |s| s.expose().chars().count())
    }

    pub fn secret(&self) -> Option<&Secret> {
        self.value.as_ref().filter(|s| !s.is_empty())
    }

    /// Returns true if the key was an edit.
    pub fn handle(&mut self, key: &KeyEvent) -> bool {
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

impl MaskedField {
    /// Appends typed or pasted text (control characters dropped), at most
    /// `max_bytes` in all. Returns a message when some had to be cut.
    pub fn paste(&mut self, text: &str, max_bytes: usize) -> Option<String> {
        let old = self.value.as_ref().map_or("", Secret::expose);
        let mut next = String::with_capacity((old.len() + text.len()).min(max_bytes));
        next.push_str(old);
        let mut cut = false;
        for c in text.chars().filter(|c| !c.is_control()) {
            if next.len() + c.len_utf8() > max_bytes {
                cut = true;
                break;
            }
            next.push(c);
        }
        self.value = Some(Secret::new(next));
        cut.then(|| format!("the paste was cut at this field's limit of {max_bytes} bytes"))
    }

    /// Empties the field (the old text is zeroized when dropped).
    pub fn clear(&mut self) {
        self.value = None;
    }

    /// Hands the text over and empties the field.
    pub fn take(&mut self) -> Secret {
        self.value
            .take()
            .unwrap_or_else(|| Secret::new(String::new()))
    }
}

/// Draws a masked field: one dot per character, never the text.
pub fn draw_masked_field(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

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
