//! Issue 17, defect 5 and the file holes, with the real binary against the
//! real test Keystone: a cloud defined through a `<<:` merge key or only in
//! secure.yaml is an existing cloud (refused before anything is created);
//! `verify` reads a cloud as the OpenStack client would (clouds.yaml with
//! secure.yaml over it) and the real client agrees; a clouds.yaml folder
//! without execute permission is "permission denied", not "not found".

use crate::support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::cli::*;

const MERGE_KEY: &str = "more: &more\n  hidden:\n    auth:\n      auth_url: https://hidden.example/v3\nclouds:\n  visible:\n    auth:\n      auth_url: https://visible.example/v3\n  <<: *more\n";

fn create_merging(name: &str, cloud_name: &str, file: &Path, secure: Option<&Path>) -> Out {
    let mut cmd = support::appcred();
    if let Some(s) = secure {
        cmd.env("OS_CLIENT_SECURE_FILE", s);
    }
    let file = file.display().to_string();
    run_cmd(
        cmd,
        Some("alice"),
        &[
            "create",
            name,
            "--export",
            "clouds",
            "--merge",
            "--output",
            &file,
            "--cloud-name",
            cloud_name,
        ],
        None,
    )
}

#[test]
fn a_cloud_from_a_merge_key_is_not_added_twice() {
    let mut clean = Cleanup::new("alice");
    let name = clean.name(support::unique("mergekey"));
    let dir = support::temp_dir("mergekey");
    let file = dir.join("clouds.yaml");
    std::fs::write(&file, MERGE_KEY).expect("write");
    let out = create_merging(&name, "hidden", &file, None);
    out.expect_code(1).stderr_has(&[
        "already has a cloud named \"hidden\"",
        "no credential was created",
    ]);
    assert_eq!(read(&file), MERGE_KEY, "the file is unchanged");
    assert_absent("alice", &name);
}

/// The seed's secure.yaml (alice's password is there) plus a cloud that
/// exists only in secure.yaml.
fn secure_with_extra_cloud(dir: &Path, cloud: &str) -> PathBuf {
    let text = read(&support::seed().secure_yaml);
    let mut doc: serde_yaml::Value = serde_yaml::from_str(&text).expect("seed secure.yaml");
    let extra: serde_yaml::Value =
        serde_yaml::from_str("auth:\n  password: an-old-password\n").expect("yaml");
    doc["clouds"][cloud] = extra;
    let path = dir.join("secure.yaml");
    std::fs::write(&path, serde_yaml::to_string(&doc).expect("yaml")).expect("write");
    path
}

#[test]
fn a_cloud_only_in_secure_yaml_is_not_added_over() {
    let mut clean = Cleanup::new("alice");
    let name = clean.name(support::unique("secureonly"));
    let dir = support::temp_dir("secureonly");
    let secure = secure_with_extra_cloud(&dir, "only-secure");
    let file = dir.join("clouds.yaml");
    let old = "clouds:\n  other:\n    auth:\n      auth_url: https://o.example/v3\n";
    std::fs::write(&file, old).expect("write");
    let out = create_merging(&name, "only-secure", &file, Some(&secure));
    out.expect_code(1).stderr_has(&[
        "already defines a cloud named \"only-secure\"",
        "secure.yaml",
        "no credential was created",
    ]);
    assert_eq!(read(&file), old);
    assert_absent("alice", &name);
    // Another name merges fine with the same secure.yaml.
    let ok_name = clean.name(support::unique("secureonly-ok"));
    create_merging(&ok_name, "fresh", &file, Some(&secure)).ok();
}

