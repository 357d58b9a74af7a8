//! A rotation's clouds.yaml step, once for the command line and the TUI:
//! find the entries (in the clouds.yaml and secure.yaml appcred reads) that
//! use the old credential's id ([`entries_using`]); update them in place
//! (`export::update_entries_in_place`), then read each back through the
//! config loader and log in with it ([`update_and_verify`]). Both front
//! ends show the same [`CloudsUpdate::lines`].

use std::path::PathBuf;

use crate::config::{self, Environment, Overrides};
use crate::export::{self, EntryRef, ExportError, UpdateReport};
use crate::keystone;
use crate::secret::Secret;

/// How one updated cloud fared when read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CloudCheck {
    /// It logs in with the new credential.
    Works,
    /// Its secret is in neither file (a prompt or `OS_*` gives it): its
    /// owner must hand it the new secret.
    SecretNotStored,
    /// It does not log in, and why.
    Fails(String),
}

/// What the update did: the files written and each cloud's check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudsUpdate {
    pub report: UpdateReport,
    /// Every updated cloud, in the report's order.
    pub checks: Vec<(String, CloudCheck)>,
}

impl CloudsUpdate {
    /// Every updated cloud logs in with the new credential.
    pub fn all_work(&self) -> bool {
        self.checks.iter().all(|(_, c)| *c == CloudCheck::Works)
    }

    /// No cloud that holds the new secret fails to log in (those whose
    /// secret comes from elsewhere could not be tried).
    pub fn stored_ones_work(&self) -> bool {
        self.checks
            .iter()
            .all(|(_, c)| !matches!(c, CloudCheck::Fails(_)))
    }

    /// The report as both front ends show it: a line per file written, then
    /// a line per cloud.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .report
            .files
            .iter()
            .map(|f| {
                let backup = f
                    .backup
                    .as_ref()
                    .map(|b| format!("; backup {}", b.display()))
                    .unwrap_or_default();
                format!("Updated {} (mode {:o}){backup}.", f.path.display(), f.mode)
            })
            .collect();
        lines.extend(self.checks.iter().map(|(cloud, check)| match check {
            CloudCheck::Works => format!("✓ {cloud} authenticates with the new credential."),
            CloudCheck::SecretNotStored => format!(
                "✗ {cloud} gets its secret from elsewhere (a prompt or OS_* variables): give it the new secret."
            ),
            CloudCheck::Fails(why) => {
                format!("✗ {cloud} does not authenticate after the update: {why}")
            }
        }));
        lines
    }
}

/// Why the entries could not be updated.
#[derive(Debug, thiserror::Error)]
pub enum CloudsError {
    #[error(transparent)]
    Update(#[from] ExportError),
    #[error(
        "the clouds.yaml update stopped before it finished ({0}); compare the files with their \
         .bak copies"
    )]
    Stopped(String),
}

/// Points `entries` at the new credential in place (the file work on the
/// blocking pool), then reads each cloud back and logs in with it.
pub async fn update_and_verify(
    env: &Environment,
    entries: &[EntryRef],
    new_id: &str,
    secret: &Secret,
) -> Result<CloudsUpdate, CloudsError> {
    let (entries, new_id, secret) = (entries.to_vec(), new_id.to_string(), secret.clone());
    let report = tokio::task::spawn_blocking(move || {
        export::update_entries_in_place(&entries, &new_id, &secret)
    })
    .await
    .map_err(|e| CloudsError::Stopped(e.to_string()))??;
    let mut checks = Vec::new();
    for cloud in &report.clouds {
        let check = if report.secret_not_stored.contains(cloud) {
            CloudCheck::SecretNotStored
        } else {
            match verify_cloud(env, cloud).await {
                Ok(()) => CloudCheck::Works,
                Err(why) => CloudCheck::Fails(why),
            }
        };
        checks.push((cloud.clone(), check));
    }
    Ok(CloudsUpdate { report, checks })
}

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
