//! Merging a new cloud into an existing clouds.yaml: every old byte kept,
//! comments and anchors included, the result re-read by serde_yaml, a
//! backup, the mode, symlinks, and refusals that change nothing. Ends with
//! the property test issue 6 asks for.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use appcred::export::{ExportData, ExportError, merge_into_clouds_yaml};
use appcred::secret::Secret;
use proptest::prelude::*;
use serde_yaml::Value;

fn data(name: &str, secret: &str) -> ExportData {
    ExportData {
        cloud_name: name.into(),
        auth_url: "https://keystone.example:5000/v3".into(),
        region_name: Some("RegionOne".into()),
        interface: "public".into(),
        cacert: None,
        verify: true,
        id: "0123456789abcdef".into(),
        name: "ci".into(),
        secret: Secret::new(secret),
        project_id: None,
        expires_at: None,
    }
}

fn setup(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clouds.yaml");
    fs::write(&path, text).unwrap();
    (dir, path)
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_default()
}

fn cloud(text: &str, name: &str) -> Value {
    let v: Value = serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    v["clouds"][name].clone()
}

/// The new text is the old one with one insertion: prefix + inserted + suffix.
fn assert_superset(old: &str, new: &str) -> String {
    let start = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let tail = old.len() - start;
    assert!(new.len() >= old.len(), "text was lost");
    assert_eq!(
        &new[new.len() - tail..],
        &old[start..],
        "old bytes after the insertion changed"
    );
    new[start..new.len() - tail].to_string()
}

const COMMENTED: &str = "\
# my clouds, hand-written
defaults: &defaults
  region_name: RegionOne   # the only region
  interface: public

clouds:
    # production first
    prod:
        <<: *defaults
        auth:
            auth_url: https://prod:5000/v3
            username: alice
            password: 'p#ss: word'
        note: |
          multi-line
          # not a comment

    dev: {auth: {auth_url: 'https://dev:5000/v3'}}
# trailing comment about clients
client:
  force_ipv4: true
";

#[test]
fn keeps_every_byte_comments_and_anchors() {
    let (_d, path) = setup(COMMENTED);
    let d = data("prod-ci", "a\"b\\c$d'e #f");
    let report = merge_into_clouds_yaml(&path, &d).unwrap();
    let new = read(&path);
    let inserted = assert_superset(COMMENTED, &new);
    assert!(
        inserted.starts_with("    # application credential ci"),
        "{inserted}"
    );
    assert!(inserted.contains("\n    prod-ci:\n        auth_type: v3applicationcredential\n        auth:\n            auth_url:"));
    assert!(new.contains("defaults: &defaults") && new.contains("<<: *defaults"));
    assert!(
        new.find("prod-ci:") < new.find("# trailing comment"),
        "inside the clouds block"
    );
    let c = cloud(&new, "prod-ci");
    assert_eq!(
        c["auth"]["application_credential_secret"].as_str(),
        Some("a\"b\\c$d'e #f")
    );
    let line = new.lines().nth(report.line - 1).unwrap_or_default();
    assert_eq!(line.trim(), "prod-ci:");
    // The old clouds read the same.
    let old: Value = serde_yaml::from_str(COMMENTED).unwrap_or_default();
    let now: Value = serde_yaml::from_str(&new).unwrap_or_default();
    assert_eq!(old["clouds"]["prod"], now["clouds"]["prod"]);
    assert_eq!(old["client"], now["client"]);
    let backup = report.backup.unwrap_or_default();
    assert_eq!(read(&backup), COMMENTED);
}

