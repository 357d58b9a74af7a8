//! The faults of issue 25's rotation through recorded stores, against the
//! real Keystone and stores: a recorded store emptied by hand is reported
//! as gone (not an error) and dropped from the record; a store that cannot
//! take the successor (a token whose policy may read but not write, a
//! sealed Vault, a pass entry gpg cannot decrypt, a locked keyring) keeps
//! the old credential, named in `old_kept_because`, and exits 1;
//! and `delete` of a credential still in a store names the store and needs
//! `--yes`.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::custody_rotate::{appcred_at, held_in, locations, store_statuses};
use crate::support::cli::*;
use crate::support::keyring::Keyring;
use crate::support::stores::{Bao, Pass, must};
use crate::support::{self, unique};

/// `rotate NAME --delete-old -f json` through `cmd`: its output and report
/// (the successor registered for cleanup).
fn rotate(cmd: Command, name: &str, clean: &mut Cleanup) -> (Out, Value) {
    let out = run_cmd(
        cmd,
        Some("alice"),
        &["rotate", name, "--delete-old", "-f", "json"],
        None,
    );
    let report = out.json();
    if let Some(n) = report["new"]["name"].as_str() {
        clean.name(n.to_string());
    }
    (out, report)
}

/// A credential created (by appcred with HOME `home`) straight into
/// `pass:openstack/NAME`: its name and that address.
fn created_in_pass(
    pass: &Pass,
    home: &Path,
    clean: &mut Cleanup,
    prefix: &str,
) -> (String, String) {
    let name = clean.name(unique(prefix));
    let pass_at = format!("pass:openstack/{name}");
    let args = ["create", &name, "--role", "reader", "--store", &pass_at];
    let cmd = appcred_at(home, &|c: &mut Command| pass.env(c));
    run_cmd(cmd, Some("alice"), &args, None).ok();
    (name, pass_at)
}

#[test]
fn a_store_emptied_by_hand_is_gone_and_one_refusing_the_write_keeps_the_old_credential() {
    let (Some(bao), Some(pass)) = (
        Bao::start("custody_faults::gone_or_failed"),
        Pass::start("custody_faults::gone_or_failed"),
    ) else {
        return;
    };
    let home = support::temp_dir("custody-faults");
    let mut clean = Cleanup::new("alice");
    let name = clean.name(unique("custody-f"));
    let emptied = format!("secret/openstack/{name}");
    let kept = format!("secret/openstack/kept/{name}");
    let soft = format!("secret/openstack/soft/{name}");
    let vault_soft = format!("vault:{soft}");
    let pass_path = format!("openstack/{name}");
    let (vault_emptied, vault_kept, pass_at) = (
        format!("vault:{emptied}"),
        format!("vault:{kept}"),
        format!("pass:{pass_path}"),
    );
    let root = |c: &mut Command| {
        bao.env(c, "root");
        pass.env(c);
    };
    let args = [
        "create",
        name.as_str(),
        "--role",
        "reader",
        "--store",
        &vault_emptied,
        "--store",
        &vault_kept,
        "--store",
        &vault_soft,
        "--store",
        &pass_at,
        "-f",
        "json",
    ];
    let created = run_cmd(appcred_at(&home, &root), Some("alice"), &args, None);
    let old_id = created.ok().json()["id"].as_str().expect("id").to_string();

    // Three emptied by hand (one Vault secret with its history, one's
    // latest version only); one may be read but not written.
    bao.run(&["kv", "metadata", "delete", &emptied]);
    bao.run(&["kv", "delete", &soft]);
    must(pass.cmd("pass").args(["rm", "-f", &pass_path]));
    let policy = support::temp_dir("custody-policy").join("ro.hcl");
    std::fs::write(
        &policy,
        "path \"secret/data/openstack/*\" { capabilities = [\"read\"] }\n\
         path \"secret/metadata/openstack/*\" { capabilities = [\"read\"] }\n",
    )
    .expect("write policy");
    bao.run(&["policy", "write", "ro", &policy.to_string_lossy()]);
    let ro = bao.run(&["token", "create", "-policy=ro", "-field=token"]);
    let read_only = |c: &mut Command| {
        bao.env(c, ro.trim());
        pass.env(c);
    };

    let (out, report) = rotate(appcred_at(&home, &read_only), &name, &mut clean);
    // A failed place keeps the old credential and says so in the exit code.
    out.expect_code(1);
    out.stderr_has(&["Gone:", &vault_emptied, &vault_soft, &pass_at]);
    let mut wanted = vec![
        (pass_at.clone(), "gone".to_string()),
        (vault_emptied.clone(), "gone".to_string()),
        (vault_soft.clone(), "gone".to_string()),
        (vault_kept.clone(), "failed".to_string()),
    ];
    wanted.sort();
    assert_eq!(store_statuses(&report), wanted, "{report}");
    let failed = report["stores"]
        .as_array()
        .expect("stores")
        .iter()
        .find(|s| s["status"] == "failed")
        .expect("the failed store");
    assert!(
        failed["reason"]
            .as_str()
            .is_some_and(|r| r.contains("permission denied")),
        "{failed}"
    );
    assert_eq!(report["old_deleted"], false, "{report}");
    let why = report["old_kept_because"].as_str().expect("a reason");
    assert!(why.contains(&vault_kept), "{why}");
    assert!(
        !why.contains(&vault_emptied) && !why.contains(&vault_soft) && !why.contains(&pass_at),
        "{why}"
    );
    assert!(keystone_cred("alice", &name).is_some(), "the old one stays");
    // The refused store still holds the old credential, untouched.
    assert_eq!(
        bao.kv_data(&kept)["application_credential_id"],
        old_id.as_str()
    );

    // The gone stores left the record; the refused one stays the old one's.
    let new_name = report["new"]["name"].as_str().expect("new name");
    assert!(locations(&held_in(appcred_at(&home, &root), new_name), "store").is_empty());
    assert_eq!(
        locations(&held_in(appcred_at(&home, &root), &name), "store"),
        vec![vault_kept.clone()]
    );

    // Sealed: the same store fails again, saying so, the old one kept.
    bao.run(&["operator", "seal"]);
    let (out, report) = rotate(appcred_at(&home, &root), &name, &mut clean);
    out.expect_code(1);
    assert_eq!(
        store_statuses(&report),
        [(vault_kept.clone(), "failed".to_string())],
        "{report}"
    );
    assert!(
        report["stores"][0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("sealed")),
        "{report}"
    );
    let why = report["old_kept_because"].as_str().expect("a reason");
    assert!(why.contains(&vault_kept), "{why}");
    assert!(keystone_cred("alice", &name).is_some(), "the old one stays");
}

