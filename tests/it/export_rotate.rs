//! Rotation's in-place update: only the id and secret scalars change, in
//! clouds.yaml, secure.yaml and clouds.json, block or flow style; comments,
//! other clouds and every other byte stay identical.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use appcred::export::{ExportError, find_entries_using, update_entries_in_place};
use appcred::secret::Secret;

const OLD: &str = "0ld1d0ld1d";
const NEW: &str = "n3wid";
const NEW_SECRET: &str = "a\"b\\c$d'e #f";
const NEW_SECRET_YAML: &str = "\"a\\\"b\\\\c$d'e #f\"";

fn write(dir: &Path, name: &str, text: &str, mode: u32) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(mode)).unwrap();
    p
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_default()
}

fn mode(p: &Path) -> u32 {
    fs::metadata(p)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0)
}

const CLOUDS: &str = "\
# my clouds
clouds:
  ci:   # rotated monthly; old id was 0ld1d0ld1d
    auth_type: v3applicationcredential
    auth:
      auth_url: https://k:5000/v3
      application_credential_id: 0ld1d0ld1d   # keep in sync
      application_credential_secret: 'old''secret'
    region_name: RegionOne
  other:
    auth:
      application_credential_id: \"different\"
      application_credential_secret: old-secret
  ci-copy: {auth_type: v3applicationcredential, auth: {auth_url: 'https://k:5000/v3', application_credential_id: \"0ld1d0ld1d\", application_credential_secret: \"old\"}}
";

#[test]
fn updates_only_the_id_and_secret_bytes_in_clouds_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let clouds = write(dir.path(), "clouds.yaml", CLOUDS, 0o644);
    let entries = find_entries_using(&clouds, None, OLD).unwrap();
    let names: Vec<&str> = entries.iter().map(|e| e.cloud_name.as_str()).collect();
    assert_eq!(names, ["ci", "ci-copy"]);
    let report = update_entries_in_place(&entries, NEW, &Secret::new(NEW_SECRET)).unwrap();
    let expected = CLOUDS
        .replace("application_credential_id: 0ld1d0ld1d   #", &format!("application_credential_id: \"{NEW}\"   #"))
        .replace("'old''secret'", NEW_SECRET_YAML)
        .replace(
            "application_credential_id: \"0ld1d0ld1d\", application_credential_secret: \"old\"",
            &format!("application_credential_id: \"{NEW}\", application_credential_secret: {NEW_SECRET_YAML}"),
        );
    assert_eq!(read(&clouds), expected);
    assert!(
        read(&clouds).contains("old id was 0ld1d0ld1d"),
        "comments untouched"
    );
    assert_eq!(report.files.len(), 1);
    assert_eq!(report.files[0].values_changed, 4);
    assert_eq!(
        (mode(&clouds), report.files[0].previous_mode),
        (0o600, Some(0o644))
    );
    let backup = report.files[0].backup.clone().unwrap_or_default();
    assert_eq!(read(&backup), CLOUDS);
    let v: serde_yaml::Value = serde_yaml::from_str(&read(&clouds)).unwrap_or_default();
    assert_eq!(
        v["clouds"]["ci"]["auth"]["application_credential_secret"].as_str(),
        Some(NEW_SECRET)
    );
}

#[test]
fn secret_in_secure_yaml_and_flow_style_as_in_the_fact_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let clouds_text = "clouds:\n  ac:\n    auth_type: v3applicationcredential\n    auth: {auth_url: http://127.0.0.1:5000/v3, application_credential_id: 0ld1d0ld1d}\n    region_name: RegionOne\n";
    let secure_text = "# secure.yaml\nclouds: {ac: {auth: {application_credential_secret: oldsecret}}, x: {auth: {password: p}}}\n";
    let clouds = write(dir.path(), "clouds.yaml", clouds_text, 0o644);
    let secure = write(dir.path(), "secure.yaml", secure_text, 0o600);
    let entries = find_entries_using(&clouds, Some(&secure), OLD).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].secret_at.len(), 1);
    assert_eq!(entries[0].secret_at[0].file, secure);
    let report = update_entries_in_place(&entries, NEW, &Secret::new(NEW_SECRET)).unwrap();
    assert_eq!(
        read(&clouds),
        clouds_text.replace("0ld1d0ld1d", "\"n3wid\"")
    );
    assert_eq!(
        read(&secure),
        secure_text.replace("oldsecret", NEW_SECRET_YAML)
    );
    assert_eq!(mode(&clouds), 0o644, "no secret written there: mode kept");
    assert_eq!(mode(&secure), 0o600);
    assert_eq!(report.files.len(), 2);
    assert!(report.secret_not_stored.is_empty());
}

#[test]
fn clouds_json_and_a_secret_kept_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let text = "{\n  \"clouds\": {\n    \"j\": {\"auth\": {\"application_credential_id\": \"0ld1d0ld1d\"}}\n  }\n}\n";
    let json = write(dir.path(), "clouds.json", text, 0o600);
    let entries = find_entries_using(&json, Some(&dir.path().join("secure.yaml")), OLD).unwrap();
    let report = update_entries_in_place(&entries, NEW, &Secret::new("\u{1}x")).unwrap();
    assert_eq!(read(&json), text.replace(OLD, NEW));
    assert!(serde_json::from_str::<serde_json::Value>(&read(&json)).is_ok());
    assert_eq!(report.secret_not_stored, ["j"]);
}

