//! Key specs as a person writes them in config.toml: `j`, `G`, `/`,
//! `ctrl-d`, `alt-x`, `shift-tab`, `PageDown`, `F5`.
//!
//! The result is the key table's own [`Key`], normalised the way the table
//! compares keys: a character carries no Shift (`shift-g` is `G`, because
//! terminals disagree on reporting Shift with a capital), and Ctrl with a
//! letter is lowercase (`ctrl-D` is `ctrl-d`: terminals send the same byte).

use crossterm::event::{KeyCode, KeyModifiers};
use thiserror::Error;

use crate::keys::Key;

/// Why a key spec was refused. The text is shown after the setting's name.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeySpecError {
    #[error("an empty key spec; write a key such as \"j\", \"ctrl-d\" or \"PageDown\"")]
    Empty,
    #[error(
        "unknown key name {name:?} in {spec:?}; use one character (\"d\", \"G\", \"/\") or one of \
         Up, Down, Left, Right, PageUp, PageDown, Home, End, Enter, Esc, Tab, Backspace, Delete, \
         Insert, Space, F1-F24, with ctrl-, alt- or shift- in front"
    )]
    UnknownName { spec: String, name: String },
    #[error("{spec:?} is Ctrl-C, which always quits appcred and cannot be bound to anything else")]
    Reserved { spec: String },
}

/// Named keys, lowercase, with the spellings people use for them.
const NAMES: &[(&str, KeyCode)] = &[
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pageup", KeyCode::PageUp),
    ("pgup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("pgdn", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("ins", KeyCode::Insert),
    ("space", KeyCode::Char(' ')),
];

/// Parses one key spec. Modifiers come first, joined with `-` or `+`, in
/// any case (`Ctrl+D`, `ctrl-d`); multi-letter names ignore case and `_`
/// (`page_down`, `PageDown`); a single character is taken as it is.
pub fn parse_key(spec: &str) -> Result<Key, KeySpecError> {
    let text = spec.trim();
    if text.is_empty() {
        return Err(KeySpecError::Empty);
    }
    let mut modifiers = KeyModifiers::NONE;
    let mut rest = text;
    // Strip prefixes only while something remains, so "-" and "ctrl--"
    // (Ctrl with the minus key) still parse.
    while let Some((modifier, after)) = split_modifier(rest) {
        modifiers |= modifier;
        rest = after;
    }
    let code = key_code(rest).ok_or_else(|| KeySpecError::UnknownName {
        spec: text.to_string(),
        name: rest.to_string(),
    })?;
    let key = normalise(code, modifiers);
    if is_ctrl_c(&key) {
        return Err(KeySpecError::Reserved {
            spec: text.to_string(),
        });
    }
    Ok(key)
}

fn split_modifier(text: &str) -> Option<(KeyModifiers, &str)> {
    let (head, tail) = text.split_once(['-', '+'])?;
    if tail.is_empty() {
        return None;
    }
    let modifier = match head.to_ascii_lowercase().as_str() {
        "ctrl" | "control" => KeyModifiers::CONTROL,
        "alt" | "meta" => KeyModifiers::ALT,
        "shift" => KeyModifiers::SHIFT,
        _ => return None,
    };
    Some((modifier, tail))
}

fn key_code(name: &str) -> Option<KeyCode> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(KeyCode::Char(c));
    }
    let lower = name.to_ascii_lowercase().replace('_', "");
    if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
        return (1..=24).contains(&n).then_some(KeyCode::F(n));
    }
    NAMES
        .iter()
        .find(|(known, _)| *known == lower)
        .map(|(_, code)| *code)
}

/// The key table's comparison rules, applied once here so two specs for the
/// same key compare equal (`G` and `shift-g`; `shift-tab` and `BackTab`).
fn normalise(code: KeyCode, modifiers: KeyModifiers) -> Key {
    let shift = modifiers.contains(KeyModifiers::SHIFT);
    let without_shift = modifiers - KeyModifiers::SHIFT;
    match code {
        KeyCode::Tab if shift => Key {
            code: KeyCode::BackTab,
            modifiers: without_shift,
        },
        KeyCode::BackTab => Key {
            code,
            modifiers: without_shift,
        },
        KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => Key {
            code: KeyCode::Char(c.to_ascii_lowercase()),
            modifiers: without_shift,
        },
        KeyCode::Char(c) if shift => Key {
            code: KeyCode::Char(c.to_ascii_uppercase()),
            modifiers: without_shift,
        },
        _ => Key { code, modifiers },
    }
}

