//! A logged-in session: one token, reused for every call, renewed shortly
//! before it expires, and renewed once more when Keystone says 401 mid-way.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use chrono::Utc;
use reqwest::{Method as HttpMethod, Url};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::auth::{self, Method, Plan};
use super::error::{self, Context, KeystoneError, LoginKind};
use super::http::{Answer, Http, Request};
use super::login::{self, Issued};
use super::prompt::Prompter;
use super::renewal;
use super::types::{Scope, ScopeRequest, TokenInfo};
use crate::config::CloudConfig;
use crate::secret::Secret;

mod cached;
mod consistent;
mod own_user;
mod rescope;
use cached::CacheSlot;
pub use cached::{LoginReport, LogoutReport, logout, logout_federated};

/// A Keystone session. Cloning is cheap and shares the token.
#[derive(Clone)]
pub struct Session {
    inner: Arc<Inner>,
}

struct Inner {
    http: Http,
    cloud: CloudConfig,
    /// How to log in again: the methods with the secrets the login used.
    plan: Mutex<Plan>,
    current: RwLock<Current>,
    /// Serialises renewals so concurrent calls renew once, not N times.
    renewing: tokio::sync::Mutex<()>,
    prompter: Mutex<Option<Arc<dyn Prompter>>>,
    /// Where this login's token is cached (kernel keyring), if it is.
    cache: Option<CacheSlot>,
    /// The token came from the cache and no fresh login replaced it yet: a
    /// 403 that contradicts it is met with one fresh login (`consistent`).
    from_cache: AtomicBool,
    /// Users this session's tokens were before a fresh login changed the
    /// user: a request naming one is sent for the current user (`own_user`).
    former_users: Mutex<Vec<String>>,
}

struct Current {
    token: Secret,
    info: TokenInfo,
}

fn log_login(issued: &Issued) {
    tracing::debug!(user = %issued.info.user.name, scope = %issued.info.scope.label(),
        expires_at = %issued.info.expires_at, "logged in");
}

impl fmt::Debug for Session {
    // By hand: the token and the plan's secrets must never be printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let info = self.token_info();
        f.debug_struct("Session")
            .field("cloud", &self.inner.cloud.name)
            .field("user", &info.user.name)
            .field("scope", &info.scope.label())
            .field("expires_at", &info.expires_at)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// Authenticates as the cloud says (auth_type, auth options, scope from
    /// project_*/domain_*/system_scope; none = Keystone's default), asking
    /// `prompter` for a missing password or TOTP passcode and following
    /// multi-factor receipts.
    pub async fn login(
        cloud: &CloudConfig,
        prompter: &dyn Prompter,
    ) -> Result<Session, KeystoneError> {
        let http = Http::new(cloud)?;
        let mut plan = auth::plan_from_cloud(cloud)?;
        let issued = login::authenticate(&http, &mut plan, Some(prompter)).await?;
        log_login(&issued);
        Ok(Session::from_parts(
            http,
            cloud.clone(),
            plan,
            issued,
            None,
            None,
        ))
    }

    fn from_parts(
        http: Http,
        cloud: CloudConfig,
        plan: Plan,
        issued: Issued,
        prompter: Option<Arc<dyn Prompter>>,
        cache: Option<CacheSlot>,
    ) -> Session {
        Session {
            inner: Arc::new(Inner {
                http,
                cloud,
                plan: Mutex::new(plan),
                current: RwLock::new(Current {
                    token: issued.token,
                    info: issued.info,
                }),
                renewing: tokio::sync::Mutex::new(()),
                prompter: Mutex::new(prompter),
                cache,
                from_cache: AtomicBool::new(false),
                former_users: Mutex::new(Vec::new()),
            }),
        }
    }

    pub fn cloud(&self) -> &CloudConfig {
        &self.inner.cloud
    }

    /// A snapshot of the current token (never the token string).
    pub fn token_info(&self) -> TokenInfo {
        match self.inner.current.read() {
            Ok(c) => c.info.clone(),
            Err(poisoned) => poisoned.into_inner().info.clone(),
        }
    }

    pub fn user_id(&self) -> String {
        self.token_info().user.id
    }

    /// HTTP requests made so far by this session's client, retries and
    /// rescoped sessions included (they share the client).
    pub fn request_count(&self) -> u64 {
        self.inner.http.request_count()
    }

