//! Roles held on the current scope (exactly what a credential may carry)
//! and role assignments for the admin helpers.
//!
//! The token's role list is the truth: it has implied roles expanded and is
//! what Keystone checks a new credential against. Role assignments only
//! label those roles Direct or Implied where policy lets us read them.

use serde::Deserialize;

use super::error::KeystoneError;
use super::session::Session;
use super::types::{HeldRole, RoleOrigin, RoleRef, Scope, UserRef};

/// One entry of `GET /v3/role_assignments?effective&include_names`.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Assignment {
    pub role: RoleRef,
    #[serde(default)]
    pub user: Option<UserRef>,
    #[serde(default)]
    pub links: AssignmentLinks,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct AssignmentLinks {
    /// Present only on entries produced by a role implication:
    /// `…/v3/roles/<prior role id>`.
    #[serde(default)]
    pub prior_role: Option<String>,
}

impl Assignment {
    fn prior_role_id(&self) -> Option<&str> {
        self.links
            .prior_role
            .as_deref()
            .and_then(|l| l.trim_end_matches('/').rsplit('/').next())
            .filter(|id| !id.is_empty())
    }
}

/// Labels each of the token's roles from the assignments. Only roles in the
/// token come out: an assignment the token lacks is never offered.
pub(crate) fn label(token_roles: &[RoleRef], assignments: Option<&[Assignment]>) -> Vec<HeldRole> {
    let mut held: Vec<HeldRole> = token_roles
        .iter()
        .map(|r| {
            let origin = match assignments {
                None => RoleOrigin::Unknown,
                Some(list) => origin_of(r, list, token_roles),
            };
            HeldRole {
                id: r.id.clone(),
                name: r.name.clone(),
                origin,
            }
        })
        .collect();
    held.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    held.dedup_by(|a, b| a.id == b.id);
    held
}

fn origin_of(role: &RoleRef, list: &[Assignment], token_roles: &[RoleRef]) -> RoleOrigin {
    let entries: Vec<&Assignment> = list.iter().filter(|a| a.role.id == role.id).collect();
    if entries.iter().any(|a| a.prior_role_id().is_none()) {
        return RoleOrigin::Direct;
    }
    let Some(prior) = entries.iter().find_map(|a| a.prior_role_id()) else {
        return RoleOrigin::Unknown;
    };
    let name = token_roles
        .iter()
        .chain(list.iter().map(|a| &a.role))
        .find(|r| r.id == prior)
        .map(|r| r.name.clone())
        .unwrap_or_else(|| prior.to_string());
    RoleOrigin::Implied { by: name }
}

#[derive(Deserialize)]
struct AssignmentList {
    #[serde(default)]
    role_assignments: Vec<Assignment>,
}

impl Session {
    async fn role_assignments(
        &self,
        filters: &[(&str, &str)],
    ) -> Result<Vec<Assignment>, KeystoneError> {
        let mut url = self.url(&["role_assignments"]);
        {
            let mut q = url.query_pairs_mut();
            for (k, v) in filters {
                q.append_pair(k, v);
            }
            q.append_key_only("effective");
            q.append_key_only("include_names");
        }
        let list: AssignmentList = self.get_json(url).await?;
        Ok(list.role_assignments)
    }

    /// The roles held on the current scope: the token's roles, implied ones
    /// included, labelled Direct / Implied where policy lets us read the
    /// assignments; on 403 (plain members) every origin is Unknown.
    pub async fn held_roles(&self) -> Result<Vec<HeldRole>, KeystoneError> {
        let info = self.token_info();
        let user = info.user.id.clone();
        let filters: Vec<(&str, &str)> = match &info.scope {
            Scope::Project { id, .. } => vec![("user.id", &user), ("scope.project.id", id)],
            Scope::Domain { id, .. } => vec![("user.id", &user), ("scope.domain.id", id)],
            Scope::System => vec![("user.id", &user), ("scope.system", "all")],
            Scope::Unscoped => return Ok(Vec::new()),
        };
        if info.roles.is_empty() {
            return Ok(Vec::new());
        }
        match self.role_assignments(&filters).await {
            Ok(list) => Ok(label(&info.roles, Some(&list))),
            Err(e) if e.is_forbidden() => {
                tracing::debug!("role assignments hidden by policy; roles unlabelled");
                Ok(label(&info.roles, None))
            }
            Err(e) => Err(e),
        }
    }

