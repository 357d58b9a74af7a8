//! An admin of Default working on the users of the LDAP-backed domain `corp`
//! (issue 29): `--user NAME` found in corp with and without `--user-domain`,
//! a name held in both domains (alice) listed with both, and credentials whose
//! owner was deleted from the directory: flagged `owner_deleted` by the audit,
//! listed and deleted by the owner's id. Skipped where the test Keystone has
//! no LDAP domain (seed.json's `ldap` is null or absent).
//!
//! The seeded `gone-backup` is only read here; the deleted owner whose
//! credential is deleted is made by the test itself (ldapadd, a credential,
//! ldapdelete), so the tests do not depend on their order.

use serde_json::{Value, json};

use crate::support::cli::*;
use crate::support::ldap::{DirectoryUser, password_login};
use crate::support::{self, Ldap, block_on, seed};

/// The seed's admin in Default, on its project `admin`.
const ADMIN: &str = "demo";

/// seed.json's `ldap`, or a counted skip.
fn ldap_or_skip(test: &str) -> Option<Ldap> {
    seed().ldap_or_skip(&format!("ldap_admin: {test}")).cloned()
}

fn credential_id<'a>(ldap: &'a Ldap, name: &str) -> &'a str {
    &ldap.credential(name).id
}

/// A credential made as an LDAP user (password login on corp-apps); its id.
fn create_as(ldap: &Ldap, name: &str, user_id: &str, password: &str, cred: &str) -> String {
    let made = create_logged_in(
        password_login(ldap, name, password),
        user_id,
        json!({ "name": cred }),
    );
    made["id"].as_str().unwrap().to_string()
}

/// Deletes a credential through the admin API when dropped (clean-up after
/// a failed assertion; a 404 is fine).
struct DeleteCred(String, String);

impl Drop for DeleteCred {
    fn drop(&mut self) {
        let path = format!("/users/{}/application_credentials/{}", self.0, self.1);
        block_on(async move {
            let _ = admin().call(reqwest::Method::DELETE, &path, None).await;
        });
    }
}

#[test]
fn admin_lists_and_deletes_an_ldap_users_credential_by_name_with_and_without_user_domain() {
    let Some(ldap) = ldap_or_skip("lina by name") else {
        return;
    };
    let lina = ldap.user("lina");
    for domain in [None, Some(ldap.domain.name.as_str())] {
        let cred = support::unique("lina-ci");
        let id = create_as(&ldap, "lina", &lina.id, &lina.password, &cred);
        let _guard = DeleteCred(lina.id.clone(), id.clone());
        let with_domain = |args: &[&str]| {
            let mut v: Vec<String> = args.iter().map(|a| a.to_string()).collect();
            if let Some(d) = domain {
                v.extend(["--user-domain".to_string(), d.to_string()]);
            }
            v
        };
        let args = with_domain(&["list", "--user", "lina", "-f", "json"]);
        let out = run(ADMIN, &args.iter().map(String::as_str).collect::<Vec<_>>());
        out.ok();
        assert!(out.ids().contains(&id), "{domain:?}: {}", out.stdout);
        let args = with_domain(&["delete", "--user", "lina", &cred, "--yes"]);
        run(ADMIN, &args.iter().map(String::as_str).collect::<Vec<_>>()).ok();
        assert!(
            !keystone_names_of(&lina.id).contains(&cred),
            "{domain:?}: {cred} still in Keystone"
        );
    }
}

#[test]
fn alice_in_default_and_in_corp_is_listed_with_both_domains_until_one_is_named() {
    let Some(ldap) = ldap_or_skip("alice in two domains") else {
        return;
    };
    let s = seed();
    let out = run(ADMIN, &["list", "--user", "alice"]);
    out.expect_code(1).stderr_has(&[
        "2 users are named \"alice\"",
        &format!("{} in domain Default", s.user("alice").id),
        &format!(
            "{} in domain {} ({})",
            ldap.user("alice").id,
            ldap.domain.name,
            ldap.domain.id
        ),
        "--user-domain",
    ]);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    let corp_ci = credential_id(&ldap, "corp-alice-ci").to_string();
    for (domain, listed) in [(ldap.domain.name.as_str(), true), ("Default", false)] {
        let args = [
            "list",
            "--user",
            "alice",
            "--user-domain",
            domain,
            "-f",
            "json",
        ];
        let out = run(ADMIN, &args);
        out.ok();
        assert_eq!(
            out.ids().contains(&corp_ci),
            listed,
            "{domain}: {}",
            out.stdout
        );
    }
}

