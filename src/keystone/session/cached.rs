//! Logins through the token cache (`token_cache`): look in the kernel
//! keyring first, log in only on a miss, keep renewals in the cache, and
//! `logout`, which revokes the cached token at Keystone and forgets it.
//!
//! A federated login has two keys: the scoped token (as every login) and
//! the unscoped token of the cloud (`token_cache::unscoped`). A scope with
//! no cached token then costs a rescope at Keystone, not a visit to the
//! identity provider (`lend_unscoped` before the login, `keep_unscoped`
//! after it: a new unscoped token is cached, a refused one forgotten).

use std::sync::Arc;

use super::super::oidc::OidcLogin;
use super::super::token_cache::{self, CacheKey, Keyring, unscoped};
use super::*;

/// This login's place in the kernel keyring.
pub(crate) struct CacheSlot {
    ring: Keyring,
    key: CacheKey,
    /// The unscoped federated token's key (OpenID Connect logins only).
    federated: Option<CacheKey>,
    /// Keystone's normalised `…/v3`: part of every key of this cloud.
    base: String,
}

fn oidc_login(plan: &Plan) -> Option<&OidcLogin> {
    federated(plan).map(|f| &f.login)
}

fn federated(plan: &Plan) -> Option<&super::super::oidc::Federated> {
    plan.methods.iter().find_map(|m| match m {
        Method::Federated(f) => Some(f.as_ref()),
        _ => None,
    })
}

/// The unscoped federated token `plan` holds, if any.
pub(super) fn unscoped_token(plan: &Plan) -> Option<Secret> {
    federated(plan)
        .and_then(|f| f.unscoped.as_ref())
        .map(|u| u.token.clone())
}

impl CacheSlot {
    /// None when the kernel has no keyring for us: then there is no cache.
    fn open(cloud: &CloudConfig, http: &Http, plan: &Plan) -> Option<CacheSlot> {
        let ring = Keyring::open()?;
        let key = CacheKey::new(cloud, http.base.as_str(), plan);
        let federated = oidc_login(plan).map(|l| CacheKey::federated(http.base.as_str(), l));
        Some(CacheSlot {
            ring,
            key,
            federated,
            base: http.base.to_string(),
        })
    }

    /// The same login's slot on `scope`: the key a command given that scope
    /// (`--os-project-id ID`, `--os-domain-id ID`, `--os-system-scope all`)
    /// reads, so a rescope and that command share one cached token. None
    /// when the cloud no longer makes a plan (then the rescope is uncached).
    pub(super) fn for_scope(&self, cloud: &CloudConfig, scope: &ScopeRequest) -> Option<CacheSlot> {
        // From the cloud, not from the session's plan: a password asked at
        // login is "asked" in every key, as in the command's.
        let mut plan = auth::plan_from_cloud(cloud).ok()?;
        plan.scope = Some(scope.clone());
        Some(CacheSlot {
            ring: self.ring.clone(),
            key: CacheKey::new(cloud, &self.base, &plan),
            federated: self.federated.clone(),
            base: self.base.clone(),
        })
    }

    /// The cached token of this slot, if one is there with time left and
    /// it is the login's of `cloud` (else it is dropped).
    pub(super) fn load(&self, cloud: &CloudConfig) -> Option<Issued> {
        let cached = token_cache::load(&self.ring, &self.key)?;
        if let Some(why) = super::consistent::stored_for_another(cloud, &cached.info) {
            tracing::debug!(why, "token cache: the cached token is dropped; logging in");
            self.remove();
            return None;
        }
        tracing::debug!(user = %cached.info.user.name, scope = %cached.info.scope.label(),
            expires_at = %cached.info.expires_at, keyring = self.ring.name(),
            "token cache: using the cached token");
        Some(Issued {
            token: cached.token,
            info: cached.info,
        })
    }

    /// Gives `plan` the cached unscoped federated token (when it has none),
    /// so its login rescopes that token instead of visiting the identity
    /// provider. Returns the token lent.
    pub(super) fn lend_unscoped(&self, plan: &mut Plan) -> Option<Secret> {
        let key = self.federated.as_ref()?;
        let fed = plan.federated_mut()?;
        if fed.unscoped.is_none() {
            let cached = unscoped::load(&self.ring, key)?;
            tracing::debug!(expires_at = %cached.expires_at, keyring = self.ring.name(),
                "token cache: using the cached unscoped federated token");
            fed.unscoped = Some(cached);
        }
        fed.unscoped.as_ref().map(|u| u.token.clone())
    }

