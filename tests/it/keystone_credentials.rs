//! Application credentials and access rules against the real test Keystone:
//! create/get/find/list/delete, the errors users meet, and a revoked token
//! mid-session. Needs `scripts/keystone start` (see support/keystone.rs).

use crate::support::keystone::*;
use appcred::config::AuthType;
use appcred::keystone::{
    AccessRule, KeystoneError, NewApplicationCredential, NoPrompt, ScopeRequest, Session,
};
use appcred::secret::Secret;

async fn login(user_name: &str, project: Option<&str>) -> Session {
    Session::login(&password_cloud(user_name, project), &NoPrompt)
        .await
        .unwrap_or_else(|e| panic!("login as {user_name}: {e}"))
}

async fn app_cred_session(name: &str) -> Session {
    let ac = app_cred(name);
    let mut cloud = password_cloud("alice", None);
    cloud.auth_type = AuthType::ApplicationCredential;
    cloud.auth.application_credential_id = Some(ac.id.clone());
    cloud.auth.application_credential_secret = Some(Secret::new(ac.secret.clone()));
    Session::login(&cloud, &NoPrompt)
        .await
        .unwrap_or_else(|e| panic!("login with {name}: {e}"))
}

/// Deletes what a test made even when it fails half-way.
struct Cleanup {
    session: Session,
    ids: Vec<String>,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        let ids = std::mem::take(&mut self.ids);
        if ids.is_empty() {
            return;
        }
        let cloud = self.session.cloud().clone();
        // Drop can't be async, and the test's runtime is busy: log in afresh
        // on a runtime of our own (its own client and connections).
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            if let Ok(rt) = rt {
                rt.block_on(async {
                    if let Ok(session) = Session::login(&cloud, &NoPrompt).await {
                        let user = session.user_id();
                        for id in ids {
                            let _ = session.delete_credential(&user, &id).await;
                        }
                    }
                });
            }
        })
        .join();
    }
}

#[tokio::test]
async fn create_get_find_list_delete_with_role_ids() {
    let alice = login("alice", Some("demo")).await;
    let user = alice.user_id();
    let mut cleanup = Cleanup {
        session: alice.clone(),
        ids: vec![],
    };
    let name = unique("it-crud");
    let expires = chrono::Utc::now() + chrono::Duration::days(3);
    let new = NewApplicationCredential {
        name: name.clone(),
        description: Some("integration test".into()),
        expires_at: Some(expires),
        // ops_viewer has an underscore: sent by id it never meets the id pattern.
        role_ids: vec![role_id("member"), role_id("ops_viewer")],
        ..Default::default()
    };
    let created = alice.create_credential(&new).await.unwrap();
    cleanup.ids.push(created.credential.id.clone());
    assert_eq!(
        created.secret.expose().len(),
        86,
        "Keystone's generated secret"
    );
    let c = &created.credential;
    assert_eq!(c.name, name);
    assert_eq!(c.project_id.as_deref(), Some(project_id("demo").as_str()));
    let mut roles: Vec<String> = c.roles.iter().map(|r| r.name.clone()).collect();
    roles.sort();
    // member implies reader: Keystone adds it (from 27 on; 25 stores them as asked).
    assert_eq!(roles, stored_roles(&["member", "ops_viewer"]));
    assert!(!c.is_unrestricted());
    let stored = c.expires_at.unwrap_or_else(|| panic!("no expiry"));
    assert!(
        (stored - expires).num_seconds().abs() <= 1,
        "{stored} vs {expires}"
    );

    let got = alice.get_credential(&user, &c.id).await.unwrap();
    assert_eq!(got.name, name);
    let by_name = alice.find_credential(&user, &name).await.unwrap();
    assert_eq!(by_name.id, c.id);
    let by_id = alice.find_credential(&user, &c.id).await.unwrap();
    assert_eq!(by_id.name, name);
    let list = alice.list_credentials(&user).await.unwrap();
    assert!(list.iter().any(|x| x.id == c.id));
    assert!(list.iter().any(|x| x.name == "alice-verify"));

    // The credential works, with the roles it was given.
    let report =
        appcred::keystone::verify_application_credential(alice.cloud(), &c.id, &created.secret)
            .await
            .unwrap();
    assert!(report.works, "{:?}", report.reason);

    alice.delete_credential(&user, &c.id).await.unwrap();
    cleanup.ids.clear();
    let e = alice.get_credential(&user, &c.id).await.err();
    assert_eq!(e.as_ref().and_then(KeystoneError::status), Some(404));
    assert!(
        e.and_then(|e| e.hint())
            .unwrap_or_default()
            .contains("appcred list")
    );
    let e = alice.find_credential(&user, &name).await.err();
    assert!(
        matches!(&e, Some(KeystoneError::NotFound { searched, .. }) if *searched == name),
        "{e:?}"
    );
    let e = alice.delete_credential(&user, &c.id).await.err();
    assert_eq!(e.and_then(|e| e.status()), Some(404));
}

