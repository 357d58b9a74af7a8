//! What an opened hand-off holds, read back into a credential: appcred's
//! JSON export, a clouds.yaml, or an openrc/env file (POSIX shells), told
//! apart by content, so what `age -r` sealed by hand reads as well as what
//! `--to` wrote. Each carries the auth URL, id and secret, which is all a
//! credential needs to log in and be rendered again in any format; the
//! name and expiry come along where the format has them (JSON; the
//! `# Expires:` line appcred writes atop the others).

use std::path::PathBuf;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use serde::Deserialize;

use super::HandoffError;
use crate::export::ExportData;
use crate::keystone::types::keystone_time;
use crate::rotation::consumers::shell_words::{read_word, value_start};
use crate::secret::Secret;
use crate::store::StoredCredential;

/// The credential in `text`, and the name of the format it was in.
pub fn read_credential(text: &str) -> Result<(StoredCredential, &'static str), HandoffError> {
    let found = if text.trim_start().starts_with('{') {
        from_json(text).map(|c| (c, "json"))
    } else if text
        .lines()
        .any(|l| value_start(l, "OS_AUTH_URL").is_some())
    {
        from_openrc(text).map(|c| (c, "openrc"))
    } else {
        from_clouds(text).map(|c| (c, "clouds"))
    };
    let (mut c, kind) = found.map_err(|missing| {
        HandoffError::new(format!(
            "the hand-off holds no usable credential ({missing})"
        ))
        .with_hint("appcred import reads the json, clouds and openrc/env (POSIX) exports")
    })?;
    if c.expires_at.is_none() {
        c.expires_at = expires_comment(text);
    }
    Ok((c, kind))
}

#[derive(Deserialize)]
struct JsonExport {
    id: String,
    name: Option<String>,
    secret: Secret,
    auth_url: String,
    region_name: Option<String>,
    project_id: Option<String>,
    expires_at: Option<String>,
}

fn from_json(text: &str) -> Result<StoredCredential, String> {
    let j: JsonExport =
        serde_json::from_str(text).map_err(|_| "not appcred's JSON export".to_string())?;
    let expires_at = j
        .expires_at
        .as_deref()
        .and_then(keystone_time::parse)
        .map(|t| t.to_rfc3339());
    let fields = [
        ("auth_url", Some(j.auth_url)),
        ("application_credential_id", Some(j.id)),
        ("name", j.name),
        ("region_name", j.region_name),
        ("project_id", j.project_id),
        ("expires_at", expires_at),
    ];
    build(&fields, j.secret)
}

fn from_openrc(text: &str) -> Result<StoredCredential, String> {
    let var = |name: &str| {
        text.lines().find_map(|l| {
            let at = value_start(l, name)?;
            read_word(&l[at..]).map(|(w, _)| w)
        })
    };
    let secret = var("OS_APPLICATION_CREDENTIAL_SECRET")
        .map(|w| Secret::new(w.as_str()))
        .ok_or("no OS_APPLICATION_CREDENTIAL_SECRET")?;
    let plain = |name: &str| var(name).map(|w| w.to_string());
    let fields = [
        ("auth_url", plain("OS_AUTH_URL")),
        (
            "application_credential_id",
            plain("OS_APPLICATION_CREDENTIAL_ID"),
        ),
        ("region_name", plain("OS_REGION_NAME")),
        ("interface", plain("OS_INTERFACE")),
        ("cacert", plain("OS_CACERT")),
    ];
    build(&fields, secret)
}

fn from_clouds(text: &str) -> Result<StoredCredential, String> {
    let doc: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|_| "not a json, clouds or openrc export")?;
    let clouds = doc
        .get("clouds")
        .and_then(|c| c.as_mapping())
        .ok_or("not a json, clouds or openrc export")?;
    let (name, cloud) = clouds
        .iter()
        .find(|(_, c)| {
            c.get("auth")
                .and_then(|a| a.get("application_credential_id"))
                .is_some()
        })
        .ok_or("no cloud entry with an application_credential_id")?;
    let auth = cloud.get("auth").ok_or("no auth")?;
    let s = |v: Option<&serde_yaml::Value>| v.and_then(|v| v.as_str()).map(str::to_string);
    let secret = s(auth.get("application_credential_secret"))
        .map(Secret::new)
        .ok_or("no application_credential_secret")?;
    let fields = [
        ("auth_url", s(auth.get("auth_url"))),
        (
            "application_credential_id",
            s(auth.get("application_credential_id")),
        ),
        ("cloud", s(Some(name))),
        ("region_name", s(cloud.get("region_name"))),
        ("interface", s(cloud.get("interface"))),
        ("cacert", s(cloud.get("cacert"))),
    ];
    build(&fields, secret)
}

fn build(fields: &[(&str, Option<String>)], secret: Secret) -> Result<StoredCredential, String> {
    let get = |k: &str| {
        fields
            .iter()
            .find(|(name, _)| *name == k)
            .and_then(|(_, v)| v.clone())
    };
    StoredCredential::from_fields(get, secret).map_err(|missing| format!("no {missing}"))
}

/// Whether the hand-off says its credential never expires: JSON's null,
/// or `# Expires: never` atop the others.
pub fn never_expires(text: &str, kind: &str) -> bool {
    kind == "json" || text.lines().any(|l| l.trim() == "# Expires: never")
}

/// The `# Expires: 2031-06-01 14:00 UTC` line appcred writes atop its
/// exports, as RFC 3339.
fn expires_comment(text: &str) -> Option<String> {
    let when = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("# Expires: "))?;
    let naive = NaiveDateTime::parse_from_str(when.trim(), "%Y-%m-%d %H:%M UTC").ok()?;
    Some(Utc.from_utc_datetime(&naive).to_rfc3339())
}

/// The export of an imported credential, to write it in any format: the
/// entry named `cloud_name`, else as the hand-off named it, else
/// `imported-<name>`.
pub fn export_data(c: &StoredCredential, cloud_name: Option<&str>) -> ExportData {
    let name = c
        .name
        .clone()
        .unwrap_or_else(|| c.application_credential_id.clone());
    let cloud_name = cloud_name
        .map(str::to_string)
        .or_else(|| c.cloud.clone())
        .filter(|n| crate::validation::validate_cloud_name(n).is_ok())
        .unwrap_or_else(|| format!("imported-{name}"));
    ExportData {
        cloud_name,
        auth_url: c.auth_url.clone(),
        region_name: c.region_name.clone(),
        interface: c.interface.clone(),
        cacert: c.cacert.as_ref().map(PathBuf::from),
        verify: true,
        id: c.application_credential_id.clone(),
        name,
        secret: c.application_credential_secret.clone(),
        project_id: c.project_id.clone(),
        expires_at: c
            .expires_at
            .as_deref()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&Utc)),
    }
}
