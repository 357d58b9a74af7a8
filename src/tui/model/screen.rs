//! Which screen is under the popups, and the one contract through which the
//! router (`tui::update`) and the frame (`tui::view`) reach a screen that
//! keeps its own state: [`HostedScreen`], implemented in each screen's
//! `host.rs` for its state. So adding such a screen touches this file (a
//! [`Screen`] variant and its two [`Screen::hosted`] arms, which the
//! compiler asks for) and neither `update` nor `view`.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::Model;
use crate::keys::KeyContext;
use crate::tui::context::Context;
use crate::tui::msg::Effect;
use crate::tui::screens::audit::AuditState;
use crate::tui::screens::reveal::RevealState;
use crate::tui::screens::rotate::Rotation;
use crate::tui::screens::wizard::WizardState;

/// The screen under any popups. The cloud picker and the main view draw on
/// the model's own state (`Model::clouds`, `Model::table`, ...); every
/// other screen is self-contained (`tui::screens::<name>`): its state lives
/// here while it is open and is dropped when it closes, which for the
/// reveal screen drops (and zeroizes) the new secret.
pub enum Screen {
    CloudPicker,
    Main,
    Wizard(Box<WizardState>),
    Reveal(Box<RevealState>),
    /// A rotation (`R`), from its confirmation until the old credential
    /// is deleted or kept: one state machine (`tui::screens::rotate`).
    Rotate(Box<Rotation>),
    /// The admin audit (`A`).
    Audit(Box<AuditState>),
}

impl Screen {
    /// The open screen as the router and the frame see it; `None` for the
    /// cloud picker and the main view (the model's own state).
    pub fn hosted(&self) -> Option<&dyn HostedScreen> {
        match self {
            Screen::CloudPicker | Screen::Main => None,
            Screen::Wizard(state) => Some(state.as_ref()),
            Screen::Reveal(state) => Some(state.as_ref()),
            Screen::Rotate(state) => Some(state.as_ref()),
            Screen::Audit(state) => Some(state.as_ref()),
        }
    }

    pub fn hosted_mut(&mut self) -> Option<&mut dyn HostedScreen> {
        match self {
            Screen::CloudPicker | Screen::Main => None,
            Screen::Wizard(state) => Some(state.as_mut()),
            Screen::Reveal(state) => Some(state.as_mut()),
            Screen::Rotate(state) => Some(state.as_mut()),
            Screen::Audit(state) => Some(state.as_mut()),
        }
    }
}

/// A screen's key handler, in its host: it takes the whole model (the
/// screen's state is inside it).
pub type KeyHandler = fn(&mut Model, KeyEvent) -> Vec<Effect>;

/// What the router and the frame ask of a screen with its own state.
/// Implemented in the screen's `host.rs` (above the model) for its state;
/// everything but [`HostedScreen::key_handler`] reads the state alone.
pub trait HostedScreen {
    /// The key table that applies when no popup is open: the screen's, or
    /// its step's or field's.
    fn key_context(&self) -> KeyContext;

    /// The host's key handler. The router takes it, lets go of the state,
    /// then calls it with the model.
    fn key_handler(&self) -> KeyHandler;

    /// A paste for the text field that has the keyboard: the message when
    /// it was cut. Where no field has it (the default) it is dropped rather
    /// than read as keys: a pasted "dy" must not delete anything.
    fn paste(&mut self, _text: &str) -> Option<String> {
        None
    }

    /// Draws the screen in `body`; the frame puts the status bar under it.
    fn draw(&self, ctx: &Context, frame: &mut Frame, body: Rect);

    /// The main view is drawn in the body's place (a rotation's last
    /// question, once its reveal screen is left).
    fn over_the_list(&self) -> bool {
        false
    }

    /// Drawn over the whole frame after the body and the status bar (a
    /// rotation's question); `turn` is the spinner's step.
    fn draw_over(&self, _ctx: &Context, _turn: usize, _frame: &mut Frame, _area: Rect) {}
}
