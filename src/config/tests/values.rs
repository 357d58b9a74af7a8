//! How single values in a clouds.yaml entry are read: TLS, domain
//! shorthand, default domain, odd types, aliases, unknown keys, YAML merge
//! keys and JSON files.

use std::path::PathBuf;

use super::{Sandbox, cloud};
use crate::config::{AuthType, CloudConfig};

struct Case {
    name: &'static str,
    /// The settings of cloud `c`, indented by four spaces under `clouds:`.
    yaml: &'static str,
    check: fn(&CloudConfig, &Sandbox),
}

fn s(v: &Option<String>) -> Option<&str> {
    v.as_deref()
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "defaults: password, public, verify on",
            yaml: "auth: {auth_url: https://k/v3}",
            check: |c, _| {
                assert_eq!(c.auth_type, AuthType::Password);
                assert_eq!(c.interface, "public");
                assert!(c.tls.verify);
                assert_eq!(c.region_name, None);
                assert_eq!(c.api_timeout, None);
            },
        },
        Case {
            name: "verify: false",
            yaml: "auth: {auth_url: https://k/v3}\n    verify: false",
            check: |c, _| assert!(!c.tls.verify),
        },
        Case {
            name: "verify as the string \"False\"",
            yaml: "auth: {auth_url: https://k/v3}\n    verify: 'False'",
            check: |c, _| assert!(!c.tls.verify),
        },
        Case {
            name: "insecure: true forces verify off",
            yaml: "auth: {auth_url: https://k/v3}\n    verify: true\n    insecure: true",
            check: |c, _| assert!(!c.tls.verify),
        },
        Case {
            name: "insecure as a string, and YAML 1.1 `yes` as PyYAML reads it",
            yaml: "auth: {auth_url: https://k/v3}\n    insecure: 'yes'",
            check: |c, _| assert!(!c.tls.verify),
        },
        Case {
            name: "cacert, cert and key; ~ expands to home",
            yaml: "auth: {auth_url: https://k/v3}\n    cacert: ~/ca.pem\n    cert: /c.pem\n    key: /k.pem",
            check: |c, sb| {
                assert!(c.tls.verify);
                assert_eq!(c.tls.cacert, Some(sb.root().join("home/ca.pem")));
                assert_eq!(c.tls.cert, Some(PathBuf::from("/c.pem")));
                assert_eq!(c.tls.key, Some(PathBuf::from("/k.pem")));
            },
        },
        Case {
            name: "domain shorthand with a project fills user and project domains",
            yaml: "auth: {auth_url: https://k/v3, username: u, project_name: p, domain_name: D}",
            check: |c, _| {
                assert_eq!(s(&c.auth.user_domain_name), Some("D"));
                assert_eq!(s(&c.auth.project_domain_name), Some("D"));
                assert_eq!(c.auth.domain_name, None);
            },
        },
        Case {
            name: "domain shorthand does not replace explicit domains",
            yaml: "auth: {auth_url: https://k/v3, project_id: p, domain_id: d, user_domain_id: u}",
            check: |c, _| {
                assert_eq!(s(&c.auth.user_domain_id), Some("u"));
                assert_eq!(s(&c.auth.project_domain_id), Some("d"));
            },
        },
        Case {
            name: "domain without a project is a domain scope",
            yaml: "domain_name: D\n    auth: {auth_url: https://k/v3, username: u, user_domain_name: UD}",
            check: |c, _| {
                assert_eq!(s(&c.auth.domain_name), Some("D"));
                assert_eq!(c.auth.project_domain_name, None);
                assert_eq!(s(&c.auth.user_domain_name), Some("UD"));
            },
        },
        Case {
            name: "default_domain_id fills missing user and project domains (password)",
            yaml: "auth: {auth_url: https://k/v3, username: u, project_name: p, default_domain_id: dd}",
            check: |c, _| {
                assert_eq!(s(&c.auth.user_domain_id), Some("dd"));
                assert_eq!(s(&c.auth.project_domain_id), Some("dd"));
                assert_eq!(s(&c.auth.default_domain_id), Some("dd"));
            },
        },
        Case {
            name: "default domain does not apply to an app credential",
            yaml: "auth_type: v3applicationcredential\n    auth: {auth_url: https://k/v3, username: u, default_domain_name: dd}",
            check: |c, _| assert_eq!(c.auth.user_domain_name, None),
        },
        Case {
            name: "numbers where strings are meant",
            yaml: "identity_api_version: 3\n    auth: {auth_url: https://k/v3, project_name: 123, password: 4567}",
            check: |c, _| {
                assert_eq!(s(&c.auth.project_name), Some("123"));
                assert_eq!(c.auth.password.as_ref().map(|p| p.expose()), Some("4567"));
                assert_eq!(s(&c.identity_api_version), Some("3"));
            },
        },
        Case {
            name: "auth options at the top level move into auth, and win",
            yaml: "auth_url: https://top/v3\n    username: top\n    auth: {auth_url: https://in/v3, username: in}",
            check: |c, _| {
                assert_eq!(s(&c.auth.auth_url), Some("https://top/v3"));
                assert_eq!(s(&c.auth.username), Some("top"));
            },
        },
        Case {
            name: "old key names: auth_plugin, endpoint_type, dashes",
            yaml: "auth_plugin: v3totp\n    endpoint_type: internal\n    auth: {auth-url: https://k/v3, user-domain-name: D}",
            check: |c, _| {
                assert_eq!(c.auth_type, AuthType::Totp);
                assert_eq!(c.interface, "internal");
                assert_eq!(s(&c.auth.user_domain_name), Some("D"));
            },
        },
        Case {
            name: "unknown keys and a null value are ignored",
            yaml: "compute_api_version: 2\n    floating_ip_source: None\n    region_name:\n    auth: {auth_url: https://k/v3, weird: [1, 2]}",
            check: |c, _| assert_eq!(c.region_name, None),
        },
        Case {
            name: "api_timeout as a number and auth_methods as a list",
            yaml: "api_timeout: 30\n    auth_type: v3multifactor\n    auth: {auth_url: https://k/v3, auth_methods: [v3password, v3totp]}",
            check: |c, _| {
                assert_eq!(c.api_timeout, Some(30.0));
                assert_eq!(c.auth.auth_methods, vec!["v3password", "v3totp"]);
            },
        },
        Case {
            name: "comma-separated region_name (old style): the first",
            yaml: "region_name: A,B\n    auth: {auth_url: https://k/v3}",
            check: |c, _| assert_eq!(s(&c.region_name), Some("A")),
        },
    ]
}

