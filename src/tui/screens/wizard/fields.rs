//! Small input pieces the wizard steps share: a single-line text field
//! (tui-input)'s editing and list cursor moves. Drawing is `tui::widgets`'.

use crossterm::event::{Event, KeyEvent, KeyEventKind};
use tui_input::Input;

use crate::keys::Action;
use tui_input::backend::crossterm::to_input_request;

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

/// The key table's Up/Down (Left/Right on a choice field): moves `cursor`
/// within `len` rows, not wrapping. Where a field has the letters, the
/// step's key context binds arrows only.
pub(super) fn move_cursor(cursor: &mut usize, len: usize, action: Option<Action>) -> bool {
    let up = matches!(action, Some(Action::Up | Action::Left));
    let down = matches!(action, Some(Action::Down | Action::Right));
    if up && *cursor > 0 {
        *cursor -= 1;
    } else if down && *cursor + 1 < len {
        *cursor += 1;
    } else {
        return up || down;
    }
    true
}
