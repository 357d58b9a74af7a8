//! The identity provider's token endpoint: one grant request, its answer,
//! and its OAuth 2.0 errors (RFC 6749 §5.2) turned into messages that say
//! the identity provider is the side that refused and what to check there.

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde::Deserialize;

use super::super::error::KeystoneError;
use super::super::http::{Answer, Http, Request};
use super::OidcLogin;
use crate::secret::Secret;

/// What the token endpoint gave: the token Keystone will get, and how far
/// the identity provider's clock is from ours (its `Date` header).
pub(crate) struct IdpToken {
    pub token: Secret,
    pub clock_skew: Option<chrono::Duration>,
}

/// An OAuth 2.0 error answer.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct OAuthError {
    pub error: String,
    #[serde(default)]
    pub error_description: Option<String>,
}

impl OAuthError {
    pub fn text(&self) -> String {
        match &self.error_description {
            Some(d) if !d.is_empty() => format!("{} ({d})", self.error),
            _ => self.error.clone(),
        }
    }
}

/// Why a grant request did not give a token.
pub(crate) enum GrantFailure {
    /// The identity provider said no, in OAuth's words.
    OAuth { status: u16, error: OAuthError },
    /// Anything else (no answer, not JSON, ...), already explained.
    Other(KeystoneError),
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    #[serde(default)]
    id_token: Option<String>,
}

/// Turns a transport failure on the way to the identity provider into an
/// error that names the identity provider, not Keystone.
pub(crate) fn idp_transport(action: &str, e: KeystoneError) -> KeystoneError {
    match e {
        KeystoneError::Connect { url, detail, .. } => KeystoneError::IdentityProvider {
            action: action.to_string(),
            detail: format!("cannot connect: {detail}"),
            hint: Some(format!(
                "the identity provider at {url} is not reachable from here: check \
                 discovery_endpoint / access_token_endpoint and the network path to it"
            )),
        },
        KeystoneError::Timeout { timeout, .. } => KeystoneError::IdentityProvider {
            action: action.to_string(),
            detail: format!("no answer within {} s", timeout.as_secs()),
            hint: Some("the identity provider is slow or unreachable; retry later".into()),
        },
        KeystoneError::Redirect { message, .. } => KeystoneError::IdentityProvider {
            action: action.to_string(),
            detail: message,
            hint: Some(
                "give the endpoint's final URL (appcred never follows a redirect with a secret)"
                    .into(),
            ),
        },
        other => other,
    }
}

fn clock_skew(answer: &Answer) -> Option<chrono::Duration> {
    let date = answer.header("date")?;
    let theirs = DateTime::parse_from_rfc2822(date).ok()?.with_timezone(&Utc);
    Some(theirs - Utc::now())
}

/// POSTs a form to one of the identity provider's endpoints (named by its
/// option, for errors). The client authenticates with HTTP Basic when it
/// has a secret (as keystoneauth does), else by its id in the form.
pub(crate) async fn post_form(
    http: &Http,
    login: &OidcLogin,
    endpoint: &str,
    option: &str,
    fields: &[(&str, &str)],
    action: &str,
) -> Result<Answer, KeystoneError> {
    let url = reqwest::Url::parse(endpoint).map_err(|e| {
        KeystoneError::config(
            format!("{option} {endpoint:?} is not a URL: {e}"),
            format!("check {option} (or the discovery document)"),
        )
    })?;
    let client_id = login.client_id.clone().unwrap_or_default();
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    if login.client_secret.is_none() {
        form.push(("client_id", &client_id));
    }
    let mut req = Request::new(Method::POST, url);
    req.form = Some(&form);
    if let Some(secret) = &login.client_secret {
        req.basic = Some((&client_id, secret));
    }
    http.send(&req).await.map_err(|e| idp_transport(action, e))
}

