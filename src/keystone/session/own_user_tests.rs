//! Requests for a former user sent for the current one; the 404 that means
//! the token's own user is gone.

use super::*;

fn url(path: &str) -> Url {
    Url::parse(&format!("http://keystone.test:5000/identity{path}")).unwrap()
}

fn token_of(id: &str) -> TokenInfo {
    super::super::consistent::tests::token_of(id, "ops", "Default")
}

fn api(status: u16, message: &str) -> KeystoneError {
    KeystoneError::Api {
        action: "GET".into(),
        status,
        title: "T".into(),
        message: message.into(),
        hint: None,
    }
}

#[test]
fn a_former_users_path_names_the_current_user() {
    let former = vec!["old".to_string()];
    let moved_url = moved(
        &url("/v3/users/old/application_credentials?name=x"),
        &former,
        "new",
    );
    assert_eq!(
        moved_url.map(|u| u.to_string()).as_deref(),
        Some("http://keystone.test:5000/identity/v3/users/new/application_credentials?name=x")
    );
    let access_rule = moved(&url("/v3/users/old/access_rules/r1"), &former, "new");
    assert_eq!(
        access_rule.map(|u| u.path().to_string()).as_deref(),
        Some("/identity/v3/users/new/access_rules/r1")
    );
}

#[test]
fn other_users_and_other_segments_stay() {
    let former = vec!["old".to_string()];
    // An admin's request about another user is about that user.
    assert_eq!(
        moved(
            &url("/v3/users/someone/application_credentials"),
            &former,
            "new"
        ),
        None
    );
    // The id elsewhere than after `users` is not a user id.
    assert_eq!(
        moved(&url("/v3/projects/old/users/someone"), &former, "new"),
        None
    );
    assert_eq!(moved(&url("/v3/auth/tokens"), &former, "new"), None);
    assert_eq!(moved(&url("/v3/users/old"), &[], "new"), None);
}

#[test]
fn the_user_in_a_path() {
    assert_eq!(
        user_in_path(&url("/v3/users/u1/application_credentials")).as_deref(),
        Some("u1")
    );
    assert_eq!(user_in_path(&url("/v3/users")), None);
    assert_eq!(user_in_path(&url("/v3/auth/projects")), None);
}

#[test]
fn a_404_for_the_tokens_own_user_means_it_is_gone() {
    let me = token_of("9450abc");
    // Keystone's answer to any request with a deleted user's token.
    let gone = api(404, "Could not find user: 9450abc.");
    assert!(user_gone(&me, &url("/v3/auth/projects"), &gone));
    assert!(user_gone(
        &me,
        &url("/v3/users/9450abc/application_credentials"),
        &gone
    ));
    // On the own path, whatever id the message names.
    let on_path = api(404, "Could not find user: 9450abc");
    assert!(user_gone(&me, &url("/v3/users/9450abc/groups"), &on_path));
}

#[test]
fn other_404s_are_not_the_own_user_gone() {
    let me = token_of("9450abc");
    let other_user = api(404, "Could not find user: 77aa.");
    assert!(!user_gone(
        &me,
        &url("/v3/users/77aa/application_credentials"),
        &other_user
    ));
    let credential = api(404, "Could not find Application Credential: 9450abc-cred.");
    assert!(!user_gone(
        &me,
        &url("/v3/users/9450abc/application_credentials/c1"),
        &credential
    ));
    let forbidden = api(403, "Could not find user: 9450abc.");
    assert!(!user_gone(&me, &url("/v3/auth/projects"), &forbidden));
}