#[test]
fn mode_is_kept_or_made_private_and_symlinks_are_followed() {
    let (dir, real) = setup("clouds:\n  a:\n    auth: {auth_url: x}\n");
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.yaml");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let report = merge_into_clouds_yaml(&link, &data("b", "s")).unwrap();
    assert_eq!(report.path, real);
    assert!(fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()));
    assert_eq!(
        fs::metadata(&real)
            .map(|m| m.permissions().mode() & 0o777)
            .ok(),
        Some(0o600)
    );
    assert_eq!(report.previous_mode, Some(0o640));
    fs::set_permissions(&real, fs::Permissions::from_mode(0o400)).unwrap();
    let report = merge_into_clouds_yaml(&link, &data("c", "s")).unwrap();
    // Read-only stays read-only (issue 17): someone made it so on purpose.
    assert_eq!((report.mode, report.previous_mode), (0o400, None));
    fs::set_permissions(&real, fs::Permissions::from_mode(0o600)).unwrap();
    let report = merge_into_clouds_yaml(&link, &data("d", "s")).unwrap();
    assert_eq!((report.mode, report.previous_mode), (0o600, None));
}

#[test]
fn creates_a_new_file_0600() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clouds.yaml");
    let report = merge_into_clouds_yaml(&path, &data("new", "s")).unwrap();
    assert!(report.created && report.backup.is_none());
    assert_eq!(
        fs::metadata(&path)
            .map(|m| m.permissions().mode() & 0o777)
            .ok(),
        Some(0o600)
    );
    assert_eq!(
        cloud(&read(&path), "new")["auth"]["application_credential_secret"].as_str(),
        Some("s")
    );
    let line = read(&path)
        .lines()
        .nth(report.line - 1)
        .unwrap_or_default()
        .to_string();
    assert_eq!(line.trim(), "new:");
}

#[test]
fn files_without_clouds_or_with_empty_clouds() {
    let cases = [
        "",
        "# only a comment\n",
        "client:\n  force_ipv4: true",
        "clouds:\n",
        "clouds: # none yet\nclient: {}\n",
        "clouds: &all\n  a: {auth: {auth_url: x}}\n",
        "---\nclouds:\n  a:\n    region_name: R\n...\n",
        "clouds:\r\n  a:\r\n    region_name: R\r\n",
        "\"clouds\":\n  a:\n    region_name: R\n",
    ];
    for old in cases {
        let (_d, path) = setup(old);
        merge_into_clouds_yaml(&path, &data("n-1", "-s"))
            .unwrap_or_else(|e| panic!("{old:?}: {e}"));
        let new = read(&path);
        assert_superset(old, &new);
        assert_eq!(
            cloud(&new, "n-1")["auth"]["application_credential_secret"].as_str(),
            Some("-s"),
            "{new}"
        );
        if old.contains("\r\n") {
            assert!(
                !new.replace("\r\n", "").contains('\n'),
                "line breaks kept CRLF: {new:?}"
            );
        }
    }
}

#[test]
fn refusals_change_nothing() {
    let cases: [(&str, &str); 6] = [
        ("{\"clouds\": {\"a\": {}}}\n", "JSON"),
        ("clouds:\n  n-1: {}\n", "already has a cloud named \"n-1\""),
        ("clouds: {a: {}}\n", "flow style"),
        ("clouds: [a, b]\n", "not a mapping"),
        ("clouds:\n  a: [unclosed\n", "not valid YAML"),
        ("- a\n- b\n", "top level"),
    ];
    for (old, want) in cases {
        let (dir, path) = setup(old);
        let err = merge_into_clouds_yaml(&path, &data("n-1", "s"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains(want) && err.contains("clouds.yaml"),
            "{old:?}: {err}"
        );
        assert_eq!(read(&path), old);
        assert_eq!(
            fs::read_dir(dir.path()).map(|r| r.count()).unwrap_or(0),
            1,
            "no backup, no temp file"
        );
    }
    let dup = merge_into_clouds_yaml(&setup("clouds:\n  x: {}\n").1, &data("x", "s"));
    assert!(matches!(dup, Err(ExportError::DuplicateCloud { .. })));
}

// Issue 6's property: for generated clouds.yaml files, merge then parse
// yields every old cloud unchanged and the new one as written.
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z][a-zA-Z0-9_.-]{0,12}",
        "[ -~]{0,16}",
        any::<String>().prop_map(|s| s.chars().filter(|c| !c.is_control()).take(12).collect()),
    ]
}

