//! Errors from talking to Keystone, each with a hint a person can act on.
//!
//! `Display` says what failed and why; [`KeystoneError::hint`] says what to
//! do. They are kept apart so the CLI can print the hint on its own line and
//! the TUI can show it under the message.

use std::time::Duration;

use serde::Deserialize;
use thiserror::Error;

// The request kinds live with the hints keyed on them (no error <-> hints cycle).
pub(crate) use super::hints::{Context, LoginKind, Requester};

/// How Keystone compares user names, for the hints of a user not found:
/// SQL domains compare exactly, LDAP-backed ones as the directory does
/// (usually ignoring case).
pub const USER_NAMES_COMPARED: &str = "names are compared as the user's domain compares them: \
    exactly in SQL domains, as the directory does in LDAP-backed ones";

#[derive(Debug, Error)]
pub enum KeystoneError {
    /// Keystone answered with its JSON error document.
    #[error("{action}: Keystone answered {status} {title}: {message}")]
    Api {
        /// What we were doing, e.g. `GET /v3/auth/projects` or `log in`.
        action: String,
        status: u16,
        title: String,
        message: String,
        hint: Option<String>,
    },
    /// Something that is not Keystone's JSON came back: a proxy's HTML error
    /// page, a Flask 404, JSON cut off in the middle.
    #[error("{action}: expected JSON from Keystone but got {status} {content_type}: {snippet:?}")]
    UnexpectedBody {
        action: String,
        status: u16,
        content_type: String,
        /// The first ~100 characters, tags stripped.
        snippet: String,
        hint: Option<String>,
    },
    #[error("cannot connect to Keystone at {url}: {detail}")]
    Connect {
        url: String,
        detail: String,
        hint: Option<String>,
    },
    #[error("TLS failure talking to {url}: {detail}")]
    Tls {
        url: String,
        detail: String,
        hint: Option<String>,
    },
    #[error("{action}: no answer from Keystone within {} s", timeout.as_secs_f64())]
    Timeout { action: String, timeout: Duration },
    #[error("{action}: {detail}")]
    Transport { action: String, detail: String },
    /// A password or passcode was needed and nobody could give it.
    #[error("logging in as {user} needs a {what}, and none was configured or typed")]
    MissingSecret {
        what: &'static str,
        user: String,
        hint: String,
    },
    /// The cloud's settings cannot work (no auth_url, a name without a
    /// domain, an unreadable CA file...). Nothing was sent.
    #[error("cloud configuration: {message}")]
    Config {
        message: String,
        hint: Option<String>,
    },
    /// appcred refused before sending anything (e.g. creating a credential
    /// with an unscoped token).
    #[error("{message}")]
    Refused {
        message: String,
        hint: Option<String>,
    },
    #[error("no {what} matches {searched:?}")]
    NotFound {
        what: &'static str,
        searched: String,
    },
    /// A user name that no domain searched holds (`--user NAME`).
    #[error("no user matches {name:?} in {searched}")]
    UserNotFound {
        name: String,
        searched: super::user_search::Searched,
    },
    /// A user name that several domains hold.
    #[error("{count} users are named {name:?}: {}", matches.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "), count = matches.len())]
    UserAmbiguous {
        name: String,
        matches: Vec<super::user_search::UserMatch>,
    },
    /// An id prefix (like git's short ids) that more than one id starts with.
    #[error("{count} {what}s have an id starting with {prefix:?}: {}", matches.join(", "), count = matches.len())]
    AmbiguousPrefix {
        what: &'static str,
        prefix: String,
        /// "id (name)" of each match.
        matches: Vec<String>,
    },
    #[error("{count} {what}s are named {name:?}: {}", ids.join(", "), count = ids.len())]
    Ambiguous {
        what: &'static str,
        name: String,
        ids: Vec<String>,
    },
    /// Keystone answered 2xx but the body made no sense to us.
    #[error("{action}: Keystone's answer could not be read: {detail}")]
    BadResponse { action: String, detail: String },
    /// The answer was larger than appcred holds in memory (an endless or
    /// runaway body, or a header block past the HTTP library's limit).
    #[error("{action}: Keystone's answer was cut off: its {what} is larger than {limit}")]
    TooLarge {
        action: String,
        what: &'static str,
        limit: String,
    },
    /// Keystone (or something at auth_url) answered with a redirect, which
    /// appcred never follows: it would re-send the password or the token.
    #[error("{action}: {message}")]
    Redirect {
        action: String,
        message: String,
        hint: String,
    },
    /// The identity provider (OpenID Connect) refused or failed: the side
    /// that failed is named in the message.
    #[error("identity provider: {action}: {detail}")]
    IdentityProvider {
        action: String,
        detail: String,
        hint: Option<String>,
    },
    /// The federation step at Keystone (or the web server in front of it)
    /// refused the identity provider's token.
    #[error("Keystone federation: {action}: {detail}")]
    Federation {
        action: String,
        status: u16,
        detail: String,
        hint: Option<String>,
    },
    /// Multi-factor login asked for a method appcred cannot supply.
    #[error("Keystone needs another authentication method: {detail}")]
    MultiFactor {
        detail: String,
        hint: Option<String>,
    },
}

