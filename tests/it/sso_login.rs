//! OpenID Connect logins through the real chain that `scripts/sso start`
//! runs: oidc-provider -> Apache + mod_auth_openidc -> Keystone federation.
//! Skips (saying so) where no test bed can run; see support/sso.rs.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::sso::{Bed, approver, bed, home};
use appcred::config::{self, Environment, Overrides};
use appcred::keystone::{LoginNotice, PromptKind, Prompter, ScopeRequest, Session};
use appcred::secret::Secret;
use futures::future::BoxFuture;

const LIMIT: Duration = Duration::from_secs(120);

#[test]
fn device_login_approved_lists_the_credentials() {
    let Some(bed) = bed() else { return };
    let h = home();
    // A credential to find: bob's (his direct role on sso-project lets him
    // create one whatever the identity provider's ttl), made by a first
    // device login; the list is a second one.
    let name = crate::support::unique("sso-listed");
    let made = bed.run_device(
        h.path(),
        "sso-device",
        &["create", &name, "--role", "member", "-f", "json"],
        LIMIT,
        approver(&bed, "approve", "bob"),
    );
    let id = made.ok().json()["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(!id.is_empty(), "{}", made.show());
    let out = bed.run_device(
        h.path(),
        "sso-device",
        &["list", "-f", "json"],
        LIMIT,
        approver(&bed, "approve", "bob"),
    );
    out.ok()
        .stderr_has(&["/device", "enter the code ", "device?user_code="]);
    let listed = out.json();
    let row = listed
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["id"] == id.as_str()));
    assert!(
        row.is_some_and(|r| r["name"] == name.as_str()),
        "{name} ({id}) not listed\n{}",
        out.show()
    );
    bed.run_device(
        h.path(),
        "sso-device",
        &["delete", &id, "--yes"],
        LIMIT,
        approver(&bed, "approve", "bob"),
    )
    .ok();
}

#[test]
fn device_login_denied_says_so() {
    let Some(bed) = bed() else { return };
    let h = home();
    let out = bed.run_device(
        h.path(),
        "sso-device",
        &["list"],
        LIMIT,
        approver(&bed, "deny", "alice"),
    );
    out.failed().stderr_has(&[
        "identity provider",
        "denied at the identity provider",
        "approve it",
    ]);
}

#[test]
fn device_code_not_approved_in_time_expires() {
    let Some(bed) = bed() else { return };
    let h = home();
    // sso-device-short's codes live a few seconds; nobody approves.
    let out = bed.run_device(h.path(), "sso-device-short", &["list"], LIMIT, |_| {});
    out.failed().stderr_has(&[
        "the code expired before anyone approved it",
        "run the login again",
    ]);
}

#[test]
fn client_credentials_list_and_scopes() {
    let Some(bed) = bed() else { return };
    let h = home();
    bed.run(h.path(), "sso-client", &["list", "-f", "json"], LIMIT)
        .ok();
    let out = bed.run(h.path(), "sso-client", &["scopes", "-f", "json"], LIMIT);
    out.ok();
    let text = out.stdout.clone();
    assert!(
        text.contains("sso-project") && text.contains("sso-project-2"),
        "{}",
        out.show()
    );
}

#[test]
fn a_wrong_client_secret_blames_the_identity_provider() {
    let Some(bed) = bed() else { return };
    let h = home();
    let out = bed.run(
        h.path(),
        "sso-client",
        &["--os-client-secret", "wrong", "list"],
        LIMIT,
    );
    out.failed()
        .stderr_has(&["identity provider", "invalid_client", "client_secret"]);
    assert!(
        !out.stderr.contains("wrong"),
        "the secret was echoed\n{}",
        out.show()
    );
}

