//! The last step: one merged, normalised set of keys -> [`CloudConfig`],
//! with openstacksdk's finishing touches (domain shorthand, default domain,
//! TLS resolution) and the checks that need the whole picture (auth_type,
//! auth_url).

use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

use super::error::ConfigError;
use super::files::scrub;
use super::normalize::key;
use super::{AuthOptions, AuthType, CloudConfig, OidcOptions, TlsOptions};
use crate::secret::Secret;

pub(crate) fn build(
    name: &str,
    mut top: Mapping,
    source_file: Option<PathBuf>,
    home: Option<&Path>,
) -> Result<CloudConfig, ConfigError> {
    let type_name = take_string(&mut top, "auth_type").unwrap_or_else(|| "password".into());
    let auth_type = AuthType::parse(&type_name).ok_or_else(|| ConfigError::UnknownAuthType {
        cloud: name.to_string(),
        auth_type: type_name.clone(),
    })?;
    let mut auth = match top.remove("auth") {
        Some(Value::Mapping(m)) => m,
        _ => Mapping::new(),
    };
    expand_domain_shorthand(&mut auth);
    if matches!(auth_type, AuthType::Password | AuthType::Totp) {
        fill_default_domain(&mut auth);
    }
    let auth_options = auth_options(&mut auth);
    scrub(Value::Mapping(auth));
    if auth_options.auth_url.is_none() {
        return Err(ConfigError::MissingAuthUrl {
            cloud: name.to_string(),
            source_file,
        });
    }

    let insecure = take_bool(&mut top, "insecure").unwrap_or(false);
    // sdk get_requests_verify_args: insecure is the most aggressive, it wins.
    let verify = take_bool(&mut top, "verify").unwrap_or(true) && !insecure;
    let path = |top: &mut Mapping, k: &str| take_string(top, k).map(|p| expand_home(&p, home));
    let tls = TlsOptions {
        verify,
        cacert: path(&mut top, "cacert"),
        cert: path(&mut top, "cert"),
        key: path(&mut top, "key"),
    };
    let config = CloudConfig {
        name: name.to_string(),
        auth_type,
        auth: auth_options,
        region_name: take_string(&mut top, "region_name"),
        interface: take_string(&mut top, "interface").unwrap_or_else(|| "public".into()),
        identity_api_version: take_string(&mut top, "identity_api_version"),
        tls,
        api_timeout: top.remove("api_timeout").and_then(|v| v.as_f64()),
        source_file,
    };
    scrub(Value::Mapping(top));
    Ok(config)
}

/// sdk `_handle_domain_id`: with a project, `domain_id`/`domain_name` fill
/// the missing user and project domains and are not a scope; without one
/// they are the domain scope and stay.
fn expand_domain_shorthand(auth: &mut Mapping) {
    if !(auth.contains_key("project_id") || auth.contains_key("project_name")) {
        return;
    }
    for (short, targets) in [
        ("domain_id", ["user_domain_id", "project_domain_id"]),
        ("domain_name", ["user_domain_name", "project_domain_name"]),
    ] {
        if let Some(v) = auth.remove(short) {
            for target in targets {
                if !auth.contains_key(target) {
                    auth.insert(key(target), v.clone());
                }
            }
            scrub(v);
        }
    }
}

/// keystoneauth's generic password plugin (and the OpenStack CLI's
/// OS_DEFAULT_DOMAIN for password and TOTP): a default domain stands in for
/// a user or project domain that is not given. Only where a name needs one,
/// so no domain is invented for a user or project given by id.
fn fill_default_domain(auth: &mut Mapping) {
    let default_id =
        string_at(auth, "default_domain_id").or_else(|| string_at(auth, "default_domain"));
    let default_name = string_at(auth, "default_domain_name");
    let (value_key, value) = match (default_id, default_name) {
        (Some(id), _) => ("_domain_id", id),
        (None, Some(name)) => ("_domain_name", name),
        (None, None) => return,
    };
    for (kind, named_by) in [("user", "username"), ("project", "project_name")] {
        let has_domain = auth.contains_key(format!("{kind}_domain_id").as_str())
            || auth.contains_key(format!("{kind}_domain_name").as_str());
        if auth.contains_key(named_by) && !has_domain {
            auth.insert(
                key(&format!("{kind}{value_key}")),
                Value::String(value.clone()),
            );
        }
    }
}

