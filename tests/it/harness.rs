//! The test harness itself: the real Keystone answers on loopback, and the
//! seed is what docs/seed.md says (users log in with their passwords, TOTP
//! and multi-factor work, the seeded credentials behave as described), and it
//! runs on the backend it reports (MariaDB + memcached, or the sqlite fallback).

use crate::support::*;
use serde_json::{Value, json};

fn names(roles: &Value) -> Vec<String> {
    let mut v: Vec<String> = roles
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| r["name"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn totp_auth(user: &str, passcode: &str) -> Value {
    let seed = seed();
    let u = seed.user(user);
    json!({"id": u.id, "passcode": passcode})
}

#[test]
fn keystone_answers_on_loopback() {
    let seed = seed();
    assert!(
        seed.auth_url.starts_with("http://127."),
        "{}",
        seed.auth_url
    );
    assert!(seed.auth_url.ends_with("/v3"));
    let reply = block_on(async {
        http()
            .get(&seed.auth_url)
            .send()
            .await
            .map(|r| r.status().as_u16())
    });
    assert_eq!(reply.ok(), Some(200));
    assert!(seed.clouds_yaml.is_file() && seed.secure_yaml.is_file());
}

#[tokio::test]
async fn seed_users_log_in_with_their_passwords() {
    let seed = seed();
    for (user, scope) in [
        ("alice", project_scope("demo")),
        ("alice", project_scope("ci")),
        ("bob", project_scope("platform")),
        ("carol", json!({"domain": {"name": "engineering"}})),
        ("dave", project_scope("demo")),
        ("frank", project_scope("demo")),
        ("admin", json!({"system": {"all": true}})),
    ] {
        let reply = auth(password_auth(user, scope.clone())).await;
        assert_eq!(reply.status, 201, "{user} {scope}: {}", reply.body);
        assert!(reply.header("X-Subject-Token").is_some());
    }
    // alice's token on demo carries her roles and what they imply, nothing else.
    let reply = auth(password_auth("alice", project_scope("demo"))).await;
    assert_eq!(
        names(&reply.body["token"]["roles"]),
        seed.effective_project_roles("alice", "demo")
    );
    assert!(names(&reply.body["token"]["roles"]).contains(&"ops_viewer".to_string()));
    // erin is disabled.
    let reply = auth(password_auth("erin", project_scope("demo"))).await;
    assert_eq!(reply.status, 401, "{}", reply.body);
}

#[tokio::test]
async fn totp_passcode_logs_dave_in() {
    let seed = seed();
    let secret = seed.user("dave").totp_secret.clone().unwrap_or_default();
    let passcode = totp_now(&secret);
    assert_eq!(passcode.len(), 6);
    let body = json!({"auth": {"identity": {"methods": ["totp"],
        "totp": {"user": totp_auth("dave", &passcode)}}, "scope": project_scope("demo")}});
    let reply = auth(body).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.body["token"]["methods"], json!(["totp"]));
    // A wrong passcode is refused.
    let wrong = format!(
        "{:06}",
        (passcode.parse::<u32>().unwrap_or(0) + 1) % 1_000_000
    );
    let body = json!({"auth": {"identity": {"methods": ["totp"],
        "totp": {"user": totp_auth("dave", &wrong)}}}});
    assert_eq!(auth(body).await.status, 401);
}

#[tokio::test]
async fn grace_needs_password_and_totp() {
    let seed = seed();
    let grace = seed.user("grace");
    assert_eq!(grace.mfa_rules, vec![vec!["password", "totp"]]);
    // The password alone: 401 with a receipt naming the missing method.
    let reply = auth(password_auth("grace", project_scope("demo"))).await;
    assert_eq!(reply.status, 401, "{}", reply.body);
    let receipt = reply
        .header("Openstack-Auth-Receipt")
        .unwrap_or_else(|| panic!("no receipt: {:?}", reply.headers))
        .to_string();
    assert_eq!(reply.body["receipt"]["methods"], json!(["password"]));
    // Both methods in one request.
    let passcode = totp_now(grace.totp_secret.as_deref().unwrap_or_default());
    let mut both = password_auth("grace", project_scope("demo"));
    both["auth"]["identity"]["methods"] = json!(["password", "totp"]);
    both["auth"]["identity"]["totp"] = json!({"user": totp_auth("grace", &passcode)});
    let reply = auth(both).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    // Or the receipt plus the missing method.
    let reply = http()
        .post(format!("{}/auth/tokens?nocatalog", seed.auth_url))
        .header("Openstack-Auth-Receipt", receipt)
        .json(&json!({"auth": {"identity": {"methods": ["totp"],
            "totp": {"user": totp_auth("grace", &passcode)}}, "scope": project_scope("demo")}}))
        .send()
        .await
        .map(|r| r.status().as_u16());
    assert_eq!(reply.ok(), Some(201));
}

fn app_cred_auth(id: &str, secret: &str) -> Value {
    json!({"auth": {"identity": {"methods": ["application_credential"],
        "application_credential": {"id": id, "secret": secret}}}})
}

#[tokio::test]
async fn seeded_credentials_behave_as_documented() {
    let seed = seed();
    for (name, cred) in &seed.application_credentials {
        let reply = auth(app_cred_auth(&cred.id, &cred.secret)).await;
        let want = if cred.usable { 201 } else { 401 };
        assert_eq!(reply.status, want, "{name}: {}", reply.body);
    }
    // frank lost `deployer` after his credential was made: its tokens carry
    // only the roles he still holds.
    let frank = seed.credential("frank-demo");
    assert!(frank.roles.contains(&"deployer".to_string()));
    let reply = auth(app_cred_auth(&frank.id, &frank.secret)).await;
    let roles = names(&reply.body["token"]["roles"]);
    assert!(!roles.contains(&"deployer".to_string()), "{roles:?}");
    assert!(roles.contains(&"member".to_string()), "{roles:?}");
    // Access rules and expiry are as seeded.
    let rules = &seed.credential("alice-access-rules").access_rules;
    assert_eq!(rules.len(), 2);
    assert!(seed.credential("alice-forever").expires_at.is_none());
    assert!(seed.credential("alice-expired").expired);
    // Keystone lists them for alice.
    let admin = Api::admin().await;
    let listed = admin.app_creds(&seed.user("alice").id).await;
    for name in [
        "alice-5days",
        "alice-60days",
        "alice-verify",
        "alice-expired",
    ] {
        assert!(
            listed.iter().any(|c| c["name"] == name),
            "{name} not listed"
        );
    }
}

#[test]
fn clouds_yaml_lists_every_cloud_and_keeps_bobs_password_in_secure_yaml() {
    let seed = seed();
    let read = |p: &std::path::Path| -> serde_yaml::Value {
        let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    };
    let clouds = read(&seed.clouds_yaml);
    let secure = read(&seed.secure_yaml);
    for name in seed.clouds.keys() {
        let auth = &clouds["clouds"][name.as_str()]["auth"];
        assert_eq!(
            auth["auth_url"].as_str(),
            Some(seed.auth_url.as_str()),
            "{name}"
        );
    }
    assert!(clouds["clouds"]["bob"]["auth"]["password"].is_null());
    assert_eq!(
        secure["clouds"]["bob"]["auth"]["password"].as_str(),
        Some(seed.user("bob").password.as_str())
    );
}

#[test]
fn helpers_are_sound() {
    // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 -> last 6 digits.
    let key = base32_decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    assert_eq!(key, b"12345678901234567890");
    assert_eq!(
        totp_lite::totp_custom::<totp_lite::Sha1>(30, 6, &key, 59),
        "287082"
    );
    assert_ne!(unique("x"), unique("x"));
    let out = appcred().arg("--version").output().expect("run appcred");
    assert!(out.status.success(), "{out:?}");
}

/// One memcached statistic (`stats` over its text protocol, loopback).
fn memcached_stat(server: &str, name: &str) -> u64 {
    use std::io::{Read, Write};
    let mut conn = std::net::TcpStream::connect(server)
        .unwrap_or_else(|e| panic!("memcached at {server}: {e}"));
    let timeout = Some(std::time::Duration::from_secs(5));
    conn.set_read_timeout(timeout).ok();
    conn.write_all(b"stats\r\n")
        .unwrap_or_else(|e| panic!("memcached at {server}: {e}"));
    let mut text = String::new();
    let mut buf = [0u8; 4096];
    while !text.ends_with("END\r\n") {
        let n = conn
            .read(&mut buf)
            .unwrap_or_else(|e| panic!("memcached at {server}: {e}"));
        assert!(n > 0, "memcached at {server} closed mid-answer: {text}");
        text.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("STAT {name} ")))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {name} in memcached's stats: {text}"))
}

