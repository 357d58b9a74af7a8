//! The three export formats. Each is built in a zeroizing buffer and quotes
//! every value for its format, so any secret, name or path survives: the
//! `a"b\c$d'e #f` that breaks Horizon's template included.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde_yaml::{Mapping, Value};
use zeroize::Zeroizing;

use super::ExportData;
use super::escape::{
    Out, comment_text, json_string, shell_quoted, yaml_double_quoted, yaml_string,
};
use crate::expiry::utc_text;
use crate::keystone::types::keystone_time;

/// Unset before exporting: any of these makes keystoneauth or the
/// `openstack` CLI scope the request or pick a password plugin, and
/// Keystone refuses a scoped application-credential login.
const UNSET_ALWAYS: [&str; 22] = [
    "OS_PROJECT_ID",
    "OS_PROJECT_NAME",
    "OS_PROJECT_DOMAIN_ID",
    "OS_PROJECT_DOMAIN_NAME",
    "OS_TENANT_ID",
    "OS_TENANT_NAME",
    "OS_USERNAME",
    "OS_USER_ID",
    "OS_PASSWORD",
    "OS_USER_DOMAIN_ID",
    "OS_USER_DOMAIN_NAME",
    "OS_DOMAIN_ID",
    "OS_DOMAIN_NAME",
    "OS_SYSTEM_SCOPE",
    "OS_TRUST_ID",
    "OS_TOKEN",
    "OS_AUTH_TOKEN",
    "OS_CLOUD",
    // Aliases and the name-based form, so a previous openrc cannot leak in.
    "OS_AUTH_PLUGIN",
    "OS_ENDPOINT_TYPE",
    "OS_APPLICATION_CREDENTIAL_NAME",
    "OS_PASSCODE",
];

/// Room for the fixed text plus every value escaped at worst (6 bytes a
/// byte), so the buffer does not need to grow.
pub(crate) fn capacity(d: &ExportData) -> usize {
    let values = d.cloud_name.len()
        + d.auth_url.len()
        + d.region_name.as_ref().map_or(0, String::len)
        + d.interface.len()
        + d.cacert.as_ref().map_or(0, |p| p.as_os_str().len())
        + d.id.len()
        + 2 * d.name.len()
        + d.secret.expose().len()
        + d.project_id.as_ref().map_or(0, String::len);
    2048 + 6 * values
}

pub(crate) fn expiry_words(d: &ExportData) -> String {
    d.expires_at.map_or_else(|| "never".to_string(), utc_text)
}

/// A POSIX shell file to `source`: unsets what would scope the login, then
/// exports the application credential.
pub fn render_openrc(d: &ExportData) -> Zeroizing<String> {
    let mut out = Out::with_capacity(capacity(d));
    out.push_str("# openrc for the OpenStack application credential ");
    comment_text(&mut out, &d.name);
    out.push_str(" (");
    comment_text(&mut out, &d.id);
    let _ = write!(out, ")\n# Expires: {}\n", expiry_words(d));
    out.push_str(
        "# Created by appcred. It holds the secret: keep it private (0600).\n\
         # Use it with:  . ./this-file   (then e.g. openstack token issue)\n\n",
    );
    let (unset, exports) = openrc_vars(d);
    out.push_str("unset");
    for (i, name) in unset.iter().enumerate() {
        out.push_str(if i > 0 && i % 6 == 0 {
            " \\\n      "
        } else {
            " "
        });
        out.push_str(name);
    }
    out.push_str("\n\n");
    for (name, value) in &exports {
        out.push_str("export ");
        out.push_str(name);
        out.push('=');
        shell_quoted(&mut out, value);
        out.push('\n');
    }
    out.finish()
}

/// What an openrc (and `env`) does: the variables to unset, so nothing
/// scopes the login or picks another plugin, and the ones to export.
pub(crate) fn openrc_vars(
    d: &ExportData,
) -> (Vec<&'static str>, Vec<(&'static str, Cow<'_, str>)>) {
    let mut unset: Vec<&'static str> = UNSET_ALWAYS.to_vec();
    if d.region_name.is_none() {
        unset.push("OS_REGION_NAME");
    }
    if d.cacert.is_none() {
        unset.push("OS_CACERT");
    }
    if d.verify {
        unset.push("OS_INSECURE");
    }
    let mut exports: Vec<(&'static str, Cow<'_, str>)> = vec![
        ("OS_AUTH_TYPE", "v3applicationcredential".into()),
        ("OS_AUTH_URL", d.auth_url.as_str().into()),
        ("OS_IDENTITY_API_VERSION", "3".into()),
    ];
    if let Some(region) = &d.region_name {
        exports.push(("OS_REGION_NAME", region.as_str().into()));
    }
    exports.push(("OS_INTERFACE", d.interface.as_str().into()));
    exports.push(("OS_APPLICATION_CREDENTIAL_ID", d.id.as_str().into()));
    exports.push(("OS_APPLICATION_CREDENTIAL_SECRET", d.secret.expose().into()));
    if let Some(cacert) = &d.cacert {
        exports.push(("OS_CACERT", cacert.to_string_lossy()));
    }
    if !d.verify {
        // openstacksdk reads only the word "true" (any case) as true.
        exports.push(("OS_INSECURE", "true".into()));
    }
    (unset, exports)
}