#[tokio::test]
async fn duplicate_name_hint_names_the_existing_id() {
    let alice = login("alice", Some("demo")).await;
    let mut cleanup = Cleanup {
        session: alice.clone(),
        ids: vec![],
    };
    let new = NewApplicationCredential {
        name: unique("it-dup"),
        role_ids: vec![role_id("reader")],
        ..Default::default()
    };
    let first = alice.create_credential(&new).await.unwrap();
    cleanup.ids.push(first.credential.id.clone());
    let e = alice
        .create_credential(&new)
        .await
        .err()
        .unwrap_or_else(|| panic!("a duplicate name was accepted"));
    assert_eq!(e.status(), Some(409));
    let hint = e.hint().unwrap_or_default();
    assert!(hint.contains(&first.credential.id), "{hint}");
}

#[tokio::test]
async fn unassigned_role_is_a_400_with_a_hint() {
    let alice = login("alice", Some("demo")).await;
    let new = NewApplicationCredential {
        name: unique("it-unassigned"),
        role_ids: vec![role_id("admin")],
        ..Default::default()
    };
    let e = alice.create_credential(&new).await.err();
    assert_eq!(e.as_ref().and_then(KeystoneError::status), Some(400));
    assert!(
        e.and_then(|e| e.hint())
            .unwrap_or_default()
            .contains("appcred roles")
    );
}

#[tokio::test]
async fn restricted_credential_cannot_create() {
    let session = app_cred_session("alice-verify").await;
    let new = NewApplicationCredential {
        name: unique("it-restricted"),
        ..Default::default()
    };
    let e = session
        .create_credential(&new)
        .await
        .err()
        .unwrap_or_else(|| panic!("a restricted credential created one"));
    assert_eq!(e.status(), Some(403));
    let hint = e.hint().unwrap_or_default();
    assert!(
        hint.contains("restricted") && hint.contains("password"),
        "{hint}"
    );
    // Reading is still allowed.
    session.list_credentials(&session.user_id()).await.unwrap();
}

#[tokio::test]
async fn unrestricted_credential_can_create_and_delete() {
    let session = app_cred_session("alice-unrestricted").await;
    let created = session
        .create_credential(&NewApplicationCredential {
            name: unique("it-from-unrestricted"),
            ..Default::default()
        })
        .await
        .unwrap();
    let _cleanup = Cleanup {
        session: login("alice", Some("demo")).await,
        ids: vec![created.credential.id.clone()],
    };
    // No roles asked: it gets the token's (the unrestricted credential's).
    let mut roles: Vec<String> = created
        .credential
        .roles
        .iter()
        .map(|r| r.name.clone())
        .collect();
    roles.sort();
    assert_eq!(roles, stored_roles(&["member"]));
    session
        .delete_credential(&session.user_id(), &created.credential.id)
        .await
        .unwrap();
}

#[tokio::test]
async fn unscoped_and_system_tokens_are_refused_before_sending() {
    let admin = login("admin", Some("admin")).await;
    let unscoped = admin.rescope(&ScopeRequest::Unscoped).await.unwrap();
    let before = unscoped.request_count();
    let new = NewApplicationCredential {
        name: unique("it-unscoped"),
        ..Default::default()
    };
    let e = unscoped.create_credential(&new).await.err();
    assert!(matches!(e, Some(KeystoneError::Refused { .. })), "{e:?}");
    assert_eq!(unscoped.request_count(), before, "nothing was sent");
}

