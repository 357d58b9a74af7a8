//! The scope pane's state: the system scope, domains and projects the user
//! may switch to, and which one the token is on now.

use crate::keystone::{Scope, ScopeRequest};
use crate::tui::msg::ScopeChoices;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    System,
    Domain,
    Project,
}

/// One line of the pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeEntry {
    pub kind: ScopeKind,
    /// None for the system scope.
    pub id: Option<String>,
    pub name: String,
}

impl ScopeEntry {
    pub fn request(&self) -> ScopeRequest {
        match (&self.kind, &self.id) {
            (ScopeKind::Project, Some(id)) => ScopeRequest::ProjectId(id.clone()),
            (ScopeKind::Domain, Some(id)) => ScopeRequest::DomainId(id.clone()),
            _ => ScopeRequest::System,
        }
    }

    /// Whether the token is scoped to this entry.
    pub fn is_current(&self, scope: &Scope) -> bool {
        match (self.kind, scope) {
            (ScopeKind::System, Scope::System) => true,
            (ScopeKind::Domain, Scope::Domain { id, .. })
            | (ScopeKind::Project, Scope::Project { id, .. }) => self.id.as_ref() == Some(id),
            _ => false,
        }
    }
}

impl ScopePane {
    /// A project's name from the scopes the user can see; None when it is
    /// not among them (the caller shows the id then).
    pub fn project_name(&self, id: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| e.kind == ScopeKind::Project && e.id.as_deref() == Some(id))
            .map(|e| e.name.as_str())
    }
}

#[derive(Debug, Clone, Default)]
pub struct ScopePane {
    pub entries: Vec<ScopeEntry>,
    pub selected: usize,
    pub offset: usize,
    pub loading: bool,
}

impl ScopePane {
    /// System first, then domains, then projects, each by name: the order of
    /// breadth, so the few wide scopes don't drown in a long project list.
    pub fn set_choices(&mut self, choices: ScopeChoices) {
        let mut entries = Vec::new();
        if choices.system {
            entries.push(ScopeEntry {
                kind: ScopeKind::System,
                id: None,
                name: "system".to_string(),
            });
        }
        let mut domains = choices.domains;
        domains.sort_by(|a, b| a.name.cmp(&b.name));
        entries.extend(domains.into_iter().map(|d| ScopeEntry {
            kind: ScopeKind::Domain,
            id: Some(d.id),
            name: d.name,
        }));
        let mut projects = choices.projects;
        projects.sort_by(|a, b| a.name.cmp(&b.name));
        entries.extend(projects.into_iter().map(|p| ScopeEntry {
            kind: ScopeKind::Project,
            id: Some(p.id),
            name: p.name,
        }));
        self.entries = entries;
        self.loading = false;
        self.selected = self.selected.min(self.entries.len().saturating_sub(1));
    }

    /// Puts the selection on the current scope (after login or rescope).
    pub fn select_current(&mut self, scope: &Scope, page: usize) {
        if let Some(i) = self.entries.iter().position(|e| e.is_current(scope)) {
            self.select_row(i, page);
        }
    }

    pub fn selected_entry(&self) -> Option<&ScopeEntry> {
        self.entries.get(self.selected)
    }

    pub fn move_by(&mut self, delta: isize, page: usize) {
        let last = self.entries.len().saturating_sub(1) as isize;
        let target = (self.selected as isize + delta).clamp(0, last.max(0));
        self.select_row(target as usize, page);
    }

    pub fn select_row(&mut self, row: usize, page: usize) {
        let page = page.max(1);
        self.selected = row.min(self.entries.len().saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        self.offset = self.offset.min(self.entries.len().saturating_sub(page));
    }
}
