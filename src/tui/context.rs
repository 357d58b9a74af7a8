//! The shared context every screen's update and view read: the clock, the
//! palette, how a time shows in the user's zone, and config.toml (the key
//! map, export folder, windows). The model holds one; screens borrow it instead
//! of keeping copies in step.

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use crate::keys::{Action, KeyContext};
use crate::settings::{EffectiveBinding, KeyMap, Shared};
use crate::tui::theme::Palette;

pub struct Context {
    /// The time the views and expiry colours use; set by ticks, fixed in tests.
    pub now: DateTime<Utc>,
    pub theme: Palette,
    /// How times show in the person's zone; tests fix it.
    pub local_text: fn(DateTime<Utc>) -> String,
    /// config.toml's shared settings, read once at start: the expiry
    /// warning window, the clipboard delay, the export folder, the token
    /// cache (its colours are already in `theme`).
    pub settings: Shared,
    /// The key table with config.toml's bindings, resolved once at start:
    /// every keystroke and hint bar reads it.
    pub keys: KeyMap,
}

impl Context {
    pub fn new(now: DateTime<Utc>, theme: Palette) -> Self {
        Context {
            now,
            theme,
            local_text: crate::expiry::local_text,
            settings: Shared::default(),
            keys: KeyMap::default(),
        }
    }

    /// The action `event` triggers in `context`, with config.toml's keys.
    pub fn action(&self, context: KeyContext, event: &KeyEvent) -> Option<Action> {
        self.keys.action(context, event)
    }

    /// The keys of `context` as configured, for hint bars and `?`.
    pub fn bindings(&self, context: KeyContext) -> &[EffectiveBinding] {
        self.keys.bindings(context)
    }

    /// The first key of `action` in `context` as the hint bars spell it
    /// (`?`), after config.toml; `None` when the config unbound it.
    pub fn key_hint(&self, context: KeyContext, action: Action) -> Option<String> {
        self.bindings(context)
            .iter()
            .find(|b| b.action == action)
            .and_then(|b| b.keys.first().map(crate::keys::key_label))
    }

    /// All the configured keys of `action` in `context`, as hints spell
    /// them (`Esc/q`); empty when unbound.
    pub fn keys_hint(&self, context: KeyContext, action: Action) -> String {
        self.bindings(context)
            .iter()
            .find(|b| b.action == action)
            .map(|b| {
                b.keys
                    .iter()
                    .map(crate::keys::key_label)
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .unwrap_or_default()
    }

    /// The hint bar of `context`: each binding with hint words, as (key,
    /// words), with config.toml's keys, leaving out `skip` and what the
    /// config unbound. A move pair shows as one (`↑↓ choose`: Down's words
    /// with Up's first key before its own) and a run of keys as `1-8`.
    pub fn hints(&self, context: KeyContext, skip: &[Action]) -> Vec<(String, &'static str)> {
        self.hints_worded(context, skip, &[])
    }

    /// [`Context::hints`] with some actions' words replaced where the
    /// screen knows better (`v show` while hidden, `v hide` while shown).
    pub fn hints_worded(
        &self,
        context: KeyContext,
        skip: &[Action],
        words: &[(Action, &'static str)],
    ) -> Vec<(String, &'static str)> {
        self.hint_pairs(context, skip, words, false)
    }

    /// A popup's hints name two keys where a binding has them (`n/Esc
    /// cancel`): a popup has few keys and room for both.
    pub fn popup_hints(&self, context: KeyContext, skip: &[Action]) -> Vec<(String, &'static str)> {
        self.hint_pairs(context, skip, &[], true)
    }

    fn hint_pairs(
        &self,
        context: KeyContext,
        skip: &[Action],
        words: &[(Action, &'static str)],
        two_keys: bool,
    ) -> Vec<(String, &'static str)> {
        let bindings = self.bindings(context);
        let first = |action: Action| {
            bindings
                .iter()
                .find(|b| b.action == action)
                .and_then(|b| b.keys.first())
                .map(crate::keys::key_label)
        };
        bindings
            .iter()
            .filter(|b| !b.hint.is_empty() && !skip.contains(&b.action))
            .filter_map(|b| {
                let own = if two_keys {
                    let two: Vec<String> =
                        b.keys.iter().take(2).map(crate::keys::key_label).collect();
                    two.join("/")
                } else {
                    crate::keys::key_label(b.keys.first()?)
                };
                let partner = match b.action {
                    Action::Down => first(Action::Up),
                    Action::Right => first(Action::Left),
                    _ => None,
                };
                let label = match (partner, b.keys.last()) {
                    (Some(before), _) => format!("{before}{own}"),
                    (None, Some(last)) if b.keys.len() > 2 && b.action == Action::EditStep => {
                        format!("{own}-{}", crate::keys::key_label(last))
                    }
                    _ => own,
                };
                let hint = words
                    .iter()
                    .find(|(action, _)| *action == b.action)
                    .map_or(b.hint, |(_, w)| *w);
                Some((label, hint))
            })
            .collect()
    }
}
