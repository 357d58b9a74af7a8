//! `--store vault:MOUNT/PATH` and `--from vault:...` against a real OpenBao
//! dev server (support::stores::Bao, one per test): the secret read back
//! with `bao kv get`, served to the real OpenStack client by `exec --from`,
//! and each fault a server can be made to give refused before Keystone is
//! asked for anything.

use serde_json::Value;

use crate::support::cli::*;
use crate::support::stores::{
    Bao, appcred_with, create_stored, refused_before_keystone, token_from,
};
use crate::support::{self, unique};

#[test]
fn create_stores_in_vault_read_back_by_bao_and_served_to_openstack() {
    let Some(bao) = Bao::start("store_vault::create") else {
        return;
    };
    let mut clean = Cleanup::new("alice");
    let name = clean.name(unique("vault"));
    let path = format!("secret/openstack/{name}");
    let out = create_stored(
        appcred_with(|c| bao.env(c, "root")),
        &name,
        &[&format!("vault:{path}")],
    );
    out.ok()
        .stderr_has(&[&format!("Stored the secret in vault:{path}.")]);
    let created = out.json();
    assert!(
        created.get("secret").is_none(),
        "the secret went to the store only: {created}"
    );
    let id = created["id"].as_str().expect("id");

    let data = bao.kv_data(&path);
    assert_eq!(data["application_credential_id"], id);
    assert_eq!(data["name"], name.as_str());
    assert_eq!(data["cloud"], "alice");
    assert_eq!(data["identity_api_version"], "3");
    assert!(
        data["auth_url"]
            .as_str()
            .is_some_and(|u| u.starts_with("http"))
    );
    let secret = data["application_credential_secret"]
        .as_str()
        .expect("secret");
    assert_eq!(app_cred_login(id, secret), 201, "the stored secret logs in");

    let token = token_from(
        appcred_with(|c| bao.env(c, "root")),
        &format!("vault:{path}"),
    );
    assert_eq!(token["user_id"], user_id("alice").as_str(), "{token}");

    // `env --from` gives the same, for eval; nothing else is needed.
    let env = run_cmd(
        appcred_with(|c| bao.env(c, "root")),
        None,
        &["env", "--from", &format!("vault:{path}")],
        None,
    );
    env.ok().stdout_has(&[
        &format!("OS_APPLICATION_CREDENTIAL_ID='{id}'"),
        "OS_AUTH_TYPE=",
    ]);

    // Another credential is refused at that place, before it is created.
    let other = clean.name(unique("vault-other"));
    let out = create_stored(
        appcred_with(|c| bao.env(c, "root")),
        &other,
        &[&format!("vault:{path}")],
    );
    out.expect_code(1).stderr_has(&[
        "already holds another credential",
        "--force",
        "nothing was created",
    ]);
    assert_absent("alice", &other);
    // With --force it replaces it as the next version (the old stays in the history).
    let mut cmd = appcred_with(|c| bao.env(c, "root"));
    cmd.arg("--os-cloud").arg("alice").args([
        "create",
        &other,
        "--role",
        "reader",
        "--force",
        "--store",
        &format!("vault:{path}"),
        "-f",
        "json",
    ]);
    let out = run_cmd(cmd, None, &[], None);
    let replaced = out.ok().json();
    assert_eq!(
        bao.kv_data(&path)["application_credential_id"],
        replaced["id"]
    );
    let meta: Value =
        serde_json::from_str(&bao.run(&["kv", "metadata", "get", "-format=json", &path]))
            .expect("metadata");
    assert_eq!(meta["data"]["current_version"], 2, "{meta}");
}