#[test]
fn audit_of_the_ldap_project_flags_the_deleted_owners_credential() {
    let Some(ldap) = ldap_or_skip("the audit") else {
        return;
    };
    let gone = ldap.user("gone");
    let out = run(
        ADMIN,
        &["audit", "--project", &ldap.project.name, "-f", "json"],
    );
    out.ok();
    let rows = out.json();
    let row = |id: &str| -> Value {
        rows.as_array()
            .into_iter()
            .flatten()
            .find(|r| r["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("credential {id} not in the audit: {rows}"))
    };
    let flags = |r: &Value| -> Vec<String> {
        r["flags"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f.as_str().map(str::to_string))
            .collect()
    };
    // Read only: still there unless some other test deleted it.
    if keystone_names_of(&gone.id).contains(&"gone-backup".to_string()) {
        let r = row(credential_id(&ldap, "gone-backup"));
        assert!(flags(&r).contains(&"owner_deleted".to_string()), "{r}");
        assert_eq!(r["user_id"], gone.id.as_str());
        assert_eq!(r["user_name"], Value::Null);
        assert!(
            r["reasons"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|x| x == "user not found: deleted from the directory?"),
            "{r}"
        );
    }
    let otto = row(credential_id(&ldap, "otto-ci"));
    assert!(
        flags(&otto).contains(&"owner_disabled".to_string()),
        "{otto}"
    );
    assert!(
        !flags(&otto).contains(&"owner_deleted".to_string()),
        "{otto}"
    );
    let alice = row(credential_id(&ldap, "corp-alice-ci"));
    assert!(
        !flags(&alice).iter().any(|f| f.starts_with("owner_")),
        "{alice}"
    );

    // A domain audit finds the deleted owner through the assignments on
    // the domain's projects.
    if keystone_names_of(&gone.id).contains(&"gone-backup".to_string()) {
        let out = run(
            ADMIN,
            &["audit", "--domain", &ldap.domain.name, "-f", "json"],
        );
        out.ok();
        let rows = out.json();
        let r = rows
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["id"] == credential_id(&ldap, "gone-backup"))
            .unwrap_or_else(|| panic!("gone-backup not in the domain audit: {rows}"));
        assert!(flags(r).contains(&"owner_deleted".to_string()), "{r}");
    }

    // The table says it too, with the count under it.
    let t = run(ADMIN, &["audit", "--project", &ldap.project.name]);
    t.ok().stdout_has(&["owner_deleted", "(not found)"]);
    t.stderr_has(&["no longer finds (owner_deleted)"]);
}

#[test]
fn a_credential_whose_owner_was_deleted_from_the_directory_is_listed_and_deleted_by_id() {
    let Some(ldap) = ldap_or_skip("a deleted owner by id") else {
        return;
    };
    let s = seed();
    // A person who made a credential and then left the company.
    let mut person = DirectoryUser::new(&ldap, "leaver", &[]);
    let name = person.name.clone();
    let user_id = person.keystone_id();
    let (project_id, role_id) = (ldap.project.id.clone(), s.role("member").id.clone());
    let id = user_id.clone();
    block_on(async move {
        crate::support::workflow::grant(&admin(), &id, &project_id, &role_id).await;
    });
    let cred = support::unique("leaver-ci");
    let cred_id = create_as(&ldap, &name, &user_id, &person.password, &cred);
    let _guard = DeleteCred(user_id.clone(), cred_id.clone());
    person.delete_from_directory();
    let id = user_id.clone();
    let status = block_on(async move {
        let admin = admin();
        let mut status = 0;
        for _ in 0..20 {
            status = admin
                .call(reqwest::Method::GET, &format!("/users/{id}"), None)
                .await
                .status;
            if status == 404 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        }
        status
    });
    assert_eq!(status, 404, "Keystone still finds {name} after ldapdelete");

    let note = format!("user {user_id} not found (deleted from the directory?): working by id");
    let out = run(ADMIN, &["list", "--user", &user_id, "-f", "json"]);
    out.ok().stderr_has(&[&note]);
    assert_eq!(out.ids(), vec![cred_id.clone()]);

    let audit = run(
        ADMIN,
        &["audit", "--project", &ldap.project.name, "-f", "json"],
    );
    audit.ok();
    let rows = audit.json();
    let row = rows
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["id"] == cred_id.as_str())
        .unwrap_or_else(|| panic!("{cred} not in the audit: {rows}"));
    assert_eq!(row["flags"][0], "owner_deleted", "{row}");
    assert_eq!(row["user_id"], user_id.as_str());

    run(ADMIN, &["delete", "--user", &user_id, &cred, "--yes"])
        .ok()
        .stderr_has(&[&note]);
    assert_eq!(keystone_names_of(&user_id), Vec::<String>::new());

    // The role assignment Keystone kept for the gone user goes too.
    let path = format!(
        "/projects/{}/users/{user_id}/roles/{}",
        ldap.project.id,
        s.role("member").id
    );
    block_on(async move {
        let _ = admin().call(reqwest::Method::DELETE, &path, None).await;
    });
}
