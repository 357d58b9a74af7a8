//! Logins through the token cache (`token_cache`): look in the kernel
//! keyring first, log in only on a miss, keep renewals in the cache, and
//! `logout`, which revokes the cached token at Keystone and forgets it.

use std::sync::Arc;

use super::super::token_cache::{self, CacheKey, Keyring};
use super::*;

/// This login's place in the kernel keyring.
pub(crate) struct CacheSlot {
    ring: Keyring,
    key: CacheKey,
}

impl CacheSlot {
    /// None when the kernel has no keyring for us: then there is no cache.
    fn open(cloud: &CloudConfig, http: &Http, plan: &Plan) -> Option<CacheSlot> {
        let ring = Keyring::open()?;
        let key = CacheKey::new(cloud, http.base.as_str(), plan);
        Some(CacheSlot { ring, key })
    }

    /// Caches a fresh token. A failure only means the next command logs in.
    pub(super) fn store(&self, issued: &Issued, cloud: &CloudConfig) -> Result<(), String> {
        let stored = token_cache::store(&self.ring, &self.key, &issued.token, &issued.info, cloud);
        if let Err(why) = &stored {
            tracing::debug!(%why, keyring = self.ring.name(), "token cache: token not stored");
        }
        stored
    }

    pub(super) fn remove(&self) {
        token_cache::remove(&self.ring, &self.key);
    }
}

/// What `appcred login` did: the token it got, and where it was cached (the
/// keyring's name) or why it could not be.
pub struct LoginReport {
    pub info: TokenInfo,
    pub cached: Result<&'static str, String>,
}

/// What `appcred logout` did.
#[derive(Debug)]
pub enum LogoutReport {
    /// No kernel keyring here, so nothing can have been cached.
    NoKeyring,
    /// The keyring holds no token for this login.
    NothingCached { keyring: &'static str },
    /// Revoked at Keystone and removed from the keyring.
    Revoked { keyring: &'static str },
    /// Keystone no longer knew the token (revoked or expired); removed.
    AlreadyInvalid { keyring: &'static str },
    /// Removed from the keyring, but Keystone could not be told: the token
    /// stays valid there until it expires.
    NotRevoked {
        keyring: &'static str,
        expires_at: chrono::DateTime<chrono::Utc>,
        error: KeystoneError,
    },
}

impl Session {
    /// [`Session::login`], but a token cached by an earlier command for the
    /// same login is used without asking Keystone; otherwise the new token is
    /// cached. A cached token Keystone refuses is dropped and the call logs
    /// in again (`call`), so the caller never sees the difference.
    pub async fn login_cached(
        cloud: &CloudConfig,
        prompter: Arc<dyn Prompter>,
    ) -> Result<Session, KeystoneError> {
        let http = Http::new(cloud)?;
        let mut plan = auth::plan_from_cloud(cloud)?;
        let slot = CacheSlot::open(cloud, &http, &plan);
        let cached = slot
            .as_ref()
            .and_then(|s| token_cache::load(&s.ring, &s.key));
        let issued = match cached {
            Some(cached) => {
                tracing::debug!(user = %cached.info.user.name, scope = %cached.info.scope.label(),
                    expires_at = %cached.info.expires_at,
                    keyring = slot.as_ref().map_or("", |s| s.ring.name()),
                    "token cache: using the cached token");
                Issued {
                    token: cached.token,
                    info: cached.info,
                }
            }
            None => {
                let issued = login::authenticate(&http, &mut plan, Some(prompter.as_ref())).await?;
                log_login(&issued);
                if let Some(slot) = &slot {
                    let _ = slot.store(&issued, cloud);
                }
                issued
            }
        };
        // The prompter stays: a refused cached token means a fresh login,
        // which may need the password this run has not asked for yet.
        Ok(Session::from_parts(
            http,
            cloud.clone(),
            plan,
            issued,
            Some(prompter),
            slot,
        ))
    }

    /// `appcred login`: always a fresh login (a full token lifetime ahead),
    /// cached, with a report of where or why not.
    pub async fn login_and_cache(
        cloud: &CloudConfig,
        prompter: Arc<dyn Prompter>,
    ) -> Result<(Session, LoginReport), KeystoneError> {
        let http = Http::new(cloud)?;
        let mut plan = auth::plan_from_cloud(cloud)?;
        let slot = CacheSlot::open(cloud, &http, &plan);
        let issued = login::authenticate(&http, &mut plan, Some(prompter.as_ref())).await?;
        log_login(&issued);
        let cached = match &slot {
            Some(slot) => slot.store(&issued, cloud).map(|()| slot.ring.name()),
            None => Err(
                "the kernel keyring is not available here (a container that blocks \
                         the keyctl system calls, or not Linux)"
                    .to_string(),
            ),
        };
        let report = LoginReport {
            info: issued.info.clone(),
            cached,
        };
        let session = Session::from_parts(http, cloud.clone(), plan, issued, Some(prompter), slot);
        Ok((session, report))
    }
}

/// `appcred logout`: removes this login's cached token from the keyring and
/// revokes it at Keystone (`DELETE /v3/auth/tokens`). It never logs in.
pub async fn logout(cloud: &CloudConfig) -> Result<LogoutReport, KeystoneError> {
    let http = Http::new(cloud)?;
    let plan = auth::plan_from_cloud(cloud)?;
    let Some(slot) = CacheSlot::open(cloud, &http, &plan) else {
        return Ok(LogoutReport::NoKeyring);
    };
    let keyring = slot.ring.name();
    // Any token, even one too close to expiry to be used: it is still valid.
    let Some(cached) = token_cache::read(&slot.ring, &slot.key) else {
        return Ok(LogoutReport::NothingCached { keyring });
    };
    // Forget it first: whatever Keystone says, this machine keeps no token.
    slot.remove();
    let expires_at = cached.info.expires_at;
    let issued = Issued {
        token: cached.token,
        info: cached.info,
    };
    let session = Session::from_parts(http, cloud.clone(), plan, issued, None, None);
    match session.revoke_token().await {
        Ok(()) => Ok(LogoutReport::Revoked { keyring }),
        Err(e) if matches!(e.status(), Some(401 | 404)) => {
            Ok(LogoutReport::AlreadyInvalid { keyring })
        }
        Err(error) => Ok(LogoutReport::NotRevoked {
            keyring,
            expires_at,
            error,
        }),
    }
}
