//! Authentication against the real test Keystone: every auth type, receipts,
//! prompts, and the errors a person sees when a login fails.
//! Needs `scripts/keystone start` (see support/keystone.rs).

use crate::support::keystone::*;
use appcred::config::{AuthOptions, AuthType};
use appcred::keystone::{
    KeystoneError, NoPrompt, PromptKind, Scope, Session, verify_application_credential,
};
use appcred::secret::Secret;

fn project_name(session: &Session) -> String {
    match session.token_info().scope {
        Scope::Project { name, .. } => name,
        other => panic!("expected a project scope, got {other:?}"),
    }
}

#[test]
fn base32_matches_rfc4648() {
    assert_eq!(base32_decode("MZXW6YTBOI"), b"foobar");
    assert_eq!(base32_decode("MZXW6YQ="), b"foob");
}

#[tokio::test]
async fn password_by_name_and_domain() {
    let session = Session::login(&password_cloud("alice", Some("demo")), &NoPrompt)
        .await
        .unwrap();
    let info = session.token_info();
    assert_eq!(info.user.name, "alice");
    assert_eq!(session.user_id(), user("alice").id);
    assert_eq!(project_name(&session), "demo");
    assert_eq!(info.methods, vec!["password".to_string()]);
    assert!(
        info.catalog.iter().any(|c| c.service_type == "identity"),
        "the catalog is kept"
    );
    assert_eq!(session.request_count(), 1, "a login is one request");
    let shown = format!("{session:?}");
    assert!(shown.contains("alice") && shown.contains("demo"), "{shown}");
}

#[tokio::test]
async fn password_by_user_id_and_project_id() {
    let alice = user("alice");
    let cloud = cloud(
        AuthType::Password,
        AuthOptions {
            user_id: Some(alice.id.clone()),
            password: Some(Secret::new(alice.password.clone())),
            project_id: Some(project_id("ci")),
            ..Default::default()
        },
    );
    let session = Session::login(&cloud, &NoPrompt).await.unwrap();
    assert_eq!(project_name(&session), "ci");
    let roles: Vec<String> = session
        .token_info()
        .roles
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(roles, vec!["reader".to_string()]);
}

#[tokio::test]
async fn no_scope_means_the_default_project() {
    // alice's default project is demo (the seed sets default_project_id).
    let session = Session::login(&password_cloud("alice", None), &NoPrompt)
        .await
        .unwrap();
    assert_eq!(project_name(&session), "demo");
}

#[tokio::test]
async fn wrong_password_says_what_to_check() {
    let mut cloud = password_cloud("alice", Some("demo"));
    cloud.auth.password = Some(Secret::new("not-the-password"));
    let e = Session::login(&cloud, &NoPrompt)
        .await
        .err()
        .unwrap_or_else(|| panic!("login with a wrong password succeeded"));
    assert_eq!(e.status(), Some(401));
    let hint = e.hint().unwrap_or_default();
    assert!(
        hint.contains("password") && hint.contains("domain"),
        "{hint}"
    );
    assert!(!e.to_string().contains("not-the-password"));
}

#[tokio::test]
async fn missing_password_is_asked_for() {
    let bob = user("bob");
    let mut cloud = password_cloud("bob", Some("platform"));
    cloud.auth.password = None;
    // Nobody to ask: a clear error saying where to put it.
    let e = Session::login(&cloud, &NoPrompt).await.err();
    assert!(
        matches!(&e, Some(KeystoneError::MissingSecret { what: "password", user, .. }) if user == "bob"),
        "{e:?}"
    );
    assert!(
        e.and_then(|e| e.hint())
            .unwrap_or_default()
            .contains("OS_PASSWORD")
    );
    // Someone answers: the login goes through.
    let prompter = Scripted::new(Some(bob.password.clone()), None);
    let session = Session::login(&cloud, &prompter).await.unwrap();
    assert_eq!(project_name(&session), "platform");
    assert_eq!(
        prompter.asked(),
        vec![PromptKind::Password { user: "bob".into() }]
    );
}

