//! Shared by the `cli_*` tests: run the real `appcred` binary against the
//! test Keystone (through `support::appcred()`: clean environment, the seed's
//! clouds.yaml), then look at Keystone's state through its API as admin.
//! A test module says `use crate::support::cli::*;`.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::support::{self, Api};

/// What one run of the binary did.
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    what: String,
}

impl Out {
    /// Panics (showing everything) unless the exit code is `code`.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "`{}` exited {} (wanted {code})\n--- stdout\n{}\n--- stderr\n{}",
            self.what, self.code, self.stdout, self.stderr
        );
        self
    }

    pub fn ok(&self) -> &Self {
        self.expect_code(0)
    }

    /// stdout as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "`{}` printed no JSON ({e})\n--- stdout\n{}\n--- stderr\n{}",
                self.what, self.stdout, self.stderr
            )
        })
    }

    /// The `id` of each record of a JSON array on stdout.
    pub fn ids(&self) -> Vec<String> {
        self.json()
            .as_array()
            .unwrap_or_else(|| panic!("`{}` printed no JSON array: {}", self.what, self.stdout))
            .iter()
            .filter_map(|c| c["id"].as_str().map(str::to_string))
            .collect()
    }

    /// Panics unless stderr contains every one of `parts`.
    pub fn stderr_has(&self, parts: &[&str]) -> &Self {
        for p in parts {
            assert!(
                self.stderr.contains(p),
                "`{}`: stderr lacks {p:?}\n--- stderr\n{}",
                self.what,
                self.stderr
            );
        }
        self
    }

    pub fn stdout_has(&self, parts: &[&str]) -> &Self {
        for p in parts {
            assert!(
                self.stdout.contains(p),
                "`{}`: stdout lacks {p:?}\n--- stdout\n{}",
                self.what,
                self.stdout
            );
        }
        self
    }
}

/// `appcred --os-cloud CLOUD ARGS...` with stdin closed.
pub fn run(cloud: &str, args: &[&str]) -> Out {
    run_cmd(support::appcred(), Some(cloud), args, None)
}

/// The same with `stdin` piped in.
pub fn run_stdin(cloud: &str, args: &[&str], stdin: &str) -> Out {
    run_cmd(support::appcred(), Some(cloud), args, Some(stdin))
}

/// With a given HOME / working directory (to find files written there).
pub fn run_in(home: &Path, cloud: Option<&str>, args: &[&str], stdin: Option<&str>) -> Out {
    run_cmd(support::appcred_in(home), cloud, args, stdin)
}

pub fn run_cmd(mut cmd: Command, cloud: Option<&str>, args: &[&str], stdin: Option<&str>) -> Out {
    if let Some(c) = cloud {
        cmd.arg("--os-cloud").arg(c);
    }
    cmd.args(args);
    let what = format!(
        "appcred {}{}",
        cloud
            .map(|c| format!("--os-cloud {c} "))
            .unwrap_or_default(),
        args.join(" ")
    );
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start `{what}`: {e}"));
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().expect("stdin was piped");
        // A command that fails before reading stdin closes it: not our error.
        match pipe.write_all(text.as_bytes()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                panic!("writing stdin of `{what}`: {e}")
            }
            _ => {}
        }
        drop(pipe);
    }
    let output = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("waiting for `{what}`: {e}"));
    Out {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        what,
    }
}

/// A system-scoped admin token, made once per test run (only the string
/// is kept: a reqwest client is bound to the runtime that made it).
fn admin_token() -> String {
    static TOKEN: OnceLock<String> = OnceLock::new();
    TOKEN.get_or_init(support::admin_token).clone()
}

/// An admin [`Api`] with a fresh client, for use inside one `block_on`.
pub fn admin() -> Api {
    Api {
        http: support::http(),
        auth_url: support::seed().auth_url,
        token: admin_token(),
    }
}

pub fn user_id(user: &str) -> String {
    support::seed().user(user).id.clone()
}

/// A user's credentials as Keystone lists them now.
pub fn keystone_creds(user: &str) -> Vec<Value> {
    let id = user_id(user);
    support::block_on(async move { admin().app_creds(&id).await })
}

