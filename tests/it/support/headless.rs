//! Scripts for the TUI's real event loop (`appcred::tui::app::run_headless`)
//! against the real test Keystone: keys, typed text, "no request pending",
//! and the wizard run with its defaults up to the secret screen.

use appcred::tui::app::Step;
use appcred::tui::model::{Model, Screen};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn press(code: KeyCode) -> Step {
    Step::key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn typed(text: &str) -> Vec<Step> {
    text.chars().map(|c| press(KeyCode::Char(c))).collect()
}

/// Ctrl and a letter (`ctrl('u')` empties a text field).
pub fn ctrl(c: char) -> Step {
    Step::key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// No request is waiting for its answer.
pub fn idle(m: &Model) -> bool {
    !m.requests.busy()
}

/// From the loaded list (roles too) through the wizard with its defaults
/// but the name `name` and one role, to the secret screen.
pub fn create_in_wizard(name: &str) -> Vec<Step> {
    let mut script = wizard_to_roles(name);
    script.extend([press(KeyCode::Down), press(KeyCode::Char(' '))]);
    script.extend(wizard_after_roles());
    script
}

/// From the loaded list (roles too) into the wizard, no preset, the name
/// `name` and no description typed: on the roles step, the cursor on
/// "all my roles".
pub fn wizard_to_roles(name: &str) -> Vec<Step> {
    let mut script = vec![
        Step::wait("the list", |m| {
            matches!(m.screen, Screen::Main) && !m.table.loading && idle(m) && !m.roles.is_empty()
        }),
        press(KeyCode::Char('n')),
        Step::wait("the wizard", |m| matches!(m.screen, Screen::Wizard(_))),
        press(KeyCode::Enter),
    ];
    script.extend(typed(name));
    script.extend([press(KeyCode::Enter), press(KeyCode::Enter)]);
    script
}

/// From the roles step (roles chosen) with every later default to the
/// secret screen.
pub fn wizard_after_roles() -> Vec<Step> {
    let mut script: Vec<Step> = (0..6).map(|_| press(KeyCode::Enter)).collect();
    script.push(Step::wait("the reveal screen", |m| {
        matches!(m.screen, Screen::Reveal(_))
    }));
    script
}
