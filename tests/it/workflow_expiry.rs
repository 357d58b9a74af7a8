//! The expiry watch and verification against the real Keystone:
//! `list --expiring/--expired` (exit 3 when any match, exactly those
//! listed), `prune --expired` (confirmation, then exactly the expired ones),
//! and `verify` (exit 0 only when the credential works).
//!
//! Deleting tests use a throwaway user (support/workflow.rs); the seed's
//! credentials are only read or authenticated with.

use crate::support;
use crate::support::workflow;

use std::thread::sleep;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::workflow::{TempUser, ids, keystone_in, run, run_with_stdin};
use crate::support::{block_on, seed};

fn id_of(v: &serde_json::Value) -> String {
    v["id"].as_str().unwrap_or_default().to_string()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// How long the credentials meant to expire during a test live, in
/// seconds. Keystone refuses (400) an `expires_at` already past when it
/// reads the request, and `keystone_in` cuts to whole seconds: with 2 or 3 s
/// a create queued behind other tests' requests on a loaded machine came
/// too late. As long as the seed's `alice-expired` (8 s).
const SHORT_LIFE: i64 = 8;

/// Waits until Keystone's clock has passed `expires_at` (they are short).
fn wait_until_expired(creds: &[&serde_json::Value]) {
    // A deadline in time, not in polls: SHORT_LIFE plus room for a slow run.
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let now = chrono::Utc::now().naive_utc();
        let all_past = creds.iter().all(|c| {
            c["expires_at"]
                .as_str()
                .and_then(|s| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").ok())
                .is_some_and(|t| t < now)
        });
        if all_past {
            return;
        }
        sleep(Duration::from_millis(500));
    }
    panic!("credentials did not expire in time");
}

#[test]
fn list_expiring_and_expired_exit_3_only_when_something_matches() {
    let user = block_on(TempUser::new("wf-watch", &[("demo", &["member"])]));
    // A user with no credentials: nothing to report, exit 0.
    for args in [
        &["list", "--expiring", "30d"][..],
        &["list", "--expired"][..],
    ] {
        let mut a = args.to_vec();
        a.extend(["-f", "json"]);
        let r = run(user.me(&a));
        assert_eq!(r.code, 0, "{args:?}: {r}");
        assert_eq!(r.json(), json!([]), "{r}");
    }
    let (soon, later, never, gone) = block_on(async {
        let api = user.api().await;
        let c = |name: &str, exp: Option<String>| json!({"name": name, "expires_at": exp, "roles": [{"name": "member"}]});
        (
            user.create_cred(&api, c("soon", Some(keystone_in(10 * 86400))))
                .await,
            user.create_cred(&api, c("later", Some(keystone_in(90 * 86400))))
                .await,
            user.create_cred(&api, c("never", None)).await,
            user.create_cred(&api, c("gone", Some(keystone_in(SHORT_LIFE))))
                .await,
        )
    });
    wait_until_expired(&[&gone]);

    let cases: [(&[&str], Vec<String>); 5] = [
        (&["--expiring", "30d"], vec![id_of(&soon), id_of(&gone)]),
        (&["--expiring", "5d"], vec![id_of(&gone)]),
        (&["--expiring", "0h"], vec![id_of(&gone)]),
        (
            &["--expiring", "100d"],
            vec![id_of(&soon), id_of(&later), id_of(&gone)],
        ),
        (&["--expired"], vec![id_of(&gone)]),
    ];
    for (flags, want) in cases {
        let mut a = vec!["list"];
        a.extend(flags);
        a.extend(["-f", "json"]);
        let r = run(user.me(&a));
        assert_eq!(r.code, 3, "{flags:?}: {r}");
        assert_eq!(ids(&r.json()), sorted(want), "{flags:?}: {r}");
    }
    // The table lists exactly those too, with the same exit code.
    let t = run(user.me(&["list", "--expiring", "30d"]));
    assert_eq!(t.code, 3, "{t}");
    assert!(
        t.stdout.contains("soon") && t.stdout.contains("gone"),
        "{t}"
    );
    assert!(
        !t.stdout.contains("later") && !t.stdout.contains("never"),
        "{t}"
    );
    // The whole list is no watch: exit 0 although some expired.
    let all = run(user.me(&["list", "-f", "json"]));
    assert_eq!(all.code, 0, "{all}");
    assert_eq!(
        ids(&all.json()),
        sorted(vec![
            id_of(&soon),
            id_of(&later),
            id_of(&never),
            id_of(&gone)
        ])
    );

    // A window with none: once the expired one is deleted, exit 0.
    block_on(async {
        support::Api::admin()
            .await
            .delete_app_cred(&user.id, &id_of(&gone))
            .await
    });
    let r = run(user.me(&["list", "--expiring", "5d", "-f", "json"]));
    assert_eq!((r.code, r.json()), (0, json!([])), "{r}");

    let bad = run(user.me(&["list", "--expiring", "soon"]));
    assert_eq!(bad.code, 1, "{bad}");
    assert!(bad.stderr.contains("30d"), "says what it wants: {bad}");
}

#[test]
fn list_expired_finds_the_seeds_expired_credential() {
    let s = seed();
    let r =
        run(support::appcred().args(["--os-cloud", "alice", "list", "--expired", "-f", "json"]));
    assert_eq!(r.code, 3, "{r}");
    let found = ids(&r.json());
    assert!(found.contains(&s.credential("alice-expired").id), "{r}");
    for c in s.application_credentials.values().filter(|c| !c.expired) {
        assert!(!found.contains(&c.id), "{} is not expired: {r}", c.name);
    }
}

#[test]
fn prune_asks_first_then_deletes_exactly_the_expired_ones() {
    let user = block_on(TempUser::new("wf-prune", &[("demo", &["member"])]));
    let (a, b, live, never) = block_on(async {
        let api = user.api().await;
        let c = |name: &str, exp: Option<String>| json!({"name": name, "expires_at": exp});
        (
            user.create_cred(&api, c("short-a", Some(keystone_in(SHORT_LIFE))))
                .await,
            user.create_cred(&api, c("short-b", Some(keystone_in(SHORT_LIFE + 1))))
                .await,
            user.create_cred(&api, c("live", Some(keystone_in(86400))))
                .await,
            user.create_cred(&api, c("never", None)).await,
        )
    });
    wait_until_expired(&[&a, &b]);

    // No terminal and no --yes: refused, nothing deleted.
    let refused = run(user.me(&["prune", "--expired"]));
    assert_eq!(refused.code, 1, "{refused}");
    assert!(refused.stderr.contains("--yes"), "{refused}");
    assert!(
        refused.stderr.contains("short-a") && refused.stderr.contains("short-b"),
        "{refused}"
    );
    assert_eq!(block_on(user.creds()).len(), 4, "nothing deleted");

    let r = run(user.me(&["prune", "--expired", "--yes", "-f", "json"]));
    assert_eq!(r.code, 0, "{r}");
    let out = r.json();
    assert_eq!(ids(&out), sorted(vec![id_of(&a), id_of(&b)]), "{r}");
    assert!(
        out.as_array()
            .into_iter()
            .flatten()
            .all(|x| x["deleted"] == true),
        "{r}"
    );
    let left: Vec<String> = block_on(user.creds()).iter().map(id_of).collect();
    assert_eq!(sorted(left), sorted(vec![id_of(&live), id_of(&never)]));

    // Nothing left to prune.
    let again = run(user.me(&["prune", "--expired", "--yes", "-f", "json"]));
    assert_eq!((again.code, again.json()), (0, json!([])), "{again}");
}

fn verify_id(id: &str, secret: &str) -> workflow::Run {
    run_with_stdin(
        support::appcred().args([
            "--os-cloud",
            "alice",
            "verify",
            "--id",
            id,
            "--secret-stdin",
            "-f",
            "json",
        ]),
        secret,
    )
}

#[test]
fn verify_reports_project_roles_expiry_and_catalog_for_a_good_secret() {
    let s = seed();
    let good = s.credential("alice-verify");
    let r = verify_id(&good.id, &good.secret);
    assert_eq!(r.code, 0, "{r}");
    let v = r.json();
    assert_eq!(v["works"], true);
    assert_eq!(v["id"], good.id.as_str());
    assert_eq!(v["project"]["id"], s.project("demo").id.as_str(), "{r}");
    let mut roles: Vec<String> = v["roles"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["name"].as_str().map(str::to_string))
        .collect();
    roles.sort();
    assert_eq!(roles, good.roles, "{r}");
    assert!(
        v["catalog_services"].as_u64().is_some_and(|n| n >= 1),
        "{r}"
    );
    assert!(v["token_expires_at"].is_string(), "{r}");
    // The credential itself was read: its expiry, not only the token's.
    assert_eq!(v["credential"]["id"], good.id.as_str(), "{r}");
    assert_eq!(v["credential_expires_at"], json!(null), "never: {r}");
    let soon = s.credential("alice-5days");
    let r5 = verify_id(&soon.id, &soon.secret);
    assert_eq!(r5.code, 0, "{r5}");
    assert_eq!(
        r5.json()["credential_expires_at"],
        json!(soon.expires_at),
        "{r5}"
    );

    // A table for people, same answer.
    let t = run_with_stdin(
        support::appcred().args([
            "--os-cloud",
            "alice",
            "verify",
            "--id",
            &good.id,
            "--secret-stdin",
        ]),
        &good.secret,
    );
    assert_eq!(t.code, 0, "{t}");
    assert!(
        t.stdout.contains("works") && t.stdout.contains("demo"),
        "{t}"
    );

    // The cloud's own application credential, from clouds.yaml.
    let c = run(support::appcred().args(["--os-cloud", "alice-appcred", "verify", "-f", "json"]));
    assert_eq!(c.code, 0, "{c}");
    assert_eq!(c.json()["id"], good.id.as_str());
    assert_eq!(c.json()["works"], true);
}

#[test]
fn verify_fails_with_a_reason_and_exit_1() {
    let s = seed();
    let good = s.credential("alice-verify");
    let bad_secret = verify_id(&good.id, "not-the-secret");
    let unknown = verify_id("0123456789abcdef0123456789abcdef", &good.secret);
    let expired = s.credential("alice-expired");
    let expired_run = verify_id(&expired.id, &expired.secret);
    let erin = s.credential("erin-demo");
    let disabled = verify_id(&erin.id, &erin.secret);
    for (what, r) in [
        ("bad secret", &bad_secret),
        ("unknown id", &unknown),
        ("expired", &expired_run),
        ("disabled owner", &disabled),
    ] {
        assert_eq!(r.code, 1, "{what}: {r}");
        let v = r.json();
        assert_eq!(v["works"], false, "{what}: {r}");
        assert!(
            v["reason"].as_str().is_some_and(|x| !x.is_empty()),
            "{what}: {r}"
        );
    }
    assert!(
        unknown.json()["reason"]
            .as_str()
            .is_some_and(|x| x.contains("no application credential")),
        "{unknown}"
    );
    // alice can read her own credential, so the reason is precise.
    assert!(
        expired_run.json()["reason"]
            .as_str()
            .is_some_and(|x| x.contains("expired")),
        "{expired_run}"
    );
    assert!(bad_secret.stdout.contains("false"));

    // No secret on stdin: a usage error, nothing sent.
    let none = run(support::appcred().args(["--os-cloud", "alice", "verify", "--id", &good.id]));
    assert_eq!(none.code, 2, "{none}");
    // A cloud that does not use an application credential.
    let pw = run(support::appcred().args(["--os-cloud", "alice", "verify"]));
    assert_eq!(pw.code, 2, "{pw}");
}
