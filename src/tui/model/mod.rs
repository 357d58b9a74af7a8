//! Everything the TUI knows, as plain data. No I/O happens here: `update`
//! changes the model, the views read it. Below the screens' hosts and the
//! popups' keys, above the screens' states (which it holds): `session` has
//! the steps they share (log in, rescope, reload, show an error, quit),
//! `screen` which screen is open and the trait its host answers through,
//! `table` and `scopes` the main view's state.

pub mod scopes;
mod screen;
pub mod session;
pub mod table;

use chrono::{DateTime, Utc};

use crate::keys::{Action, KeyContext};
use crate::keystone::HeldRole;
use crate::settings::Settings;
use crate::tui::context::Context;
use crate::tui::msg::{SessionInfo, Tag};
use crate::tui::screens::reveal::RevealState;
use crate::tui::screens::wizard::RolesStatus;
use crate::tui::theme::Theme;

pub use crate::tui::popups::Overlay;
pub use crate::tui::screens::cloud_picker::CloudPicker;
pub use scopes::{ScopeKind, ScopePane};
pub use screen::{HostedScreen, KeyHandler, Screen};
pub use table::{CredentialTable, SortBy};

/// Which pane of the main view has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Scopes,
    Credentials,
    Detail,
}

impl Pane {
    pub fn next(self) -> Pane {
        match self {
            Pane::Scopes => Pane::Credentials,
            Pane::Credentials => Pane::Detail,
            Pane::Detail => Pane::Scopes,
        }
    }

    pub fn previous(self) -> Pane {
        match self {
            Pane::Scopes => Pane::Detail,
            Pane::Credentials => Pane::Scopes,
            Pane::Detail => Pane::Credentials,
        }
    }
}

/// Requests in flight, and the generation replies must match.
#[derive(Debug, Clone, Default)]
pub struct Requests {
    next_id: u64,
    /// Bumped on login and rescope: replies tagged with an older generation
    /// belong to a scope the person already left.
    pub generation: u64,
    /// Request id and a short label ("credentials", "delete ci").
    pub pending: Vec<(u64, String)>,
}

impl Requests {
    /// A tag for a new request in the current generation.
    pub fn start(&mut self, label: impl Into<String>) -> Tag {
        self.next_id += 1;
        self.pending.push((self.next_id, label.into()));
        Tag {
            request: self.next_id,
            generation: self.generation,
        }
    }

    /// Starts a new generation (a login or a rescope) and returns its tag.
    pub fn start_generation(&mut self, label: impl Into<String>) -> Tag {
        self.generation += 1;
        self.start(label)
    }

    pub fn finish(&mut self, request: u64) {
        self.pending.retain(|(id, _)| *id != request);
    }

    pub fn is_current(&self, tag: Tag) -> bool {
        tag.generation == self.generation
    }

    pub fn busy(&self) -> bool {
        !self.pending.is_empty()
    }

    /// A create request (the wizard's, or a rotation's successor) is on
    /// its way: its answer carries a secret Keystone never shows again.
    pub fn creating(&self) -> bool {
        self.pending
            .iter()
            .any(|(_, label)| label.starts_with("create ") || label.starts_with("rotate "))
    }
}

