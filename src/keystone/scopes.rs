//! Which scopes this user may use: `GET /v3/auth/{projects,domains,system}`.
//! Any valid token may call these (policy `""`).

use serde_json::Value;

use super::error::KeystoneError;
use super::session::Session;
use super::types::{Domain, Project};

impl Session {
    /// Projects the user has a role on (direct, group or inherited).
    pub async fn projects(&self) -> Result<Vec<Project>, KeystoneError> {
        let mut projects: Vec<Project> = self
            .list_all(self.url(&["auth", "projects"]), "projects")
            .await?;
        projects.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        Ok(projects)
    }

    /// Domains the user has a role on.
    pub async fn domains(&self) -> Result<Vec<Domain>, KeystoneError> {
        let mut domains: Vec<Domain> = self
            .list_all(self.url(&["auth", "domains"]), "domains")
            .await?;
        domains.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        Ok(domains)
    }

    /// Whether the user has a role on the system scope.
    pub async fn system_scope_available(&self) -> Result<bool, KeystoneError> {
        let answer = self.get_json::<Value>(self.url(&["auth", "system"])).await;
        let body = match answer {
            // Keystone fails GET /v3/auth/system with 500 for federated users
            // (AttributeError list_system_grants_for_groups, seen on 2026.1):
            // a federated user has no system scope to offer anyway.
            Err(e) if e.status() == Some(500) && self.token_info().user.is_federated() => {
                tracing::debug!(error = %e, "federated user: no system scope (Keystone fails the lookup)");
                return Ok(false);
            }
            other => other?,
        };
        Ok(body
            .get("system")
            .and_then(Value::as_array)
            .is_some_and(|s| !s.is_empty()))
    }
}
