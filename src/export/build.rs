//! The one way a credential becomes an export, for both front ends:
//! [`export_data`] to gather what a file needs from the cloud and the new
//! credential, [`render`] to turn it into a format of the table in
//! `formats.rs`, and [`write_export`] to put it on disk (new file, replaced
//! file, or merged into a clouds.yaml).

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::consumers::ConsumerOptions;
use super::formats::ExportFormat;
use super::{ExportData, ExportError, WriteMode, merge_into_clouds_yaml, write_new};
use crate::config::CloudConfig;
use crate::keystone::ApplicationCredential;
use crate::secret::Secret;

/// How [`write_export`] treats a file that is already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnExisting {
    /// Refuse, changing nothing.
    Refuse,
    /// Replace it atomically.
    Replace,
    /// Add the entry to an existing clouds.yaml, keeping everything else
    /// (a clouds export only; other formats refuse).
    Merge,
}

/// The export data for `cred` made on `cloud`: its auth URL, region,
/// interface and TLS settings, under `entry_name` in a clouds.yaml
/// (default `<cloud>-<credential>`).
pub fn export_data(
    cloud: &CloudConfig,
    entry_name: Option<&str>,
    cred: &ApplicationCredential,
    secret: &Secret,
) -> ExportData {
    ExportData {
        cloud_name: entry_name
            .map(str::to_string)
            .unwrap_or_else(|| format!("{}-{}", cloud.name, cred.name)),
        auth_url: cloud.auth.auth_url.clone().unwrap_or_default(),
        region_name: cloud.region_name.clone(),
        interface: cloud.interface.clone(),
        cacert: cloud.tls.cacert.clone(),
        verify: cloud.tls.verify,
        id: cred.id.clone(),
        name: cred.name.clone(),
        secret: secret.clone(),
        project_id: cred.project_id.clone(),
        expires_at: cred.expires_at,
    }
}

/// The text of `data` in `format` (it holds the secret), with the default
/// consumer options (Secret `cloud-config` in `kube-system`, bash).
pub fn render(format: ExportFormat, data: &ExportData) -> Zeroizing<String> {
    render_with(format, data, &ConsumerOptions::default())
}

/// [`render`] with the Secret's name/namespace/key and the shell chosen.
pub fn render_with(
    format: ExportFormat,
    data: &ExportData,
    options: &ConsumerOptions,
) -> Zeroizing<String> {
    (format.output().render)(data, options)
}

/// Writes `data` in `format` to `path`, 0600 and atomically; returns the
/// file written. A merge into a file that does not exist yet creates it.
pub fn write_export(
    path: &Path,
    format: ExportFormat,
    data: &ExportData,
    on_existing: OnExisting,
) -> Result<PathBuf, ExportError> {
    write_export_with(path, format, data, on_existing, &ConsumerOptions::default())
}

/// [`write_export`] with the consumer options.
pub fn write_export_with(
    path: &Path,
    format: ExportFormat,
    data: &ExportData,
    on_existing: OnExisting,
    options: &ConsumerOptions,
) -> Result<PathBuf, ExportError> {
    let mode = match on_existing {
        OnExisting::Merge if format.output().merges => {
            return merge_into_clouds_yaml(path, data).map(|r| r.path);
        }
        OnExisting::Replace => WriteMode::Replace,
        OnExisting::Refuse | OnExisting::Merge => WriteMode::Refuse,
    };
    write_new(path, render_with(format, data, options).as_bytes(), mode).map(|r| r.path)
}
