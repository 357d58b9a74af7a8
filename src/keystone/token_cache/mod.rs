//! The token cache: a scoped token kept between commands in the Linux kernel
//! keyring, never on disk, so a script's second command skips the login
//! (Keystone hashing the password is most of a command's time).
//!
//! - Where: the session keyring when the login set one up (pam_keyinit,
//!   `keyctl session`), else the user keyring. Key type `user`, readable by
//!   its owner uid only (`keyring::owner_only`: not by another uid that
//!   holds the same session keyring), with a kernel timeout of the token's
//!   expiry less [`MARGIN`], so the kernel itself forgets a token before
//!   Keystone does. A key of another uid under our name is never used.
//! - Which: the key's description is a hash of what tells logins apart (auth
//!   URL, auth type, user or application credential, scope, region,
//!   interface, and a digest of the configured password or secret, so a
//!   changed password misses). No secret is in the description; the value
//!   holds the token and what the token said (user, scope, roles, expiry and
//!   the catalog's endpoints for the cloud's interface and region).
//! - Federated logins: the unscoped token Keystone's federation endpoint
//!   gave is cached too (`unscoped`), under a key of the cloud's identity
//!   (auth URL, identity provider, protocol, OpenID client and user) without
//!   the scope, so a command on another project or domain rescopes it and
//!   the person is not sent back to the identity provider.
//! - Failure: any keyring error (no keyutils in a container, another OS, a
//!   full quota) means "no cache" and is only logged at debug level.

mod key;
mod keyring;
pub(crate) mod unscoped;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::types::{CatalogService, RoleRef, Scope, TokenAppCred, TokenInfo, UserRef};
use crate::config::CloudConfig;
use crate::secret::Secret;

pub(crate) use key::CacheKey;
pub(crate) use keyring::Keyring;

/// A token is cached until this long before it expires (the kernel timeout),
/// and a cached token with less left than this is not used.
pub const MARGIN: Duration = Duration::minutes(5);

/// The value stored in the key. Versioned so a later layout is a miss, not
/// a misread.
#[derive(Serialize, Deserialize)]
struct Stored {
    v: u32,
    token: String,
    user: UserRef,
    scope: Scope,
    roles: Vec<RoleRef>,
    methods: Vec<String>,
    issued_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    catalog: Vec<CatalogService>,
    application_credential: Option<TokenAppCred>,
}

const VERSION: u32 = 1;

impl Drop for Stored {
    // The token's copy in this struct is zeroized too, not only the bytes.
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.token);
    }
}

/// A token read back from the cache.
pub(crate) struct Cached {
    pub token: Secret,
    pub info: TokenInfo,
}

/// Only the endpoints this cloud uses (its interface and region): the
/// catalog of a large cloud would not fit a user's keyring quota
/// (`/proc/sys/kernel/keys/maxbytes`, 20000 bytes by default).
fn trimmed_catalog(catalog: &[CatalogService], cloud: &CloudConfig) -> Vec<CatalogService> {
    catalog
        .iter()
        .map(|s| CatalogService {
            service_type: s.service_type.clone(),
            name: s.name.clone(),
            endpoints: s
                .endpoints
                .iter()
                .filter(|e| e.interface == cloud.interface)
                .filter(|e| match (&cloud.region_name, &e.region_id) {
                    (Some(want), Some(have)) => want == have,
                    _ => true,
                })
                .cloned()
                .collect(),
        })
        .collect()
}

fn encode(token: &Secret, info: &TokenInfo, cloud: &CloudConfig) -> Option<Zeroizing<Vec<u8>>> {
    let stored = Stored {
        v: VERSION,
        token: token.expose().to_string(),
        user: info.user.clone(),
        scope: info.scope.clone(),
        roles: info.roles.clone(),
        methods: info.methods.clone(),
        issued_at: info.issued_at,
        expires_at: info.expires_at,
        catalog: trimmed_catalog(&info.catalog, cloud),
        application_credential: info.application_credential.clone(),
    };
    serde_json::to_vec(&stored).ok().map(Zeroizing::new)
}

fn decode(bytes: &[u8]) -> Option<Cached> {
    let stored: Stored = serde_json::from_slice(bytes).ok()?;
    if stored.v != VERSION || stored.token.is_empty() {
        return None;
    }
    Some(Cached {
        token: Secret::new(stored.token.as_str()),
        info: TokenInfo {
            user: stored.user.clone(),
            scope: stored.scope.clone(),
            roles: stored.roles.clone(),
            methods: stored.methods.clone(),
            issued_at: stored.issued_at,
            expires_at: stored.expires_at,
            catalog: stored.catalog.clone(),
            application_credential: stored.application_credential.clone(),
        },
    })
}

/// Seconds the kernel keeps a token that expires at `expires_at`; None when
/// too little is left to be worth caching.
fn timeout_for(expires_at: DateTime<Utc>, now: DateTime<Utc>) -> Option<u64> {
    let left = expires_at - now - MARGIN;
    u64::try_from(left.num_seconds()).ok().filter(|s| *s > 0)
}

/// The cached token for `key` as stored, however little time it has left
/// (`logout` still revokes it). Every failure is a miss.
pub(crate) fn read(ring: &Keyring, key: &CacheKey) -> Option<Cached> {
    let bytes = ring.read(key.description())?;
    decode(&bytes)
}

/// The cached token for `key`, if one is there and has more than [`MARGIN`]
/// left. Every failure is a miss.
pub(crate) fn load(ring: &Keyring, key: &CacheKey) -> Option<Cached> {
    let cached = read(ring, key)?;
    if cached.info.expires_at - Utc::now() <= MARGIN {
        tracing::debug!("token cache: the cached token is about to expire; not used");
        ring.remove(key.description());
        return None;
    }
    Some(cached)
}

/// Caches `token`. The error says why not (`appcred login` reports it; every
/// other caller only logs it).
pub(crate) fn store(
    ring: &Keyring,
    key: &CacheKey,
    token: &Secret,
    info: &TokenInfo,
    cloud: &CloudConfig,
) -> Result<(), String> {
    let timeout = timeout_for(info.expires_at, Utc::now())
        .ok_or_else(|| "the token expires too soon to be worth caching".to_string())?;
    let bytes = encode(token, info, cloud).ok_or_else(|| "cannot encode the token".to_string())?;
    ring.write(key.description(), &bytes, timeout)
}

/// Forgets the cached token for `key` (a refused token, or `logout`).
pub(crate) fn remove(ring: &Keyring, key: &CacheKey) {
    ring.remove(key.description());
}

#[cfg(test)]
mod tests;
