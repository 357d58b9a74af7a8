//! The unscoped federated token in the cache: what an OpenID Connect login
//! got from Keystone's federation endpoint, kept (like a scoped token, in
//! an owner-only key with a kernel timeout) so that the next command on
//! another project or domain of the same cloud rescopes it by the token
//! method instead of sending the person back to the identity provider.
//!
//! It is the stronger secret of the two (it opens every project the user
//! may use), which is why it gets its own key and never a longer life than
//! Keystone gives it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::super::oidc::Unscoped;
use super::{CacheKey, Keyring, MARGIN, timeout_for};
use crate::secret::Secret;

/// The stored value; `kind` makes a scoped token's value under this key
/// (or this value under a scoped key) a miss, never a misread.
#[derive(Serialize, Deserialize)]
struct Stored {
    v: u32,
    kind: String,
    token: String,
    expires_at: DateTime<Utc>,
}

const VERSION: u32 = 1;
const KIND: &str = "unscoped-federated";

impl Drop for Stored {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.token);
    }
}

fn encode(unscoped: &Unscoped) -> Option<Zeroizing<Vec<u8>>> {
    let stored = Stored {
        v: VERSION,
        kind: KIND.to_string(),
        token: unscoped.token.expose().to_string(),
        expires_at: unscoped.expires_at,
    };
    serde_json::to_vec(&stored).ok().map(Zeroizing::new)
}

fn decode(bytes: &[u8]) -> Option<Unscoped> {
    let stored: Stored = serde_json::from_slice(bytes).ok()?;
    if stored.v != VERSION || stored.kind != KIND || stored.token.is_empty() {
        return None;
    }
    Some(Unscoped {
        token: Secret::new(stored.token.as_str()),
        expires_at: stored.expires_at,
    })
}

/// The cached unscoped token for `key` as stored, however little time it
/// has left (`logout` still revokes it). Every failure is a miss.
pub(crate) fn read(ring: &Keyring, key: &CacheKey) -> Option<Unscoped> {
    let bytes = ring.read(key.description())?;
    decode(&bytes)
}

/// The cached unscoped token, if it has more than [`MARGIN`] left.
pub(crate) fn load(ring: &Keyring, key: &CacheKey) -> Option<Unscoped> {
    let unscoped = read(ring, key)?;
    if unscoped.expires_at - Utc::now() <= MARGIN {
        tracing::debug!("token cache: the unscoped federated token is about to expire; not used");
        ring.remove(key.description());
        return None;
    }
    Some(unscoped)
}

/// Caches `unscoped` until [`MARGIN`] before it expires.
pub(crate) fn store(ring: &Keyring, key: &CacheKey, unscoped: &Unscoped) -> Result<(), String> {
    let timeout = timeout_for(unscoped.expires_at, Utc::now())
        .ok_or_else(|| "the federated token expires too soon to be worth caching".to_string())?;
    let bytes = encode(unscoped).ok_or_else(|| "cannot encode the federated token".to_string())?;
    ring.write(key.description(), &bytes, timeout)
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    #[test]
    fn round_trips_and_refuses_other_layouts() {
        let u = Unscoped {
            token: Secret::from("gAAAA-unscoped"),
            expires_at: Utc::now() + Duration::hours(1),
        };
        let bytes = encode(&u).unwrap_or_default();
        let back = decode(&bytes);
        assert_eq!(
            back.as_ref().map(|b| b.token.expose()),
            Some("gAAAA-unscoped")
        );
        assert_eq!(back.map(|b| b.expires_at), Some(u.expires_at));
        let text = String::from_utf8_lossy(&bytes);
        assert!(decode(text.replace(KIND, "scoped").as_bytes()).is_none());
        assert!(decode(text.replace("\"v\":1", "\"v\":2").as_bytes()).is_none());
        // A scoped token's value is not an unscoped one.
        assert!(decode(br#"{"v":1,"token":"t","expires_at":"2031-01-01T00:00:00Z"}"#).is_none());
    }
}
