//! Keys of the help overlay, the error popup and the password prompt.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tokio::sync::oneshot;

use crate::secret::Secret;
use crate::tui::keymap::{Action, KeyContext};
use crate::tui::model::popups::{MaskedField, PasswordPrompt};
use crate::tui::model::{Model, Overlay};
use crate::tui::msg::{Effect, PromptFor};

pub fn help_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if model.settings.keys.action(KeyContext::Help, &key) == Some(Action::Back) {
        model.overlays.pop();
    }
    Vec::new()
}

pub fn error_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if model.settings.keys.action(KeyContext::ErrorPopup, &key) == Some(Action::Back) {
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
    let value = match key.code {
        KeyCode::Enter => Some(prompt.field.take()),
        KeyCode::Esc => {
            prompt.field.clear();
            None
        }
        KeyCode::Backspace => {
            prompt.field.pop();
            return Vec::new();
        }
        KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
            prompt.field.clear();
            return Vec::new();
        }
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
            prompt.field.push(c);
            return Vec::new();
        }
        _ => return Vec::new(),
    };
    let answer = prompt.answer.take();
    model.overlays.pop();
    match answer {
        Some(answer) => vec![Effect::AnswerPrompt { answer, value }],
        None => Vec::new(),
    }
}
