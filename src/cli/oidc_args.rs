//! The OpenID Connect `--os-*` flags, named as the OpenStack CLI names them
//! (keystoneauth's v3oidc* loader options), and how they become auth options.

use clap::Args;

use crate::secret::Secret;

#[derive(Debug, Clone, Default, Args)]
pub struct OidcArgs {
    /// Keystone's name for the identity provider (OpenID Connect login)
    #[arg(long, global = true, value_name = "NAME")]
    pub os_identity_provider: Option<String>,
    /// Federation protocol at Keystone, usually openid
    #[arg(long, global = true, value_name = "NAME")]
    pub os_protocol: Option<String>,
    /// OAuth 2.0 client id at the identity provider
    #[arg(long, global = true, value_name = "ID")]
    pub os_client_id: Option<String>,
    /// OAuth 2.0 client secret (better: secure.yaml or OS_CLIENT_SECRET)
    // A random secret or token may begin with '-': it is the value, not a flag.
    #[arg(long, global = true, value_name = "SECRET", allow_hyphen_values = true)]
    pub os_client_secret: Option<String>,
    /// The identity provider's .well-known/openid-configuration URL
    #[arg(long, global = true, value_name = "URL")]
    pub os_discovery_endpoint: Option<String>,
    /// The identity provider's token endpoint (without discovery)
    #[arg(long, global = true, value_name = "URL")]
    pub os_access_token_endpoint: Option<String>,
    /// The identity provider's device authorization endpoint (without discovery)
    #[arg(long, global = true, value_name = "URL")]
    pub os_device_authorization_endpoint: Option<String>,
    /// OpenID Connect scope, default "openid profile"
    #[arg(long, global = true, value_name = "SCOPE")]
    pub os_openid_scope: Option<String>,
    /// access_token (default) or id_token: which token Keystone is given
    #[arg(long, global = true, value_name = "TYPE")]
    pub os_access_token_type: Option<String>,
    /// An OAuth 2.0 access token from the identity provider (v3oidcaccesstoken)
    #[arg(long, global = true, value_name = "TOKEN", allow_hyphen_values = true)]
    pub os_access_token: Option<String>,
    /// PKCE for the device and code flows: S256
    #[arg(long, global = true, value_name = "METHOD")]
    pub os_code_challenge_method: Option<String>,
    /// Redirect URL registered at the identity provider (v3oidcauthcode)
    #[arg(long, global = true, value_name = "URL")]
    pub os_redirect_uri: Option<String>,
}

impl OidcArgs {
    /// The non-secret options, by their clouds.yaml names.
    pub fn options(&self) -> Vec<(String, String)> {
        [
            ("identity_provider", &self.os_identity_provider),
            ("protocol", &self.os_protocol),
            ("client_id", &self.os_client_id),
            ("discovery_endpoint", &self.os_discovery_endpoint),
            ("access_token_endpoint", &self.os_access_token_endpoint),
            (
                "device_authorization_endpoint",
                &self.os_device_authorization_endpoint,
            ),
            ("openid_scope", &self.os_openid_scope),
            ("access_token_type", &self.os_access_token_type),
            ("code_challenge_method", &self.os_code_challenge_method),
            ("redirect_uri", &self.os_redirect_uri),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.clone().map(|v| (k.to_string(), v)))
        .collect()
    }

    /// The secret ones, held as secrets from here on.
    pub fn secrets(&self) -> Vec<(String, Secret)> {
        [
            ("client_secret", &self.os_client_secret),
            ("access_token", &self.os_access_token),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k.to_string(), Secret::from(v))))
        .collect()
    }
}
