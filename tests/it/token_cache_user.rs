//! Issue 29, item 3: the cached token names a user id that is no longer the
//! login's. A user deleted and created again under the same name has a new
//! id; Keystone answers every request made with the old user's token 404
//! "Could not find user: <old id>" (revoked or not: it looks the user up
//! first). Both ways a cached token of the old user can be refused, 401 and
//! that 404, must end in one fresh login and requests for the new user.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::token_cache::*;

/// A clouds.yaml in `home` with cloud `me`: `user` by name on project demo.
fn clouds_for(user: &TestUser, home: &Path) -> PathBuf {
    let seed = support::seed();
    let path = home.join("clouds.yaml");
    let text = format!(
        "clouds:\n  me:\n    auth_type: password\n    auth:\n      auth_url: {}\n      \
         username: \"{}\"\n      password: \"{}\"\n      user_domain_name: Default\n      \
         project_name: demo\n      project_domain_name: Default\n    region_name: {}\n    \
         interface: public\n    identity_api_version: 3\n",
        seed.auth_url, user.name, user.password, seed.region
    );
    std::fs::write(&path, text).expect("write clouds.yaml");
    path
}

/// `appcred --os-cloud me` with the token cache on, reading only `clouds`.
fn appcred_me(home: &Path, clouds: &Path) -> Command {
    let mut cmd = appcred_cached(home);
    cmd.env("OS_CLIENT_CONFIG_FILE", clouds)
        .env("OS_CLIENT_SECURE_FILE", home.join("no-secure.yaml"))
        .args(["--os-cloud", "me"]);
    cmd
}

/// Deletes `user` and creates the same name, password and role on demo
/// again: the same login, a new id.
fn recreate(user: &TestUser) -> TestUser {
    remove_user(user);
    let id = create_member(&user.name, &user.password);
    assert_ne!(id, user.id, "Keystone gave the new user a new id");
    TestUser {
        id,
        name: user.name.clone(),
        password: user.password.clone(),
    }
}

/// A credential of `user`'s own, so a list shows whose credentials it read.
fn credential_of(user: &TestUser) -> String {
    let name = support::unique("tc-user-cred");
    let seed = support::seed();
    let login = json!({"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "id": user.id, "password": user.password}}},
        "scope": {"project": {"id": seed.projects["demo"].id}}}});
    let body = json!({"application_credential": {"name": name}});
    support::block_on(async {
        let api = support::Api::login(login).await;
        let path = format!("/users/{}/application_credentials", user.id);
        let made = api.call(Method::POST, &path, Some(body)).await;
        assert_eq!(made.status, 201, "{}", made.body);
    });
    name
}

/// The listed credentials' names (`list -f json`).
fn names(run: &LoggedRun) -> Vec<String> {
    let list: Value = serde_json::from_slice(&run.out.stdout).unwrap_or(Value::Null);
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["name"].as_str().map(str::to_string))
        .collect()
}

/// The start of both tests: a user of our own with a clouds.yaml, its token
/// cached by one `list`, then the user deleted and created again with a
/// credential. Returns (the old user, the new one, HOME, clouds.yaml).
fn cached_then_recreated(prefix: &str) -> (TestUser, TestUser, PathBuf, PathBuf) {
    fresh_session_keyring();
    let old = make_user();
    let home = support::temp_dir(prefix);
    let clouds = clouds_for(&old, &home);
    let first = run_logged(appcred_me(&home, &clouds), &home, "first", &["list"]);
    first.assert_ok("first list");
    assert_eq!(the_cached_key().value["user"]["id"], old.id.as_str());
    let new = recreate(&old);
    (old, new, home, clouds)
}

/// `list -f json` after the re-creation; its first request (with the
/// cached token, for the old user) answered `status`.
fn second_run(home: &Path, clouds: &Path, old: &TestUser, status: u16) -> LoggedRun {
    let run = run_logged(
        appcred_me(home, clouds),
        home,
        "second",
        &["list", "-f", "json"],
    );
    assert!(run.used_the_cache(), "the old user's token was tried");
    let first = run.requests.first().cloned().unwrap_or_default();
    assert!(
        first.contains(&old.id) && first.ends_with(&format!(" {status}")),
        "the cached token for the old user answered {status}: {:?}",
        run.requests
    );
    run
}

/// The run after the re-creation: exit 0, one login, the new user's
/// credential listed, every request after the login for the new id, and the
/// new user's token cached; the next run needs no login.
fn lists_for_the_new_user(run: &LoggedRun, old: &TestUser, new: &TestUser, cred: &str) {
    run.assert_ok("list after the user was created again");
    assert_eq!(run.logins(), 1, "one fresh login: {:?}", run.requests);
    assert_eq!(names(run), [cred], "the new user's credentials");
    let after_login = run
        .requests
        .iter()
        .skip_while(|r| !is_login(r))
        .skip(1)
        .collect::<Vec<_>>();
    assert!(!after_login.is_empty(), "{:?}", run.requests);
    for r in &after_login {
        assert!(
            r.contains(&new.id) && !r.contains(&old.id) && r.ends_with(" 200"),
            "a request after the login for the old user: {:?}",
            run.requests
        );
    }
    assert_eq!(the_cached_key().value["user"]["id"], new.id.as_str());
}

#[test]
fn a_cached_token_of_a_deleted_user_means_one_login_as_the_user_made_again() {
    let _one = one_at_a_time();
    let (old, new, home, clouds) = cached_then_recreated("tc-user-404");
    let cred = credential_of(&new);

    // Keystone no longer finds the old user: 404 on any request.
    let run = second_run(&home, &clouds, &old, 404);
    lists_for_the_new_user(&run, &old, &new, &cred);

    let third = run_logged(appcred_me(&home, &clouds), &home, "third", &["list"]);
    third.assert_ok("third list");
    assert_eq!(
        third.logins(),
        0,
        "the new token is cached: {:?}",
        third.requests
    );
    remove_user(&new);
}

#[test]
fn a_refused_cached_token_then_requests_for_the_new_logins_user() {
    if keyctl_missing() {
        support::skip("`keyctl` (package keyutils) is not installed");
        return;
    }
    let _one = one_at_a_time();
    let (old, new, home, clouds) = cached_then_recreated("tc-user-401");
    let cred = credential_of(&new);
    // A token Keystone cannot read (as after its Fernet keys rotated past
    // it): 401, where the old user's own token would give 404.
    let key = the_cached_key();
    let mut value = key.value.clone();
    let token = key.token();
    let at = token.len() / 2;
    let flipped = if &token[at..=at] == "A" { "B" } else { "A" };
    value["token"] = Value::from(format!("{}{flipped}{}", &token[..at], &token[at + 1..]));
    pupdate(key.id, &value);

    let run = second_run(&home, &clouds, &old, 401);
    lists_for_the_new_user(&run, &old, &new, &cred);
    remove_user(&new);
}
