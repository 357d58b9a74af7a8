//! `appcred rotate` against the real Keystone: what is carried over, the
//! clouds.yaml entry updated in place (every other byte kept) and proven to
//! authenticate, the old credential deleted only when asked and only after
//! the new one is verified, and a dropped role only with agreement.
//!
//! Each test rotates credentials of a throwaway user (support/workflow.rs), so
//! the seed's shared credentials are never touched.

use crate::support;

use std::fs;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use serde_json::{Value, json};

use crate::support::workflow::{
    TempUser, keystone_in, mode, openstack, revoke, role_names, rule_triples, run, run_with_stdin,
    write_private,
};
use crate::support::{Api, block_on, seed};

fn expires(cred: &Value) -> Option<DateTime<Utc>> {
    cred["expires_at"].as_str().map(|s| {
        NaiveDateTime::parse_from_str(s.trim_end_matches('Z'), "%Y-%m-%dT%H:%M:%S%.f")
            .unwrap_or_else(|e| panic!("expires_at {s:?}: {e}"))
            .and_utc()
    })
}

fn close_to(at: Option<DateTime<Utc>>, want: DateTime<Utc>) -> bool {
    at.is_some_and(|t| (t - want).num_seconds().abs() < 120)
}

async fn get_cred(user: &TempUser, id: &str) -> (u16, Value) {
    let admin = Api::admin().await;
    let r = admin
        .call(
            reqwest::Method::GET,
            &format!("/users/{}/application_credentials/{id}", user.id),
            None,
        )
        .await;
    (r.status, r.body["application_credential"].clone())
}

/// A hand-written clouds.yaml + secure.yaml: the owner by password, the
/// credential under rotation (`ci`, id in clouds.yaml, secret in
/// secure.yaml), and another credential entry that must not change.
fn write_clouds(user: &TempUser, old_id: &str, old_secret: &str) -> (String, String) {
    let s = seed();
    let clouds = format!(
        r#"# appcred workflow test: written by hand, comments must survive
clouds:
  me:   # the owner, by password
    auth_type: password
    auth:
      auth_url: {url}
      username: "{name}"
      password: "{password}"
      user_domain_id: default
      project_id: {project}
    region_name: {region}   # only one region
    interface: public
    identity_api_version: 3

  ci:
    auth_type: v3applicationcredential
    auth:
      auth_url: {url}
      application_credential_id: "{old_id}"   # rotated by appcred
    region_name: {region}
    interface: public
    identity_api_version: 3
  other: {{auth_type: v3applicationcredential, auth: {{auth_url: '{url}', application_credential_id: "0123456789abcdef0123456789abcdef"}}}}
"#,
        url = s.auth_url,
        name = user.name,
        password = user.password,
        project = user.project_id,
        region = s.region,
    );
    let secure = format!(
        "# secrets only\nclouds:\n  ci:\n    auth:\n      application_credential_secret: \"{old_secret}\"\n  other: {{auth: {{application_credential_secret: 'not-this-one'}}}}\n"
    );
    write_private(&user.clouds_yaml, &clouds);
    write_private(&user.secure_yaml, &secure);
    (clouds, secure)
}

