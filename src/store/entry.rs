//! The stored entry, described once: what a store holds for one
//! application credential, named as clouds.yaml names it, and the one list
//! of its fields every encoding (`encode.rs`) reads.

use std::path::PathBuf;

use crate::config::{AuthOptions, AuthType, CloudConfig, TlsOptions};
use crate::export::ExportData;
use crate::secret::Secret;

/// The secret's key (clouds.yaml's name); every other field is public.
pub const SECRET_KEY: &str = "application_credential_secret";
/// The credential's id, the key a store is searched by.
pub const ID_KEY: &str = "application_credential_id";

/// Everything needed to use an application credential. No `Debug`: it
/// holds the secret.
#[derive(Clone)]
pub struct StoredCredential {
    pub auth_url: String,
    pub application_credential_id: String,
    pub application_credential_secret: Secret,
    pub region_name: Option<String>,
    /// `public` unless the cloud said otherwise.
    pub interface: String,
    pub identity_api_version: String,
    /// The credential's name at Keystone.
    pub name: Option<String>,
    /// The cloud (clouds.yaml name) it was made on.
    pub cloud: Option<String>,
    pub project_id: Option<String>,
    /// RFC 3339, as Keystone gives it.
    pub expires_at: Option<String>,
    /// The CA file the cloud trusts, when it named one.
    pub cacert: Option<String>,
}

impl StoredCredential {
    /// The entry for a credential about to be exported (`export_data`),
    /// made on the cloud named `cloud`.
    pub fn from_export(d: &ExportData, cloud: &str) -> Self {
        StoredCredential {
            auth_url: d.auth_url.clone(),
            application_credential_id: d.id.clone(),
            application_credential_secret: d.secret.clone(),
            region_name: d.region_name.clone(),
            interface: d.interface.clone(),
            identity_api_version: "3".to_string(),
            name: Some(d.name.clone()),
            cloud: Some(cloud.to_string()),
            project_id: d.project_id.clone(),
            expires_at: d.expires_at.map(|t| t.to_rfc3339()),
            cacert: d.cacert.as_ref().map(|p| p.to_string_lossy().into_owned()),
        }
    }

    /// The public fields in their stored order, by clouds.yaml name; unset
    /// ones left out.
    pub fn public_fields(&self) -> Vec<(&'static str, &str)> {
        let mut v = vec![
            ("auth_url", self.auth_url.as_str()),
            (ID_KEY, self.application_credential_id.as_str()),
        ];
        let optional = [
            ("region_name", self.region_name.as_deref()),
            ("interface", Some(self.interface.as_str())),
            (
                "identity_api_version",
                Some(self.identity_api_version.as_str()),
            ),
            ("name", self.name.as_deref()),
            ("cloud", self.cloud.as_deref()),
            ("project_id", self.project_id.as_deref()),
            ("expires_at", self.expires_at.as_deref()),
            ("cacert", self.cacert.as_deref()),
        ];
        v.extend(optional.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))));
        v
    }

    /// The entry from its public fields (looked up by name) and its secret;
    /// `None` names the first required field missing.
    pub fn from_fields(
        get: impl Fn(&str) -> Option<String>,
        secret: Secret,
    ) -> Result<Self, &'static str> {
        let auth_url = get("auth_url").ok_or("auth_url")?;
        let id = get(ID_KEY).ok_or(ID_KEY)?;
        if secret.is_empty() {
            return Err(SECRET_KEY);
        }
        Ok(StoredCredential {
            auth_url,
            application_credential_id: id,
            application_credential_secret: secret,
            region_name: get("region_name"),
            interface: get("interface").unwrap_or_else(|| "public".to_string()),
            identity_api_version: get("identity_api_version").unwrap_or_else(|| "3".to_string()),
            name: get("name"),
            cloud: get("cloud"),
            project_id: get("project_id"),
            expires_at: get("expires_at"),
            cacert: get("cacert"),
        })
    }

    /// The credential as a cloud that logs in with it: what `exec --from`
    /// and `env --from` turn into `OS_*` variables.
    pub fn to_cloud(&self) -> CloudConfig {
        CloudConfig {
            name: self
                .cloud
                .clone()
                .unwrap_or_else(|| "stored-credential".to_string()),
            auth_type: AuthType::ApplicationCredential,
            auth: AuthOptions {
                auth_url: Some(self.auth_url.clone()),
                application_credential_id: Some(self.application_credential_id.clone()),
                application_credential_secret: Some(self.application_credential_secret.clone()),
                ..AuthOptions::default()
            },
            region_name: self.region_name.clone(),
            interface: self.interface.clone(),
            identity_api_version: Some(self.identity_api_version.clone()),
            tls: TlsOptions {
                cacert: self.cacert.as_ref().map(PathBuf::from),
                ..TlsOptions::default()
            },
            api_timeout: None,
            source_file: None,
        }
    }
}
