//! seed.json, typed, and the check that its Keystone answers.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use serde::Deserialize;

use super::NOT_RUNNING;

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
    /// What the instance runs (scripts/keystone): release, database, cache.
    #[serde(default)]
    pub keystone: KeystoneInfo,
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
    /// The LDAP-backed domain `corp`; None where the instance has no slapd
    /// (and in a seed written before it existed): see [`Seed::ldap_or_skip`].
    #[serde(default)]
    pub ldap: Option<Ldap>,
}

/// seed.json's `ldap`: the domain `corp`, whose users and groups Keystone
/// reads from the instance's own slapd (docs/seed.md, "The LDAP domain").
/// No Debug: it holds passwords.
#[derive(Clone, Deserialize)]
pub struct Ldap {
    /// `ldap://127.0.0.1:PORT`
    pub url: String,
    /// The directory's suffix, e.g. `dc=corp,dc=example,dc=org`.
    pub base_dn: String,
    /// The directory's root DN and its password (a test that changes the
    /// directory binds with them).
    #[serde(default)]
    pub bind_dn: String,
    #[serde(default)]
    pub bind_password: String,
    /// `corp`
    pub domain: Domain,
    /// `corp-apps`, in `corp`.
    pub project: LdapProject,
    /// `corp-devs`: a groupOfNames with `member` on `corp-apps`.
    pub group: LdapGroup,
    /// By name: `lina`, `alice`, `otto`, `gone`.
    pub users: BTreeMap<String, LdapUser>,
    /// By name: `corp-alice-ci`, `otto-ci`, `gone-backup`.
    pub application_credentials: BTreeMap<String, LdapAppCred>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct LdapProject {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct LdapGroup {
    /// Keystone's id for it (a 64-hex hash of its `cn`).
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub dn: String,
    /// Project name -> the roles granted to the group there.
    #[serde(default)]
    pub project_roles: BTreeMap<String, Vec<String>>,
}

/// A user of the directory. No Debug: it holds a password.
#[derive(Clone, Deserialize)]
pub struct LdapUser {
    /// Keystone's id: a 64-hex hash of the `uid` (its id mapping).
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub password: String,
    /// False once taken out of `cn=enabled_users` (otto) or deleted (gone).
    pub enabled: bool,
    /// Deleted from the directory after making a credential (gone):
    /// `GET /v3/users/{id}` answers 404, the credential is still listed.
    pub deleted: bool,
    pub domain_id: String,
    #[serde(default)]
    pub dn: String,
    /// The directory groups the user is a member of (lina: `corp-devs`).
    #[serde(default)]
    pub groups: Vec<String>,
    /// Project name -> role names assigned to the user directly.
    #[serde(default)]
    pub project_roles: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub description: String,
}

/// A credential of a directory user. No Debug: it holds the secret.
#[derive(Clone, Deserialize)]
pub struct LdapAppCred {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// The owner's name in the directory (`alice`, `otto`, `gone`).
    pub owner: String,
    #[serde(default)]
    pub user_id: String,
    /// Project name (`corp-apps`) and id.
    pub project: String,
    #[serde(default)]
    pub project_id: String,
    /// As Keystone stored them, sorted.
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub secret: String,
}

impl Ldap {
    pub fn user(&self, name: &str) -> &LdapUser {
        self.users
            .get(name)
            .unwrap_or_else(|| panic!("no LDAP user {name:?} in the seed"))
    }

    pub fn credential(&self, name: &str) -> &LdapAppCred {
        self.application_credentials
            .get(name)
            .unwrap_or_else(|| panic!("no LDAP application credential {name:?} in the seed"))
    }
}

/// seed.json's `keystone`: what scripts/keystone started.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct KeystoneInfo {
    /// `2024.1` ... `master`
    pub series: String,
    /// Keystone's version, e.g. `30.0.0`.
    pub version: String,
    /// `mariadb`, or `sqlite` where MariaDB could not be installed.
    pub database: String,
    /// `memcached` or `none`.
    pub cache: String,
    /// `127.0.0.1:PORT` of the memcached Keystone uses, if any.
    pub cache_servers: Vec<String>,
    /// The OpenStack CLI of the same release (in the series' venv).
    pub openstack: PathBuf,
}

impl KeystoneInfo {
    /// The real `openstack` of this release, installed by scripts/keystone.
    pub fn openstack(&self) -> PathBuf {
        if self.openstack.as_os_str().is_empty() {
            // A seed written before the venvs were per series.
            Path::new(env!("CARGO_MANIFEST_DIR")).join("target/keystone/venv/bin/openstack")
        } else {
            self.openstack.clone()
        }
    }

    /// Keystone 25 stored a credential's roles as asked; 27 (and, untested,
    /// 26) add the roles those imply. A seed without a version is master's.
    pub fn stores_implied_roles(&self) -> bool {
        let major = self
            .version
            .split('.')
            .next()
            .and_then(|m| m.parse::<u32>().ok());
        major.is_none_or(|m| m >= 26)
    }

    /// True on MariaDB, where names compare as Keystone's default collation
    /// says (case-insensitively); prints why a test skips otherwise.
    pub fn on_mariadb(&self, test: &str) -> bool {
        let yes = self.database == "mariadb";
        if !yes {
            crate::support::skip(format!(
                "{test}: the test Keystone runs on {:?}, not MariaDB \
                 (install mariadb-server for the production shape)",
                self.database
            ));
        }
        yes
    }
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
    /// The LDAP domain, or None after a counted skip naming `test` (the
    /// instance runs without slapd):
    /// `let Some(ldap) = seed.ldap_or_skip("...") else { return };`.
    pub fn ldap_or_skip(&self, test: &str) -> Option<&Ldap> {
        if self.ldap.is_none() {
            crate::support::skip(format!(
                "{test}: the test Keystone has no LDAP domain (scripts/keystone says why: \
                 slapd, ldap-utils, libldap2-dev, libsasl2-dev or gcc could not be installed)"
            ));
        }
        self.ldap.as_ref()
    }

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
    /// The roles Keystone stores on a credential created with `asked`:
    /// from 27.1.0 (2025.1) on the implied ones too, 25.0.0 (2024.1) only
    /// those asked for (and so its credential tokens carry only those).
    pub fn stored_roles(&self, asked: &[&str]) -> Vec<String> {
        let asked: Vec<String> = asked.iter().map(|r| r.to_string()).collect();
        if self.keystone.stores_implied_roles() {
            self.with_implied(&asked)
        } else {
            let mut asked = asked;
            asked.sort();
            asked
        }
    }

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
/// loopback) once per test run (the tests are one binary); panics with what to run if it is not up.
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
