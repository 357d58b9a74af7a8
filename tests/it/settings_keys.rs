//! `[keys.SCREEN]` in config.toml: every screen's every action can be
//! rebound, and every mistake is refused with the setting's name and line.

use std::path::Path;

use appcred::keys::{self, Action, Key, KeyContext};
use appcred::settings::{KeyMap, Screen, Settings, SettingsError, action_name, parse_key};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn parse(text: &str) -> Result<Settings, SettingsError> {
    Settings::parse(text, Path::new("config.toml"), None)
}

fn keys(text: &str) -> KeyMap {
    match parse(text) {
        Ok(s) => s.keys,
        Err(e) => panic!("{text:?} should parse: {e}"),
    }
}

fn error(text: &str) -> String {
    match parse(text) {
        Ok(s) => format!("no error: {:?}", s.keys),
        Err(e) => e.to_string(),
    }
}

fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

/// A key no default binding uses.
const FREE: Key = Key {
    code: KeyCode::F(9),
    modifiers: KeyModifiers::NONE,
};

#[test]
fn every_action_of_every_screen_can_be_rebound() {
    for screen in Screen::all() {
        let actions = screen.actions();
        assert!(!actions.is_empty(), "{screen:?} has actions");
        for action in actions {
            let name = action_name(action);
            let overrides = keys(&format!("[keys.{}]\n{name} = \"F9\"\n", screen.name()));
            for context in screen.contexts() {
                let has_it = keys::bindings(context).iter().any(|b| b.action == action);
                if !has_it {
                    continue;
                }
                assert_eq!(overrides.keys(context, action), Some(&[FREE][..]), "{name}");
                let f9 = press(KeyCode::F(9), KeyModifiers::NONE);
                assert_eq!(overrides.action(context, &f9), Some(action), "{name}");
                // The old keys no longer do it.
                for old in keys::bindings(context)
                    .iter()
                    .filter(|b| b.action == action)
                    .flat_map(|b| b.keys)
                {
                    let event = press(old.code, old.modifiers);
                    assert_ne!(overrides.action(context, &event), Some(action), "{name}");
                }
            }
        }
    }
}

#[test]
fn one_key_or_a_list() {
    let o = keys("[keys.credentials]\ndelete = [\"x\", \"ctrl-d\"]\nfilter = \"f\"\n");
    let ctx = KeyContext::CredentialTable;
    let ctrl_d = press(KeyCode::Char('d'), KeyModifiers::CONTROL);
    assert_eq!(o.action(ctx, &ctrl_d), Some(Action::Delete));
    let x = press(KeyCode::Char('x'), KeyModifiers::NONE);
    assert_eq!(o.action(ctx, &x), Some(Action::Delete));
    let d = press(KeyCode::Char('d'), KeyModifiers::NONE);
    assert_eq!(o.action(ctx, &d), None);
    let f = press(KeyCode::Char('f'), KeyModifiers::NONE);
    assert_eq!(o.action(ctx, &f), Some(Action::Filter));
    // Untouched keys keep their defaults.
    let j = press(KeyCode::Char('j'), KeyModifiers::NONE);
    assert_eq!(o.action(ctx, &j), Some(Action::Down));
}

#[test]
fn an_empty_list_unbinds() {
    let o = keys("[keys.credentials]\ndelete = []\n");
    let d = press(KeyCode::Char('d'), KeyModifiers::NONE);
    assert_eq!(o.action(KeyContext::CredentialTable, &d), None);
    assert_eq!(
        o.keys(KeyContext::CredentialTable, Action::Delete),
        Some(&[][..])
    );
}

