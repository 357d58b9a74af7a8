//! Helpers for integration tests against the real test Keystone that
//! `scripts/keystone start` (or `scripts/test`) runs on 127.0.0.1. Compiled
//! into each test binary that says `mod common;`, hence the `dead_code` allow.
//!
//! - [`seed()`]: the seeded data set (docs/seed.md), typed.
//! - [`appcred()`]: the built binary with a clean environment pointed at the
//!   seed's clouds.yaml and secure.yaml.
//! - [`Api`]: raw Keystone HTTP calls (as admin or as a seed user) to set up
//!   or check state around a command.
//! - [`unique()`], [`totp_now()`], [`block_on()`].
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::future::Future;
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Deserialize;
use serde_json::{Value, json};

const NOT_RUNNING: &str =
    "the test Keystone is not running: run scripts/test (or scripts/keystone start)";

/// seed.json, as written by scripts/seed.py (schema_version 1). Test data
/// only: the passwords and secrets in it are throwaway.
#[derive(Clone, Deserialize)]
pub struct Seed {
    pub schema_version: u32,
    pub created_at: String,
    /// `http://127.0.0.1:PORT/v3`
    pub auth_url: String,
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
    pub region: String,
    pub hash_rounds: u32,
    pub clouds_yaml: PathBuf,
    pub secure_yaml: PathBuf,
    /// Cloud name in clouds.yaml -> what it is.
    pub clouds: BTreeMap<String, CloudInfo>,
    /// By name (`Default`, `engineering`).
    pub domains: BTreeMap<String, Domain>,
    /// By name (`admin`, `demo`, `ci`, `platform`, `sandbox`).
    pub projects: BTreeMap<String, Project>,
    /// By name: bootstrap's `admin`, `manager`, `member`, `reader`, `service`
    /// plus `ops_viewer`, `deployer`, `_member_`.
    pub roles: BTreeMap<String, Role>,
    /// Every prior -> implied pair Keystone reports (bootstrap's chain included).
    pub role_inferences: Vec<Inference>,
    /// By name: admin, alice, bob, carol, dave, erin, frank, grace.
    pub users: BTreeMap<String, User>,
    /// By credential name.
    pub application_credentials: BTreeMap<String, AppCred>,
    /// Owner name -> the access rules Keystone stored for them.
    pub access_rules: BTreeMap<String, Vec<AccessRule>>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct CloudInfo {
    pub user: String,
    pub auth_type: String,
    pub scope: String,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Domain {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub domain_id: String,
    pub domain_name: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Role {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Inference {
    pub prior: String,
    pub implies: String,
}

/// A seeded user. No Debug: it holds a password.
#[derive(Clone, Deserialize)]
pub struct User {
    pub id: String,
    pub name: String,
    pub domain_id: String,
    pub domain_name: String,
    pub password: String,
    pub enabled: bool,
    /// Project name -> role names assigned directly (now).
    pub project_roles: BTreeMap<String, Vec<String>>,
    /// Domain name -> role names.
    pub domain_roles: BTreeMap<String, Vec<String>>,
    /// Roles on the system scope `all`.
    pub system_roles: Vec<String>,
    /// Project name -> roles removed after the user's credentials were made.
    pub revoked_project_roles: BTreeMap<String, Vec<String>>,
    /// Base32 TOTP secret (dave, grace).
    pub totp_secret: Option<String>,
    /// Multi-factor rules, e.g. `[["password", "totp"]]` (grace).
    pub mfa_rules: Vec<Vec<String>>,
    pub description: String,
}

/// A seeded application credential. No Debug: it holds the secret.
#[derive(Clone, Deserialize)]
pub struct AppCred {
    pub id: String,
    pub name: String,
    /// Owner's seed name (`alice`), and id.
    pub owner: String,
    pub user_id: String,
    /// Project name and id.
    pub project: String,
    pub project_id: String,
    pub description: Option<String>,
    /// Keystone's format: `2026-12-25T13:01:51.180287` (UTC, no `Z`); None = never.
    pub expires_at: Option<String>,
    pub unrestricted: bool,
    /// Role names as Keystone stored them (implied roles included), sorted.
    pub roles: Vec<String>,
    pub access_rules: Vec<AccessRule>,
    pub secret: String,
    /// Past its expires_at when the seed finished.
    pub expired: bool,
    /// Whether authenticating with it works (false: expired, or owner disabled).
    pub usable: bool,
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct AccessRule {
    pub id: String,
    pub service: String,
    pub method: String,
    pub path: String,
}

impl Seed {
    pub fn user(&self, name: &str) -> &User {
        self.users
            .get(name)
            .unwrap_or_else(|| panic!("no user {name:?} in the seed"))
    }

    pub fn project(&self, name: &str) -> &Project {
        self.projects
            .get(name)
            .unwrap_or_else(|| panic!("no project {name:?} in the seed"))
    }

    pub fn role(&self, name: &str) -> &Role {
        self.roles
            .get(name)
            .unwrap_or_else(|| panic!("no role {name:?} in the seed"))
    }

    pub fn domain(&self, name: &str) -> &Domain {
        self.domains
            .get(name)
            .unwrap_or_else(|| panic!("no domain {name:?} in the seed"))
    }

    pub fn credential(&self, name: &str) -> &AppCred {
        self.application_credentials
            .get(name)
            .unwrap_or_else(|| panic!("no application credential {name:?} in the seed"))
    }

    /// `roles` plus everything they imply, transitively (what a token carries).
    pub fn with_implied(&self, roles: &[String]) -> Vec<String> {
        let mut all: Vec<String> = roles.to_vec();
        let mut i = 0;
        while i < all.len() {
            let prior = all[i].clone();
            for inf in self.role_inferences.iter().filter(|f| f.prior == prior) {
                if !all.contains(&inf.implies) {
                    all.push(inf.implies.clone());
                }
            }
            i += 1;
        }
        all.sort();
        all
    }

    /// The roles a user's token on `project` carries now (implied ones included).
    pub fn effective_project_roles(&self, user: &str, project: &str) -> Vec<String> {
        let direct = self
            .user(user)
            .project_roles
            .get(project)
            .cloned()
            .unwrap_or_default();
        self.with_implied(&direct)
    }
}

/// The seed of the running test Keystone: `$APPCRED_TEST_SEED`, else
/// target/keystone/seed.json. Read and checked (the server answers on
/// loopback) once per test binary; panics with what to run if it is not up.
pub fn seed() -> Seed {
    static SEED: OnceLock<Result<Seed, String>> = OnceLock::new();
    match SEED.get_or_init(load_seed) {
        Ok(seed) => seed.clone(),
        Err(why) => panic!("{NOT_RUNNING} ({why})"),
    }
}

fn seed_path() -> PathBuf {
    match std::env::var_os("APPCRED_TEST_SEED") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("target/keystone/seed.json"),
    }
}

fn load_seed() -> Result<Seed, String> {
    let path = seed_path();
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let seed: Seed = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a seed: {e}", path.display()))?;
    let host = seed
        .base_url
        .strip_prefix("http://")
        .ok_or_else(|| format!("unexpected base_url {}", seed.base_url))?;
    if !(host.starts_with("127.") || host.starts_with("localhost:")) {
        return Err(format!("{} is not on loopback; refusing", seed.base_url));
    }
    probe(host).map_err(|e| format!("{} does not answer: {e}", seed.auth_url))?;
    Ok(seed)
}

/// GET /v3 over a bare socket (no runtime needed, works inside #[tokio::test]).
fn probe(host: &str) -> Result<(), String> {
    let addr = host
        .to_socket_addrs()
        .map_err(|e| e.to_string())?
        .next()
        .ok_or("no address")?;
    let mut conn =
        TcpStream::connect_timeout(&addr, Duration::from_secs(3)).map_err(|e| e.to_string())?;
    conn.set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| e.to_string())?;
    write!(
        conn,
        "GET /v3 HTTP/1.0\r\nHost: {host}\r\nAccept: application/json\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut head = [0u8; 12];
    conn.read_exact(&mut head).map_err(|e| e.to_string())?;
    match &head[9..12] {
        b"200" => Ok(()),
        other => Err(format!("status {}", String::from_utf8_lossy(other))),
    }
}

/// A name no other test, run or process uses: `prefix-PID-COUNTER-TIME`.
pub fn unique(prefix: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos() ^ (d.as_secs() as u32))
        .unwrap_or(0);
    format!(
        "{prefix}-{}-{}-{nanos:x}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// A fresh, empty directory under cargo's per-target tmp dir (kept after the run).
pub fn temp_dir(prefix: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(unique(prefix));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("mkdir {}: {e}", dir.display()));
    dir
}

/// The built `appcred` with a clean environment: only PATH, a fresh empty
/// HOME (also the working directory, so no `./clouds.yaml` is found) and
/// OS_CLIENT_CONFIG_FILE / OS_CLIENT_SECURE_FILE pointing at the seed's
/// files. Nothing from the developer's shell (no OS_*, no OS_CLOUD) leaks in.
pub fn appcred() -> Command {
    appcred_in(&temp_dir("home"))
}

/// Like [`appcred()`] with a given HOME (to look at files it writes there).
pub fn appcred_in(home: &Path) -> Command {
    let seed = seed();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_appcred"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("OS_CLIENT_CONFIG_FILE", &seed.clouds_yaml)
        .env("OS_CLIENT_SECURE_FILE", &seed.secure_yaml)
        .current_dir(home);
    cmd
}

/// RFC 6238 passcode (SHA-1, 30 s step, 6 digits) for a base32 secret.
pub fn totp_now(base32_secret: &str) -> String {
    let key = base32_decode(base32_secret);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    totp_lite::totp_custom::<totp_lite::Sha1>(30, 6, &key, now)
}

/// RFC 4648 base32 (upper or lower case, padding optional).
pub fn base32_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u64, 0u32);
    for c in text
        .bytes()
        .filter(|c| *c != b'=' && !c.is_ascii_whitespace())
    {
        let v = ALPHABET
            .iter()
            .position(|a| *a == c.to_ascii_uppercase())
            .unwrap_or_else(|| panic!("not base32: {:?}", c as char)) as u64;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

/// Runs a future to completion on a private runtime in its own thread, so it
/// works from plain `#[test]`s and from inside `#[tokio::test]` alike.
pub fn block_on<F>(future: F) -> F::Output
where
    F: Future + Send,
    F::Output: Send,
{
    std::thread::scope(|s| {
        s.spawn(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap_or_else(|e| panic!("tokio runtime: {e}"))
                .block_on(future)
        })
        .join()
        .unwrap_or_else(|_| panic!("block_on: the future panicked"))
    })
}

/// One HTTP answer from Keystone. `body` is Null when empty or not JSON.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Raw Keystone v3 calls with a token, to arrange or check state around a
/// command under test. Paths are relative to auth_url (`/users/{id}/...`).
pub struct Api {
    pub http: reqwest::Client,
    pub auth_url: String,
    pub token: String,
}

/// A client for loopback only: no proxy from the environment.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap_or_else(|e| panic!("reqwest client: {e}"))
}

/// POST /v3/auth/tokens with any body; the raw reply (201 on success, the
/// token in `X-Subject-Token`).
pub async fn auth(body: Value) -> Reply {
    send(
        &http(),
        reqwest::Method::POST,
        &format!("{}/auth/tokens?nocatalog", seed().auth_url),
        None,
        Some(body),
    )
    .await
}

/// A password identity for a seed user, scoped as given (`json!({"project":
/// {"id": ..}})`, `json!({"system": {"all": true}})`, or Null for unscoped).
pub fn password_auth(user: &str, scope: Value) -> Value {
    let seed = seed();
    let u = seed.user(user);
    let mut body = json!({"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": u.name, "domain": {"id": u.domain_id}, "password": u.password}}}}});
    if !scope.is_null() {
        body["auth"]["scope"] = scope;
    }
    body
}

