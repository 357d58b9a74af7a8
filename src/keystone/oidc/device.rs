//! The device authorization grant (RFC 8628), with PKCE when
//! `code_challenge_method` asks for it: get a code, show it, poll the token
//! endpoint at the interval the identity provider sets until the person
//! approves, denies, or the code expires.

use std::time::Duration;

use chrono::Utc;
use serde::Deserialize;

use super::super::error::KeystoneError;
use super::super::http::Http;
use super::super::prompt::{DeviceCodePrompt, LoginNotice, Prompter};
use super::OidcLogin;
use super::endpoints::Endpoints;
use super::pkce::Pkce;
use super::token_endpoint::{self, GrantFailure, IdpToken, OAuthError};
use crate::secret::Secret;

const GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// RFC 8628 §3.2: 5 seconds when the provider names no interval.
const DEFAULT_INTERVAL: u64 = 5;
/// §3.5: each slow_down adds 5 seconds.
const SLOW_DOWN_STEP: u64 = 5;
/// However long the provider says a code lives, appcred waits at most this.
const MAX_WAIT: u64 = 30 * 60;

#[derive(Deserialize)]
struct DeviceAnswer {
    device_code: String,
    user_code: String,
    #[serde(alias = "verification_url")]
    verification_uri: String,
    #[serde(default)]
    verification_uri_complete: Option<String>,
    expires_in: u64,
    #[serde(default)]
    interval: Option<u64>,
}

/// What one poll's error means for the next.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Poll {
    /// Not approved yet: ask again after `interval` seconds.
    Wait { interval: u64 },
    /// Stop with this error.
    Stop(StopReason),
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum StopReason {
    Denied,
    Expired,
    Other,
}

/// RFC 8628 §3.5 for one error answer.
pub(crate) fn after_error(error: &OAuthError, interval: u64) -> Poll {
    match error.error.as_str() {
        "authorization_pending" => Poll::Wait { interval },
        "slow_down" => Poll::Wait {
            interval: interval + SLOW_DOWN_STEP,
        },
        "access_denied" => Poll::Stop(StopReason::Denied),
        "expired_token" => Poll::Stop(StopReason::Expired),
        _ => Poll::Stop(StopReason::Other),
    }
}

fn denied(login: &OidcLogin, e: &OAuthError) -> KeystoneError {
    KeystoneError::IdentityProvider {
        action: format!("device login to {}", login.cloud),
        detail: format!(
            "the login was denied at the identity provider: {}",
            e.text()
        ),
        hint: Some(
            "whoever entered the code chose to abort or declined the consent; run the login \
             again and approve it"
                .into(),
        ),
    }
}

fn expired(login: &OidcLogin, minutes: u64) -> KeystoneError {
    KeystoneError::IdentityProvider {
        action: format!("device login to {}", login.cloud),
        detail: "the code expired before anyone approved it".into(),
        hint: Some(format!(
            "run the login again and enter the new code within {minutes} min"
        )),
    }
}

pub(crate) async fn token(
    http: &Http,
    login: &OidcLogin,
    endpoints: &Endpoints,
    prompter: Option<&dyn Prompter>,
) -> Result<IdpToken, KeystoneError> {
    let action = "start a device login (device authorization endpoint)";
    let endpoint = endpoints.device_authorization.as_deref().ok_or_else(|| {
        KeystoneError::IdentityProvider {
            action: action.into(),
            detail: "the identity provider names no device_authorization_endpoint".into(),
            hint: Some(
                "set device_authorization_endpoint, or check that the identity provider offers \
                 the device flow"
                    .into(),
            ),
        }
    })?;
    let pkce = if login.pkce { Some(Pkce::new()?) } else { None };
    let mut form: Vec<(&str, &str)> = vec![("scope", &login.scope)];
    if let Some(p) = &pkce {
        form.push(("code_challenge", &p.challenge));
        form.push(("code_challenge_method", "S256"));
    }
    let answer = token_endpoint::post_form(
        http,
        login,
        endpoint,
        "device_authorization_endpoint",
        &form,
        action,
    )
    .await?;
    if !answer.status.is_success() {
        let status = answer.status.as_u16();
        return Err(match serde_json::from_slice::<OAuthError>(&answer.body) {
            Ok(e) => token_endpoint::explain(login, "device authorization", status, &e),
            Err(_) => KeystoneError::IdentityProvider {
                action: action.into(),
                detail: format!("the identity provider answered {}", answer.status),
                hint: Some("check device_authorization_endpoint".into()),
            },
        });
    }
    let start: DeviceAnswer =
        serde_json::from_slice(&answer.body).map_err(|e| KeystoneError::IdentityProvider {
            action: action.into(),
            detail: format!("the answer could not be read: {e}"),
            hint: None,
        })?;
    let device_code = Secret::from(start.device_code);
    let lifetime = start.expires_in.min(MAX_WAIT);
    let started = Utc::now();
    let expires_at = started + chrono::Duration::seconds(i64::try_from(lifetime).unwrap_or(0));
    let notice = LoginNotice::DeviceCode(DeviceCodePrompt {
        cloud: login.cloud.clone(),
        verification_uri: start.verification_uri,
        verification_uri_complete: start.verification_uri_complete,
        user_code: start.user_code,
        expires_at,
    });
    if !prompter.is_some_and(|p| p.notify(notice)) {
        return Err(KeystoneError::MissingSecret {
            what: "device-code approval",
            user: login.cloud.clone(),
            hint: "a device login shows a code for a person to approve; run appcred on a \
                   terminal, or use v3oidcclientcredentials / v3oidcaccesstoken in scripts"
                .into(),
        });
    }
    let result = poll(
        http,
        login,
        endpoints,
        &device_code,
        pkce.as_ref(),
        start.interval,
        expires_at,
        lifetime,
    )
    .await;
    if let Some(p) = prompter {
        p.notify(LoginNotice::IdentityProviderDone);
    }
    result
}