    /// Who to ask when a renewal needs a fresh secret (a TOTP passcode is
    /// single-use). Without one, a session that needs a passcode keeps its
    /// token until it expires and then fails with a clear error.
    pub fn set_prompter(&self, prompter: Arc<dyn Prompter>) {
        if let Ok(mut p) = self.inner.prompter.lock() {
            *p = Some(prompter);
        }
    }

    /// The current token, for tests that must watch Keystone refuse it
    /// (test-hooks builds only: the product never hands its token out).
    #[cfg(feature = "test-hooks")]
    pub fn token_for_tests(&self) -> Secret {
        self.token()
    }

    fn token(&self) -> Secret {
        match self.inner.current.read() {
            Ok(c) => c.token.clone(),
            Err(poisoned) => poisoned.into_inner().token.clone(),
        }
    }

    fn plan(&self) -> Plan {
        match self.inner.plan.lock() {
            Ok(p) => p.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn prompter(&self) -> Option<Arc<dyn Prompter>> {
        self.inner.prompter.lock().ok().and_then(|p| p.clone())
    }

    /// Logs in again with the stored plan. TOTP passcodes are single-use, so
    /// they are asked for again; everything else is reused without asking.
    /// `refused`: Keystone refused `stale` (a 401), so it leaves the cache
    /// first, and only while it is still this session's token: a call that
    /// met the 401 after another renewed must not drop the new token.
    async fn renew(&self, stale: &Secret, refused: bool) -> Result<(), KeystoneError> {
        let _guard = self.inner.renewing.lock().await;
        if self.token() != *stale {
            return Ok(()); // another task renewed while we waited
        }
        if refused && let Some(slot) = &self.inner.cache {
            // Never offer it again, even if the fresh login below fails.
            slot.remove();
        }
        let mut plan = self.plan();
        for m in plan.methods.iter_mut() {
            if let Method::Totp { passcode, .. } = m {
                *passcode = None;
            }
        }
        let prompter = self.prompter();
        let before = cached::unscoped_token(&plan);
        let result = login::authenticate(&self.inner.http, &mut plan, prompter.as_deref()).await;
        if let Some(slot) = &self.inner.cache {
            slot.keep_unscoped(before.as_ref(), &plan);
        }
        let issued = result?;
        tracing::debug!(expires_at = %issued.info.expires_at, "token renewed");
        self.inner.from_cache.store(false, Ordering::Relaxed);
        if let Some(slot) = &self.inner.cache {
            let _ = slot.store(&issued, &self.inner.cloud);
        }
        let before = self.user_id();
        if issued.info.user.id != before
            && let Ok(mut former) = self.inner.former_users.lock()
        {
            tracing::debug!(former = %before, now = %issued.info.user.id,
                "the fresh login is another user's: requests for the former id go to the new one");
            former.push(before);
        }
        if let Ok(mut c) = self.inner.current.write() {
            *c = Current {
                token: issued.token,
                info: issued.info,
            };
        }
        if let Ok(mut p) = self.inner.plan.lock() {
            *p = plan;
        }
        Ok(())
    }

    /// Renews a token that expires within two minutes. A renewal that fails
    /// while the old token still works is only logged: the call goes on.
    async fn ensure_fresh(&self) -> Result<(), KeystoneError> {
        let expires_at = self.token_info().expires_at;
        let now = Utc::now();
        if renewal::worth_using(expires_at, now) {
            return Ok(());
        }
        // A token login can't outlive its source token: renewing only costs requests.
        if self.plan().kind == LoginKind::Token && expires_at > now {
            return Ok(());
        }
        match self.renew(&self.token(), false).await {
            Ok(()) => Ok(()),
            Err(e) if expires_at > now => {
                tracing::warn!(error = %e, "token renewal failed; using the current token until it expires");
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// One API call with the session's token. A 401 means the token expired
    /// or was revoked, and a 404 for the token's own user that the user was
    /// deleted (and may be there again under a new id): log in again once
    /// and retry once, for the new token's user.
    pub(crate) async fn call(
        &self,
        method: HttpMethod,
        url: Url,
        body: Option<&Value>,
    ) -> Result<Answer, KeystoneError> {
        self.ensure_fresh().await?;
        let mut token = self.token();
        let mut renewed = false;
        let mut url = self.for_current_user(url);
        loop {
            let mut req = Request::new(method.clone(), url.clone());
            req.token = Some(&token);
            req.body = body;
            let answer = self.inner.http.send(&req).await?;
            let status = answer.status.as_u16();
            if answer.status.is_success() {
                return Ok(answer);
            }
            if status == 401 && !renewed {
                tracing::debug!("401 on an API call: logging in again once");
                self.renew(&token, true).await?;
                token = self.token();
                url = self.for_current_user(url);
                renewed = true;
                continue;
            }
            let e = error::from_response(
                &req.action(),
                status,
                &answer.content_type(),
                &answer.body,
                Context::Api,
            );
            if !renewed && own_user::user_gone(&self.token_info(), &url, &e) {
                tracing::debug!(
                    "404 for the token's own user (deleted, perhaps created again under a new \
                     id): dropping the token and logging in again once"
                );
                self.renew(&token, true).await?;
                token = self.token();
                url = self.for_current_user(url);
                renewed = true;
                continue;
            }
            if !renewed
                && self.inner.from_cache.load(Ordering::Relaxed)
                && consistent::owner_refused(&self.token_info(), &url, status)
            {
                tracing::debug!(
                    "403 with the cached token on the user's own resources: it is not this \
                     login's token; dropping it and logging in again once"
                );
                self.renew(&token, true).await?;
                token = self.token();
                url = self.for_current_user(url);
                renewed = true;
                continue;
            }
            return Err(self.explained(e, &url));
        }
    }

    pub(crate) fn url(&self, segments: &[&str]) -> Url {
        self.inner.http.url(segments)
    }

    /// GET and parse the body as T.
    pub(crate) async fn get_json<T: DeserializeOwned>(&self, url: Url) -> Result<T, KeystoneError> {
        let action = format!("GET {}", url.path());
        let answer = self.call(HttpMethod::GET, url, None).await?;
        answer.json(&action)
    }

    /// Every item of a list, following `links.next` when Keystone paginates.
    /// Only the next link's query is used, on our own URL: links carry the
    /// host Keystone thinks it has, which behind a proxy may be wrong.
    pub(crate) async fn list_all<T: DeserializeOwned>(
        &self,
        url: Url,
        key: &str,
    ) -> Result<Vec<T>, KeystoneError> {
        let mut items = Vec::new();
        let mut next = Some(url);
        let mut seen_queries: Vec<Option<String>> = Vec::new();
        while let Some(url) = next.take() {
            let action = format!("GET {}", url.path());
            seen_queries.push(url.query().map(str::to_string));
            let page: Value = self.get_json(url.clone()).await?;
            let list = page.get(key).cloned().unwrap_or(Value::Array(Vec::new()));
            let batch: Vec<T> =
                serde_json::from_value(list).map_err(|e| KeystoneError::BadResponse {
                    action: action.clone(),
                    detail: format!("{key}: {e}"),
                })?;
            items.extend(batch);
            if page.get("truncated").and_then(Value::as_bool) == Some(true) {
                tracing::warn!(
                    path = url.path(),
                    "Keystone truncated the list ([DEFAULT] list_limit)"
                );
            }
            let link = page
                .pointer("/links/next")
                .and_then(Value::as_str)
                .and_then(|s| Url::parse(s).ok());
            if let Some(link) = link {
                let query = link.query().map(str::to_string);
                if !seen_queries.contains(&query) && seen_queries.len() < 1000 {
                    let mut u = url.clone();
                    u.set_query(query.as_deref());
                    next = Some(u);
                }
            }
        }
        Ok(items)
    }

    pub(crate) async fn post_json<T: DeserializeOwned>(
        &self,
        url: Url,
        body: &Value,
    ) -> Result<T, KeystoneError> {
        let action = format!("POST {}", url.path());
        let answer = self.call(HttpMethod::POST, url, Some(body)).await?;
        answer.json(&action)
    }

    pub(crate) async fn delete(&self, url: Url) -> Result<(), KeystoneError> {
        self.call(HttpMethod::DELETE, url, None).await.map(|_| ())
    }

    /// Revokes this session's token (`DELETE /v3/auth/tokens`). The session
    /// is unusable afterwards unless it can log in again.
    pub async fn revoke_token(&self) -> Result<(), KeystoneError> {
        revoke(&self.inner.http, &self.token()).await
    }
}

/// `DELETE /v3/auth/tokens` on `token`, with itself.
async fn revoke(http: &Http, token: &Secret) -> Result<(), KeystoneError> {
    let mut req = Request::new(HttpMethod::DELETE, http.url(&["auth", "tokens"]));
    req.token = Some(token);
    req.subject_token = Some(token);
    let answer = http.send(&req).await?;
    if answer.status.is_success() {
        Ok(())
    } else {
        Err(error::from_response(
            &req.action(),
            answer.status.as_u16(),
            &answer.content_type(),
            &answer.body,
            Context::Api,
        ))
    }
}
