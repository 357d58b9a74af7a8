//! The wizard's keys and pastes: the current step's key context
//! (`WizardState::key_context`) turns a key into an action for the step's
//! handler; a paste goes into the field that has the keyboard. Pure.

use crossterm::event::KeyEvent;

use super::{
    Outcome, Step, WizardState, access_rules, expiry_step, fields, preset_step, review, roles,
    secret_step, text_steps,
};
use crate::tui::context::Context;

/// Handles a paste (one event with bracketed paste): into the field that
/// has the keyboard, cut at that field's limit with a message. Elsewhere it
/// is ignored, so pasted text never acts as keys.
pub fn handle_paste(state: &mut WizardState, text: &str) -> Outcome {
    use crate::tui::widgets::{Limit, paste};
    use crate::validation::{
        MAX_DESCRIPTION_BYTES, MAX_NAME_CHARS, MAX_PATH_CHARS, MAX_SECRET_BYTES,
    };
    let chars = |chars, what| Limit {
        chars,
        bytes: usize::MAX,
        what,
    };
    if state.submitting {
        return Outcome::None;
    }
    let message = match state.step {
        Step::Name => paste(&mut state.name, text, chars(MAX_NAME_CHARS, "a name")),
        Step::Description => paste(
            &mut state.description,
            text,
            Limit {
                chars: usize::MAX,
                bytes: MAX_DESCRIPTION_BYTES,
                what: "a description",
            },
        ),
        Step::Expiry if state.expiry.typing() => {
            paste(&mut state.expiry.custom, text, chars(64, "an expiry"))
        }
        Step::AccessRules => match &mut state.rules.form {
            Some(form) if form.focus == access_rules::FormField::Path => {
                paste(&mut form.path, text, chars(MAX_PATH_CHARS, "a path"))
            }
            _ => return Outcome::None,
        },
        Step::Preset => match &mut state.preset.params {
            Some(entry) => match entry.values.get_mut(entry.focus) {
                Some(value) => paste(value, text, chars(MAX_NAME_CHARS, "a preset value")),
                None => return Outcome::None,
            },
            None => return Outcome::None,
        },
        Step::Secret => match state.secret.focus {
            secret_step::SecretFocus::First => state.secret.first.paste(text, MAX_SECRET_BYTES),
            secret_step::SecretFocus::Second => state.secret.second.paste(text, MAX_SECRET_BYTES),
            secret_step::SecretFocus::Choice => return Outcome::None,
        },
        Step::Expiry | Step::Roles | Step::Unrestricted | Step::Review => return Outcome::None,
    };
    state.error = message;
    Outcome::Redraw
}

/// Handles one key. Pure: it changes the state and says what the owner
/// should do, nothing else.
pub fn handle_key(state: &mut WizardState, ctx: &Context, key: KeyEvent) -> Outcome {
    if !fields::is_press(&key) || state.submitting {
        return Outcome::None;
    }
    let action = ctx.action(state.key_context(), &key);
    match state.step {
        Step::Preset => preset_step::handle(state, action, key),
        Step::Name | Step::Description => text_steps::handle(state, action, key),
        Step::Roles => roles::handle(state, action),
        Step::Expiry => expiry_step::handle(state, ctx, action, key),
        Step::Unrestricted => review::handle_unrestricted(state, action),
        Step::AccessRules => access_rules::handle(state, action, key),
        Step::Secret => secret_step::handle(state, action, key),
        Step::Review => review::handle(state, ctx, action, key),
    }
}