#[test]
fn value_table() {
    for case in cases() {
        eprintln!("case: {}", case.name);
        let sb = Sandbox::new();
        sb.write(
            "cwd/clouds.yaml",
            &format!("clouds:\n  c:\n    {}\n", case.yaml),
        );
        match sb.resolve(&cloud("c")) {
            Ok(c) => (case.check)(&c, &sb),
            Err(e) => panic!("case {:?}: {e}", case.name),
        }
    }
}

#[test]
fn yaml_anchors_and_merge_keys() {
    let sb = Sandbox::new();
    sb.write(
        "cwd/clouds.yaml",
        "base: &base\n  auth: {auth_url: https://k/v3, username: u}\n  interface: internal\n\
         clouds:\n  one:\n    <<: *base\n    region_name: R\n",
    );
    let c = sb.resolve_ok(&cloud("one"));
    assert_eq!(c.auth.username.as_deref(), Some("u"));
    assert_eq!(c.interface, "internal");
    assert_eq!(c.region_name.as_deref(), Some("R"));
}

#[test]
fn clouds_json_is_read() {
    let sb = Sandbox::new();
    sb.write(
        "cwd/clouds.json",
        r#"{"clouds": {"j": {"auth": {"auth_url": "https://j/v3"}, "verify": false}}}"#,
    );
    let c = sb.resolve_ok(&Default::default());
    assert_eq!(c.name, "j");
    assert!(!c.tls.verify);
}
