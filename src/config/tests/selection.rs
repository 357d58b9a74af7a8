//! Which cloud is chosen from the OS_* variables and flags, and the
//! application-credential scope rule.

use super::precedence::CLOUDS;
use super::{Sandbox, cloud};
use crate::config::{AuthType, CloudConfig, Overrides};

/// The classic openrc leak: OS_PROJECT_* / OS_DOMAIN_* left over from a
/// password openrc must not scope an application credential (Keystone
/// answers 401 to any scoped app-cred request).
#[test]
fn os_scope_variables_never_reach_an_app_cred_cloud() {
    let leak = [
        ("OS_PROJECT_NAME", "leak"),
        ("OS_PROJECT_ID", "leak-id"),
        ("OS_PROJECT_DOMAIN_NAME", "Default"),
        ("OS_TENANT_NAME", "leak"),
        ("OS_DOMAIN_NAME", "leakdomain"),
        ("OS_SYSTEM_SCOPE", "all"),
        ("OS_USER_DOMAIN_NAME", "Default"),
    ];
    let unscoped = |c: &CloudConfig| {
        assert_eq!(c.auth_type, AuthType::ApplicationCredential);
        assert_eq!(c.auth.project_name, None);
        assert_eq!(c.auth.project_id, None);
        assert_eq!(c.auth.project_domain_name, None);
        assert_eq!(c.auth.domain_name, None);
        assert_eq!(c.auth.system_scope, None);
        // Harmless and needed by name-based credentials: kept.
        assert_eq!(c.auth.user_domain_name.as_deref(), Some("Default"));
    };

    // Through OS_CLOUD onto a clouds.yaml app-cred cloud.
    let sb = Sandbox::new().vars(&leak).var("OS_CLOUD", "ac");
    sb.write("cwd/clouds.yaml", CLOUDS);
    unscoped(&sb.resolve_ok(&Overrides::default()));

    // An app-cred openrc sourced over a password openrc (the envvars cloud).
    let sb = Sandbox::new().vars(&leak).vars(&[
        ("OS_AUTH_TYPE", "v3applicationcredential"),
        ("OS_AUTH_URL", "https://env.example/v3"),
        ("OS_APPLICATION_CREDENTIAL_ID", "id"),
        ("OS_APPLICATION_CREDENTIAL_SECRET", "secret"),
    ]);
    unscoped(&sb.resolve_ok(&Overrides::default()));

    // A password cloud still takes them.
    let sb = Sandbox::new().vars(&leak).var("OS_CLOUD", "pw");
    sb.write("cwd/clouds.yaml", CLOUDS);
    assert_eq!(
        sb.resolve_ok(&Overrides::default())
            .auth
            .project_name
            .as_deref(),
        Some("leak")
    );

    // An explicit flag is the user's choice and still wins.
    let sb = Sandbox::new().vars(&leak);
    sb.write("cwd/clouds.yaml", CLOUDS);
    let mut o = cloud("ac");
    o.project_name = Some("asked".into());
    assert_eq!(
        sb.resolve_ok(&o).auth.project_name.as_deref(),
        Some("asked")
    );
}

#[test]
fn selector_variables_alone_do_not_make_an_envvars_cloud() {
    let sb = Sandbox::new().vars(&[
        ("OS_REGION_NAME", "RegionX"),
        ("OS_CLOUD_NAME", "x"),
        ("OS_TEST_TIMEOUT", "60"),
        ("OS_STDOUT_CAPTURE", "1"),
        ("OS_LOG_CAPTURE", "1"),
    ]);
    sb.write(
        "cwd/clouds.yaml",
        "clouds: {only: {auth: {auth_url: https://only.example/v3}}}",
    );
    let c = sb.resolve_ok(&Overrides::default());
    assert_eq!(c.name, "only");
    assert_eq!(c.region_name.as_deref(), Some("RegionX"));
    let names: Vec<String> = sb
        .list()
        .unwrap_or_default()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, vec!["only"]);
}

#[test]
fn os_login_timeout_is_an_auth_option_not_a_test_runner_variable() {
    let sb = Sandbox::new().vars(&[
        ("OS_AUTH_URL", "https://env.example/v3"),
        ("OS_AUTH_TYPE", "v3oidcauthcode"),
        ("OS_LOGIN_TIMEOUT", "7"),
        ("OS_LOG_CAPTURE", "1"),
    ]);
    let c = sb.resolve_ok(&Overrides::default());
    assert_eq!(c.auth.oidc.login_timeout.as_deref(), Some("7"));
}

#[test]
fn flags_alone_make_a_cloud() {
    let sb = Sandbox::new();
    let o = Overrides {
        auth_url: Some("https://flags.example/v3".into()),
        username: Some("u".into()),
        ..Overrides::default()
    };
    let c = sb.resolve_ok(&o);
    assert_eq!(c.name, "defaults");
    assert_eq!(c.auth.username.as_deref(), Some("u"));
}