/// The spec for a key, as config.toml would spell it; [`parse_key`] reads
/// it back to the same key. The docs and the example config are made with it.
pub fn format_key(key: &Key) -> String {
    let name = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::BackTab => "shift-tab".to_string(),
        KeyCode::PageUp => "PageUp".to_string(),
        KeyCode::PageDown => "PageDown".to_string(),
        KeyCode::Backspace => "Backspace".to_string(),
        other => format!("{other:?}"),
    };
    let mut spec = String::new();
    for (flag, prefix) in [
        (KeyModifiers::CONTROL, "ctrl-"),
        (KeyModifiers::ALT, "alt-"),
        (KeyModifiers::SHIFT, "shift-"),
    ] {
        if key.modifiers.contains(flag) {
            spec.push_str(prefix);
        }
    }
    spec + &name
}

fn is_ctrl_c(key: &Key) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode, modifiers: KeyModifiers) -> Result<Key, KeySpecError> {
        Ok(Key { code, modifiers })
    }

    #[test]
    fn accepted_specs() {
        let none = KeyModifiers::NONE;
        let ctrl = KeyModifiers::CONTROL;
        let alt = KeyModifiers::ALT;
        let cases = [
            ("j", k(KeyCode::Char('j'), none)),
            ("G", k(KeyCode::Char('G'), none)),
            ("shift-g", k(KeyCode::Char('G'), none)),
            ("/", k(KeyCode::Char('/'), none)),
            ("-", k(KeyCode::Char('-'), none)),
            ("+", k(KeyCode::Char('+'), none)),
            (" ctrl-d ", k(KeyCode::Char('d'), ctrl)),
            ("Ctrl+D", k(KeyCode::Char('d'), ctrl)),
            ("ctrl--", k(KeyCode::Char('-'), ctrl)),
            ("alt-x", k(KeyCode::Char('x'), alt)),
            ("ctrl-alt-x", k(KeyCode::Char('x'), ctrl | alt)),
            ("PageDown", k(KeyCode::PageDown, none)),
            ("page_up", k(KeyCode::PageUp, none)),
            ("pgdn", k(KeyCode::PageDown, none)),
            ("ESC", k(KeyCode::Esc, none)),
            ("Return", k(KeyCode::Enter, none)),
            ("Space", k(KeyCode::Char(' '), none)),
            ("shift-tab", k(KeyCode::BackTab, none)),
            ("BackTab", k(KeyCode::BackTab, none)),
            ("shift-up", k(KeyCode::Up, KeyModifiers::SHIFT)),
            ("Del", k(KeyCode::Delete, none)),
            ("F5", k(KeyCode::F(5), none)),
            ("f24", k(KeyCode::F(24), none)),
        ];
        for (spec, want) in cases {
            assert_eq!(parse_key(spec), want, "{spec:?}");
        }
    }

    #[test]
    fn formatted_keys_read_back() {
        for spec in [
            "j",
            "G",
            "/",
            "Space",
            "ctrl-d",
            "alt-x",
            "shift-tab",
            "PageDown",
            "PageUp",
            "Up",
            "Down",
            "Left",
            "Right",
            "Home",
            "End",
            "Enter",
            "Esc",
            "Tab",
            "Backspace",
            "Delete",
            "Insert",
            "F5",
            "shift-Up",
            "ctrl-alt-x",
        ] {
            let key = parse_key(spec);
            let again = key.as_ref().map(format_key);
            assert_eq!(again.as_deref(), Ok(spec), "{spec:?}");
        }
    }

    #[test]
    fn refused_specs() {
        for spec in ["", "  ", "pagedwn", "ctrl-", "hyper-x", "F0", "F25", "jj"] {
            assert!(parse_key(spec).is_err(), "{spec:?} should be refused");
        }
        assert!(matches!(
            parse_key("ctrl-C"),
            Err(KeySpecError::Reserved { .. })
        ));
        let message = parse_key("pagedwn").err().map(|e| e.to_string());
        assert!(message.is_some_and(|m| m.contains("\"pagedwn\"") && m.contains("PageDown")));
    }
}