/// The names of the credentials of the user with this Keystone id (any
/// user: an LDAP user of `seed.ldap`, a test's own), as Keystone lists them now.
pub fn keystone_names_of(user_id: &str) -> Vec<String> {
    let id = user_id.to_string();
    support::block_on(async move { admin().app_creds(&id).await })
        .iter()
        .filter_map(|c| c["name"].as_str().map(str::to_string))
        .collect()
}

/// The user's credential with this exact name, as Keystone has it.
pub fn keystone_cred(user: &str, name: &str) -> Option<Value> {
    keystone_creds(user).into_iter().find(|c| c["name"] == name)
}

/// Panics unless Keystone has no credential of that name for the user.
pub fn assert_absent(user: &str, name: &str) {
    if let Some(c) = keystone_cred(user, name) {
        panic!("Keystone has a credential {name:?} for {user}, yet none should exist: {c}");
    }
}

/// Creates a credential directly through the API as the user (password
/// login on `project`); returns Keystone's answer (with the secret).
pub fn api_create(user: &str, project: &str, body: Value) -> Value {
    let login = support::password_auth(user, support::project_scope(project));
    create_logged_in(login, &user_id(user), body)
}

/// Creates a credential for `user_id` with a token from the `login` body
/// (any user: a throwaway one, one of an LDAP domain); Keystone's answer.
pub fn create_logged_in(login: Value, user_id: &str, body: Value) -> Value {
    let path = format!("/users/{user_id}/application_credentials");
    support::block_on(async move {
        let api = Api::login(login).await;
        let r = api
            .call(
                reqwest::Method::POST,
                &path,
                Some(json!({ "application_credential": body })),
            )
            .await;
        assert_eq!(r.status, 201, "POST {path}: {}", r.body);
        r.body["application_credential"].clone()
    })
}

/// A token request with an application credential's id and secret: the
/// HTTP status (201 when it authenticates).
pub fn app_cred_login(id: &str, secret: &str) -> u16 {
    let body = json!({"auth": {"identity": {"methods": ["application_credential"],
        "application_credential": {"id": id, "secret": secret}}}});
    support::block_on(async move { support::auth(body).await.status })
}

/// Deletes, when dropped (even after a failed assertion), every credential
/// of `user` whose name was registered, through the admin API.
pub struct Cleanup {
    user_id: String,
    names: Vec<String>,
    rules: Vec<String>,
}

impl Cleanup {
    /// For a seed user (of `seed.users`), by name.
    pub fn new(user: &str) -> Cleanup {
        Cleanup::of_user_id(&user_id(user))
    }

    /// For any user, by Keystone id (an LDAP user of `seed.ldap`, a test's own).
    pub fn of_user_id(id: &str) -> Cleanup {
        Cleanup {
            user_id: id.to_string(),
            names: Vec::new(),
            rules: Vec::new(),
        }
    }

    /// Registers an access rule id, deleted after the credentials (Keystone
    /// keeps a credential's rules when the credential is deleted).
    pub fn rule(&mut self, id: &str) {
        self.rules.push(id.to_string());
    }

    /// Registers a name and gives it back.
    pub fn name(&mut self, name: String) -> String {
        self.names.push(name.clone());
        name
    }
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if self.names.is_empty() && self.rules.is_empty() {
            return;
        }
        let id = self.user_id.clone();
        let names = std::mem::take(&mut self.names);
        let rules = std::mem::take(&mut self.rules);
        let _ = std::panic::catch_unwind(move || {
            support::block_on(async move {
                let api = admin();
                for c in api.app_creds(&id).await {
                    if names.iter().any(|n| c["name"] == n.as_str()) {
                        let cid = c["id"].as_str().unwrap_or_default().to_string();
                        api.delete_app_cred(&id, &cid).await;
                    }
                }
                for rule in rules {
                    let path = format!("/users/{id}/access_rules/{rule}");
                    api.call(reqwest::Method::DELETE, &path, None).await;
                }
            })
        });
    }
}

/// The role names of a Keystone-shaped credential, sorted.
pub fn role_names(cred: &Value) -> Vec<String> {
    let mut names: Vec<String> = cred["roles"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| r["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

pub fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// The Unix permission bits of a file.
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("stat {}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The secret that breaks naive quoting in shell, YAML and JSON alike.
pub const NASTY_SECRET: &str = "a\"b\\c$d'e #f";
