//! Issue 25, "Rotation reaches every copy", against the real test Keystone:
//! appcred records where it put a credential (`crate::held`, a file under
//! `$XDG_STATE_HOME/appcred/`), `show` lists those places, `rotate NAME`
//! with no `--update` rewrites every one that still holds the old id (each
//! proven to log in; the openrc and the clouds.yaml entry with the real
//! `openstack` client), a place removed by hand
//! is reported as gone (not an error), and `delete` names the places that
//! would break and needs `--yes`.

use std::path::Path;

use serde_json::Value;

use crate::cli_rotate_update::{create_member, openstack_logs_in};
use crate::support;
use crate::support::cli::*;

/// `appcred --os-cloud alice ARGS` with HOME `home` (so the record is
/// `home/.local/state/appcred/held.json`, kept between the commands).
fn alice(home: &Path, args: &[&str], stdin: Option<&str>) -> Out {
    run_in(home, Some("alice"), args, stdin)
}

fn held_in(home: &Path, name: &str) -> Vec<Value> {
    let shown = alice(home, &["show", name, "-f", "json"], None);
    shown.ok();
    shown.json()["held_in"]
        .as_array()
        .expect("held_in is a list")
        .clone()
}

fn kinds(places: &[Value]) -> Vec<String> {
    let mut k: Vec<String> = places
        .iter()
        .map(|p| p["kind"].as_str().expect("kind").to_string())
        .collect();
    k.sort();
    k
}

#[test]
fn rotate_without_update_reaches_every_recorded_place() {
    let mut clean = Cleanup::new("alice");
    let name = clean.name(support::unique("held"));
    let (old_id, secret) = create_member(&name);
    let home = support::temp_dir("held-home");
    let dir = support::temp_dir("held");
    let rc = dir.join("ci-openrc.sh");
    let clouds = dir.join("clouds.yaml");
    let json = dir.join("ci.json");
    let removed = dir.join("removed.env");
    // A clouds.yaml of the person's own, merged into.
    std::fs::write(
        &clouds,
        "# mine\nclouds:\n  other:\n    auth:\n      auth_url: https://example.invalid/v3\n",
    )
    .expect("write");
    let export = |format: &str, file: &Path, extra: &[&str]| {
        let f = file.to_string_lossy();
        let mut args = vec!["export", &name, "--format", format, "--secret-stdin"];
        args.extend_from_slice(&["--output", &f]);
        args.extend_from_slice(extra);
        alice(&home, &args, Some(&secret)).ok();
    };
    export("openrc", &rc, &[]);
    export("clouds", &clouds, &["--merge", "--cloud-name", "ci"]);
    export("json", &json, &[]);
    export("env", &removed, &[]);

    // The record: 0600, no secret in it; `show` lists the three places.
    let record = home.join(".local/state/appcred/held.json");
    assert_eq!(mode(&record), 0o600);
    assert!(!read(&record).contains(&secret), "no secret in the record");
    let places = held_in(&home, &name);
    assert_eq!(
        kinds(&places),
        ["clouds", "env", "json", "openrc"],
        "{places:?}"
    );
    let entry = places
        .iter()
        .find(|p| p["kind"] == "clouds")
        .expect("clouds");
    assert_eq!(entry["entry"], "ci");
    assert_eq!(entry["location"], clouds.to_string_lossy().as_ref());
    for p in &places {
        let at = p["recorded_at"].as_str().expect("recorded_at");
        chrono::DateTime::parse_from_rfc3339(at).expect("RFC 3339");
    }
    let table = alice(&home, &["show", &name], None);
    table
        .ok()
        .stdout_has(&["held_in", "ci-openrc.sh", "(entry ci)"]);

    // One place removed by hand: reported as gone, not an error.
    std::fs::remove_file(&removed).expect("rm");
    let rotated = alice(&home, &["rotate", &name, "-f", "json"], None);
    let report = rotated.json();
    if let Some(n) = report["new"]["name"].as_str() {
        clean.name(n.to_string());
    }
    rotated.ok();
    let new_id = report["new"]["id"].as_str().expect("new id").to_string();
    let new_name = report["new"]["name"]
        .as_str()
        .expect("new name")
        .to_string();
    let files = report["files"].as_array().expect("files");
    let status = |path: &Path| {
        files
            .iter()
            .find(|f| f["path"] == path.to_string_lossy().as_ref())
            .unwrap_or_else(|| panic!("{} in {report}", path.display()))
    };
    for f in [&rc, &clouds, &json] {
        let s = status(f);
        assert_eq!(
            (&s["status"], &s["login"], &s["recorded"]),
            (&"updated".into(), &true.into(), &true.into()),
            "{s}"
        );
        let text = read(f);
        let uses_old = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .any(|l| l.contains(&old_id));
        assert!(!uses_old, "{}:\n{text}", f.display());
    }
    assert_eq!(status(&removed)["status"], "gone", "{report}");
    rotated.stderr_has(&["Gone:", "removed.env"]);
    assert!(read(&clouds).starts_with("# mine\n"), "the rest is kept");

    // The real client logs in with both, on the new credential.
    openstack_logs_in(&rc, &clouds);

    // The record moved to the successor; the gone place is dropped.
    assert_eq!(
        kinds(&held_in(&home, &new_name)),
        ["clouds", "json", "openrc"]
    );
    assert!(held_in(&home, &name).is_empty());

    // Deleting it names the places that would break and needs --yes.
    let refused = alice(&home, &["delete", &new_name], None);
    refused
        .expect_code(1)
        .stderr_has(&["Still held", "ci-openrc.sh", "--yes"]);
    assert!(keystone_cred("alice", &new_name).is_some(), "not deleted");
    let deleted = alice(&home, &["delete", &new_name, "--yes"], None);
    deleted.ok().stderr_has(&["Still held", "ci-openrc.sh"]);
    assert_absent("alice", &new_name);
    assert!(!read(&record).contains(&new_id), "forgotten once deleted");
}

