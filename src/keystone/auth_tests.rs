//! Payload shapes per auth type, checked against keystone-facts.md §1.

use super::*;
use crate::config::{AuthOptions, TlsOptions};

/// A cloud of `auth_type` and `auth` (other unit tests build theirs here).
pub(crate) fn cloud(auth_type: AuthType, auth: AuthOptions) -> CloudConfig {
    CloudConfig {
        name: "test".into(),
        auth_type,
        auth,
        region_name: None,
        interface: "public".into(),
        identity_api_version: Some("3".into()),
        tls: TlsOptions::default(),
        api_timeout: None,
        source_file: None,
    }
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

fn login_body(c: &CloudConfig) -> Value {
    let plan = plan_from_cloud(c).unwrap();
    (*body(&plan.methods, plan.scope.as_ref())).clone()
}

#[test]
fn password_by_name_and_domain_with_project_scope() {
    let c = cloud(
        AuthType::Password,
        AuthOptions {
            username: s("alice"),
            user_domain_name: s("Default"),
            password: Some("pw".into()),
            project_name: s("demo"),
            project_domain_id: s("default"),
            ..Default::default()
        },
    );
    assert_eq!(
        login_body(&c),
        json!({"auth":{"identity":{"methods":["password"],"password":{"user":{
            "name":"alice","domain":{"name":"Default"},"password":"pw"}}},
            "scope":{"project":{"name":"demo","domain":{"id":"default"}}}}})
    );
}

#[test]
fn password_by_id_without_scope() {
    let c = cloud(
        AuthType::Password,
        AuthOptions {
            user_id: s("u1"),
            username: s("ignored"),
            password: Some("pw".into()),
            ..Default::default()
        },
    );
    assert_eq!(
        login_body(&c),
        json!({"auth":{"identity":{"methods":["password"],"password":{"user":{"id":"u1","password":"pw"}}}}})
    );
}

#[test]
fn generic_password_uses_default_domain() {
    let c = cloud(
        AuthType::Password,
        AuthOptions {
            username: s("alice"),
            password: Some("pw".into()),
            project_name: s("demo"),
            default_domain_id: s("default"),
            ..Default::default()
        },
    );
    let b = login_body(&c);
    assert_eq!(
        b["auth"]["identity"]["password"]["user"]["domain"],
        json!({"id":"default"})
    );
    assert_eq!(
        b["auth"]["scope"]["project"]["domain"],
        json!({"id":"default"})
    );
}

#[test]
fn name_without_domain_is_a_config_error() {
    let c = cloud(
        AuthType::Password,
        AuthOptions {
            username: s("alice"),
            ..Default::default()
        },
    );
    let e = plan_from_cloud(&c)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("without a domain"), "{e}");
    let c = cloud(
        AuthType::Password,
        AuthOptions {
            user_id: s("u"),
            project_name: s("p"),
            ..Default::default()
        },
    );
    assert!(plan_from_cloud(&c).is_err());
}

#[test]
fn missing_password_is_left_for_the_prompter() {
    let c = cloud(
        AuthType::Password,
        AuthOptions {
            user_id: s("u1"),
            password: Some("".into()),
            ..Default::default()
        },
    );
    let plan = plan_from_cloud(&c).unwrap();
    assert!(matches!(
        &plan.methods[..],
        [Method::Password { password: None, .. }]
    ));
}

#[test]
fn token_with_domain_and_system_scopes() {
    let mut c = cloud(
        AuthType::Token,
        AuthOptions {
            token: Some("tok".into()),
            domain_name: s("Default"),
            ..Default::default()
        },
    );
    assert_eq!(
        login_body(&c),
        json!({"auth":{"identity":{"methods":["token"],"token":{"id":"tok"}},"scope":{"domain":{"name":"Default"}}}})
    );
    c.auth.domain_name = None;
    c.auth.system_scope = s("all");
    assert_eq!(
        login_body(&c)["auth"]["scope"],
        json!({"system":{"all":true}})
    );
}

