//! Does an application credential work? Log in with it on its own (a
//! separate token, the cloud's TLS settings and auth_url) and report.

use serde::Serialize;

use super::auth::{AppCredSel, Method, Plan};
use super::error::{KeystoneError, LoginKind};
use super::http::Http;
use super::login;
use super::session::Session;
use super::types::{ApplicationCredential, Project, TokenInfo};
use crate::config::CloudConfig;
use crate::secret::Secret;

/// What verifying found. `works == false` always comes with a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    pub works: bool,
    pub reason: Option<String>,
    /// The token's project, roles, expiry and catalog when it worked.
    pub token: Option<TokenInfo>,
}

/// A JSON-friendly summary for `verify -f json`.
#[derive(Debug, Clone, Serialize)]
pub struct VerifySummary {
    pub works: bool,
    pub reason: Option<String>,
    pub project_id: Option<String>,
    pub roles: Vec<String>,
    pub expires_at: Option<String>,
    pub services: usize,
}

impl VerifyReport {
    pub fn summary(&self) -> VerifySummary {
        let t = self.token.as_ref();
        VerifySummary {
            works: self.works,
            reason: self.reason.clone(),
            project_id: t.and_then(|t| match &t.scope {
                super::types::Scope::Project { id, .. } => Some(id.clone()),
                _ => None,
            }),
            roles: t
                .map(|t| t.roles.iter().map(|r| r.name.clone()).collect())
                .unwrap_or_default(),
            expires_at: t.map(|t| t.expires_at.to_rfc3339()),
            services: t.map_or(0, |t| t.catalog.len()),
        }
    }
}

/// Logs in with the credential `id` + `secret`. Never `Err` for "it does not
/// work" (that is a report with the reason); `Err` only when Keystone could
/// not be asked (network, TLS, configuration).
pub async fn verify_application_credential(
    cloud: &CloudConfig,
    id: &str,
    secret: &Secret,
) -> Result<VerifyReport, KeystoneError> {
    let http = Http::new(cloud)?;
    let mut plan = Plan {
        methods: vec![Method::ApplicationCredential {
            which: AppCredSel::Id(id.to_string()),
            secret: secret.clone(),
        }],
        scope: None,
        kind: LoginKind::ApplicationCredential,
    };
    match login::authenticate(&http, &mut plan, None).await {
        Ok(issued) => Ok(VerifyReport {
            works: true,
            reason: None,
            token: Some(issued.info),
        }),
        Err(e) => match refusal_reason(&e) {
            Some(reason) => Ok(VerifyReport {
                works: false,
                reason: Some(reason),
                token: None,
            }),
            None => Err(e),
        },
    }
}

/// Keystone's "no" turned into a sentence; None for errors that are not a no.
fn refusal_reason(e: &KeystoneError) -> Option<String> {
    match e {
        KeystoneError::MultiFactor { .. } => Some(
            "the owner has multi-factor rules, which an application credential cannot satisfy"
                .to_string(),
        ),
        KeystoneError::Api { status: 404, .. } => Some(
            "Keystone has no application credential with this id (deleted, or its owner was)"
                .to_string(),
        ),
        KeystoneError::Api {
            status: 401,
            message,
            ..
        } => Some(format!(
            "{}; if the owner is a federated (SSO) user: {}",
            refused_401(message),
            super::federated::LAPSED_MEMBERSHIP
        )),
        KeystoneError::Api {
            status: 400 | 403,
            message,
            ..
        } => Some(format!("Keystone refused it: {message}")),
        _ => None,
    }
}

/// Keystone's 401 for a credential, which never says which of these it is.
fn refused_401(message: &str) -> String {
    format!(
        "Keystone refused it: wrong secret, the credential expired, or its owner is disabled or \
         no longer holds its roles on the project ({})",
        message.trim_end_matches('.')
    )
}

/// The precise reason when the owner is a federated user whose roles on
/// the credential's project came only from the identity provider's groups.
const GROUPS_LAPSED: &str = "its owner is a federated (SSO) user whose roles on the \
    credential's project came only from the identity provider's groups (no direct role \
    assignment); Keystone keeps that group membership only for `[federation] \
    default_authorization_ttl` (or the identity provider's `authorization_ttl`) minutes after the \
    owner's last login, and it has lapsed, so the credential no longer authenticates";

/// What to do about [`GROUPS_LAPSED`].
const GROUPS_LAPSED_FIX: &str = "the owner logging in again through SSO renews the \
    membership for another ttl; for a credential that keeps working, ask the cloud's operators \
    for a direct role assignment on the project, or use a service account";

/// For a failed verify, where `session` is the credential's owner: what
/// the owner's federation says about it. `Some` replaces the report's
/// generic reason: the group lapse for a federated owner without a direct
/// role on the project, the plain 401 (no blame on groups) for one with it.
/// None: not a federated owner, or nothing could be read.
pub async fn federated_owner_reason(
    session: &Session,
    credential: &ApplicationCredential,
    report: &VerifyReport,
) -> Option<String> {
    let info = session.token_info();
    info.user.federation.as_ref()?;
    let owner = info.user.id.as_str();
    if report.works || credential.user_id.as_deref().is_some_and(|u| u != owner) {
        return None;
    }
    let project = credential.project_id.as_deref()?;
    let direct = session
        .list_all::<Project>(session.url(&["users", owner, "projects"]), "projects")
        .await
        .map_err(|e| tracing::debug!("verify: cannot read the owner's projects: {e}"))
        .ok()?;
    if direct.iter().any(|p| p.id == project) {
        // A stored assignment on the project: the groups are not why.
        let generic = report.reason.as_deref().unwrap_or_default();
        let plain = generic
            .split_once("; if the owner is a federated (SSO) user")
            .map_or(generic, |(head, _)| head);
        return Some(format!(
            "{plain}; its owner is a federated user but holds a direct role assignment on the \
             project, so a lapsed group membership is not the cause unless the credential also \
             has roles that only the identity provider's groups gave"
        ));
    }
    // This session's own login just renewed the membership when the cloud
    // keeps one (ttl > 0): say so, the credential may work again now.
    let renewed = session
        .list_all::<Membership>(session.url(&["users", owner, "groups"]), "groups")
        .await
        .ok()
        .and_then(|groups| {
            groups
                .iter()
                .filter_map(|g| g.membership_expires_at.as_deref())
                .filter_map(super::types::keystone_time::parse)
                .max()
        });
    Some(match renewed {
        Some(until) => format!(
            "{GROUPS_LAPSED}; appcred's own login as the owner just renewed it (until {} UTC): \
             verify again; {GROUPS_LAPSED_FIX}",
            until.format("%Y-%m-%d %H:%M")
        ),
        None => format!(
            "{GROUPS_LAPSED} (this cloud keeps it not at all now: ttl 0, so logging in again does \
             not help); ask the cloud's operators for a direct role assignment on the project, a \
             service account, or an authorization ttl"
        ),
    })
}

#[derive(serde::Deserialize)]
struct Membership {
    #[serde(default)]
    membership_expires_at: Option<String>,
}
