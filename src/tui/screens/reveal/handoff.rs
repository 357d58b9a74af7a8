//! Handing the credential off from the secret screen (issue 26): the
//! hand-off key (the `OutputKind::Recipient` row of
//! `crate::export::DESTINATIONS`) lists config.toml's `[recipients]`, then
//! the export formats (the hand-off's default, JSON, first), then asks for
//! the file, `<credential>-<recipient>.age` in the export folder. Enter
//! hands the owner an [`Outcome::Handoff`]; its runner seals the export
//! with age in memory (`crate::handoff::seal_export`, as `--to` does) and
//! writes only the armoured ciphertext, 0600 and atomically. With no
//! recipients configured the key shows how to name them instead.
//!
//! A recipient's file is read when sealing, not here: a missing or bad
//! one is the runner's error, shown on this screen, nothing written.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crossterm::event::KeyEvent;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::{Mode, Outcome, RevealState, file_safe};
use crate::export::{ExportFormat, OutputKind};
use crate::handoff::DEFAULT_FORMAT;
use crate::keys::{Action, KeyContext};

pub(super) use super::handoff_view::draw;

/// What the owner seals and writes. Nothing secret: the owner adds the
/// credential and its secret from the state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handoff {
    /// The recipient's name in config.toml's `[recipients]`.
    pub recipient: String,
    /// Its public key, or the file of keys (read when sealing).
    pub spec: String,
    pub format: ExportFormat,
    pub path: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    /// No `[recipients]`: how to configure them.
    Unconfigured,
    Recipient,
    Format,
    Path,
}

/// The hand-off being chosen: which step, what is highlighted, the file.
#[derive(Debug)]
pub(super) struct Pick {
    pub(super) step: Step,
    pub(super) recipient: usize,
    pub(super) format: usize,
    pub(super) path: Input,
}

impl Pick {
    /// The file field has the keyboard (`?` is a character there).
    pub(super) fn typing(&self) -> bool {
        self.step == Step::Path
    }

    pub(super) fn key_context(&self) -> KeyContext {
        match self.step {
            Step::Path => KeyContext::RevealExport,
            _ => KeyContext::RevealPick,
        }
    }

    /// The keys the hint bar leaves out at this step: no Tab (one field),
    /// and only Esc where there is nothing to choose.
    pub(super) fn hints_skipped(&self) -> &'static [Action] {
        match self.step {
            Step::Unconfigured => &[Action::Up, Action::Down, Action::Confirm],
            _ => &[Action::NextField],
        }
    }

    /// The file field, while it is asked for (pastes go there).
    pub(super) fn path_mut(&mut self) -> Option<&mut Input> {
        (self.step == Step::Path).then_some(&mut self.path)
    }
}

/// Up or Down in a pick list of `n` rows (the hand-off's, the store's):
/// the highlight moves, wrapping at either end.
pub(super) fn move_in_list(at: &mut usize, n: usize, action: Option<Action>) {
    *at = match action {
        Some(Action::Up) => at.checked_sub(1).unwrap_or(n.saturating_sub(1)),
        _ => (*at + 1) % n.max(1),
    };
}

/// The formats in the order offered: the hand-off's default first (the
/// one `appcred import` reads back into any format), then the table's.
pub(super) fn formats() -> Vec<ExportFormat> {
    let rest = ExportFormat::ALL
        .into_iter()
        .filter(|f| *f != DEFAULT_FORMAT);
    std::iter::once(DEFAULT_FORMAT).chain(rest).collect()
}

/// The hand-off row of the destinations table.
pub(super) fn row() -> Option<&'static crate::export::Destination> {
    OutputKind::Recipient.destination()
}

impl RevealState {
    /// Offers config.toml's `[recipients]` (name -> key or file) to the
    /// hand-off key.
    pub fn with_recipients(mut self, recipients: BTreeMap<String, String>) -> Self {
        self.recipients = recipients;
        self
    }

    /// The hand-off key: the recipients to pick from, or how to name some.
    pub(super) fn handoff_key(&mut self) -> Outcome {
        self.status = None;
        self.error = None;
        let step = if self.recipients.is_empty() {
            Step::Unconfigured
        } else {
            Step::Recipient
        };
        self.mode = Mode::Handoff(Pick {
            step,
            recipient: 0,
            format: 0,
            path: Input::default(),
        });
        Outcome::Redraw
    }

