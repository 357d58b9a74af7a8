//! Shared by the keystone_* tests (and tui_loop): the seeded data of
//! the real test Keystone (scripts/keystone start), typed (seed.rs), clouds built straight
//! from it (so these tests exercise the client, not the config loader), a
//! TOTP calculator and a scripted prompter.
#![allow(dead_code)]

use std::sync::Mutex;

use appcred::config::{AuthOptions, AuthType, CloudConfig, TlsOptions};
use appcred::keystone::{PromptKind, Prompter};
use appcred::secret::Secret;
use futures::future::BoxFuture;

pub use super::{AppCred, User, base32_decode, seed, totp_now, unique};

/// The roles Keystone stores on a credential asked for with `asked` (implied
/// ones included from Keystone 27 on; see support/seed.rs).
pub fn stored_roles(asked: &[&str]) -> Vec<String> {
    seed().stored_roles(asked)
}

pub fn auth_url() -> String {
    seed().auth_url
}

pub fn cloud(auth_type: AuthType, auth: AuthOptions) -> CloudConfig {
    CloudConfig {
        name: "keystone-test".into(),
        auth_type,
        auth: AuthOptions {
            auth_url: Some(auth_url()),
            ..auth
        },
        region_name: Some("RegionOne".into()),
        interface: "public".into(),
        identity_api_version: Some("3".into()),
        tls: TlsOptions::default(),
        api_timeout: None,
        source_file: None,
    }
}

pub fn user(name: &str) -> User {
    seed().user(name).clone()
}

pub fn project_id(name: &str) -> String {
    seed().project(name).id.clone()
}

pub fn role_id(name: &str) -> String {
    seed().role(name).id.clone()
}

/// Password login by name + domain name on a project (by name + domain).
pub fn password_cloud(user_name: &str, project: Option<&str>) -> CloudConfig {
    let u = user(user_name);
    let seed = seed();
    let (project_name, project_domain_id) = match project {
        Some(p) => (Some(p.to_string()), Some(seed.project(p).domain_id.clone())),
        None => (None, None),
    };
    cloud(
        AuthType::Password,
        AuthOptions {
            username: Some(user_name.into()),
            user_domain_name: Some(u.domain_name),
            password: Some(Secret::new(u.password)),
            project_name,
            project_domain_id,
            ..Default::default()
        },
    )
}

pub fn app_cred(name: &str) -> AppCred {
    seed().credential(name).clone()
}

/// Answers passwords and passcodes from fixed values and records what was
/// asked, so a test can check the prompts.
pub struct Scripted {
    pub password: Option<String>,
    /// Base32 TOTP secret: passcodes are computed when asked.
    pub totp_secret: Option<String>,
    pub asked: Mutex<Vec<PromptKind>>,
}

impl Scripted {
    pub fn new(password: Option<String>, totp_secret: Option<String>) -> Self {
        Scripted {
            password,
            totp_secret,
            asked: Mutex::new(Vec::new()),
        }
    }

    pub fn asked(&self) -> Vec<PromptKind> {
        self.asked.lock().map(|a| a.clone()).unwrap_or_default()
    }
}

impl Prompter for Scripted {
    fn ask(&self, kind: PromptKind) -> BoxFuture<'_, Option<Secret>> {
        if let Ok(mut a) = self.asked.lock() {
            a.push(kind.clone());
        }
        let answer = match kind {
            PromptKind::Password { .. } => self.password.clone(),
            PromptKind::Passcode { .. } => self.totp_secret.as_deref().map(totp_now),
        };
        Box::pin(async move { answer.map(Secret::new) })
    }
}
