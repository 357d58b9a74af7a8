//! `--store secret-service` and `--from secret-service:...` against a real
//! gnome-keyring in a private D-Bus session (support::stores::Keyring): the
//! item found with `secret-tool lookup application_credential_id ID`,
//! labelled for a person browsing Seahorse, served to the real OpenStack
//! client by `exec --from`; no D-Bus session and a locked keyring refused
//! before Keystone is asked for anything.

use crate::support::cli::*;
use crate::support::keyring::Keyring;
use crate::support::stores::{appcred_with, create_stored, refused_before_keystone, token_from};
use crate::support::{self, unique};

#[test]
fn create_stores_an_item_found_by_secret_tool_and_served_to_openstack() {
    let Some(keyring) = Keyring::start("store_secret_service::create") else {
        return;
    };
    let mut clean = Cleanup::new("alice");
    let name = clean.name(unique("ss"));
    let out = create_stored(appcred_with(|c| keyring.env(c)), &name, &["secret-service"]);
    out.ok().stderr_has(&[&format!(
        "Stored the secret in secret-service:alice/{name}."
    )]);
    let created = out.json();
    assert!(created.get("secret").is_none(), "{created}");
    let id = created["id"].as_str().expect("id");

    let secret = keyring.secret_tool(&["lookup", "application_credential_id", id]);
    assert_eq!(
        app_cred_login(id, &secret),
        201,
        "the item's secret logs in"
    );
    let listed = keyring.listing(id);
    for part in [
        format!("label = OpenStack application credential {name} (cloud alice)"),
        format!("attribute.name = {name}"),
        "attribute.cloud = alice".to_string(),
        "schema = org.openstack.ApplicationCredential".to_string(),
        format!("attribute.appcred_place = alice/{name}"),
    ] {
        assert!(listed.contains(&part), "{part:?} not in\n{listed}");
    }
    assert!(
        !listed.contains("attribute.application_credential_secret"),
        "{listed}"
    );

    // By place, by id and (the only item) with no place at all.
    for from in [
        format!("secret-service:alice/{name}"),
        format!("secret-service:{id}"),
        "secret-service".to_string(),
    ] {
        let token = token_from(appcred_with(|c| keyring.env(c)), &from);
        assert_eq!(
            token["user_id"],
            user_id("alice").as_str(),
            "{from}: {token}"
        );
    }
}

#[test]
fn no_dbus_session_and_a_locked_keyring_are_refused_before_keystone() {
    let Some(keyring) = Keyring::start("store_secret_service::faults") else {
        return;
    };
    let _clean = Cleanup::new("alice");
    // An SSH session on a jump host: no session bus at all.
    refused_before_keystone(
        support::appcred(),
        "secret-service",
        &["no Secret Service on this session", "use pass: or vault:"],
    );
    // A bus with nothing providing the Secret Service on it.
    let mut cmd = support::appcred();
    cmd.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
    refused_before_keystone(
        cmd,
        "secret-service",
        &["no Secret Service on this session"],
    );
    // A locked keyring: refused, no password prompt waited for.
    keyring.lock();
    refused_before_keystone(
        appcred_with(|c| keyring.env(c)),
        "secret-service",
        &["locked", "unlock it"],
    );
}