#[test]
fn application_credential_never_sends_a_scope() {
    let c = cloud(
        AuthType::ApplicationCredential,
        AuthOptions {
            application_credential_id: s("ac1"),
            application_credential_secret: Some("sec".into()),
            project_name: s("demo"),
            project_domain_name: s("Default"),
            system_scope: s("all"),
            ..Default::default()
        },
    );
    assert_eq!(
        login_body(&c),
        json!({"auth":{"identity":{"methods":["application_credential"],
            "application_credential":{"id":"ac1","secret":"sec"}}}})
    );
    // Even when asked directly.
    let plan = plan_from_cloud(&c).unwrap();
    let b = body(&plan.methods, Some(&ScopeRequest::ProjectId("p".into())));
    assert!(b["auth"].get("scope").is_none());
}

#[test]
fn application_credential_by_name_needs_a_user() {
    let mut c = cloud(
        AuthType::ApplicationCredential,
        AuthOptions {
            application_credential_name: s("ci"),
            application_credential_secret: Some("sec".into()),
            username: s("alice"),
            user_domain_name: s("Default"),
            ..Default::default()
        },
    );
    assert_eq!(
        login_body(&c)["auth"]["identity"]["application_credential"],
        json!({"name":"ci","secret":"sec","user":{"name":"alice","domain":{"name":"Default"}}})
    );
    c.auth.username = None;
    c.auth.user_id = s("u9");
    assert_eq!(
        login_body(&c)["auth"]["identity"]["application_credential"]["user"],
        json!({"id":"u9"})
    );
    c.auth.user_id = None;
    assert!(plan_from_cloud(&c).is_err());
    c.auth.application_credential_secret = None;
    c.auth.application_credential_id = s("x");
    let e = plan_from_cloud(&c)
        .err()
        .and_then(|e| e.hint())
        .unwrap_or_default();
    assert!(e.contains("secure.yaml"), "{e}");
}

#[test]
fn totp_and_multifactor() {
    let auth = AuthOptions {
        username: s("bob"),
        user_domain_id: s("default"),
        password: Some("pw".into()),
        passcode: Some("123456".into()),
        project_id: s("p1"),
        auth_methods: vec!["v3password".into(), "v3totp".into()],
        ..Default::default()
    };
    let totp = cloud(AuthType::Totp, auth.clone());
    assert_eq!(
        login_body(&totp),
        json!({"auth":{"identity":{"methods":["totp"],"totp":{"user":{"name":"bob",
            "domain":{"id":"default"},"passcode":"123456"}}},"scope":{"project":{"id":"p1"}}}})
    );
    let mfa = cloud(AuthType::MultiFactor, auth);
    let b = login_body(&mfa);
    assert_eq!(
        b["auth"]["identity"]["methods"],
        json!(["password", "totp"])
    );
    assert_eq!(b["auth"]["identity"]["password"]["user"]["password"], "pw");
    assert_eq!(b["auth"]["identity"]["totp"]["user"]["passcode"], "123456");
    assert_eq!(
        plan_from_cloud(&mfa).map(|p| p.kind).ok(),
        Some(LoginKind::MultiFactor)
    );
}

#[test]
fn multifactor_without_methods_is_refused() {
    let c = cloud(
        AuthType::MultiFactor,
        AuthOptions {
            user_id: s("u"),
            ..Default::default()
        },
    );
    assert!(plan_from_cloud(&c).is_err());
}

#[test]
fn scope_shapes() {
    assert_eq!(scope_json(&ScopeRequest::Unscoped), json!("unscoped"));
    assert_eq!(
        scope_json(&ScopeRequest::ProjectName {
            name: "p".into(),
            domain_id: None,
            domain_name: Some("D".into())
        }),
        json!({"project":{"name":"p","domain":{"name":"D"}}})
    );
    assert_eq!(
        scope_json(&ScopeRequest::DomainId("d".into())),
        json!({"domain":{"id":"d"}})
    );
}

#[test]
fn secrets_do_not_show_in_debug() {
    let c = cloud(
        AuthType::MultiFactor,
        AuthOptions {
            user_id: s("u"),
            password: Some("hunter2".into()),
            passcode: Some("654321".into()),
            auth_methods: vec!["password".into(), "totp".into()],
            ..Default::default()
        },
    );
    let plan = plan_from_cloud(&c).unwrap();
    let shown = format!("{plan:?}");
    assert!(
        !shown.contains("hunter2") && !shown.contains("654321"),
        "{shown}"
    );
}