#[test]
fn main_covers_the_three_panes_and_a_pane_section_wins() {
    let o = keys("[keys.main]\nquit = \"Q\"\ndown = \"ctrl-n\"\n[keys.detail]\ndown = \"J\"\n");
    let big_q = press(KeyCode::Char('Q'), KeyModifiers::SHIFT);
    for ctx in Screen::Main.contexts() {
        assert_eq!(o.action(ctx, &big_q), Some(Action::Quit), "{ctx:?}");
    }
    // Not outside the main view.
    assert_eq!(o.action(KeyContext::CloudPicker, &big_q), None);
    let ctrl_n = press(KeyCode::Char('n'), KeyModifiers::CONTROL);
    assert_eq!(
        o.action(KeyContext::CredentialTable, &ctrl_n),
        Some(Action::Down)
    );
    assert_eq!(o.action(KeyContext::DetailPane, &ctrl_n), None);
    let big_j = press(KeyCode::Char('J'), KeyModifiers::NONE);
    assert_eq!(o.action(KeyContext::DetailPane, &big_j), Some(Action::Down));
}

#[test]
fn bindings_feed_the_help_with_the_configured_keys() {
    let o = keys("[keys.cloud_picker]\nselect = [\"Enter\", \"l\"]\n");
    let rows = o.bindings(KeyContext::CloudPicker);
    let defaults = keys::bindings(KeyContext::CloudPicker);
    assert_eq!(rows.len(), defaults.len());
    let select = rows.iter().find(|b| b.action == Action::Select);
    let want = [parse_key("Enter"), parse_key("l")];
    assert_eq!(
        select.map(|b| b.keys.iter().map(|k| Ok(*k)).collect::<Vec<_>>()),
        Some(want.to_vec())
    );
    assert!(select.is_some_and(|b| !b.description.is_empty()));
}

#[test]
fn mistakes_are_refused_with_the_setting_and_line() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "[keys.credential]\ndelete = \"x\"\n",
            "keys.credential",
            &["no screen", "credentials"],
        ),
        (
            "[keys.credentials]\ndelet = \"x\"\n",
            "keys.credentials.delet",
            &["line 2", "no action", "delete"],
        ),
        (
            "[keys.cloud_picker]\ndelete = \"x\"\n",
            "keys.cloud_picker.delete",
            &["no action"],
        ),
        (
            "[keys.credentials]\ndelete = \"ctrl-dd\"\n",
            "keys.credentials.delete",
            &["\"dd\"", "PageDown"],
        ),
        (
            "[keys.credentials]\ndelete = \"ctrl-c\"\n",
            "keys.credentials.delete",
            &["always quits"],
        ),
        (
            "[keys.credentials]\ndelete = 5\n",
            "keys.credentials.delete",
            &["a list of keys"],
        ),
        (
            "[keys.credentials]\n\ndelete = [\"x\", 5]\n",
            "keys.credentials.delete",
            &["line 3"],
        ),
        (
            "[keys]\ncredentials = \"x\"\n",
            "keys.credentials",
            &["line 2"],
        ),
    ];
    for (text, key, words) in cases {
        let e = parse(text);
        assert_eq!(
            e.as_ref().err().and_then(|e| e.key()),
            Some(*key),
            "{text:?}: {e:?}"
        );
        let message = error(text);
        assert!(message.starts_with("config.toml, line"), "{message}");
        for word in *words {
            assert!(message.contains(word), "{text:?}: {message} lacks {word:?}");
        }
    }
}

#[test]
fn a_key_that_would_do_two_things_is_refused() {
    // `j` is `down` on the credentials table by default.
    let message = error("[keys.credentials]\ndelete = \"j\"\n");
    assert!(message.contains("`keys.credentials.delete`"), "{message}");
    assert!(message.contains("`delete` and `down`"), "{message}");
    // Moving `down` away too makes it fine.
    assert!(parse("[keys.credentials]\ndelete = \"j\"\n[keys.main]\ndown = \"Down\"\n").is_ok());
    // Two actions given the same key in one section.
    let message =
        error("[keys.help]\nback = \"x\"\n[keys.cloud_picker]\nup = \"x\"\ndown = \"x\"\n");
    assert!(message.contains("cloud_picker"), "{message}");
    // The same key on different screens is fine.
    assert!(parse("[keys.cloud_picker]\nselect = \"l\"\n[keys.scopes]\nselect = \"l\"\n").is_ok());
}