    /// Every user's effective roles on a project, in one request (the audit
    /// asks this once per project rather than once per user and project).
    pub async fn project_effective_roles(
        &self,
        project_id: &str,
    ) -> Result<std::collections::HashMap<String, Vec<RoleRef>>, KeystoneError> {
        let list = self
            .role_assignments(&[("scope.project.id", project_id)])
            .await?;
        let mut by_user: std::collections::HashMap<String, Vec<RoleRef>> = Default::default();
        for a in list {
            if let Some(user) = a.user {
                by_user.entry(user.id).or_default().push(a.role);
            }
        }
        for roles in by_user.values_mut() {
            roles.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
            roles.dedup_by(|a, b| a.id == b.id);
        }
        Ok(by_user)
    }

    /// Users with any (effective: group memberships expanded) assignment on
    /// a project. A user Keystone no longer finds is still named (by id).
    pub async fn project_users(&self, project_id: &str) -> Result<Vec<UserRef>, KeystoneError> {
        self.assigned_users(&[("scope.project.id", project_id)])
            .await
    }

    /// Users with any (effective) assignment on a domain itself.
    pub async fn domain_users(&self, domain_id: &str) -> Result<Vec<String>, KeystoneError> {
        let users = self
            .assigned_users(&[("scope.domain.id", domain_id)])
            .await?;
        Ok(users.into_iter().map(|u| u.id).collect())
    }

    async fn assigned_users(
        &self,
        filters: &[(&str, &str)],
    ) -> Result<Vec<UserRef>, KeystoneError> {
        let list = self.role_assignments(filters).await?;
        let mut users: Vec<UserRef> = list.into_iter().filter_map(|a| a.user).collect();
        users.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        users.dedup_by(|a, b| a.id == b.id);
        Ok(users)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(id: &str, name: &str) -> RoleRef {
        RoleRef {
            id: id.into(),
            name: name.into(),
        }
    }

    fn assignments(json: &str) -> Vec<Assignment> {
        let l: AssignmentList = serde_json::from_str(json).unwrap();
        l.role_assignments
    }

    #[test]
    fn labels_direct_and_implied() {
        let token = [
            role("a", "admin"),
            role("m", "member"),
            role("r", "reader"),
            role("g", "manager"),
        ];
        let list = assignments(
            r#"{"role_assignments":[
              {"role":{"id":"a","name":"admin"},"user":{"id":"u","name":"n"},"scope":{"project":{"id":"p"}},"links":{"assignment":"x"}},
              {"role":{"id":"g","name":"manager"},"user":{"id":"u"},"links":{"assignment":"x","prior_role":"http://k/v3/roles/a"}},
              {"role":{"id":"m","name":"member"},"user":{"id":"u"},"links":{"assignment":"x","prior_role":"http://k/v3/roles/g"}},
              {"role":{"id":"r","name":"reader"},"user":{"id":"u"},"links":{"assignment":"x","prior_role":"http://k/v3/roles/m"}},
              {"role":{"id":"z","name":"not_in_token"},"user":{"id":"u"},"links":{"assignment":"x"}}
            ]}"#,
        );
        let held = label(&token, Some(&list));
        let by_name = |n: &str| held.iter().find(|h| h.name == n).map(|h| h.origin.clone());
        assert_eq!(by_name("admin"), Some(RoleOrigin::Direct));
        assert_eq!(
            by_name("manager"),
            Some(RoleOrigin::Implied { by: "admin".into() })
        );
        assert_eq!(
            by_name("reader"),
            Some(RoleOrigin::Implied {
                by: "member".into()
            })
        );
        assert_eq!(held.len(), 4, "never a role the token lacks");
        assert!(by_name("not_in_token").is_none());
    }

    #[test]
    fn direct_wins_over_implied_and_missing_is_unknown() {
        let token = [role("m", "member"), role("x", "extra")];
        let list = assignments(
            r#"{"role_assignments":[
              {"role":{"id":"m","name":"member"},"links":{"prior_role":"http://k/v3/roles/a"}},
              {"role":{"id":"m","name":"member"},"links":{}}
            ]}"#,
        );
        let held = label(&token, Some(&list));
        assert_eq!(held[0].origin, RoleOrigin::Unknown, "{held:?}"); // extra
        assert_eq!(held[1].origin, RoleOrigin::Direct);
    }

    #[test]
    fn forbidden_means_all_unknown() {
        let token = [role("m", "member"), role("r", "reader")];
        let held = label(&token, None);
        assert!(held.iter().all(|h| h.origin == RoleOrigin::Unknown));
        assert_eq!(held.len(), 2);
    }
}