    /// A key while the hand-off is being chosen.
    pub(super) fn handoff_step(&mut self, action: Option<Action>, key: KeyEvent) -> Outcome {
        let Mode::Handoff(pick) = &mut self.mode else {
            return Outcome::None;
        };
        let n = match pick.step {
            Step::Recipient => self.recipients.len(),
            _ => formats().len(),
        };
        match (pick.step, action) {
            (Step::Unconfigured, Some(Action::Back | Action::Confirm)) => {
                self.mode = Mode::Normal;
                Outcome::Redraw
            }
            (Step::Unconfigured, _) => Outcome::None,
            (Step::Recipient | Step::Format, Some(Action::Up | Action::Down)) => {
                let at = match pick.step {
                    Step::Recipient => &mut pick.recipient,
                    _ => &mut pick.format,
                };
                move_in_list(at, n, action);
                Outcome::Redraw
            }
            (Step::Recipient, Some(Action::Confirm)) => {
                pick.step = Step::Format;
                Outcome::Redraw
            }
            (Step::Recipient, Some(Action::Back)) | (Step::Path, Some(Action::Back)) => {
                self.mode = Mode::Normal;
                Outcome::Redraw
            }
            (Step::Format, Some(Action::Back)) => {
                pick.step = Step::Recipient;
                Outcome::Redraw
            }
            (Step::Format, Some(Action::Confirm)) => {
                let name = self
                    .recipients
                    .keys()
                    .nth(pick.recipient)
                    .cloned()
                    .unwrap_or_default();
                let path = self.handoff_path(&name);
                if let Mode::Handoff(pick) = &mut self.mode {
                    pick.path = Input::new(path.display().to_string());
                    pick.step = Step::Path;
                }
                Outcome::Redraw
            }
            (Step::Path, Some(Action::Confirm)) => self.submit_handoff(),
            (Step::Path, _) => match pick.path.handle_event(&crossterm::event::Event::Key(key)) {
                Some(_) => Outcome::Redraw,
                None => Outcome::None,
            },
            _ => Outcome::None,
        }
    }

    /// The suggested file: `<credential>-<recipient>.age` in the export
    /// folder (config.toml's `export_dir`, else the current one).
    pub fn handoff_path(&self, recipient: &str) -> PathBuf {
        let file = format!(
            "{}-{}.age",
            file_safe(&self.credential.name),
            file_safe(recipient)
        );
        match &self.export_dir {
            Some(dir) => dir.join(file),
            None => PathBuf::from(format!("./{file}")),
        }
    }

    fn submit_handoff(&mut self) -> Outcome {
        let Mode::Handoff(pick) = &self.mode else {
            return Outcome::None;
        };
        let typed = pick.path.value().trim();
        if typed.is_empty() {
            self.set_error("type a file path for the hand-off");
            return Outcome::Redraw;
        }
        let path = super::keys::expand_home(typed, self.export.home.as_deref());
        let chosen = self.recipients.iter().nth(pick.recipient);
        let Some((recipient, spec)) = chosen.map(|(n, s)| (n.clone(), s.clone())) else {
            self.mode = Mode::Normal;
            return Outcome::Redraw;
        };
        let format = formats()
            .get(pick.format)
            .copied()
            .unwrap_or(DEFAULT_FORMAT);
        self.mode = Mode::Normal;
        self.status = Some(format!(
            "Sealing the {} export for {}…",
            format.output().name,
            crate::terminal_text::name(&recipient)
        ));
        self.error = None;
        Outcome::Handoff(Handoff {
            recipient,
            spec,
            format,
            path,
        })
    }

    /// The runner wrote the hand-off for `recipient` to `path`.
    pub fn handed_off(&mut self, recipient: &str, path: &std::path::Path) {
        let whom = crate::terminal_text::name(recipient);
        self.set_status(format!(
            "Wrote {} for {whom} (age, armoured, mode 0600): only {whom} can open it",
            path.display()
        ));
    }

    /// How many rows the hand-off needs under the fields (`None`: no
    /// hand-off open).
    pub(super) fn handoff_height(&self) -> Option<u16> {
        let Mode::Handoff(pick) = &self.mode else {
            return None;
        };
        let rows = match pick.step {
            Step::Unconfigured => UNCONFIGURED.len() + 1,
            Step::Recipient => self.recipients.len() + 1,
            Step::Format => formats().len() + 1,
            Step::Path => 4,
        };
        Some(u16::try_from(rows).unwrap_or(u16::MAX))
    }
}

/// What the key says with no `[recipients]` in config.toml.
pub(super) const UNCONFIGURED: [&str; 5] = [
    "No recipients yet: name them in config.toml, then start appcred again:",
    "  [recipients]",
    "  bob = \"age1...\"                      # an age public key (age-keygen -y)",
    "  carol = \"ssh-ed25519 AAAA... carol\"  # an SSH public key line",
    "  team-b = \"~/keys/team-b.pub\"         # a file of keys, one a line",
];
