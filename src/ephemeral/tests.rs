use chrono::TimeZone;

use super::*;

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 5, 29, 39).unwrap()
}

fn cred(name: &str, expires_at: Option<DateTime<Utc>>) -> ApplicationCredential {
    let mut c: ApplicationCredential =
        serde_json::from_value(serde_json::json!({"id": "x", "name": name})).unwrap();
    c.expires_at = expires_at;
    c
}

#[test]
fn a_name_reads_back_with_dashes_and_at_signs_in_user_and_host() {
    let n = name("ops-bot@example.org", "build-7.lab", at(), 4242);
    assert_eq!(
        n,
        "appcred-ephemeral-ops-bot@example.org@build-7.lab-20261207T052939Z-4242"
    );
    let p = parse(&n).unwrap();
    assert_eq!(p.user, "ops-bot@example.org");
    assert_eq!(p.host, "build-7.lab");
    assert_eq!(p.made_at, at());
    assert_eq!(p.pid, 4242);
}

#[test]
fn odd_and_long_parts_still_make_a_valid_name() {
    let user = "é\u{200b}x\ny ".repeat(200);
    let host = "h@st ".repeat(100);
    let n = name(&user, &host, at(), u32::MAX);
    assert!(n.chars().count() <= MAX_NAME_CHARS, "{}", n.len());
    crate::validation::validate_name(&n).unwrap();
    assert!(
        n.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-@".contains(c)),
        "{n}"
    );
    let p = parse(&n).unwrap();
    assert_eq!(p.host, host_part(&host));
    assert_eq!(p.pid, u32::MAX);
    assert_eq!(
        name("", "", at(), 1),
        "appcred-ephemeral-unknown@unknown-20261207T052939Z-1"
    );
}

#[test]
fn other_names_are_not_ephemeral() {
    for n in [
        "ci",
        "appcred-ephemeral-",
        "appcred-ephemeral-alice@h-20261207T052939Z-x",
        "appcred-ephemeral-alice@h-2026-12-07-1",
        "appcred-ephemeral-aliceh-20261207T052939Z-1",
        "appcred-ephemeral-@h-20261207T052939Z-1",
    ] {
        assert_eq!(parse(n), None, "{n}");
    }
}

#[test]
fn leftovers_are_the_expired_and_those_whose_process_here_is_gone() {
    let now = at() + chrono::Duration::minutes(5);
    let later = Some(now + chrono::Duration::hours(1));
    let here = name("alice", "here", at(), 10);
    let there = name("alice", "there", at(), 10);
    let gone = |_: &EphemeralName| Owner::Gone;
    let running = |_: &EphemeralName| Owner::Running;
    let reused = |_: &EphemeralName| Owner::Reused;
    assert_eq!(
        leftover_reason(&cred(&here, later), now, "here", running),
        None
    );
    assert!(leftover_reason(&cred(&here, later), now, "here", gone).is_some());
    assert!(leftover_reason(&cred(&here, later), now, "here", reused).is_some());
    // Another host's process cannot be seen from here: only its expiry counts.
    assert_eq!(
        leftover_reason(&cred(&there, later), now, "here", gone),
        None
    );
    let past = Some(now - chrono::Duration::seconds(1));
    assert_eq!(
        leftover_reason(&cred(&there, past), now, "here", running),
        Some("expired")
    );
    // Not ephemeral: never, even expired.
    assert_eq!(leftover_reason(&cred("ci", past), now, "here", gone), None);
}
