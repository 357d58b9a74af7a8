//! The key table: which key does what on which screen. Key handling and the
//! help overlay (`?`) both read these tables, so the help can never
//! disagree with what a key really does.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod common;
use crate::export::{ExportFormat, OutputKind};

mod names;
mod screens;
mod wizard;

/// What a key asks for. Screens interpret an action in their own terms
/// (`Up` moves a selection in a list and scrolls the detail pane).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Select,
    Mark,
    Filter,
    Sort,
    Refresh,
    NextPane,
    PreviousPane,
    Projects,
    Clouds,
    New,
    Delete,
    Rotate,
    Verify,
    Audit,
    ShowError,
    ThisProject,
    Confirm,
    Back,
    Help,
    Quit,
    Left,
    Right,
    NextField,
    PreviousField,
    /// The review's digits: the n-th key of the binding goes to step n.
    EditStep,
    ShowSecret,
    CopySecret,
    CopyId,
    /// Export the new credential: one action per row of the export table
    /// (`crate::export::OUTPUTS`), which gives its key and config name.
    Export(ExportFormat),
    /// Keep the new credential somewhere other than a file (a store): one
    /// action per row of `crate::export::DESTINATIONS`.
    Destination(OutputKind),
    EditExpiry,
    /// `y` on the rotation: create, agreeing to the roles it drops.
    Agree,
}

/// Where the keyboard is: the screen or the pane that has focus, or the
/// popup on top of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyContext {
    CloudPicker,
    ScopePane,
    CredentialTable,
    DetailPane,
    ConfirmDelete,
    ErrorPopup,
    Help,
    /// Typing the credential filter (`/`).
    Filter,
    InfoPopup,
    PasswordPrompt,
    /// Waiting for a device-code login's approval (SSO).
    DeviceCode,
    WizardPreset,
    WizardPresetValues,
    /// The name and description steps.
    WizardText,
    WizardRoles,
    WizardExpiry,
    WizardExpiryTyping,
    WizardUnrestricted,
    WizardRules,
    WizardRuleChoice,
    WizardRulePath,
    WizardSecret,
    WizardSecretTyping,
    WizardReview,
    Reveal,
    RevealLeave,
    RevealExport,
    /// Choosing a hand-off's recipient, then its format.
    RevealPick,
    Rotate,
    RotateExpiry,
    UpdateClouds,
    Retire,
    AuditAsk,
    AuditRunning,
    AuditResults,
}

/// One key, as the table spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    /// The key as the table compares it: Shift dropped for characters and
    /// Shift-Tab, because terminals disagree on reporting it (`G` may come
    /// with or without). Two keys match when their normal forms are equal.
    pub fn normalised(self) -> Key {
        let ignore = match self.code {
            KeyCode::Char(_) | KeyCode::BackTab => KeyModifiers::SHIFT,
            _ => KeyModifiers::NONE,
        };
        Key {
            code: self.code,
            modifiers: self.modifiers - ignore,
        }
    }

    /// A pressed key, in the normal form the tables are looked up by.
    pub fn pressed(event: &KeyEvent) -> Key {
        Key {
            code: event.code,
            modifiers: event.modifiers,
        }
        .normalised()
    }
}

const fn key(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::NONE,
    }
}

const fn code(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::NONE,
    }
}

/// A row of the table: the keys, what they do, the words the help
/// overlay shows, and the shorter words of the hint bar (empty: not there).
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub description: &'static str,
    pub hint: &'static str,
}

const fn bind(keys: &'static [Key], action: Action, description: &'static str) -> Binding {
    hinted(keys, action, description, "")
}

const fn hinted(
    keys: &'static [Key],
    action: Action,
    description: &'static str,
    hint: &'static str,
) -> Binding {
    Binding {
        keys,
        action,
        description,
        hint,
    }
}

