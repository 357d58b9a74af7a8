//! A clouds.yaml cloud that names its store instead of holding its secret:
//!
//! ```yaml
//! clouds:
//!   ci:
//!     auth_type: v3applicationcredential
//!     auth:
//!       auth_url: https://keystone.example:5000/v3
//!     secret_store: vault:secret/openstack/ci
//! ```
//!
//! `secret_store` sits beside `auth`, where openstacksdk and the OpenStack
//! client ignore it. appcred reads the cloud as usual, then takes the
//! application credential (id and secret) from the store: what the store
//! holds wins, since rotation updates the store.

use std::path::Path;

use super::entry::StoredCredential;
use super::{StoreAddress, StoreError, read};
use crate::config::{AuthType, CloudConfig, Environment};

/// The key in a cloud's entry.
pub const SECRET_STORE_KEY: &str = "secret_store";

/// The `secret_store` of cloud `name` in the clouds.yaml at `file`, if any.
pub fn secret_store_in(file: &Path, name: &str) -> Result<Option<StoreAddress>, StoreError> {
    let bad = |why: String| {
        StoreError::new(
            format!("{}: cloud {name:?}: {why}", file.display()),
            "set secret_store to secret-service[:PLACE], pass:PATH or vault:MOUNT/PATH",
        )
    };
    // The file was read moments ago by the configuration; a file gone
    // since then names no store.
    let Ok(text) = std::fs::read_to_string(file) else {
        return Ok(None);
    };
    // Most files name no store: no second YAML parse for them.
    if !text.contains(SECRET_STORE_KEY) {
        return Ok(None);
    }
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap_or_default();
    match &doc["clouds"][name][SECRET_STORE_KEY] {
        serde_yaml::Value::Null => Ok(None),
        serde_yaml::Value::String(s) => s
            .parse()
            .map(Some)
            .map_err(|e: StoreError| bad(format!("{SECRET_STORE_KEY}: {}", e.message))),
        _ => Err(bad(format!("{SECRET_STORE_KEY} is not a string"))),
    }
}

/// `cloud` with its application credential taken from its `secret_store`
/// (unchanged when it names none).
pub async fn with_stored_secret(
    mut cloud: CloudConfig,
    env: &Environment,
) -> Result<CloudConfig, StoreError> {
    let Some(file) = cloud.source_file.clone() else {
        return Ok(cloud);
    };
    let Some(address) = secret_store_in(&file, &cloud.name)? else {
        return Ok(cloud);
    };
    let stored = read(&address, env).await?;
    apply(&mut cloud, stored);
    Ok(cloud)
}

fn apply(cloud: &mut CloudConfig, stored: StoredCredential) {
    cloud.auth_type = AuthType::ApplicationCredential;
    let auth = &mut cloud.auth;
    if auth.auth_url.is_none() {
        auth.auth_url = Some(stored.auth_url);
    }
    auth.application_credential_id = Some(stored.application_credential_id);
    auth.application_credential_name = None;
    auth.application_credential_secret = Some(stored.application_credential_secret);
    if cloud.region_name.is_none() {
        cloud.region_name = stored.region_name;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_read_beside_auth_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("clouds.yaml");
        std::fs::write(
            &file,
            "clouds:\n  ci:\n    auth:\n      auth_url: http://k/v3\n    secret_store: pass:openstack/ci\n  \
             plain:\n    auth: {}\n  bad:\n    secret_store: vault:secret\n",
        )
        .unwrap();
        let read = |name| secret_store_in(&file, name).map(|a| a.map(|a| a.to_string()));
        assert_eq!(read("ci"), Ok(Some("pass:openstack/ci".to_string())));
        assert_eq!(read("plain"), Ok(None));
        assert_eq!(read("missing"), Ok(None));
        let e = read("bad").err().unwrap();
        assert!(
            e.message.contains("\"bad\"") && e.message.contains("too short"),
            "{e}"
        );
    }
}
