//! Helpers for the workflow_* tests (rotate, verify, expiry watch, prune,
//! presets, audit): a throwaway user of their own with a clouds.yaml, so a
//! test that deletes or rotates never touches the seed's shared credentials,
//! and running the binary with its exit code and output.
#![allow(dead_code)]

use std::borrow::BorrowMut;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

use crate::support::{self, Api};

/// What a run of `appcred` gave back.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout as JSON, or a panic showing both streams.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self}"))
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs with stdin closed (so never a terminal: nothing is asked).
pub fn run(mut cmd: impl BorrowMut<Command>) -> Run {
    finish(cmd.borrow_mut().stdin(Stdio::null()).output())
}

/// Runs with `input` on stdin.
pub fn run_with_stdin(mut cmd: impl BorrowMut<Command>, input: &str) -> Run {
    use std::io::Write;
    let mut child = cmd
        .borrow_mut()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn appcred");
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input.as_bytes()).expect("write stdin");
    }
    finish(child.wait_with_output())
}

fn finish(out: std::io::Result<Output>) -> Run {
    let out = out.expect("run appcred");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Keystone's `expires_at` input form for `now + secs` (UTC, no offset).
pub fn keystone_in(secs: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::seconds(secs))
        .naive_utc()
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

pub fn write_private(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
        .unwrap_or_else(|e| panic!("chmod {}: {e}", path.display()));
}

pub fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or_else(|e| panic!("stat {}: {e}", path.display()))
}

/// The real OpenStack client of the test Keystone's release (its venv).
pub fn openstack() -> PathBuf {
    support::seed().keystone.openstack()
}

/// A user made for one test in domain Default, deleted (with every
/// credential and access rule of theirs) when dropped. `dir` holds a
/// clouds.yaml whose cloud `me` logs in as them with a password on the
/// first project granted.
pub struct TempUser {
    pub id: String,
    pub name: String,
    pub password: String,
    pub project_id: String,
    pub dir: PathBuf,
    pub clouds_yaml: PathBuf,
    pub secure_yaml: PathBuf,
}

impl TempUser {
    /// `grants`: (project name, role names) from the seed; the first project
    /// is the one cloud `me` is scoped to.
    pub async fn new(prefix: &str, grants: &[(&str, &[&str])]) -> TempUser {
        let seed = support::seed();
        let admin = Api::admin().await;
        let name = support::unique(prefix);
        let password = support::unique("pw");
        let r = admin
            .call(
                reqwest::Method::POST,
                "/users",
                Some(json!({"user": {"name": name, "domain_id": "default",
                    "password": password, "enabled": true}})),
            )
            .await;
        assert_eq!(r.status, 201, "create user: {}", r.body);
        let id = r.body["user"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no user id: {}", r.body))
            .to_string();
        for (project, roles) in grants {
            for role in *roles {
                grant(&admin, &id, &seed.project(project).id, &seed.role(role).id).await;
            }
        }
        let project_id = seed.project(grants[0].0).id.clone();
        let dir = support::temp_dir("wf-user");
        let clouds_yaml = dir.join("clouds.yaml");
        let secure_yaml = dir.join("secure.yaml");
        write_private(
            &clouds_yaml,
            &format!(
                "clouds:\n  me:\n    auth_type: password\n    auth:\n      auth_url: {}\n      username: \"{name}\"\n      password: \"{password}\"\n      user_domain_id: default\n      project_id: {project_id}\n    region_name: {}\n    interface: public\n    identity_api_version: 3\n",
                seed.auth_url, seed.region
            ),
        );
        TempUser {
            id,
            name,
            password,
            project_id,
            dir,
            clouds_yaml,
            secure_yaml,
        }
    }

    /// `appcred` reading this user's clouds.yaml (and secure.yaml, if written).
    pub fn appcred(&self) -> Command {
        let mut cmd = support::appcred_in(&self.dir);
        cmd.env("OS_CLIENT_CONFIG_FILE", &self.clouds_yaml)
            .env("OS_CLIENT_SECURE_FILE", &self.secure_yaml);
        cmd
    }

    /// `appcred --os-cloud me ARGS...`
    pub fn me(&self, args: &[&str]) -> Command {
        let mut cmd = self.appcred();
        cmd.arg("--os-cloud").arg("me").args(args);
        cmd
    }

    /// This user's own API session on their first project.
    pub async fn api(&self) -> Api {
        Api::login(
            json!({"auth": {"identity": {"methods": ["password"], "password": {"user": {
            "id": self.id, "password": self.password}}},
            "scope": {"project": {"id": self.project_id}}}}),
        )
        .await
    }

    /// Creates a credential as this user: `{"name":..., ...}` merged into
    /// the request; returns Keystone's answer (with the secret).
    pub async fn create_cred(&self, api: &Api, body: Value) -> Value {
        let r = api
            .call(
                reqwest::Method::POST,
                &format!("/users/{}/application_credentials", self.id),
                Some(json!({ "application_credential": body })),
            )
            .await;
        assert_eq!(r.status, 201, "create credential: {}", r.body);
        r.body["application_credential"].clone()
    }

    /// This user's credentials as Keystone lists them (admin's view).
    pub async fn creds(&self) -> Vec<Value> {
        Api::admin().await.app_creds(&self.id).await
    }
}

pub async fn grant(admin: &Api, user_id: &str, project_id: &str, role_id: &str) {
    let r = admin
        .call(
            reqwest::Method::PUT,
            &format!("/projects/{project_id}/users/{user_id}/roles/{role_id}"),
            None,
        )
        .await;
    assert_eq!(r.status, 204, "grant role: {}", r.body);
}

pub async fn revoke(admin: &Api, user_id: &str, project_id: &str, role_id: &str) {
    let r = admin
        .call(
            reqwest::Method::DELETE,
            &format!("/projects/{project_id}/users/{user_id}/roles/{role_id}"),
            None,
        )
        .await;
    assert_eq!(r.status, 204, "revoke role: {}", r.body);
}

impl Drop for TempUser {
    fn drop(&mut self) {
        let id = self.id.clone();
        support::block_on(async move {
            let admin = Api::admin().await;
            let _ = admin
                .call(reqwest::Method::DELETE, &format!("/users/{id}"), None)
                .await;
        });
    }
}

/// Sorted names of a credential's roles as Keystone gives them.
pub fn role_names(cred: &Value) -> Vec<String> {
    let mut names: Vec<String> = cred["roles"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["name"].as_str().map(str::to_string))
        .collect();
    names.sort();
    names
}

/// (service, method, path) of a credential's access rules, sorted.
pub fn rule_triples(cred: &Value) -> Vec<(String, String, String)> {
    let mut rules: Vec<(String, String, String)> = cred["access_rules"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap_or_default().to_string();
            (s("service"), s("method"), s("path"))
        })
        .collect();
    rules.sort();
    rules
}

/// The ids in a JSON array of credentials (or rows with an `id`).
pub fn ids(list: &Value) -> Vec<String> {
    let mut ids: Vec<String> = list
        .as_array()
        .unwrap_or_else(|| panic!("not a JSON array: {list}"))
        .iter()
        .filter_map(|c| c["id"].as_str().map(str::to_string))
        .collect();
    ids.sort();
    ids
}