#[test]
fn anchors_shared_by_two_clouds_change_once() {
    let dir = tempfile::tempdir().unwrap();
    let text = "clouds:\n  a:\n    auth: &cred\n      application_credential_id: 0ld1d0ld1d\n      application_credential_secret: s\n  b:\n    auth: *cred\n";
    let clouds = write(dir.path(), "clouds.yaml", text, 0o600);
    let entries = find_entries_using(&clouds, None, OLD).unwrap();
    assert_eq!(entries.len(), 2);
    update_entries_in_place(&entries, NEW, &Secret::new("t")).unwrap();
    assert_eq!(
        read(&clouds),
        text.replace(OLD, "\"n3wid\"")
            .replace("secret: s", "secret: \"t\"")
    );
}

#[test]
fn refusals_leave_files_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    // A block scalar secret: found, but appcred will not rewrite it.
    let text = "clouds:\n  a:\n    auth:\n      application_credential_id: 0ld1d0ld1d\n      application_credential_secret: |\n        old\n";
    let clouds = write(dir.path(), "clouds.yaml", text, 0o600);
    let entries = find_entries_using(&clouds, None, OLD).unwrap();
    let err = update_entries_in_place(&entries, NEW, &Secret::new("t")).err();
    assert!(matches!(err, Some(ExportError::Unsafe { .. })), "{err:?}");
    assert_eq!(read(&clouds), text);
    // The file changed since it was searched: stale.
    let text2 = "clouds:\n  a:\n    auth:\n      application_credential_id: 0ld1d0ld1d\n";
    fs::write(&clouds, text2).unwrap();
    let entries = find_entries_using(&clouds, None, OLD).unwrap();
    fs::write(&clouds, text2.replace(OLD, "someone-else")).unwrap();
    let err = update_entries_in_place(&entries, NEW, &Secret::new("t"))
        .err()
        .map(|e| e.to_string());
    assert!(err.is_some_and(|e| e.contains("no longer holds") && e.contains("\"a\"")));
    assert_eq!(read(&clouds), text2.replace(OLD, "someone-else"));
    assert_eq!(
        fs::read_dir(dir.path()).map(|r| r.count()).unwrap_or(0),
        1,
        "no backup or temp file"
    );
}

mod property {
    use super::*;
    use proptest::prelude::*;

    fn dq(s: &str) -> String {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }

    prop_compose! {
        /// A clouds.yaml template: `{ID}`/`{SECRET}` mark the values rotation
        /// must change; everything else must come out byte-identical.
        fn template()(
            clouds in prop::collection::vec(
                (any::<bool>(), any::<bool>(), any::<bool>(), "[ -~]{0,12}"), 1..5),
            step in prop::sample::select(vec![2usize, 4]),
        ) -> String {
            let pad = " ".repeat(step);
            let mut t = String::from("# rotated clouds\nclouds:\n");
            for (i, (uses_old, flow, comment, other)) in clouds.iter().enumerate() {
                let id = if *uses_old { "{ID}".to_string() } else { format!("other{i}") };
                let secret = if *uses_old { "{SECRET}".to_string() } else { dq(other) };
                if *comment { t.push_str(&format!("{pad}# cloud {i}: application_credential_id: {OLD}\n")); }
                t.push_str(&format!("{pad}c{i}:\n"));
                if *flow {
                    t.push_str(&format!("{pad}{pad}auth: {{application_credential_id: {id}, application_credential_secret: {secret}, auth_url: {}}}\n", dq(other)));
                } else {
                    t.push_str(&format!("{pad}{pad}auth:\n{pad}{pad}{pad}auth_url: {}\n", dq(other)));
                    t.push_str(&format!("{pad}{pad}{pad}application_credential_id: {id}\n"));
                    t.push_str(&format!("{pad}{pad}{pad}application_credential_secret: {secret}  # s\n"));
                }
                t.push('\n');
            }
            t
        }
    }

    proptest! {
        #[test]
        fn rotation_changes_only_the_values(
            t in template(),
            old_secret in "[ -~]{1,16}",
            new_secret in "[ -~]{1,16}",
        ) {
            let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
            let old = t.replace("{ID}", OLD).replace("{SECRET}", &dq(&old_secret));
            let clouds = write(dir.path(), "clouds.yaml", &old, 0o600);
            let entries = find_entries_using(&clouds, None, OLD).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(entries.len(), t.matches("{ID}").count());
            let result = update_entries_in_place(&entries, NEW, &Secret::new(new_secret.as_str()));
            prop_assert!(result.is_ok(), "{:?}\n{}", result.err(), old);
            let want = t.replace("{ID}", &dq(NEW)).replace("{SECRET}", &dq(&new_secret));
            prop_assert_eq!(read(&clouds), want);
        }
    }
}