#[test]
fn sealed_forbidden_kv1_folder_and_no_token_are_refused_before_keystone() {
    let Some(bao) = Bao::start("store_vault::faults") else {
        return;
    };
    let _clean = Cleanup::new("alice");
    // KV version 1.
    bao.run(&["secrets", "enable", "-version=1", "-path=kv1", "kv"]);
    refused_before_keystone(
        appcred_with(|c| bao.env(c, "root")),
        "vault:kv1/openstack/ci",
        &["KV version 1", "enable-versioning"],
    );
    // A folder.
    bao.run(&["kv", "put", "secret/openstack/team/ci", "a=b"]);
    refused_before_keystone(
        appcred_with(|c| bao.env(c, "root")),
        "vault:secret/openstack/team",
        &["is a folder"],
    );
    // No engine there.
    refused_before_keystone(
        appcred_with(|c| bao.env(c, "root")),
        "vault:nothing/here",
        &["no secrets engine is mounted"],
    );
    // A token whose policy grants nothing there (403), and one that may read but not write.
    let policies = support::temp_dir("bao-policy");
    let read_only = policies.join("ro.hcl");
    std::fs::write(
        &read_only,
        "path \"secret/data/openstack/*\" { capabilities = [\"read\"] }\n",
    )
    .unwrap();
    bao.run(&["policy", "write", "ro", read_only.to_str().unwrap()]);
    let ro = bao.run(&["token", "create", "-policy=ro", "-field=token"]);
    let none = bao.run(&["token", "create", "-policy=default", "-field=token"]);
    refused_before_keystone(
        appcred_with(|c| bao.env(c, none.trim())),
        "vault:secret/openstack/ci",
        &["permission denied", "policy"],
    );
    refused_before_keystone(
        appcred_with(|c| bao.env(c, ro.trim())),
        "vault:secret/openstack/ci",
        &["does not grant create"],
    );
    // No token at all (no VAULT_TOKEN, no ~/.vault-token).
    let mut cmd = support::appcred();
    cmd.env("VAULT_ADDR", &bao.addr);
    refused_before_keystone(
        cmd,
        "vault:secret/openstack/ci",
        &["no Vault token", "login"],
    );
    // Sealed.
    bao.run(&["operator", "seal"]);
    refused_before_keystone(
        appcred_with(|c| bao.env(c, "root")),
        "vault:secret/openstack/ci",
        &["sealed", "unseal"],
    );
}

#[test]
fn a_store_failing_after_the_create_keeps_the_credential_and_shows_the_secret() {
    let Some(bao) = Bao::start("store_vault::late_failure") else {
        return;
    };
    let mut clean = Cleanup::new("alice");
    // A policy the check cannot see through: create is granted, but the
    // `data` parameter every write sends is denied, so the write gets a 403.
    let policy = support::temp_dir("bao-policy").join("p.hcl");
    std::fs::write(
        &policy,
        "path \"secret/data/openstack/*\" {\n  capabilities = [\"create\", \"read\", \"update\"]\n  \
         denied_parameters = { \"data\" = [] }\n}\npath \"secret/metadata/openstack/*\" { capabilities = [\"list\", \"read\"] }\n",
    )
    .unwrap();
    bao.run(&["policy", "write", "late", policy.to_str().unwrap()]);
    let token = bao.run(&["token", "create", "-policy=late", "-field=token"]);
    let name = clean.name(unique("vault-late"));
    let out = create_stored(
        appcred_with(|c| bao.env(c, token.trim())),
        &name,
        &["vault:secret/openstack/late"],
    );
    out.expect_code(1).stderr_has(&[
        "could not keep the secret",
        "permission denied writing the secret",
        "the credential was kept and its secret is shown above",
        "appcred export",
    ]);
    let shown = out.json();
    let secret = shown["secret"].as_str().expect("the secret is on stdout");
    assert!(
        keystone_cred("alice", &name).is_some(),
        "the credential was kept"
    );
    assert_eq!(app_cred_login(shown["id"].as_str().unwrap(), secret), 201);
}

#[test]
fn tls_trusts_vault_cacert_and_nothing_else() {
    let Some(bao) = Bao::start_tls("store_vault::tls") else {
        return;
    };
    let mut clean = Cleanup::new("alice");
    // Without the server's CA: refused before anything is created.
    refused_before_keystone(
        appcred_with(|c| {
            bao.env(c, "root");
            c.env_remove("VAULT_CACERT");
        }),
        "vault:secret/openstack/tls",
        &["TLS", "VAULT_CACERT"],
    );
    // With it (as the bao CLI reads it): stored, and read back.
    let name = clean.name(unique("vault-tls"));
    let out = create_stored(
        appcred_with(|c| bao.env(c, "root")),
        &name,
        &["vault:secret/openstack/tls"],
    );
    let id = out.ok().json()["id"].as_str().expect("id").to_string();
    assert_eq!(
        bao.kv_data("secret/openstack/tls")["application_credential_id"],
        id.as_str()
    );
}
