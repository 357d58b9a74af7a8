//! The shared context every screen's update and view read: the clock, the
//! palette, how a time shows in the user's zone, and config.toml (keys,
//! export folder, windows). The model holds one; screens borrow it instead
//! of keeping copies in step.

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use crate::keys::{Action, KeyContext};
use crate::settings::{EffectiveBinding, Settings};
use crate::tui::theme::Palette;

pub struct Context {
    /// The time the views and expiry colours use; set by ticks, fixed in tests.
    pub now: DateTime<Utc>,
    pub theme: Palette,
    /// How times show in the person's zone; tests fix it.
    pub local_text: fn(DateTime<Utc>) -> String,
    /// config.toml, read once at start: keys, colours (already in `theme`),
    /// the expiry warning window, the clipboard delay and the export folder.
    pub settings: Settings,
}

impl Context {
    pub fn new(now: DateTime<Utc>, theme: Palette) -> Self {
        Context {
            now,
            theme,
            local_text: crate::expiry::local_text,
            settings: Settings::default(),
        }
    }

    /// The action `event` triggers in `context`, with config.toml's keys.
    pub fn action(&self, context: KeyContext, event: &KeyEvent) -> Option<Action> {
        self.settings.keys.action(context, event)
    }

    /// The keys of `context` as configured, for hint bars and `?`.
    pub fn bindings(&self, context: KeyContext) -> Vec<EffectiveBinding> {
        self.settings.keys.bindings(context)
    }

    /// The first key of `action` in `context` as the hint bars spell it
    /// (`?`), after config.toml; `None` when the config unbound it.
    pub fn key_hint(&self, context: KeyContext, action: Action) -> Option<String> {
        self.bindings(context)
            .into_iter()
            .find(|b| b.action == action)
            .and_then(|b| b.keys.first().map(crate::keys::key_label))
    }

    /// All the configured keys of `action` in `context`, as hints spell
    /// them (`Esc/q`); empty when unbound.
    pub fn keys_hint(&self, context: KeyContext, action: Action) -> String {
        self.bindings(context)
            .into_iter()
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
}
