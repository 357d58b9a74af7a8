//! The user a session's requests are about, across a fresh login that
//! changed it. A command reads the user's id once, from the token it starts
//! with (`/v3/users/{id}/application_credentials`); when that token is
//! refused and the login that replaces it is another user's (the same name
//! deleted and created again has a new id, or the cached token was not this
//! login's), every later request must name the new token's user, not the
//! id the command read at the start. And a token whose own user Keystone no
//! longer finds (404 "Could not find user: <its id>", on every request,
//! until it expires) is as refused as a 401.

use super::super::hints::Requester;
use super::*;

impl Session {
    fn former_users(&self) -> Vec<String> {
        match self.inner.former_users.lock() {
            Ok(f) => f.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// `url` for the current user when it names a former one.
    pub(super) fn for_current_user(&self, url: Url) -> Url {
        let former = self.former_users();
        if former.is_empty() {
            return url;
        }
        moved(&url, &former, &self.user_id()).unwrap_or(url)
    }

    /// The user a request for `user_id` was sent for: the current user when
    /// `user_id` is a former one of this session, else `user_id` itself
    /// (to check an answer against the user it was asked for).
    pub(crate) fn as_current_user(&self, user_id: &str) -> String {
        if self.former_users().iter().any(|f| f == user_id) {
            self.user_id()
        } else {
            user_id.to_string()
        }
    }

    /// A 403 naming a policy rule, explained for this token: its user
    /// against the user the request was about, and its scope.
    pub(super) fn explained(&self, e: KeystoneError, url: &Url) -> KeystoneError {
        let info = self.token_info();
        let path_user = user_in_path(url);
        let who = Requester {
            user_id: &info.user.id,
            user_name: &info.user.name,
            scope: &info.scope,
            path_user: path_user.as_deref(),
        };
        e.explain_policy(&who)
    }
}

/// `url` with each `users/{former}` segment pair naming `current` instead;
/// None when it names no former user of the session (nothing to change).
pub(super) fn moved(url: &Url, former: &[String], current: &str) -> Option<Url> {
    let segments: Vec<&str> = url.path_segments()?.collect();
    let mut changed = false;
    let rewritten: Vec<&str> = segments
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let after_users = i > 0 && segments[i - 1] == "users";
            if after_users && *s != current && former.iter().any(|f| f == s) {
                changed = true;
                current
            } else {
                s
            }
        })
        .collect();
    if !changed {
        return None;
    }
    let mut out = url.clone();
    out.path_segments_mut().ok()?.clear().extend(rewritten);
    Some(out)
}

/// The user id after `users/` in `url`'s path, if it names one.
pub(super) fn user_in_path(url: &Url) -> Option<String> {
    let mut segments = url.path_segments()?;
    segments.find(|s| *s == "users")?;
    segments
        .next()
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Keystone no longer finds the token's own user: its answer to any request
/// with a token of a deleted user ("Could not find user: <id>."), or a 404
/// for that user on a path under `/users/{own id}`.
pub(super) fn user_gone(info: &TokenInfo, url: &Url, e: &KeystoneError) -> bool {
    if e.status() != Some(404) {
        return false;
    }
    let Some(message) = e.message() else {
        return false;
    };
    let own = info.user.id.as_str();
    if own.is_empty() || !message.to_ascii_lowercase().contains("could not find user") {
        return false;
    }
    message.contains(own) || user_in_path(url).as_deref() == Some(own)
}

#[cfg(test)]
#[path = "own_user_tests.rs"]
mod tests;