#[test]
fn access_token_from_a_flag_and_a_refused_one() {
    let Some(bed) = bed() else { return };
    let h = home();
    let token = bed.sso(&["token"]);
    let token = token.trim();
    bed.run(
        h.path(),
        "sso-token",
        &["--os-access-token", token, "list", "-f", "json"],
        LIMIT,
    )
    .ok();
    let out = bed.run(
        h.path(),
        "sso-token",
        &["--os-access-token", "not-a-token", "list"],
        LIMIT,
    );
    out.failed().stderr_has(&[
        "Keystone federation",
        "web server in front of Keystone refused",
    ]);
}

#[test]
fn an_unknown_identity_provider_name_is_explained() {
    let Some(bed) = bed() else { return };
    let h = home();
    let out = bed.run(
        h.path(),
        "sso-client",
        &["--os-identity-provider", "nope", "list"],
        LIMIT,
    );
    out.failed()
        .stderr_has(&["Keystone federation", "identity_provider"]);
}

/// Approves every device code it is shown (in a thread, as a person would)
/// and counts them: one count is one login at the identity provider.
struct Approving {
    bed_dir: std::path::PathBuf,
    codes: AtomicUsize,
    done: Mutex<Vec<std::thread::JoinHandle<()>>>,
}

impl Prompter for Approving {
    fn ask(&self, _kind: PromptKind) -> BoxFuture<'_, Option<Secret>> {
        Box::pin(async { None })
    }

    fn notify(&self, notice: LoginNotice) -> bool {
        if let LoginNotice::DeviceCode(p) = notice {
            self.codes.fetch_add(1, Ordering::SeqCst);
            let dir = self.bed_dir.clone();
            let handle = std::thread::spawn(move || {
                let status =
                    std::process::Command::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/sso"))
                        .args(["approve", &p.user_code])
                        .env("SSO_DIR", dir)
                        .status();
                assert!(
                    status.is_ok_and(|s| s.success()),
                    "scripts/sso approve failed"
                );
            });
            if let Ok(mut d) = self.done.lock() {
                d.push(handle);
            }
        }
        true
    }
}

fn cloud(bed: &Bed, name: &str) -> appcred::config::CloudConfig {
    let vars: HashMap<String, String> = [
        ("OS_CLIENT_CONFIG_FILE", bed.clouds.display().to_string()),
        (
            "OS_CLIENT_SECURE_FILE",
            bed.dir.join("secure.yaml").display().to_string(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let env = Environment {
        vars,
        cwd: bed.dir.clone(),
        home: None,
    };
    let overrides = Overrides {
        cloud: Some(name.to_string()),
        ..Overrides::default()
    };
    config::resolve(&env, &overrides).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_project_switch_needs_no_second_identity_provider_login() {
    let Some(bed) = bed() else { return };
    let prompter = Arc::new(Approving {
        bed_dir: bed.dir.clone(),
        codes: AtomicUsize::new(0),
        done: Mutex::new(Vec::new()),
    });
    let cloud = cloud(&bed, "sso-device");
    let login = Session::login(&cloud, prompter.as_ref());
    let session = tokio::time::timeout(LIMIT, login)
        .await
        .unwrap_or_else(|_| panic!("login hung"))
        .unwrap();
    let info = session.token_info();
    assert!(info.user.is_federated(), "{info:?}");
    assert_eq!(info.user.name, "alice");
    let other = bed.project_id("sso-project-2");
    let switched = session
        .rescope(&ScopeRequest::ProjectId(other.clone()))
        .await
        .unwrap();
    assert!(
        matches!(switched.token_info().scope, appcred::keystone::Scope::Project { ref id, .. } if *id == other)
    );
    // And back, and a list on each: still the one device login.
    let back = switched
        .rescope(&ScopeRequest::ProjectId(bed.project_id("sso-project")))
        .await
        .unwrap();
    back.list_credentials(&back.user_id()).await.unwrap();
    switched
        .list_credentials(&switched.user_id())
        .await
        .unwrap();
    assert_eq!(
        prompter.codes.load(Ordering::SeqCst),
        1,
        "a second device login was asked for"
    );
    if let Ok(mut d) = prompter.done.lock() {
        for h in d.drain(..) {
            let _ = h.join();
        }
    }
}
