//! Unit tests of the internals; every setting is tested through the public
//! API in tests/settings_*.rs.

use std::path::Path;

use crossterm::event::{KeyEvent, KeyModifiers};

use super::source::{key_path_at, line_column};
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

#[test]
fn the_command_line_skips_the_tuis_sections_but_not_the_shared_settings() {
    let path = Path::new("config.toml");
    let broken_tui = [
        "expiry_warning_days = 3\n[keys.credentials]\ndelet = \"x\"\n",
        "expiry_warning_days = 3\n[keys.credentials]\ndelete = 5\n",
        "expiry_warning_days = 3\n[keys]\ncredentials = \"x\"\n",
        "expiry_warning_days = 3\n[colours]\nexpired = \"redd\"\n",
        "expiry_warning_days = 3\ncolors = 7\n",
    ];
    for text in broken_tui {
        let shared = Shared::parse(text, path, None);
        assert_eq!(
            shared.map(|s| s.expiry_warning_days).ok(),
            Some(3),
            "{text:?}"
        );
        let full = Settings::parse(text, path, None);
        assert!(full.is_err(), "the TUI must refuse {text:?}");
    }
    for text in [
        "expiry_warning_day = 3\n",
        "expiry_warning_days = -1\n",
        "clipboard_clear_seconds = 0\n",
        "fleet_cloud_timeout_seconds = 0\n",
        "fleet_cloud_timeout_seconds = 3601\n",
        "ephemeral_max_hours = 0\n",
        "ephemeral_max_hours = 8761\n",
        "export_dir = \"relative\"\n",
        "token_cache = \"yes\"\n",
        "expiry_warning_days = \n",
    ] {
        let shared = Shared::parse(text, path, None).map_err(|e| e.to_string());
        let full = Settings::parse(text, path, None).map_err(|e| e.to_string());
        assert!(shared.is_err(), "{text:?}");
        assert_eq!(shared.err(), full.err(), "one message for both: {text:?}");
    }
}

#[test]
fn the_fleet_deadline_is_read_and_defaults_to_thirty_seconds() {
    let path = std::path::Path::new("config.toml");
    let read = |text: &str| Shared::parse(text, path, None).map(|s| s.fleet_cloud_deadline());
    assert_eq!(read("").ok(), Some(std::time::Duration::from_secs(30)));
    assert_eq!(
        read("fleet_cloud_timeout_seconds = 5\n").ok(),
        Some(std::time::Duration::from_secs(5))
    );
}

#[test]
fn the_default_store_is_an_address_or_an_error_at_its_line() {
    let path = Path::new("config.toml");
    let read = |text: &str| Shared::parse(text, path, None).map(|s| s.default_store);
    assert_eq!(read("").ok(), Some(None));
    assert_eq!(
        read("default_store = \"vault:secret/openstack/ci\"\n")
            .ok()
            .flatten()
            .map(|a| a.to_string()),
        Some("vault:secret/openstack/ci".to_string())
    );
    let e = read("token_cache = true\ndefault_store = \"vault:secret\"\n")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        e.contains("line 2") && e.contains("default_store") && e.contains("MOUNT/PATH"),
        "{e}"
    );
}

#[test]
fn stores_are_named_addresses_and_default_store_may_name_one() {
    let path = Path::new("config.toml");
    let read = |text: &str| Shared::parse(text, path, None).map_err(|e| e.to_string());
    let s = read(
        "default_store = \"ci\"\n[stores]\nci = \"vault:secret/openstack/ci\"\n\
         prod = \"pass:openstack/prod\"\nkeyring = \"secret-service\"\n",
    )
    .unwrap();
    let stores: Vec<(String, String)> = s
        .stores
        .iter()
        .map(|(n, a)| (n.clone(), a.to_string()))
        .collect();
    assert_eq!(
        stores,
        [
            ("ci".to_string(), "vault:secret/openstack/ci".to_string()),
            ("keyring".to_string(), "secret-service".to_string()),
            ("prod".to_string(), "pass:openstack/prod".to_string()),
        ]
    );
    assert_eq!(
        s.default_store.map(|a| a.to_string()).as_deref(),
        Some("vault:secret/openstack/ci")
    );
    assert!(read("").unwrap().stores.is_empty());

    // A bad address: the key, the line and the fix.
    let e =
        read("[stores]\nci = \"vault:secret/openstack/ci\"\nbad = \"vault:secret\"\n").unwrap_err();
    assert!(
        e.contains("line 3") && e.contains("stores.bad") && e.contains("MOUNT/PATH"),
        "{e}"
    );
    // A name that reads as an address.
    let e = read("[stores]\npass = \"pass:a/b\"\n").unwrap_err();
    assert!(e.contains("stores.pass") && e.contains("rename"), "{e}");
    // default_store naming no store lists the names.
    let e = read("default_store = \"staging\"\n[stores]\nci = \"pass:a/b\"\n").unwrap_err();
    assert!(
        e.contains("line 1") && e.contains("default_store") && e.contains("ci"),
        "{e}"
    );
}

#[test]
fn the_ephemeral_limit_is_read_and_defaults_to_a_day() {
    let path = std::path::Path::new("config.toml");
    let read = |text: &str| Shared::parse(text, path, None).map(|s| s.ephemeral_max_ttl());
    assert_eq!(read("").ok(), Some(chrono::Duration::hours(24)));
    assert_eq!(
        read("ephemeral_max_hours = 2\n").ok(),
        Some(chrono::Duration::hours(2))
    );
}
