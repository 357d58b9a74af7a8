//! The device-code screen's part of `update`: the login's notices open and
//! close it; Esc cancels the login (the effect runner aborts its task).

use crossterm::event::KeyEvent;

use super::DeviceCodeState;
use crate::keys::{Action, KeyContext};
use crate::keystone::LoginNotice;
use crate::tui::model::Model;
use crate::tui::msg::Effect;

/// A notice from the login in progress.
pub fn on_notice(model: &mut Model, notice: LoginNotice) -> Vec<Effect> {
    match notice {
        LoginNotice::DeviceCode(prompt) => model.device_code = Some(DeviceCodeState::new(prompt)),
        LoginNotice::IdentityProviderDone => model.device_code = None,
        // The terminal UI cannot take a browser's redirect for the person:
        // the URL goes to the status line (and the log) instead.
        LoginNotice::Browser { url, ssh_hint } => {
            model.notice = Some(match ssh_hint {
                Some(ssh) => format!("Open {url} in a browser (over SSH first: {ssh})"),
                None => format!("Open {url} in a browser to log in"),
            });
        }
    }
    Vec::new()
}

/// Keys while the screen is up: Esc cancels, everything else waits.
pub fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let action = model.ctx.action(KeyContext::DeviceCode, &key);
    if action == Some(Action::Help) {
        // Drawn above this screen (view::draw); Esc closes it, not the login.
        model
            .overlays
            .push(crate::tui::model::Overlay::Help(KeyContext::DeviceCode));
        return Vec::new();
    }
    if action == Some(Action::Back) {
        model.device_code = None;
        model.notice = Some("device login cancelled".to_string());
        return vec![Effect::CancelLogin];
    }
    Vec::new()
}
