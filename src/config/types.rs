//! The resolved cloud: what clouds.yaml, secure.yaml, a profile, the `OS_*`
//! variables and the command-line flags add up to. Everything downstream
//! (the Keystone client, exports, the TUI) reads only this.

use std::fmt;
use std::path::PathBuf;

use crate::secret::Secret;

/// The auth plugins appcred speaks, by their keystoneauth names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthType {
    /// `password` (generic) or `v3password`.
    Password,
    /// `token` or `v3token`.
    Token,
    /// `v3applicationcredential`.
    ApplicationCredential,
    /// `v3totp`.
    Totp,
    /// `v3multifactor` with `auth_methods`.
    MultiFactor,
    /// An OpenID Connect login through Keystone federation (`v3oidc*`, `v3websso`).
    Oidc(OidcFlow),
}

/// How an OpenID Connect login gets its token from the identity provider,
/// by keystoneauth's plugin names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OidcFlow {
    /// `v3oidcdeviceauthz`: a code to enter in a browser anywhere (RFC 8628).
    DeviceAuthorization,
    /// `v3oidcclientcredentials`: a service's own client id and secret.
    ClientCredentials,
    /// `v3oidcaccesstoken`: an access token obtained elsewhere.
    AccessToken,
    /// `v3oidcpassword`: the resource-owner password grant.
    Password,
    /// `v3oidcauthcode`: a browser login redirected to a loopback listener
    /// (or a `code` given in the config).
    AuthorizationCode,
    /// `v3websso`: Keystone's own web single sign-on, the token posted back
    /// to a loopback listener.
    WebSso,
}

impl OidcFlow {
    pub fn name(self) -> &'static str {
        match self {
            OidcFlow::DeviceAuthorization => "v3oidcdeviceauthz",
            OidcFlow::ClientCredentials => "v3oidcclientcredentials",
            OidcFlow::AccessToken => "v3oidcaccesstoken",
            OidcFlow::Password => "v3oidcpassword",
            OidcFlow::AuthorizationCode => "v3oidcauthcode",
            OidcFlow::WebSso => "v3websso",
        }
    }
}

impl AuthType {
    /// Every name accepted in `auth_type`, for error messages.
    pub const SUPPORTED: &'static [&'static str] = &[
        "password",
        "v3password",
        "token",
        "v3token",
        "v3applicationcredential",
        "v3totp",
        "v3multifactor",
        "v3oidcdeviceauthz",
        "v3oidcclientcredentials",
        "v3oidcaccesstoken",
        "v3oidcpassword",
        "v3oidcauthcode",
        "v3websso",
    ];

    /// Parses a keystoneauth plugin name (`auth_plugin` is an old alias of the key).
    pub fn parse(name: &str) -> Option<AuthType> {
        match name.trim().to_ascii_lowercase().replace('_', "").as_str() {
            "password" | "v3password" => Some(AuthType::Password),
            "token" | "v3token" => Some(AuthType::Token),
            "v3applicationcredential" | "applicationcredential" => {
                Some(AuthType::ApplicationCredential)
            }
            "v3totp" | "totp" => Some(AuthType::Totp),
            "v3multifactor" | "multifactor" => Some(AuthType::MultiFactor),
            "v3oidcdeviceauthz" => Some(AuthType::Oidc(OidcFlow::DeviceAuthorization)),
            "v3oidcclientcredentials" => Some(AuthType::Oidc(OidcFlow::ClientCredentials)),
            "v3oidcaccesstoken" => Some(AuthType::Oidc(OidcFlow::AccessToken)),
            "v3oidcpassword" => Some(AuthType::Oidc(OidcFlow::Password)),
            "v3oidcauthcode" | "v3oidccode" => Some(AuthType::Oidc(OidcFlow::AuthorizationCode)),
            "v3websso" | "websso" => Some(AuthType::Oidc(OidcFlow::WebSso)),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            AuthType::Password => "password",
            AuthType::Token => "token",
            AuthType::ApplicationCredential => "v3applicationcredential",
            AuthType::Totp => "v3totp",
            AuthType::MultiFactor => "v3multifactor",
            AuthType::Oidc(flow) => flow.name(),
        }
    }
}