#[test]
fn rotate_carries_everything_updates_clouds_in_place_and_deletes_old_after_verifying() {
    let user = block_on(TempUser::new("wf-rot", &[("demo", &["member"])]));
    let old = block_on(async {
        let api = user.api().await;
        user.create_cred(
            &api,
            json!({"name": "deploy", "description": "rotated by the workflow test",
                "roles": [{"name": "member"}], "expires_at": keystone_in(10 * 86400),
                "access_rules": [
                    {"service": "identity", "method": "GET", "path": "/v3/users/*"},
                    {"service": "compute", "method": "POST", "path": "/v2.1/servers"}]}),
        )
        .await
    });
    let old_id = old["id"].as_str().unwrap_or_default().to_string();
    let old_secret = old["secret"].as_str().unwrap_or_default().to_string();
    let (clouds_before, secure_before) = write_clouds(&user, &old_id, &old_secret);

    let r = run(user.me(&[
        "rotate",
        "deploy",
        "--update-clouds",
        "--delete-old",
        "-f",
        "json",
    ]));
    assert_eq!(r.code, 0, "{r}");
    let out = r.json();
    let new_id = out["new"]["id"].as_str().unwrap_or_default().to_string();
    let new_secret = out["new"]["secret"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(!new_id.is_empty() && new_id != old_id, "{r}");
    assert!(new_secret.len() > 20, "the secret is revealed once: {r}");
    assert_eq!(out["verified"], true, "{r}");
    assert_eq!(out["old_deleted"], true, "{r}");
    assert_eq!(out["clouds"]["updated"], json!(["ci"]), "{r}");
    assert_eq!(out["clouds"]["verified"], true, "{r}");
    // The name gets today's date; 10 days left rounds up to 14 and says so.
    let today = Utc::now().format("%Y%m%d").to_string();
    assert_eq!(out["new"]["name"], format!("deploy-{today}"), "{r}");
    assert_eq!(out["expiry_rule"], "guessed", "{r}");
    assert!(r.stderr.contains("does not record when"), "{r}");

    // Keystone: roles, access rules, description and flag carried; old gone.
    let (status, new) = block_on(get_cred(&user, &new_id));
    assert_eq!(status, 200);
    assert_eq!(role_names(&new), role_names(&old));
    assert_eq!(role_names(&new), seed().stored_roles(&["member"]));
    assert_eq!(rule_triples(&new), rule_triples(&old));
    assert_eq!(rule_triples(&new).len(), 2);
    assert_eq!(new["description"], old["description"]);
    assert_ne!(new["unrestricted"], true);
    assert!(
        close_to(expires(&new), Utc::now() + Duration::days(14)),
        "{new}"
    );
    assert_eq!(block_on(get_cred(&user, &old_id)).0, 404, "old deleted");

    // The files: only the two values changed, still 0600, backups kept.
    let clouds_after = fs::read_to_string(&user.clouds_yaml).unwrap_or_default();
    let secure_after = fs::read_to_string(&user.secure_yaml).unwrap_or_default();
    assert_eq!(
        clouds_after,
        clouds_before.replace(&format!("\"{old_id}\""), &format!("\"{new_id}\""))
    );
    assert_eq!(
        secure_after,
        secure_before.replace(&format!("\"{old_secret}\""), &format!("\"{new_secret}\""))
    );
    assert_ne!(clouds_after, clouds_before);
    assert_eq!(
        (mode(&user.clouds_yaml), mode(&user.secure_yaml)),
        (0o600, 0o600)
    );
    let backups: Vec<String> = out["clouds"]["files"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            let b = f["backup"].as_str().unwrap_or_default();
            fs::read_to_string(b).unwrap_or_else(|e| panic!("backup {b}: {e}"))
        })
        .collect();
    assert_eq!(backups.len(), 2, "{r}");
    assert!(backups.contains(&clouds_before) && backups.contains(&secure_before));

    // The updated entry authenticates, for appcred and for the real client.
    let v = run(user
        .appcred()
        .args(["--os-cloud", "ci", "verify", "-f", "json"]));
    assert_eq!(v.code, 0, "{v}");
    assert_eq!(v.json()["id"], new_id.as_str());
    let os = run(std::process::Command::new(openstack())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &user.dir)
        .env("OS_CLIENT_CONFIG_FILE", &user.clouds_yaml)
        .env("OS_CLIENT_SECURE_FILE", &user.secure_yaml)
        .current_dir(&user.dir)
        .args(["--os-cloud", "ci", "token", "issue", "-f", "json"]));
    assert_eq!(os.code, 0, "openstack token issue: {os}");
    assert_eq!(os.json()["project_id"], user.project_id.as_str(), "{os}");
}