#[tokio::test]
async fn keystone_runs_on_the_reported_backend_and_uses_its_cache() {
    let seed = seed();
    let k = &seed.keystone;
    eprintln!(
        "test Keystone {} ({}) on {}, cache {}",
        k.version, k.series, k.database, k.cache
    );
    assert!(
        ["mariadb", "sqlite"].contains(&k.database.as_str()),
        "{k:?}"
    );
    assert!(!k.version.is_empty() && !k.series.is_empty(), "{k:?}");
    if k.cache != "memcached" {
        crate::support::skip("this Keystone runs without memcached");
        return;
    }
    let server = k.cache_servers.first().expect("a memcached address");
    assert!(server.starts_with("127.0.0.1:"), "{server}");
    // Validating the same token again is answered from the cache.
    let reply = auth(password_auth("alice", project_scope("demo"))).await;
    let token = reply
        .header("X-Subject-Token")
        .expect("a token")
        .to_string();
    let admin = Api::admin().await;
    let validate = || async {
        let r = http()
            .get(format!("{}/auth/tokens", seed.auth_url))
            .header("X-Auth-Token", &admin.token)
            .header("X-Subject-Token", &token)
            .send()
            .await
            .map(|r| r.status().as_u16());
        assert_eq!(r.ok(), Some(200));
    };
    validate().await;
    let before = memcached_stat(server, "get_hits");
    validate().await;
    let after = memcached_stat(server, "get_hits");
    assert!(after > before, "no cache hit: get_hits {before} -> {after}");
}
