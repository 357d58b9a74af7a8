//! The cache key (what tells logins apart, no secret in it) and the stored
//! value (round trip, trimmed catalog, timeout). The keyring itself is
//! exercised against the kernel in tests/token_cache*.rs.

use chrono::TimeZone;

use super::super::auth::plan_from_cloud;
use super::super::types::{DomainRef, Endpoint};
use super::*;
use crate::config::{AuthOptions, AuthType, TlsOptions};

fn cloud(auth_type: AuthType, auth: AuthOptions) -> CloudConfig {
    CloudConfig {
        name: "test".into(),
        auth_type,
        auth,
        region_name: Some("RegionOne".into()),
        interface: "public".into(),
        identity_api_version: Some("3".into()),
        tls: TlsOptions::default(),
        api_timeout: None,
        source_file: None,
    }
}

fn alice(password: Option<&str>, project: &str) -> CloudConfig {
    cloud(
        AuthType::Password,
        AuthOptions {
            username: Some("alice".into()),
            user_domain_name: Some("Default".into()),
            password: password.map(Secret::from),
            project_name: Some(project.into()),
            project_domain_name: Some("Default".into()),
            ..Default::default()
        },
    )
}

fn key(c: &CloudConfig) -> String {
    let plan = plan_from_cloud(c).unwrap();
    CacheKey::new(c, "http://127.0.0.1:5000/v3", &plan)
        .description()
        .to_string()
}

#[test]
fn the_key_tells_logins_apart_without_holding_a_secret() {
    let base = key(&alice(Some("pw-1"), "demo"));
    assert!(base.starts_with(key::PREFIX), "{base}");
    assert!(!base.contains("pw-1") && !base.contains("alice"), "{base}");
    assert_eq!(base, key(&alice(Some("pw-1"), "demo")), "stable");
    assert_ne!(base, key(&alice(Some("pw-2"), "demo")), "a new password");
    assert_ne!(base, key(&alice(Some("pw-1"), "ci")), "another scope");
    assert_ne!(base, key(&alice(None, "demo")), "asked vs configured");
    let mut other_region = alice(Some("pw-1"), "demo");
    other_region.region_name = Some("RegionTwo".into());
    assert_ne!(base, key(&other_region));
    let plan = plan_from_cloud(&alice(Some("pw-1"), "demo")).unwrap();
    let elsewhere = CacheKey::new(&alice(Some("pw-1"), "demo"), "https://other/v3", &plan);
    assert_ne!(base, elsewhere.description(), "another Keystone");
}

#[test]
fn a_totp_passcode_does_not_change_the_key_but_an_app_cred_secret_does() {
    let totp = |code: &str| {
        cloud(
            AuthType::Totp,
            AuthOptions {
                user_id: Some("u1".into()),
                passcode: Some(code.into()),
                project_id: Some("p".into()),
                ..Default::default()
            },
        )
    };
    assert_eq!(key(&totp("123456")), key(&totp("654321")));
    let app = |secret: &str| {
        cloud(
            AuthType::ApplicationCredential,
            AuthOptions {
                application_credential_id: Some("ac1".into()),
                application_credential_secret: Some(secret.into()),
                ..Default::default()
            },
        )
    };
    assert_ne!(key(&app("s-1")), key(&app("s-2")));
    assert!(!key(&app("s-1")).contains("ac1"));
}

fn info(expires_at: DateTime<Utc>) -> TokenInfo {
    let ep = |interface: &str, region: &str| Endpoint {
        interface: interface.into(),
        region_id: Some(region.into()),
        url: format!("http://{interface}.{region}/v3"),
    };
    TokenInfo {
        user: UserRef {
            id: "u1".into(),
            name: "alice".into(),
            domain: None,
            federation: None,
        },
        scope: Scope::Project {
            id: "p1".into(),
            name: "demo".into(),
            domain: DomainRef {
                id: "default".into(),
                name: "Default".into(),
            },
        },
        roles: vec![RoleRef {
            id: "r1".into(),
            name: "member".into(),
        }],
        methods: vec!["password".into()],
        issued_at: expires_at - Duration::hours(1),
        expires_at,
        catalog: vec![CatalogService {
            service_type: "identity".into(),
            name: Some("keystone".into()),
            endpoints: vec![
                ep("public", "RegionOne"),
                ep("admin", "RegionOne"),
                ep("public", "RegionTwo"),
            ],
        }],
        application_credential: None,
    }
}

