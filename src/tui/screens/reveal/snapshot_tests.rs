//! The reveal screen at 80x24 and 160x48: masked, revealed, exporting, and
//! the leave confirmation. Fake id, fake secret, fixed clock.

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::tests::{FAKE_SECRET, ctx, press, reveal};
use super::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn snapshot(name: &str, state: &RevealState) -> String {
    let mut text = String::new();
    for (width, height) in SIZES {
        let Ok(mut terminal) = Terminal::new(TestBackend::new(width, height));
        if let Err(e) = terminal.draw(|frame| draw(state, &ctx(), frame, frame.area())) {
            panic!("draw failed: {e}");
        }
        text.push_str(&terminal.backend().to_string());
        let mut settings = insta::Settings::clone_current();
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| {
            insta::assert_snapshot!(
                format!("reveal_{name}_{width}x{height}"),
                terminal.backend()
            );
        });
    }
    text
}

#[test]
fn masked() {
    let screen = snapshot("masked", &reveal());
    assert!(!screen.contains(&FAKE_SECRET[..20]));
}

#[test]
fn revealed() {
    let mut r = reveal();
    press(&mut r, KeyCode::Char('v'));
    let screen = snapshot("revealed", &r);
    assert!(screen.contains(&FAKE_SECRET[..20]));
}

#[test]
fn export_prompt_clouds() {
    let mut r = reveal();
    press(&mut r, KeyCode::Char('c'));
    snapshot("export_clouds", &r);
}

/// How the screen shows a status message after `y`. The message is this
/// test's own: what a copy really says is the host's (`copied_text`, set by
/// tui/update/replies.rs), so the name promises the drawing only.
#[test]
fn a_status_message_drawn_after_y() {
    let mut r = reveal();
    press(&mut r, KeyCode::Char('y'));
    r.set_status("Secret copied to the system clipboard; cleared in 30 s");
    snapshot("status", &r);
}

#[test]
fn leave_confirmation() {
    let mut r = reveal();
    press(&mut r, KeyCode::Char('q'));
    let screen = snapshot("leave_confirmation", &r);
    assert!(screen.contains("The secret will never be shown again."));
}