#[tokio::test]
async fn revoked_token_is_renewed_once_and_the_call_retried() {
    let alice = login("alice", Some("demo")).await;
    let user = alice.user_id();
    let token = alice.token_for_tests();
    alice.revoke_token().await.unwrap();
    // Keystone behind several workers with memcached (as deployed) can
    // accept a token for a moment after its revocation (a worker's cached
    // validation). Wait, bounded, until it refuses it several times in a
    // row, as a client meets a revoked token; then the retry is what's tested.
    wait_until_refused(token.expose()).await;
    let before = alice.request_count();
    let list = alice
        .list_credentials(&user)
        .await
        .expect("the session should log in again");
    assert!(list.iter().any(|c| c.name == "alice-verify"));
    assert_eq!(
        alice.request_count() - before,
        3,
        "401, one new login, one retry"
    );
    // And the new token keeps working without further logins.
    let before = alice.request_count();
    alice.projects().await.unwrap();
    assert_eq!(alice.request_count() - before, 1);
}

/// Waits (at most 30 s) until Keystone refuses `token` six times in a row.
async fn wait_until_refused(token: &str) {
    let admin = crate::support::Api::admin().await;
    let url = format!("{}/auth/tokens", seed().auth_url);
    let start = std::time::Instant::now();
    let mut refusals = 0;
    while refusals < 6 {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "Keystone still accepts the revoked token after 30 s"
        );
        let status = crate::support::http()
            .get(&url)
            .header("X-Auth-Token", &admin.token)
            .header("X-Subject-Token", token)
            .send()
            .await
            .map(|r| r.status().as_u16());
        match status {
            Ok(401 | 404) => refusals += 1,
            _ => {
                refusals = 0;
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
        }
    }
}

#[tokio::test]
async fn access_rules_list_get_delete() {
    let alice = login("alice", Some("demo")).await;
    let user = alice.user_id();
    let mut cleanup = Cleanup {
        session: alice.clone(),
        ids: vec![],
    };
    let path = format!("/v3/{}", unique("it-rule"));
    let created = alice
        .create_credential(&NewApplicationCredential {
            name: unique("it-rules"),
            role_ids: vec![role_id("reader")],
            access_rules: vec![AccessRule {
                id: None,
                service: "identity".into(),
                method: "GET".into(),
                path: path.clone(),
            }],
            ..Default::default()
        })
        .await
        .unwrap();
    cleanup.ids.push(created.credential.id.clone());
    let rule_id = created
        .credential
        .access_rules
        .as_ref()
        .and_then(|r| r.first())
        .and_then(|r| r.id.clone())
        .unwrap_or_else(|| panic!("no access rule id in the answer"));

    let rules = alice.list_access_rules(&user).await.unwrap();
    assert!(
        rules
            .iter()
            .any(|r| r.id.as_deref() == Some(rule_id.as_str()) && r.path == path)
    );
    let seeded = &seed().access_rules["alice"][0].id;
    assert!(
        rules
            .iter()
            .any(|r| r.id.as_deref() == Some(seeded.as_str()))
    );
    let one = alice.get_access_rule(&user, &rule_id).await.unwrap();
    assert_eq!(
        (one.service.as_str(), one.method.as_str()),
        ("identity", "GET")
    );

    // In use: 403 with a hint.
    let e = alice.delete_access_rule(&user, &rule_id).await.err();
    assert_eq!(e.as_ref().and_then(KeystoneError::status), Some(403));
    assert!(
        e.and_then(|e| e.hint())
            .unwrap_or_default()
            .contains("still uses")
    );

    alice
        .delete_credential(&user, &created.credential.id)
        .await
        .unwrap();
    cleanup.ids.clear();
    alice.delete_access_rule(&user, &rule_id).await.unwrap();
    let e = alice.get_access_rule(&user, &rule_id).await.err();
    assert_eq!(e.as_ref().and_then(KeystoneError::status), Some(404));
    assert!(
        e.and_then(|e| e.hint())
            .unwrap_or_default()
            .contains("access-rules list")
    );
}

#[tokio::test]
async fn member_cannot_list_another_users_credentials() {
    let alice = login("alice", Some("demo")).await;
    let admin_id = user("admin").id;
    let e = alice
        .list_credentials(&admin_id)
        .await
        .err()
        .unwrap_or_else(|| panic!("a member listed another user's credentials"));
    assert_eq!(e.status(), Some(403));
    assert!(
        e.hint()
            .unwrap_or_default()
            .contains("identity:list_application_credentials")
    );
}
