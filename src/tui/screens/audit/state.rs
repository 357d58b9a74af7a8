//! The audit screen's state: whom to audit, the phase (asking, running
//! with progress, done with the rows), the scroll offset.

use chrono::{DateTime, Duration, Utc};

use crate::audit::{self, Found, Progress, Row, Target};
use crate::keys::KeyContext;

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
