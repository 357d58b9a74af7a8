//! A resolved cloud as `OS_*` variables, for tools that read only those
//! (`appcred env`, `appcred exec`): exactly what appcred read from
//! clouds.yaml, secure.yaml, `OS_*` and the flags, in the names
//! openstacksdk and the `openstack` client read back.

use zeroize::Zeroizing;

use super::Shell;
use super::consumers::write_env;
use super::escape::Out;
use crate::config::{AuthType, CloudConfig, OidcFlow};

/// Every `OS_*` variable the cloud may set: those it does not set are
/// unset, so nothing left in the shell changes what the tool sees.
pub const CLOUD_VARS: [&str; 34] = [
    "OS_AUTH_TYPE",
    "OS_AUTH_URL",
    "OS_IDENTITY_API_VERSION",
    "OS_REGION_NAME",
    "OS_INTERFACE",
    "OS_USERNAME",
    "OS_USER_ID",
    "OS_USER_DOMAIN_NAME",
    "OS_USER_DOMAIN_ID",
    "OS_PASSWORD",
    "OS_TOKEN",
    "OS_PROJECT_ID",
    "OS_PROJECT_NAME",
    "OS_PROJECT_DOMAIN_ID",
    "OS_PROJECT_DOMAIN_NAME",
    "OS_DOMAIN_ID",
    "OS_DOMAIN_NAME",
    "OS_DEFAULT_DOMAIN_ID",
    "OS_DEFAULT_DOMAIN_NAME",
    "OS_SYSTEM_SCOPE",
    "OS_APPLICATION_CREDENTIAL_ID",
    "OS_APPLICATION_CREDENTIAL_NAME",
    "OS_APPLICATION_CREDENTIAL_SECRET",
    "OS_AUTH_METHODS",
    "OS_CACERT",
    "OS_CERT",
    "OS_KEY",
    "OS_INSECURE",
    // Would pick another cloud, or override ours, in the `openstack` client.
    "OS_CLOUD",
    "OS_TENANT_ID",
    "OS_TENANT_NAME",
    "OS_AUTH_TOKEN",
    "OS_AUTH_PLUGIN",
    "OS_PASSCODE",
];

/// Whether the cloud's login uses `method` (`password`, `token`,
/// `application_credential`). The `OS_*` variables are a layer of the
/// configuration like clouds.yaml, so `OS_PROJECT_ID=other` is an override
/// that was meant; but a secret of another login method (`OS_TOKEN` left
/// in the shell under a password cloud) was not, and is not handed on.
fn logs_in_with(c: &CloudConfig, method: &str) -> bool {
    match c.auth_type {
        AuthType::Password | AuthType::Oidc(OidcFlow::Password) => method == "password",
        AuthType::Token => method == "token",
        AuthType::ApplicationCredential => method == "application_credential",
        AuthType::MultiFactor => c.auth.auth_methods.iter().any(|m| m.contains(method)),
        AuthType::Totp | AuthType::Oidc(_) => false,
    }
}

/// The cloud's variables (values zeroized on drop: passwords, secrets):
/// the secrets of its own login method only ([`logs_in_with`]).
pub fn cloud_vars(c: &CloudConfig) -> Vec<(&'static str, Zeroizing<String>)> {
    let mut v: Vec<(&'static str, Zeroizing<String>)> = Vec::new();
    let mut put = |k: &'static str, value: Option<&str>| {
        if let Some(value) = value {
            v.push((k, Zeroizing::new(value.to_string())));
        }
    };
    let a = &c.auth;
    put("OS_AUTH_TYPE", Some(c.auth_type.name()));
    put("OS_AUTH_URL", a.auth_url.as_deref());
    put(
        "OS_IDENTITY_API_VERSION",
        Some(c.identity_api_version.as_deref().unwrap_or("3")),
    );
    put("OS_REGION_NAME", c.region_name.as_deref());
    put("OS_INTERFACE", Some(c.interface.as_str()));
    put("OS_USERNAME", a.username.as_deref());
    put("OS_USER_ID", a.user_id.as_deref());
    put("OS_USER_DOMAIN_NAME", a.user_domain_name.as_deref());
    put("OS_USER_DOMAIN_ID", a.user_domain_id.as_deref());
    let password = logs_in_with(c, "password");
    let token = logs_in_with(c, "token");
    let app_cred = logs_in_with(c, "application_credential");
    put(
        "OS_PASSWORD",
        a.password.as_ref().filter(|_| password).map(|s| s.expose()),
    );
    put(
        "OS_TOKEN",
        a.token.as_ref().filter(|_| token).map(|s| s.expose()),
    );
    put("OS_PROJECT_ID", a.project_id.as_deref());
    put("OS_PROJECT_NAME", a.project_name.as_deref());
    put("OS_PROJECT_DOMAIN_ID", a.project_domain_id.as_deref());
    put("OS_PROJECT_DOMAIN_NAME", a.project_domain_name.as_deref());
    put("OS_DOMAIN_ID", a.domain_id.as_deref());
    put("OS_DOMAIN_NAME", a.domain_name.as_deref());
    put("OS_DEFAULT_DOMAIN_ID", a.default_domain_id.as_deref());
    put("OS_DEFAULT_DOMAIN_NAME", a.default_domain_name.as_deref());
    put("OS_SYSTEM_SCOPE", a.system_scope.as_deref());
    put(
        "OS_APPLICATION_CREDENTIAL_ID",
        a.application_credential_id.as_deref(),
    );
    put(
        "OS_APPLICATION_CREDENTIAL_NAME",
        a.application_credential_name.as_deref(),
    );
    put(
        "OS_APPLICATION_CREDENTIAL_SECRET",
        a.application_credential_secret
            .as_ref()
            .filter(|_| app_cred)
            .map(|s| s.expose()),
    );
    let methods = a.auth_methods.join(",");
    put(
        "OS_AUTH_METHODS",
        (!methods.is_empty()).then_some(&*methods),
    );
    put(
        "OS_CACERT",
        c.tls
            .cacert
            .as_ref()
            .map(|p| p.to_string_lossy())
            .as_deref(),
    );
    put(
        "OS_CERT",
        c.tls.cert.as_ref().map(|p| p.to_string_lossy()).as_deref(),
    );
    put(
        "OS_KEY",
        c.tls.key.as_ref().map(|p| p.to_string_lossy()).as_deref(),
    );
    // openstacksdk reads only the word "true" (any case) as true.
    put("OS_INSECURE", (!c.tls.verify).then_some("true"));
    v
}

/// The cloud as `unset`/`export` lines for `shell` (for `eval`).
pub fn render_cloud_env(c: &CloudConfig, shell: Shell) -> Zeroizing<String> {
    let vars = cloud_vars(c);
    let unset: Vec<&str> = CLOUD_VARS
        .iter()
        .copied()
        .filter(|n| !vars.iter().any(|(k, _)| k == n))
        .collect();
    let exports: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut out = Out::with_capacity(4096);
    write_env(&mut out, &unset, &exports, shell);
    out.finish()
}
