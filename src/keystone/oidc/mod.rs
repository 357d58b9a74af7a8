//! OpenID Connect login through Keystone federation, as keystoneauth's
//! v3oidc* plugins do it: a token from the identity provider (device code,
//! client credentials, password, authorization code, or one given), then
//! `POST /v3/OS-FEDERATION/identity_providers/{idp}/protocols/{protocol}/auth`
//! with `Authorization: Bearer` for an unscoped Keystone token, then the
//! token method for the scope asked for.
//!
//! The unscoped token is kept in the login's [`Federated`] method, so a
//! renewal or a switch of project or domain goes straight to Keystone while
//! it is valid: the person logs in at the identity provider once.
//!
//! Files: `options` (the cloud's settings, checked), `endpoints` (discovery),
//! `token_endpoint` (grants and the identity provider's errors), `device`
//! (RFC 8628 polling), `pkce`, `browser` (the loopback redirect listener),
//! `federation` (Keystone's side).

mod browser;
mod device;
mod endpoints;
mod federation;
mod options;
mod pkce;
mod token_endpoint;

use chrono::{DateTime, Utc};

pub(crate) use federation::login;
pub(crate) use options::OidcLogin;

use crate::secret::Secret;

/// The federated login as a method of a [`super::auth::Plan`]: how to get
/// an identity-provider token, and the unscoped Keystone token it gave.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Federated {
    pub login: OidcLogin,
    pub unscoped: Option<Unscoped>,
}

/// An unscoped federated token, reused for every scope until it expires.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Unscoped {
    pub token: Secret,
    pub expires_at: DateTime<Utc>,
}

impl Unscoped {
    /// Worth using: more than the renewal margin left.
    pub fn usable(&self, now: DateTime<Utc>) -> bool {
        super::renewal::worth_using(self.expires_at, now)
    }
}
