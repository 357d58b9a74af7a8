//! `update(&mut Model, Msg) -> Vec<Effect>`: the router on top of the TUI.
//! Synchronous, no I/O: whatever needs the network or the disk is returned
//! as an [`Effect`] for the runner. It sends each message to the popup or
//! screen that has it: a screen with its own state through the
//! [`HostedScreen`](crate::tui::model::HostedScreen) its host implements, so
//! no screen needs an arm here (src/tui/screens/README.md); `replies` routes
//! Keystone's answers, `signal_create` the quit by signal.
//! Nothing below calls back up into it: the steps screens share (log in,
//! reload, show an error, quit) are in `tui::model::session`.

mod replies;
mod signal_create;

use crate::tui::screens::device_code::host as device_code;

use crossterm::event::{KeyEvent, KeyEventKind};

use crate::config::CloudConfig;
use crate::keys;
use crate::tui::model::session::{self, quit};
use crate::tui::model::{Model, Overlay, Screen};
use crate::tui::msg::{CloudChoice, Effect, Msg};
use crate::tui::popups;
use crate::tui::screens::main::{self as main_view, mouse, scope_page, table_page};

/// What to do first: log in to the cloud given on the command line, or
/// read clouds.yaml for the picker.
pub fn init(model: &mut Model, cloud: Option<CloudConfig>) -> Vec<Effect> {
    match cloud {
        Some(cloud) => {
            model.screen = Screen::Main;
            session::start_login(model, CloudChoice::Resolved(Box::new(cloud)))
        }
        None => {
            model.screen = Screen::CloudPicker;
            crate::tui::screens::cloud_picker::host::load(model)
        }
    }
}

pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    let error_before = model.last_error.clone();
    let selected_before = model.table.selected_credential().map(|c| c.id.clone());
    let effects = route(model, msg);
    // The detail's scroll belongs to the credential it was scrolled on:
    // another one (a move, a new credential, a reload) starts at its name.
    if model.table.selected_credential().map(|c| &c.id) != selected_before.as_ref() {
        model.detail_scroll = 0;
    }
    // Every error a person is shown is in the log file too (whatever screen
    // showed it), so a report can quote it after the popup is gone.
    if let Some(error) = &model.last_error
        && model.last_error != error_before
    {
        tracing::warn!(error = %error, "shown to the user");
    }
    effects
}

fn route(model: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => {
            // A message belongs to the action that made it: a key that
            // starts a new action drops the remarks and errors of earlier
            // ones (what the key itself says stays).
            let before = (model.notice.clone(), model.last_error.clone());
            let effects = on_key(model, key);
            if !effects.is_empty() && !model.quitting {
                if model.notice == before.0 {
                    model.notice = None;
                }
                if model.last_error == before.1 {
                    model.last_error = None;
                }
            }
            effects
        }
        Msg::Mouse(event) => mouse::on_mouse(model, event),
        Msg::Paste(text) => on_paste(model, &text),
        Msg::Resize(width, height) => {
            model.width = width;
            model.height = height;
            // Keep the selections on screen at the new size.
            let page = table_page(model);
            model.table.scroll_into_view(page);
            let scope_page = scope_page(model);
            let row = model.scopes.selected;
            model.scopes.select_row(row, scope_page);
            Vec::new()
        }
        Msg::Tick(now) => {
            if now.timestamp() / 60 != model.ctx.now.timestamp() / 60 {
                model.table.recount(now);
            }
            // Every screen reads the clock from the shared context.
            model.ctx.now = now;
            if model.animating() {
                model.spinner = model.spinner.wrapping_add(1);
            }
            Vec::new()
        }
        Msg::Reply {
            tag,
            requests_sent,
            reply,
        } => {
            let effects = replies::on_reply(model, tag, requests_sent, reply);
            // Replies are what change the data; keep the status counts true.
            model.table.recount(model.ctx.now);
            effects
        }
        Msg::Fleet(answer) => crate::tui::screens::cloud_picker::host::on_answer(model, answer),
        Msg::PromptNeeded { prompt, answer } => {
            popups::prompt::open(model, prompt, answer);
            Vec::new()
        }
        Msg::LoginNotice(notice) => device_code::on_notice(model, notice),
        // A signal or a terminal gone: the process must end (after the
        // answer to a create in flight, which is then deleted again).
        Msg::Quit => signal_create::on_signal(model),
    }
}

/// A paste goes to the text field that has the keyboard, cut at its limit
/// with a message; where no field has it, it is dropped rather than read
/// as keys (a pasted "dy" must not delete anything).
fn on_paste(model: &mut Model, text: &str) -> Vec<Effect> {
    let cut = match model.overlays.last_mut() {
        Some(Overlay::Prompt(prompt)) => prompt
            .field
            .paste(text, crate::validation::MAX_SECRET_BYTES),
        Some(_) => None,
        None if matches!(model.screen, Screen::Main) && model.table.filtering => {
            let limit = crate::tui::widgets::Limit {
                chars: crate::validation::MAX_NAME_CHARS,
                bytes: usize::MAX,
                what: "the filter",
            };
            let cut = crate::tui::widgets::paste(&mut model.table.filter, text, limit);
            model.table.refilter();
            let page = table_page(model);
            model.table.scroll_into_view(page);
            cut
        }
        // A screen with its own state takes it in its field (if any).
        None => model
            .screen
            .hosted_mut()
            .and_then(|screen| screen.paste(text)),
    };
    if let Some(message) = cut {
        model.notice = Some(message);
    }
    Vec::new()
}

fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    // Some terminals also report releases; a key counts once.
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    if keys::is_interrupt(&key) {
        return quit(model);
    }
    let help_over_device_code = matches!(
        model.overlays.last(),
        Some(Overlay::Help(keys::KeyContext::DeviceCode))
    );
    if model.device_code.is_some() && !help_over_device_code {
        return device_code::on_key(model, key);
    }
    // Only in builds with the `test-hooks` feature (scripts/test): a real
    // panic inside the running TUI, so tests/it/terminal_tmux.rs can check the
    // panic hook gives the terminal back. Release builds have no such key.
    #[cfg(feature = "test-hooks")]
    if key.code == crossterm::event::KeyCode::F(12) {
        panic!("test-hooks: F12 pressed, a deliberate panic to test the terminal restore");
    }
    match model.overlays.last() {
        Some(Overlay::Prompt(_)) => return popups::prompt::on_key(model, key),
        Some(Overlay::Help(_)) => return popups::help::on_key(model, key),
        Some(Overlay::Error(_)) => return popups::error::on_key(model, key),
        Some(Overlay::Delete(_)) => return popups::delete::on_key(model, key),
        Some(Overlay::Info(_)) => return popups::info::on_key(model, key),
        None => {}
    }
    if let Some(help) = screen_help(model, &key) {
        model.overlays.push(help);
        return Vec::new();
    }
    // A screen with its own state answers through its host
    // (`HostedScreen`); the cloud picker and the main view are the model's.
    if let Some(handler) = model.screen.hosted().map(|screen| screen.key_handler()) {
        return handler(model, key);
    }
    match model.screen {
        Screen::CloudPicker => crate::tui::screens::cloud_picker::host::on_key(model, key),
        _ => main_view::host::on_key(model, key),
    }
}

/// `?` (F1 where a text field has the letters) on every screen: the keys
/// of what has the keyboard now, from the key table.
fn screen_help(model: &Model, key: &KeyEvent) -> Option<Overlay> {
    let context = model.screen_context();
    (model.ctx.action(context, key) == Some(keys::Action::Help)).then_some(Overlay::Help(context))
}

#[cfg(test)]
mod tests;
