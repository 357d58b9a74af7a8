//! `appcred list` and `appcred show` against the real test Keystone: the
//! table's columns, `-f json` compared field by field with what Keystone
//! returns, sorting, `--user` as admin and as a plain member, and unknown
//! names. Needs `scripts/keystone start`.

use crate::support;

use std::collections::BTreeSet;

use crate::support::cli::*;
use serde_json::Value;

fn ids(list: &[Value]) -> BTreeSet<String> {
    list.iter()
        .filter_map(|c| c["id"].as_str().map(str::to_string))
        .collect()
}

fn rule_set(rules: &Value) -> BTreeSet<(String, String, String, String)> {
    rules
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| {
                    let f = |k: &str| r[k].as_str().unwrap_or_default().to_string();
                    (f("id"), f("service"), f("method"), f("path"))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn role_set(roles: &Value) -> BTreeSet<(String, String)> {
    roles
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| {
                    (
                        r["id"].as_str().unwrap_or_default().to_string(),
                        r["name"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// appcred's JSON object for a credential says what Keystone's does, in
/// Keystone's field names (null unrestricted is false, a missing
/// access_rules is an empty list).
fn assert_same_credential(ours: &Value, keystone: &Value) {
    let name = &keystone["name"];
    for key in ["id", "name", "description", "project_id", "expires_at"] {
        assert_eq!(ours[key], keystone[key], "{name}: field {key}");
    }
    assert_eq!(
        role_set(&ours["roles"]),
        role_set(&keystone["roles"]),
        "{name}: roles"
    );
    assert_eq!(
        ours["unrestricted"],
        Value::Bool(keystone["unrestricted"].as_bool().unwrap_or(false)),
        "{name}: unrestricted"
    );
    assert!(
        ours["access_rules"].is_array(),
        "{name}: access_rules is always a list: {ours}"
    );
    assert_eq!(
        rule_set(&ours["access_rules"]),
        rule_set(&keystone["access_rules"]),
        "{name}: access_rules"
    );
}

/// Every object has the Keystone-shaped fields with the right types.
fn assert_shape(c: &Value) {
    for key in ["id", "name", "project_id"] {
        assert!(c[key].is_string(), "{key} is a string in {c}");
    }
    assert!(
        c["description"].is_string() || c["description"].is_null(),
        "{c}"
    );
    assert!(
        c["unrestricted"].is_boolean(),
        "unrestricted is a bool: {c}"
    );
    assert!(
        c["expires_at"].is_string() || c["expires_at"].is_null(),
        "{c}"
    );
    assert!(c["access_rules"].is_array(), "{c}");
    let roles = c["roles"].as_array().expect("roles is an array");
    assert!(!roles.is_empty(), "a credential has roles: {c}");
    for r in roles {
        assert!(r["id"].is_string() && r["name"].is_string(), "role {r}");
    }
}

#[test]
fn list_table_has_every_column_and_marks_expiry_and_danger() {
    let seed = support::seed();
    let out = run("alice", &["list"]);
    out.ok();
    let header = out.stdout.lines().nth(1).unwrap_or_default();
    for column in [
        "Name",
        "ID",
        "Roles",
        "Expires",
        "Unrestricted",
        "Access rules",
        "Description",
    ] {
        assert!(header.contains(column), "no column {column}: {header}");
    }
    let row = |name: &str| -> String {
        out.stdout
            .lines()
            .find(|l| l.contains(&format!(" {name} ")))
            .unwrap_or_else(|| panic!("no row for {name}:\n{}", out.stdout))
            .to_string()
    };
    for (name, c) in &seed.application_credentials {
        if c.owner != "alice" {
            assert!(!out.stdout.contains(name.as_str()), "{name} is not alice's");
            continue;
        }
        let r = row(name);
        // The short id is the id's start; the full one is for -f json.
        assert!(r.contains(&c.id[..8]), "{name}: short id in {r}");
        assert!(
            !r.contains(&c.id),
            "{name}: the table shows the short id: {r}"
        );
        for role in &c.roles {
            assert!(r.contains(role.as_str()), "{name}: role {role} in {r}");
        }
        if let Some(d) = &c.description {
            assert!(r.contains(d.as_str()), "{name}: description in {r}");
        }
        match (&c.expires_at, c.expired) {
            (None, _) => assert!(r.contains("never"), "{name}: {r}"),
            (Some(t), true) => {
                assert!(r.contains("EXPIRED"), "{name}: expired marked: {r}");
                assert!(r.contains(&t[..10]), "{name}: absolute date in {r}");
            }
            (Some(t), false) => {
                // relative and absolute
                assert!(r.contains("in ") && r.contains("UTC"), "{name}: {r}");
                assert!(r.contains(&t[..10]), "{name}: absolute date in {r}");
            }
        }
        let unrestricted = if c.unrestricted { "yes" } else { "no" };
        assert!(
            r.contains(&format!(" {unrestricted} ")),
            "{name}: unrestricted {unrestricted} in {r}"
        );
        let rules = format!(" {} ", c.access_rules.len());
        assert!(r.contains(&rules), "{name}: access rule count in {r}");
    }
}

#[test]
fn list_json_is_what_keystone_returns_for_that_user() {
    let before = keystone_creds("alice");
    let out = run("alice", &["list", "-f", "json"]);
    let after = keystone_creds("alice");
    out.ok();
    let ours = out.json();
    let ours = ours.as_array().expect("list -f json is an array");
    for c in ours {
        assert_shape(c);
        assert_eq!(c["user_id"], user_id("alice").as_str(), "only alice's: {c}");
    }
    // Other tests create and delete alice's credentials meanwhile: compare
    // what existed both before and after our call.
    let stable: BTreeSet<String> = ids(&before).intersection(&ids(&after)).cloned().collect();
    let seen = ids(ours);
    assert!(
        stable.is_subset(&seen),
        "missing from appcred list: {:?}",
        stable.difference(&seen).collect::<Vec<_>>()
    );
    let known: BTreeSet<String> = ids(&before).union(&ids(&after)).cloned().collect();
    assert!(
        seen.is_subset(&known),
        "appcred listed ids Keystone never had"
    );
    for k in after
        .iter()
        .filter(|c| stable.contains(c["id"].as_str().unwrap_or("")))
    {
        let o = ours
            .iter()
            .find(|c| c["id"] == k["id"])
            .expect("checked above");
        assert_same_credential(o, k);
    }
    // The seed's credential with rules has them in full.
    let seed = support::seed();
    let ar = seed.credential("alice-access-rules");
    let o = ours
        .iter()
        .find(|c| c["id"] == ar.id.as_str())
        .expect("alice-access-rules is listed");
    assert_eq!(
        o["access_rules"].as_array().map(Vec::len),
        Some(ar.access_rules.len())
    );
}

#[test]
fn list_sorts_by_name_and_by_expiry() {
    let names = |v: &Value| -> Vec<String> {
        v.as_array()
            .expect("array")
            .iter()
            .map(|c| c["name"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let by_default = run("alice", &["list", "-f", "json"]).ok().json();
    let by_name = run("alice", &["list", "--sort", "name", "-f", "json"])
        .ok()
        .json();
    // Each list is checked against itself: other tests create and delete alice's
    // credentials between the two calls, so the two lists may hold different ones.
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(names(&by_name), sorted(names(&by_name)), "--sort name");
    assert_eq!(
        names(&by_default),
        sorted(names(&by_default)),
        "name is the default order"
    );

    let by_expiry = run("alice", &["list", "--sort", "expires", "-f", "json"])
        .ok()
        .json();
    let expiries: Vec<Option<String>> = by_expiry
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["expires_at"].as_str().map(str::to_string))
        .collect();
    let first_never = expiries.iter().position(Option::is_none);
    if let Some(i) = first_never {
        assert!(
            expiries[i..].iter().all(Option::is_none),
            "never-expiring ones come last: {expiries:?}"
        );
    }
    let dated: Vec<&String> = expiries.iter().flatten().collect();
    assert!(
        dated.windows(2).all(|w| w[0] <= w[1]),
        "soonest first: {dated:?}"
    );
    // The seed guarantees both kinds, so the order is really exercised.
    assert!(first_never.is_some() && dated.len() >= 3, "{expiries:?}");
    let seed = support::seed();
    let pos = |n: &str| names(&by_expiry).iter().position(|x| x == n);
    assert!(
        pos("alice-expired") < pos("alice-5days") && pos("alice-5days") < pos("alice-60days"),
        "{:?}",
        names(&by_expiry)
    );
    assert!(seed.credential("alice-expired").expired);
    // The table follows the same order.
    let table = run("alice", &["list", "--sort", "expires"])
        .ok()
        .stdout
        .clone();
    let at = |n: &str| table.find(&format!(" {n} ")).unwrap_or(usize::MAX);
    assert!(at("alice-expired") < at("alice-5days") && at("alice-5days") < at("alice-forever"));
}

#[test]
fn list_expired_and_expiring_exit_3_when_something_matches() {
    let seed = support::seed();
    let out = run("alice", &["list", "--expired", "-f", "json"]);
    out.expect_code(3);
    let listed = out.json();
    let names: Vec<&str> = listed
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert!(names.contains(&"alice-expired"), "{names:?}");
    assert!(!names.contains(&"alice-forever") && !names.contains(&"alice-60days"));
    // Within 10 days: the 5-day one (and the expired one), not the 60-day one.
    let out = run("alice", &["list", "--expiring", "10d", "-f", "json"]);
    out.expect_code(3);
    let soon = out.stdout.clone();
    assert!(
        soon.contains("alice-5days") && !soon.contains("alice-60days"),
        "{soon}"
    );
    assert!(seed.credential("alice-5days").expires_at.is_some());
    // Nothing for a user without expired credentials: exit 0.
    run("bob", &["list", "--expired", "-f", "json"]).ok();
}

#[test]
fn list_user_as_admin_shows_theirs_as_member_is_refused() {
    let seed = support::seed();
    let alice = seed.user("alice");
    // By name in her domain (an LDAP bed has another alice, in corp), by id.
    for who in [
        vec!["--user", &alice.name, "--user-domain", "Default"],
        vec!["--user", &alice.id],
    ] {
        let out = run("demo", &[&["list", "-f", "json"], who.as_slice()].concat());
        out.ok();
        let listed = ids(out.json().as_array().expect("array"));
        for c in seed.application_credentials.values() {
            assert_eq!(
                listed.contains(&c.id),
                c.owner == "alice",
                "admin {who:?}: {}",
                c.name
            );
        }
    }
    // A plain member may not look at another user's credentials.
    let admin = seed.user("admin");
    for who in [admin.name.as_str(), admin.id.as_str()] {
        let out = run("alice", &["list", "--user", who]);
        out.expect_code(1)
            .stderr_has(&["error:", "not authorized", "only an admin"]);
        assert!(out.stdout.is_empty(), "nothing listed: {}", out.stdout);
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
    // ...but naming herself is fine.
    let own = run("alice", &["list", "--user", "alice", "-f", "json"])
        .ok()
        .json();
    assert!(ids(own.as_array().expect("array")).contains(&seed.credential("alice-forever").id));
}

#[test]
fn show_by_name_and_by_id_gives_every_field_and_rules_in_full() {
    let seed = support::seed();
    let c = seed.credential("alice-access-rules");
    let by_name = run("alice", &["show", &c.name]);
    by_name.ok();
    let t = &by_name.stdout;
    for field in [
        "id",
        "name",
        "description",
        "project_id",
        "user_id",
        "roles",
        "expires_at",
        "unrestricted",
        "access_rules",
    ] {
        assert!(t.contains(&format!(" {field} ")), "field {field} in\n{t}");
    }
    assert!(t.contains(&c.id) && t.contains(&c.project_id) && t.contains(&c.user_id));
    for r in &c.access_rules {
        let line = t
            .lines()
            .find(|l| l.contains(&r.id))
            .unwrap_or_else(|| panic!("rule {} in\n{t}", r.id));
        for part in [&r.service, &r.method, &r.path] {
            assert!(line.contains(part.as_str()), "{part} in {line}");
        }
    }
    // By id, as JSON: the same object Keystone has.
    let by_id = run("alice", &["show", &c.id, "-f", "json"]).ok().json();
    let keystone = keystone_creds("alice")
        .into_iter()
        .find(|k| k["id"] == c.id.as_str())
        .expect("Keystone has alice-access-rules");
    assert_shape(&by_id);
    assert_same_credential(&by_id, &keystone);

    // An expired one says so.
    let expired = run("alice", &["show", "alice-expired"]).ok().stdout.clone();
    assert!(expired.contains("EXPIRED"), "{expired}");
}

#[test]
fn show_unknown_name_or_id_is_an_error() {
    let missing = support::unique("no-such-cred");
    let out = run("alice", &["show", &missing]);
    out.expect_code(1).stderr_has(&["error:", &missing]);
    assert!(out.stdout.is_empty());
    // Someone else's credential, by id: not found for alice (not shown).
    let admins = support::seed().credential("ci-pipeline").id.clone();
    let out = run("alice", &["show", &admins]);
    out.expect_code(1).stderr_has(&["error:"]);
    assert!(!out.stdout.contains("ci-pipeline"), "{}", out.stdout);
}
