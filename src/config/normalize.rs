//! One source's settings for a cloud (a clouds.yaml entry, a profile, a
//! region's `values`, the `OS_*` variables, the flags) put into one shape
//! before they are layered: keys with `_` (openstacksdk's normalize_keys),
//! old names mapped to new ones (`auth_plugin`, `endpoint_type`, `tenant_*`,
//! `auth_token`), auth options moved into `auth:` (sdk `_validate_auth`), and
//! every known key checked for its type so a bad value is reported with the
//! place it came from.
//!
//! Unknown keys are kept and ignored later, as openstacksdk does.

use serde_yaml::{Mapping, Value};

use super::error::{ConfigError, kind};
use super::files::scrub;

/// Auth options whose values are plain strings.
pub(crate) const AUTH_STRINGS: &[&str] = &[
    "auth_url",
    "username",
    "user_id",
    "user_domain_name",
    "user_domain_id",
    "project_id",
    "project_name",
    "project_domain_id",
    "project_domain_name",
    "domain_id",
    "domain_name",
    "default_domain_id",
    "default_domain_name",
    // The OpenStack CLI's OS_DEFAULT_DOMAIN (a domain id).
    "default_domain",
    "system_scope",
    "trust_id",
    "application_credential_id",
    "application_credential_name",
    "tenant_id",
    "tenant_name",
    // OpenID Connect federation (keystoneauth's v3oidc* and v3websso).
    "identity_provider",
    "protocol",
    "client_id",
    "discovery_endpoint",
    "access_token_endpoint",
    "device_authorization_endpoint",
    "openid_scope",
    "access_token_type",
    "code_challenge_method",
    "redirect_uri",
    "redirect_host",
    "redirect_port",
    "login_timeout",
];

/// Auth options that are secrets.
pub(crate) const AUTH_SECRETS: &[&str] = &[
    "password",
    "passcode",
    "token",
    "auth_token",
    "application_credential_secret",
    "client_secret",
    "access_token",
    "code",
];

/// Top-level keys whose values are plain strings.
const TOP_STRINGS: &[&str] = &[
    "auth_type",
    "auth_plugin",
    "interface",
    "endpoint_type",
    "identity_api_version",
    "cacert",
    "cert",
    "key",
    "profile",
    "cloud",
];

/// Old key -> current key; the current key wins when both are set.
const TOP_ALIASES: &[(&str, &str)] =
    &[("auth_plugin", "auth_type"), ("endpoint_type", "interface")];
const AUTH_ALIASES: &[(&str, &str)] = &[
    ("tenant_id", "project_id"),
    ("tenant_name", "project_name"),
    ("auth_token", "token"),
];

pub(crate) fn key(name: &str) -> Value {
    Value::String(name.to_string())
}

/// Normalises one source. `origin` names it in errors ("cloud `x` in FILE").
pub(crate) fn normalize(raw: Mapping, origin: &str) -> Result<Mapping, ConfigError> {
    let mut top = normalize_keys(raw);
    let mut auth = match top.remove("auth") {
        None | Some(Value::Null) => Mapping::new(),
        Some(Value::Mapping(m)) => normalize_keys(m),
        Some(other) => {
            return Err(wrong_type(
                origin,
                "auth",
                "a mapping of auth options",
                other,
            ));
        }
    };
    // Auth options written at the top level belong in `auth`; the top-level
    // one wins, as in the OpenStack CLI (it is where its flags land).
    let auth_keys = AUTH_STRINGS
        .iter()
        .chain(AUTH_SECRETS)
        .chain(&["auth_methods"]);
    for name in auth_keys {
        if let Some(v) = top.remove(*name) {
            replace(&mut auth, key(name), v);
        }
    }
    apply_aliases(&mut top, TOP_ALIASES);
    apply_aliases(&mut auth, AUTH_ALIASES);

    for name in AUTH_STRINGS.iter().chain(AUTH_SECRETS) {
        coerce(&mut auth, name, origin, to_string_value)?;
    }
    coerce(&mut auth, "auth_methods", origin, to_method_list)?;
    for name in TOP_STRINGS {
        coerce(&mut top, name, origin, to_string_value)?;
    }
    coerce(&mut top, "region_name", origin, to_region_names)?;
    coerce(&mut top, "verify", origin, to_bool)?;
    coerce(&mut top, "insecure", origin, to_bool)?;
    coerce(&mut top, "api_timeout", origin, to_timeout)?;
    if !auth.is_empty() {
        top.insert(key("auth"), Value::Mapping(auth));
    }
    Ok(top)
}

/// Lays `over` on `base`: `auth` key by key, everything else replaced.
pub(crate) fn merge_layer(base: &mut Mapping, over: Mapping) {
    for (k, v) in over {
        match (k.as_str() == Some("auth"), base.get_mut(&k), v) {
            (true, Some(Value::Mapping(base_auth)), Value::Mapping(over_auth)) => {
                for (ak, av) in over_auth {
                    replace(base_auth, ak, av);
                }
            }
            (_, _, v) => replace(base, k, v),
        }
    }
}

