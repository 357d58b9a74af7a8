//! Key bindings from config.toml, layered over the default key table in
//! `crate::keys`: `[keys.SCREEN] ACTION = KEY | [KEY, ...]` replaces the
//! keys of that one action on that screen; every other key stays.
//!
//! The names people write (screens `credentials`, actions `page_down`) map
//! to the table's own types here with exhaustive matches, so a new action or
//! screen in the key table does not compile until it has a config name.
//! `keymap.rs` resolves the overrides into the table the TUI reads.

use crate::keys::{self, Action, Key, KeyContext};

/// A `[keys.NAME]` section: one key context (a screen, a wizard step, a
/// pane or a popup: `crate::keys::KeyContext` names them all), or `main`,
/// the three panes of the main view at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Scopes, credentials and detail panes together; a pane's own section wins.
    Main,
    Only(KeyContext),
}

impl Screen {
    /// Every section: `main`, then each context.
    pub fn all() -> Vec<Screen> {
        std::iter::once(Screen::Main)
            .chain(KeyContext::ALL.into_iter().map(Screen::Only))
            .collect()
    }

    /// The section name in config.toml.
    pub fn name(self) -> &'static str {
        match self {
            Screen::Main => "main",
            Screen::Only(context) => context.name(),
        }
    }

    /// The key contexts the section applies to.
    pub fn contexts(self) -> Vec<KeyContext> {
        match self {
            Screen::Main => vec![
                KeyContext::ScopePane,
                KeyContext::CredentialTable,
                KeyContext::DetailPane,
            ],
            Screen::Only(context) => vec![context],
        }
    }

    /// The section of exactly this context (never `main`).
    pub fn of(context: KeyContext) -> Screen {
        Screen::Only(context)
    }

    /// The actions that may be rebound in this section: those the key table
    /// has in any of its contexts, in the table's order.
    pub fn actions(self) -> Vec<Action> {
        let mut actions: Vec<Action> = Vec::new();
        for context in self.contexts() {
            for binding in keys::bindings(context) {
                if !actions.contains(&binding.action) {
                    actions.push(binding.action);
                }
            }
        }
        actions
    }
}

/// The config name of an action: `page_down` for `Action::PageDown`.
pub fn action_name(action: Action) -> &'static str {
    match action {
        Action::Up => "up",
        Action::Down => "down",
        Action::Top => "top",
        Action::Bottom => "bottom",
        Action::PageUp => "page_up",
        Action::PageDown => "page_down",
        Action::Select => "select",
        Action::Mark => "mark",
        Action::Filter => "filter",
        Action::Sort => "sort",
        Action::Refresh => "refresh",
        Action::NextPane => "next_pane",
        Action::PreviousPane => "previous_pane",
        Action::Projects => "projects",
        Action::Clouds => "clouds",
        Action::New => "new",
        Action::Delete => "delete",
        Action::Rotate => "rotate",
        Action::Verify => "verify",
        Action::Audit => "audit",
        Action::ShowError => "show_error",
        Action::ThisProject => "this_project",
        Action::Confirm => "confirm",
        Action::Back => "back",
        Action::Help => "help",
        Action::Quit => "quit",
        Action::Left => "left",
        Action::Right => "right",
        Action::NextField => "next_field",
        Action::PreviousField => "previous_field",
        Action::EditStep => "edit_step",
        Action::ShowSecret => "show_secret",
        Action::CopySecret => "copy_secret",
        Action::CopyId => "copy_id",
        Action::Export(format) => format.output().screen.action,
        Action::Destination(kind) => kind.destination().map_or("export", |d| d.screen.action),
        Action::EditExpiry => "edit_expiry",
        Action::Agree => "agree",
    }
}

/// One configured binding: on `screen`, `action` has exactly `keys` (an
/// empty list unbinds it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOverride {
    pub screen: Screen,
    pub action: Action,
    pub keys: Vec<Key>,
}

/// The keys config.toml gives `action` in `context`, if it changes them:
/// the context's own section first, then `main` for the panes.
pub(crate) fn configured(
    overrides: &[KeyOverride],
    context: KeyContext,
    action: Action,
) -> Option<&[Key]> {
    let find = |screen: Screen| {
        overrides
            .iter()
            .find(|o| o.screen == screen && o.action == action)
            .map(|o| o.keys.as_slice())
    };
    find(Screen::of(context)).or_else(|| {
        Screen::Main
            .contexts()
            .contains(&context)
            .then(|| find(Screen::Main))
            .flatten()
    })
}

/// Every key context, for checks that must cover them all.
pub fn all_contexts() -> Vec<KeyContext> {
    KeyContext::ALL.to_vec()
}