impl KeystoneError {
    /// The HTTP status Keystone answered with, if it answered at all.
    pub fn status(&self) -> Option<u16> {
        match self {
            KeystoneError::Api { status, .. }
            | KeystoneError::UnexpectedBody { status, .. }
            | KeystoneError::Federation { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// What a person can do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            KeystoneError::Api { hint, .. }
            | KeystoneError::UnexpectedBody { hint, .. }
            | KeystoneError::Connect { hint, .. }
            | KeystoneError::Tls { hint, .. }
            | KeystoneError::Config { hint, .. }
            | KeystoneError::Refused { hint, .. }
            | KeystoneError::MultiFactor { hint, .. }
            | KeystoneError::IdentityProvider { hint, .. }
            | KeystoneError::Federation { hint, .. } => hint.clone(),
            KeystoneError::MissingSecret { hint, .. } | KeystoneError::Redirect { hint, .. } => {
                Some(hint.clone())
            }
            KeystoneError::TooLarge { .. } => Some(
                "a proxy or a server that is not Keystone is probably at auth_url; check auth_url \
                 and what answers there (curl -i)"
                    .to_string(),
            ),
            KeystoneError::Timeout { .. } => Some(
                "Keystone is slow or unreachable; retry, or raise api_timeout in clouds.yaml"
                    .to_string(),
            ),
            KeystoneError::Transport { .. } => {
                Some("check the network path to Keystone and retry".to_string())
            }
            KeystoneError::NotFound { what: "user", .. } => Some(format!(
                "check the spelling ({USER_NAMES_COMPARED}), or use the user's id"
            )),
            KeystoneError::NotFound { what, .. } => Some(format!(
                "check the spelling; names match exactly (case-sensitive), or use the {what}'s id"
            )),
            KeystoneError::UserNotFound { .. } => Some(format!(
                "check the spelling ({USER_NAMES_COMPARED}); give the user's id, or name the \
                 user's domain with --user-domain NAME|ID"
            )),
            KeystoneError::UserAmbiguous { .. } => Some(
                "name the user's domain with --user-domain NAME|ID, or give the user's id"
                    .to_string(),
            ),
            KeystoneError::Ambiguous { what, .. } => {
                Some(format!("name the {what} by one of the ids instead"))
            }
            KeystoneError::AmbiguousPrefix { what, .. } => Some(format!(
                "give more of the {what}'s id, enough to match only one"
            )),
            KeystoneError::BadResponse { .. } => {
                Some("is auth_url really a Keystone v3 endpoint?".to_string())
            }
        }
    }

    /// Keystone's message text, when it sent one.
    pub fn message(&self) -> Option<&str> {
        match self {
            KeystoneError::Api { message, .. } => Some(message),
            _ => None,
        }
    }

    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
            || matches!(
                self,
                KeystoneError::NotFound { .. } | KeystoneError::UserNotFound { .. }
            )
    }

    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(403)
    }

    /// Replaces the hint (e.g. with one that names an existing credential's id).
    pub(crate) fn with_hint(mut self, new: String) -> Self {
        match &mut self {
            KeystoneError::Api { hint, .. }
            | KeystoneError::UnexpectedBody { hint, .. }
            | KeystoneError::Connect { hint, .. }
            | KeystoneError::Tls { hint, .. }
            | KeystoneError::Config { hint, .. }
            | KeystoneError::Refused { hint, .. }
            | KeystoneError::MultiFactor { hint, .. }
            | KeystoneError::IdentityProvider { hint, .. }
            | KeystoneError::Federation { hint, .. } => *hint = Some(new),
            _ => {}
        }
        self
    }

    /// A 403 that names a policy rule, its hint made for `who`: the owner's
    /// or the scope's case only when that is the cause, else the cloud's
    /// policy. Any other error is returned as it is.
    pub(crate) fn explain_policy(self, who: &Requester) -> Self {
        let rule = match &self {
            KeystoneError::Api {
                status: 403,
                message,
                ..
            } => super::hints::policy_rule(message),
            _ => None,
        };
        match rule {
            Some(rule) => {
                let hint = super::hints::policy_hint(&rule, Some(who));
                self.with_hint(hint)
            }
            None => self,
        }
    }

    pub(crate) fn config(message: impl Into<String>, hint: impl Into<String>) -> Self {
        KeystoneError::Config {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }
}

