//! Where the identity provider's endpoints are: the explicit options, or
//! its discovery document (`.well-known/openid-configuration`).

use reqwest::Method;
use serde::Deserialize;

use super::super::error::KeystoneError;
use super::super::http::{Http, Request};
use super::OidcLogin;
use super::token_endpoint::idp_transport;

#[derive(Debug, Clone, Default)]
pub(crate) struct Endpoints {
    pub token: String,
    pub device_authorization: Option<String>,
    pub authorization: Option<String>,
}

#[derive(Deserialize)]
struct Discovery {
    #[serde(default)]
    token_endpoint: Option<String>,
    #[serde(default)]
    device_authorization_endpoint: Option<String>,
    #[serde(default)]
    authorization_endpoint: Option<String>,
}

/// The endpoints, asking the discovery document only for what the options
/// leave out (as keystoneauth does: explicit options win).
pub(crate) async fn resolve(http: &Http, login: &OidcLogin) -> Result<Endpoints, KeystoneError> {
    let explicit_enough = login.access_token_endpoint.is_some()
        && (login.flow != crate::config::OidcFlow::DeviceAuthorization
            || login.device_authorization_endpoint.is_some());
    let discovered = match (&login.discovery_endpoint, explicit_enough) {
        (Some(url), false) => Some(discover(http, url).await?),
        _ => None,
    };
    let d = discovered.unwrap_or(Discovery {
        token_endpoint: None,
        device_authorization_endpoint: None,
        authorization_endpoint: None,
    });
    let token = login
        .access_token_endpoint
        .clone()
        .or(d.token_endpoint)
        .ok_or_else(|| KeystoneError::IdentityProvider {
            action: "find the token endpoint".into(),
            detail: "the discovery document names no token_endpoint".into(),
            hint: Some("set access_token_endpoint in the cloud's auth".into()),
        })?;
    Ok(Endpoints {
        token,
        device_authorization: login
            .device_authorization_endpoint
            .clone()
            .or(d.device_authorization_endpoint),
        authorization: d.authorization_endpoint,
    })
}

async fn discover(http: &Http, url: &str) -> Result<Discovery, KeystoneError> {
    let action = format!("read the discovery document {url}");
    let parsed = reqwest::Url::parse(url).map_err(|e| {
        KeystoneError::config(
            format!("discovery_endpoint {url:?} is not a URL: {e}"),
            "give the full URL, e.g. https://idp.example/.well-known/openid-configuration",
        )
    })?;
    let answer = http
        .send(&Request::new(Method::GET, parsed))
        .await
        .map_err(|e| idp_transport(&action, e))?;
    if !answer.status.is_success() {
        return Err(KeystoneError::IdentityProvider {
            action,
            detail: format!("the identity provider answered {}", answer.status),
            hint: Some(
                "check discovery_endpoint: it ends in /.well-known/openid-configuration".into(),
            ),
        });
    }
    serde_json::from_slice(&answer.body).map_err(|e| KeystoneError::IdentityProvider {
        action,
        detail: format!("not an OpenID configuration document: {e}"),
        hint: Some("check discovery_endpoint".into()),
    })
}
