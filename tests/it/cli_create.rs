//! `appcred create` against the real test Keystone: roles (by name, by id,
//! `_` in the name, not held, none given), every `--expires` form,
//! `--unrestricted`, access rules from flags and files, `--secret-stdin`,
//! name limits, `-f json`, and the errors users meet (duplicate name, a
//! session from a restricted credential). Each case checks what Keystone
//! holds afterwards. Needs `scripts/keystone start`.
//!
//! Not here: the federated "Could not find role assignment" hint (no
//! federation in the test Keystone; unit-tested in src/keystone/hints.rs and
//! error_tests.rs) and an expired token mid-command (keystone_faults.rs
//! and keystone_credentials.rs re-authenticate a revoked token).

use crate::support;

use crate::support::cli::*;
use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Utc};
use serde_json::Value;

/// Keystone's expires_at (UTC, no zone) as a time.
fn keystone_time(c: &Value) -> DateTime<Utc> {
    let text = c["expires_at"]
        .as_str()
        .unwrap_or_else(|| panic!("no expires_at in {c}"));
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .and_utc()
}

/// A port nothing listens on: a command that got that far would fail with
/// "cannot connect". Local checks must fail first, with nothing sent.
const DEAD_URL: &str = "http://127.0.0.1:9/v3";

/// `create` with arguments that must be refused before any request.
fn refused_offline(args: &[&str]) -> Out {
    let mut all = vec!["--os-auth-url", DEAD_URL, "create"];
    all.extend_from_slice(args);
    let out = run("alice", &all);
    assert!(
        matches!(out.code, 1 | 2),
        "create {args:?} must fail: {} {}",
        out.code,
        out.stderr
    );
    assert!(
        !out.stderr.contains("connect") && out.stderr.contains("error"),
        "create {args:?} must be refused before contacting Keystone: {}",
        out.stderr
    );
    out
}

#[test]
fn roles_by_name_and_by_id_and_an_underscore_role_by_id() {
    let seed = support::seed();
    let mut clean = Cleanup::new("alice");
    // By name, with ops_viewer (a name with `_`) by name too: appcred sends ids.
    let a = clean.name(support::unique("cli-roles-a"));
    run(
        "alice",
        &["create", &a, "--role", "member", "--role", "ops_viewer"],
    )
    .ok();
    let got = keystone_cred("alice", &a).expect("created");
    // Stored with the implied reader from Keystone 27 on; 25 stores them as asked.
    assert_eq!(
        role_names(&got),
        seed.stored_roles(&["member", "ops_viewer"])
    );
    // By id: ops_viewer's id, and deployer's (which implies ops_viewer).
    let b = clean.name(support::unique("cli-roles-b"));
    let ops = &seed.role("ops_viewer").id;
    run("alice", &["create", &b, "--role", ops, "-f", "json"]).ok();
    let got = keystone_cred("alice", &b).expect("created");
    assert_eq!(role_names(&got), strs(&["ops_viewer"]));
    let c = clean.name(support::unique("cli-roles-c"));
    let deployer = &seed.role("deployer").id;
    run("alice", &["create", &c, "--role", deployer]).ok();
    let got = keystone_cred("alice", &c).expect("created");
    assert_eq!(role_names(&got), seed.stored_roles(&["deployer"]));
}

#[test]
fn a_role_not_held_is_refused_naming_it_and_the_held_ones() {
    let seed = support::seed();
    let held = seed.effective_project_roles("alice", "demo");
    for wanted in [
        "admin".to_string(),
        seed.role("admin").id.clone(),
        "no-such-role".to_string(),
        "Member".to_string(), // names are case-sensitive
    ] {
        let name = support::unique("cli-notheld");
        let out = run(
            "alice",
            &["create", &name, "--role", "member", "--role", &wanted],
        );
        out.expect_code(1)
            .stderr_has(&[&wanted, "nothing was created"]);
        for h in &held {
            assert!(
                out.stderr.contains(h.as_str()),
                "held role {h} listed: {}",
                out.stderr
            );
        }
        assert_absent("alice", &name);
    }
}

#[test]
fn no_role_means_every_held_role_and_says_so() {
    let seed = support::seed();
    let mut clean = Cleanup::new("alice");
    let name = clean.name(support::unique("cli-allroles"));
    let out = run("alice", &["create", &name]);
    out.ok().stderr_has(&["No --role", "all"]);
    let held = seed.effective_project_roles("alice", "demo");
    for h in &held {
        assert!(out.stderr.contains(h.as_str()), "{h} named: {}", out.stderr);
    }
    let got = keystone_cred("alice", &name).expect("created");
    assert_eq!(role_names(&got), held);
    assert_eq!(got["project_id"], seed.project("demo").id.as_str());
    // Naming roles: no such note.
    let named = clean.name(support::unique("cli-onerole"));
    let out = run("alice", &["create", &named, "--role", "reader"]);
    assert!(!out.ok().stderr.contains("No --role"), "{}", out.stderr);
}