/// A whole clouds.yaml with one cloud.
pub fn render_clouds_yaml(d: &ExportData) -> Zeroizing<String> {
    let mut out = Out::with_capacity(capacity(d));
    out.push_str("# clouds.yaml for the OpenStack application credential ");
    comment_text(&mut out, &d.name);
    out.push_str(" (");
    comment_text(&mut out, &d.id);
    let _ = write!(out, ")\n# Expires: {}\n", expiry_words(d));
    out.push_str("# Created by appcred. It holds the secret: keep it private (0600).\nclouds:\n");
    render_entry(&mut out, d, "  ", "  ", "\n", false);
    out.finish()
}

/// One cloud entry, every line starting with `indent`, nested levels one
/// more `step` each, lines ended with `nl` (the file's own style when
/// merging). Ids and secrets are always double-quoted so they stay strings
/// (an id of digits would otherwise read as a number).
pub(crate) fn render_entry(
    out: &mut Out,
    d: &ExportData,
    indent: &str,
    step: &str,
    nl: &str,
    comment: bool,
) {
    if comment {
        out.push_str(indent);
        out.push_str("# application credential ");
        comment_text(out, &d.name);
        let _ = write!(out, ", expires {}; added by appcred", expiry_words(d));
        out.push_str(nl);
    }
    let line = |out: &mut Out, depth: usize, key: &str| {
        out.push_str(indent);
        for _ in 0..depth {
            out.push_str(step);
        }
        out.push_str(key);
        out.push(':');
    };
    out.push_str(indent);
    yaml_string(out, &d.cloud_name);
    out.push(':');
    out.push_str(nl);
    let item = |out: &mut Out, depth: usize, key: &str, value: Scalar| {
        line(out, depth, key);
        match value {
            Scalar::None => {}
            Scalar::Raw(v) => {
                out.push(' ');
                out.push_str(v);
            }
            Scalar::Str(v) => {
                out.push(' ');
                yaml_string(out, v);
            }
            Scalar::Quoted(v) => {
                out.push(' ');
                yaml_double_quoted(out, v);
            }
        }
        out.push_str(nl);
    };
    item(out, 1, "auth_type", Scalar::Raw("v3applicationcredential"));
    item(out, 1, "auth", Scalar::None);
    item(out, 2, "auth_url", Scalar::Str(&d.auth_url));
    item(out, 2, "application_credential_id", Scalar::Quoted(&d.id));
    let secret = d.secret.expose();
    item(
        out,
        2,
        "application_credential_secret",
        Scalar::Quoted(secret),
    );
    if let Some(region) = &d.region_name {
        item(out, 1, "region_name", Scalar::Str(region));
    }
    item(out, 1, "interface", Scalar::Str(&d.interface));
    item(out, 1, "identity_api_version", Scalar::Raw("3"));
    if let Some(cacert) = &d.cacert {
        item(out, 1, "cacert", Scalar::Str(&cacert.to_string_lossy()));
    }
    if !d.verify {
        item(out, 1, "verify", Scalar::Raw("false"));
    }
}

enum Scalar<'a> {
    None,
    Raw(&'a str),
    Str(&'a str),
    Quoted(&'a str),
}

/// The entry as serde_yaml must read it back, to check a merge.
pub(crate) fn expected_entry(d: &ExportData) -> Value {
    let s = |v: &str| Value::String(v.to_string());
    let mut auth = Mapping::new();
    auth.insert(s("auth_url"), s(&d.auth_url));
    auth.insert(s("application_credential_id"), s(&d.id));
    auth.insert(s("application_credential_secret"), s(d.secret.expose()));
    let mut m = Mapping::new();
    m.insert(s("auth_type"), s("v3applicationcredential"));
    m.insert(s("auth"), Value::Mapping(auth));
    if let Some(region) = &d.region_name {
        m.insert(s("region_name"), s(region));
    }
    m.insert(s("interface"), s(&d.interface));
    m.insert(s("identity_api_version"), Value::Number(3.into()));
    if let Some(cacert) = &d.cacert {
        m.insert(s("cacert"), s(&cacert.to_string_lossy()));
    }
    if !d.verify {
        m.insert(s("verify"), Value::Bool(false));
    }
    Value::Mapping(m)
}

/// `{"id","name","secret","auth_url","region_name","project_id","expires_at"}`,
/// with `expires_at` in Keystone's own format (`2031-01-01T00:00:00.000000`).
pub fn render_json(d: &ExportData) -> Zeroizing<String> {
    let mut out = Out::with_capacity(capacity(d));
    let fields: [(&str, Option<&str>); 6] = [
        ("id", Some(&d.id)),
        ("name", Some(&d.name)),
        ("secret", Some(d.secret.expose())),
        ("auth_url", Some(&d.auth_url)),
        ("region_name", d.region_name.as_deref()),
        ("project_id", d.project_id.as_deref()),
    ];
    out.push_str("{\n");
    for (key, value) in fields {
        let _ = write!(out, "  \"{key}\": ");
        match value {
            Some(v) => json_string(&mut out, v),
            None => out.push_str("null"),
        }
        out.push_str(",\n");
    }
    out.push_str("  \"expires_at\": ");
    match d.expires_at {
        Some(t) => json_string(&mut out, &keystone_time::format(&t)),
        None => out.push_str("null"),
    }
    out.push_str("\n}\n");
    out.finish()
}
