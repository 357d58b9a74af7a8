//! Errors from talking to Keystone, each with a hint a person can act on.
//!
//! `Display` says what failed and why; [`KeystoneError::hint`] says what to
//! do. They are kept apart so the CLI can print the hint on its own line and
//! the TUI can show it under the message.

use std::time::Duration;

use serde::Deserialize;
use thiserror::Error;

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
    #[error("{count} {what}s are named {name:?}: {}", ids.join(", "), count = ids.len())]
    Ambiguous {
        what: &'static str,
        name: String,
        ids: Vec<String>,
    },
    /// Keystone answered 2xx but the body made no sense to us.
    #[error("{action}: Keystone's answer could not be read: {detail}")]
    BadResponse { action: String, detail: String },
    /// Multi-factor login asked for a method appcred cannot supply.
    #[error("Keystone needs another authentication method: {detail}")]
    MultiFactor { detail: String, hint: Option<String> },
}

impl KeystoneError {
    /// The HTTP status Keystone answered with, if it answered at all.
    pub fn status(&self) -> Option<u16> {
        match self {
            KeystoneError::Api { status, .. } | KeystoneError::UnexpectedBody { status, .. } => {
                Some(*status)
            }
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
            | KeystoneError::MultiFactor { hint, .. } => hint.clone(),
            KeystoneError::MissingSecret { hint, .. } => Some(hint.clone()),
            KeystoneError::Timeout { .. } => Some(
                "Keystone is slow or unreachable; retry, or raise api_timeout in clouds.yaml"
                    .to_string(),
            ),
            KeystoneError::Transport { .. } => {
                Some("check the network path to Keystone and retry".to_string())
            }
            KeystoneError::NotFound { what, .. } => Some(format!(
                "check the spelling; names match exactly (case-sensitive), or use the {what}'s id"
            )),
            KeystoneError::Ambiguous { what, .. } => {
                Some(format!("name the {what} by one of the ids instead"))
            }
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
        self.status() == Some(404) || matches!(self, KeystoneError::NotFound { .. })
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
            | KeystoneError::MultiFactor { hint, .. } => *hint = Some(new),
            _ => {}
        }
        self
    }

