//! Does an application credential work? Log in with it on its own (a
//! separate token, the cloud's TLS settings and auth_url) and report.

use serde::Serialize;

use super::auth::{AppCredSel, Method, Plan};
use super::error::{KeystoneError, LoginKind};
use super::http::Http;
use super::login;
use super::types::TokenInfo;
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
            "Keystone refused it: wrong secret, the credential expired, or its owner is disabled or \
             no longer holds its roles on the project ({}); if the owner is a federated (SSO) \
             user: {}",
            message.trim_end_matches('.'),
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