/// POSTs one grant to the token endpoint. The client authenticates with
/// HTTP Basic when it has a secret (as keystoneauth does), else by its id.
pub(crate) async fn request(
    http: &Http,
    login: &OidcLogin,
    endpoint: &str,
    fields: &[(&str, &str)],
) -> Result<IdpToken, GrantFailure> {
    let action = "get a token from the identity provider";
    let answer = post_form(
        http,
        login,
        endpoint,
        "access_token_endpoint",
        fields,
        action,
    )
    .await
    .map_err(GrantFailure::Other)?;
    let skew = clock_skew(&answer);
    if !answer.status.is_success() {
        return Err(match serde_json::from_slice::<OAuthError>(&answer.body) {
            Ok(error) => GrantFailure::OAuth {
                status: answer.status.as_u16(),
                error,
            },
            Err(_) => GrantFailure::Other(KeystoneError::IdentityProvider {
                action: action.into(),
                detail: format!(
                    "the token endpoint answered {} without an OAuth error document",
                    answer.status
                ),
                hint: Some("check access_token_endpoint / discovery_endpoint".into()),
            }),
        });
    }
    let doc: TokenAnswer = serde_json::from_slice(&answer.body).map_err(|e| {
        GrantFailure::Other(KeystoneError::IdentityProvider {
            action: action.into(),
            detail: format!("the token answer could not be read: {e}"),
            hint: None,
        })
    })?;
    let wanted = if login.use_id_token {
        doc.id_token
    } else {
        doc.access_token
    };
    let token = wanted.filter(|t| !t.is_empty()).ok_or_else(|| {
        GrantFailure::Other(KeystoneError::IdentityProvider {
            action: action.into(),
            detail: format!(
                "the answer has no {}",
                if login.use_id_token {
                    "id_token (is `openid` in openid_scope?)"
                } else {
                    "access_token"
                }
            ),
            hint: None,
        })
    })?;
    Ok(IdpToken {
        token: Secret::from(token),
        clock_skew: skew,
    })
}

/// The message for an OAuth error that ends a login.
pub(crate) fn explain(
    login: &OidcLogin,
    grant: &str,
    status: u16,
    e: &OAuthError,
) -> KeystoneError {
    let client = login.client_label();
    let hint = match e.error.as_str() {
        "invalid_client" => format!(
            "the identity provider does not accept {client} with this secret: check client_id \
             and client_secret (secure.yaml) against the client registered there"
        ),
        "unauthorized_client" => format!(
            "{client} may not use the {grant} grant at the identity provider: enable it for the \
             client there, or pick the auth_type the client is registered for"
        ),
        "unsupported_grant_type" => format!(
            "this identity provider does not offer the {grant} grant at all: use another \
             auth_type (v3oidcdeviceauthz works wherever a browser exists somewhere)"
        ),
        "invalid_grant" if grant == "password" => format!(
            "the identity provider refused the user name or password of {:?}: check them (at \
             the identity provider, not Keystone)",
            login.username.as_deref().unwrap_or("")
        ),
        "invalid_grant" => "the code or grant is no longer valid (used, expired or for \
                            another client): log in again"
            .to_string(),
        "invalid_scope" => format!(
            "the identity provider refuses the scope {:?}: check openid_scope",
            login.scope
        ),
        "invalid_target" => "the identity provider knows no resource (audience) for this \
                             client: ask its operators to give the client Keystone's audience"
            .to_string(),
        "access_denied" => "the login was refused at the identity provider (declined consent, \
                            or the user may not use this client)"
            .to_string(),
        _ => "see the identity provider's log for the reason".to_string(),
    };
    KeystoneError::IdentityProvider {
        action: format!("{grant} grant for {client}"),
        detail: format!("the identity provider answered {status}: {}", e.text()),
        hint: Some(hint),
    }
}

impl GrantFailure {
    pub fn into_error(self, login: &OidcLogin, grant: &str) -> KeystoneError {
        match self {
            GrantFailure::OAuth { status, error } => explain(login, grant, status, &error),
            GrantFailure::Other(e) => e,
        }
    }
}
