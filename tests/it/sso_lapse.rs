//! A federated owner's group membership lapses, through the real SSO chain
//! (support/sso.rs): `verify` and the audit name the lapse, a direct
//! role's credential keeps working, and a ttl brings the membership back.
//!
//! How it lapses, for real: Keystone computes a stored membership's expiry
//! when it is read (`last_verified` + the identity provider's
//! `authorization_ttl`, else `[federation] default_authorization_ttl`, in
//! minutes; keystone/identity/backends/sql_model.py). So an operator lowering
//! the ttl to 0 lapses every stored membership at once: no waiting, no
//! database edit. Raising it again within the window revives them.

use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use crate::support::sso::{Bed, Out, approver, bed_alone, home};
use serde_json::Value;

const LIMIT: Duration = Duration::from_secs(120);

/// `appcred --os-cloud CLOUD verify --id ID --secret-stdin -f json`.
fn verify(bed: &Bed, home: &Path, cloud: &str, id: &str, secret: &str) -> (Out, Value) {
    let mut child = bed
        .appcred(home)
        .args(["--os-cloud", cloud, "verify", "--id", id, "--secret-stdin"])
        .args(["-f", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("appcred runs");
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(secret.as_bytes()).expect("secret written");
    }
    let out = child.wait_with_output().expect("appcred ends");
    let out = Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    };
    let doc = out.json();
    (out, doc)
}

fn created(out: &Out) -> (String, String) {
    let doc = out.ok().json();
    let field = |k: &str| doc[k].as_str().unwrap_or_default().to_string();
    let (id, secret) = (field("id"), field("secret"));
    assert!(!id.is_empty() && !secret.is_empty(), "{}", out.show());
    (id, secret)
}

/// One test: the steps change the identity provider's ttl, shared state.
#[test]
fn a_lapsed_group_membership_is_named_by_verify_and_the_audit() {
    let Some(bed) = bed_alone() else { return };
    let h = home();
    let name = format!("lapse-{}", std::process::id());

    // Created while Keystone keeps memberships for an hour: the service
    // account (group roles only) and bob (a direct member role too).
    bed.sso(&["ttl", "60"]);
    let (svc_id, svc_secret) = created(&bed.run(
        h.path(),
        "sso-client",
        &["create", &name, "--role", "member", "-f", "json"],
        LIMIT,
    ));
    let (bob_id, bob_secret) = created(&bed.run_device(
        h.path(),
        "sso-device",
        &["create", &name, "--role", "member", "-f", "json"],
        LIMIT,
        approver(&bed, "approve", "bob"),
    ));
    let (out, doc) = verify(&bed, h.path(), "sso-client", &svc_id, &svc_secret);
    assert_eq!(doc["works"], true, "{}", out.show());

    // The operator lowers the ttl to 0: the stored memberships lapse.
    bed.sso(&["ttl", "0"]);
    let (out, doc) = verify(&bed, h.path(), "sso-client", &svc_id, &svc_secret);
    assert_eq!(out.code, 1, "{}", out.show());
    assert_eq!(doc["works"], false, "{}", out.show());
    let reason = doc["reason"].as_str().unwrap_or_default();
    for part in [
        "federated (SSO) user",
        "came only from the identity provider's groups",
        "default_authorization_ttl",
        "authorization_ttl",
        "it has lapsed",
        "direct role assignment",
        "service account",
    ] {
        assert!(reason.contains(part), "{part:?} missing: {reason}");
    }
    // bob's roles include a direct assignment: his credential still works.
    let (out, doc) = verify(&bed, h.path(), "sso-device", &bob_id, &bob_secret);
    assert_eq!(doc["works"], true, "{}", out.show());
    assert_eq!(out.code, 0, "{}", out.show());

    // The audit (an admin) names it for the service account's credential only.
    let out = bed.run(
        h.path(),
        "sso-admin",
        &["audit", "--domain", "sso", "-f", "json"],
        LIMIT,
    );
    let rows = out.ok().json();
    let row = |id: &str| {
        rows.as_array()
            .and_then(|r| r.iter().find(|x| x["id"] == id))
            .cloned()
            .unwrap_or_else(|| panic!("no audit row for {id}\n{}", out.show()))
    };
    let flags = |r: &Value| -> Vec<String> {
        r["flags"]
            .as_array()
            .map(|f| {
                f.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let svc = row(&svc_id);
    assert!(
        flags(&svc).contains(&"group_membership_lapsed".to_string()),
        "{svc}"
    );
    assert!(
        svc["reasons"]
            .to_string()
            .contains("identity provider's groups"),
        "{svc}"
    );
    let bob = row(&bob_id);
    assert!(
        !flags(&bob)
            .iter()
            .any(|f| f == "group_membership_lapsed" || f == "dropped_role"),
        "{bob}"
    );
    // The table says it in words once, under the rows.
    let out = bed.run(h.path(), "sso-admin", &["audit", "--domain", "sso"], LIMIT);
    out.ok().stderr_has(&[
        "group_membership_lapsed: the owner is a federated user",
        "logging in again through SSO renews it",
    ]);

    // Within the window again (the last login is minutes old): it works.
    bed.sso(&["ttl", "60"]);
    let (out, doc) = verify(&bed, h.path(), "sso-client", &svc_id, &svc_secret);
    assert_eq!(doc["works"], true, "{}", out.show());
    bed.run(h.path(), "sso-client", &["delete", &svc_id, "--yes"], LIMIT)
        .ok();
    bed.sso(&["ttl", "0"]);
}
