//! The rotation rules both the command line and the TUI follow.

use chrono::TimeZone;

use super::*;
use crate::keystone::AccessRule;

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
        .single()
        .unwrap_or_else(|| panic!("bad date"))
}

fn cred(name: &str, expires_at: Option<DateTime<Utc>>) -> ApplicationCredential {
    ApplicationCredential {
        id: format!("id-{name}"),
        name: name.into(),
        description: None,
        user_id: None,
        project_id: Some("p1".into()),
        roles: Vec::new(),
        unrestricted: None,
        expires_at,
        access_rules: None,
    }
}

fn role(id: &str, name: &str) -> RoleRef {
    RoleRef {
        id: id.into(),
        name: name.into(),
    }
}

#[test]
fn names_get_one_date_suffix() {
    let now = at(2026, 12, 1, 9);
    assert_eq!(base_name("ci-20261125"), "ci");
    assert_eq!(base_name("ci-20261125-2"), "ci");
    assert_eq!(base_name("ci-2026112"), "ci-2026112");
    assert_eq!(base_name("-20261125"), "-20261125");
    assert!(has_date_suffix("ci-20261125-2") && !has_date_suffix("ci"));
    assert_eq!(free_name("ci", now, &[]), "ci-20261201");
    assert_eq!(free_name("ci-20261101", now, &[]), "ci-20261201");
    assert_eq!(free_name("ci-20261101-3", now, &[]), "ci-20261201");
    assert_eq!(
        free_name("ci", now, &["ci-20261201".into(), "ci-20261201-2".into()]),
        "ci-20261201-3"
    );
    // Not dates: kept as they are.
    assert_eq!(
        free_name("build-12345678", now, &[]),
        "build-12345678-20261201"
    );
    assert_eq!(free_name("-20261101", now, &[]), "-20261101-20261201");
    assert_eq!(free_name("v-2", now, &[]), "v-2-20261201");
    let long = "x".repeat(255);
    assert_eq!(free_name(&long, now, &[]).chars().count(), 249);
}

#[test]
fn suffix_gives_the_lifetime_in_whole_days() {
    let now = at(2026, 12, 1, 9);
    // Made on 2026-11-01 (at 13:00 say) for 90 days.
    let old = cred("ci-20261101", Some(at(2027, 1, 30, 13)));
    assert_eq!(
        same_lifetime(&old, now),
        Ok((Some(now + Duration::days(90)), ExpiryRule::SameLifetime))
    );
    // Even when it has already expired.
    let gone = cred("ci-20260101-2", Some(at(2026, 1, 31, 0)));
    assert_eq!(
        same_lifetime(&gone, now),
        Ok((Some(now + Duration::days(30)), ExpiryRule::SameLifetime))
    );
}

#[test]
fn without_suffix_the_time_left_is_rounded_up() {
    let now = at(2026, 12, 1, 9);
    let old = cred("ci", Some(now + Duration::days(4)));
    assert_eq!(
        same_lifetime(&old, now),
        Ok((Some(now + Duration::days(7)), ExpiryRule::Guessed))
    );
    let far = cred("ci", Some(now + Duration::days(1000)));
    assert_eq!(
        same_lifetime(&far, now),
        Ok((Some(now + Duration::days(1000)), ExpiryRule::Guessed))
    );
    assert_eq!(
        same_lifetime(&cred("ci", None), now),
        Ok((None, ExpiryRule::Never))
    );
    let expired = cred("ci", Some(now - Duration::days(1)));
    assert_eq!(same_lifetime(&expired, now), Err(NeedExpires));
}

#[test]
fn roles_split_by_id_and_none_left_is_flagged() {
    let roles = [role("r1", "member"), role("r2", "reader")];
    let split = split_roles(&roles, |id| id == "r1");
    assert_eq!(role_names(&split.kept), "member");
    assert_eq!(role_names(&split.dropped), "reader");
    assert!(!split.nothing_kept());
    assert!(split_roles(&roles, |_| false).nothing_kept());
}

#[test]
fn successor_copies_description_flag_and_rules_without_ids() {
    let mut old = cred("tf", None);
    old.description = Some("infra".into());
    old.unrestricted = Some(true);
    old.access_rules = Some(vec![AccessRule {
        id: Some("rule-1".into()),
        service: "compute".into(),
        method: "GET".into(),
        path: "/v2.1/servers".into(),
    }]);
    let kept = [role("r1", "member")];
    let new = successor(&old, "tf-20261201".into(), None, &kept);
    assert_eq!(new.name, "tf-20261201");
    assert_eq!(new.description.as_deref(), Some("infra"));
    assert!(new.unrestricted);
    assert!(new.secret.is_none());
    assert_eq!(new.role_ids, vec!["r1".to_string()]);
    assert_eq!(new.access_rules.len(), 1);
    assert!(new.access_rules.iter().all(|r| r.id.is_none()));
}

#[test]
fn pairs_with_a_dated_successor_are_rotating() {
    let items = vec![
        cred("ci", Some(at(2026, 12, 3, 0))),
        cred("ci-20261125", Some(at(2027, 3, 1, 0))),
        cred("backup", None),
        cred("web-20261125", None),
    ];
    assert_eq!(
        rotating_ids(&items).into_iter().collect::<Vec<_>>(),
        vec!["id-ci".to_string(), "id-ci-20261125".to_string()]
    );
    // Another project's namesake is not a pair.
    let mut other = cred("ci-20261125", None);
    other.project_id = Some("p2".into());
    assert!(rotating_ids(&[cred("ci", None), other]).is_empty());
}
