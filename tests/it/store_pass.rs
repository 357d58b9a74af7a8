//! `--store pass:PATH` and `--from pass:...` against the real `pass` with a
//! throw-away gpg key (support::stores::Pass): the entry read back with
//! `pass show` (the secret on the first line, then `key: value` lines),
//! served to the real OpenStack client by `exec --from`, and the faults
//! pass can be made to give refused before Keystone is asked for anything.

use crate::support::cli::*;
use crate::support::stores::{
    Pass, appcred_with, create_stored, must, refused_before_keystone, token_from,
};
use crate::support::{self, unique};

#[test]
fn create_stores_in_pass_read_back_by_pass_show_and_served_to_openstack() {
    let Some(pass) = Pass::start("store_pass::create") else {
        return;
    };
    let mut clean = Cleanup::new("alice");
    let name = clean.name(unique("pass"));
    let path = format!("openstack/{name}");
    let out = create_stored(
        appcred_with(|c| pass.env(c)),
        &name,
        &[&format!("pass:{path}")],
    );
    out.ok()
        .stderr_has(&[&format!("Stored the secret in pass:{path}.")]);
    let created = out.json();
    assert!(created.get("secret").is_none(), "{created}");
    let id = created["id"].as_str().expect("id");

    let shown = pass.show(&path);
    let mut lines = shown.lines();
    let secret = lines.next().expect("the secret on the first line");
    assert_eq!(app_cred_login(id, secret), 201, "the first line logs in");
    let rest: Vec<&str> = lines.collect();
    assert!(
        rest.contains(&format!("application_credential_id: {id}").as_str()),
        "{rest:?}"
    );
    assert!(rest.contains(&format!("name: {name}").as_str()), "{rest:?}");
    assert!(
        rest.iter().any(|l| l.starts_with("auth_url: http")),
        "{rest:?}"
    );
    // Encrypted on disk, to the store's key.
    let file = pass.store.join(format!("{path}.gpg"));
    let bytes = std::fs::read(&file).expect("the entry's file");
    assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()));

    let token = token_from(appcred_with(|c| pass.env(c)), &format!("pass:{path}"));
    assert_eq!(token["user_id"], user_id("alice").as_str(), "{token}");

    // With an export file too: the same secret in both places.
    let both = clean.name(unique("pass-export"));
    let home = support::temp_dir("pass-export");
    let mut cmd = support::appcred_in(&home);
    pass.env(&mut cmd);
    let rc = home.join("ci-openrc.sh");
    let args = [
        "create",
        both.as_str(),
        "--role",
        "reader",
        "--export",
        "openrc",
        "--output",
        rc.to_str().unwrap(),
        "--store",
        &format!("pass:openstack/{both}"),
    ];
    run_cmd(cmd, Some("alice"), &args, None).ok();
    let stored = pass.show(&format!("openstack/{both}"));
    let stored_secret = stored.lines().next().expect("first line");
    assert!(
        read(&rc).contains(stored_secret),
        "the openrc holds the stored secret"
    );

    // Another credential is refused at that place, before it is created.
    let other = clean.name(unique("pass-other"));
    let out = create_stored(
        appcred_with(|c| pass.env(c)),
        &other,
        &[&format!("pass:{path}")],
    );
    out.expect_code(1)
        .stderr_has(&["already holds another credential", "nothing was created"]);
    assert_absent("alice", &other);
}

#[test]
fn no_pass_no_key_and_a_folder_are_refused_before_keystone() {
    let Some(pass) = Pass::start("store_pass::faults") else {
        return;
    };
    let _clean = Cleanup::new("alice");
    // A folder of the store.
    must(
        pass.cmd("pass")
            .args(["insert", "-m", "openstack/team/ci"])
            .stdin(std::process::Stdio::null()),
    );
    refused_before_keystone(
        appcred_with(|c| pass.env(c)),
        "pass:openstack/team",
        &["is a folder"],
    );
    // pass not on PATH.
    let mut cmd = appcred_with(|c| pass.env(c));
    cmd.env("PATH", "/nonexistent");
    refused_before_keystone(cmd, "pass:openstack/ci", &["`pass` is not installed"]);
    // A store initialised for a key gpg does not have.
    std::fs::write(pass.store.join(".gpg-id"), "nobody@example.invalid\n").unwrap();
    refused_before_keystone(
        appcred_with(|c| pass.env(c)),
        "pass:openstack/ci",
        &["gpg cannot encrypt", "nobody@example.invalid"],
    );
    // No store at all.
    let mut cmd = appcred_with(|c| pass.env(c));
    cmd.env("PASSWORD_STORE_DIR", support::temp_dir("no-store"));
    refused_before_keystone(cmd, "pass:openstack/ci", &["not initialised", "pass init"]);
}

#[test]
fn a_store_named_in_config_toml_is_written_and_read_by_its_name() {
    let Some(pass) = Pass::start("store_pass::named") else {
        return;
    };
    let mut clean = Cleanup::new("alice");
    let name = clean.name(unique("pass-named"));
    let path = format!("openstack/{name}");
    let home = support::temp_dir("pass-named");
    let config = home.join(".config/appcred");
    std::fs::create_dir_all(&config).expect("mkdir config");
    std::fs::write(
        config.join("config.toml"),
        format!("[stores]\nci = \"pass:{path}\"\n"),
    )
    .expect("write config.toml");
    let with_config = || {
        let mut cmd = support::appcred_in(&home);
        pass.env(&mut cmd);
        cmd
    };
    let out = create_stored(with_config(), &name, &["ci"]);
    out.ok()
        .stderr_has(&[&format!("Stored the secret in pass:{path}.")]);
    let created = out.json();
    let id = created["id"].as_str().expect("id");
    let shown = pass.show(&path);
    let secret = shown.lines().next().expect("the secret on the first line");
    assert_eq!(app_cred_login(id, secret), 201, "the named store logs in");
    let token = token_from(with_config(), "ci");
    assert_eq!(token["user_id"], user_id("alice").as_str(), "{token}");

    // A word that is neither a name nor an address: the names and the
    // address forms, and nothing created.
    let other = unique("pass-unnamed");
    create_stored(with_config(), &other, &["staging"])
        .expect_code(1)
        .stderr_has(&[
            "\"staging\"",
            "named in config.toml are ci",
            "vault:MOUNT/PATH",
        ]);
    assert_absent("alice", &other);
}
