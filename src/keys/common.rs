//! Rows several screens' tables share (the secret screen, the rotation, the
//! audit, the wizard). Text fields have the letters, so contexts where one
//! has focus bind no letter and open the help with F1 only.

use crossterm::event::KeyCode;

use super::{Action, Binding, bind, code, hinted, key};

pub(super) const UP: Binding = bind(&[code(KeyCode::Up), key('k')], Action::Up, "move up");
pub(super) const DOWN: Binding = hinted(
    &[code(KeyCode::Down), key('j')],
    Action::Down,
    "move down",
    "choose",
);
/// Arrows only: where a text field has the letters.
pub(super) const UP_ARROW: Binding = bind(&[code(KeyCode::Up)], Action::Up, "move up");
pub(super) const DOWN_ARROW: Binding =
    hinted(&[code(KeyCode::Down)], Action::Down, "move down", "choose");
pub(super) const HELP: Binding = bind(
    &[key('?'), code(KeyCode::F(1))],
    Action::Help,
    "the keys of this screen",
);
pub(super) const HELP_TYPING: Binding = bind(
    &[code(KeyCode::F(1))],
    Action::Help,
    "the keys of this screen (F1: ? is a character here)",
);