impl fmt::Display for AuthType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The `auth:` block, after merging. Secrets are [`Secret`]s.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuthOptions {
    pub auth_url: Option<String>,
    pub username: Option<String>,
    pub user_id: Option<String>,
    pub user_domain_name: Option<String>,
    pub user_domain_id: Option<String>,
    pub password: Option<Secret>,
    pub passcode: Option<Secret>,
    pub token: Option<Secret>,
    pub project_id: Option<String>,
    pub project_name: Option<String>,
    pub project_domain_id: Option<String>,
    pub project_domain_name: Option<String>,
    pub domain_id: Option<String>,
    pub domain_name: Option<String>,
    pub default_domain_id: Option<String>,
    pub default_domain_name: Option<String>,
    pub system_scope: Option<String>,
    pub application_credential_id: Option<String>,
    pub application_credential_name: Option<String>,
    pub application_credential_secret: Option<Secret>,
    /// For `v3multifactor`: plugin names such as `v3password`, `v3totp`.
    pub auth_methods: Vec<String>,
    /// For the OpenID Connect plugins (`v3oidc*`, `v3websso`).
    pub oidc: OidcOptions,
}

/// The federation and OpenID Connect options, named as keystoneauth names
/// them in clouds.yaml (`OS_*` and `--os-*` follow from the names).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OidcOptions {
    pub identity_provider: Option<String>,
    pub protocol: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub discovery_endpoint: Option<String>,
    pub access_token_endpoint: Option<String>,
    pub device_authorization_endpoint: Option<String>,
    /// `openid_scope` (keystoneauth's option; `scope` is accepted too).
    pub scope: Option<String>,
    /// `access_token` (default) or `id_token`: which token Keystone gets.
    pub access_token_type: Option<String>,
    pub access_token: Option<Secret>,
    /// `S256` (or `plain`) turns on PKCE for the device and code flows.
    pub code_challenge_method: Option<String>,
    pub redirect_uri: Option<String>,
    /// An authorization code obtained elsewhere (`v3oidcauthcode`).
    pub code: Option<Secret>,
    /// `v3websso`: where the loopback listener waits (localhost:9990).
    pub redirect_host: Option<String>,
    pub redirect_port: Option<String>,
    /// Seconds a browser login may take (`login_timeout`).
    pub login_timeout: Option<String>,
}

/// TLS settings as openstacksdk resolves them: `insecure: true` wins over
/// `verify`; `cacert` adds a trusted root; `cert` + `key` is a client pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsOptions {
    pub verify: bool,
    pub cacert: Option<PathBuf>,
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
}

impl Default for TlsOptions {
    fn default() -> Self {
        TlsOptions {
            verify: true,
            cacert: None,
            cert: None,
            key: None,
        }
    }
}

/// One cloud, fully resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct CloudConfig {
    /// The clouds.yaml name, or `envvars` (or `$OS_CLOUD_NAME`) for a cloud
    /// made of `OS_*` variables.
    pub name: String,
    pub auth_type: AuthType,
    pub auth: AuthOptions,
    pub region_name: Option<String>,
    /// `public` unless set.
    pub interface: String,
    pub identity_api_version: Option<String>,
    pub tls: TlsOptions,
    /// Seconds; `api_timeout` in clouds.yaml.
    pub api_timeout: Option<f64>,
    /// The clouds.yaml this cloud came from, if any.
    pub source_file: Option<PathBuf>,
}

/// A line of the cloud picker: enough to choose, nothing secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudSummary {
    pub name: String,
    pub auth_url: Option<String>,
    pub username: Option<String>,
    pub auth_type: String,
    pub source_file: Option<PathBuf>,
}

/// Values from the command line's `--os-*` flags; they beat everything else.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pub cloud: Option<String>,
    pub auth_url: Option<String>,
    pub auth_type: Option<String>,
    pub username: Option<String>,
    pub user_id: Option<String>,
    pub user_domain_name: Option<String>,
    pub user_domain_id: Option<String>,
    pub project_name: Option<String>,
    pub project_id: Option<String>,
    pub project_domain_name: Option<String>,
    pub project_domain_id: Option<String>,
    pub domain_name: Option<String>,
    pub domain_id: Option<String>,
    pub system_scope: Option<String>,
    pub region_name: Option<String>,
    pub interface: Option<String>,
    pub cacert: Option<PathBuf>,
    pub insecure: bool,
    /// More auth options by their clouds.yaml names (the OpenID Connect
    /// flags: `identity_provider`, `client_id`, ...).
    pub auth_options: Vec<(String, String)>,
    /// Secret auth options from flags (`client_secret`, `access_token`).
    pub auth_secrets: Vec<(String, Secret)>,
}