#[test]
fn rotate_without_delete_old_keeps_it_and_leaves_clouds_alone_unless_asked() {
    let user = block_on(TempUser::new("wf-rot-keep", &[("demo", &["member"])]));
    let old = block_on(async {
        let api = user.api().await;
        user.create_cred(
            &api,
            json!({"name": "keep-me", "unrestricted": true, "roles": [{"name": "reader"}]}),
        )
        .await
    });
    let old_id = old["id"].as_str().unwrap_or_default().to_string();
    let (clouds_before, secure_before) =
        write_clouds(&user, &old_id, old["secret"].as_str().unwrap_or_default());
    let new_name = support::unique("renamed");

    let r = run(user.me(&[
        "rotate",
        &old_id,
        "--name",
        &new_name,
        "--expires",
        "45d",
        "-f",
        "json",
    ]));
    assert_eq!(r.code, 0, "{r}");
    let out = r.json();
    assert_eq!(out["new"]["name"], new_name.as_str());
    assert_eq!(out["expiry_rule"], "given");
    assert_eq!(out["verified"], true);
    assert_eq!(out["old_deleted"], false);
    assert!(
        r.stderr.contains("is kept"),
        "the output says the old one stays: {r}"
    );
    assert_eq!(out["clouds"]["using_old"], json!(["ci"]));
    assert_eq!(out["clouds"]["updated"], json!([]));
    assert!(r.stderr.contains("--update-clouds"), "{r}");
    // No terminal and no --update-clouds: the files are untouched.
    assert_eq!(
        fs::read_to_string(&user.clouds_yaml).unwrap_or_default(),
        clouds_before
    );
    assert_eq!(
        fs::read_to_string(&user.secure_yaml).unwrap_or_default(),
        secure_before
    );

    let new_id = out["new"]["id"].as_str().unwrap_or_default().to_string();
    let (status, new) = block_on(get_cred(&user, &new_id));
    assert_eq!(status, 200);
    assert_eq!(
        new["unrestricted"], true,
        "the unrestricted flag is carried"
    );
    assert_eq!(role_names(&new), ["reader"]);
    assert!(
        close_to(expires(&new), Utc::now() + Duration::days(45)),
        "{new}"
    );
    assert_eq!(block_on(get_cred(&user, &old_id)).0, 200, "old kept");

    // The new secret, from the output, authenticates on its own.
    let secret = out["new"]["secret"].as_str().unwrap_or_default();
    let v = run_with_stdin(
        user.me(&["verify", "--id", &new_id, "--secret-stdin"]),
        secret,
    );
    assert_eq!(v.code, 0, "{v}");

    // Rotating a dated one: the date suffix is replaced, not stacked, and
    // its lifetime (45 days, known from the suffix, cut to whole days) kept.
    let dated = format!("again-{}", Utc::now().format("%Y%m%d"));
    let r2 = run(user.me(&[
        "rotate",
        &new_id,
        "--name",
        &dated,
        "--expires",
        "45d",
        "-f",
        "json",
    ]));
    assert_eq!(r2.code, 0, "{r2}");
    let r3 = run(user.me(&["rotate", &dated, "-f", "json"]));
    assert_eq!(r3.code, 0, "{r3}");
    let out3 = r3.json();
    assert_eq!(out3["new"]["name"], format!("{dated}-2"), "{r3}");
    assert_eq!(out3["expiry_rule"], "same_lifetime", "{r3}");
    assert!(
        close_to(expires(&out3["new"]), Utc::now() + Duration::days(45)),
        "{r3}"
    );
}

#[test]
fn rotate_drops_a_role_no_longer_held_only_with_agreement() {
    let s = seed();
    let user = block_on(TempUser::new(
        "wf-rot-drop",
        &[("demo", &["member", "deployer"])],
    ));
    let old = block_on(async {
        let api = user.api().await;
        let c = user
            .create_cred(
                &api,
                json!({"name": "drop", "roles": [{"name": "member"}, {"name": "deployer"}]}),
            )
            .await;
        let admin = Api::admin().await;
        revoke(&admin, &user.id, &user.project_id, &s.role("deployer").id).await;
        c
    });
    // As Keystone stored them: implied ones included from Keystone 27 on.
    assert_eq!(role_names(&old), s.stored_roles(&["member", "deployer"]));

    let refused = run(user.me(&["rotate", "drop", "-f", "json"]));
    assert_eq!(refused.code, 1, "{refused}");
    assert!(
        refused.stderr.contains("deployer"),
        "names the role: {refused}"
    );
    assert!(refused.stderr.contains("--yes"), "{refused}");
    assert_eq!(block_on(user.creds()).len(), 1, "nothing created");

    let r = run(user.me(&["rotate", "drop", "--yes", "--delete-old", "-f", "json"]));
    assert_eq!(r.code, 0, "{r}");
    let out = r.json();
    let mut dropped = role_names(&json!({"roles": out["dropped_roles"]}));
    dropped.sort();
    let held = s.with_implied(&["member".to_string()]);
    let mut want = s.stored_roles(&["member", "deployer"]);
    want.retain(|r| !held.contains(r));
    assert_eq!(dropped, want);
    assert!(dropped.contains(&"deployer".to_string()), "{dropped:?}");
    let new_id = out["new"]["id"].as_str().unwrap_or_default().to_string();
    let (status, new) = block_on(get_cred(&user, &new_id));
    assert_eq!(status, 200);
    assert_eq!(role_names(&new), s.stored_roles(&["member"]));
    assert_eq!(out["old_deleted"], true);
}

