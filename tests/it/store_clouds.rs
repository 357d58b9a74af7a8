//! A clouds.yaml cloud that names its store (`secret_store: URI` beside
//! `auth`) instead of holding its secret: appcred's commands and `exec
//! --os-cloud NAME -- openstack ...` read the secret from the store, and the
//! real OpenStack client, reading the same file, ignores the key; `appcred
//! helper` answers osc's `--auth-helper-cmd` protocol from the same store.

use std::process::Command;

use crate::support::cli::*;
use crate::support::stores::{Bao, appcred_with, create_stored, must};
use crate::support::{self, unique};

#[test]
fn a_cloud_naming_its_store_logs_in_with_no_secret_in_any_file() {
    let Some(bao) = Bao::start("store_clouds::secret_store") else {
        return;
    };
    let mut clean = Cleanup::new("alice");
    let name = clean.name(unique("cloud-store"));
    let path = format!("secret/openstack/{name}");
    let made = create_stored(
        appcred_with(|c| bao.env(c, "root")),
        &name,
        &[&format!("vault:{path}")],
    );
    let id = made.ok().json()["id"].as_str().expect("id").to_string();
    let secret = bao.kv_data(&path)["application_credential_secret"]
        .as_str()
        .expect("secret")
        .to_string();

    let seed = support::seed();
    let dir = support::temp_dir("cloud-store");
    let clouds = dir.join("clouds.yaml");
    std::fs::write(
        &clouds,
        format!(
            "clouds:\n  ci:\n    auth_type: v3applicationcredential\n    auth:\n      auth_url: {url}\n    \
             region_name: {region}\n    secret_store: vault:{path}\n  full:\n    \
             auth_type: v3applicationcredential\n    auth:\n      auth_url: {url}\n      \
             application_credential_id: {id}\n      application_credential_secret: {secret}\n    \
             region_name: {region}\n    secret_store: vault:{path}\n",
            url = seed.auth_url,
            region = seed.region,
        ),
    )
    .unwrap();
    let on_file = |cmd: &mut Command| {
        bao.env(cmd, "root");
        cmd.env("OS_CLIENT_CONFIG_FILE", &clouds)
            .env_remove("OS_CLIENT_SECURE_FILE");
    };

    // appcred's own commands read the secret from the store.
    let verified = run_cmd(appcred_with(on_file), Some("ci"), &["verify"], None);
    verified.ok();
    // exec --os-cloud hands the real OpenStack client the stored credential.
    let mut exec = appcred_with(on_file);
    exec.args(["--os-cloud", "ci", "exec", "--"])
        .arg(seed.keystone.openstack())
        .args(["token", "issue", "-f", "json"]);
    let token: serde_json::Value = serde_json::from_str(&must(&mut exec)).expect("JSON");
    assert_eq!(token["user_id"], user_id("alice").as_str(), "{token}");

    // The OpenStack client, reading the same file itself, ignores the key.
    let mut openstack = Command::new(seed.keystone.openstack());
    openstack
        .args(["--os-cloud", "full", "token", "issue", "-f", "json"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &dir)
        .env("OS_CLIENT_CONFIG_FILE", &clouds);
    let token: serde_json::Value = serde_json::from_str(&must(&mut openstack)).expect("JSON");
    assert_eq!(token["user_id"], user_id("alice").as_str(), "{token}");

    // osc's --auth-helper-cmd runs one executable as `PATH KEY CLOUD` and
    // reads the value from stdout: appcred answers so when called as
    // appcred-auth-helper.
    let helper = dir.join("appcred-auth-helper");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_appcred"), &helper).unwrap();
    let ask = |key: &str| {
        let mut cmd = Command::new(&helper);
        cmd.args([key, "ci"]).env_clear().env("HOME", &dir);
        cmd.env("PATH", std::env::var_os("PATH").unwrap_or_default());
        on_file(&mut cmd);
        cmd.output().expect("run the helper")
    };
    let answer = ask("application_credential_secret");
    assert!(answer.status.success());
    assert_eq!(
        String::from_utf8_lossy(&answer.stdout),
        format!("{secret}\n")
    );
    assert_eq!(
        String::from_utf8_lossy(&ask("application_credential_id").stdout),
        format!("{id}\n")
    );
    let unknown = ask("password");
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        unknown.stdout.is_empty(),
        "nothing osc would take for a value"
    );
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no \"password\""));

    // A store that cannot be read is an error naming it, not a login without a secret.
    bao.run(&["kv", "metadata", "delete", &path]);
    let gone = run_cmd(appcred_with(on_file), Some("ci"), &["verify"], None);
    gone.expect_code(1)
        .stderr_has(&[&format!("vault:{path}"), "no secret there"]);
}