#[test]
fn every_expiry_form_reaches_keystone_as_meant() {
    let mut clean = Cleanup::new("alice");
    let year = Utc::now().year() + 2;
    let at = |m: u32, d: u32, h: u32, min: u32, s: u32| {
        NaiveDateTime::parse_from_str(
            &format!("{year}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}"),
            "%Y-%m-%dT%H:%M:%S",
        )
        .expect("a valid time")
        .and_utc()
    };
    let absolute = [
        (format!("{year}-06-01T12:30:00Z"), at(6, 1, 12, 30, 0)),
        (format!("{year}-06-01T12:30:00+02:00"), at(6, 1, 10, 30, 0)),
        (format!("{year}-06-01"), at(6, 1, 0, 0, 0)),
        (format!("{year}-06-01T08:15"), at(6, 1, 8, 15, 0)),
        (format!("{year}-06-01T08:15:45"), at(6, 1, 8, 15, 45)),
    ];
    for (text, want) in &absolute {
        let name = clean.name(support::unique("cli-exp"));
        let out = run(
            "alice",
            &["create", &name, "--role", "reader", "--expires", text],
        );
        // Shown back in UTC (and local time).
        out.ok()
            .stderr_has(&[&want.format("%Y-%m-%d %H:%M UTC").to_string()]);
        let got = keystone_cred("alice", &name).expect("created");
        assert_eq!(keystone_time(&got), *want, "--expires {text}");
    }
    let relative = [
        ("12h", Duration::hours(12)),
        ("30d", Duration::days(30)),
        ("2w", Duration::weeks(2)),
        ("1y", Duration::days(365)),
    ];
    for (text, span) in relative {
        let name = clean.name(support::unique("cli-exp"));
        let before = Utc::now();
        run(
            "alice",
            &["create", &name, "--role", "reader", "--expires", text],
        )
        .ok();
        let after = Utc::now();
        let got = keystone_time(&keystone_cred("alice", &name).expect("created"));
        // Keystone keeps whole seconds: allow the truncation.
        assert!(
            got >= before + span - Duration::seconds(1) && got <= after + span,
            "--expires {text}: {got} not within [{before}, {after}] + {span}"
        );
    }
}

