//! The audit's flags, on fixed data.

use chrono::TimeZone;

use super::*;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
        .single()
        .unwrap_or_else(|| panic!("bad date"))
}

fn user(name: &str, enabled: bool) -> User {
    User {
        id: format!("u-{name}"),
        name: name.into(),
        domain_id: Some("default".into()),
        enabled,
    }
}

fn role(id: &str) -> RoleRef {
    RoleRef {
        id: id.into(),
        name: id.trim_start_matches("r-").into(),
    }
}

fn cred(name: &str, days: Option<i64>, roles: &[&str]) -> ApplicationCredential {
    ApplicationCredential {
        id: format!("id-{name}"),
        name: name.into(),
        description: None,
        user_id: None,
        project_id: Some("p1".into()),
        roles: roles.iter().map(|r| role(r)).collect(),
        unrestricted: None,
        expires_at: days.map(|d| now() + Duration::days(d)),
        access_rules: None,
    }
}

#[test]
fn each_problem_is_flagged() {
    let window = Duration::days(14);
    let held = [role("r-member")];
    let alice = user("alice", true);
    let check = |u: &User, c: &ApplicationCredential| flags(u, c, Some(&held), now(), window).0;
    assert_eq!(check(&alice, &cred("ok", Some(60), &["r-member"])), vec![]);
    assert_eq!(
        check(&alice, &cred("soon", Some(3), &["r-member"])),
        vec![Flag::Expiring]
    );
    assert_eq!(
        check(&alice, &cred("gone", Some(-1), &["r-member"])),
        vec![Flag::Expired]
    );
    let mut wide = cred("wide", None, &["r-member"]);
    wide.unrestricted = Some(true);
    assert_eq!(
        check(&alice, &wide),
        vec![Flag::NeverExpires, Flag::Unrestricted]
    );
    let (f, dropped) = flags(
        &user("bob", false),
        &cred("lost", Some(60), &["r-member", "r-admin"]),
        Some(&held),
        now(),
        window,
    );
    assert_eq!(f, vec![Flag::OwnerDisabled, Flag::DroppedRole]);
    assert_eq!(dropped, vec![role("r-admin")]);
    // Unknown roles: no dropped-role verdict either way.
    let (f, _) = flags(
        &alice,
        &cred("x", Some(60), &["r-admin"]),
        None,
        now(),
        window,
    );
    assert!(f.is_empty());
    assert_eq!(Flag::DroppedRole.as_str(), "dropped_role");
    assert!(Flag::OwnerDisabled.is_broken() && !Flag::Unrestricted.is_broken());
}

#[test]
fn rows_are_sorted_and_use_the_owners_roles_on_the_project() {
    let mut found = Found {
        users: 2,
        ..Found::default()
    };
    found
        .credentials
        .push((user("zoe", true), cred("b", Some(60), &["r-admin"])));
    found
        .credentials
        .push((user("ann", true), cred("a", Some(60), &["r-admin"])));
    found
        .held
        .insert(("u-zoe".into(), "p1".into()), vec![role("r-member")]);
    found
        .held
        .insert(("u-ann".into(), "p1".into()), vec![role("r-admin")]);
    let rows = rows(&found, now(), Duration::days(14));
    let names: Vec<&str> = rows.iter().map(|r| r.user.name.as_str()).collect();
    assert_eq!(names, ["ann", "zoe"]);
    assert!(rows[0].flags.is_empty());
    assert_eq!(rows[1].flags, vec![Flag::DroppedRole]);
}

#[test]
fn an_ephemeral_credential_is_not_flagged_expiring_but_an_expired_one_is() {
    let window = Duration::days(14);
    let alice = user("alice", true);
    let name = crate::ephemeral::name("alice", "h", now(), 7);
    let check = |c: &ApplicationCredential| flags(&alice, c, None, now(), window).0;
    let mut c = cred(&name, Some(1), &[]);
    assert_eq!(check(&c), vec![]);
    c.expires_at = Some(now() - Duration::hours(1));
    assert_eq!(check(&c), vec![Flag::Expired]);
}

#[test]
fn an_owner_who_no_longer_resolves_is_flagged_deleted_and_nothing_else_of_the_owner() {
    let gone = User {
        id: "a".repeat(64),
        name: String::new(),
        domain_id: None,
        enabled: true,
    };
    let mut found = Found {
        users: 2,
        ..Found::default()
    };
    found.deleted.insert(gone.id.clone());
    // No role of the gone owner is held any more: not a dropped role, the
    // owner being gone says it all.
    found
        .credentials
        .push((gone.clone(), cred("backup", Some(60), &["r-member"])));
    found
        .credentials
        .push((user("ann", true), cred("ci", Some(60), &["r-member"])));
    found
        .held
        .insert(("u-ann".into(), "p1".into()), vec![role("r-member")]);
    let rows = rows(&found, now(), Duration::days(14));
    let gone_row = rows.iter().find(|r| r.user.id == gone.id).unwrap();
    assert_eq!(gone_row.flags, vec![Flag::OwnerDeleted]);
    assert!(gone_row.owner_deleted());
    assert_eq!(gone_row.owner_label(), "aaaaaaaa… (not found)");
    assert!(gone_row.dropped.is_empty());
    let ann = rows.iter().find(|r| r.user.name == "ann").unwrap();
    assert!(ann.flags.is_empty() && !ann.owner_deleted());
    assert_eq!(ann.owner_label(), "ann");

    // A never-expiring credential of a gone owner says both.
    let mut found = found.clone();
    found.credentials[0].1.expires_at = None;
    let rows = super::rows(&found, now(), Duration::days(14));
    let gone_row = rows.iter().find(|r| r.user.id == gone.id).unwrap();
    assert_eq!(gone_row.flags, vec![Flag::OwnerDeleted, Flag::NeverExpires]);
}

#[test]
fn owner_deleted_is_named_explained_and_broken() {
    assert_eq!(Flag::OwnerDeleted.as_str(), "owner_deleted");
    assert!(Flag::OwnerDeleted.is_broken());
    assert_eq!(
        Flag::OwnerDeleted.explain().as_deref(),
        Some("user not found: deleted from the directory?")
    );
    assert_eq!(
        Flag::OwnerDeleted.note().as_deref(),
        Some("owner_deleted: user not found: deleted from the directory?")
    );
    assert!(
        Flag::GroupsLapsed.note().is_some_and(
            |n| n.starts_with("group_membership_lapsed: ") && n.ends_with("avoids it.")
        )
    );
    assert_eq!(Flag::Expired.note(), None);
}