    /// After a login with `plan` that started from `before`: caches the
    /// unscoped token the login got if it is new, and forgets the cached
    /// one if the login dropped it (Keystone refused it), even when the
    /// login then failed.
    pub(super) fn keep_unscoped(&self, before: Option<&Secret>, plan: &Plan) {
        let Some(key) = &self.federated else { return };
        match federated(plan).and_then(|f| f.unscoped.as_ref()) {
            Some(now) if Some(&now.token) != before => {
                match unscoped::store(&self.ring, key, now) {
                    Ok(()) => tracing::debug!(
                        keyring = self.ring.name(),
                        "token cache: unscoped federated token stored"
                    ),
                    Err(why) => tracing::debug!(%why, keyring = self.ring.name(),
                        "token cache: unscoped federated token not stored"),
                }
            }
            Some(_) => {}
            None if before.is_some() => {
                tracing::debug!("token cache: the cached unscoped federated token was refused");
                self.ring.remove(key.description());
            }
            None => {}
        }
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
        let cached = slot.as_ref().and_then(|s| s.load(cloud));
        let from_cache = cached.is_some();
        // Lent even with a scoped token cached: its renewal (or its refusal)
        // then rescopes too.
        let lent = slot.as_ref().and_then(|s| s.lend_unscoped(&mut plan));
        let issued = match cached {
            Some(cached) => cached,
            None => {
                let result = login::authenticate(&http, &mut plan, Some(prompter.as_ref())).await;
                if let Some(slot) = &slot {
                    slot.keep_unscoped(lent.as_ref(), &plan);
                }
                let issued = result?;
                log_login(&issued);
                if let Some(slot) = &slot {
                    let _ = slot.store(&issued, cloud);
                }
                issued
            }
        };
        // The prompter stays: a refused cached token means a fresh login,
        // which may need the password this run has not asked for yet.
        let session = Session::from_parts(http, cloud.clone(), plan, issued, Some(prompter), slot);
        session
            .inner
            .from_cache
            .store(from_cache, std::sync::atomic::Ordering::Relaxed);
        Ok(session)
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
        // Fresh means fresh: a federated login goes to the identity provider
        // (a rescoped token lives no longer than its unscoped one).
        let issued = login::authenticate(&http, &mut plan, Some(prompter.as_ref())).await?;
        log_login(&issued);
        if let Some(slot) = &slot {
            slot.keep_unscoped(None, &plan);
        }
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
    // Any token, even one too close to expiry to be used: it is still valid.
    let cached = token_cache::read(&slot.ring, &slot.key).map(|c| (c.token, c.info.expires_at));
    Ok(forget_and_revoke(&http, &slot.ring, &slot.key, cached).await)
}

/// `appcred logout` for a federated cloud, the second half: the cached
/// unscoped federated token (the one that opens every project) revoked and
/// forgotten as [`logout`] does the scoped one. None: not a federated cloud.
pub async fn logout_federated(cloud: &CloudConfig) -> Result<Option<LogoutReport>, KeystoneError> {
    let http = Http::new(cloud)?;
    let plan = auth::plan_from_cloud(cloud)?;
    if !plan.is_federated() {
        return Ok(None);
    }
    let Some(slot) = CacheSlot::open(cloud, &http, &plan) else {
        return Ok(Some(LogoutReport::NoKeyring));
    };
    let Some(key) = &slot.federated else {
        return Ok(None);
    };
    let cached = unscoped::read(&slot.ring, key).map(|u| (u.token, u.expires_at));
    Ok(Some(
        forget_and_revoke(&http, &slot.ring, key, cached).await,
    ))
}

async fn forget_and_revoke(
    http: &Http,
    ring: &Keyring,
    key: &CacheKey,
    cached: Option<(Secret, chrono::DateTime<chrono::Utc>)>,
) -> LogoutReport {
    let keyring = ring.name();
    let Some((token, expires_at)) = cached else {
        return LogoutReport::NothingCached { keyring };
    };
    // Forget it first: whatever Keystone says, this machine keeps no token.
    token_cache::remove(ring, key);
    match super::revoke(http, &token).await {
        Ok(()) => LogoutReport::Revoked { keyring },
        Err(e) if matches!(e.status(), Some(401 | 404)) => LogoutReport::AlreadyInvalid { keyring },
        Err(error) => LogoutReport::NotRevoked {
            keyring,
            expires_at,
            error,
        },
    }
}
