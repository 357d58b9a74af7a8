//! Keys of the help overlay, the error popup and the password prompt.

use crossterm::event::KeyEvent;
use tokio::sync::oneshot;

use crate::keys::{Action, KeyContext};
use crate::secret::Secret;
use crate::tui::model::popups::PasswordPrompt;
use crate::tui::model::{Model, Overlay};
use crate::tui::msg::{Effect, PromptFor};
use crate::tui::widgets::MaskedField;

pub fn help_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if model.ctx.settings.keys.action(KeyContext::Help, &key) == Some(Action::Back) {
        model.overlays.pop();
    }
    Vec::new()
}

pub fn error_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if model.ctx.action(KeyContext::ErrorPopup, &key) == Some(Action::Back) {
        model.overlays.pop();
    }
    Vec::new()
}

pub fn info_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if model.ctx.action(KeyContext::InfoPopup, &key) == Some(Action::Back) {
        model.overlays.pop();
    }
    Vec::new()
}

pub fn open_prompt(model: &mut Model, prompt: PromptFor, answer: oneshot::Sender<Option<Secret>>) {
    model.overlays.push(Overlay::Prompt(PasswordPrompt {
        prompt,
        field: MaskedField::default(),
        answer: Some(answer),
    }));
}

/// A masked field: characters go in, Backspace takes one out, Enter sends,
/// Esc cancels (the login then fails with "no password given").
pub fn prompt_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Some(Overlay::Prompt(prompt)) = model.overlays.last_mut() else {
        return Vec::new();
    };
    let value = match model.ctx.action(KeyContext::PasswordPrompt, &key) {
        Some(Action::Confirm) => Some(prompt.field.take()),
        Some(Action::Back) => {
            prompt.field.clear();
            None
        }
        // Typing, Backspace and Ctrl-U (clear): the masked field's keys.
        _ => {
            prompt.field.handle(&key);
            return Vec::new();
        }
    };
    let answer = prompt.answer.take();
    model.overlays.pop();
    match answer {
        Some(answer) => vec![Effect::AnswerPrompt { answer, value }],
        None => Vec::new(),
    }
}
