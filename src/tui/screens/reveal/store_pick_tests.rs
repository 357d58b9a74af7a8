//! The store key with config.toml's `[stores]`: a pick list (the hand-off
//! list's keys and rows) with `default_store` first, each named store, then
//! "another address…" for the prompt; after a failure the list again.
//! Drawn at 80x24 and 160x48.

use std::collections::BTreeMap;

use crossterm::event::KeyCode;

use super::store_tests::draw_at;
use super::tests::{FAKE_SECRET, press, reveal};
use super::*;
use crate::store::StoreError;

fn address(text: &str) -> StoreAddress {
    match text.parse() {
        Ok(a) => a,
        Err(e) => panic!("{e}"),
    }
}

fn stores() -> BTreeMap<String, StoreAddress> {
    [
        ("ci".to_string(), address("vault:secret/openstack/ci")),
        ("prod".to_string(), address("pass:openstack/prod")),
    ]
    .into()
}

/// The rows as `name address default` text (None for "another address…").
fn rows(r: &RevealState) -> Vec<Option<String>> {
    r.store_choices()
        .into_iter()
        .map(|c| {
            c.address.map(|a| {
                let name = c.name.unwrap_or_default();
                let mark = if c.default { " (default)" } else { "" };
                format!("{name} {a}{mark}")
            })
        })
        .collect()
}

#[test]
fn with_stores_the_key_lists_the_default_first_then_each_by_name() {
    let mut r = reveal()
        .with_default_store(Some(address("pass:openstack/prod")))
        .with_stores(stores());
    assert_eq!(
        rows(&r),
        [
            Some("prod pass:openstack/prod (default)".to_string()),
            Some("ci vault:secret/openstack/ci".to_string()),
            None,
        ],
        "the default under its name, not twice"
    );
    assert!(matches!(press(&mut r, KeyCode::Char('s')), Outcome::Redraw));
    assert_eq!(r.key_context(), KeyContext::RevealPick);
    assert!(!r.typing());
    // Enter on the highlighted row stores there, as the default key did.
    press(&mut r, KeyCode::Down);
    let Outcome::Store { address: to } = press(&mut r, KeyCode::Enter) else {
        panic!("Enter did not store");
    };
    assert_eq!(to, address("vault:secret/openstack/ci"));
    assert_eq!(r.key_context(), KeyContext::Reveal);
    assert!(
        r.status
            .as_deref()
            .is_some_and(|s| s.contains("vault:secret/openstack/ci"))
    );
    // Up from the top wraps to "another address…"; Esc closes the list.
    press(&mut r, KeyCode::Char('s'));
    press(&mut r, KeyCode::Up);
    assert!(matches!(r.mode, Mode::StorePick(2)));
    press(&mut r, KeyCode::Esc);
    assert_eq!(r.key_context(), KeyContext::Reveal);
}

#[test]
fn a_default_given_as_an_address_comes_first_unnamed() {
    let r = reveal()
        .with_default_store(Some(address("secret-service")))
        .with_stores(stores());
    assert_eq!(
        rows(&r),
        [
            Some(" secret-service (default)".to_string()),
            Some("ci vault:secret/openstack/ci".to_string()),
            Some("prod pass:openstack/prod".to_string()),
            None,
        ]
    );
    let r = reveal().with_stores(stores());
    assert_eq!(
        rows(&r).len(),
        3,
        "no default: the names and another address"
    );
}

#[test]
fn another_address_opens_the_prompt_which_takes_a_name_too() {
    let mut r = reveal().with_stores(stores());
    press(&mut r, KeyCode::Char('s'));
    press(&mut r, KeyCode::Up);
    assert!(matches!(press(&mut r, KeyCode::Enter), Outcome::Redraw));
    let Mode::Store(input) = &r.mode else {
        panic!("another address… did not open the prompt");
    };
    assert_eq!(input.value(), "");
    assert!(r.typing());
    for c in "prod".chars() {
        press(&mut r, KeyCode::Char(c));
    }
    let Outcome::Store { address: to } = press(&mut r, KeyCode::Enter) else {
        panic!("a [stores] name did not store");
    };
    assert_eq!(to, address("pass:openstack/prod"));
}

#[test]
fn after_a_failure_the_key_opens_the_list_again() {
    let mut r = reveal()
        .with_default_store(Some(address("vault:secret/openstack/ci")))
        .with_stores(stores());
    press(&mut r, KeyCode::Char('s'));
    press(&mut r, KeyCode::Enter);
    let e = StoreError::new("Vault is sealed", "unseal it, or name another store");
    r.store_failed("vault:secret/openstack/ci", &e, Some("s".into()));
    assert_eq!(r.secret().map(Secret::expose), Some(FAKE_SECRET));
    assert!(matches!(press(&mut r, KeyCode::Char('s')), Outcome::Redraw));
    assert!(matches!(r.mode, Mode::StorePick(0)), "{:?}", r.mode);
    press(&mut r, KeyCode::Down);
    let Outcome::Store { address: to } = press(&mut r, KeyCode::Enter) else {
        panic!("Enter did not store");
    };
    assert_eq!(to, address("pass:openstack/prod"));
}

#[test]
fn the_list_is_drawn_with_names_made_safe() {
    let mut named = stores();
    named.insert(
        "evil\u{202e}txt".to_string(),
        address("pass:openstack/evil"),
    );
    let mut r = reveal()
        .with_default_store(Some(address("vault:secret/openstack/ci")))
        .with_stores(named);
    press(&mut r, KeyCode::Char('s'));
    press(&mut r, KeyCode::Down);
    for (width, height) in [(80, 24), (160, 48)] {
        let screen = draw_at("store_pick", &r, width, height);
        assert!(screen.contains("ci "), "{screen}");
        assert!(
            screen.contains("vault:secret/openstack/ci  (default)"),
            "{screen}"
        );
        assert!(screen.contains("> evil\\u{202e}txt"), "{screen}");
        assert!(screen.contains("another address…"), "{screen}");
        assert!(!screen.contains('\u{202e}'), "{screen}");
    }
}
