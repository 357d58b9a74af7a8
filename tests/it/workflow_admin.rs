//! `appcred audit` and `create --preset` against the real Keystone. Audit
//! reads the seed (erin disabled, frank's dropped role, alice's expired
//! credential); the preset tests create credentials for throwaway users.

use crate::support;

use serde_json::{Value, json};

use crate::support::workflow::{TempUser, role_names, run};
use crate::support::{Api, block_on, seed};

fn row<'a>(rows: &'a Value, id: &str) -> &'a Value {
    rows.as_array()
        .into_iter()
        .flatten()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("credential {id} not in the audit: {rows}"))
}

fn flags(row: &Value) -> Vec<String> {
    row["flags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f.as_str().map(str::to_string))
        .collect()
}

#[test]
fn audit_of_a_domain_flags_disabled_owner_expired_and_dropped_role() {
    let s = seed();
    let r = run(support::appcred().args([
        "--os-cloud",
        "demo",
        "audit",
        "--domain",
        "Default",
        "-f",
        "json",
    ]));
    assert_eq!(r.code, 0, "{r}");
    let rows = r.json();

    let erin = row(&rows, &s.credential("erin-demo").id);
    assert!(
        flags(erin).contains(&"owner_disabled".to_string()),
        "{erin}"
    );
    assert_eq!(erin["user_enabled"], false);
    assert_eq!(erin["user_name"], "erin");

    let expired = row(&rows, &s.credential("alice-expired").id);
    assert!(flags(expired).contains(&"expired".to_string()), "{expired}");

    let frank = row(&rows, &s.credential("frank-demo").id);
    assert!(
        flags(frank).contains(&"dropped_role".to_string()),
        "{frank}"
    );
    // The roles frank's credential holds (as Keystone stored them: with the
    // implied ones from Keystone 27 on) that he no longer has are flagged.
    let held = s.effective_project_roles("frank", "demo");
    let mut want = s.credential("frank-demo").roles.clone();
    want.retain(|r| !held.contains(r));
    assert!(want.contains(&"deployer".to_string()), "{want:?}");
    assert_eq!(role_names(&json!({"roles": frank["dropped_roles"]})), want);

    let cases = [
        ("alice-forever", "never_expires"),
        ("alice-unrestricted", "unrestricted"),
        ("alice-5days", "expiring"),
    ];
    for (name, flag) in cases {
        let f = flags(row(&rows, &s.credential(name).id));
        assert!(f.contains(&flag.to_string()), "{name}: {f:?}");
    }
    // A healthy one has no flag.
    assert_eq!(
        flags(row(&rows, &s.credential("alice-60days").id)),
        Vec::<String>::new()
    );
    assert!(
        !flags(row(&rows, &s.credential("alice-verify").id))
            .contains(&"owner_disabled".to_string())
    );

    // Every seed credential whose owner is in Default is there; bob's
    // domain is not.
    for c in s.application_credentials.values() {
        let in_default = s.user(&c.owner).domain_id == s.domain("Default").id;
        let present = rows
            .as_array()
            .into_iter()
            .flatten()
            .any(|r| r["id"] == c.id.as_str());
        assert_eq!(present, in_default, "{}", c.name);
    }
    assert!(
        rows.as_array()
            .into_iter()
            .flatten()
            .all(|r| r["user_name"] != "bob")
    );

    // The table says the same for people, and the domain may go by id.
    let t = run(support::appcred().args([
        "--os-cloud",
        "demo",
        "audit",
        "--domain",
        &s.domain("Default").id,
    ]));
    assert_eq!(t.code, 0, "{t}");
    for word in [
        "owner_disabled",
        "dropped_role",
        "expired",
        "erin-demo",
        "frank-demo",
    ] {
        assert!(t.stdout.contains(word), "{word}: {t}");
    }
}

#[test]
fn audit_of_a_project_lists_its_credentials_only() {
    let s = seed();
    for project in ["demo".to_string(), s.project("demo").id.clone()] {
        let r = run(support::appcred().args([
            "--os-cloud",
            "system-admin",
            "audit",
            "--project",
            &project,
            "-f",
            "json",
        ]));
        assert_eq!(r.code, 0, "{r}");
        let rows = r.json();
        let demo = &s.project("demo").id;
        assert!(rows.as_array().is_some_and(|a| !a.is_empty()), "{r}");
        assert!(
            rows.as_array()
                .into_iter()
                .flatten()
                .all(|r| r["project_id"] == demo.as_str()),
            "only credentials on demo: {r}"
        );
        for name in ["erin-demo", "frank-demo", "alice-expired"] {
            row(&rows, &s.credential(name).id);
        }
        assert!(
            !rows
                .as_array()
                .into_iter()
                .flatten()
                .any(|r| r["id"] == s.credential("alice-ci-reader").id.as_str()),
            "alice-ci-reader is on ci: {r}"
        );
    }
}

#[test]
fn audit_as_a_member_is_a_clear_permission_error() {
    for args in [["--domain", "Default"], ["--project", "demo"]] {
        let r = run(support::appcred()
            .args(["--os-cloud", "alice", "audit"])
            .args(args)
            .args(["-f", "json"]));
        assert_eq!(r.code, 1, "{r}");
        assert!(r.stdout.trim().is_empty(), "no partial answer: {r}");
        assert!(
            r.stderr.contains("not allowed") || r.stderr.contains("not authorized"),
            "{r}"
        );
        assert!(r.stderr.contains("hint:"), "{r}");
    }
}

#[test]
fn audit_of_an_unknown_domain_names_it_as_not_found() {
    let domain = support::unique("nodomain");
    // As the cloud admin (the demo cloud): allowed to audit, the name is wrong.
    let unknown =
        run(support::appcred().args(["--os-cloud", "demo", "audit", "--domain", &domain]));
    assert_eq!(unknown.code, 1, "{unknown}");
    assert!(
        unknown.stdout.trim().is_empty(),
        "no partial answer: {unknown}"
    );
    assert!(
        unknown
            .stderr
            .contains(&format!("no domain matches {domain:?}")),
        "{unknown}"
    );
    assert!(unknown.stderr.contains("check the spelling"), "{unknown}");
    assert!(!unknown.stderr.contains("not allowed"), "{unknown}");
}

#[test]
fn magnum_preset_names_describes_and_picks_the_member_role() {
    let member = block_on(TempUser::new("wf-magnum", &[("demo", &["member"])]));
    let legacy = block_on(TempUser::new("wf-magnum-old", &[("demo", &["_member_"])]));
    for (user, role) in [(&member, "member"), (&legacy, "_member_")] {
        let cluster = support::unique("c");
        let r = run(user.me(&[
            "create",
            "--preset",
            "magnum",
            "--cluster",
            &cluster,
            "-f",
            "json",
        ]));
        assert_eq!(r.code, 0, "{r}");
        let out = r.json();
        assert_eq!(out["name"], format!("magnum-{cluster}"));
        assert_eq!(out["description"], format!("Magnum cluster ({cluster})"));
        let id = out["id"].as_str().unwrap_or_default().to_string();
        // Checked in Keystone, not just the output.
        let stored = block_on(async {
            Api::admin()
                .await
                .get(&format!("/users/{}/application_credentials/{id}", user.id))
                .await
        });
        let stored = &stored["application_credential"];
        assert_eq!(stored["name"], format!("magnum-{cluster}"));
        assert_eq!(stored["description"], format!("Magnum cluster ({cluster})"));
        let names = role_names(stored);
        assert!(names.contains(&role.to_string()), "{role}: {names:?}");
        assert!(!names.contains(&"admin".to_string()), "{names:?}");
        // A NAME given wins over the preset's.
        let named = support::unique("mine");
        let r = run(user.me(&[
            "create",
            &named,
            "--preset",
            "magnum",
            "--cluster",
            &cluster,
            "-f",
            "json",
        ]));
        assert_eq!(r.code, 0, "{r}");
        assert_eq!(r.json()["name"], named.as_str());
        assert_eq!(
            r.json()["description"],
            format!("Magnum cluster ({cluster})")
        );
    }
    assert_eq!(block_on(member.creds()).len(), 2);
}

#[test]
fn preset_usage_errors_list_presets_and_name_the_missing_cluster() {
    let user = block_on(TempUser::new("wf-preset-err", &[("demo", &["member"])]));
    let unknown = run(user.me(&["create", "--preset", "nosuch", "--cluster", "x"]));
    assert_eq!(unknown.code, 2, "{unknown}");
    for p in ["magnum", "terraform", "readonly"] {
        assert!(unknown.stderr.contains(p), "{p}: {unknown}");
    }
    let missing = run(user.me(&["create", "--preset", "magnum"]));
    assert_eq!(missing.code, 2, "{missing}");
    assert!(missing.stderr.contains("--cluster"), "{missing}");
    let stray = run(user.me(&["create", "x", "--cluster", "abc"]));
    assert_eq!(stray.code, 2, "{stray}");
    // A preset whose role the user lacks: refused before anything is made.
    let reader = block_on(TempUser::new("wf-preset-reader", &[("demo", &["reader"])]));
    let r = run(reader.me(&["create", "--preset", "magnum", "--cluster", "abc"]));
    assert_eq!(r.code, 1, "{r}");
    assert!(r.stderr.contains("member"), "{r}");
    assert_eq!(
        block_on(user.creds()).len() + block_on(reader.creds()).len(),
        0
    );
}
