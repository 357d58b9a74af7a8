//! The stores over a credential's life: `export --secret-stdin --store` for
//! one made elsewhere, `rotate --store` replacing the old credential's
//! entry with its successor, and the secret in no file under HOME, /tmp or
//! /var/tmp after a create/store/exec/rotate round through all three
//! stores (the token-cache test's leak scan).

use std::path::Path;

use serde_json::json;

use crate::support::cli::*;
use crate::support::keyring::Keyring;
use crate::support::stores::{Bao, Pass, appcred_with, create_stored, token_from};
use crate::support::{self, unique};

/// `appcred` with all three stores' environments.
fn appcred_on(bao: &Bao, pass: &Pass, keyring: &Keyring) -> std::process::Command {
    appcred_with(|c| {
        bao.env(c, "root");
        pass.env(c);
        keyring.env(c);
    })
}

#[test]
fn export_stores_a_credential_made_elsewhere() {
    let Some(pass) = Pass::start("store_round::export") else {
        return;
    };
    let mut clean = Cleanup::new("alice");
    let name = clean.name(unique("export-store"));
    let secret = "made-elsewhere-secret-0123456789";
    let made = api_create("alice", "demo", json!({ "name": name, "secret": secret }));
    let path = format!("openstack/{name}");
    let args = [
        "export",
        name.as_str(),
        "--secret-stdin",
        "--store",
        &format!("pass:{path}"),
    ];
    let out = run_cmd(
        appcred_with(|c| pass.env(c)),
        Some("alice"),
        &args,
        Some(secret),
    );
    out.ok()
        .stderr_has(&[&format!("Stored the secret in pass:{path}.")]);
    assert!(!out.stdout.contains(secret), "no format: nothing on stdout");
    let shown = pass.show(&path);
    assert_eq!(shown.lines().next(), Some(secret));
    assert!(shown.contains(&format!(
        "application_credential_id: {}",
        made["id"].as_str().unwrap()
    )));
    // Stored again: its own entry may be replaced.
    run_cmd(
        appcred_with(|c| pass.env(c)),
        Some("alice"),
        &args,
        Some(secret),
    )
    .ok();
    // A wrong secret is refused before anything is written.
    let bad = run_cmd(
        appcred_with(|c| pass.env(c)),
        Some("alice"),
        &args,
        Some("wrong-secret"),
    );
    bad.expect_code(1).stderr_has(&["does not authenticate"]);
}

#[test]
fn a_round_through_every_store_leaves_the_secret_in_no_file() {
    let (Some(bao), Some(pass), Some(keyring)) = (
        Bao::start("store_round::leaks"),
        Pass::start("store_round::leaks"),
        Keyring::start("store_round::leaks"),
    ) else {
        return;
    };
    let mut clean = Cleanup::new("alice");
    let name = clean.name(unique("round"));
    let vault = format!("vault:secret/openstack/{name}");
    let pass_at = format!("pass:openstack/{name}");
    // No place: the item lands at alice/NAME, and rotation replaces that
    // item (the only one, so `--from secret-service` finds it).
    let ss = "secret-service".to_string();
    let stores = [vault.as_str(), pass_at.as_str(), ss.as_str()];
    let created = create_stored(appcred_on(&bao, &pass, &keyring), &name, &stores);
    let id = created.ok().json()["id"].as_str().expect("id").to_string();
    let path = format!("secret/openstack/{name}");
    let first = bao.kv_data(&path)["application_credential_secret"]
        .as_str()
        .expect("secret")
        .to_string();
    for from in stores {
        let token = token_from(appcred_on(&bao, &pass, &keyring), from);
        assert_eq!(
            token["user_id"],
            user_id("alice").as_str(),
            "{from}: {token}"
        );
    }

    // Rotation puts the successor where the old one was, in every store.
    let mut args = vec!["rotate", name.as_str(), "--yes", "-f", "json"];
    for s in stores {
        args.extend(["--store", s]);
    }
    let rotated = run_cmd(
        appcred_on(&bao, &pass, &keyring),
        Some("alice"),
        &args,
        None,
    );
    let report = rotated.ok().json();
    let new_name = clean.name(
        report["new"]["name"]
            .as_str()
            .expect("new name")
            .to_string(),
    );
    let new_id = report["new"]["id"].as_str().expect("new id");
    assert!(
        report["new"].get("secret").is_none(),
        "kept in the stores: {report}"
    );
    assert_eq!(
        report["stores"].as_array().map(Vec::len),
        Some(3),
        "{report}"
    );
    let data = bao.kv_data(&path);
    assert_eq!(data["application_credential_id"], new_id);
    assert_eq!(data["name"], new_name.as_str());
    let second = data["application_credential_secret"]
        .as_str()
        .expect("secret")
        .to_string();
    assert_eq!(app_cred_login(new_id, &second), 201);
    assert_eq!(
        pass.show(&format!("openstack/{name}")).lines().next(),
        Some(second.as_str())
    );
    let in_keyring = keyring.secret_tool(&["lookup", "application_credential_id", new_id]);
    assert_eq!(in_keyring, second);
    let token = token_from(appcred_on(&bao, &pass, &keyring), &ss);
    assert_eq!(token["user_id"], user_id("alice").as_str());
    assert_ne!(id, new_id);

    let needles = [
        ("the first secret", first.as_str()),
        ("the rotated secret", second.as_str()),
    ];
    let mut budget = 200_000;
    let mut hits = Vec::new();
    // Every HOME the commands ran in, and the stores' own folders, are under
    // cargo's tmp dir for this target.
    for root in [
        Path::new(env!("CARGO_TARGET_TMPDIR")),
        Path::new("/tmp"),
        Path::new("/var/tmp"),
    ] {
        hits.extend(support::files_containing(root, &needles, &mut budget));
    }
    assert!(hits.is_empty(), "found on disk: {hits:#?}");
}