#[test]
fn a_past_or_unreadable_expiry_is_refused_with_nothing_sent() {
    let yesterday = (Utc::now() - Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    for (bad, words) in [
        (yesterday.as_str(), "not in the future"),
        ("2020-01-01T00:00:00Z", "not in the future"),
        ("garbage", "cannot read"),
        ("30x", "cannot read"),
        ("-5d", "cannot read"),
        ("2031-13-01", "cannot read"),
    ] {
        let name = support::unique("cli-badexp");
        let out = refused_offline(&[&name, &format!("--expires={bad}")]);
        // The time is echoed back (normalised to UTC for the past ones).
        out.stderr_has(&[words, bad.get(..10).unwrap_or(bad)]);
        assert_absent("alice", &name);
    }
}

#[test]
fn unrestricted_is_sent_only_when_asked() {
    let mut clean = Cleanup::new("alice");
    let yes = clean.name(support::unique("cli-unr"));
    let out = run(
        "alice",
        &["create", &yes, "--role", "reader", "--unrestricted"],
    );
    out.ok().stdout_has(&["True"]);
    let got = keystone_cred("alice", &yes).expect("created");
    assert_eq!(got["unrestricted"], true);
    let no = clean.name(support::unique("cli-res"));
    run("alice", &["create", &no, "--role", "reader"]).ok();
    let got = keystone_cred("alice", &no).expect("created");
    assert_ne!(got["unrestricted"], true, "{got}");
}

/// The rules Keystone stored for a credential, as (service, method, path).
fn stored_rules(c: &Value, clean: &mut Cleanup) -> Vec<(String, String, String)> {
    let mut rules: Vec<(String, String, String)> = c["access_rules"]
        .as_array()
        .unwrap_or_else(|| panic!("no access rules in {c}"))
        .iter()
        .map(|r| {
            clean.rule(r["id"].as_str().expect("a rule id"));
            let f = |k: &str| r[k].as_str().unwrap_or_default().to_string();
            (f("service"), f("method"), f("path"))
        })
        .collect();
    rules.sort();
    rules
}

fn triple(s: &str, m: &str, p: &str) -> (String, String, String) {
    (s.into(), m.into(), p.into())
}

#[test]
fn access_rules_from_flags_and_from_json_and_yaml_files() {
    let mut clean = Cleanup::new("alice");
    let tag = support::unique("p");
    let users = format!("/v3/users/{tag}/*");
    let servers = format!("/v2.1/servers/{tag}/**");
    let flags = clean.name(support::unique("cli-ar-flags"));
    run(
        "alice",
        &[
            "create",
            &flags,
            "--role",
            "reader",
            "--access-rule",
            &format!("identity:GET:{users}"),
            // lower-case method: appcred upper-cases it
            "--access-rule",
            &format!("compute:get:{servers}"),
        ],
    )
    .ok();
    let got = keystone_cred("alice", &flags).expect("created");
    let want = vec![
        triple("compute", "GET", &servers),
        triple("identity", "GET", &users),
    ];
    assert_eq!(stored_rules(&got, &mut clean), want);
    // `show` gives them in full.
    run("alice", &["show", &flags])
        .ok()
        .stdout_has(&[&users, &servers]);

    let dir = support::temp_dir("cli-rules");
    let json_file = dir.join("rules.json");
    let volumes = format!("/v3/{tag}/volumes/*");
    std::fs::write(
        &json_file,
        format!(r#"[{{"service": "volumev3", "method": "DELETE", "path": "{volumes}"}}]"#),
    )
    .expect("write rules.json");
    let yaml_file = dir.join("rules.yaml");
    let objects = format!("/v1/{tag}/*");
    std::fs::write(
        &yaml_file,
        format!(
            "# rules\n- service: object-store\n  method: PUT\n  path: {objects}\n\
             - {{service: object-store, method: HEAD, path: {objects}}}\n"
        ),
    )
    .expect("write rules.yaml");
    let from_json = clean.name(support::unique("cli-ar-json"));
    let arg = json_file.to_string_lossy().to_string();
    run(
        "alice",
        &[
            "create",
            &from_json,
            "--role",
            "reader",
            "--access-rules",
            &arg,
        ],
    )
    .ok();
    let got = keystone_cred("alice", &from_json).expect("created");
    assert_eq!(
        stored_rules(&got, &mut clean),
        vec![triple("volumev3", "DELETE", &volumes)]
    );
    let from_yaml = clean.name(support::unique("cli-ar-yaml"));
    let arg = yaml_file.to_string_lossy().to_string();
    run(
        "alice",
        &[
            "create",
            &from_yaml,
            "--role",
            "reader",
            "--access-rules",
            &arg,
        ],
    )
    .ok();
    let got = keystone_cred("alice", &from_yaml).expect("created");
    assert_eq!(
        stored_rules(&got, &mut clean),
        vec![
            triple("object-store", "HEAD", &objects),
            triple("object-store", "PUT", &objects)
        ]
    );
}

#[test]
fn malformed_access_rules_are_refused_with_nothing_sent() {
    for (rule, words) in [
        ("foo", "SERVICE:METHOD:PATH"),
        ("identity:FETCH:/v3/users", "method"),
        ("ident_ity:GET:/v3/users", "'_'"),
        ("identity:GET:v3/users", "start with '/'"),
        ("identity:GET:", "start with '/'"),
    ] {
        let name = support::unique("cli-badrule");
        let out = refused_offline(&[&name, "--access-rule", rule]);
        out.stderr_has(&[words]);
        assert_absent("alice", &name);
    }
    let dir = support::temp_dir("cli-badrules");
    for (file, text, words) in [
        ("empty-list.json", "[]", "empty"),
        ("mapping.yaml", "service: identity\n", "list"),
        ("broken.json", "[{\"service\": ", "not valid JSON or YAML"),
        (
            "no-path.yaml",
            "- {service: identity, method: GET}\n",
            "`path` is missing",
        ),
        (
            "extra-key.yaml",
            "- {service: identity, method: GET, path: /x, verb: GET}\n",
            "unknown key",
        ),
    ] {
        let path = dir.join(file);
        std::fs::write(&path, text).expect("write a rules file");
        let name = support::unique("cli-badfile");
        let out = refused_offline(&[&name, "--access-rules", &path.to_string_lossy()]);
        out.stderr_has(&[words, file]);
        assert_absent("alice", &name);
    }
    let missing = dir.join("missing.yaml");
    refused_offline(&["x", "--access-rules", &missing.to_string_lossy()])
        .stderr_has(&["missing.yaml"]);
}

#[test]
fn names_too_long_or_with_control_characters_are_refused_with_nothing_sent() {
    let long = "n".repeat(256);
    refused_offline(&[&long]).stderr_has(&["256 characters", "255"]);
    for bad in [
        "tab\there",
        "bell\u{7}",
        "esc\u{1b}[31mred",
        "rtl\u{202E}gpj.exe",
        "line\nbreak",
    ] {
        let out = refused_offline(&[bad]);
        out.stderr_has(&["name"]);
        assert_absent("alice", bad);
    }
    refused_offline(&["ok-name", "--description", "two\nlines"]).stderr_has(&["description"]);
    // 255 characters is Keystone's limit and works (kept exactly).
    let mut clean = Cleanup::new("alice");
    let base = support::unique("cli-255");
    let name = clean.name(format!("{base}{}", "x".repeat(255 - base.len())));
    assert_eq!(name.chars().count(), 255);
    run("alice", &["create", &name, "--role", "reader"]).ok();
    assert!(
        keystone_cred("alice", &name).is_some(),
        "255-character name stored"
    );
}

#[test]
fn secret_from_stdin_authenticates_and_json_output_carries_the_secret() {
    let mut clean = Cleanup::new("alice");
    let name = clean.name(support::unique("cli-stdin"));
    let secret = format!("{}-{NASTY_SECRET}", support::unique("s"));
    // A trailing newline (echo) is not part of the secret.
    let out = run_stdin(
        "alice",
        &[
            "create",
            &name,
            "--role",
            "member",
            "--secret-stdin",
            "-f",
            "json",
        ],
        &format!("{secret}\n"),
    );
    let printed = out.ok().json();
    assert_eq!(
        printed["secret"],
        secret.as_str(),
        "-f json includes the secret"
    );
    assert_eq!(printed["name"], name.as_str());
    let id = printed["id"].as_str().expect("an id").to_string();
    let stored = keystone_cred("alice", &name).expect("created");
    assert_eq!(stored["id"], id.as_str());
    assert_eq!(
        app_cred_login(&id, &secret),
        201,
        "the piped secret authenticates"
    );
    assert_eq!(
        app_cred_login(&id, &format!("{secret}x")),
        401,
        "and only it"
    );

    // Keystone's generated secret, in the JSON, authenticates too.
    let generated = clean.name(support::unique("cli-gen"));
    let printed = run(
        "alice",
        &["create", &generated, "--role", "reader", "-f", "json"],
    )
    .ok()
    .json();
    let s = printed["secret"].as_str().expect("a secret in -f json");
    assert!(s.len() >= 32, "Keystone's generated secret: {s:?}");
    let id = printed["id"].as_str().expect("an id");
    assert_eq!(app_cred_login(id, s), 201);
    // The table shows it once, with the warning to save it.
    let tabled = clean.name(support::unique("cli-table"));
    let out = run_stdin(
        "alice",
        &["create", &tabled, "--role", "reader", "--secret-stdin"],
        &secret,
    );
    out.ok()
        .stdout_has(&["secret", &secret])
        .stderr_has(&["Save the secret"]);

    // An empty stdin is refused, nothing created.
    let empty = support::unique("cli-empty");
    run_stdin("alice", &["create", &empty, "--secret-stdin"], "")
        .expect_code(1)
        .stderr_has(&["empty"]);
    assert_absent("alice", &empty);
}

#[test]
fn a_duplicate_name_names_the_existing_credential() {
    let seed = support::seed();
    let existing = seed.credential("alice-forever");
    let out = run("alice", &["create", &existing.name, "--role", "reader"]);
    out.expect_code(1)
        .stderr_has(&["409", &existing.id, "already exists"]);
    let same: Vec<Value> = keystone_creds("alice")
        .into_iter()
        .filter(|c| c["name"] == existing.name.as_str())
        .collect();
    assert_eq!(same.len(), 1, "still one {}: {same:?}", existing.name);
    assert_eq!(same[0]["id"], existing.id.as_str(), "the old one untouched");
}

#[test]
fn a_restricted_credential_session_cannot_create_and_is_told_why() {
    let seed = support::seed();
    assert_eq!(
        seed.clouds["alice-appcred"].auth_type,
        "v3applicationcredential"
    );
    let name = support::unique("cli-from-appcred");
    let out = run("alice-appcred", &["create", &name, "--role", "member"]);
    out.expect_code(1).stderr_has(&[
        "restricted application credential",
        "password",
        "--unrestricted",
    ]);
    assert_absent("alice", &name);
}
