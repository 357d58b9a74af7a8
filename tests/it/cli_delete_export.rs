//! `appcred delete`, `appcred export`, `create --export/--output/--merge`
//! and `appcred access-rules` against the real test Keystone: what is
//! deleted (checked in Keystone), where the secret goes (files 0600, never
//! on stdout with --output), refusals that leave nothing behind, and a
//! merge that keeps every byte of the old clouds.yaml. The real OpenStack
//! client reads these exports in cli_exports_openstack.rs.

use crate::support;

use std::path::Path;
use std::process::Command;

use crate::support::cli::*;
use serde_json::{Value, json};

/// A credential made through the API (not by appcred): `(id, name)`.
fn made(clean: &mut Cleanup, prefix: &str, secret: Option<&str>) -> (String, String) {
    let name = clean.name(support::unique(prefix));
    let mut body = json!({"name": name, "roles": [{"name": "reader"}]});
    if let Some(s) = secret {
        body["secret"] = json!(s);
    }
    let c = api_create("alice", "demo", body);
    (c["id"].as_str().expect("an id").to_string(), name)
}

/// Sources an openrc in a clean bash and prints one variable.
fn sourced(file: &Path, var: &str) -> String {
    let out = Command::new("bash")
        .env_clear()
        .arg("-c")
        .arg(format!(". \"$1\" && printf '%s' \"${var}\""))
        .arg("bash")
        .arg(file)
        .output()
        .expect("run bash");
    assert!(out.status.success(), "sourcing {}: {out:?}", file.display());
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn yaml(text: &str) -> serde_yaml::Value {
    serde_yaml::from_str(text).unwrap_or_else(|e| panic!("not YAML ({e}):\n{text}"))
}

/// `new` is `old` with one block inserted: every old byte kept, in order.
fn assert_kept_every_byte(old: &str, new: &str) {
    let (o, n) = (old.as_bytes(), new.as_bytes());
    let prefix = o.iter().zip(n).take_while(|(a, b)| a == b).count();
    let suffix = o
        .iter()
        .rev()
        .zip(n.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    assert!(
        n.len() > o.len() && prefix + suffix >= o.len(),
        "the old file is not kept byte for byte (prefix {prefix}, suffix {suffix}, old {} bytes)\n--- old\n{old}\n--- new\n{new}",
        o.len()
    );
}

const OLD_CLOUDS: &str = "\
# my clouds: this comment must survive
clouds:
  prod:   # production, keep me
    auth:
      auth_url: 'https://keystone.example:5000/v3'
      username: \"ops\"
    region_name: RegionOne

# a comment between blocks
extra_key: [1, 2]
";

#[test]
fn delete_without_a_terminal_and_without_yes_deletes_nothing() {
    let mut clean = Cleanup::new("alice");
    let (id_a, a) = made(&mut clean, "cli-del-keep", None);
    let (_, b) = made(&mut clean, "cli-del-keep", None);
    let out = run("alice", &["delete", &a, &b]);
    out.expect_code(1)
        .stderr_has(&["--yes", "confirmation", &a, &id_a]);
    assert!(keystone_cred("alice", &a).is_some(), "{a} kept");
    assert!(keystone_cred("alice", &b).is_some(), "{b} kept");
}

#[test]
fn delete_with_yes_deletes_several_by_name_and_id_and_reports_each() {
    let mut clean = Cleanup::new("alice");
    let (_, a) = made(&mut clean, "cli-del", None);
    let (id_b, b) = made(&mut clean, "cli-del", None);
    let (_, c) = made(&mut clean, "cli-del", None);
    let out = run("alice", &["delete", &a, &id_b, &c, "--yes"]);
    out.ok();
    for who in [&a, &id_b, &c] {
        let line = out
            .stdout
            .lines()
            .find(|l| l.contains(who.as_str()))
            .unwrap_or_else(|| panic!("{who} reported:\n{}", out.stdout));
        assert!(line.contains("deleted"), "{line}");
    }
    for n in [&a, &b, &c] {
        assert_absent("alice", n);
    }
    // -f json: one object per item.
    let (id_d, d) = made(&mut clean, "cli-del", None);
    let report = run("alice", &["delete", &d, "-y", "-f", "json"])
        .ok()
        .json();
    assert_eq!(
        report,
        json!([{"credential": d, "id": id_d, "name": d, "deleted": true, "error": null}])
    );
    assert_absent("alice", &d);
}

#[test]
fn delete_with_a_missing_one_deletes_the_others_and_exits_1() {
    let mut clean = Cleanup::new("alice");
    let (_, a) = made(&mut clean, "cli-del-mix", None);
    let (_, b) = made(&mut clean, "cli-del-mix", None);
    let missing = support::unique("cli-del-missing");
    let out = run("alice", &["delete", &a, &missing, &b, "--yes"]);
    out.expect_code(1).stderr_has(&["1 of 3 failed"]);
    let line = out
        .stdout
        .lines()
        .find(|l| l.contains(&missing))
        .unwrap_or_else(|| panic!("{missing} reported:\n{}", out.stdout));
    assert!(line.contains("FAILED"), "{line}");
    assert_absent("alice", &a);
    assert_absent("alice", &b);
    // Someone else's credential is not deleted through alice.
    let seed = support::seed();
    let admins = seed.credential("backup-job");
    run("alice", &["delete", &admins.id, "--yes"]).expect_code(1);
    assert!(
        keystone_cred("admin", &admins.name).is_some(),
        "admin's credential untouched"
    );
}

#[test]
fn export_writes_each_format_with_the_secret_intact() {
    let seed = support::seed();
    let mut clean = Cleanup::new("alice");
    let (id, name) = made(&mut clean, "cli-exp", Some(NASTY_SECRET));
    let dir = support::temp_dir("cli-export");

    // openrc on stdout: sourced, it gives back the id and the exact secret.
    let out = run_stdin(
        "alice",
        &["export", &name, "--format", "openrc", "--secret-stdin"],
        NASTY_SECRET,
    );
    out.ok();
    let rc = dir.join("stdout-openrc.sh");
    std::fs::write(&rc, &out.stdout).expect("write");
    assert_eq!(
        sourced(&rc, "OS_APPLICATION_CREDENTIAL_SECRET"),
        NASTY_SECRET
    );
    assert_eq!(sourced(&rc, "OS_APPLICATION_CREDENTIAL_ID"), id);
    assert_eq!(sourced(&rc, "OS_AUTH_TYPE"), "v3applicationcredential");
    assert_eq!(sourced(&rc, "OS_AUTH_URL"), seed.auth_url);

    // clouds by id, to a file with a chosen entry name.
    let file = dir.join("clouds.yaml");
    let f = file.to_string_lossy().to_string();
    let out = run_stdin(
        "alice",
        &[
            "export",
            &id,
            "-f",
            "clouds",
            "--secret-stdin",
            "--output",
            &f,
            "--cloud-name",
            "ci-entry",
        ],
        NASTY_SECRET,
    );
    out.ok();
    crate::support::leak::assert_no_leak("stdout", &out.stdout, NASTY_SECRET);
    crate::support::leak::assert_no_leak("stderr", &out.stderr, NASTY_SECRET);
    assert_eq!(mode(&file), 0o600);
    let doc = yaml(&read(&file));
    let entry = &doc["clouds"]["ci-entry"];
    assert_eq!(entry["auth_type"].as_str(), Some("v3applicationcredential"));
    assert_eq!(
        entry["auth"]["application_credential_id"].as_str(),
        Some(id.as_str())
    );
    assert_eq!(
        entry["auth"]["application_credential_secret"].as_str(),
        Some(NASTY_SECRET)
    );
    assert_eq!(
        entry["auth"]["auth_url"].as_str(),
        Some(seed.auth_url.as_str())
    );
    assert_eq!(entry["region_name"].as_str(), Some(seed.region.as_str()));

    // The default entry name is <cloud>-<credential>.
    let out = run_stdin(
        "alice",
        &["export", &name, "-f", "clouds", "--secret-stdin"],
        NASTY_SECRET,
    );
    let doc = yaml(&out.ok().stdout);
    let key = format!("alice-{name}");
    assert_eq!(
        doc["clouds"][key.as_str()]["auth"]["application_credential_secret"].as_str(),
        Some(NASTY_SECRET)
    );

    // json: the documented keys, the secret intact.
    let out = run_stdin(
        "alice",
        &["export", &name, "-f", "json", "--secret-stdin"],
        NASTY_SECRET,
    );
    let v = out.ok().json();
    assert_eq!(
        v,
        json!({"id": id, "name": name, "secret": NASTY_SECRET, "auth_url": seed.auth_url,
               "region_name": seed.region, "project_id": seed.project("demo").id, "expires_at": null})
    );

    // An existing file is refused (unchanged) unless --force.
    let before = read(&file);
    let out = run_stdin(
        "alice",
        &[
            "export",
            &name,
            "-f",
            "openrc",
            "--secret-stdin",
            "--output",
            &f,
        ],
        NASTY_SECRET,
    );
    out.expect_code(1)
        .stderr_has(&["already exists", "--force"]);
    assert_eq!(read(&file), before, "refused: file untouched");
    run_stdin(
        "alice",
        &[
            "export",
            &name,
            "-f",
            "openrc",
            "--secret-stdin",
            "--output",
            &f,
            "--force",
        ],
        NASTY_SECRET,
    )
    .ok();
    assert_eq!(mode(&file), 0o600);
    assert_eq!(
        sourced(&file, "OS_APPLICATION_CREDENTIAL_SECRET"),
        NASTY_SECRET
    );

    // --merge into an existing clouds.yaml keeps every byte of it.
    let merged = dir.join("mine.yaml");
    std::fs::write(&merged, OLD_CLOUDS).expect("write");
    let m = merged.to_string_lossy().to_string();
    run_stdin(
        "alice",
        &[
            "export",
            &name,
            "-f",
            "clouds",
            "--secret-stdin",
            "--output",
            &m,
            "--merge",
        ],
        NASTY_SECRET,
    )
    .ok();
    let new = read(&merged);
    assert_kept_every_byte(OLD_CLOUDS, &new);
    let doc = yaml(&new);
    assert_eq!(
        doc["clouds"][key.as_str()]["auth"]["application_credential_secret"].as_str(),
        Some(NASTY_SECRET)
    );
    assert_eq!(
        doc["clouds"]["prod"]["auth"]["username"].as_str(),
        Some("ops")
    );
}

#[test]
fn export_usage_and_lookup_errors() {
    let seed = support::seed();
    let c = seed.credential("alice-verify");
    // No --format (or a table one): usage error, exit 2.
    run_stdin("alice", &["export", &c.name, "--secret-stdin"], &c.secret)
        .expect_code(2)
        .stderr_has(&["--format"]);
    run_stdin(
        "alice",
        &["export", &c.name, "-f", "table", "--secret-stdin"],
        &c.secret,
    )
    .expect_code(2);
    // The secret only ever comes from stdin.
    run("alice", &["export", &c.name, "-f", "openrc"])
        .expect_code(2)
        .stderr_has(&["--secret-stdin"]);
    run(
        "alice",
        &["export", &c.name, "-f", "openrc", "--secret", "x"],
    )
    .expect_code(2);
    // --merge is for clouds.yaml only.
    run_stdin(
        "alice",
        &[
            "export",
            &c.name,
            "-f",
            "openrc",
            "--secret-stdin",
            "--output",
            "x.sh",
            "--merge",
        ],
        &c.secret,
    )
    .expect_code(2)
    .stderr_has(&["--merge"]);
    // Unknown credential: exit 1, nothing on stdout.
    let missing = support::unique("cli-nope");
    let out = run_stdin(
        "alice",
        &["export", &missing, "-f", "json", "--secret-stdin"],
        &c.secret,
    );
    out.expect_code(1).stderr_has(&[&missing]);
    assert!(out.stdout.is_empty());
}

#[test]
fn create_with_export_puts_the_secret_only_where_asked() {
    let seed = support::seed();
    let mut clean = Cleanup::new("alice");
    let dir = support::temp_dir("cli-create-export");

    // No --output: the export itself is the output, and it works.
    let name = clean.name(support::unique("cli-cx"));
    let out = run(
        "alice",
        &["create", &name, "--role", "reader", "--export", "openrc"],
    );
    out.ok();
    let rc = dir.join("printed.sh");
    std::fs::write(&rc, &out.stdout).expect("write");
    let id = sourced(&rc, "OS_APPLICATION_CREDENTIAL_ID");
    let secret = sourced(&rc, "OS_APPLICATION_CREDENTIAL_SECRET");
    assert_eq!(
        keystone_cred("alice", &name).expect("created")["id"],
        id.as_str()
    );
    assert_eq!(
        app_cred_login(&id, &secret),
        201,
        "the printed openrc works"
    );

    // --output: the file (0600) has the secret; stdout and stderr do not.
    for (format, file) in [("openrc", "c.sh"), ("clouds", "c.yaml"), ("json", "c.json")] {
        let name = clean.name(support::unique("cli-cx"));
        let secret = format!("{}-{NASTY_SECRET}", support::unique("s"));
        let path = dir.join(file);
        let p = path.to_string_lossy().to_string();
        let out = run_stdin(
            "alice",
            &[
                "create",
                &name,
                "--role",
                "reader",
                "--secret-stdin",
                "--export",
                format,
                "--output",
                &p,
                "-f",
                "json",
            ],
            &secret,
        );
        out.ok();
        assert!(!out.stdout.contains(&secret), "{format}: secret on stdout");
        assert!(!out.stderr.contains(&secret), "{format}: secret on stderr");
        let shown = out.json();
        assert!(shown.get("secret").is_none(), "{format}: {shown}");
        assert_eq!(mode(&path), 0o600, "{format}");
        assert!(read(&path).contains(&shown["id"].as_str().expect("id").to_string()));
        match format {
            "openrc" => assert_eq!(sourced(&path, "OS_APPLICATION_CREDENTIAL_SECRET"), secret),
            "clouds" => {
                let doc = yaml(&read(&path));
                let key = format!("alice-{name}");
                assert_eq!(
                    doc["clouds"][key.as_str()]["auth"]["application_credential_secret"].as_str(),
                    Some(secret.as_str())
                );
            }
            _ => {
                let v: Value = serde_json::from_str(&read(&path)).expect("JSON file");
                assert_eq!(v["secret"], secret.as_str());
                assert_eq!(v["project_id"], seed.project("demo").id.as_str());
            }
        }
    }

    // An existing output file: refused, nothing created, file untouched...
    let taken = dir.join("taken.yaml");
    std::fs::write(&taken, OLD_CLOUDS).expect("write");
    let t = taken.to_string_lossy().to_string();
    let refused = support::unique("cli-cx-refused");
    run(
        "alice",
        &[
            "create", &refused, "--role", "reader", "--export", "clouds", "--output", &t,
        ],
    )
    .expect_code(1)
    .stderr_has(&["already exists", "--merge", "--force"]);
    assert_absent("alice", &refused);
    assert_eq!(read(&taken), OLD_CLOUDS);

    // ...merged with --merge (every old byte kept, --cloud-name used)...
    let merged = clean.name(support::unique("cli-cx-merged"));
    let out = run(
        "alice",
        &[
            "create",
            &merged,
            "--role",
            "reader",
            "--export",
            "clouds",
            "--output",
            &t,
            "--merge",
            "--cloud-name",
            "merged-entry",
        ],
    );
    out.ok();
    let new = read(&taken);
    assert_kept_every_byte(OLD_CLOUDS, &new);
    let entry = &yaml(&new)["clouds"]["merged-entry"];
    let stored = keystone_cred("alice", &merged).expect("created");
    assert_eq!(
        entry["auth"]["application_credential_id"].as_str(),
        stored["id"].as_str()
    );
    let secret = entry["auth"]["application_credential_secret"]
        .as_str()
        .expect("a secret in the merged entry");
    assert_eq!(
        app_cred_login(stored["id"].as_str().expect("id"), secret),
        201
    );
    assert!(!out.stdout.contains(secret), "secret only in the file");

    // ...a cloud name already in the file: refused before creating anything...
    let again = support::unique("cli-cx-dup-entry");
    run(
        "alice",
        &[
            "create",
            &again,
            "--role",
            "reader",
            "--export",
            "clouds",
            "--output",
            &t,
            "--merge",
            "--cloud-name",
            "prod",
        ],
    )
    .expect_code(1)
    .stderr_has(&["prod", "no credential was created"]);
    assert_absent("alice", &again);
    assert_eq!(read(&taken), new, "file untouched");

    // ...and replaced with --force.
    let forced = clean.name(support::unique("cli-cx-forced"));
    run(
        "alice",
        &[
            "create", &forced, "--role", "reader", "--export", "clouds", "--output", &t, "--force",
        ],
    )
    .ok();
    let replaced = read(&taken);
    assert!(!replaced.contains("prod:"), "replaced, not merged");
    assert!(replaced.contains(&format!("alice-{forced}")));
    assert_eq!(mode(&taken), 0o600);
}

#[test]
fn a_secret_that_cannot_be_saved_leaves_no_credential_behind() {
    let dir = support::temp_dir("cli-rollback");
    // A dangling symlink is an existing output: refused before creating.
    let link = dir.join("link.sh");
    std::os::unix::fs::symlink(dir.join("nowhere"), &link).expect("symlink");
    let name = support::unique("cli-rb-link");
    run(
        "alice",
        &[
            "create",
            &name,
            "--export",
            "openrc",
            "--output",
            &link.to_string_lossy(),
        ],
    )
    .expect_code(1)
    .stderr_has(&["already exists", "nothing was created"]);
    assert_absent("alice", &name);
    // A directory that takes no files (even for root): the write fails
    // after Keystone made the credential, so appcred deletes it again.
    let name = support::unique("cli-rb-proc");
    let out = run(
        "alice",
        &[
            "create",
            &name,
            "--role",
            "reader",
            "--export",
            "clouds",
            "--output",
            "/proc/appcred-test.yaml",
        ],
    );
    out.expect_code(1)
        .stderr_has(&["/proc", "deleted again", "nothing is left behind"]);
    assert_absent("alice", &name);
}

#[test]
fn access_rules_list_show_and_delete() {
    let mut clean = Cleanup::new("alice");
    let path = format!("/v3/{}/*", support::unique("rule"));
    let name = clean.name(support::unique("cli-ar"));
    let c = api_create(
        "alice",
        "demo",
        json!({"name": name, "roles": [{"name": "reader"}],
               "access_rules": [{"service": "identity", "method": "GET", "path": path}]}),
    );
    let rule_id = c["access_rules"][0]["id"]
        .as_str()
        .expect("a rule id")
        .to_string();
    clean.rule(&rule_id);

    let listed = run("alice", &["access-rules", "list", "-f", "json"])
        .ok()
        .json();
    let mine = listed
        .as_array()
        .expect("an array")
        .iter()
        .find(|r| r["id"] == rule_id.as_str())
        .unwrap_or_else(|| panic!("{rule_id} listed: {listed}"))
        .clone();
    assert_eq!(
        mine,
        json!({"id": rule_id, "service": "identity", "method": "GET", "path": path})
    );
    // The seed's rules are there too.
    for r in &support::seed().access_rules["alice"] {
        assert!(
            listed
                .as_array()
                .expect("array")
                .iter()
                .any(|x| x["id"] == r.id.as_str())
        );
    }
    run("alice", &["access-rules", "list"])
        .ok()
        .stdout_has(&[&rule_id, &path]);
    let shown = run("alice", &["access-rules", "show", &rule_id, "-f", "json"])
        .ok()
        .json();
    assert_eq!(shown, mine);
    run("alice", &["access-rules", "show", &rule_id])
        .ok()
        .stdout_has(&[&path, "identity", "GET"]);
    run("alice", &["access-rules", "show", &support::unique("nope")])
        .expect_code(1)
        .stderr_has(&["Could not find Access Rule"]);

    // In use: Keystone refuses, and appcred says what to do.
    run("alice", &["access-rules", "delete", &rule_id, "--yes"])
        .expect_code(1)
        .stderr_has(&["in use", "delete that credential first"]);
    run("alice", &["delete", &name, "--yes"]).ok();
    // Without --yes and without a terminal: refused, kept.
    run("alice", &["access-rules", "delete", &rule_id])
        .expect_code(1)
        .stderr_has(&["--yes"]);
    let rule_path = format!("/users/{}/access_rules/{rule_id}", user_id("alice"));
    let status = |p: String| {
        support::block_on(async move { admin().call(reqwest::Method::GET, &p, None).await.status })
    };
    assert_eq!(status(rule_path.clone()), 200, "kept");
    run("alice", &["access-rules", "delete", &rule_id, "--yes"])
        .ok()
        .stderr_has(&["deleted", &rule_id]);
    assert_eq!(status(rule_path), 404, "gone from Keystone");
}

#[test]
fn export_refuses_a_secret_that_does_not_authenticate() {
    let seed = support::seed();
    let c = seed.credential("alice-verify");
    let home = support::temp_dir("cli-export-verify");
    let out = home.join("wrong.sh");
    let out_arg = out.to_string_lossy().to_string();
    // A wrong secret: exit 1, the message says why, no file appears.
    run_in(
        &home,
        Some("alice"),
        &[
            "export",
            &c.name,
            "-f",
            "openrc",
            "--secret-stdin",
            "--output",
            &out_arg,
        ],
        Some("not-the-secret"),
    )
    .expect_code(1)
    .stderr_has(&["does not authenticate", "--no-verify"]);
    assert!(
        !out.exists(),
        "nothing is written for a secret that does not work"
    );
    // --no-verify writes it anyway, for a person who knows better.
    run_in(
        &home,
        Some("alice"),
        &[
            "export",
            &c.name,
            "-f",
            "openrc",
            "--secret-stdin",
            "--output",
            &out_arg,
            "--no-verify",
        ],
        Some("not-the-secret"),
    )
    .ok();
    assert!(out.exists(), "--no-verify writes the file");
}
