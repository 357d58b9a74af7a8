//! A rotation's clouds.yaml step, for the command line and the TUI alike:
//! find the entries (in the clouds.yaml and secure.yaml appcred reads) that
//! use the old credential's id, and after they were updated in place
//! (`export::update_entries_in_place`), read each back through the config
//! loader and log in with it.

use std::path::PathBuf;

use crate::config::{self, Environment, Overrides};
use crate::export::{self, EntryRef, ExportError};
use crate::keystone;

/// The clouds.yaml appcred reads and its entries that use `old_id`; no
/// file, no entries.
pub fn entries_using(
    env: &Environment,
    old_id: &str,
) -> Result<(Option<PathBuf>, Vec<EntryRef>), ExportError> {
    let Some(file) = config::loaded_clouds_file(env) else {
        return Ok((None, Vec::new()));
    };
    let secure = config::secure_file_candidates(env)
        .into_iter()
        .find(|p| p.is_file());
    let found = export::find_entries_using(&file, secure.as_deref(), old_id)?;
    Ok((Some(file), found))
}

/// Reads `cloud` from the files again and logs in with its credential.
pub async fn verify_cloud(env: &Environment, cloud: &str) -> Result<(), String> {
    let overrides = Overrides {
        cloud: Some(cloud.to_string()),
        ..Default::default()
    };
    let cfg = config::resolve(env, &overrides).map_err(|e| e.to_string())?;
    let (Some(id), Some(secret)) = (
        cfg.auth.application_credential_id.clone(),
        cfg.auth.application_credential_secret.clone(),
    ) else {
        return Err("it has no application credential id and secret".to_string());
    };
    match keystone::verify_application_credential(&cfg, &id, &secret).await {
        Ok(r) if r.works => Ok(()),
        Ok(r) => Err(r.reason.unwrap_or_default()),
        Err(e) => Err(e.to_string()),
    }
}
