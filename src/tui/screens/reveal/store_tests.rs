//! The store key on the secret screen: straight to config.toml's
//! `default_store`, an address prompt when none is set (prefilled with the
//! default after a failure), and a failure that keeps the secret on screen
//! naming the store and the fix. Drawn at 80x24 and 160x48.

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::tests::{FAKE_SECRET, ctx, press, reveal};
use super::*;
use crate::store::StoreError;

/// Draws `state` at `width`x`height` and checks it against the snapshot
/// `reveal_{name}_{width}x{height}`; the screen's text.
pub(super) fn draw_at(name: &str, state: &RevealState, width: u16, height: u16) -> String {
    let Ok(mut terminal) = Terminal::new(TestBackend::new(width, height));
    if let Err(e) = terminal.draw(|frame| draw(state, &ctx(), frame, frame.area())) {
        panic!("draw failed: {e}");
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::assert_snapshot!(
            format!("reveal_{name}_{width}x{height}"),
            terminal.backend()
        );
    });
    terminal.backend().to_string()
}

fn typed(r: &mut RevealState, text: &str) {
    for c in text.chars() {
        press(r, KeyCode::Char(c));
    }
}

fn vault() -> StoreAddress {
    match "vault:secret/openstack/ci".parse() {
        Ok(a) => a,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn with_a_default_store_the_key_stores_there_at_once() {
    let mut r = reveal().with_default_store(Some(vault()));
    let Outcome::Store { address } = press(&mut r, KeyCode::Char('s')) else {
        panic!("s did not store");
    };
    assert_eq!(address, vault());
    assert_eq!(r.key_context(), KeyContext::Reveal);
    assert!(
        r.status
            .as_deref()
            .is_some_and(|s| s.contains("vault:secret/openstack/ci"))
    );
    r.stored("vault:secret/openstack/ci");
    assert!(
        r.status
            .as_deref()
            .is_some_and(|s| s.contains("Stored the secret in vault:"))
    );
}

#[test]
fn without_one_the_key_asks_for_an_address_and_says_what_is_wrong_with_it() {
    let mut r = reveal();
    assert!(matches!(press(&mut r, KeyCode::Char('s')), Outcome::Redraw));
    assert_eq!(r.key_context(), KeyContext::RevealExport);
    assert!(
        r.typing(),
        "`?` and the other keys are characters in the prompt"
    );
    typed(&mut r, "vault:secret");
    assert!(matches!(press(&mut r, KeyCode::Enter), Outcome::Redraw));
    assert!(
        r.error.as_deref().is_some_and(|e| e.contains("MOUNT/PATH")),
        "{:?}",
        r.error
    );
    assert_eq!(
        r.key_context(),
        KeyContext::RevealExport,
        "the prompt stays open"
    );
    typed(&mut r, "/openstack/ci");
    let Outcome::Store { address } = press(&mut r, KeyCode::Enter) else {
        panic!("Enter did not store");
    };
    assert_eq!(address, vault());
    assert_eq!(r.key_context(), KeyContext::Reveal);
}

#[test]
fn the_address_prompt_is_drawn_with_what_it_takes() {
    let mut r = reveal();
    press(&mut r, KeyCode::Char('s'));
    typed(&mut r, "pass:openstack/prod/ci");
    for (width, height) in [(80, 24), (160, 48)] {
        let screen = draw_at("store", &r, width, height);
        assert!(screen.contains("Store in"), "{screen}");
        assert!(screen.contains("pass:openstack/prod/ci"), "{screen}");
    }
}

#[test]
fn a_failed_store_keeps_the_secret_and_asks_for_another_place_next() {
    let mut r = reveal().with_default_store(Some(vault()));
    press(&mut r, KeyCode::Char('s'));
    let e = StoreError::new(
        "Vault at http://127.0.0.1:8200 is sealed",
        "unseal it (bao operator unseal), or name another store",
    );
    r.store_failed("vault:secret/openstack/ci", &e, Some("s".into()));
    assert_eq!(r.secret().map(Secret::expose), Some(FAKE_SECRET));
    let error = r.error.clone().unwrap_or_default();
    assert!(
        error.contains("vault:secret/openstack/ci")
            && error.contains("is sealed")
            && error.contains("unseal it"),
        "{error}"
    );
    for (width, height) in [(80, 24), (160, 48)] {
        let screen = draw_at("store_failed", &r, width, height);
        assert!(screen.contains("Not stored in"), "{screen}");
    }
    // The secret can still go elsewhere: the store key now asks, prefilled
    // with the default; an export key still opens its prompt.
    assert!(matches!(press(&mut r, KeyCode::Char('s')), Outcome::Redraw));
    let Mode::Store(input) = &r.mode else {
        panic!("no address prompt after the failure");
    };
    assert_eq!(input.value(), "vault:secret/openstack/ci");
    press(&mut r, KeyCode::Esc);
    press(&mut r, KeyCode::Char('o'));
    assert!(matches!(r.mode, Mode::Prompt(_)));
}

#[test]
fn a_paste_goes_into_the_address() {
    let mut r = reveal();
    press(&mut r, KeyCode::Char('s'));
    handle_paste(&mut r, "pass:openstack/ci");
    let Mode::Store(input) = &r.mode else {
        panic!("no prompt");
    };
    assert_eq!(input.value(), "pass:openstack/ci");
}
