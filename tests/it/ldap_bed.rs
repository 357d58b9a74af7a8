//! The LDAP test bed itself (issue 29): the test Keystone's domain `corp`
//! reads its people from the instance's own slapd (scripts/keystone.d/ldap.sh,
//! scripts/seed_ldap.py, docs/seed.md "The LDAP domain"), and it is what the
//! seed says: lina logs in and manages her credentials with a role that
//! comes only through an LDAP group, otto is disabled in the directory, gone
//! was deleted from it and left his credential behind, and users have
//! Keystone's 64-hex mapped ids. Where the instance has no slapd every test
//! here is a counted skip.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::cli::*;
use crate::support::{self, Ldap};

/// The seed's LDAP domain, or None after a counted skip.
fn ldap(test: &str) -> Option<Ldap> {
    support::seed().ldap_or_skip(test).cloned()
}

fn array(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("not an array: {v}"))
}

fn names(list: &[Value]) -> BTreeSet<String> {
    list.iter()
        .filter_map(|c| c["name"].as_str().map(str::to_string))
        .collect()
}

/// GET as the system admin: the status and the body.
fn admin_get(path: &str) -> (u16, Value) {
    let path = path.to_string();
    support::block_on(async move {
        let r = admin().call(reqwest::Method::GET, &path, None).await;
        (r.status, r.body)
    })
}

/// A user's credentials as Keystone lists them to the admin.
fn creds_of(user_id: &str) -> Vec<Value> {
    let id = user_id.to_string();
    support::block_on(async move { admin().app_creds(&id).await })
}

#[test]
fn an_ldap_user_lists_creates_and_deletes_her_credentials() {
    let Some(ldap) = ldap("ldap_bed: lina's credentials") else {
        return;
    };
    let lina = ldap.user("lina");
    let mut clean = Cleanup::of_user_id(&lina.id);
    let name = clean.name(support::unique("ldap-lina"));
    let before = run("ldap-lina", &["list", "-f", "json"]).ok().json();
    assert!(!names(array(&before)).contains(&name), "{before}");

    let made = run(
        "ldap-lina",
        &["create", &name, "--role", "member", "-f", "json"],
    )
    .ok()
    .json();
    assert_eq!(made["name"], name.as_str(), "{made}");
    let kept = creds_of(&lina.id);
    let c = kept
        .iter()
        .find(|c| c["name"] == name.as_str())
        .unwrap_or_else(|| panic!("Keystone has no {name} for lina: {kept:?}"));
    assert_eq!(c["project_id"], ldap.project.id.as_str(), "{c}");
    assert_eq!(
        role_names(c),
        support::seed().stored_roles(&["member"]),
        "{c}"
    );
    let listed = run("ldap-lina", &["list", "-f", "json"]).ok().json();
    assert!(names(array(&listed)).contains(&name), "{listed}");

    run("ldap-lina", &["delete", &name, "--yes"]).ok();
    assert!(
        !names(&creds_of(&lina.id)).contains(&name),
        "{name} still in Keystone after delete"
    );
}

#[test]
fn linas_role_comes_only_through_the_ldap_group() {
    let Some(ldap) = ldap("ldap_bed: group roles") else {
        return;
    };
    let seed = support::seed();
    let lina = ldap.user("lina");
    assert_eq!(lina.groups, ["corp-devs"]);
    assert!(lina.project_roles.is_empty(), "lina has no direct role");

    // What her token carries: member through the group, reader implied by it.
    let v = run("ldap-lina", &["roles", "-f", "json"]).ok().json();
    let got: BTreeSet<String> = names(array(&v));
    let want: BTreeSet<String> = seed.with_implied(&["member".into()]).into_iter().collect();
    assert_eq!(got, want, "{v}");

    // Keystone: no assignment of her own, member on corp-apps via the group.
    let project = &ldap.project.id;
    let (status, direct) = admin_get(&format!(
        "/role_assignments?user.id={}&scope.project.id={project}",
        lina.id
    ));
    assert_eq!(status, 200, "{direct}");
    assert!(array(&direct["role_assignments"]).is_empty(), "{direct}");
    let (status, effective) = admin_get(&format!(
        "/role_assignments?effective&include_names&user.id={}&scope.project.id={project}",
        lina.id
    ));
    assert_eq!(status, 200, "{effective}");
    let through_group = array(&effective["role_assignments"]).iter().any(|a| {
        a["role"]["name"] == "member"
            && a["links"]["membership"]
                .as_str()
                .is_some_and(|m| m.contains(&format!("/groups/{}/", ldap.group.id)))
    });
    assert!(through_group, "member not through corp-devs: {effective}");
}

