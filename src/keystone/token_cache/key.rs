//! Which cached token belongs to a login: a SHA-256 over what tells two
//! logins apart. Secrets enter only as their own SHA-256, inside the hash,
//! so the description names no secret yet a changed password (or secret, or
//! token) is a different key and never picks up the old login's token.

use sha2::{Digest, Sha256};

use super::super::auth::{AppCredSel, DomainSel, Method, Plan, UserSel};
use super::super::oidc::OidcLogin;
use crate::config::CloudConfig;
use crate::secret::Secret;

/// Every description starts so: `appcred logout` and people reading
/// `keyctl show` can tell appcred's keys.
pub const PREFIX: &str = "appcred:token:";

/// The unscoped federated token's keys start so (after [`PREFIX`]'s text):
/// `keyctl show` tells the token that opens every project from one that
/// opens one.
pub const FEDERATED_PREFIX: &str = "appcred:token:federated:";

/// The keyring description of one login's cached token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CacheKey {
    description: String,
}

/// Length-prefixed fields, so ("ab","c") and ("a","bc") differ.
struct Fields(Sha256);

impl Fields {
    fn add(&mut self, field: &str) -> &mut Self {
        self.0.update((field.len() as u64).to_le_bytes());
        self.0.update(field.as_bytes());
        self
    }

    /// A secret's digest (never the secret); `None`: asked for at login,
    /// so any password the person types finds the same cached token.
    fn secret(&mut self, secret: Option<&Secret>) -> &mut Self {
        match secret.filter(|s| !s.is_empty()) {
            Some(s) => {
                let digest = Sha256::digest(s.expose().as_bytes());
                self.add("secret").add(&hex(&digest))
            }
            None => self.add("asked"),
        }
    }

    fn user(&mut self, user: &UserSel) -> &mut Self {
        match user {
            UserSel::Id(id) => self.add("user-id").add(id),
            UserSel::Name { name, domain } => self.add("user-name").add(name).domain(domain),
        }
    }

    fn domain(&mut self, domain: &DomainSel) -> &mut Self {
        match domain {
            DomainSel::Id(id) => self.add("domain-id").add(id),
            DomainSel::Name(name) => self.add("domain-name").add(name),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl CacheKey {
    /// The key for logging in to `cloud` (at `base`, the normalised
    /// `…/v3`) with `plan`, before any prompt: a password still to be asked
    /// counts as "asked". A TOTP passcode is left out: it changes every 30
    /// seconds, and skipping it is the point of caching an MFA login.
    pub fn new(cloud: &CloudConfig, base: &str, plan: &Plan) -> CacheKey {
        let mut f = Fields(Sha256::new());
        f.add("appcred token cache v1")
            .add(base)
            .add(&format!("{:?}", cloud.auth_type))
            .add(cloud.region_name.as_deref().unwrap_or(""))
            .add(&cloud.interface)
            .add(&format!("{:?}", plan.scope));
        for method in &plan.methods {
            f.add(method.name());
            match method {
                Method::Password { user, password } => {
                    f.user(user).secret(password.as_ref());
                }
                Method::Totp { user, .. } => {
                    f.user(user);
                }
                Method::Token { token } => {
                    f.secret(Some(token));
                }
                Method::ApplicationCredential { which, secret } => {
                    match which {
                        AppCredSel::Id(id) => f.add("app-cred-id").add(id),
                        AppCredSel::Name { name, user } => {
                            f.add("app-cred-name").add(name).user(user)
                        }
                    };
                    f.secret(Some(secret));
                }
                Method::Federated(fed) => {
                    let l = &fed.login;
                    f.add(l.flow.name())
                        .add(&l.identity_provider)
                        .add(&l.protocol)
                        .add(l.client_id.as_deref().unwrap_or(""))
                        .add(l.username.as_deref().unwrap_or(""))
                        .secret(l.client_secret.as_ref())
                        .secret(l.access_token.as_ref());
                }
            }
        }
        CacheKey {
            description: format!("{PREFIX}{}", hex(&f.0.finalize())),
        }
    }

    /// The key of the unscoped federated token a login through `login`
    /// gives at `base`: the cloud's identity (Keystone, identity provider,
    /// protocol, the OpenID client and user, the identity provider's
    /// endpoints, a digest of the client secret or access token), never the
    /// scope, so every project and domain of the cloud finds it.
    pub fn federated(base: &str, login: &OidcLogin) -> CacheKey {
        let mut f = Fields(Sha256::new());
        f.add("appcred unscoped federated token v1")
            .add(base)
            .add(login.flow.name())
            .add(&login.identity_provider)
            .add(&login.protocol)
            .add(login.client_id.as_deref().unwrap_or(""))
            .add(login.username.as_deref().unwrap_or(""))
            .add(login.discovery_endpoint.as_deref().unwrap_or(""))
            .add(login.access_token_endpoint.as_deref().unwrap_or(""))
            .add(login.device_authorization_endpoint.as_deref().unwrap_or(""))
            .add(&login.scope)
            .secret(login.client_secret.as_ref())
            .secret(login.access_token.as_ref())
            .secret(login.password.as_ref());
        CacheKey {
            description: format!("{FEDERATED_PREFIX}{}", hex(&f.0.finalize())),
        }
    }

    pub fn description(&self) -> &str {
        &self.description
    }
}
