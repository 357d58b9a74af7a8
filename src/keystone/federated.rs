//! Federated (SSO) users and their application credentials.
//!
//! A federated user's roles usually come from the identity provider's
//! groups through Keystone's mapping. Keystone stores that group membership
//! only for `[federation] default_authorization_ttl` minutes (or the
//! identity provider's `authorization_ttl`) after the last login; with the
//! default 0 it is only in the token. So creating a credential on group
//! roles fails ("Could not find role assignment") with ttl 0, and a
//! credential created within the window stops authenticating when the
//! membership lapses, unless the person logs in again.
//!
//! How appcred tells a direct role from a group one, as a plain member may
//! ask (`GET /v3/role_assignments` is forbidden to members by Keystone's
//! default policy): `GET /v3/users/{id}/projects` lists the projects where
//! the user holds a stored assignment (direct, or through a stored group
//! membership) and `GET /v3/users/{id}/groups` marks the memberships that
//! expire (`membership_expires_at`). A project listed while no membership
//! expires is a direct assignment; not listed means group roles only; both
//! an expiring membership and the project listed cannot be told apart.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::error::KeystoneError;
use super::session::Session;
use super::types::{Project, Scope};

/// Where a federated user's roles on the current project come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleSource {
    /// Not a federated user (or not a project token): nothing to warn about.
    NotFederated,
    /// A stored direct assignment: credentials keep working.
    Direct,
    /// Only the identity provider's groups. `until`: when Keystone forgets
    /// the membership (None: it does not store it at all, ttl 0).
    GroupsOnly { until: Option<DateTime<Utc>> },
    /// A direct role may exist, but so does an expiring membership.
    Unclear { until: Option<DateTime<Utc>> },
}

#[derive(Deserialize)]
struct GroupMembership {
    #[serde(default)]
    membership_expires_at: Option<String>,
}

impl Session {
    /// Where this session's roles on its project come from (see the module);
    /// [`RoleSource::Unclear`] when Keystone would not list what tells them
    /// apart.
    pub async fn federated_role_source(&self) -> RoleSource {
        match self.federated_role_source_or_why().await {
            Ok(source) => source,
            Err(e) => {
                tracing::debug!(error = %e, "cannot tell where the federated roles come from");
                RoleSource::Unclear { until: None }
            }
        }
    }

    /// [`Session::federated_role_source`], but a list Keystone refused (or
    /// could not answer) is the error, for a caller that says "unknown"
    /// rather than guessing (the terminal UI's wizard).
    pub async fn federated_role_source_or_why(&self) -> Result<RoleSource, KeystoneError> {
        let info = self.token_info();
        let (Some(_), Scope::Project { id: project, .. }) = (&info.user.federation, &info.scope)
        else {
            return Ok(RoleSource::NotFederated);
        };
        let user = &info.user.id;
        let projects = self
            .list_all::<Project>(self.url(&["users", user, "projects"]), "projects")
            .await?;
        if !projects.iter().any(|p| &p.id == project) {
            // Memberships that expire say until when; without the list, "not stored".
            let until = match self.group_memberships(user).await {
                Ok(groups) => earliest_expiry(&groups),
                Err(_) => None,
            };
            return Ok(RoleSource::GroupsOnly { until });
        }
        let groups = self.group_memberships(user).await?;
        if groups.iter().any(|g| g.membership_expires_at.is_some()) {
            return Ok(RoleSource::Unclear {
                until: earliest_expiry(&groups),
            });
        }
        Ok(RoleSource::Direct)
    }

    async fn group_memberships(&self, user: &str) -> Result<Vec<GroupMembership>, KeystoneError> {
        self.list_all::<GroupMembership>(self.url(&["users", user, "groups"]), "groups")
            .await
    }
}

fn earliest_expiry(groups: &[GroupMembership]) -> Option<DateTime<Utc>> {
    groups
        .iter()
        .filter_map(|g| g.membership_expires_at.as_deref())
        .filter_map(super::types::keystone_time::parse)
        .min()
}

fn when(until: Option<DateTime<Utc>>) -> String {
    match until {
        Some(t) => format!("until {} UTC", t.format("%Y-%m-%d %H:%M")),
        None => "not at all (authorization ttl 0: only in your login's token)".to_string(),
    }
}

