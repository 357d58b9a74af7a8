//! Unit tests of the internals; every setting is tested through the public
//! API in tests/settings_*.rs.

use crossterm::event::{KeyEvent, KeyModifiers};

use super::file::{key_path_at, line_column};
use super::*;
use crate::keys;

#[test]
fn defaults_agree_with_the_constants_they_stand_for() {
    let s = Shared::default();
    assert_eq!(s.expiry_warning(), crate::expiry::DEFAULT_WARNING);
    assert_eq!(
        s.clipboard_clear_after(),
        crate::clipboard::DEFAULT_CLEAR_AFTER
    );
}

#[test]
fn without_overrides_the_table_acts_as_the_key_table() {
    let map = KeyMap::default();
    for context in all_contexts() {
        for binding in keys::bindings(context) {
            for key in binding.keys {
                for modifiers in [key.modifiers, key.modifiers | KeyModifiers::SHIFT] {
                    let event = KeyEvent::new(key.code, modifiers);
                    assert_eq!(
                        map.action(context, &event),
                        keys::action(context, &event),
                        "{context:?} {key:?} {modifiers:?}"
                    );
                }
            }
        }
        assert_eq!(map.first_conflict(), None, "{context:?}");
    }
}

#[test]
fn positions_are_one_based_in_characters() {
    let text = "a = 1\nbé = \"x\"\n";
    assert_eq!(line_column(text, 0), (1, 1));
    assert_eq!(line_column(text, 6), (2, 1));
    // After "bé = " (é is two bytes): the quote is the 6th character.
    assert_eq!(line_column(text, 12), (2, 6));
    assert_eq!(line_column(text, 999), (3, 1));
}

#[test]
fn the_setting_at_a_place_in_the_file() {
    let text = "top = 1\n[keys.credentials]\ndelete = [\n  \"d\",\n  \"x\",\n]\n[colours]\n";
    let at = |needle: &str| text.find(needle).unwrap_or(0);
    assert_eq!(key_path_at(text, at("1")).as_deref(), Some("top"));
    assert_eq!(
        key_path_at(text, at("\"x\"")).as_deref(),
        Some("keys.credentials.delete")
    );
    assert_eq!(
        key_path_at(text, at("[colours]")).as_deref(),
        Some("colours")
    );
}
