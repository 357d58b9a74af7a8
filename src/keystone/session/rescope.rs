//! Switching a session to another project, domain or the system scope:
//! from its token (method `token`), from a fresh login where Keystone will
//! not rescope (from system scope, or a federated login's unscoped token),
//! or from the token cache when the session is on it.

use super::*;

impl Session {
    /// A new session on another scope, reusing this token (method `token`)
    /// and the same HTTP client. Later renewals of the new session log in
    /// again with this session's methods on the new scope. A session on the
    /// token cache rescopes through it: a token cached for that scope is
    /// used as it is (no request), a new one is cached.
    pub async fn rescope(&self, scope: &ScopeRequest) -> Result<Session, KeystoneError> {
        let info = self.token_info();
        let base = self.plan();
        if base.is_application_credential() || info.application_credential.is_some() {
            return Err(KeystoneError::Refused {
                message: "a session from an application credential cannot change scope".into(),
                hint: Some(
                    "an application credential is bound to its project; log in with a password \
                     to work on another scope"
                        .into(),
                ),
            });
        }
        let mut renewal = base.clone();
        renewal.scope = Some(scope.clone());
        let prompter = self.prompter();
        let cache = self.inner.cache.as_ref();
        let slot = cache.and_then(|c| c.for_scope(&self.inner.cloud, scope));
        if let Some(issued) = slot.as_ref().and_then(|s| s.load(&self.inner.cloud)) {
            let session = self.on_scope(renewal, issued, prompter, slot);
            session.inner.from_cache.store(true, Ordering::Relaxed);
            return Ok(session);
        }
        // Keystone will not turn a system token into a project or domain
        // one, so from system scope we log in afresh with the same methods.
        let from_system = info.scope == Scope::System && *scope != ScopeRequest::System;
        // A federated login rescopes from its kept unscoped token: no second
        // visit to the identity provider while that token is valid.
        let fresh_login = from_system || base.is_federated();
        let mut first = if fresh_login {
            renewal.clone()
        } else {
            Plan {
                methods: vec![Method::Token {
                    token: self.token(),
                }],
                scope: Some(scope.clone()),
                kind: LoginKind::Token,
            }
        };
        let before = cached::unscoped_token(&first);
        let result = login::authenticate(&self.inner.http, &mut first, prompter.as_deref()).await;
        if let Some(slot) = &slot {
            slot.keep_unscoped(before.as_ref(), &first);
        }
        let issued = result?;
        log_login(&issued);
        if let Some(slot) = &slot {
            let _ = slot.store(&issued, &self.inner.cloud);
        }
        if fresh_login {
            renewal = first;
        }
        Ok(self.on_scope(renewal, issued, prompter, slot))
    }

    /// The session a rescope gives: this one's client and cloud.
    fn on_scope(
        &self,
        plan: Plan,
        issued: Issued,
        prompter: Option<Arc<dyn Prompter>>,
        cache: Option<CacheSlot>,
    ) -> Session {
        let (http, cloud) = (self.inner.http.clone(), self.inner.cloud.clone());
        Session::from_parts(http, cloud, plan, issued, prompter, cache)
    }
}