/// The warning to show before creating a credential, if any.
pub fn create_warning(source: &RoleSource) -> Option<String> {
    match source {
        RoleSource::NotFederated | RoleSource::Direct => None,
        RoleSource::GroupsOnly { until: None } => Some(
            "You logged in through an identity provider (federated user) and your roles on this \
             project come only from its groups, which Keystone stores not at all (authorization \
             ttl 0): Keystone will refuse to create a credential on them. Ask the cloud's \
             operators for a direct role assignment on the project (or a service account), or for \
             an authorization ttl on the identity provider."
                .to_string(),
        ),
        RoleSource::GroupsOnly { until } => Some(format!(
            "You logged in through an identity provider (federated user) and your roles on this \
             project come only from its groups, which Keystone remembers {}. The credential will \
             stop authenticating when that membership lapses, unless you log in through SSO again \
             before then; a direct role assignment on the project (or a service account) avoids \
             this.",
            when(*until)
        )),
        RoleSource::Unclear { until: None } => Some(
            "You logged in through an identity provider (federated user); your roles here may \
             come from its groups, which Keystone keeps only for the authorization ttl after a \
             login (0: not at all). Unless you also hold a direct role assignment on the project, \
             Keystone refuses the credential or it stops authenticating when the membership \
             lapses; log in through SSO again before then."
                .to_string(),
        ),
        RoleSource::Unclear { until } => Some(format!(
            "You logged in through an identity provider (federated user); some of your roles here \
             may come from its groups, which Keystone remembers {}. Unless you also hold a direct \
             role assignment on the project, the credential stops authenticating when the \
             membership lapses; log in through SSO again before then.",
            when(*until)
        )),
    }
}

/// A better hint for Keystone's 400 "Could not find role assignment" when
/// the creator is a federated user.
pub fn explain_create_error(e: KeystoneError, source: &RoleSource) -> KeystoneError {
    let missing = e.message().is_some_and(|m| {
        m.to_ascii_lowercase()
            .contains("could not find role assignment")
    });
    if !missing || *source == RoleSource::NotFederated {
        return e;
    }
    let why = match source {
        RoleSource::GroupsOnly { until: None } => {
            "your roles come from the identity provider's groups, and this Keystone does not \
             store that membership (authorization ttl 0)"
        }
        _ => {
            "your roles come from the identity provider's groups, and Keystone's stored \
              membership has lapsed (the authorization ttl since your last login passed)"
        }
    };
    e.with_hint(format!(
        "{why}: log in through SSO again and create the credential at once, or ask the cloud's \
         operators for a direct role assignment on the project (or a service account), or for \
         `[federation] default_authorization_ttl` / the identity provider's authorization_ttl"
    ))
}

/// For `verify` and the audit: why a federated owner's credential may fail.
pub const LAPSED_MEMBERSHIP: &str = "its owner is a federated user: roles from the identity \
    provider's groups stop counting when the stored membership lapses (the authorization ttl \
    after the owner's last SSO login); the owner logging in again restores it, a direct role \
    assignment avoids it";

/// Keystone's ids for federated (shadow) users are 64 hex characters (the
/// sha256 id generator); local users' are 32 (uuid4 hex).
pub fn looks_federated_id(user_id: &str) -> bool {
    user_id.len() == 64 && user_id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Unit tests for the pure parts; the real cases run against the SSO test
/// bed (tests/it/sso_credentials.rs).
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_warning_for_direct_roles_or_local_users() {
        assert_eq!(create_warning(&RoleSource::Direct), None);
        assert_eq!(create_warning(&RoleSource::NotFederated), None);
        let w = create_warning(&RoleSource::GroupsOnly { until: None }).unwrap_or_default();
        assert!(w.contains("will refuse"), "{w}");
        let t = DateTime::parse_from_rfc3339("2030-01-02T03:04:00Z")
            .map(|t| t.with_timezone(&Utc))
            .ok();
        let w = create_warning(&RoleSource::GroupsOnly { until: t }).unwrap_or_default();
        assert!(
            w.contains("until 2030-01-02 03:04 UTC") && w.contains("stop authenticating"),
            "{w}"
        );
    }

    #[test]
    fn federated_ids_are_64_hex() {
        assert!(looks_federated_id(&"ab".repeat(32)));
        assert!(!looks_federated_id(&"ab".repeat(16)));
        assert!(!looks_federated_id(&"zz".repeat(32)));
    }
}
