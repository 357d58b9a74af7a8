//! The admin audit screen (`A`): asks whose credentials to audit (the
//! current project, or Tab: its domain), runs `crate::audit` (the command
//! line's logic) as one effect with progress, and lists every user's
//! credentials with their flags. Pure like the wizard: [`handle_key`]
//! answers keys, [`draw`] draws; `host` is the model side (opening it with
//! `A`, running the audit, its answer).

pub mod host;
#[cfg(test)]
mod tests;
mod view;

use chrono::{DateTime, Duration, Utc};
use crossterm::event::KeyEvent;

use crate::audit::{self, Found, Progress, Row, Target};
use crate::keys::{Action, KeyContext};
use crate::tui::context::Context;

pub use view::draw;

/// Whose credentials: the current project, or the domain it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whom {
    Project,
    Domain,
}

/// Where the audit is.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// Choosing project or domain; Enter starts.
    Asking,
    /// Fetching: users whose credentials arrived, of all.
    Running(Progress),
    /// The result, flagged.
    Done { users: usize, rows: Vec<Row> },
}

pub struct AuditState {
    /// (id, name) of the current project and of its domain.
    pub project: (String, String),
    pub domain: (String, String),
    pub whom: Whom,
    pub phase: Phase,
    /// First row on screen in the result.
    pub offset: usize,
    /// "Expiring" means within this window (config.toml).
    pub window: Duration,
}

/// What a key asks the screen's update (`update.rs`) to do.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    None,
    Back,
    /// Run the audit of this target.
    Start(Target),
}

impl AuditState {
    pub fn new(project: (String, String), domain: (String, String), window: Duration) -> Self {
        AuditState {
            project,
            domain,
            whom: Whom::Project,
            phase: Phase::Asking,
            offset: 0,
            window,
        }
    }

    /// The target as Keystone takes it (by id: names may repeat across
    /// domains).
    pub fn target(&self) -> Target {
        match self.whom {
            Whom::Project => Target::Project(self.project.0.clone()),
            Whom::Domain => Target::Domain(self.domain.0.clone()),
        }
    }

    /// "project demo" / "domain Default".
    pub fn target_label(&self) -> String {
        match self.whom {
            Whom::Project => format!("project {}", self.project.1),
            Whom::Domain => format!("domain {}", self.domain.1),
        }
    }

    pub fn progress(&mut self, progress: Progress) {
        if matches!(self.phase, Phase::Running(_)) {
            self.phase = Phase::Running(progress);
        }
    }

    /// The audit answered: flag what it found.
    pub fn finished(&mut self, found: &Found, now: DateTime<Utc>) {
        self.phase = Phase::Done {
            users: found.users,
            rows: audit::rows(found, now, self.window),
        };
        self.offset = 0;
    }

    /// The audit failed (`update.rs` shows the error): ask again.
    pub fn failed(&mut self) {
        self.phase = Phase::Asking;
    }

    /// The key table of the current phase.
    pub fn key_context(&self) -> KeyContext {
        match self.phase {
            Phase::Asking => KeyContext::AuditAsk,
            Phase::Running(_) => KeyContext::AuditRunning,
            Phase::Done { .. } => KeyContext::AuditResults,
        }
    }
}

pub fn handle_key(state: &mut AuditState, ctx: &Context, key: KeyEvent) -> Outcome {
    let action = ctx.action(state.key_context(), &key);
    match &state.phase {
        Phase::Asking => match action {
            Some(Action::NextField) => {
                state.whom = match state.whom {
                    Whom::Project => Whom::Domain,
                    Whom::Domain => Whom::Project,
                };
                Outcome::None
            }
            Some(Action::Confirm) => {
                state.phase = Phase::Running(Progress { done: 0, total: 0 });
                Outcome::Start(state.target())
            }
            Some(Action::Back) => Outcome::Back,
            _ => Outcome::None,
        },
        // Leaving drops the state; the answer then finds no screen to fill.
        Phase::Running(_) => match action {
            Some(Action::Back) => Outcome::Back,
            _ => Outcome::None,
        },
        Phase::Done { rows, .. } => {
            let last = rows.len().saturating_sub(1);
            match action {
                Some(Action::Up) => state.offset = state.offset.saturating_sub(1),
                Some(Action::Down) => state.offset = (state.offset + 1).min(last),
                Some(Action::PageUp) => state.offset = state.offset.saturating_sub(10),
                Some(Action::PageDown) => state.offset = (state.offset + 10).min(last),
                Some(Action::Top) => state.offset = 0,
                Some(Action::Bottom) => state.offset = last,
                // Again, perhaps of the other target.
                Some(Action::Refresh) => state.phase = Phase::Asking,
                Some(Action::Back) => return Outcome::Back,
                _ => {}
            }
            Outcome::None
        }
    }
}