#[test]
fn delete_names_the_store_still_holding_the_credential_and_needs_yes() {
    let Some(pass) = Pass::start("custody_faults::delete") else {
        return;
    };
    let home = support::temp_dir("custody-delete");
    let mut clean = Cleanup::new("alice");
    let (name, pass_at) = created_in_pass(&pass, &home, &mut clean, "custody-d");
    let env = |c: &mut Command| pass.env(c);

    // No terminal and no --yes: refused, naming the store.
    let refused = run_cmd(
        appcred_at(&home, &env),
        Some("alice"),
        &["delete", &name],
        None,
    );
    refused
        .expect_code(1)
        .stderr_has(&["Still held", &pass_at, "--yes"]);
    assert!(keystone_cred("alice", &name).is_some(), "not deleted");
    let deleted = run_cmd(
        appcred_at(&home, &env),
        Some("alice"),
        &["delete", &name, "--yes"],
        None,
    );
    deleted.ok().stderr_has(&["Still held", &pass_at]);
    assert_absent("alice", &name);
}

/// A pass entry gpg can no longer decrypt (its secret key gone) still holds
/// the old credential as far as anyone knows: a failure naming the store,
/// not a place gone, so the old credential stays and so does the record.
#[test]
fn a_pass_entry_that_cannot_be_decrypted_fails_and_keeps_the_old_credential() {
    let Some(pass) = Pass::start("custody_faults::undecryptable") else {
        return;
    };
    let home = support::temp_dir("custody-nokey");
    let mut clean = Cleanup::new("alice");
    let (name, pass_at) = created_in_pass(&pass, &home, &mut clean, "custody-k");
    let env = |c: &mut Command| pass.env(c);
    let keys = must(
        pass.cmd("gpg")
            .args(["--batch", "--with-colons", "--list-secret-keys"]),
    );
    let fpr = keys
        .lines()
        .find_map(|l| l.strip_prefix("fpr:"))
        .and_then(|l| l.split(':').find(|f| !f.is_empty()))
        .expect("the key's fingerprint")
        .to_string();
    must(
        pass.cmd("gpg")
            .args(["--batch", "--yes", "--delete-secret-keys", &fpr]),
    );

    let (out, report) = rotate(appcred_at(&home, &env), &name, &mut clean);
    out.expect_code(1);
    assert_eq!(
        store_statuses(&report),
        vec![(pass_at.clone(), "failed".to_string())],
        "{report}"
    );
    let why = report["old_kept_because"].as_str().expect("a reason");
    assert!(why.contains(&pass_at), "{why}");
    assert!(keystone_cred("alice", &name).is_some(), "the old one stays");
    assert_eq!(
        locations(&held_in(appcred_at(&home, &env), &name), "store"),
        vec![pass_at.clone()]
    );
}

/// A Secret Service collection locked since the create (the screen locker,
/// a timeout): the store step fails saying so, no prompt is waited for,
/// and the old credential stays.
#[test]
fn a_locked_keyring_fails_and_keeps_the_old_credential() {
    let Some(keyring) = Keyring::start("custody_faults::locked") else {
        return;
    };
    let home = support::temp_dir("custody-locked");
    let mut clean = Cleanup::new("alice");
    let name = clean.name(unique("custody-l"));
    let env = |c: &mut Command| keyring.env(c);
    let args = [
        "create",
        &name,
        "--role",
        "reader",
        "--store",
        "secret-service",
    ];
    run_cmd(appcred_at(&home, &env), Some("alice"), &args, None).ok();
    let recorded = locations(&held_in(appcred_at(&home, &env), &name), "store");
    assert_eq!(recorded.len(), 1, "{recorded:?}");
    keyring.lock();

    let (out, report) = rotate(appcred_at(&home, &env), &name, &mut clean);
    out.expect_code(1);
    assert_eq!(
        store_statuses(&report),
        vec![(recorded[0].clone(), "failed".to_string())],
        "{report}"
    );
    assert!(
        report["stores"][0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("locked")),
        "{report}"
    );
    let why = report["old_kept_because"].as_str().expect("a reason");
    assert!(why.contains(&recorded[0]), "{why}");
    assert!(keystone_cred("alice", &name).is_some(), "the old one stays");
}
