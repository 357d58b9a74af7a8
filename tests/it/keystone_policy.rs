//! Issue 29, item 5: a cloud whose policy restricts who may create
//! application credentials. The test Keystone runs with
//! scripts/keystone.d/policy.yaml, where `identity:create_application_credential`
//! is Keystone's default (`user_id:%(user_id)s`) and not `role:appcred_denied`.
//! The project's own member holding that role is refused with the rule named
//! and the policy's hint, not the owner-and-project-scope one; a user with
//! the same grant but without that role creates. (Not the same user after a
//! revoke: Keystone's caches of role assignments may still hold the role for
//! a moment after the revoke, and a loaded CI run met that, a 403.)

use crate::support;

use reqwest::Method;
use serde_json::json;

use crate::support::workflow::{TempUser, grant, run};
use crate::support::{Api, block_on};

const DENIED: &str = "appcred_denied";
const RULE: &str = "identity:create_application_credential";

/// The id of role appcred_denied, created if no test made it yet.
async fn denied_role(admin: &Api) -> String {
    for _ in 0..3 {
        let found = admin.get(&format!("/roles?name={DENIED}")).await;
        if let Some(id) = found["roles"][0]["id"].as_str() {
            return id.to_string();
        }
        let made = admin
            .call(
                Method::POST,
                "/roles",
                Some(json!({"role": {"name": DENIED}})),
            )
            .await;
        if let Some(id) = made.body["role"]["id"].as_str() {
            return id.to_string();
        }
        // 409: another test made it meanwhile; read it again.
        assert_eq!(made.status, 409, "create role {DENIED}: {}", made.body);
    }
    panic!("role {DENIED} neither found nor made");
}

#[test]
fn a_policy_that_denies_a_role_is_named_with_its_hint_and_the_owner_hint_is_not_given() {
    let user = block_on(TempUser::new("policy", &[("demo", &["member"])]));
    let admin = block_on(Api::admin());
    let denied = block_on(denied_role(&admin));
    block_on(grant(&admin, &user.id, &user.project_id, &denied));
    let name = support::unique("policy-cred");

    let refused = run(user.me(&["create", &name]));
    assert_ne!(refused.code, 0, "{refused}");
    assert!(
        refused.stderr.contains("403") && refused.stderr.contains(RULE),
        "the rule Keystone gave is named (does the test Keystone run \
         scripts/keystone.d/policy.yaml? restart it with scripts/keystone start): {refused}"
    );
    assert!(
        refused.stderr.contains(&format!(
            "this cloud's policy does not let your roles on project demo (Default) do {RULE}: \
             ask its operators for the role it needs"
        )),
        "{refused}"
    );
    assert!(
        !refused.stderr.contains("only the owner"),
        "the owner's hint, to the owner on a project: {refused}"
    );
    assert!(block_on(user.creds()).is_empty(), "nothing was created");

    let plain = block_on(TempUser::new("policy-plain", &[("demo", &["member"])]));
    let made = run(plain.me(&["create", &name, "-f", "json"]));
    assert_eq!(made.code, 0, "without {DENIED} the member creates: {made}");
    assert_eq!(made.json()["name"], name.as_str());
    let held: Vec<_> = block_on(plain.creds())
        .into_iter()
        .filter(|c| c["name"] == name.as_str())
        .collect();
    assert_eq!(held.len(), 1, "Keystone holds the credential");
}
