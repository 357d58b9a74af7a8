//! A cloud's OpenID Connect settings, checked before anything is sent, with
//! the clouds.yaml names (keystoneauth's) in every message.

use super::super::error::KeystoneError;
use crate::config::{CloudConfig, OidcFlow};
use crate::secret::Secret;

/// keystoneauth's default scope.
const DEFAULT_SCOPE: &str = "openid profile";
/// keystoneauth's v3websso defaults.
const DEFAULT_REDIRECT_HOST: &str = "localhost";
const DEFAULT_REDIRECT_PORT: u16 = 9990;
/// Seconds a browser login may take (keystoneauth's `login_timeout` is 60;
/// a person reading a login page needs more).
const DEFAULT_LOGIN_TIMEOUT: u64 = 300;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OidcLogin {
    pub flow: OidcFlow,
    pub cloud: String,
    pub identity_provider: String,
    pub protocol: String,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub discovery_endpoint: Option<String>,
    pub access_token_endpoint: Option<String>,
    pub device_authorization_endpoint: Option<String>,
    pub scope: String,
    /// Send Keystone the id_token instead of the access token.
    pub use_id_token: bool,
    pub access_token: Option<Secret>,
    pub pkce: bool,
    pub redirect_uri: Option<String>,
    pub code: Option<Secret>,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub redirect_host: String,
    pub redirect_port: u16,
    pub login_timeout: u64,
}

fn set(v: &Option<String>) -> Option<String> {
    v.as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

fn secret(v: &Option<Secret>) -> Option<Secret> {
    v.clone().filter(|s| !s.is_empty())
}

impl OidcLogin {
    pub fn from_cloud(cloud: &CloudConfig, flow: OidcFlow) -> Result<OidcLogin, KeystoneError> {
        let o = &cloud.auth.oidc;
        let missing = |what: &str, env: &str, flag: &str| {
            KeystoneError::config(
                format!(
                    "cloud {:?} uses auth_type {} but has no {what}",
                    cloud.name,
                    flow.name()
                ),
                format!("set auth.{what} in clouds.yaml, {env} or {flag}"),
            )
        };
        let identity_provider = set(&o.identity_provider).ok_or_else(|| {
            missing(
                "identity_provider",
                "OS_IDENTITY_PROVIDER",
                "--os-identity-provider (Keystone's name for it: `openstack identity provider list`)",
            )
        })?;
        let protocol = set(&o.protocol)
            .ok_or_else(|| missing("protocol", "OS_PROTOCOL", "--os-protocol (usually openid)"))?;
        let access_token_type = set(&o.access_token_type).unwrap_or_else(|| "access_token".into());
        let use_id_token = match access_token_type.as_str() {
            "access_token" => false,
            "id_token" => true,
            other => {
                return Err(KeystoneError::config(
                    format!("access_token_type {other:?} is not access_token or id_token"),
                    "leave access_token_type out (access_token), or set id_token if the web \
                     server in front of Keystone validates ID tokens",
                ));
            }
        };
        let pkce = match set(&o.code_challenge_method).as_deref() {
            None => false,
            Some(m) if m.eq_ignore_ascii_case("S256") => true,
            Some(other) => {
                return Err(KeystoneError::config(
                    format!("code_challenge_method {other:?} is not supported"),
                    "use code_challenge_method: S256 (plain gives no protection and is not sent)",
                ));
            }
        };
        let number = |v: &Option<String>, name: &str, default: u64| -> Result<u64, KeystoneError> {
            match set(v) {
                None => Ok(default),
                Some(s) => s.parse::<u64>().map_err(|_| {
                    KeystoneError::config(
                        format!("{name} {s:?} is not a whole number"),
                        format!("set {name} to a number, e.g. {default}"),
                    )
                }),
            }
        };
        let redirect_port = number(
            &o.redirect_port,
            "redirect_port",
            DEFAULT_REDIRECT_PORT.into(),
        )?;
        let redirect_port = u16::try_from(redirect_port).map_err(|_| {
            KeystoneError::config(
                format!("redirect_port {redirect_port} is not a TCP port"),
                "use a port from 1024 to 65535, e.g. 9990",
            )
        })?;
        let login = OidcLogin {
            flow,
            cloud: cloud.name.clone(),
            identity_provider,
            protocol,
            client_id: set(&o.client_id),
            client_secret: secret(&o.client_secret),
            discovery_endpoint: set(&o.discovery_endpoint),
            access_token_endpoint: set(&o.access_token_endpoint),
            device_authorization_endpoint: set(&o.device_authorization_endpoint),
            scope: set(&o.scope).unwrap_or_else(|| DEFAULT_SCOPE.into()),
            use_id_token,
            access_token: secret(&o.access_token),
            pkce,
            redirect_uri: set(&o.redirect_uri),
            code: secret(&o.code),
            username: set(&cloud.auth.username),
            password: secret(&cloud.auth.password),
            redirect_host: set(&o.redirect_host).unwrap_or_else(|| DEFAULT_REDIRECT_HOST.into()),
            redirect_port,
            login_timeout: number(&o.login_timeout, "login_timeout", DEFAULT_LOGIN_TIMEOUT)?,
        };
        login.check(&missing)?;
        Ok(login)
    }

    fn check(
        &self,
        missing: &dyn Fn(&str, &str, &str) -> KeystoneError,
    ) -> Result<(), KeystoneError> {
        let needs_idp = !matches!(self.flow, OidcFlow::AccessToken | OidcFlow::WebSso);
        if needs_idp {
            if self.client_id.is_none() {
                return Err(missing("client_id", "OS_CLIENT_ID", "--os-client-id"));
            }
            if self.discovery_endpoint.is_none() && self.access_token_endpoint.is_none() {
                return Err(missing(
                    "discovery_endpoint",
                    "OS_DISCOVERY_ENDPOINT",
                    "--os-discovery-endpoint (the identity provider's \
                     .well-known/openid-configuration URL), or access_token_endpoint",
                ));
            }
        }
        match self.flow {
            OidcFlow::AccessToken if self.access_token.is_none() => Err(missing(
                "access_token",
                "OS_ACCESS_TOKEN",
                "--os-access-token (better: secure.yaml, it is a secret)",
            )),
            OidcFlow::ClientCredentials if self.client_secret.is_none() => Err(missing(
                "client_secret",
                "OS_CLIENT_SECRET",
                "--os-client-secret (better: secure.yaml)",
            )),
            OidcFlow::Password if self.username.is_none() => {
                Err(missing("username", "OS_USERNAME", "--os-username"))
            }
            _ => Ok(()),
        }
    }

    /// The client, for messages: `client appcred-cli`.
    pub fn client_label(&self) -> String {
        match &self.client_id {
            Some(id) => format!("client {id:?}"),
            None => "the client".to_string(),
        }
    }
}
