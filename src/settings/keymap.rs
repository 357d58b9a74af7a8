//! The key table as the TUI uses it: the defaults of `crate::keys` with
//! config.toml's `[keys.*]` overrides applied, resolved once when the file
//! is read. Per context it holds the effective rows (for the help overlay
//! and the hint bars) and a map from a pressed key to its action, so a
//! keystroke costs one lookup instead of rebuilding the table.

use std::collections::HashMap;
use std::fmt;

use crossterm::event::KeyEvent;

use super::keys::{KeyOverride, configured};
use crate::keys::{self, Action, Key, KeyContext};

/// A row of the key table as it stands after the config: what the TUI's key
/// handling and its help overlay should both read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EffectiveBinding {
    pub action: Action,
    pub keys: Vec<Key>,
    pub description: &'static str,
    /// The hint bar's words (empty: not in the hint bar).
    pub hint: &'static str,
}

/// Every key context's bindings with the config applied. Built from the
/// config's `[keys.*]` entries, already checked: known screens and actions,
/// valid key specs (and, once read by `Settings::parse`, no key doing two
/// things on one screen).
#[derive(Clone)]
pub struct KeyMap {
    overrides: Vec<KeyOverride>,
    contexts: HashMap<KeyContext, Resolved>,
}

/// One context: its rows in the help's order, and each key's action (the
/// first row with that key wins, as in the table).
#[derive(Clone)]
struct Resolved {
    bindings: Vec<EffectiveBinding>,
    by_key: HashMap<Key, Action>,
}

impl Resolved {
    fn new(context: KeyContext, overrides: &[KeyOverride]) -> Self {
        let bindings: Vec<EffectiveBinding> = keys::bindings(context)
            .into_iter()
            .map(|b| EffectiveBinding {
                action: b.action,
                keys: configured(overrides, context, b.action)
                    .unwrap_or(b.keys)
                    .to_vec(),
                description: b.description,
                hint: b.hint,
            })
            .collect();
        let mut by_key = HashMap::new();
        for b in &bindings {
            for key in &b.keys {
                by_key.entry(key.normalised()).or_insert(b.action);
            }
        }
        Resolved { bindings, by_key }
    }
}

impl Default for KeyMap {
    /// The default table, no overrides.
    fn default() -> Self {
        KeyMap::new(Vec::new())
    }
}

impl KeyMap {
    pub(crate) fn new(overrides: Vec<KeyOverride>) -> Self {
        let contexts = KeyContext::ALL
            .into_iter()
            .map(|context| (context, Resolved::new(context, &overrides)))
            .collect();
        KeyMap {
            overrides,
            contexts,
        }
    }

    /// Whether config.toml changes no key.
    pub fn is_empty(&self) -> bool {
        self.overrides.is_empty()
    }

    /// The config's `[keys.*]` entries, as written.
    pub fn overrides(&self) -> &[KeyOverride] {
        &self.overrides
    }

    /// The configured keys of `action` in `context`, if the config changes
    /// them: the context's own section first, then `main` for the panes.
    pub fn keys(&self, context: KeyContext, action: Action) -> Option<&[Key]> {
        configured(&self.overrides, context, action)
    }

    /// The key table of `context` with the config applied, in the order
    /// the help overlay shows it.
    pub fn bindings(&self, context: KeyContext) -> &[EffectiveBinding] {
        self.contexts
            .get(&context)
            .map_or(&[], |r| r.bindings.as_slice())
    }

    /// The action `event` triggers in `context`: `keys::action` with the
    /// config applied (same matching rule, `Key::normalised`).
    pub fn action(&self, context: KeyContext, event: &KeyEvent) -> Option<Action> {
        self.contexts
            .get(&context)?
            .by_key
            .get(&Key::pressed(event))
            .copied()
    }

    /// The first key that would do two different things in one context,
    /// as (context, key, first action, second action).
    pub(crate) fn first_conflict(&self) -> Option<(KeyContext, Key, Action, Action)> {
        KeyContext::ALL.into_iter().find_map(|context| {
            let bindings = self.bindings(context);
            bindings.iter().enumerate().find_map(|(i, a)| {
                bindings[i + 1..].iter().find_map(|b| {
                    let clash = a.keys.iter().find(|k| b.keys.contains(k))?;
                    (a.action != b.action).then_some((context, *clash, a.action, b.action))
                })
            })
        })
    }
}

/// The resolved tables follow from the overrides, so the overrides alone
/// say whether two maps are the same and are all a message needs to show.
impl PartialEq for KeyMap {
    fn eq(&self, other: &Self) -> bool {
        self.overrides == other.overrides
    }
}

impl Eq for KeyMap {}

impl fmt::Debug for KeyMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyMap")
            .field("overrides", &self.overrides)
            .finish_non_exhaustive()
    }
}