pub fn project_scope(project: &str) -> Value {
    json!({"project": {"id": seed().project(project).id}})
}

async fn send(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Reply {
    let mut req = http
        .request(method.clone(), url)
        .header("Accept", "application/json");
    if let Some(t) = token {
        req = req.header("X-Auth-Token", t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req
        .send()
        .await
        .unwrap_or_else(|e| panic!("{method} {url}: {e} ({NOT_RUNNING}?)"));
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = resp.bytes().await.unwrap_or_default();
    Reply {
        status,
        headers,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

impl Api {
    /// The bootstrap admin on the system scope: may do anything.
    pub async fn admin() -> Api {
        Api::login(password_auth("admin", json!({"system": {"all": true}}))).await
    }

    /// A seed user with their password, on one of their projects.
    pub async fn user(user: &str, project: &str) -> Api {
        Api::login(password_auth(user, project_scope(project))).await
    }

    /// Logs in with any auth body; panics unless Keystone issues a token.
    pub async fn login(body: Value) -> Api {
        let reply = auth(body).await;
        let token = match (reply.status, reply.header("X-Subject-Token")) {
            (201, Some(t)) => t.to_string(),
            _ => panic!("login failed: {} {}", reply.status, reply.body),
        };
        Api {
            http: http(),
            auth_url: seed().auth_url,
            token,
        }
    }

    pub async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Reply {
        let url = format!("{}{path}", self.auth_url);
        send(&self.http, method, &url, Some(&self.token), body).await
    }

    /// GET, panicking unless 200; the JSON body.
    pub async fn get(&self, path: &str) -> Value {
        let r = self.call(reqwest::Method::GET, path, None).await;
        assert_eq!(r.status, 200, "GET {path}: {}", r.body);
        r.body
    }

    /// A user's application credentials, as Keystone lists them.
    pub async fn app_creds(&self, user_id: &str) -> Vec<Value> {
        let body = self
            .get(&format!("/users/{user_id}/application_credentials"))
            .await;
        body["application_credentials"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Deletes a credential; true if it existed (for test clean-up).
    pub async fn delete_app_cred(&self, user_id: &str, id: &str) -> bool {
        let path = format!("/users/{user_id}/application_credentials/{id}");
        let r = self.call(reqwest::Method::DELETE, &path, None).await;
        assert!(
            matches!(r.status, 204 | 404),
            "DELETE {path}: {} {}",
            r.status,
            r.body
        );
        r.status == 204
    }
}

/// A system-scoped admin token (sync; see [`Api::admin`] for async use).
pub fn admin_token() -> String {
    block_on(Api::admin()).token
}