#[test]
fn rotate_keeps_the_old_one_and_clouds_yaml_when_the_new_one_fails_verification() {
    let user = block_on(TempUser::new("wf-rot-fail", &[("demo", &["member"])]));
    let old = block_on(async {
        let api = user.api().await;
        let c = user
            .create_cred(
                &api,
                json!({"name": "fragile", "roles": [{"name": "member"}]}),
            )
            .await;
        // Multi-factor rules that a password meets but an application
        // credential never can: the new credential will not authenticate.
        let admin = Api::admin().await;
        let r = admin
            .call(
                reqwest::Method::PATCH,
                &format!("/users/{}", user.id),
                Some(
                    json!({"user": {"options": {"multi_factor_auth_enabled": true,
                    "multi_factor_auth_rules": [["password"]]}}}),
                ),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        c
    });
    let old_id = old["id"].as_str().unwrap_or_default().to_string();
    let (clouds_before, secure_before) =
        write_clouds(&user, &old_id, old["secret"].as_str().unwrap_or_default());

    let r = run(user.me(&[
        "rotate",
        "fragile",
        "--update-clouds",
        "--delete-old",
        "-f",
        "json",
    ]));
    assert_eq!(r.code, 1, "{r}");
    let out = r.json();
    assert_eq!(out["verified"], false, "{r}");
    assert!(out["verify_error"].as_str().is_some_and(|e| !e.is_empty()));
    assert_eq!(out["old_deleted"], false);
    assert!(r.stderr.contains("is kept"), "{r}");
    assert!(
        out["new"]["secret"].as_str().is_some_and(|s| !s.is_empty()),
        "the secret is still handed out: {r}"
    );
    assert_eq!(block_on(get_cred(&user, &old_id)).0, 200, "old kept");
    assert_eq!(out["clouds"]["updated"], json!([]));
    assert_eq!(
        fs::read_to_string(&user.clouds_yaml).unwrap_or_default(),
        clouds_before
    );
    assert_eq!(
        fs::read_to_string(&user.secure_yaml).unwrap_or_default(),
        secure_before
    );
}

#[test]
fn rotate_exports_the_new_secret_to_a_file_like_create() {
    let user = block_on(TempUser::new("wf-rot-exp", &[("demo", &["member"])]));
    block_on(async {
        let api = user.api().await;
        user.create_cred(
            &api,
            json!({"name": "exp", "expires_at": keystone_in(3 * 86400)}),
        )
        .await
    });
    let file = user.dir.join("new-openrc.sh");
    let r = run(user.me(&[
        "rotate",
        "exp",
        "--output",
        file.to_str().unwrap_or_default(),
        "-f",
        "json",
    ]));
    assert_eq!(r.code, 0, "{r}");
    let out = r.json();
    assert!(
        out["new"].get("secret").is_none(),
        "the secret only goes to the file: {r}"
    );
    let text = fs::read_to_string(&file).unwrap_or_default();
    let new_id = out["new"]["id"].as_str().unwrap_or_default();
    assert!(
        text.lines()
            .any(|l| l.contains("OS_APPLICATION_CREDENTIAL_ID") && l.contains(new_id)),
        "{text}"
    );
    assert!(text.contains("OS_APPLICATION_CREDENTIAL_SECRET="), "{text}");
    assert_eq!(mode(&file), 0o600);
    // The secret in the file is the new credential's: the real client,
    // given only the sourced file, logs in with it as the user.
    let os = run(std::process::Command::new("bash")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &user.dir)
        .env("RC", &file)
        .env("OPENSTACK", openstack())
        .current_dir(&user.dir)
        .args(["-c", ". \"$RC\" && \"$OPENSTACK\" token issue -f json"]));
    assert_eq!(os.code, 0, "openstack token issue with the file: {os}");
    assert_eq!(os.json()["user_id"], user.id.as_str(), "{os}");
}