/// A record that is not one (cut short, edited by hand) is set aside and
/// said, and the export that found it still goes through and is recorded.
#[test]
fn a_corrupt_record_is_set_aside_and_said() {
    let mut clean = Cleanup::new("alice");
    let name = clean.name(support::unique("held-bad"));
    let (_, secret) = create_member(&name);
    let home = support::temp_dir("held-bad-home");
    let state = home.join(".local/state/appcred");
    std::fs::create_dir_all(&state).expect("mkdir");
    std::fs::write(state.join("held.json"), "{\"version\": 1, \"credent").expect("write");
    let rc = home.join("ci-openrc.sh");
    let f = rc.to_string_lossy();
    let out = alice(
        &home,
        &[
            "export",
            &name,
            "--format",
            "openrc",
            "--secret-stdin",
            "--output",
            &f,
        ],
        Some(&secret),
    );
    out.ok()
        .stderr_has(&["could not be read", "held.json.corrupt-"]);
    let aside: Vec<_> = std::fs::read_dir(&state)
        .expect("ls")
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("held.json.corrupt-")
        })
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(read(&aside[0].path()), "{\"version\": 1, \"credent");
    assert_eq!(kinds(&held_in(&home, &name)), ["openrc"]);
}

/// A recorded entry of the clouds.yaml appcred itself reads is the clouds
/// step's: recorded counts as agreed (no `--update-clouds`, no terminal),
/// it is updated in place, read back through the config loader and logs in.
#[test]
fn a_recorded_entry_in_the_clouds_yaml_appcred_reads_is_updated_unasked() {
    let mut clean = Cleanup::new("alice");
    let name = clean.name(support::unique("held-cfg"));
    let (_, secret) = create_member(&name);
    let home = support::temp_dir("held-cfg-home");
    // A copy of the seed's clouds.yaml, so the merge touches no other test.
    let clouds = home.join("clouds.yaml");
    std::fs::copy(&support::seed().clouds_yaml, &clouds).expect("copy");
    let here = |args: &[&str], stdin: Option<&str>| {
        let mut cmd = support::appcred_in(&home);
        cmd.env("OS_CLIENT_CONFIG_FILE", &clouds);
        run_cmd(cmd, Some("alice"), args, stdin)
    };
    let file = clouds.to_string_lossy();
    let merge = [
        "export",
        &name,
        "--format",
        "clouds",
        "--secret-stdin",
        "--merge",
        "--cloud-name",
        "held-ci",
        "--output",
        &file,
    ];
    here(&merge, Some(&secret)).ok();

    let rotated = here(&["rotate", &name, "-f", "json"], None);
    let report = rotated.json();
    if let Some(n) = report["new"]["name"].as_str() {
        clean.name(n.to_string());
    }
    rotated.ok();
    assert_eq!(report["clouds"]["updated"], serde_json::json!(["held-ci"]));
    assert_eq!(report["clouds"]["verified"], true, "{report}");
    let new_name = report["new"]["name"].as_str().expect("new name");
    let places = held_in(&home, new_name);
    assert_eq!(places.len(), 1, "{places:?}");
    assert_eq!(places[0]["entry"], "held-ci");
}