/// A raw token, as `openstack token issue` would give one.
async fn issue_token(user_name: &str) -> String {
    let u = user(user_name);
    let body = serde_json::json!({"auth":{"identity":{"methods":["password"],"password":{"user":{
        "name": user_name, "domain": {"name": u.domain_name.clone()}, "password": u.password.clone()}}},
        "scope":"unscoped"}});
    let response = reqwest::Client::new()
        .post(format!("{}/auth/tokens", auth_url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    response
        .headers()
        .get("X-Subject-Token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no token header"))
}

#[tokio::test]
async fn token_login_with_a_project_scope() {
    let token = issue_token("alice").await;
    let cloud = cloud(
        AuthType::Token,
        AuthOptions {
            token: Some(Secret::new(token.clone())),
            project_id: Some(project_id("demo")),
            ..Default::default()
        },
    );
    let session = Session::login(&cloud, &NoPrompt).await.unwrap();
    assert_eq!(session.token_info().user.name, "alice");
    assert_eq!(project_name(&session), "demo");
    assert!(session.token_info().methods.contains(&"token".to_string()));
    assert!(
        !format!("{session:?}").contains(&token),
        "Debug must not show the token"
    );
}

#[tokio::test]
async fn application_credential_by_id_and_by_name() {
    let verify = app_cred("alice-verify");
    let by_id = cloud(
        AuthType::ApplicationCredential,
        AuthOptions {
            application_credential_id: Some(verify.id.clone()),
            application_credential_secret: Some(Secret::new(verify.secret.clone())),
            // A scope in the cloud must be dropped, not sent (Keystone: 401).
            project_name: Some("ci".into()),
            project_domain_name: Some("Default".into()),
            ..Default::default()
        },
    );
    let session = Session::login(&by_id, &NoPrompt).await.unwrap();
    assert_eq!(project_name(&session), "demo", "the credential's project");
    let ac = session.token_info().application_credential;
    assert_eq!(ac.map(|a| a.id), Some(verify.id.clone()));

    let by_name = cloud(
        AuthType::ApplicationCredential,
        AuthOptions {
            application_credential_name: Some("alice-verify".into()),
            application_credential_secret: Some(Secret::new(verify.secret.clone())),
            username: Some("alice".into()),
            user_domain_name: Some("Default".into()),
            ..Default::default()
        },
    );
    let session = Session::login(&by_name, &NoPrompt).await.unwrap();
    assert_eq!(session.token_info().user.name, "alice");
    assert_eq!(project_name(&session), "demo");
}

fn totp_cloud(user_name: &str, auth_type: AuthType) -> appcred::config::CloudConfig {
    let mut c = password_cloud(user_name, Some("demo"));
    c.auth_type = auth_type;
    c
}

#[tokio::test]
async fn totp_login_with_a_computed_passcode() {
    let dave = user("dave");
    let mut cloud = totp_cloud("dave", AuthType::Totp);
    cloud.auth.password = None;
    cloud.auth.passcode = Some(Secret::new(totp_now(
        &dave.totp_secret.clone().expect("a TOTP secret"),
    )));
    let session = Session::login(&cloud, &NoPrompt).await.unwrap();
    assert_eq!(session.token_info().methods, vec!["totp".to_string()]);

    // A wrong passcode: 401 with the TOTP hint.
    cloud.auth.passcode = Some(Secret::new("000000"));
    let current = totp_now(&dave.totp_secret.clone().expect("a TOTP secret"));
    if current != "000000" {
        let e = Session::login(&cloud, &NoPrompt).await.err();
        assert_eq!(e.as_ref().and_then(KeystoneError::status), Some(401));
        let hint = e.and_then(|e| e.hint()).unwrap_or_default();
        assert!(hint.contains("passcode expired or is wrong"), "{hint}");
    }
}

#[tokio::test]
async fn totp_passcode_is_asked_for() {
    let dave = user("dave");
    let mut cloud = totp_cloud("dave", AuthType::Totp);
    cloud.auth.passcode = None;
    let prompter = Scripted::new(None, Some(dave.totp_secret.clone().expect("a TOTP secret")));
    let session = Session::login(&cloud, &prompter).await.unwrap();
    assert_eq!(project_name(&session), "demo");
    assert_eq!(
        prompter.asked(),
        vec![PromptKind::Passcode {
            user: "dave".into()
        }]
    );
}

#[tokio::test]
async fn multi_factor_rules_continue_with_a_receipt() {
    // grace needs password AND totp. Logging in with the password alone
    // gets a 401 receipt; the client asks for the passcode and continues.
    let grace = user("grace");
    let cloud = password_cloud("grace", Some("demo"));
    let e = Session::login(&cloud, &NoPrompt).await.err();
    assert!(
        matches!(
            &e,
            Some(KeystoneError::MissingSecret {
                what: "TOTP passcode",
                ..
            })
        ),
        "{e:?}"
    );
    let prompter = Scripted::new(
        None,
        Some(grace.totp_secret.clone().expect("a TOTP secret")),
    );
    let session = Session::login(&cloud, &prompter).await.unwrap();
    let mut methods = session.token_info().methods;
    methods.sort();
    assert_eq!(methods, vec!["password".to_string(), "totp".to_string()]);
    assert_eq!(
        project_name(&session),
        "demo",
        "the scope survives the receipt"
    );
    assert_eq!(prompter.asked().len(), 1, "only the passcode was asked");
    assert!(matches!(prompter.asked()[0], PromptKind::Passcode { .. }));
    assert_eq!(
        session.request_count(),
        2,
        "first try + receipt continuation"
    );
    // The session works for API calls.
    session.projects().await.unwrap();
}

#[tokio::test]
async fn multifactor_sends_every_method_in_one_request() {
    let grace = user("grace");
    let mut cloud = totp_cloud("grace", AuthType::MultiFactor);
    cloud.auth.auth_methods = vec!["v3password".into(), "v3totp".into()];
    let prompter = Scripted::new(
        None,
        Some(grace.totp_secret.clone().expect("a TOTP secret")),
    );
    let session = Session::login(&cloud, &prompter).await.unwrap();
    assert_eq!(session.request_count(), 1, "no receipt round-trip");
    assert_eq!(prompter.asked().len(), 1);
    assert_eq!(project_name(&session), "demo");
}

#[tokio::test]
async fn verify_good_and_bad_secrets() {
    let cloud = password_cloud("alice", Some("demo"));
    let verify = app_cred("alice-verify");
    let good = verify_application_credential(
        &cloud,
        &verify.id.clone(),
        &Secret::new(verify.secret.clone()),
    )
    .await
    .unwrap();
    assert!(good.works && good.reason.is_none());
    let token = good.token.unwrap_or_else(|| panic!("no token info"));
    assert!(matches!(&token.scope, Scope::Project { id, .. } if *id == project_id("demo")));
    let mut roles: Vec<String> = token.roles.iter().map(|r| r.name.clone()).collect();
    roles.sort();
    // alice-verify asked for member; 27+ store (and so grant) the implied reader too.
    assert_eq!(roles, stored_roles(&["member"]));
    assert!(!token.catalog.is_empty());

    let bad = verify_application_credential(&cloud, &verify.id.clone(), &Secret::new("wrong"))
        .await
        .expect("a refused secret is a report, not an error");
    assert!(!bad.works && bad.token.is_none());
    assert!(bad.reason.unwrap_or_default().contains("wrong secret"));

    let gone = verify_application_credential(
        &cloud,
        "0123456789abcdef0123456789abcdef",
        &Secret::new("x"),
    )
    .await
    .unwrap();
    assert!(!gone.works);
    assert!(
        gone.reason
            .unwrap_or_default()
            .contains("no application credential")
    );

    // The expired seed credential is reported, not an error.
    let expired = app_cred("alice-expired");
    let r = verify_application_credential(
        &cloud,
        &expired.id.clone(),
        &Secret::new(expired.secret.clone()),
    )
    .await
    .unwrap();
    assert!(!r.works);
}

#[tokio::test]
async fn unreachable_keystone_names_the_url() {
    let mut cloud = password_cloud("alice", Some("demo"));
    // A port nothing listens on (bound, then closed).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(9);
    cloud.auth.auth_url = Some(format!("http://127.0.0.1:{port}"));
    let e = Session::login(&cloud, &NoPrompt).await.err();
    let KeystoneError::Connect { url, hint, .. } = e.unwrap_or_else(|| panic!("connected?")) else {
        panic!("expected a connect error");
    };
    assert_eq!(url, format!("http://127.0.0.1:{port}/v3"));
    assert!(hint.unwrap_or_default().contains("auth_url"));
}
