//! Application credentials of federated users through the real SSO chain
//! (support/sso.rs): group roles with authorization ttl 0 (Keystone
//! refuses; appcred explains), with a ttl (created, with the warning that
//! it lapses), and a user with a direct role (created, no warning).

use std::time::Duration;

use crate::support::sso::{approver, bed_alone, home};

const LIMIT: Duration = Duration::from_secs(120);
const WARNING: &str = "federated user";

/// One test: the steps change the identity provider's ttl, shared state
/// (so the bed is this test's alone while it runs).
#[test]
fn federated_credentials_by_where_the_roles_come_from() {
    let Some(bed) = bed_alone() else { return };
    let h = home();
    let name = format!("sso-{}", std::process::id());

    // Group roles only, ttl 0: the warning, then Keystone's 400 explained.
    bed.sso(&["ttl", "0"]);
    let out = bed.run(
        h.path(),
        "sso-client",
        &["create", &name, "--role", "member"],
        LIMIT,
    );
    out.failed().stderr_has(&[
        WARNING,
        "Keystone will refuse",
        "Could not find role assignment",
        "does not store that membership (authorization ttl 0)",
        "direct role assignment",
    ]);

    // With a ttl: created, with the warning that it lapses.
    bed.sso(&["ttl", "60"]);
    let out = bed.run(
        h.path(),
        "sso-client",
        &["create", &name, "--role", "member", "-f", "json"],
        LIMIT,
    );
    out.ok()
        .stderr_has(&[WARNING, "stops authenticating when the membership lapses"]);
    let id = out.json()["id"].as_str().unwrap_or_default().to_string();
    assert!(!id.is_empty(), "{}", out.show());
    bed.run(h.path(), "sso-client", &["delete", &id, "--yes"], LIMIT)
        .ok();

    // bob holds a direct member role on sso-project: no warning, even at ttl 0.
    bed.sso(&["ttl", "0"]);
    let out = bed.run_device(
        h.path(),
        "sso-device",
        &["create", &name, "--role", "member", "-f", "json"],
        LIMIT,
        approver(&bed, "approve", "bob"),
    );
    out.ok();
    assert!(
        !out.stderr.contains(WARNING),
        "a warning for a direct role\n{}",
        out.show()
    );
    let id = out.json()["id"].as_str().unwrap_or_default().to_string();
    assert!(!id.is_empty(), "{}", out.show());
}
