//! Whether a token read from the kernel keyring belongs to the login it is
//! stored under. Whoever may write the key can replace its value (`keyctl
//! pupdate`): another user's valid token there must not make a command run
//! as that user. Two checks, each answered by dropping the key and logging
//! in once: what the stored token says against what the cloud config names
//! (before any request), and Keystone refusing (403) a request on the
//! user's own resources, which it allows their owner whatever the roles.

use reqwest::Url;

use super::super::types::TokenInfo;
use crate::config::{AuthType, CloudConfig};

fn same_name(a: &str, b: &str) -> bool {
    // Keystone's names compare case-insensitively on MySQL: a case
    // difference must not cost a login per command.
    a.to_lowercase() == b.to_lowercase()
}

/// Why a cached token is not this cloud's login's, if it is not.
pub(super) fn stored_for_another(cloud: &CloudConfig, info: &TokenInfo) -> Option<&'static str> {
    let auth = &cloud.auth;
    if cloud.auth_type == AuthType::ApplicationCredential {
        let Some(ac) = &info.application_credential else {
            return Some("the cached token is not an application credential's");
        };
        if auth
            .application_credential_id
            .as_ref()
            .is_some_and(|id| *id != ac.id)
            || auth
                .application_credential_name
                .as_ref()
                .is_some_and(|n| !same_name(n, &ac.name))
        {
            return Some("the cached token is another application credential's");
        }
    }
    // A federated user's name is the mapping's, not the identity
    // provider's `username`; a token login names no user.
    if info.user.is_federated() || matches!(cloud.auth_type, AuthType::Oidc(_) | AuthType::Token) {
        return None;
    }
    let user = &info.user;
    let domain = user.domain.as_ref();
    let other_user = auth.user_id.as_ref().is_some_and(|id| *id != user.id)
        || auth
            .username
            .as_ref()
            .is_some_and(|n| !same_name(n, &user.name))
        || (auth.user_id.is_none()
            && (auth
                .user_domain_id
                .as_ref()
                .is_some_and(|id| domain.is_some_and(|d| d.id != *id))
                || auth
                    .user_domain_name
                    .as_ref()
                    .is_some_and(|n| domain.is_some_and(|d| !same_name(n, &d.name)))));
    other_user.then_some("the cached token is another user's than the cloud config names")
}

/// A 403 on `url` that contradicts a token of `info`'s user: a request on
/// that user's own application credentials or access rules, which Keystone
/// lets their owner make (except with a restricted application credential's
/// token, which may not manage credentials).
pub(super) fn owner_refused(info: &TokenInfo, url: &Url, status: u16) -> bool {
    if status != 403
        || info
            .application_credential
            .as_ref()
            .is_some_and(|ac| ac.restricted)
    {
        return false;
    }
    let own = format!("/users/{}/", info.user.id);
    let path = url.path();
    path.find(&own).is_some_and(|at| {
        let rest = &path[at + own.len()..];
        rest.starts_with("application_credentials") || rest.starts_with("access_rules")
    })
}

#[cfg(test)]
#[path = "consistent_tests.rs"]
pub(super) mod tests;