#[allow(clippy::too_many_arguments)]
async fn poll(
    http: &Http,
    login: &OidcLogin,
    endpoints: &Endpoints,
    device_code: &Secret,
    pkce: Option<&Pkce>,
    interval: Option<u64>,
    expires_at: chrono::DateTime<Utc>,
    lifetime: u64,
) -> Result<IdpToken, KeystoneError> {
    let mut interval = interval.unwrap_or(DEFAULT_INTERVAL).clamp(1, 60);
    let minutes = lifetime.div_ceil(60).max(1);
    loop {
        tokio::time::sleep(Duration::from_secs(interval)).await;
        let mut fields: Vec<(&str, &str)> =
            vec![("grant_type", GRANT), ("device_code", device_code.expose())];
        if let Some(p) = pkce {
            fields.push(("code_verifier", p.verifier.expose()));
        }
        match token_endpoint::request(http, login, &endpoints.token, &fields).await {
            Ok(token) => return Ok(token),
            Err(GrantFailure::OAuth { status, error }) => match after_error(&error, interval) {
                Poll::Wait { interval: next } => {
                    if next != interval {
                        tracing::debug!(
                            next,
                            "device login: the identity provider asks to slow down"
                        );
                    }
                    interval = next;
                }
                Poll::Stop(StopReason::Denied) => return Err(denied(login, &error)),
                Poll::Stop(StopReason::Expired) => return Err(expired(login, minutes)),
                Poll::Stop(StopReason::Other) => {
                    return Err(token_endpoint::explain(
                        login,
                        "device code",
                        status,
                        &error,
                    ));
                }
            },
            Err(GrantFailure::Other(e)) => return Err(e),
        }
        if Utc::now() >= expires_at {
            return Err(expired(login, minutes));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(code: &str) -> OAuthError {
        OAuthError {
            error: code.into(),
            error_description: None,
        }
    }

    #[test]
    fn pending_keeps_the_interval_and_slow_down_adds_five_seconds() {
        assert_eq!(
            after_error(&e("authorization_pending"), 5),
            Poll::Wait { interval: 5 }
        );
        assert_eq!(after_error(&e("slow_down"), 5), Poll::Wait { interval: 10 });
        assert_eq!(
            after_error(&e("slow_down"), 10),
            Poll::Wait { interval: 15 }
        );
    }

    #[test]
    fn denied_expired_and_others_stop() {
        assert_eq!(
            after_error(&e("access_denied"), 5),
            Poll::Stop(StopReason::Denied)
        );
        assert_eq!(
            after_error(&e("expired_token"), 5),
            Poll::Stop(StopReason::Expired)
        );
        assert_eq!(
            after_error(&e("invalid_client"), 5),
            Poll::Stop(StopReason::Other)
        );
    }

    #[test]
    fn google_style_verification_url_is_read() {
        let a: DeviceAnswer = serde_json::from_str(
            r#"{"device_code":"d","user_code":"U","verification_url":"https://x/device","expires_in":600}"#,
        )
        .unwrap();
        assert_eq!(a.verification_uri, "https://x/device");
        assert_eq!(a.interval, None);
    }
}
