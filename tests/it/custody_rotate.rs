//! Issue 25's "Rotation reaches every copy" for the stores, against the
//! real Keystone and the real stores (support::stores, support::keyring):
//! a `--store` write is recorded (`crate::held`, kind `store`), so
//! `rotate NAME` with no `--store` and no `--update` puts the successor in
//! every recorded store (a new Vault version, a pass edit committed in its
//! git, the Secret Service item replaced) and every recorded file, each
//! read back with the store's own tool and logging in; the old credential
//! goes only when all of them took the new one; and the secret is in no
//! file but those the user asked for. The faults (a store emptied by hand,
//! one that refuses the write, one sealed) and `delete` of a credential
//! still in a store are in `custody_faults`.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::cli_rotate_update::openstack_logs_in;
use crate::support::cli::*;
use crate::support::keyring::Keyring;
use crate::support::stores::{Bao, Pass, must, token_from};
use crate::support::{self, unique};

/// `appcred` with HOME `home` (so the record of places,
/// `home/.local/state/appcred/held.json`, is kept between the commands)
/// and the stores' environments `env` adds.
pub(crate) fn appcred_at(home: &Path, env: &dyn Fn(&mut Command)) -> Command {
    let mut cmd = support::appcred_in(home);
    env(&mut cmd);
    cmd
}

/// `show NAME -f json`'s `held_in`.
pub(crate) fn held_in(cmd: Command, name: &str) -> Vec<Value> {
    let shown = run_cmd(cmd, Some("alice"), &["show", name, "-f", "json"], None);
    shown.ok();
    shown.json()["held_in"]
        .as_array()
        .expect("held_in is a list")
        .clone()
}

/// The locations of the places of `kind`, sorted.
pub(crate) fn locations(places: &[Value], kind: &str) -> Vec<String> {
    let mut at: Vec<String> = places
        .iter()
        .filter(|p| p["kind"] == kind)
        .map(|p| p["location"].as_str().expect("location").to_string())
        .collect();
    at.sort();
    at
}

/// The rotation report's `stores`, as (store, status) sorted.
pub(crate) fn store_statuses(report: &Value) -> Vec<(String, String)> {
    let mut s: Vec<(String, String)> = report["stores"]
        .as_array()
        .unwrap_or_else(|| panic!("no stores in {report}"))
        .iter()
        .map(|s| {
            assert_eq!(s["recorded"], true, "{s}");
            (
                s["store"].as_str().expect("store").to_string(),
                s["status"].as_str().expect("status").to_string(),
            )
        })
        .collect();
    s.sort();
    s
}

/// `bao kv metadata get`'s current version of `path`.
fn vault_version(bao: &Bao, path: &str) -> u64 {
    let out: Value =
        serde_json::from_str(&bao.run(&["kv", "metadata", "get", "-format=json", path]))
            .expect("bao kv metadata JSON");
    out["data"]["current_version"]
        .as_u64()
        .expect("current_version")
}

/// The commits of a git-backed password store.
fn pass_commits(pass: &Pass) -> u64 {
    let n = must(
        pass.cmd("pass")
            .args(["git", "rev-list", "--count", "HEAD"]),
    );
    n.trim().parse().expect("a count")
}