pub struct Model {
    /// The clock, palette, local time format and config.toml every screen
    /// reads. Change its settings with [`Model::apply_settings`].
    pub ctx: Context,
    /// The terminal's size, for page sizes and mouse hit-testing.
    pub width: u16,
    pub height: u16,
    pub screen: Screen,
    /// Popups, topmost last.
    pub overlays: Vec<Overlay>,
    pub clouds: CloudPicker,
    pub session: Option<SessionInfo>,
    /// Requests the session has sent (the status bar shows it).
    pub requests_sent: u64,
    pub scopes: ScopePane,
    pub table: CredentialTable,
    pub roles: Vec<HeldRole>,
    /// Whether `roles` is Keystone's answer yet, or why it could not be had.
    pub roles_status: RolesStatus,
    pub focus: Pane,
    pub detail_scroll: u16,
    pub requests: Requests,
    pub last_error: Option<String>,
    /// A passing remark for the status bar ("deleted 2").
    pub notice: Option<String>,
    pub spinner: usize,
    pub quitting: bool,
    /// q or Ctrl-C came while a create was in flight: the loop waits for the
    /// answer and shows the secret (the reveal screen asks before leaving).
    pub quit_after_create: bool,
    /// The quit came from a signal: the answer to the create in flight is
    /// deleted again rather than shown (update/signal_create.rs).
    pub delete_after_create: bool,
    /// That deletion in flight: (id, name).
    pub delete_after_signal: Option<(String, String)>,
    /// Said on stderr once the terminal is restored (a signal ended a create).
    pub farewell: Option<String>,
    /// A device-code login waiting for its approval (drawn over everything).
    pub device_code: Option<crate::tui::screens::device_code::DeviceCodeState>,
}

impl Model {
    pub fn new(now: DateTime<Utc>, theme: Theme, width: u16, height: u16) -> Self {
        Model {
            ctx: Context::new(now, theme.into()),
            width,
            height,
            screen: Screen::CloudPicker,
            overlays: Vec::new(),
            clouds: CloudPicker::default(),
            session: None,
            requests_sent: 0,
            scopes: ScopePane::default(),
            table: CredentialTable::default(),
            roles: Vec::new(),
            roles_status: RolesStatus::Loading,
            focus: Pane::Credentials,
            detail_scroll: 0,
            requests: Requests::default(),
            last_error: None,
            notice: None,
            spinner: 0,
            quitting: false,
            quit_after_create: false,
            delete_after_create: false,
            delete_after_signal: None,
            farewell: None,
            device_code: None,
        }
    }

    /// Takes config.toml's settings: its colours into the palette (the
    /// colour switch stays: `NO_COLOR` wins), its warning window into the
    /// table's counts, the rest kept for the key handling and the screens.
    pub fn apply_settings(&mut self, settings: Settings) {
        self.ctx.theme = Theme {
            color: self.ctx.theme.color,
        }
        .with_colours(settings.colours);
        self.table.warning = settings.shared.expiry_warning();
        self.table.recount(self.ctx.now);
        self.ctx.settings = settings.shared;
        self.ctx.keys = settings.keys;
    }

    /// The first key of `action` in `context` as the hint bars spell it
    /// (`?`), after config.toml; `None` when the config unbound it.
    pub fn key_hint(&self, context: KeyContext, action: Action) -> Option<String> {
        self.ctx.key_hint(context, action)
    }

    /// The reveal screen open now: the wizard's, or a rotation's
    /// successor's.
    pub fn reveal_mut(&mut self) -> Option<&mut RevealState> {
        match &mut self.screen {
            Screen::Reveal(state) => Some(state),
            Screen::Rotate(rotation) => rotation.reveal_mut(),
            _ => None,
        }
    }

    /// Which key table applies when no popup is open: the screen's, or
    /// the pane's, step's or field's inside it.
    pub fn screen_context(&self) -> KeyContext {
        match (&self.screen, self.screen.hosted()) {
            (_, Some(screen)) => screen.key_context(),
            (Screen::CloudPicker, None) => KeyContext::CloudPicker,
            // The main view: the only other screen without a state of its own.
            (_, None) if self.focus == Pane::Credentials && self.table.filtering => {
                KeyContext::Filter
            }
            (_, None) => match self.focus {
                Pane::Scopes => KeyContext::ScopePane,
                Pane::Credentials => KeyContext::CredentialTable,
                Pane::Detail => KeyContext::DetailPane,
            },
        }
    }

    /// Something visible changes on its own with time (a spinner turns).
    pub fn animating(&self) -> bool {
        self.requests.busy()
    }
}
