//! A rotation as one value, from `R` until the old credential is deleted
//! or kept: [`Rotation`] and the [`Phase`] it is in. `Screen::Rotate`
//! holds it; nothing else in the model knows a rotation is under way.
//!
//! ```text
//! Confirm ──Enter/y──▶ Creating ──created──▶ Reveal ──Esc (leave)──▶ Retire ──d──▶ Retiring ──▶ done
//!    │ Esc                │ error: Confirm       │ progress:                 │ k/Esc: kept
//!    ▼                    ▼ again, saying why    │ Verifying ─▶ Fails (old kept)
//!  the list                                      │   └▶ LookingForConsumers ─▶ Works (none)
//!                                                │        └▶ Asking ─n▶ Works / ─y▶ Updating
//!                                                │             Updating ─▶ Works / ConsumersBroken (old kept)
//! ```
//! The progress runs on its own while the person reads the secret, and
//! goes on after the reveal screen is left (a verification may still be
//! on its way then).

use std::path::PathBuf;

use tui_input::Input;

use super::RotatePlan;
use crate::export::EntryRef;
use crate::keys::KeyContext;
use crate::keystone::ApplicationCredential;
use crate::tui::screens::reveal::RevealState;

pub struct Rotation {
    pub old: ApplicationCredential,
    /// The successor's name, as planned (and as Keystone keeps it).
    pub new_name: String,
    pub phase: Phase,
}

pub enum Phase {
    /// The plan on screen; nothing is sent yet.
    Confirm(Confirm),
    /// The create request is on its way; the confirmation stays drawn.
    Creating(Confirm),
    /// The successor exists: its secret is on the reveal screen (the only
    /// place it lives), while it is checked.
    Reveal {
        reveal: Box<RevealState>,
        progress: Progress,
    },
    /// The reveal screen was left (its secret dropped): delete the old
    /// one or keep both? Drawn over the list.
    Retire(Progress),
    /// The old one's deletion was sent.
    Retiring(Progress),
}

/// The confirmation screen's state. Holds no secret: Keystone generates
/// the new one and it goes straight to the reveal screen.
pub struct Confirm {
    pub plan: RotatePlan,
    /// Why the last try failed (a refused expiry, a failed create).
    pub error: Option<String>,
    /// `e`: the successor's expiry being typed (as `--expires` takes it,
    /// or `never`).
    pub expiry_input: Option<Input>,
}

impl Confirm {
    pub fn new(plan: RotatePlan) -> Self {
        Confirm {
            plan,
            error: None,
            expiry_input: None,
        }
    }

    /// Dropping roles needs the explicit `y`; Enter alone is not enough.
    pub fn needs_agreement(&self) -> bool {
        !self.plan.dropped.is_empty()
    }

    pub fn key_context(&self) -> KeyContext {
        if self.expiry_input.is_some() {
            KeyContext::RotateExpiry
        } else {
            KeyContext::Rotate
        }
    }
}

/// What became of the successor once created: verified, then what uses
/// the old id looked for, asked about and updated (the command line's
/// `rotation::clouds` step), in this order.
#[derive(Debug, Clone, PartialEq)]
pub enum Progress {
    /// Logging in with its id and secret.
    Verifying,
    /// It does not authenticate (why): the old one must stay.
    Fails(String),
    /// It works; looking for what uses the old id.
    LookingForConsumers,
    /// These use the old id: the person is asked whether to update them.
    Asking(Consumers),
    /// Writing and proving the updated consumers.
    Updating,
    /// It works, and nothing is left to update (none found, declined, or
    /// updated and proven).
    Works,
    /// An update failed, or an updated consumer does not authenticate:
    /// the old credential must stay (as the command line keeps it).
    ConsumersBroken,
}

impl Progress {
    /// Keystone issued a token for the successor.
    pub fn verified(&self) -> bool {
        !matches!(self, Progress::Verifying | Progress::Fails(_))
    }

    /// Whether deleting the old one is safe: the successor works and
    /// nothing updated to it is broken.
    pub fn may_retire(&self) -> bool {
        self.verified() && *self != Progress::ConsumersBroken
    }
}

/// What uses the old id: entries of the clouds.yaml appcred read (`file`),
/// and consumer files found beside it and in `export_dir`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Consumers {
    pub file: Option<PathBuf>,
    pub entries: Vec<EntryRef>,
    pub files: Vec<PathBuf>,
    /// The secret stores recorded as holding the old credential (their
    /// canonical addresses, `crate::held`).
    pub stores: Vec<String>,
}

impl Consumers {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.files.is_empty() && self.stores.is_empty()
    }
}

impl Rotation {
    pub fn new(plan: RotatePlan) -> Self {
        Rotation {
            old: plan.old.clone(),
            new_name: plan.request.name.clone(),
            phase: Phase::Confirm(Confirm::new(plan)),
        }
    }

    /// The confirmation, while it is on screen.
    pub fn confirm(&self) -> Option<&Confirm> {
        match &self.phase {
            Phase::Confirm(c) | Phase::Creating(c) => Some(c),
            _ => None,
        }
    }

    pub fn progress(&self) -> Option<&Progress> {
        match &self.phase {
            Phase::Reveal { progress, .. }
            | Phase::Retire(progress)
            | Phase::Retiring(progress) => Some(progress),
            Phase::Confirm(_) | Phase::Creating(_) => None,
        }
    }

    /// The successor's reveal screen, while it is open.
    pub fn reveal(&self) -> Option<&RevealState> {
        match &self.phase {
            Phase::Reveal { reveal, .. } => Some(reveal),
            _ => None,
        }
    }

    pub fn reveal_mut(&mut self) -> Option<&mut RevealState> {
        match &mut self.phase {
            Phase::Reveal { reveal, .. } => Some(reveal),
            _ => None,
        }
    }

    /// The reveal screen, when it has the keyboard (no question over it).
    pub fn reveal_typing_mut(&mut self) -> Option<&mut RevealState> {
        match &mut self.phase {
            Phase::Reveal {
                progress: Progress::Asking(_),
                ..
            } => None,
            Phase::Reveal { reveal, .. } => Some(reveal),
            _ => None,
        }
    }

    /// The reveal screen was left: the list is drawn beneath the question.
    pub fn over_the_list(&self) -> bool {
        matches!(self.phase, Phase::Retire(_) | Phase::Retiring(_))
    }

    /// The key table of what has the keyboard now.
    pub fn key_context(&self) -> KeyContext {
        match &self.phase {
            Phase::Confirm(c) | Phase::Creating(c) => c.key_context(),
            Phase::Reveal {
                progress: Progress::Asking(_),
                ..
            } => KeyContext::UpdateClouds,
            Phase::Reveal { reveal, .. } => reveal.key_context(),
            Phase::Retire(_) | Phase::Retiring(_) => KeyContext::Retire,
        }
    }
}