#[test]
fn rotate_with_no_store_named_updates_every_recorded_store_and_file() {
    let (Some(bao), Some(pass), Some(keyring)) = (
        Bao::start("custody_rotate::every"),
        Pass::start("custody_rotate::every"),
        Keyring::start("custody_rotate::every"),
    ) else {
        return;
    };
    // A git-backed password store: each change is a commit.
    must(pass.cmd("pass").args(["git", "init"]));
    for (k, v) in [("user.email", "test@example.invalid"), ("user.name", "t")] {
        must(pass.cmd("pass").args(["git", "config", k, v]));
    }
    let env = |c: &mut Command| {
        bao.env(c, "root");
        pass.env(c);
        keyring.env(c);
    };
    let home = support::temp_dir("custody-home");
    let mut clean = Cleanup::new("alice");
    let name = clean.name(unique("custody"));
    let kv = format!("secret/openstack/{name}");
    let vault = format!("vault:{kv}");
    let pass_path = format!("openstack/{name}");
    let pass_at = format!("pass:{pass_path}");
    let rc = home.join("ci-openrc.sh");
    let clouds = home.join("clouds.yaml");

    // Created into the three stores and an openrc.
    let rc_text = rc.to_string_lossy().to_string();
    let args = [
        "create",
        name.as_str(),
        "--role",
        "reader",
        "--export",
        "openrc",
        "--output",
        &rc_text,
        "--store",
        &vault,
        "--store",
        &pass_at,
        "--store",
        "secret-service",
        "-f",
        "json",
    ];
    let created = run_cmd(appcred_at(&home, &env), Some("alice"), &args, None);
    let old_id = created.ok().json()["id"].as_str().expect("id").to_string();
    let old_secret = bao.kv_data(&kv)["application_credential_secret"]
        .as_str()
        .expect("secret")
        .to_string();
    assert!(read(&rc).contains(&old_secret), "the openrc holds it");
    // A second file: a clouds.yaml exported later from the secret.
    let clouds_text = clouds.to_string_lossy().to_string();
    let export = [
        "export",
        name.as_str(),
        "--format",
        "clouds",
        "--cloud-name",
        "ci",
        "--secret-stdin",
        "--output",
        &clouds_text,
    ];
    run_cmd(
        appcred_at(&home, &env),
        Some("alice"),
        &export,
        Some(&old_secret),
    )
    .ok();
    let places = held_in(appcred_at(&home, &env), &name);
    let stores = locations(&places, "store");
    assert_eq!(stores.len(), 3, "{places:?}");
    assert!(
        stores.contains(&vault) && stores.contains(&pass_at),
        "{stores:?}"
    );
    assert_eq!(locations(&places, "openrc"), vec![rc_text.clone()]);
    assert_eq!(locations(&places, "clouds"), vec![clouds_text.clone()]);
    let commits = pass_commits(&pass);
    assert_eq!(vault_version(&bao, &kv), 1);

    // No --store, no --update: the record says where it goes.
    let rotated = run_cmd(
        appcred_at(&home, &env),
        Some("alice"),
        &["rotate", &name, "--delete-old", "-f", "json"],
        None,
    );
    let report = rotated.json();
    if let Some(n) = report["new"]["name"].as_str() {
        clean.name(n.to_string());
    }
    rotated.ok();
    let new_id = report["new"]["id"].as_str().expect("new id").to_string();
    let new_name = report["new"]["name"].as_str().expect("new name");
    let wanted: Vec<(String, String)> = stores
        .iter()
        .map(|s| (s.clone(), "updated".to_string()))
        .collect();
    assert_eq!(store_statuses(&report), wanted, "{report}");
    for f in [&rc_text, &clouds_text] {
        let file = report["files"]
            .as_array()
            .expect("files")
            .iter()
            .find(|x| x["path"] == f.as_str())
            .unwrap_or_else(|| panic!("{f} in {report}"));
        assert_eq!(
            (&file["status"], &file["login"], &file["recorded"]),
            (&"updated".into(), &true.into(), &true.into()),
            "{file}"
        );
    }
    // Everything took the new one: the old one is gone.
    assert_eq!(report["old_deleted"], true, "{report}");
    assert_eq!(report["old_kept_because"], Value::Null);
    assert_absent("alice", &name);

    // Each store, read back with its own tool, holds the successor.
    assert_eq!(vault_version(&bao, &kv), 2, "a new version");
    let data = bao.kv_data(&kv);
    assert_eq!(data["application_credential_id"], new_id.as_str());
    assert_eq!(data["name"], new_name);
    let new_secret = data["application_credential_secret"]
        .as_str()
        .expect("secret")
        .to_string();
    assert_ne!(new_secret, old_secret);
    assert_eq!(app_cred_login(&new_id, &new_secret), 201);
    let v1: Value =
        serde_json::from_str(&bao.run(&["kv", "get", "-version=1", "-format=json", &kv]))
            .expect("JSON");
    assert_eq!(
        v1["data"]["data"]["application_credential_id"],
        old_id.as_str(),
        "the old version stays in Vault's history"
    );
    let shown = pass.show(&pass_path);
    assert_eq!(shown.lines().next(), Some(new_secret.as_str()));
    assert!(shown.contains(&format!("application_credential_id: {new_id}")));
    assert_eq!(pass_commits(&pass), commits + 1, "one commit for the edit");
    let in_keyring = keyring.secret_tool(&["lookup", "application_credential_id", &new_id]);
    assert_eq!(in_keyring, new_secret);
    for from in &stores {
        let token = token_from(appcred_at(&home, &env), from);
        assert_eq!(token["user_id"], user_id("alice").as_str(), "{from}");
    }
    // Both files: the real client logs in with them.
    openstack_logs_in(&rc, &clouds);

    // The record followed the successor.
    let places = held_in(appcred_at(&home, &env), new_name);
    assert_eq!(locations(&places, "store"), stores, "{places:?}");
    assert_eq!(locations(&places, "openrc"), vec![rc_text.clone()]);
    assert_eq!(locations(&places, "clouds"), vec![clouds_text.clone()]);

    // The leak scan: neither secret in any file but the two the user asked
    // for: the new one in each, the old one in each one's backup (the
    // rewriters keep `FILE.bak-<UTC time>`, 0600, as the README says). The
    // pass entries are gpg-encrypted, the keyring's file encrypted, Vault
    // dev in memory.
    let hits = files_holding(
        &home,
        &[
            ("the old secret", &old_secret),
            ("the new secret", &new_secret),
        ],
    );
    let asked = |hit: &str| {
        [&rc, &clouds].iter().any(|f| {
            let f = f.display().to_string();
            hit == format!("the new secret in {f}")
                || hit.starts_with(&format!("the old secret in {f}.bak-"))
        })
    };
    let unasked: Vec<&String> = hits.iter().filter(|h| !asked(h)).collect();
    assert!(unasked.is_empty(), "found on disk: {unasked:#?}");
    assert_eq!(hits.len(), 4, "{hits:#?}");
    for hit in &hits {
        let path = hit.split_once(" in ").map(|(_, p)| p).unwrap_or_default();
        assert_eq!(mode(Path::new(path)), 0o600, "{path}");
    }
}

/// Every file under `home`, the tests' temporary folders, /tmp and
/// /var/tmp holding one of `needles` (the token-cache test's leak scan).
pub(crate) fn files_holding(home: &Path, needles: &[(&str, &str)]) -> Vec<String> {
    let mut budget = 200_000;
    let mut hits = Vec::new();
    for root in [
        home,
        Path::new(env!("CARGO_TARGET_TMPDIR")),
        Path::new("/tmp"),
        Path::new("/var/tmp"),
    ] {
        hits.extend(support::files_containing(root, needles, &mut budget));
    }
    hits.sort();
    hits.dedup();
    hits
}
