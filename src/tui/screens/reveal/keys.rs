//! The reveal screen's keys and pastes, from the key table's `reveal`,
//! `reveal_leave` and `reveal_export` contexts. Pure: they change the state
//! and say what the owner should do.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyEvent, KeyEventKind};
use tui_input::backend::crossterm::EventHandler;

use super::{CopyWhat, Mode, Outcome, RevealState};
use crate::export::OutputKind;
use crate::keys::Action;
use crate::secret::Secret;
use crate::tui::context::Context;
use crate::tui::widgets::{Limit, paste};

/// Handles one key. Pure.
pub fn handle_key(state: &mut RevealState, ctx: &Context, key: KeyEvent) -> Outcome {
    if !matches!(key.kind, KeyEventKind::Press | KeyEventKind::Repeat) || state.secret.is_none() {
        return Outcome::None;
    }
    let action = ctx.action(state.key_context(), &key);
    match &mut state.mode {
        Mode::ConfirmLeave => match action {
            Some(Action::Confirm) => {
                // Dropping the Secret zeroizes it, whatever the owner does
                // with this state afterwards.
                state.secret = None;
                state.shown = false;
                Outcome::Leave
            }
            Some(Action::Back) => {
                state.mode = Mode::Normal;
                Outcome::Redraw
            }
            _ => Outcome::None,
        },
        Mode::Store(input) => match action {
            Some(Action::Back) => {
                state.mode = Mode::Normal;
                Outcome::Redraw
            }
            Some(Action::Confirm) => state.submit_store(),
            _ => match input.handle_event(&crossterm::event::Event::Key(key)) {
                Some(_) => Outcome::Redraw,
                None => Outcome::None,
            },
        },
        Mode::Prompt(prompt) => match action {
            Some(Action::Back) => {
                state.mode = Mode::Normal;
                Outcome::Redraw
            }
            Some(Action::NextField) if prompt.format.output().merges => {
                prompt.on_entry = !prompt.on_entry;
                Outcome::Redraw
            }
            Some(Action::Confirm) => submit_prompt(state),
            _ => {
                let field = if prompt.on_entry {
                    &mut prompt.entry
                } else {
                    &mut prompt.path
                };
                match field.handle_event(&crossterm::event::Event::Key(key)) {
                    Some(_) => Outcome::Redraw,
                    None => Outcome::None,
                }
            }
        },
        Mode::Handoff(_) => state.handoff_step(action, key),
        Mode::StorePick(_) => state.store_pick_step(action),
        Mode::Normal => handle_normal(state, action),
    }
}

/// A paste goes into the export prompt's field while it is open (the path,
/// or the clouds.yaml entry name), the store prompt's address or the
/// hand-off's file; anywhere else it is ignored, so pasted text never acts
/// as keys on this screen. Returns a message when cut.
pub fn handle_paste(state: &mut RevealState, text: &str) -> (Outcome, Option<String>) {
    let prompt = match &mut state.mode {
        Mode::Prompt(prompt) => prompt,
        Mode::Handoff(pick) => {
            let Some(path) = pick.path_mut() else {
                return (Outcome::None, None);
            };
            let limit = Limit {
                chars: 4096,
                bytes: usize::MAX,
                what: "a path",
            };
            return (Outcome::Redraw, paste(path, text, limit));
        }
        Mode::Store(input) => {
            let limit = Limit {
                chars: 4096,
                bytes: usize::MAX,
                what: "a store address",
            };
            return (Outcome::Redraw, paste(input, text, limit));
        }
        _ => return (Outcome::None, None),
    };
    let (field, limit) = if prompt.on_entry {
        (
            &mut prompt.entry,
            Limit {
                chars: crate::validation::MAX_NAME_CHARS,
                bytes: usize::MAX,
                what: "an entry name",
            },
        )
    } else {
        (
            &mut prompt.path,
            Limit {
                chars: 4096,
                bytes: usize::MAX,
                what: "a path",
            },
        )
    };
    (Outcome::Redraw, paste(field, text, limit))
}

fn handle_normal(state: &mut RevealState, action: Option<Action>) -> Outcome {
    let Some(secret) = &state.secret else {
        return Outcome::None;
    };
    match action {
        Some(Action::ShowSecret) => {
            state.shown = !state.shown;
            Outcome::Redraw
        }
        Some(Action::CopySecret) => Outcome::Copy {
            what: CopyWhat::Secret,
            text: secret.clone(),
        },
        Some(Action::CopyId) => Outcome::Copy {
            what: CopyWhat::Id,
            text: Secret::new(state.credential.id.clone()),
        },
        Some(Action::Export(format)) => state.open_prompt(format),
        Some(Action::Destination(OutputKind::Store)) => state.store_key(),
        Some(Action::Destination(OutputKind::Recipient)) => state.handoff_key(),
        Some(Action::Verify) => Outcome::Verify,
        Some(Action::Back) => {
            state.mode = Mode::ConfirmLeave;
            Outcome::Redraw
        }
        _ => Outcome::None,
    }
}

fn submit_prompt(state: &mut RevealState) -> Outcome {
    let Mode::Prompt(prompt) = &state.mode else {
        return Outcome::None;
    };
    let typed = prompt.path.value().trim();
    if typed.is_empty() {
        state.set_error("type a file path for the export");
        return Outcome::Redraw;
    }
    let clouds = prompt.format.output().merges;
    let entry = prompt.entry.value().trim().to_string();
    if clouds && (entry.is_empty() || entry.chars().any(char::is_control)) {
        state.set_error("type a name for the clouds.yaml entry (Tab moves to it)");
        return Outcome::Redraw;
    }
    let path = expand_home(typed, state.export.home.as_deref());
    let allow_in_git = state
        .git_warning
        .as_ref()
        .is_some_and(|(warned, _)| *warned == path);
    let outcome = Outcome::Export {
        format: prompt.format,
        path,
        cloud_name: clouds.then_some(entry),
        merge: clouds,
        allow_in_git,
    };
    state.mode = Mode::Normal;
    state.status = Some("Writing the export…".to_string());
    state.error = None;
    outcome
}

/// `~/x` -> `$HOME/x`.
pub(super) fn expand_home(typed: &str, home: Option<&Path>) -> PathBuf {
    match (typed.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(typed),
    }
}