fn auth_options(auth: &mut Mapping) -> AuthOptions {
    let s = |k: &str, auth: &mut Mapping| take_string(auth, k);
    let secret = |k: &str, auth: &mut Mapping| take_string(auth, k).map(Secret::from);
    AuthOptions {
        auth_url: s("auth_url", auth),
        username: s("username", auth),
        user_id: s("user_id", auth),
        user_domain_name: s("user_domain_name", auth),
        user_domain_id: s("user_domain_id", auth),
        password: secret("password", auth),
        passcode: secret("passcode", auth),
        token: secret("token", auth),
        project_id: s("project_id", auth),
        project_name: s("project_name", auth),
        project_domain_id: s("project_domain_id", auth),
        project_domain_name: s("project_domain_name", auth),
        domain_id: s("domain_id", auth),
        domain_name: s("domain_name", auth),
        default_domain_id: s("default_domain_id", auth).or_else(|| s("default_domain", auth)),
        default_domain_name: s("default_domain_name", auth),
        system_scope: s("system_scope", auth),
        application_credential_id: s("application_credential_id", auth),
        application_credential_name: s("application_credential_name", auth),
        application_credential_secret: secret("application_credential_secret", auth),
        auth_methods: match auth.remove("auth_methods") {
            Some(Value::Sequence(items)) => items
                .into_iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        },
        oidc: oidc_options(auth),
    }
}

fn oidc_options(auth: &mut Mapping) -> OidcOptions {
    let s = |k: &str, auth: &mut Mapping| take_string(auth, k);
    let secret = |k: &str, auth: &mut Mapping| take_string(auth, k).map(Secret::from);
    OidcOptions {
        identity_provider: s("identity_provider", auth),
        protocol: s("protocol", auth),
        client_id: s("client_id", auth),
        client_secret: secret("client_secret", auth),
        discovery_endpoint: s("discovery_endpoint", auth),
        access_token_endpoint: s("access_token_endpoint", auth),
        device_authorization_endpoint: s("device_authorization_endpoint", auth),
        scope: s("openid_scope", auth).or_else(|| s("scope", auth)),
        access_token_type: s("access_token_type", auth),
        access_token: secret("access_token", auth),
        code_challenge_method: s("code_challenge_method", auth),
        redirect_uri: s("redirect_uri", auth),
        code: secret("code", auth),
        redirect_host: s("redirect_host", auth),
        redirect_port: s("redirect_port", auth),
        login_timeout: s("login_timeout", auth),
    }
}

fn string_at(map: &Mapping, k: &str) -> Option<String> {
    map.get(k)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Takes a (normalised, so already string) value out; "" counts as unset.
pub(crate) fn take_string(map: &mut Mapping, k: &str) -> Option<String> {
    match map.remove(k)? {
        Value::String(s) if !s.is_empty() => Some(s),
        other => {
            scrub(other);
            None
        }
    }
}

fn take_bool(map: &mut Mapping, k: &str) -> Option<bool> {
    map.remove(k).and_then(|v| v.as_bool())
}

/// `~/x` -> `$HOME/x`, as openstacksdk's os.path.expanduser does for
/// cacert, cert and key.
fn expand_home(path: &str, home: Option<&Path>) -> PathBuf {
    match (path.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ if path == "~" => home.map_or_else(|| PathBuf::from(path), Path::to_path_buf),
        _ => PathBuf::from(path),
    }
}
