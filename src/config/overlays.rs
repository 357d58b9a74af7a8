//! The two layers that sit on top of a cloud: the `OS_*` variables (with
//! the application-credential scope rule) and the `--os-*` flags.

use serde_yaml::{Mapping, Value};

use super::Overrides;
use super::files::scrub;
use super::normalize::key;

/// Scope keys an application credential must not receive from `OS_*`.
pub(crate) const SCOPE_KEYS: &[&str] = &[
    "project_id",
    "project_name",
    "project_domain_id",
    "project_domain_name",
    "domain_id",
    "domain_name",
    "system_scope",
    "trust_id",
];

/// A flag given as "" counts as not given.
pub(crate) fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.is_empty())
}

/// For a cloud made of flags alone: no `OS_*` cloud exists then, so the
/// only variable left that means anything is OS_REGION_NAME.
pub(crate) fn region_only(mut env: Mapping) -> Mapping {
    let mut out = Mapping::new();
    if let Some(r) = env.remove("region_name") {
        out.insert(key("region_name"), r);
    }
    scrub(Value::Mapping(env));
    out
}

pub(crate) fn drop_env_scope(cloud: &str, layer: &mut Mapping) {
    let Some(Value::Mapping(auth)) = layer.get_mut("auth") else {
        return;
    };
    let dropped: Vec<&str> = SCOPE_KEYS
        .iter()
        .copied()
        .filter(|k| {
            auth.remove(*k).is_some_and(|v| {
                scrub(v);
                true
            })
        })
        .collect();
    if !dropped.is_empty() {
        tracing::warn!(
            cloud,
            ignored = ?dropped,
            "ignoring OS_* scope variables for an application credential cloud: \
             Keystone refuses any scope with an application credential"
        );
    }
}

pub(crate) fn flags_layer(o: &Overrides) -> Mapping {
    let mut m = Mapping::new();
    let strings = [
        ("auth_url", &o.auth_url),
        ("auth_type", &o.auth_type),
        ("username", &o.username),
        ("user_id", &o.user_id),
        ("user_domain_name", &o.user_domain_name),
        ("user_domain_id", &o.user_domain_id),
        ("project_name", &o.project_name),
        ("project_id", &o.project_id),
        ("project_domain_name", &o.project_domain_name),
        ("project_domain_id", &o.project_domain_id),
        ("domain_name", &o.domain_name),
        ("domain_id", &o.domain_id),
        ("system_scope", &o.system_scope),
        ("region_name", &o.region_name),
        ("interface", &o.interface),
    ];
    for (name, value) in strings {
        if let Some(v) = non_empty(value) {
            m.insert(key(name), Value::String(v.to_string()));
        }
    }
    if let Some(cacert) = &o.cacert {
        m.insert(
            key("cacert"),
            Value::String(cacert.to_string_lossy().into_owned()),
        );
    }
    for (name, value) in &o.auth_options {
        if !value.is_empty() {
            m.insert(key(name), Value::String(value.clone()));
        }
    }
    for (name, value) in &o.auth_secrets {
        if !value.is_empty() {
            m.insert(key(name), Value::String(value.expose().to_string()));
        }
    }
    // `--insecure` is a switch: absent means "not given", not "verify".
    if o.insecure {
        m.insert(key("insecure"), Value::Bool(true));
    }
    m
}