const UP: Binding = bind(&[code(KeyCode::Up), key('k')], Action::Up, "move up");
const DOWN: Binding = bind(&[code(KeyCode::Down), key('j')], Action::Down, "move down");
const TOP: Binding = bind(&[key('g'), code(KeyCode::Home)], Action::Top, "first row");
const BOTTOM: Binding = bind(&[key('G'), code(KeyCode::End)], Action::Bottom, "last row");
const PAGE_UP: Binding = bind(&[code(KeyCode::PageUp)], Action::PageUp, "page up");
const PAGE_DOWN: Binding = bind(&[code(KeyCode::PageDown)], Action::PageDown, "page down");
const HELP: Binding = bind(&[key('?')], Action::Help, "this help");
const QUIT: Binding = bind(&[key('q')], Action::Quit, "quit");

/// Keys of the main view that work whichever pane has focus.
const MAIN_VIEW: &[Binding] = &[
    bind(
        &[code(KeyCode::Tab)],
        Action::NextPane,
        "next pane (scopes, credentials, detail)",
    ),
    bind(
        &[code(KeyCode::BackTab)],
        Action::PreviousPane,
        "previous pane",
    ),
    bind(
        &[key('p')],
        Action::Projects,
        "go to the scope pane (projects)",
    ),
    bind(&[key('C')], Action::Clouds, "choose another cloud"),
    bind(&[key('n')], Action::New, "new credential (wizard)"),
    bind(
        &[key('A')],
        Action::Audit,
        "admin audit: every user's credentials here",
    ),
    bind(
        &[key('r')],
        Action::Refresh,
        "reload credentials, scopes and roles",
    ),
    bind(&[key('e')], Action::ShowError, "the last error in full"),
    HELP,
    QUIT,
];

const CLOUD_PICKER: &[Binding] = &[
    UP,
    DOWN,
    TOP,
    BOTTOM,
    bind(
        &[code(KeyCode::Enter)],
        Action::Select,
        "log in to this cloud",
    ),
    bind(&[key('r')], Action::Refresh, "read clouds.yaml again"),
    bind(&[code(KeyCode::Esc)], Action::Back, "back to the main view"),
    HELP,
    QUIT,
];

const SCOPE_PANE: &[Binding] = &[
    UP,
    DOWN,
    TOP,
    BOTTOM,
    PAGE_UP,
    PAGE_DOWN,
    bind(
        &[code(KeyCode::Enter)],
        Action::Select,
        "switch to this scope",
    ),
    bind(
        &[code(KeyCode::Esc)],
        Action::Back,
        "back to the credentials",
    ),
];

const CREDENTIAL_TABLE: &[Binding] = &[
    UP,
    DOWN,
    TOP,
    BOTTOM,
    PAGE_UP,
    PAGE_DOWN,
    bind(
        &[key(' ')],
        Action::Mark,
        "mark for deletion (several at once)",
    ),
    bind(
        &[key('d'), code(KeyCode::Delete)],
        Action::Delete,
        "delete the marked or selected",
    ),
    bind(
        &[key('R')],
        Action::Rotate,
        "rotate: a successor, then delete or keep the old",
    ),
    bind(
        &[key('t')],
        Action::Verify,
        "verify (needs the secret: see why)",
    ),
    bind(&[key('/')], Action::Filter, "filter by name (fuzzy)"),
    bind(&[key('s')], Action::Sort, "sort by name / expiry"),
    bind(&[key('c')], Action::ThisProject, "only this project / all"),
    bind(
        &[code(KeyCode::Enter)],
        Action::Select,
        "show the detail pane",
    ),
    bind(
        &[code(KeyCode::Esc)],
        Action::Back,
        "clear the filter and marks",
    ),
];

const DETAIL_PANE: &[Binding] = &[
    UP,
    DOWN,
    TOP,
    PAGE_UP,
    PAGE_DOWN,
    bind(
        &[code(KeyCode::Esc)],
        Action::Back,
        "back to the credentials",
    ),
];

const CONFIRM_DELETE: &[Binding] = &[
    hinted(
        &[key('y'), code(KeyCode::Enter)],
        Action::Confirm,
        "delete",
        "delete",
    ),
    hinted(
        &[key('n'), code(KeyCode::Esc)],
        Action::Back,
        "cancel / close",
        "cancel",
    ),
];

const ERROR_POPUP: &[Binding] = &[hinted(
    &[code(KeyCode::Esc), code(KeyCode::Enter)],
    Action::Back,
    "close",
    "close",
)];

