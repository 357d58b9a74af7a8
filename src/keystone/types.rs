//! Keystone's objects as appcred uses them. Field names follow Keystone's JSON
//! so `-f json` output is Keystone-shaped and scripts that know the API feel
//! at home.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::secret::Secret;

/// A role by id and name, as in a token or a credential.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RoleRef {
    pub id: String,
    pub name: String,
}

/// One access rule: the credential may call `method` on `path` of the
/// service whose catalog type is `service`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AccessRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub service: String,
    pub method: String,
    pub path: String,
}

/// An application credential as Keystone lists it (never with its secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationCredential {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(default)]
    pub project_id: Option<String>,
    #[serde(default)]
    pub roles: Vec<RoleRef>,
    /// Keystone stores null when the flag was not sent; null means restricted,
    /// so we write it back as `false`.
    #[serde(default, serialize_with = "null_as_false")]
    pub unrestricted: Option<bool>,
    /// UTC. Keystone writes it without a zone (`2031-01-01T00:00:00.000000`).
    #[serde(default, with = "keystone_time")]
    pub expires_at: Option<DateTime<Utc>>,
    /// Keystone leaves it out when the credential has none; we always write a
    /// list so scripts can index it.
    #[serde(default, serialize_with = "none_as_empty")]
    pub access_rules: Option<Vec<AccessRule>>,
}

fn null_as_false<S: serde::Serializer>(v: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_bool(v.unwrap_or(false))
}

fn none_as_empty<S: serde::Serializer>(
    v: &Option<Vec<AccessRule>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    v.as_deref().unwrap_or(&[]).serialize(s)
}

impl ApplicationCredential {
    pub fn is_unrestricted(&self) -> bool {
        self.unrestricted.unwrap_or(false)
    }

    pub fn access_rule_count(&self) -> usize {
        self.access_rules.as_ref().map_or(0, Vec::len)
    }

    pub fn is_expired_at(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|t| t <= now)
    }
}

/// What `create` sends. Roles go by id so names with odd characters never
/// meet Keystone's id-pattern check.
#[derive(Debug, Clone, Default)]
pub struct NewApplicationCredential {
    pub name: String,
    pub description: Option<String>,
    /// None: Keystone generates one (86 characters).
    pub secret: Option<Secret>,
    pub expires_at: Option<DateTime<Utc>>,
    /// Role ids. Empty: every role of the token (Keystone's default).
    pub role_ids: Vec<String>,
    pub unrestricted: bool,
    pub access_rules: Vec<AccessRule>,
}

/// A credential just created, with the secret Keystone shows this once.
#[derive(Debug, Clone)]
pub struct CreatedCredential {
    pub credential: ApplicationCredential,
    pub secret: Secret,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainRef {
    pub id: String,
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRef {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub domain: Option<DomainRef>,
    /// Set for a federated user (logged in through an identity provider):
    /// which one, by which protocol, and the groups the mapping gave.
    #[serde(
        default,
        rename = "OS-FEDERATION",
        skip_serializing_if = "Option::is_none"
    )]
    pub federation: Option<UserFederation>,
}

impl UserRef {
    pub fn is_federated(&self) -> bool {
        self.federation.is_some()
    }
}

/// A token user's `OS-FEDERATION` block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserFederation {
    pub identity_provider: IdRef,
    pub protocol: IdRef,
    #[serde(default)]
    pub groups: Vec<IdRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdRef {
    pub id: String,
}

/// A user as `GET /v3/users` gives it (audit, `--user`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub domain_id: Option<String>,
    #[serde(default = "default_true")]
    pub enabled: bool,
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub domain_id: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default = "default_true")]
    pub enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Domain {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default = "default_true")]
    pub enabled: bool,
}

/// What a token is scoped to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Scope {
    Project {
        id: String,
        name: String,
        domain: DomainRef,
    },
    Domain {
        id: String,
        name: String,
    },
    System,
    Unscoped,
}

