//! The three export formats read back by the tools that consume them:
//! serde_yaml for clouds.yaml, bash for openrc, serde_json for JSON, with
//! secrets chosen to break naive quoting.

use std::path::PathBuf;
use std::process::Command;

use appcred::export::{ExportData, render_clouds_yaml, render_json, render_openrc};
use appcred::secret::Secret;
use chrono::{TimeZone, Utc};
use serde_yaml::Value;

const NASTY: [&str; 12] = [
    "a\"b\\c$d'e #f",
    "-leading-dash",
    "&anchor",
    "*alias",
    "!tag",
    "%percent",
    "@at",
    "key: value",
    "ünïcödé-秘密-🔑",
    "  spaces around  ",
    "`backticks` $(echo pwned) ${HOME} \\n",
    "'",
];

fn data(secret: &str) -> ExportData {
    ExportData {
        cloud_name: "prod-ci".into(),
        auth_url: "https://keystone.example:5000/v3".into(),
        region_name: Some("RegionOne".into()),
        interface: "public".into(),
        cacert: None,
        verify: true,
        id: "0123456789abcdef0123456789abcdef".into(),
        name: "ci".into(),
        secret: Secret::new(secret),
        project_id: Some("36a6".into()),
        expires_at: Utc.with_ymd_and_hms(2031, 1, 1, 0, 0, 0).single(),
    }
}

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn at<'a>(v: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(v, |cur, k| &cur[*k])
}

#[test]
fn clouds_yaml_reads_back_for_nasty_secrets_and_names() {
    for secret in NASTY {
        let mut d = data(secret);
        d.cloud_name = format!("cloud {secret}");
        d.name = format!("name\n{secret}");
        let text = render_clouds_yaml(&d);
        let v = yaml(&text);
        let cloud = at(&v, &["clouds", &d.cloud_name]);
        assert_eq!(
            at(cloud, &["auth", "application_credential_secret"]).as_str(),
            Some(secret)
        );
        assert_eq!(
            at(cloud, &["auth", "application_credential_id"]).as_str(),
            Some(d.id.as_str())
        );
        assert_eq!(cloud["auth_type"].as_str(), Some("v3applicationcredential"));
        assert_eq!(cloud["identity_api_version"].as_u64(), Some(3));
        assert_eq!(cloud["region_name"].as_str(), Some("RegionOne"));
        assert_eq!(cloud["interface"].as_str(), Some("public"));
        assert!(cloud.get("project_id").is_none() && cloud["auth"].get("project_id").is_none());
        // The secret appears once, in the value; no comment carries it.
        for line in text.lines().filter(|l| l.trim_start().starts_with('#')) {
            assert!(!line.contains("application_credential_secret"), "{line}");
        }
    }
}

#[test]
fn clouds_yaml_carries_tls_settings_and_keeps_ids_as_strings() {
    let mut d = data("s");
    d.id = "12345".into();
    d.cacert = Some(PathBuf::from("/etc/ssl/private ca #1.pem"));
    d.verify = false;
    d.region_name = None;
    let v = yaml(&render_clouds_yaml(&d));
    let cloud = at(&v, &["clouds", "prod-ci"]);
    assert_eq!(
        at(cloud, &["auth", "application_credential_id"]).as_str(),
        Some("12345")
    );
    assert_eq!(cloud["cacert"].as_str(), Some("/etc/ssl/private ca #1.pem"));
    assert_eq!(cloud["verify"].as_bool(), Some(false));
    assert!(cloud.get("region_name").is_none());
}

fn source_openrc(text: &str, print: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openrc.sh");
    std::fs::write(&file, text.as_bytes()).unwrap();
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!("source \"$1\"; {print}"))
        .arg("bash")
        .arg(&file)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("OS_PROJECT_NAME", "leak")
        .env("OS_PASSWORD", "leak")
        .env("OS_CLOUD", "leak")
        .output()
        .expect("bash");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("bash printed UTF-8")
}

#[test]
fn openrc_sources_in_bash_with_the_exact_secret() {
    for secret in NASTY {
        let text = render_openrc(&data(secret));
        let got = source_openrc(&text, "printf %s \"$OS_APPLICATION_CREDENTIAL_SECRET\"");
        assert_eq!(got, secret);
        for line in text.lines().filter(|l| l.starts_with('#')) {
            assert!(
                !line.contains(secret) || secret.len() < 3,
                "secret in a comment: {line}"
            );
        }
    }
}

#[test]
fn openrc_sets_the_plugin_and_clears_scope_variables() {
    let mut d = data("s");
    d.cacert = Some(PathBuf::from("/tmp/it's ca.pem"));
    d.verify = false;
    let text = render_openrc(&d);
    let got = source_openrc(&text, "env | grep '^OS_' | sort");
    let want = [
        "OS_APPLICATION_CREDENTIAL_ID=0123456789abcdef0123456789abcdef",
        "OS_APPLICATION_CREDENTIAL_SECRET=s",
        "OS_AUTH_TYPE=v3applicationcredential",
        "OS_AUTH_URL=https://keystone.example:5000/v3",
        "OS_CACERT=/tmp/it's ca.pem",
        "OS_IDENTITY_API_VERSION=3",
        "OS_INSECURE=true",
        "OS_INTERFACE=public",
        "OS_REGION_NAME=RegionOne",
    ];
    assert_eq!(got.lines().collect::<Vec<_>>(), want);
    assert!(text.contains("# Expires: 2031-01-01 00:00 UTC"));
    assert!(text.contains("Created by appcred"));
}

#[test]
fn json_reads_back() {
    for secret in NASTY {
        let text = render_json(&data(secret));
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["secret"], secret);
        assert_eq!(v["expires_at"], "2031-01-01T00:00:00.000000");
        assert_eq!(v["project_id"], "36a6");
        assert_eq!(v.as_object().map(|o| o.len()), Some(7));
    }
    let mut d = data("s");
    d.expires_at = None;
    d.region_name = None;
    let v: serde_json::Value = serde_json::from_str(&render_json(&d)).expect("valid JSON");
    assert!(v["expires_at"].is_null() && v["region_name"].is_null());
}
