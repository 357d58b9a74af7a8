//! The stored entry in each store's own shape, both ways:
//!
//! - pass: the secret on the first line, then `key: value` lines (pass's
//!   convention, which `pass show`, browserpass and gopass read);
//! - Vault KV v2: one data key per field, the secret under
//!   `application_credential_secret`;
//! - Secret Service: the secret is the item's secret, the public fields its
//!   attributes (so `secret-tool lookup application_credential_id ID` finds
//!   it), and a label a person browsing Seahorse or KeePassXC understands.

use std::collections::HashMap;

use zeroize::Zeroizing;

use super::entry::{SECRET_KEY, StoredCredential};
use crate::secret::Secret;

/// The Secret Service attribute that marks appcred's items (the schema
/// name libsecret and Seahorse show).
pub const SCHEMA_KEY: &str = "xdg:schema";
pub const SCHEMA: &str = "org.openstack.ApplicationCredential";
/// The Secret Service attribute naming an item's place (`secret-service:PLACE`).
pub const PLACE_KEY: &str = "appcred_place";

/// The text `pass insert -m` is fed.
pub fn to_pass(c: &StoredCredential) -> Zeroizing<String> {
    let mut text = Zeroizing::new(String::with_capacity(512));
    text.push_str(c.application_credential_secret.expose());
    text.push('\n');
    for (key, value) in c.public_fields() {
        text.push_str(key);
        text.push_str(": ");
        text.push_str(&one_line(value));
        text.push('\n');
    }
    text
}

/// A pass entry back; `Err` names what is missing.
pub fn from_pass(text: &str) -> Result<StoredCredential, String> {
    let mut lines = text.lines();
    let secret = Secret::new(lines.next().unwrap_or_default());
    let fields: HashMap<&str, &str> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect();
    StoredCredential::from_fields(|k| fields.get(k).map(|v| v.to_string()), secret)
        .map_err(|missing| format!("no {missing} in the entry"))
}

/// A value on one line: a newline in a value would start another key.
fn one_line(value: &str) -> String {
    value.replace(['\n', '\r'], " ")
}

/// The KV v2 `data` object.
pub fn to_vault(c: &StoredCredential) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for (key, value) in c.public_fields() {
        map.insert(key.to_string(), value.into());
    }
    map.insert(
        SECRET_KEY.to_string(),
        c.application_credential_secret.expose().into(),
    );
    serde_json::Value::Object(map)
}

/// A KV v2 `data` object back.
pub fn from_vault(data: &serde_json::Value) -> Result<StoredCredential, String> {
    let get = |k: &str| data.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let secret = Secret::new(get(SECRET_KEY).unwrap_or_default());
    StoredCredential::from_fields(get, secret)
        .map_err(|missing| format!("no {missing} in the data"))
}

/// The item's attributes: the public fields, the schema and the place.
pub fn to_attributes<'a>(c: &'a StoredCredential, place: &'a str) -> HashMap<&'a str, &'a str> {
    let mut attributes: HashMap<&str, &str> = c.public_fields().into_iter().collect();
    attributes.insert(SCHEMA_KEY, SCHEMA);
    attributes.insert(PLACE_KEY, place);
    attributes
}

/// An item back from its attributes and secret.
pub fn from_attributes(
    attributes: &HashMap<String, String>,
    secret: Secret,
) -> Result<StoredCredential, String> {
    StoredCredential::from_fields(|k| attributes.get(k).cloned(), secret)
        .map_err(|missing| format!("no {missing} on the item"))
}

/// What Seahorse or KeePassXC shows in its list.
pub fn label(c: &StoredCredential) -> String {
    let name = c.name.as_deref().unwrap_or(&c.application_credential_id);
    match &c.cloud {
        Some(cloud) => format!("OpenStack application credential {name} (cloud {cloud})"),
        None => format!("OpenStack application credential {name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> StoredCredential {
        StoredCredential {
            auth_url: "https://keystone.example:5000/v3".into(),
            application_credential_id: "abc123".into(),
            application_credential_secret: Secret::new("s3cret-value"),
            region_name: Some("RegionOne".into()),
            interface: "public".into(),
            identity_api_version: "3".into(),
            name: Some("ci".into()),
            cloud: Some("prod".into()),
            project_id: Some("p1".into()),
            expires_at: Some("2027-01-01T00:00:00+00:00".into()),
            cacert: None,
        }
    }

    fn same(a: &StoredCredential, b: &StoredCredential) {
        assert_eq!(a.public_fields(), b.public_fields());
        assert_eq!(
            a.application_credential_secret,
            b.application_credential_secret
        );
    }

    #[test]
    fn pass_text_is_secret_then_key_value_lines() {
        let c = sample();
        let text = to_pass(&c);
        assert!(text.starts_with("s3cret-value\nauth_url: https://keystone.example:5000/v3\n"));
        assert!(text.contains("\napplication_credential_id: abc123\n"));
        assert!(text.contains("\nexpires_at: 2027-01-01T00:00:00+00:00\n"));
        assert!(
            !text.contains(SECRET_KEY),
            "the secret is the first line only"
        );
        same(&from_pass(&text).unwrap(), &c);
    }

    #[test]
    fn vault_data_and_attributes_round_trip() {
        let c = sample();
        let data = to_vault(&c);
        assert_eq!(data[SECRET_KEY], "s3cret-value");
        assert_eq!(data["region_name"], "RegionOne");
        same(&from_vault(&data).unwrap(), &c);
        let attributes: HashMap<String, String> = to_attributes(&c, "prod/ci")
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert!(!attributes.values().any(|v| v.contains("s3cret")));
        assert_eq!(attributes[PLACE_KEY], "prod/ci");
        same(
            &from_attributes(&attributes, Secret::new("s3cret-value")).unwrap(),
            &c,
        );
        assert_eq!(
            label(&c),
            "OpenStack application credential ci (cloud prod)"
        );
    }

    #[test]
    fn incomplete_entries_name_what_is_missing() {
        let e = from_pass("only-a-secret\n").err().unwrap_or_default();
        assert!(e.contains("auth_url"), "{e}");
        let e = from_pass("\nauth_url: x\napplication_credential_id: y\n")
            .err()
            .unwrap_or_default();
        assert!(e.contains(SECRET_KEY), "{e}");
    }
}
