//! The proof: the exports appcred writes work with the REAL
//! OpenStack client (python-openstackclient in the harness venv), for a
//! secret chosen to break naive quoting (`a"b\c$d'e #f`, read from stdin).
//! - openrc: sourced in a clean environment (`env -i`) that already had
//!   OS_PROJECT_NAME, OS_USERNAME, OS_PASSWORD and OS_CLOUD set, so the
//!   file's `unset` is what makes `openstack token issue` work (a control
//!   run shows the leak alone would break it);
//! - clouds.yaml: `OS_CLIENT_CONFIG_FILE` + `--os-cloud ENTRY`, both a new
//!   file and one merged into an existing clouds.yaml;
//! - json: its id and secret authenticate.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::cli::*;
use serde_json::Value;

/// `openstack` of the test Keystone's release (scripts/keystone installs it
/// into that series' venv).
fn openstack() -> PathBuf {
    let bin = support::seed().keystone.openstack();
    assert!(
        bin.exists(),
        "{} is missing: scripts/keystone installs python-openstackclient into its venv",
        bin.display()
    );
    bin
}

/// Runs a bash script with `env -i` (only PATH and a private HOME); the
/// script sees `$OPENSTACK`. Returns (success, stdout, stderr).
fn clean_bash(script: &str, extra: &[(&str, &Path)]) -> (bool, String, String) {
    let home = support::temp_dir("cli-osc-home");
    let mut cmd = Command::new("env");
    cmd.arg("-i")
        .arg("PATH=/usr/local/bin:/usr/bin:/bin")
        .arg(format!("HOME={}", home.display()))
        .arg(format!("OPENSTACK={}", openstack().display()));
    for (k, v) in extra {
        cmd.arg(format!("{k}={}", v.display()));
    }
    let out = cmd
        .arg("bash")
        .arg("-c")
        .arg(script)
        .current_dir(&home)
        .output()
        .expect("run env -i bash");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A token from the real client: its JSON, checked to be the credential's.
fn assert_token(ok: bool, stdout: &str, stderr: &str, project_id: &str) {
    assert!(
        ok,
        "openstack token issue failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    let token: Value = serde_json::from_str(stdout)
        .unwrap_or_else(|e| panic!("token issue printed no JSON ({e}): {stdout}"));
    assert_eq!(token["project_id"], project_id, "{token}");
    assert_eq!(token["user_id"], user_id("alice").as_str(), "{token}");
    assert!(
        token["id"].as_str().is_some_and(|t| !t.is_empty()),
        "{token}"
    );
}

/// Variables a user's shell often still has from a password openrc.
const LEAKS: &str = "export OS_PROJECT_NAME=leaked-project OS_PROJECT_DOMAIN_NAME=Default \
     OS_USERNAME=alice OS_PASSWORD=wrong OS_USER_DOMAIN_NAME=Default OS_CLOUD=no-such-cloud";

#[test]
fn openrc_from_create_works_with_the_openstack_client_after_a_leaky_shell() {
    let mut clean = Cleanup::new("alice");
    let dir = support::temp_dir("cli-osc-openrc");
    let rc = dir.join("app-openrc.sh");
    let name = clean.name(support::unique("cli-osc-rc"));
    let out = run_stdin(
        "alice",
        &[
            "create",
            &name,
            "--role",
            "member",
            "--secret-stdin",
            "--export",
            "openrc",
            "--output",
            &rc.to_string_lossy(),
        ],
        NASTY_SECRET,
    );
    out.ok();
    crate::support::leak::assert_no_leak("stdout", &out.stdout, NASTY_SECRET);
    crate::support::leak::assert_no_leak("stderr", &out.stderr, NASTY_SECRET);
    assert_eq!(mode(&rc), 0o600);
    let project = support::seed().project("demo").id.clone();

    // The leaks are set BEFORE sourcing: the file's unset must clear them.
    let (ok, stdout, stderr) = clean_bash(
        &format!(
            "{LEAKS}; . \"$RC\" && [ \"$OS_APPLICATION_CREDENTIAL_SECRET\" = '{q}' ] && \
             \"$OPENSTACK\" token issue -f json",
            q = NASTY_SECRET.replace('\'', "'\\''")
        ),
        &[("RC", &rc)],
    );
    assert_token(ok, &stdout, &stderr, &project);

    // Control: the same leak set AFTER sourcing breaks the login, so the
    // success above is the unset's doing.
    let (ok, _, stderr) = clean_bash(
        "set -a; . \"$RC\"; export OS_PROJECT_NAME=leaked-project OS_PROJECT_DOMAIN_NAME=Default; \
         \"$OPENSTACK\" token issue -f json",
        &[("RC", &rc)],
    );
    assert!(
        !ok,
        "a leaked OS_PROJECT_NAME should break an application credential login"
    );
    assert!(stderr.contains("scope"), "{stderr}");
}

#[test]
fn clouds_yaml_new_and_merged_and_json_work_with_the_secret_intact() {
    let seed = support::seed();
    let mut clean = Cleanup::new("alice");
    let dir = support::temp_dir("cli-osc-clouds");
    let name = clean.name(support::unique("cli-osc-cy"));
    // Made and printed once as JSON (the secret chosen, from stdin)...
    let created = run_stdin(
        "alice",
        &[
            "create",
            &name,
            "--role",
            "reader",
            "--secret-stdin",
            "-f",
            "json",
        ],
        NASTY_SECRET,
    )
    .ok()
    .json();
    assert_eq!(created["secret"], NASTY_SECRET);
    let id = created["id"].as_str().expect("an id").to_string();
    let project = created["project_id"]
        .as_str()
        .expect("a project")
        .to_string();
    assert_eq!(project, seed.project("demo").id);

    // ...then exported "from elsewhere" with the secret on stdin.
    let new_file = dir.join("clouds.yaml");
    run_stdin(
        "alice",
        &[
            "export",
            &name,
            "-f",
            "clouds",
            "--secret-stdin",
            "--output",
            &new_file.to_string_lossy(),
            "--cloud-name",
            "from-appcred",
        ],
        NASTY_SECRET,
    )
    .ok();
    assert_eq!(mode(&new_file), 0o600);
    let (ok, stdout, stderr) = clean_bash(
        "\"$OPENSTACK\" --os-cloud from-appcred token issue -f json",
        &[("OS_CLIENT_CONFIG_FILE", &new_file)],
    );
    assert_token(ok, &stdout, &stderr, &project);

    // Merged into the user's own clouds.yaml (a copy of the seed's, with
    // its password clouds): the new entry works beside the old ones.
    let mine = dir.join("mine.yaml");
    let old = format!("# my clouds\n{}", read(&seed.clouds_yaml));
    std::fs::write(&mine, &old).expect("write mine.yaml");
    run_stdin(
        "alice",
        &[
            "export",
            &id,
            "-f",
            "clouds",
            "--secret-stdin",
            "--output",
            &mine.to_string_lossy(),
            "--merge",
        ],
        NASTY_SECRET,
    )
    .ok();
    let merged = read(&mine);
    assert!(merged.starts_with(&old[..old.len() / 2]), "old text kept");
    let entry = format!("alice-{name}");
    let (ok, stdout, stderr) = clean_bash(
        &format!("\"$OPENSTACK\" --os-cloud '{entry}' token issue -f json"),
        &[("OS_CLIENT_CONFIG_FILE", &mine)],
    );
    assert_token(ok, &stdout, &stderr, &project);

    // json export: the secret round-trips and authenticates.
    let v = run_stdin(
        "alice",
        &["export", &id, "-f", "json", "--secret-stdin"],
        NASTY_SECRET,
    )
    .ok()
    .json();
    assert_eq!(v["secret"], NASTY_SECRET);
    assert_eq!(v["auth_url"], seed.auth_url.as_str());
    assert_eq!(
        app_cred_login(
            v["id"].as_str().expect("id"),
            v["secret"].as_str().expect("secret")
        ),
        201
    );
}
