//! Turning a new credential and its secret into the file (or the stdout
//! text) the user asked for. Shared by `create`, `export` and `rotate`.

use std::path::{Path, PathBuf};

use crate::config::CloudConfig;
use crate::export::{self, ExportData, WriteMode};
use crate::keystone::ApplicationCredential;
use crate::secret::Secret;

use super::args::{ExportFormat, ExportTarget};
use super::error::{CliError, CliResult};
use super::output::print_secret_text;

/// Where and how to write, checked before anything is created so a refusal
/// never leaves a credential whose secret went nowhere.
#[derive(Debug, Clone)]
pub struct Target {
    pub format: ExportFormat,
    pub output: Option<PathBuf>,
    pub force: bool,
    pub merge: bool,
}

impl Target {
    /// The target `--export/--output/--force/--merge/--cloud-name` ask for,
    /// or None when the secret is only to be shown. `--output` alone takes
    /// the format from the file name.
    pub fn from_args(e: &ExportTarget) -> CliResult<Option<Target>> {
        let format = match (e.export, &e.output) {
            (Some(f), _) => f,
            (None, None) => {
                if e.force || e.merge || e.cloud_name.is_some() {
                    return Err(CliError::usage(
                        "--force, --merge and --cloud-name go with --export FORMAT",
                    ));
                }
                return Ok(None);
            }
            (None, Some(path)) => format_from_path(path).ok_or_else(|| {
                CliError::usage(format!(
                    "cannot tell the format of {} from its name: add --export openrc|clouds|json",
                    path.display()
                ))
            })?,
        };
        Ok(Some(Target {
            format,
            output: e.output.clone(),
            force: e.force,
            merge: e.merge,
        }))
    }

    pub fn check(&self) -> CliResult {
        if self.merge && self.format != ExportFormat::Clouds {
            return Err(CliError::usage(
                "--merge only works with the clouds format (a clouds.yaml)",
            ));
        }
        let Some(path) = &self.output else {
            if self.merge || self.force {
                return Err(CliError::usage("--merge and --force need --output FILE"));
            }
            return Ok(());
        };
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !parent.is_dir() {
            return Err(CliError::new(format!(
                "cannot write {}: the directory {} does not exist",
                path.display(),
                parent.display()
            ))
            .with_hint("create the directory first or pick another --output"));
        }
        if path.is_dir() {
            return Err(CliError::new(format!(
                "cannot write {}: it is a directory",
                path.display()
            )));
        }
        // symlink_metadata: a dangling (or looping) symlink is there too.
        if path.symlink_metadata().is_ok() && !self.force && !self.merge {
            let hint = if self.format == ExportFormat::Clouds {
                "pass --merge to add the entry to it (everything else kept), or --force to replace it"
            } else {
                "pass --force to replace it, or pick another --output"
            };
            return Err(CliError::new(format!(
                "{} already exists; nothing was created",
                path.display()
            ))
            .with_hint(hint));
        }
        Ok(())
    }
}

/// Guesses the format from an output file's extension, for `--output` alone.
pub fn format_from_path(path: &Path) -> Option<ExportFormat> {
    match path.extension()?.to_str()? {
        "yaml" | "yml" => Some(ExportFormat::Clouds),
        "json" => Some(ExportFormat::Json),
        "sh" | "rc" | "openrc" => Some(ExportFormat::Openrc),
        _ => None,
    }
}

pub fn data(
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

/// Writes the export; returns the file written, or None when it went to stdout.
pub fn emit(target: &Target, d: &ExportData) -> CliResult<Option<PathBuf>> {
    let text = match target.format {
        ExportFormat::Openrc => export::render_openrc(d),
        ExportFormat::Clouds => export::render_clouds_yaml(d),
        ExportFormat::Json => export::render_json(d),
    };
    let Some(path) = &target.output else {
        print_secret_text(&text)?;
        return Ok(None);
    };
    if target.merge && path.exists() {
        export::check_writable(path, target.force)?;
        export::merge_into_clouds_yaml(path, d)?;
        return Ok(Some(path.clone()));
    }
    let mode = if target.force {
        WriteMode::Replace
    } else {
        WriteMode::Refuse
    };
    Ok(Some(export::write_new(path, text.as_bytes(), mode)?.path))
}
