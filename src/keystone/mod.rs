//! The async Keystone v3 client: authentication (every method, receipts,
//! one reused token), scopes, roles, application credentials and access
//! rules, and errors that carry a hint for a person. It knows no UI.
//!
//! Start with [`Session::login`]; every other call is a method on the
//! session. Files: `auth` (what to send), `login` (sending it, receipts),
//! `session` (token reuse and renewal; `session/cached` through
//! `token_cache`, the kernel keyring), `http`/`tls` (transport), one file
//! per API area, `error` (messages and hints).

mod access_rules;
mod auth;
mod credentials;
pub mod error;
mod exchange;
pub mod federated;
mod hints;
mod http;
mod login;
mod oidc;
mod prompt;
mod redirect;
mod renewal;
mod retry;
mod roles;
mod scopes;
mod service;
mod session;
mod tls;
mod token;
mod token_cache;
pub mod types;
mod user_search;
mod users;
mod verify;

pub use error::KeystoneError;
pub(crate) use http::request_timeout;
pub use prompt::{DeviceCodePrompt, LoginNotice, NoPrompt, PromptKind, Prompter};
pub use service::{ServiceClient, ServiceReply};
pub use session::{LoginReport, LogoutReport, Session, logout, logout_federated};
pub use types::*;
pub use user_search::{Searched, UserMatch, looks_like_id};
pub use verify::{
    VerifyReport, VerifySummary, federated_owner_reason, verify_application_credential,
};

/// `auth_url` as requests are sent to it (`…/v3`), for display and exports
/// that want the normalised form.
pub fn identity_url(auth_url: &str) -> Result<String, KeystoneError> {
    http::identity_base(auth_url).map(|u| u.to_string())
}