    pub(crate) fn config(message: impl Into<String>, hint: impl Into<String>) -> Self {
        KeystoneError::Config {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }
}

/// What the request was, so a hint can fit it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// `POST /v3/auth/tokens`; the auth method decides the 401 hint.
    Login(LoginKind),
    Api,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoginKind {
    Password,
    Token,
    ApplicationCredential,
    Totp,
    MultiFactor,
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
            let hint = hint_for(status, &doc.error.message, context, &enabled);
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

/// Hints for the errors users meet. Matching is on Keystone's message text,
/// which is stable across releases for these cases (see keystone-facts.md).
pub(crate) fn hint_for(
    status: u16,
    message: &str,
    context: Context,
    enabled_methods: &[String],
) -> Option<String> {
    let m = message.to_ascii_lowercase();
    let hint = match status {
        400 if m.contains("could not find role assignment") => {
            "Keystone does not see this role in your stored assignments. For federated/SSO users \
             the roles come from group membership, which Keystone only remembers for \
             `[federation] default_authorization_ttl` (0 = not at all): log in again through SSO \
             and retry promptly, or ask the operators to enable that setting"
                .to_string()
        }
        400 if m.contains("unassigned role") => "a requested role is not one you hold on this \
            project: `appcred roles` lists the roles a credential may carry"
            .to_string(),
        400 if m.contains("timestamp not in expected format") || m.contains("expires_at") => {
            "give the expiry as a future UTC time, e.g. 2031-06-01T12:00:00 or 30d".to_string()
        }
        400 if m.contains("expecting to find domain") => "a name needs its domain: set \
            user_domain_name / project_domain_name (or *_domain_id) in clouds.yaml"
            .to_string(),
        401 if m.contains("unsupported method") => {
            let list = if enabled_methods.is_empty() {
                String::new()
            } else {
                format!(" (enabled: {})", enabled_methods.join(", "))
            };
            format!(
                "this authentication method is not enabled on this Keystone{list}; pick another \
                 auth_type or ask the operators to add it to `[auth] methods`"
            )
        }
        401 if m.contains("cannot request a scope") => "an application credential is bound to \
            its project: remove project_*/domain_*/system_scope (and OS_PROJECT_* variables) \
            from this cloud"
            .to_string(),
        401 => match context {
            Context::Login(LoginKind::Password) => "Keystone refused the login: check the user \
                name (or id), the password and the user's domain (user_domain_name); the account \
                may also be disabled or locked"
                .to_string(),
            Context::Login(LoginKind::Totp) => "the TOTP passcode expired or is wrong: wait for \
                the next code and try again (and check the clock of the device that makes it)"
                .to_string(),
            Context::Login(LoginKind::MultiFactor) => "one of the factors was refused: check the \
                password, and that the passcode is current (codes last 30 s)"
                .to_string(),
            Context::Login(LoginKind::ApplicationCredential) => "Keystone refused the application \
                credential: wrong secret, the credential expired, or its owner was disabled or \
                lost the roles on its project"
                .to_string(),
            Context::Login(LoginKind::Token) => "the token expired or was revoked: get a new one \
                (e.g. `openstack token issue`) or log in with a password"
                .to_string(),
            Context::Login(_) | Context::Api => "the token expired or was revoked: log in again"
                .to_string(),
        },
        403 if m.contains("using method 'application_credential' is not allowed") => {
            "this session was authenticated with a restricted application credential, which may \
             not manage application credentials: log in with a password, or use a credential \
             created with --unrestricted"
                .to_string()
        }
        403 if m.contains("issued via delegation") => "tokens from trusts, OAuth or EC2 \
            credentials cannot manage application credentials: log in with your own password"
            .to_string(),
        403 if m.contains("delegated token to create another token") => "a token from an \
            application credential cannot be re-scoped: the credential is bound to its project"
            .to_string(),
        403 if m.contains("maximum of") && m.contains("exceeded") => "you have as many \
            application credentials as Keystone allows ([application_credential] user_limit): \
            delete unused ones first (`appcred prune`)"
            .to_string(),
        403 if m.contains("identity:create_application_credential") => "only the owner can \
            create a credential, with a token scoped to a project: log in as that user with \
            a project scope"
            .to_string(),
        403 if m.contains("identity:") => {
            let rule = m
                .split_whitespace()
                .find(|w| w.starts_with("identity:"))
                .map(|w| w.trim_end_matches('.'))
                .unwrap_or("identity:*");
            format!(
                "Keystone's policy ({rule}) does not allow this with your roles on the current \
                 scope: it needs an admin (or a system reader); ask an administrator or log in \
                 with such a role"
            )
        }
        403 if m.contains("may not delete access rule in use") => "a credential still uses this \
            access rule: delete that credential first"
            .to_string(),
        403 => "Keystone refused this with your roles on the current scope".to_string(),
        404 if m.contains("application credential") => "no such application credential (it may \
            have been deleted): `appcred list` shows the current ones"
            .to_string(),
        404 if m.contains("access rule") => "no such access rule (it may have been deleted): \
            `appcred access-rules list` shows yours"
            .to_string(),
        404 if m.contains("role") && m.contains("not defined") => {
            "no role has that name: `appcred roles` lists the roles you hold".to_string()
        }
        404 if m.contains("token") => "the token is no longer valid: log in again".to_string(),
        409 if m.contains("duplicate") => {
            "a credential with that name already exists: pick another name or delete the old one"
                .to_string()
        }
        502..=504 => "Keystone or a proxy in front of it is unavailable: retry in a moment"
            .to_string(),
        500..=599 => "Keystone failed internally: retry; if it persists, the operators can find \
            the cause in Keystone's log"
            .to_string(),
        _ => return None,
    };
    Some(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_hint(status: u16, message: &str, context: Context) -> String {
        let body = serde_json::json!({"error":{"code":status,"message":message,"title":"T"}});
        let e = from_response(
            "x",
            status,
            "application/json",
            body.to_string().as_bytes(),
            context,
        );
        assert_eq!(e.status(), Some(status));
        e.hint().unwrap_or_default()
    }

    #[test]
    fn parses_keystone_json() {
        let body = br#"{"error":{"code":404,"message":"Could not find Application Credential: abc.","title":"Not Found"}}"#;
        let e = from_response(
            "GET /v3/users/u/application_credentials/abc",
            404,
            "application/json",
            body,
            Context::Api,
        );
        assert!(matches!(&e, KeystoneError::Api { title, .. } if title == "Not Found"));
        assert_eq!(
            e.message(),
            Some("Could not find Application Credential: abc.")
        );
        assert!(e.to_string().contains("404 Not Found"));
        assert!(e.hint().unwrap_or_default().contains("appcred list"));
        assert!(e.is_not_found());
    }

    #[test]
    fn html_page_is_described_not_parsed() {
        let body = b"<!doctype html>\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested URL was not found on the server.</p></body></html>";
        let e = from_response("GET /v3/x", 404, "text/html; charset=utf-8", body, Context::Api);
        let KeystoneError::UnexpectedBody {
            snippet,
            content_type,
            status,
            ..
        } = &e
        else {
            panic!("wrong variant: {e:?}");
        };
        assert_eq!(*status, 404);
        assert_eq!(content_type, "text/html; charset=utf-8");
        assert!(snippet.starts_with("404 Not Found Not Found The requested URL"), "{snippet}");
        assert!(!snippet.contains('<'));
        assert!(e.hint().unwrap_or_default().contains("auth_url"));
        let shown = e.to_string();
        assert!(shown.contains("404") && shown.contains("text/html"), "{shown}");
    }

    #[test]
    fn truncated_json_and_empty_body() {
        let e = from_response("GET /v3/x", 500, "application/json", br#"{"error":{"code":50"#, Context::Api);
        assert!(matches!(&e, KeystoneError::UnexpectedBody { snippet, .. } if snippet == r#"{"error":{"code":50"#));
        let e = from_response("GET /v3/x", 502, "", b"", Context::Api);
        assert!(matches!(&e, KeystoneError::UnexpectedBody { content_type, .. } if content_type == "(no content type)"));
        assert_eq!(e.status(), Some(502));
    }

    #[test]
    fn snippet_is_short_and_flat() {
        let long = format!("<p>{}</p>", "word ".repeat(100));
        let s = snippet(long.as_bytes());
        assert!(s.chars().count() <= 101, "{}", s.len());
        assert!(s.ends_with('…'));
        assert_eq!(snippet(b"  a\n\n b\t<br/>c "), "a b c");
        assert_eq!(snippet(&[0xff, 0xfe, b'o', b'k']), "\u{fffd}\u{fffd}ok");
    }

    #[test]
    fn hints_for_errors_users_meet() {
        let restricted = "You are not authorized to perform the requested action: Using method \
            'application_credential' is not allowed for managing additional application credentials..";
        assert!(api_hint(403, restricted, Context::Api).contains("--unrestricted"));
        assert!(api_hint(403, restricted, Context::Api).contains("password"));
        let sso = "Invalid application credential: Could not find role assignment with role: r, \
            user or group: u, project, domain, or system: p.";
        assert!(api_hint(400, sso, Context::Api).contains("default_authorization_ttl"));
        assert!(
            api_hint(400, "Invalid application credential: Cannot create an application credential with unassigned role", Context::Api)
                .contains("appcred roles")
        );
        assert!(api_hint(401, "The request you have made requires authentication.", Context::Login(LoginKind::Password)).contains("password"));
        assert!(api_hint(401, "The request you have made requires authentication.", Context::Login(LoginKind::Totp)).contains("passcode expired or is wrong"));
        assert!(
            api_hint(403, "You are not authorized to perform the requested action: identity:list_role_assignments.", Context::Api)
                .contains("identity:list_role_assignments")
        );
        assert!(api_hint(403, "Cannot manage application credentials with a token issued via delegation.", Context::Api).contains("password"));
        assert!(api_hint(404, "Could not find Access Rule: x.", Context::Api).contains("access-rules list"));
        assert!(
            api_hint(409, "Conflict occurred attempting to store application_credential - Duplicate entry found with name a.", Context::Api)
                .contains("already exists")
        );
        assert!(api_hint(400, "Timestamp not in expected format.", Context::Api).contains("UTC"));
    }

    #[test]
    fn unsupported_method_lists_enabled_ones() {
        let body = br#"{"error":{"code":401,"identity":{"methods":["password","token"]},"message":"Attempted to authenticate with an unsupported method.","title":"Unauthorized"}}"#;
        let e = from_response(
            "log in",
            401,
            "application/json",
            body,
            Context::Login(LoginKind::Totp),
        );
        let hint = e.hint().unwrap_or_default();
        assert!(hint.contains("not enabled") && hint.contains("password, token"), "{hint}");
    }

    #[test]
    fn with_hint_replaces() {
        let e = KeystoneError::Api {
            action: "a".into(),
            status: 409,
            title: "Conflict".into(),
            message: "m".into(),
            hint: None,
        }
        .with_hint("id 123".into());
        assert_eq!(e.hint().as_deref(), Some("id 123"));
    }
}
