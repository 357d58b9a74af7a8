//! Name collation against the real test Keystone. On MariaDB, under
//! Keystone's default collation, names compare case-insensitively: `create
//! CI` when `ci` exists gets a 409, and appcred says why and names the
//! existing credential exactly. On sqlite names compare exactly and both are
//! kept. Needs `scripts/keystone start`.

use crate::support;

use crate::support::cli::*;

#[test]
fn a_name_differing_only_in_case_is_explained_where_the_database_ignores_case() {
    let seed = support::seed();
    let mut cleanup = Cleanup::new("alice");
    let lower = cleanup.name(support::unique("collation-ci"));
    let upper = cleanup.name(lower.to_uppercase());
    run("alice", &["create", &lower, "--role", "reader"]).ok();
    let existing = keystone_cred("alice", &lower).expect("the credential just created");
    let existing_id = existing["id"].as_str().expect("an id");

    let out = run("alice", &["create", &upper, "--role", "reader"]);
    if !seed.keystone.on_mariadb("collation") {
        // sqlite compares exactly: a second credential, no collision.
        out.ok();
        assert!(keystone_cred("alice", &upper).is_some(), "{upper} kept");
        return;
    }
    out.expect_code(1).stderr_has(&[
        "409",
        "case-insensitively",
        &format!("{lower:?}"),
        existing_id,
    ]);
    assert_absent("alice", &upper);
    // The one that exists is untouched, and still found by its exact name only.
    assert_eq!(
        keystone_cred("alice", &lower).map(|c| c["id"].clone()),
        Some(existing["id"].clone())
    );
    run("alice", &["show", &upper])
        .expect_code(1)
        .stderr_has(&[&upper]);
}
