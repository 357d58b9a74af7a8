//! `update(&mut Model, Msg) -> Vec<Effect>`: the only place the model
//! changes. Synchronous, no I/O: whatever needs the network or the disk is
//! returned as an [`Effect`] for the runner. One file per screen or popup.

mod audit;
mod clouds;
mod credentials;
mod delete;
mod main_view;
mod mouse;
mod popups;
mod replies;
mod reveal;
mod rotate;
mod rotate_clouds;
mod scopes;
mod session;
mod wizard;

pub use rotate_clouds::cloud_names;

use crossterm::event::{KeyEvent, KeyEventKind};
use ratatui::layout::Rect;

use crate::config::CloudConfig;
use crate::tui::keymap;
use crate::tui::model::{Model, Overlay, Screen};
use crate::tui::msg::{CloudChoice, Effect, Msg};
use crate::tui::view::layout::MainLayout;

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
            clouds::load(model)
        }
    }
}

pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => on_key(model, key),
        Msg::Mouse(event) => mouse::on_mouse(model, event),
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
            if now.timestamp() / 60 != model.now.timestamp() / 60 {
                model.table.recount(now);
            }
            model.now = now;
            match &mut model.screen {
                Screen::Wizard(state) => state.set_now(now),
                Screen::Reveal(state) => state.set_now(now),
                Screen::Rotate(state) => state.now = now,
                Screen::Audit(state) => state.now = now,
                _ => {}
            }
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
            model.table.recount(model.now);
            effects
        }
        Msg::PromptNeeded { prompt, answer } => {
            popups::open_prompt(model, prompt, answer);
            Vec::new()
        }
        Msg::Quit => quit(model),
    }
}

fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    // Some terminals also report releases; a key counts once.
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    if keymap::is_interrupt(&key) {
        return quit(model);
    }
    // Only in builds with the `test-hooks` feature (scripts/test): a real
    // panic inside the running TUI, so tests/terminal_tmux.rs can check the
    // panic hook gives the terminal back. Release builds have no such key.
    #[cfg(feature = "test-hooks")]
    if key.code == crossterm::event::KeyCode::F(12) {
        panic!("test-hooks: F12 pressed, a deliberate panic to test the terminal restore");
    }
    match model.overlays.last() {
        Some(Overlay::Prompt(_)) => return popups::prompt_key(model, key),
        Some(Overlay::Help(_)) => return popups::help_key(model, key),
        Some(Overlay::Error(_)) => return popups::error_key(model, key),
        Some(Overlay::Delete(_)) => return delete::on_key(model, key),
        Some(Overlay::Retire) => return rotate::retire_key(model, key),
        Some(Overlay::Info(_)) => return popups::error_key(model, key),
        Some(Overlay::UpdateClouds) => return rotate_clouds::on_key(model, key),
        None => {}
    }
    match model.screen {
        Screen::CloudPicker => clouds::on_key(model, key),
        Screen::Main => main_view::on_key(model, key),
        Screen::Wizard(_) => wizard::on_key(model, key),
        Screen::Reveal(_) => reveal::on_key(model, key),
        Screen::Rotate(_) => rotate::on_key(model, key),
        Screen::Audit(_) => audit::on_key(model, key),
    }
}

fn quit(model: &mut Model) -> Vec<Effect> {
    model.quitting = true;
    vec![Effect::Quit]
}

/// The main view's rectangles at the current terminal size.
fn main_layout(model: &Model) -> MainLayout {
    MainLayout::new(Rect::new(0, 0, model.width, model.height))
}

/// How many credential rows fit on screen (PgUp/PgDn move this far).
fn table_page(model: &Model) -> usize {
    usize::from(main_layout(model).table_rows().height).max(1)
}

fn scope_page(model: &Model) -> usize {
    usize::from(main_layout(model).scope_rows().height).max(1)
}

#[cfg(test)]
mod tests;
