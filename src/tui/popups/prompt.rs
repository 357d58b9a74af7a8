//! The masked password / passcode prompt the Keystone client waits on:
//! characters go in, Backspace takes one out, Enter sends, Esc cancels.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tokio::sync::oneshot;

use super::state::PasswordPrompt;
use crate::keys::{Action, KeyContext};
use crate::secret::Secret;
use crate::tui::model::{Model, Overlay};
use crate::tui::msg::{Effect, PromptFor};
use crate::tui::widgets::layout::centered;
use crate::tui::widgets::{MaskedField, popup, popup_hints};

pub fn open(model: &mut Model, prompt: PromptFor, answer: oneshot::Sender<Option<Secret>>) {
    model.overlays.push(Overlay::Prompt(PasswordPrompt {
        prompt,
        field: MaskedField::default(),
        answer: Some(answer),
    }));
}

/// A masked field: characters go in, Backspace takes one out, Enter sends,
/// Esc cancels (the login then fails with "no password given").
pub fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
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

pub fn draw(model: &Model, prompt: &PasswordPrompt, frame: &mut Frame, area: Rect) {
    let theme = &model.ctx.theme;
    let dots = "•".repeat(prompt.field.chars());
    let lines = vec![
        Line::from(format!(
            "{} for {}:",
            prompt.prompt.label, prompt.prompt.user
        )),
        Line::from(vec![
            Span::raw("> "),
            Span::raw(dots),
            Span::styled("▏", theme.key()),
        ]),
        Line::from(""),
        popup_hints(&model.ctx, KeyContext::PasswordPrompt, &[]),
    ];
    let rect = centered(area, 56, 6);
    let title = prompt.prompt.label.clone();
    let block = popup(frame, rect, &title, theme);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