#[test]
fn a_user_deleted_from_the_directory_is_404_but_keeps_his_credential() {
    let Some(ldap) = ldap("ldap_bed: deleted owner") else {
        return;
    };
    let gone = ldap.user("gone");
    assert!(gone.deleted && !gone.enabled);
    let (status, body) = admin_get(&format!("/users/{}", gone.id));
    assert_eq!(status, 404, "GET /users/<gone>: {body}");
    let kept = creds_of(&gone.id);
    let backup = ldap.credential("gone-backup");
    assert_eq!(backup.owner, "gone");
    assert!(
        kept.iter()
            .any(|c| c["name"] == "gone-backup" && c["id"] == backup.id.as_str()),
        "gone-backup not listed for the admin: {kept:?}"
    );
    // His direct assignment stays behind too.
    let (_, assignments) = admin_get(&format!(
        "/role_assignments?scope.project.id={}",
        ldap.project.id
    ));
    assert!(
        array(&assignments["role_assignments"])
            .iter()
            .any(|a| a["user"]["id"] == gone.id.as_str()),
        "{assignments}"
    );
}

#[test]
fn a_user_taken_out_of_enabled_users_is_disabled() {
    let Some(ldap) = ldap("ldap_bed: disabled in the directory") else {
        return;
    };
    let otto = ldap.user("otto");
    assert!(!otto.enabled && !otto.deleted);
    let (status, body) = admin_get(&format!("/users/{}", otto.id));
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["user"]["enabled"], false, "{body}");
    assert_eq!(body["user"]["domain_id"], ldap.domain.id.as_str(), "{body}");
    assert!(names(&creds_of(&otto.id)).contains("otto-ci"));
    // The others are enabled.
    for name in ["lina", "alice"] {
        let (status, body) = admin_get(&format!("/users/{}", ldap.user(name).id));
        assert_eq!(
            (status, &body["user"]["enabled"]),
            (200, &Value::Bool(true))
        );
    }
}

#[test]
fn ldap_ids_are_mapped_hashes_and_alice_is_two_people() {
    let Some(ldap) = ldap("ldap_bed: ids") else {
        return;
    };
    let hex64 = |id: &str| id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit());
    for (name, u) in &ldap.users {
        assert!(hex64(&u.id), "{name}: {}", u.id);
        assert_eq!(u.domain_id, ldap.domain.id, "{name}");
    }
    assert!(hex64(&ldap.group.id), "{}", ldap.group.id);
    assert_eq!(ldap.domain.name, "corp");
    assert_eq!(ldap.project.name, "corp-apps");
    assert_eq!(ldap.group.name, "corp-devs");

    // Two alices: Default's (SQL) and corp's (LDAP), each with her own credentials.
    let seed = support::seed();
    let sql_alice = seed.user("alice");
    assert_ne!(sql_alice.id, ldap.user("alice").id);
    assert_ne!(sql_alice.domain_id, ldap.domain.id);
    let listed = run("ldap-alice", &["list", "-f", "json"]).ok().json();
    let listed = names(array(&listed));
    assert!(listed.contains("corp-alice-ci"), "{listed:?}");
    assert!(!listed.contains("alice-verify"), "{listed:?}");
    let cred = ldap.credential("corp-alice-ci");
    assert_eq!(
        (cred.owner.as_str(), cred.project.as_str()),
        ("alice", "corp-apps")
    );
}