const HELP_OVERLAY: &[Binding] = &[bind(
    &[code(KeyCode::Esc), key('?'), key('q')],
    Action::Back,
    "close the help",
)];

/// The bindings that apply in `context`, in the order the help shows them.
/// The main view's panes share [`MAIN_VIEW`], listed after their own keys.
pub fn bindings(context: KeyContext) -> Vec<&'static Binding> {
    let (own, shared): (&'static [Binding], &'static [Binding]) = match context {
        KeyContext::CloudPicker => (CLOUD_PICKER, &[]),
        KeyContext::ScopePane => (SCOPE_PANE, MAIN_VIEW),
        KeyContext::CredentialTable => (CREDENTIAL_TABLE, MAIN_VIEW),
        KeyContext::DetailPane => (DETAIL_PANE, MAIN_VIEW),
        KeyContext::ConfirmDelete => (CONFIRM_DELETE, &[]),
        KeyContext::ErrorPopup => (ERROR_POPUP, &[]),
        KeyContext::Help => (HELP_OVERLAY, &[]),
        other => (
            screens::table(other)
                .or_else(|| wizard::table(other))
                .unwrap_or(&[]),
            &[],
        ),
    };
    own.iter().chain(shared).collect()
}

/// The action `event` triggers in `context` by the default table, if any
/// (the TUI reads `settings::KeyMap`, which has config.toml applied).
pub fn action(context: KeyContext, event: &KeyEvent) -> Option<Action> {
    bindings(context)
        .into_iter()
        .find(|b| b.keys.iter().any(|k| matches(k, event)))
        .map(|b| b.action)
}

/// Whether a pressed key is this table key (the one matching rule:
/// [`Key::normalised`]).
pub fn matches(key: &Key, event: &KeyEvent) -> bool {
    key.normalised() == Key::pressed(event)
}

/// How the help overlay spells a key: `↑`, `k`, `PgDn`, `Space`, `Ctrl-c`.
pub fn key_label(key: &Key) -> String {
    let name = match key.code {
        KeyCode::Up => "↑".to_string(),
        KeyCode::Down => "↓".to_string(),
        KeyCode::Left => "←".to_string(),
        KeyCode::Right => "→".to_string(),
        KeyCode::PageUp => "PgUp".to_string(),
        KeyCode::PageDown => "PgDn".to_string(),
        KeyCode::Home => "Home".to_string(),
        KeyCode::End => "End".to_string(),
        KeyCode::Enter => "Enter".to_string(),
        KeyCode::Esc => "Esc".to_string(),
        KeyCode::Tab => "Tab".to_string(),
        KeyCode::BackTab => "Shift-Tab".to_string(),
        KeyCode::Delete => "Del".to_string(),
        KeyCode::Backspace => "Backspace".to_string(),
        KeyCode::Insert => "Ins".to_string(),
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        other => format!("{other:?}"),
    };
    // Config files may add Alt to any key; say so, as for Ctrl.
    let alt = if key.modifiers.contains(KeyModifiers::ALT) {
        "Alt-"
    } else {
        ""
    };
    let ctrl = if key.modifiers.contains(KeyModifiers::CONTROL) {
        "Ctrl-"
    } else {
        ""
    };
    format!("{ctrl}{alt}{name}")
}

/// All the keys of a binding, as the help shows them: `↑ k`.
pub fn keys_label(binding: &Binding) -> String {
    label_keys(binding.keys)
}

/// Keys as the help shows them: `↑ k`; `-` for none (an action the
/// config unbound).
pub fn label_keys(keys: &[Key]) -> String {
    if keys.is_empty() {
        return "-".to_string();
    }
    keys.iter().map(key_label).collect::<Vec<_>>().join(" ")
}

/// Ctrl-C quits from anywhere: in raw mode it arrives as a key, not a signal.
pub fn is_interrupt(event: &KeyEvent) -> bool {
    event.modifiers.contains(KeyModifiers::CONTROL)
        && matches!(event.code, KeyCode::Char('c') | KeyCode::Char('C'))
}

#[cfg(test)]
mod tests;