#[test]
fn the_value_round_trips_with_only_the_endpoints_in_use() {
    let expires = Utc.with_ymd_and_hms(2031, 1, 1, 0, 0, 0).single();
    let expires = expires.unwrap_or_else(Utc::now);
    let c = alice(Some("pw"), "demo");
    let original = info(expires);
    let bytes = encode(&Secret::from("gAAAAA-token"), &original, &c);
    let back = bytes.as_deref().and_then(|b| decode(b));
    let back = back.unwrap_or_else(|| panic!("no round trip"));
    assert_eq!(back.token.expose(), "gAAAAA-token");
    assert_eq!(back.info.user, original.user);
    assert_eq!(back.info.scope, original.scope);
    assert_eq!(back.info.roles, original.roles);
    assert_eq!(back.info.expires_at, original.expires_at);
    let endpoints = &back.info.catalog[0].endpoints;
    assert_eq!(endpoints.len(), 1, "{endpoints:?}");
    assert_eq!(endpoints[0].url, "http://public.RegionOne/v3");
}

#[test]
fn other_layouts_and_garbage_are_misses() {
    assert!(decode(b"").is_none());
    assert!(decode(b"{\"v\":1}").is_none());
    let c = alice(Some("pw"), "demo");
    let bytes = encode(&Secret::from("t"), &info(Utc::now()), &c).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes).replace("\"v\":1", "\"v\":2");
    assert!(decode(text.as_bytes()).is_none());
}

#[test]
fn the_kernel_forgets_the_token_a_margin_before_keystone_does() {
    let now = Utc::now();
    assert_eq!(timeout_for(now + Duration::hours(1), now), Some(55 * 60));
    assert_eq!(timeout_for(now + MARGIN, now), None);
    assert_eq!(timeout_for(now - Duration::hours(1), now), None);
}

fn sso(project: &str, client: &str, secret: Option<&str>) -> CloudConfig {
    use crate::config::{OidcFlow, OidcOptions};
    let mut c = cloud(
        AuthType::Oidc(OidcFlow::ClientCredentials),
        AuthOptions {
            project_name: Some(project.into()),
            project_domain_name: Some("sso".into()),
            oidc: OidcOptions {
                identity_provider: Some("myidp".into()),
                protocol: Some("openid".into()),
                client_id: Some(client.into()),
                client_secret: secret.map(Secret::from),
                discovery_endpoint: Some("https://idp/.well-known/openid-configuration".into()),
                ..Default::default()
            },
            ..Default::default()
        },
    );
    c.region_name = None;
    c
}

/// The unscoped token's key, for the cloud's one OpenID login.
fn federated_key(c: &CloudConfig) -> String {
    let mut plan = plan_from_cloud(c).unwrap_or_else(|e| panic!("{e}"));
    let login = plan
        .federated_mut()
        .map(|f| f.login.clone())
        .unwrap_or_else(|| panic!("not federated"));
    CacheKey::federated("http://127.0.0.1:5000/v3", &login)
        .description()
        .to_string()
}

#[test]
fn the_unscoped_federated_key_is_the_clouds_identity_not_its_scope() {
    let base = federated_key(&sso("demo", "cli", Some("s-1")));
    assert!(base.starts_with(key::FEDERATED_PREFIX), "{base}");
    assert!(!base.contains("s-1") && !base.contains("cli"), "{base}");
    assert_eq!(
        base,
        federated_key(&sso("other", "cli", Some("s-1"))),
        "any project"
    );
    assert_ne!(
        base,
        federated_key(&sso("demo", "robot", Some("s-1"))),
        "another client"
    );
    assert_ne!(
        base,
        federated_key(&sso("demo", "cli", Some("s-2"))),
        "another secret"
    );
    // The scoped keys of the two projects differ, and differ from it.
    let (a, b) = (
        key(&sso("demo", "cli", Some("s-1"))),
        key(&sso("other", "cli", Some("s-1"))),
    );
    assert_ne!(a, b);
    assert_ne!(a, base);
}