/// Deep merge of whole files (secure.yaml over clouds.yaml, sdk `merge_clouds`).
pub(crate) fn deep_merge(base: &mut Mapping, over: Mapping) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(Value::Mapping(b)), Value::Mapping(o)) => deep_merge(b, o),
            (_, v) => replace(base, k, v),
        }
    }
}

/// Insert, wiping the value it replaces (it may be a password).
fn replace(map: &mut Mapping, k: Value, v: Value) {
    if let Some(old) = map.insert(k, v) {
        scrub(old);
    }
}

/// Keys as strings with `-` turned into `_`; null values dropped (a key
/// written without a value is unset); keys that are lists or mappings can
/// mean nothing to us and are dropped.
fn normalize_keys(raw: Mapping) -> Mapping {
    let mut out = Mapping::new();
    for (k, v) in raw {
        let name = match k {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => continue,
        };
        if v.is_null() {
            continue;
        }
        replace(&mut out, Value::String(name.replace('-', "_")), v);
    }
    out
}

fn apply_aliases(map: &mut Mapping, aliases: &[(&str, &str)]) {
    for (old, new) in aliases {
        if let Some(v) = map.remove(*old) {
            if map.contains_key(*new) {
                scrub(v);
            } else {
                map.insert(key(new), v);
            }
        }
    }
}

type Coercion = fn(Value) -> Result<Value, (&'static str, Value)>;

fn coerce(map: &mut Mapping, name: &str, origin: &str, f: Coercion) -> Result<(), ConfigError> {
    let Some(v) = map.remove(name) else {
        return Ok(());
    };
    match f(v) {
        Ok(v) => {
            map.insert(key(name), v);
            Ok(())
        }
        Err((expected, bad)) => Err(wrong_type(origin, name, expected, bad)),
    }
}

fn wrong_type(origin: &str, name: &str, expected: &'static str, bad: Value) -> ConfigError {
    let found = kind(&bad);
    scrub(bad);
    ConfigError::WrongType {
        origin: origin.to_string(),
        key: name.to_string(),
        expected,
        found,
    }
}

/// Strings, and numbers or booleans where a string is meant (a numeric
/// project name or password), as openstacksdk's normalize_keys accepts them.
fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => scalar_string(&t.value),
        _ => None,
    }
}

fn to_string_value(v: Value) -> Result<Value, (&'static str, Value)> {
    match v {
        Value::String(_) => Ok(v),
        _ => match scalar_string(&v) {
            Some(s) => Ok(Value::String(s)),
            None => Err(("a string", v)),
        },
    }
}

/// `auth_methods`: a list, or a comma-separated string (sdk CSV_KEYS).
fn to_method_list(v: Value) -> Result<Value, (&'static str, Value)> {
    const EXPECTED: &str = "a list of auth method names (or a comma-separated string)";
    let names: Vec<String> = match &v {
        Value::Sequence(items) => match items.iter().map(scalar_string).collect() {
            Some(names) => names,
            None => return Err((EXPECTED, v)),
        },
        other => match scalar_string(other) {
            Some(s) => s.split(',').map(|m| m.trim().to_string()).collect(),
            None => return Err((EXPECTED, v)),
        },
    };
    Ok(Value::Sequence(
        names
            .into_iter()
            .filter(|m| !m.is_empty())
            .map(Value::String)
            .collect(),
    ))
}

/// `region_name`: a name, or (old style) a list of names; commas split later.
fn to_region_names(v: Value) -> Result<Value, (&'static str, Value)> {
    match &v {
        Value::Sequence(items) => match items.iter().map(scalar_string).collect::<Option<Vec<_>>>()
        {
            Some(names) => Ok(Value::Sequence(
                names.into_iter().map(Value::String).collect(),
            )),
            None => Err(("a region name", v)),
        },
        _ => to_string_value(v).map_err(|(_, v)| ("a region name", v)),
    }
}

/// YAML booleans, and the strings PyYAML reads as booleans (YAML 1.1:
/// yes/no/on/off), so a file means the same here as in openstacksdk.
fn to_bool(v: Value) -> Result<Value, (&'static str, Value)> {
    const EXPECTED: &str = "true or false";
    let parsed = match &v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" => Some(true),
            "false" | "no" | "off" => Some(false),
            _ => None,
        },
        _ => None,
    };
    match parsed {
        Some(b) => Ok(Value::Bool(b)),
        None => Err((EXPECTED, v)),
    }
}

/// Seconds, as a number or a numeric string; must be positive.
fn to_timeout(v: Value) -> Result<Value, (&'static str, Value)> {
    const EXPECTED: &str = "a positive number of seconds";
    let secs = match &v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    match secs {
        Some(s) if s.is_finite() && s > 0.0 => Ok(Value::Number(s.into())),
        _ => Err((EXPECTED, v)),
    }
}