impl Scope {
    /// A short human label: `project demo (Default)`, `domain Default`, `system`.
    pub fn label(&self) -> String {
        match self {
            Scope::Project { name, domain, .. } => format!("project {name} ({})", domain.name),
            Scope::Domain { name, .. } => format!("domain {name}"),
            Scope::System => "system".to_string(),
            Scope::Unscoped => "unscoped".to_string(),
        }
    }
}

/// A scope to ask for when (re)authenticating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeRequest {
    ProjectId(String),
    ProjectName {
        name: String,
        domain_id: Option<String>,
        domain_name: Option<String>,
    },
    DomainId(String),
    DomainName(String),
    System,
    Unscoped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    pub interface: String,
    #[serde(default)]
    pub region_id: Option<String>,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogService {
    #[serde(rename = "type")]
    pub service_type: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub endpoints: Vec<Endpoint>,
}

/// The application credential a token came from, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenAppCred {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub restricted: bool,
}

/// What the current token says about who we are and what we may do. The
/// token string itself stays inside the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub user: UserRef,
    pub scope: Scope,
    /// Effective roles on the scope, implied ones included.
    pub roles: Vec<RoleRef>,
    pub methods: Vec<String>,
    pub issued_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub catalog: Vec<CatalogService>,
    pub application_credential: Option<TokenAppCred>,
}

/// How a held role came to be held, where Keystone lets us see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum RoleOrigin {
    /// Assigned to the user or a group of theirs on this scope.
    Direct,
    /// Implied by another held role.
    Implied { by: String },
    /// Policy hid the assignments (plain members): the token's list only.
    Unknown,
}

/// A role the user holds on the current scope: what a credential may carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldRole {
    pub id: String,
    pub name: String,
    pub origin: RoleOrigin,
}

/// Keystone's timestamps: `2031-01-01T00:00:00.000000` (credentials, no zone,
/// UTC) or `2026-11-23T01:25:11.000000Z` (tokens). We write the credential
/// form back so `-f json` matches what Keystone returns.
pub mod keystone_time {
    use super::*;
    use serde::{Deserializer, Serializer};

    pub const FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6f";

    pub fn parse(s: &str) -> Option<DateTime<Utc>> {
        let trimmed = s.trim_end_matches('Z');
        NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M:%S%.f")
            .ok()
            .map(|n| n.and_utc())
            .or_else(|| {
                DateTime::parse_from_rfc3339(s)
                    .ok()
                    .map(|d| d.with_timezone(&Utc))
            })
    }

    pub fn format(t: &DateTime<Utc>) -> String {
        t.naive_utc().format(FORMAT).to_string()
    }

    pub fn serialize<S: Serializer>(v: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(t) => s.serialize_str(&format(t)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        let raw: Option<String> = Option::deserialize(d)?;
        match raw {
            None => Ok(None),
            Some(s) => parse(&s)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom(format!("unrecognised timestamp {s:?}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keystone_credential_json() {
        let json = r#"{"id":"38af","name":"fs-ar","description":null,"user_id":"d6b8","project_id":"36a6",
            "system":null,"expires_at":"2031-01-01T00:00:00.000000","unrestricted":null,
            "roles":[{"id":"r1","name":"reader","domain_id":null}],"links":{"self":"x"}}"#;
        let c: ApplicationCredential = serde_json::from_str(json)
            .map_err(|e| e.to_string())
            .unwrap();
        assert_eq!(
            c.expires_at.map(|t| keystone_time::format(&t)),
            Some("2031-01-01T00:00:00.000000".into())
        );
        assert!(!c.is_unrestricted());
        assert_eq!(c.access_rule_count(), 0);
        let back = serde_json::to_value(&c).unwrap_or_default();
        assert_eq!(back["expires_at"], "2031-01-01T00:00:00.000000");
        assert_eq!(back["access_rules"], serde_json::json!([]));
        assert_eq!(back["unrestricted"], false);
    }

    #[test]
    fn parses_token_times() {
        assert!(keystone_time::parse("2026-11-23T01:25:11.000000Z").is_some());
        assert!(keystone_time::parse("2026-11-23T01:25:11Z").is_some());
        assert!(keystone_time::parse("garbage").is_none());
    }
}
