//! What the real OP of the SSO bed cannot be made to do, against a loopback
//! fake of its token endpoints only (support/sso_fake.rs), with the real Apache +
//! mod_auth_openidc + Keystone behind: the device flow's `slow_down` (the
//! poll interval grows by 5 s, RFC 8628 §3.5), a client refused the password
//! grant (`unauthorized_client`), and an identity provider whose clock is
//! off (its `Date`), which the refusal at Keystone's door then names.

use std::time::Duration;

use crate::support::sso::bed;
use crate::support::sso_fake::{Fake, bed_auth, list_with, oauth_error, ok, write_clouds};

/// interval 1 s; the first poll gets slow_down, the second
/// authorization_pending, the third a token: the gaps are ~1, ~6, ~6 s
/// (~13 s in all, bounded by the fake's answers).
#[test]
fn slow_down_adds_five_seconds_to_the_poll_interval_and_keeps_it() {
    let Some(bed) = bed() else { return };
    let fake = Fake::start(|req, n| match (req.path.as_str(), n) {
        ("/device", _) => ok(
            r#"{"device_code":"dev-code","user_code":"FAKE-CODE","verification_uri":"http://127.0.0.1/device","expires_in":60,"interval":1}"#,
        ),
        ("/token", 0) => oauth_error("slow_down"),
        ("/token", 1) => oauth_error("authorization_pending"),
        ("/token", _) => ok(r#"{"access_token":"fake-device-token","token_type":"Bearer"}"#),
        _ => (404, Vec::new(), "{}".into()),
    });
    let d = tempfile::tempdir().expect("tempdir");
    let mut auth = bed_auth(&bed);
    auth.push(format!(
        "device_authorization_endpoint: \"{}/device\"",
        fake.url
    ));
    auth.push(format!("access_token_endpoint: \"{}/token\"", fake.url));
    write_clouds(d.path(), "dev", "v3oidcdeviceauthz", &auth, &[]);
    let out = list_with(&bed, d.path(), "dev");
    out.stderr_has(&["enter the code FAKE-CODE"]);
    // The fake's token went on to the real Apache, which refused it.
    out.failed()
        .stderr_has(&["web server in front of Keystone refused"]);

    let seen = fake.seen();
    let polls: Vec<_> = seen.iter().filter(|s| s.path == "/token").collect();
    assert_eq!(polls.len(), 3, "{seen:?}");
    for p in &polls {
        assert_eq!(p.field("device_code").as_deref(), Some("dev-code"));
        assert_eq!(
            p.field("grant_type").as_deref(),
            Some("urn:ietf:params:oauth:grant-type:device_code")
        );
    }
    let start = seen
        .iter()
        .find(|s| s.path == "/device")
        .expect("the device request")
        .at;
    let gaps = [
        polls[0].at - start,
        polls[1].at - polls[0].at,
        polls[2].at - polls[1].at,
    ];
    let secs: Vec<f64> = gaps.iter().map(Duration::as_secs_f64).collect();
    // A poll is never early (appcred sleeps the interval, then asks), but a
    // busy machine (2 cores running Keystone, Apache and the other tests)
    // makes it late by seconds. So the lower bounds are tight, and each
    // upper bound is where the next wrong behaviour would start: 1 s then
    // 6 s (slow_down applied early, or twice), 11 s (pending adding another
    // 5 s). Lateness up to ~5 s passes; the wrong interval cannot.
    assert!(
        (0.9..5.9).contains(&secs[0]),
        "first poll after the 1 s interval: {secs:?}"
    );
    assert!(
        (5.9..10.9).contains(&secs[1]),
        "slow_down: 1 + 5 s: {secs:?}"
    );
    assert!(
        (5.9..10.9).contains(&secs[2]),
        "pending keeps the slower interval: {secs:?}"
    );
}

#[test]
fn a_client_refused_the_password_grant_is_told_to_enable_it() {
    let Some(bed) = bed() else { return };
    let fake = Fake::start(|_, _| oauth_error("unauthorized_client"));
    let d = tempfile::tempdir().expect("tempdir");
    let mut auth = bed_auth(&bed);
    auth.push(format!("access_token_endpoint: \"{}/token\"", fake.url));
    auth.push("username: alice".into());
    write_clouds(
        d.path(),
        "pw",
        "v3oidcpassword",
        &auth,
        &["password: \"p-Secret-9\"".into()],
    );
    let out = list_with(&bed, d.path(), "pw");
    out.failed().stderr_has(&[
        "identity provider",
        "unauthorized_client",
        "client \"fake-client\" may not use the password grant",
        "enable it for the client there",
    ]);
    assert!(!out.stderr.contains("p-Secret-9"), "{}", out.show());
}

#[test]
fn an_identity_provider_clock_far_off_is_named_when_keystone_refuses() {
    let Some(bed) = bed() else { return };
    // The OP's Date is 10 minutes behind ours.
    let date = (chrono::Utc::now() - chrono::Duration::minutes(10)).to_rfc2822();
    let fake = Fake::start(move |_, _| {
        (
            200,
            vec![("Date".to_string(), date.clone())],
            r#"{"access_token":"skewed-token","token_type":"Bearer"}"#.to_string(),
        )
    });
    let d = tempfile::tempdir().expect("tempdir");
    let mut auth = bed_auth(&bed);
    auth.push(format!("access_token_endpoint: \"{}/token\"", fake.url));
    write_clouds(
        d.path(),
        "cc",
        "v3oidcclientcredentials",
        &auth,
        &["client_secret: \"c-Secret-7\"".into()],
    );
    let out = list_with(&bed, d.path(), "cc");
    out.failed().stderr_has(&[
        "web server in front of Keystone refused",
        "this machine's clock is",
        "off the identity provider's",
        "time sync",
    ]);
    assert!(!out.stderr.contains("c-Secret-7"), "{}", out.show());
}
