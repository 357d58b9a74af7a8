//! Scopes and roles against the real test Keystone: what a user may scope
//! to, rescoping, and the roles held on a scope (exactly the token's).
//! Needs `scripts/keystone start` (see support/keystone.rs).

use std::collections::BTreeSet;

use crate::support::keystone::*;
use appcred::keystone::{KeystoneError, NoPrompt, RoleOrigin, Scope, ScopeRequest, Session};

async fn login(user_name: &str, project: Option<&str>) -> Session {
    Session::login(&password_cloud(user_name, project), &NoPrompt)
        .await
        .unwrap_or_else(|e| panic!("login as {user_name}: {e}"))
}

fn names<'a>(it: impl IntoIterator<Item = &'a String>) -> BTreeSet<String> {
    it.into_iter().cloned().collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn scopes_of_a_user_with_several_projects() {
    let alice = login("alice", Some("demo")).await;
    let projects = alice.projects().await.unwrap();
    assert_eq!(
        names(projects.iter().map(|p| &p.name)),
        set(&["ci", "demo"])
    );
    assert!(alice.domains().await.unwrap().is_empty());
    assert!(!alice.system_scope_available().await.unwrap());

    let carol = login("carol", Some("platform")).await;
    let projects = carol.projects().await.unwrap();
    assert_eq!(
        names(projects.iter().map(|p| &p.name)),
        set(&["platform", "sandbox"])
    );
    let domains = carol.domains().await.unwrap();
    assert_eq!(
        names(domains.iter().map(|d| &d.name)),
        set(&["engineering"])
    );

    let admin = login("admin", Some("admin")).await;
    assert!(admin.system_scope_available().await.unwrap());
}

#[tokio::test]
async fn rescope_to_another_project_reuses_the_client() {
    let alice = login("alice", Some("demo")).await;
    let before = alice.request_count();
    let ci = alice
        .rescope(&ScopeRequest::ProjectName {
            name: "ci".into(),
            domain_id: None,
            domain_name: Some("Default".into()),
        })
        .await
        .unwrap();
    assert!(matches!(ci.token_info().scope, Scope::Project { ref name, .. } if name == "ci"));
    let roles: Vec<String> = ci.token_info().roles.into_iter().map(|r| r.name).collect();
    assert_eq!(roles, vec!["reader".to_string()]);
    assert!(
        ci.token_info().methods.contains(&"token".to_string()),
        "rescoped with the token"
    );
    assert_eq!(
        alice.request_count(),
        before + 1,
        "one request, on the shared client"
    );
    // The original session is untouched.
    assert!(matches!(alice.token_info().scope, Scope::Project { ref name, .. } if name == "demo"));

    // A project the user has no role on: Keystone's 401, not a panic.
    let e = alice
        .rescope(&ScopeRequest::ProjectId(project_id("platform")))
        .await
        .err();
    assert_eq!(e.and_then(|e| e.status()), Some(401));
}

#[tokio::test]
async fn rescope_to_domain_and_system_and_back() {
    let carol = login("carol", Some("platform")).await;
    let domain = carol
        .rescope(&ScopeRequest::DomainName("engineering".into()))
        .await
        .unwrap();
    assert!(
        matches!(domain.token_info().scope, Scope::Domain { ref name, .. } if name == "engineering")
    );

    let admin = login("admin", Some("admin")).await;
    let system = admin.rescope(&ScopeRequest::System).await.unwrap();
    assert_eq!(system.token_info().scope, Scope::System);
    // Keystone won't turn a system token into a project one; the session
    // logs in again with its password instead.
    let back = system
        .rescope(&ScopeRequest::ProjectId(project_id("admin")))
        .await
        .unwrap();
    assert!(matches!(back.token_info().scope, Scope::Project { ref name, .. } if name == "admin"));
    back.list_credentials(&back.user_id()).await.unwrap();
}

#[tokio::test]
async fn application_credential_sessions_cannot_rescope() {
    let verify = app_cred("alice-verify");
    let mut cloud = password_cloud("alice", None);
    cloud.auth_type = appcred::config::AuthType::ApplicationCredential;
    cloud.auth.application_credential_id = Some(verify.id.clone());
    cloud.auth.application_credential_secret =
        Some(appcred::secret::Secret::new(verify.secret.clone()));
    let session = Session::login(&cloud, &NoPrompt).await.unwrap();
    let before = session.request_count();
    let e = session
        .rescope(&ScopeRequest::ProjectId(project_id("ci")))
        .await
        .err();
    assert!(matches!(e, Some(KeystoneError::Refused { .. })), "{e:?}");
    assert_eq!(session.request_count(), before, "refused without a request");
}

#[tokio::test]
async fn held_roles_of_an_admin_are_labelled() {
    let admin = login("admin", Some("admin")).await;
    let held = admin.held_roles().await.unwrap();
    let token_roles = names(admin.token_info().roles.iter().map(|r| &r.name));
    assert_eq!(names(held.iter().map(|h| &h.name)), token_roles);
    assert_eq!(token_roles, set(&["admin", "manager", "member", "reader"]));
    let origin = |n: &str| {
        held.iter()
            .find(|h| h.name == n)
            .map(|h| h.origin.clone())
            .unwrap_or_else(|| panic!("{n} missing"))
    };
    assert_eq!(origin("admin"), RoleOrigin::Direct);
    assert_eq!(
        origin("manager"),
        RoleOrigin::Implied { by: "admin".into() }
    );
    assert_eq!(
        origin("member"),
        RoleOrigin::Implied {
            by: "manager".into()
        }
    );
    assert_eq!(
        origin("reader"),
        RoleOrigin::Implied {
            by: "member".into()
        }
    );
}

#[tokio::test]
async fn held_roles_of_a_member_are_the_tokens_and_unlabelled() {
    let alice = login("alice", Some("demo")).await;
    let held = alice.held_roles().await.unwrap();
    let token_roles = names(alice.token_info().roles.iter().map(|r| &r.name));
    // member + deployer assigned; reader and ops_viewer implied. Nothing else.
    assert_eq!(
        token_roles,
        set(&["deployer", "member", "ops_viewer", "reader"])
    );
    assert_eq!(names(held.iter().map(|h| &h.name)), token_roles);
    let ids: BTreeSet<String> = held.iter().map(|h| h.id.clone()).collect();
    assert!(ids.contains(&role_id("ops_viewer")));
    assert!(!ids.contains(&role_id("admin")) && !ids.contains(&role_id("manager")));
    assert!(
        held.iter().all(|h| h.origin == RoleOrigin::Unknown),
        "a member may not read role assignments: {held:?}"
    );
}

#[tokio::test]
async fn admin_helpers_find_users_projects_domains() {
    let admin = login("admin", Some("admin")).await;
    // In its domain (an LDAP bed has another alice in corp).
    let alice = admin.find_user_in("alice", Some("Default")).await.unwrap();
    assert_eq!(alice.id, user("alice").id);
    let again = admin.find_user_in(&alice.id, None).await.unwrap();
    assert_eq!(again.name, "alice");
    let by_id = admin.get_user(&alice.id).await.unwrap();
    assert_eq!(by_id.map(|u| u.name).as_deref(), Some("alice"));
    let carol = admin.find_user_in("carol", None).await.unwrap();
    assert_eq!(carol.id, user("carol").id);
    let e = admin.find_user_in(&unique("nobody"), None).await.err();
    assert!(
        matches!(e, Some(KeystoneError::UserNotFound { .. })),
        "{e:?}"
    );
    assert!(admin.get_user(&unique("nobody")).await.unwrap().is_none());
    let demo = admin.find_project("demo").await.unwrap();
    assert_eq!(demo.id, project_id("demo"));
    let eng = admin.find_domain("engineering").await.unwrap();
    assert_eq!(eng.id, seed().domain("engineering").id.clone());
    // cli_user_domain makes users of its own in engineering meanwhile (one
    // test process, one Keystone): the list holds every user Keystone had
    // there both just before and just after it, and no one it never had.
    let raw = crate::support::Api::admin().await;
    let in_eng = format!("/users?domain_id={}", eng.id);
    let ids_of = |v: &serde_json::Value| -> BTreeSet<String> {
        v["users"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|u| u["id"].as_str().map(str::to_string))
            .collect()
    };
    let before = ids_of(&raw.get(&in_eng).await);
    let users = admin.list_users(Some(&eng.id)).await.unwrap();
    let after = ids_of(&raw.get(&in_eng).await);
    let seen: BTreeSet<String> = users.iter().map(|u| u.id.clone()).collect();
    let stable: BTreeSet<String> = before.intersection(&after).cloned().collect();
    let known: BTreeSet<String> = before.union(&after).cloned().collect();
    assert!(
        stable.is_subset(&seen) && seen.is_subset(&known),
        "listed {seen:?}; Keystone had {before:?}, then {after:?}"
    );
    // The seed's two are there; nobody of another domain is.
    for u in ["bob", "carol"] {
        assert!(seen.contains(&user(u).id), "{u} listed: {seen:?}");
    }
    assert!(!seen.contains(&alice.id), "alice is in Default: {seen:?}");
    let on_demo = admin.project_users(&demo.id).await.unwrap();
    assert!(on_demo.iter().any(|u| u.name == "alice"));
    assert!(!on_demo.iter().any(|u| u.name == "bob"));
    let by_user = admin.project_effective_roles(&demo.id).await.unwrap();
    let roles = by_user.get(&alice.id).cloned().unwrap_or_default();
    assert_eq!(
        names(roles.iter().map(|r| &r.name)),
        set(&["deployer", "member", "ops_viewer", "reader"])
    );
    assert!(!by_user.contains_key(&user("bob").id));

    // A member gets a policy error with a hint naming the rule.
    let member = login("alice", Some("demo")).await;
    let e = member
        .project_effective_roles(&demo.id)
        .await
        .err()
        .unwrap_or_else(|| panic!("a member listed role assignments"));
    assert_eq!(e.status(), Some(403));
    assert!(
        e.hint()
            .unwrap_or_default()
            .contains("identity:list_role_assignments")
    );
}
