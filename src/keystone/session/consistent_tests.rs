//! Which cached tokens `consistent` calls another login's.

use chrono::Utc;

use super::*;
use crate::config::AuthOptions;
use crate::keystone::auth::tests::cloud;
use crate::keystone::types::{DomainRef, Scope, TokenAppCred, UserRef};

pub(in crate::keystone::session) fn token_of(id: &str, name: &str, domain: &str) -> TokenInfo {
    TokenInfo {
        user: UserRef {
            id: id.into(),
            name: name.into(),
            domain: Some(DomainRef {
                id: domain.to_lowercase(),
                name: domain.into(),
            }),
            federation: None,
        },
        scope: Scope::Unscoped,
        roles: Vec::new(),
        methods: vec!["password".into()],
        issued_at: Utc::now(),
        expires_at: Utc::now(),
        catalog: Vec::new(),
        application_credential: None,
    }
}

fn ops() -> CloudConfig {
    cloud(
        AuthType::Password,
        AuthOptions {
            username: Some("ops".into()),
            user_domain_name: Some("Default".into()),
            ..Default::default()
        },
    )
}

#[test]
fn a_token_of_the_configured_user_is_theirs_whatever_the_case() {
    assert_eq!(
        stored_for_another(&ops(), &token_of("u1", "ops", "Default")),
        None
    );
    assert_eq!(
        stored_for_another(&ops(), &token_of("u1", "OPS", "default")),
        None
    );
}

#[test]
fn another_name_id_or_domain_is_another_users() {
    assert!(stored_for_another(&ops(), &token_of("u2", "admin", "Default")).is_some());
    assert!(stored_for_another(&ops(), &token_of("u3", "ops", "Other")).is_some());
    let by_id = cloud(
        AuthType::Password,
        AuthOptions {
            user_id: Some("u1".into()),
            ..Default::default()
        },
    );
    assert_eq!(stored_for_another(&by_id, &token_of("u1", "x", "D")), None);
    assert!(stored_for_another(&by_id, &token_of("u2", "x", "D")).is_some());
}

#[test]
fn an_application_credential_cloud_checks_the_credential() {
    let ac = cloud(
        AuthType::ApplicationCredential,
        AuthOptions {
            application_credential_id: Some("ac1".into()),
            ..Default::default()
        },
    );
    let mut info = token_of("u1", "ops", "Default");
    assert!(stored_for_another(&ac, &info).is_some(), "a password token");
    info.application_credential = Some(TokenAppCred {
        id: "ac1".into(),
        name: "ci".into(),
        restricted: true,
    });
    assert_eq!(stored_for_another(&ac, &info), None);
    info.application_credential.as_mut().unwrap().id = "ac2".into();
    assert!(stored_for_another(&ac, &info).is_some());
}

#[test]
fn only_a_403_on_the_users_own_credentials_contradicts_the_token() {
    let info = token_of("u1", "ops", "Default");
    let url = |p: &str| Url::parse(&format!("http://k/v3{p}")).unwrap();
    let own = url("/users/u1/application_credentials");
    assert!(owner_refused(&info, &own, 403));
    assert!(owner_refused(&info, &url("/users/u1/access_rules/r"), 403));
    assert!(!owner_refused(&info, &own, 404));
    assert!(!owner_refused(
        &info,
        &url("/users/u2/application_credentials"),
        403
    ));
    assert!(!owner_refused(&info, &url("/role_assignments"), 403));
    let mut restricted = info.clone();
    restricted.application_credential = Some(TokenAppCred {
        id: "ac1".into(),
        name: "ci".into(),
        restricted: true,
    });
    assert!(
        !owner_refused(&restricted, &own, 403),
        "may not manage them"
    );
}
