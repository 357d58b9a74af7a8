//! Reading config.toml's `[keys.SCREEN]` sections into the [`KeyMap`]:
//! known screens and actions, valid key specs, and no key doing two things
//! on one screen, each mistake named with its line.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::error::SettingsError;
use super::keymap::KeyMap;
use super::keys::{KeyOverride, Screen, action_name};
use super::keyspec::parse_key;
use super::source::Source;
use crate::keys::{Action, key_label};

/// `quit = "q"` or `quit = ["q", "ctrl-q"]`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum KeyList {
    One(String),
    Many(Vec<String>),
}

impl KeyList {
    fn specs(&self) -> Vec<&str> {
        match self {
            KeyList::One(s) => vec![s.as_str()],
            KeyList::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// `[keys]` as the file has it: section, then action, then keys.
pub(super) type RawKeys = BTreeMap<String, Spanned<BTreeMap<String, Spanned<KeyList>>>>;

pub(super) fn keys(src: &Source, raw: &RawKeys) -> Result<KeyMap, SettingsError> {
    let mut entries = Vec::new();
    for (screen_name, section) in raw {
        let screen = Screen::all()
            .into_iter()
            .find(|s| s.name() == screen_name)
            .ok_or_else(|| {
                let names: Vec<&str> = Screen::all().iter().map(|s| s.name()).collect();
                src.invalid(
                    section.span().start,
                    &format!("keys.{screen_name}"),
                    format!(
                        "there is no screen `{screen_name}`; the screens are: {}",
                        names.join(", ")
                    ),
                )
            })?;
        let actions = screen.actions();
        for (action_text, value) in section.get_ref() {
            let key = format!("keys.{screen_name}.{action_text}");
            let at = value.span().start;
            let action = actions
                .iter()
                .find(|a| action_name(**a) == action_text)
                .copied()
                .ok_or_else(|| {
                    let names: Vec<&str> = actions.iter().map(|a| action_name(*a)).collect();
                    src.invalid(
                        at,
                        &key,
                        format!(
                            "the {screen_name} screen has no action `{action_text}`; its actions are: {}",
                            names.join(", ")
                        ),
                    )
                })?;
            let keys = value
                .get_ref()
                .specs()
                .into_iter()
                .map(|spec| parse_key(spec).map_err(|e| src.invalid(at, &key, e.to_string())))
                .collect::<Result<Vec<_>, _>>()?;
            entries.push((
                at,
                KeyOverride {
                    screen,
                    action,
                    keys,
                },
            ));
        }
    }
    check_conflicts(src, entries)
}

/// Refuses a config under which one key would do two things on one screen
/// (the table would silently take the first), pointing at the entry that
/// introduced the clash.
fn check_conflicts(
    src: &Source,
    entries: Vec<(usize, KeyOverride)>,
) -> Result<KeyMap, SettingsError> {
    let spans: Vec<(usize, Screen, Action)> = entries
        .iter()
        .map(|(at, o)| (*at, o.screen, o.action))
        .collect();
    let overrides = KeyMap::new(entries.into_iter().map(|(_, o)| o).collect());
    let Some((context, key, first, second)) = overrides.first_conflict() else {
        return Ok(overrides);
    };
    // Blame the configured entry among the two actions (the other keeps its default).
    let blamed = spans
        .iter()
        .filter(|(_, screen, action)| {
            screen.contexts().contains(&context) && (*action == first || *action == second)
        })
        .max_by_key(|(at, _, _)| *at);
    let (at, screen, action) = blamed.copied().unwrap_or((0, Screen::of(context), second));
    let other = if action == first { second } else { first };
    Err(src.invalid(
        at,
        &format!("keys.{}.{}", screen.name(), action_name(action)),
        format!(
            "key `{}` would do both `{}` and `{}` on the {} screen; give `{}` another key, \
             or rebind `{}` too",
            key_label(&key),
            action_name(action),
            action_name(other),
            Screen::of(context).name(),
            action_name(action),
            action_name(other),
        ),
    ))
}