#[test]
fn verify_reads_the_cloud_as_the_openstack_client_does() {
    let seed = support::seed();
    let cred = seed
        .application_credentials
        .values()
        .find(|c| c.usable)
        .expect("a usable seeded credential");
    let dir = support::temp_dir("verify-view");
    let clouds = dir.join("clouds.yaml");
    std::fs::write(
        &clouds,
        format!(
            "clouds:\n  ci:\n    auth_type: v3applicationcredential\n    auth:\n      auth_url: {}\n      application_credential_id: {}\n      application_credential_secret: {}\n",
            seed.auth_url, cred.id, cred.secret
        ),
    )
    .expect("write");
    let secure = dir.join("secure.yaml");
    let verify = |secure_text: &str| {
        std::fs::write(&secure, secure_text).expect("write");
        let mut cmd = support::appcred();
        cmd.env("OS_CLIENT_CONFIG_FILE", &clouds)
            .env("OS_CLIENT_SECURE_FILE", &secure);
        run_cmd(cmd, Some("ci"), &["verify"], None)
    };
    let openstack_works = || {
        Command::new(seed.keystone.openstack())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &dir)
            .env("OS_CLIENT_CONFIG_FILE", &clouds)
            .env("OS_CLIENT_SECURE_FILE", &secure)
            .args([
                "--os-cloud",
                "ci",
                "token",
                "issue",
                "-f",
                "value",
                "-c",
                "id",
            ])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    };
    // An old password for a cloud of that name in secure.yaml.
    let out = verify("clouds:\n  ci:\n    auth:\n      password: old\n");
    out.expect_code(1)
        .stderr_has(&["would not work for the OpenStack client", "password"]);
    assert!(
        !openstack_works(),
        "the OpenStack client agrees it is broken"
    );
    // A username without its domain, the other way to break it.
    verify("clouds:\n  ci:\n    auth:\n      username: alice\n")
        .expect_code(1)
        .stderr_has(&["username without user_domain_name"]);
    // secure.yaml with only comments: accepted, and the cloud works.
    verify("# secrets go here\n").ok();
    assert!(openstack_works(), "the OpenStack client agrees it works");
}

#[test]
fn a_clouds_folder_without_execute_permission_is_permission_denied() {
    let home = support::temp_dir("noexec");
    let Some(mut nobody) = support::appcred_as_nobody(&home) else {
        support::skip("needs setpriv to run as another user (root ignores permissions)");
        return;
    };
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let folder = home.join(".config/openstack");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(
        folder.join("clouds.yaml"),
        "clouds:\n  a:\n    auth:\n      auth_url: http://127.0.0.1:9/v3\n",
    )
    .expect("write");
    std::fs::set_permissions(home.join(".config"), std::fs::Permissions::from_mode(0o755))
        .expect("chmod");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let out = nobody
        .args(["--os-cloud", "a", "list"])
        .current_dir("/")
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let _ = std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755));
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("ermission denied") && stderr.contains(".config/openstack/clouds.yaml"),
        "{stderr}"
    );
    assert!(!stderr.contains("No clouds.yaml was found"), "{stderr}");
}

#[test]
fn repeated_access_rules_are_refused_with_the_reason() {
    let mut clean = Cleanup::new("alice");
    let name = clean.name(support::unique("duprules"));
    let out = run(
        "alice",
        &[
            "create",
            &name,
            "--access-rule",
            "compute:GET:/v2.1/servers",
            "--access-rule",
            "compute:GET:/v2.1/servers",
        ],
    );
    out.expect_code(1).stderr_has(&[
        "access rules 1 and 2 are the same",
        "give each access rule once",
    ]);
    assert!(!out.stderr.contains("already exists"), "{}", out.stderr);
    assert_absent("alice", &name);
}

/// `create` with `args` must be refused (saying `says`) before any request:
/// the auth URL is a dead port.
fn refused_offline(args: &[&str], says: &str) {
    let mut all = vec!["--os-auth-url", "http://127.0.0.1:9/v3", "create", "x"];
    all.extend_from_slice(args);
    let out = run("alice", &all);
    assert!(matches!(out.code, 1 | 2), "{args:?}: {}", out.stderr);
    assert!(
        out.stderr.contains(says) && !out.stderr.contains("connect"),
        "{args:?}: {}",
        out.stderr
    );
}

#[test]
fn an_empty_or_invisible_cloud_name_is_refused_before_login() {
    for bad in ["", "ci\u{202E}lmay", "c\u{200B}i"] {
        refused_offline(&["--export", "clouds", "--cloud-name", bad], "cloud name");
    }
}

#[test]
fn expiry_leap_second_and_huge_span_are_refused_before_login() {
    refused_offline(&["--expires", "2031-06-30T23:59:60Z"], "leap second");
    refused_offline(&["--expires", "3000y"], "keep it under 1000 years");
}
