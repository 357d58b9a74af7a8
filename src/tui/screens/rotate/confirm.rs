//! The confirmation's keys: Enter (or `y` when roles are dropped)
//! confirms, `e` types the successor's expiry, Esc goes back. Pure.

use crossterm::event::KeyEvent;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::names;
use super::state::Confirm;
use crate::keys::Action;
use crate::tui::context::Context;

pub enum Answer {
    None,
    Cancel,
    /// Send the create request (`confirm.plan.request`).
    Submit,
}

pub fn on_key(confirm: &mut Confirm, ctx: &Context, key: KeyEvent) -> Answer {
    let action = ctx.action(confirm.key_context(), &key);
    if confirm.expiry_input.is_some() {
        expiry_key(confirm, ctx, action, key);
        return Answer::None;
    }
    match action {
        Some(Action::Back) => Answer::Cancel,
        Some(Action::EditExpiry) => {
            confirm.expiry_input = Some(Input::default());
            confirm.error = None;
            Answer::None
        }
        Some(Action::Agree) => Answer::Submit,
        Some(Action::Confirm) if !confirm.needs_agreement() => Answer::Submit,
        Some(Action::Confirm) => {
            confirm.error = Some(format!(
                "Press y to agree that the new credential goes without {}.",
                names(&confirm.plan.dropped)
            ));
            Answer::None
        }
        _ => Answer::None,
    }
}

/// Keys while the successor's expiry is typed: Enter takes it (what the
/// command line's `--expires` takes, or `never`), Esc keeps the planned one.
fn expiry_key(confirm: &mut Confirm, ctx: &Context, action: Option<Action>, key: KeyEvent) {
    let Some(input) = &mut confirm.expiry_input else {
        return;
    };
    match action {
        Some(Action::Back) => confirm.expiry_input = None,
        Some(Action::Confirm) => {
            let text = input.value().trim().to_string();
            let chosen = if text.eq_ignore_ascii_case("never") {
                Ok(None)
            } else {
                crate::expiry::parse_expiry(&text, ctx.now).map(Some)
            };
            match chosen {
                Ok(at) => {
                    confirm.plan.request.expires_at = at;
                    confirm.plan.expiry_reason = "chosen by you".into();
                    confirm.expiry_input = None;
                    confirm.error = None;
                }
                Err(e) => confirm.error = Some(e.to_string()),
            }
        }
        _ => {
            input.handle_event(&crossterm::event::Event::Key(key));
        }
    }
}