#[derive(Deserialize)]
struct ErrorDoc {
    error: ErrorBody,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    message: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    identity: Option<EnabledMethods>,
}

#[derive(Deserialize)]
struct EnabledMethods {
    #[serde(default)]
    methods: Vec<String>,
}

/// Turns a non-success answer into an error. Never panics, whatever came back.
pub(crate) fn from_response(
    action: &str,
    status: u16,
    content_type: &str,
    body: &[u8],
    context: Context,
) -> KeystoneError {
    match serde_json::from_slice::<ErrorDoc>(body) {
        Ok(doc) => {
            let enabled = doc.error.identity.map(|i| i.methods).unwrap_or_default();
            let hint = super::hints::hint_for(status, &doc.error.message, context, &enabled);
            KeystoneError::Api {
                action: action.to_string(),
                status,
                title: doc.error.title,
                message: doc.error.message,
                hint,
            }
        }
        Err(_) => unexpected_body(action, status, content_type, body),
    }
}

/// For a body that is not what we expected: say what it was.
pub(crate) fn unexpected_body(
    action: &str,
    status: u16,
    content_type: &str,
    body: &[u8],
) -> KeystoneError {
    let looks_html = content_type.contains("html") || body.trim_ascii_start().starts_with(b"<");
    let hint = if looks_html && status == 404 {
        "an HTML 404 usually means the URL is not a Keystone v3 route: check auth_url (it should \
         end in /v3 or be the Keystone root)"
    } else if looks_html {
        "an HTML page usually comes from a proxy or load balancer in front of Keystone: check that \
         Keystone is up, then retry"
    } else if (200..300).contains(&status) {
        "the answer was cut off or is not JSON: retry; if it persists, a proxy may be truncating \
         responses"
    } else {
        "retry; if it persists, ask the cloud operators about Keystone's state"
    };
    KeystoneError::UnexpectedBody {
        action: action.to_string(),
        status,
        content_type: if content_type.is_empty() {
            "(no content type)".to_string()
        } else {
            content_type.to_string()
        },
        snippet: snippet(body),
        hint: Some(hint.to_string()),
    }
}

/// The first ~100 characters of a body, tags stripped and whitespace
/// collapsed, so an error can show what came back without a page of HTML.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out = String::new();
    let mut in_tag = false;
    let mut last_space = true;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                if !last_space {
                    out.push(' ');
                    last_space = true;
                }
            }
            _ if in_tag => {}
            c if c.is_whitespace() || c.is_control() => {
                if !last_space {
                    out.push(' ');
                    last_space = true;
                }
            }
            c => {
                out.push(c);
                last_space = false;
            }
        }
        if out.chars().count() >= 100 {
            out.push('…');
            break;
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