fn render_value(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

prop_compose! {
    fn clouds_file()(
        names in prop::collection::btree_set("[a-z][a-z0-9-]{0,8}", 0..4),
        values in prop::collection::vec((scalar(), scalar()), 4),
        step in prop::sample::select(vec![2usize, 4]),
        comments in prop::collection::vec(any::<bool>(), 6),
        flow in any::<bool>(),
        crlf in any::<bool>(),
        tail in prop::sample::select(vec!["", "client:\n  force_ipv4: true\n", "# end\n", "\n\n"]),
        head in prop::sample::select(vec!["", "---\n", "\u{feff}", "defaults: &d\n  interface: internal\n\n"]),
    ) -> String {
        let pad = " ".repeat(step);
        let mut t = head.to_string();
        if comments[0] { t.push_str("# clouds.yaml\n\n"); }
        t.push_str("clouds:");
        if comments[1] { t.push_str("  # mine"); }
        t.push('\n');
        for (i, name) in names.iter().enumerate() {
            let (a, b) = &values[i % values.len()];
            if comments[2] { t.push_str(&format!("{pad}# {name}\n")); }
            t.push_str(&format!("{pad}{name}:\n"));
            if flow {
                t.push_str(&format!("{pad}{pad}auth: {{auth_url: {}, password: {}}}\n", render_value(a), render_value(b)));
            } else {
                t.push_str(&format!("{pad}{pad}auth:\n{pad}{pad}{pad}auth_url: {}\n", render_value(a)));
                t.push_str(&format!("{pad}{pad}{pad}password: {}\n", render_value(b)));
            }
            if head.starts_with("defaults") && comments[5] { t.push_str(&format!("{pad}{pad}<<: *d\n")); }
            if comments[3] { t.push('\n'); }
            if comments[4] { t.push_str("# between\n"); }
        }
        t.push_str(tail);
        if crlf { t = t.replace('\n', "\r\n"); }
        t
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn merge_then_parse_keeps_old_clouds_and_adds_the_new(
        old in clouds_file(),
        name in "[a-zA-Z0-9 _.:#&*!-]{1,12}",
        secret in any::<String>().prop_filter("no NUL", |s| !s.is_empty() && !s.contains('\0')),
    ) {
        let (_d, path) = setup(&old);
        let Ok(before) = serde_yaml::from_str::<Value>(&old) else {
            // serde_yaml cannot read some inputs (e.g. a BOM before some
            // layouts): then the merge must refuse and leave the file alone.
            let result = merge_into_clouds_yaml(&path, &data(&name, &secret));
            prop_assert!(matches!(result, Err(ExportError::Parse { .. })), "parse");
            prop_assert_eq!(read(&path), old);
            return Ok(());
        };
        let taken = before["clouds"].as_mapping().is_some_and(|m| m.contains_key(name.as_str()));
        let result = merge_into_clouds_yaml(&path, &data(&name, &secret));
        if taken {
            prop_assert!(matches!(result, Err(ExportError::DuplicateCloud { .. })), "duplicate");
            return Ok(());
        }
        prop_assert!(result.is_ok(), "{:?}\n{}", result.err(), old);
        let new = read(&path);
        assert_superset(&old, &new);
        let after: Value = serde_yaml::from_str(&new).unwrap_or_default();
        for (k, v) in before["clouds"].as_mapping().into_iter().flatten() {
            prop_assert_eq!(Some(v), after["clouds"].get(k));
        }
        let c = &after["clouds"][name.as_str()];
        prop_assert_eq!(c["auth"]["application_credential_secret"].as_str(), Some(secret.as_str()));
        prop_assert_eq!(c["auth"]["application_credential_id"].as_str(), Some("0123456789abcdef"));
        prop_assert_eq!(after["clouds"].as_mapping().map(|m| m.len()),
            Some(before["clouds"].as_mapping().map_or(0, |m| m.len()) + 1));
        prop_assert_eq!(&after["client"], &before["client"]);
    }
}
