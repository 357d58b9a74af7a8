//! Shared by the tests/keystone_*.rs integration tests: the seeded data of
//! the real test Keystone (scripts/keystone start), clouds built straight
//! from it (so these tests exercise the client, not the config loader), a
//! TOTP calculator and a scripted prompter.
#![allow(dead_code)]

use std::sync::Mutex;

use appcred::config::{AuthOptions, AuthType, CloudConfig, TlsOptions};
use appcred::keystone::{PromptKind, Prompter};
use appcred::secret::Secret;
use futures::future::BoxFuture;
use serde_json::Value;

// One copy of the generic helpers: the harness's (tests/common).
#[path = "../common/mod.rs"]
pub mod common;
// Not every test binary uses each of them.
#[allow(unused_imports)]
pub use common::{base32_decode, totp_now, unique};

/// The seed written by `scripts/keystone start` (APPCRED_TEST_SEED, else
/// target/keystone/seed.json). Panics with the command to run if absent.
pub fn seed() -> Value {
    let path = std::env::var("APPCRED_TEST_SEED")
        .unwrap_or_else(|_| format!("{}/target/keystone/seed.json", env!("CARGO_MANIFEST_DIR")));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("no Keystone seed at {path} ({e}): run `scripts/keystone start` first")
    });
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("seed {path}: {e}"))
}

/// The roles Keystone stores on a credential asked for with `asked` (implied
/// ones included from Keystone 27 on; see tests/common/seed_data.rs).
pub fn stored_roles(asked: &[&str]) -> Vec<String> {
    common::seed().stored_roles(asked)
}

pub fn s(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string in the seed, got {v}"))
        .to_string()
}

pub fn auth_url() -> String {
    s(&seed()["auth_url"])
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

pub fn user(name: &str) -> Value {
    seed()["users"][name].clone()
}

pub fn project_id(name: &str) -> String {
    s(&seed()["projects"][name]["id"])
}

pub fn role_id(name: &str) -> String {
    s(&seed()["roles"][name]["id"])
}

/// Password login by name + domain name on a project (by name + domain).
pub fn password_cloud(user_name: &str, project: Option<&str>) -> CloudConfig {
    let u = user(user_name);
    let seed = seed();
    let (project_name, project_domain_id) = match project {
        Some(p) => (
            Some(p.to_string()),
            Some(s(&seed["projects"][p]["domain_id"])),
        ),
        None => (None, None),
    };
    cloud(
        AuthType::Password,
        AuthOptions {
            username: Some(user_name.into()),
            user_domain_name: Some(s(&u["domain_name"])),
            password: Some(Secret::new(s(&u["password"]))),
            project_name,
            project_domain_id,
            ..Default::default()
        },
    )
}

pub fn app_cred(name: &str) -> Value {
    seed()["application_credentials"][name].clone()
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
