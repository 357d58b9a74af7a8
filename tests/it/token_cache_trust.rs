//! Issue 24, finding 5: the cached token's content is not trusted. Another
//! user's valid token put under our key (`keyctl pupdate`, as anyone who may
//! write the key can) is dropped with one fresh login, and a debug log line
//! says why (never the token): at once when the stored token names another
//! user than the cloud config, and on Keystone's 403 on the user's own
//! application credentials when it names ours but is another's.

use crate::support;

use std::path::PathBuf;
use std::sync::MutexGuard;

use serde_json::Value;

use crate::support::token_cache::*;

fn admin_token() -> String {
    support::block_on(async { support::Api::admin().await.token })
}

/// `logged_in` when `keyctl` is here; else None, SKIPPED said.
fn with_keyctl(prefix: &str) -> Option<(MutexGuard<'static, ()>, TestUser, PathBuf)> {
    if keyctl_missing() {
        crate::support::skip("`keyctl` (package keyutils) is not installed");
        return None;
    }
    Some(logged_in(prefix))
}

#[test]
fn a_cached_token_naming_another_user_is_dropped_before_any_request() {
    let Some((_one, user, home)) = with_keyctl("tc-trust-user") else {
        return;
    };

    // The admin's cached value, as if copied from the admin's key.
    let key = the_cached_key();
    let admin = support::seed().user("admin").clone();
    let token = admin_token();
    let mut value = key.value.clone();
    value["token"] = Value::from(token.as_str());
    value["user"]["id"] = Value::from(admin.id.as_str());
    value["user"]["name"] = Value::from(admin.name.as_str());
    pupdate(key.id, &value);

    let run = run_logged(appcred_as_user(&user, &home), &home, "swapped", &["list"]);
    run.assert_ok("list with the admin's token under our key");
    assert!(!run.used_the_cache(), "the admin's token was used");
    assert!(
        run.log
            .contains("another user's than the cloud config names"),
        "no log line says why"
    );
    assert_eq!(run.logins(), 1, "{:?}", run.requests);
    assert!(!run.log.contains(&token), "the token reached the log");
    let now = the_cached_key();
    assert_ne!(now.token(), token, "the admin's token is still cached");
    assert_eq!(now.value["user"]["id"], user.id.as_str());
    remove_user(&user);
}

#[test]
fn a_403_on_our_own_credentials_with_the_cached_token_means_one_fresh_login() {
    let Some((_one, user, home)) = with_keyctl("tc-trust-403") else {
        return;
    };

    // Only the token swapped: what the value says is still our user.
    let key = the_cached_key();
    let token = admin_token();
    let mut value = key.value.clone();
    value["token"] = Value::from(token.as_str());
    pupdate(key.id, &value);

    let name = support::unique("tc-trust");
    let args = ["create", name.as_str(), "--role", "reader", "-f", "json"];
    let run = run_logged(appcred_as_user(&user, &home), &home, "create", &args);
    run.assert_ok("create with the admin's token under our key");
    assert!(run.used_the_cache(), "the swapped token was loaded");
    assert!(
        run.log.contains("it is not this login's token"),
        "no log line says why"
    );
    assert_eq!(run.logins(), 1, "one fresh login: {:?}", run.requests);
    assert!(!run.log.contains(&token), "the token reached the log");
    assert_ne!(the_cached_key().token(), token, "the admin's token is kept");
    let created: Value = serde_json::from_slice(&run.out.stdout).expect("create prints JSON");
    let id = created["id"].as_str().unwrap_or_default().to_string();
    run_logged(
        appcred_as_user(&user, &home),
        &home,
        "rm",
        &["delete", &id, "--yes"],
    )
    .assert_ok("delete");
    remove_user(&user);
}
