//! The admin audit screen (`A`): asks whose credentials to audit (the
//! current project, or Tab: its domain), runs `crate::audit` (the command
//! line's logic) as one effect with progress, and lists every user's
//! credentials with their flags. Pure like the wizard: [`handle_key`]
//! answers keys, [`draw`] draws; `tui::update::audit` hosts it.

mod draw;
pub mod host;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent};

use crate::audit::{self, Found, Progress, Row, Target};
use crate::tui::theme::Palette;

pub use draw::draw;

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
    pub now: DateTime<Utc>,
    pub theme: Palette,
}

/// What a key asks the host to do.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    None,
    Back,
    /// Run the audit of this target.
    Start(Target),
}

impl AuditState {
    pub fn new(
        project: (String, String),
        domain: (String, String),
        window: Duration,
        now: DateTime<Utc>,
        theme: Palette,
    ) -> Self {
        AuditState {
            project,
            domain,
            whom: Whom::Project,
            phase: Phase::Asking,
            offset: 0,
            window,
            now,
            theme,
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
    pub fn finished(&mut self, found: &Found) {
        self.phase = Phase::Done {
            users: found.users,
            rows: audit::rows(found, self.now, self.window),
        };
        self.offset = 0;
    }

    /// The audit failed (the host shows the error): ask again.
    pub fn failed(&mut self) {
        self.phase = Phase::Asking;
    }
}

/// The keys of the audit's current phase, for `?`.
pub fn key_help(state: &AuditState) -> Vec<(&'static str, &'static str)> {
    match state.phase {
        Phase::Asking => vec![
            ("Tab ← →", "project or domain"),
            ("Enter", "start the audit"),
            ("Esc q", "back"),
        ],
        Phase::Running(_) => vec![("Esc q", "back (the audit is dropped)")],
        Phase::Done { .. } => vec![
            ("↑ k ↓ j", "scroll"),
            ("PgUp PgDn", "page"),
            ("g G", "first / last"),
            ("r", "audit again"),
            ("Esc q", "back"),
        ],
    }
}

pub fn handle_key(state: &mut AuditState, key: KeyEvent) -> Outcome {
    match &state.phase {
        Phase::Asking => match key.code {
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Left | KeyCode::Right => {
                state.whom = match state.whom {
                    Whom::Project => Whom::Domain,
                    Whom::Domain => Whom::Project,
                };
                Outcome::None
            }
            KeyCode::Enter => {
                state.phase = Phase::Running(Progress { done: 0, total: 0 });
                Outcome::Start(state.target())
            }
            KeyCode::Esc | KeyCode::Char('q') => Outcome::Back,
            _ => Outcome::None,
        },
        // Leaving drops the state; the answer then finds no screen to fill.
        Phase::Running(_) => match key.code {
            KeyCode::Esc | KeyCode::Char('q') => Outcome::Back,
            _ => Outcome::None,
        },
        Phase::Done { rows, .. } => {
            let last = rows.len().saturating_sub(1);
            match key.code {
                KeyCode::Up | KeyCode::Char('k') => state.offset = state.offset.saturating_sub(1),
                KeyCode::Down | KeyCode::Char('j') => state.offset = (state.offset + 1).min(last),
                KeyCode::PageUp => state.offset = state.offset.saturating_sub(10),
                KeyCode::PageDown => state.offset = (state.offset + 10).min(last),
                KeyCode::Char('g') | KeyCode::Home => state.offset = 0,
                KeyCode::Char('G') | KeyCode::End => state.offset = last,
                // Again, perhaps of the other target.
                KeyCode::Char('r') => state.phase = Phase::Asking,
                KeyCode::Esc | KeyCode::Char('q') => return Outcome::Back,
                _ => {}
            }
            Outcome::None
        }
    }
}
