//! Turning a new credential and its secret into the file (or the stdout
//! text) the user asked for. Shared by `create`, `export` and `rotate`; the
//! data and the file come from `crate::export` (the TUI uses the same).

use std::path::{Path, PathBuf};

use crate::config::Environment;
use crate::export::{self, ConsumerOptions, ExportData, OnExisting};
use crate::handoff::Recipients;
use crate::held;

use super::args::{ConsumerArgs, ExportFormat, ExportTarget};
use super::error::{CliError, CliResult};
use super::output::{note, print_secret_text};
use super::sealed;

/// Where and how to write, checked before anything is created so a refusal
/// never leaves a credential whose secret went nowhere.
#[derive(Debug, Clone)]
pub struct Target {
    pub format: ExportFormat,
    pub output: Option<PathBuf>,
    pub force: bool,
    pub merge: bool,
    pub options: ConsumerOptions,
    /// `--to`: seal the export for these recipients (`sealed.rs`); empty
    /// for a plaintext export.
    pub to: Recipients,
}

/// The consumer options the flags give, checked: a Kubernetes name or
/// namespace Kubernetes would refuse is a usage error now, not at apply.
pub fn consumer_options(format: ExportFormat, a: &ConsumerArgs) -> CliResult<ConsumerOptions> {
    let d = ConsumerOptions::default();
    let k8s_flags = a.k8s_name.is_some() || a.k8s_namespace.is_some() || a.k8s_key.is_some();
    if k8s_flags && format != ExportFormat::K8sSecret {
        return Err(CliError::usage(
            "--k8s-name, --k8s-namespace and --k8s-key go with the k8s-secret format",
        ));
    }
    if a.shell.is_some() && format != ExportFormat::Env {
        return Err(CliError::usage("--shell goes with the env format"));
    }
    let o = ConsumerOptions {
        k8s_name: a.k8s_name.clone().unwrap_or(d.k8s_name),
        k8s_namespace: a.k8s_namespace.clone().unwrap_or(d.k8s_namespace),
        k8s_key: a.k8s_key.unwrap_or(d.k8s_key),
        shell: a.shell.unwrap_or(d.shell),
    };
    for (flag, value, label) in [
        ("--k8s-name", &o.k8s_name, false),
        ("--k8s-namespace", &o.k8s_namespace, true),
    ] {
        if let Some(why) = export::k8s_name_problem(value, label) {
            return Err(CliError::usage(format!(
                "{flag} {value:?} is not a valid Kubernetes name: {why}"
            )));
        }
    }
    Ok(o)
}

impl Target {
    /// The target `--export/--output/--force/--merge/--cloud-name` ask for,
    /// or None when the secret is only to be shown. `--output` alone takes
    /// the format from the file name.
    pub fn from_args(e: &ExportTarget) -> CliResult<Option<Target>> {
        let to = sealed::recipients(&e.to, e.merge)?;
        let format = match (e.export, &e.output) {
            (Some(f), _) => f,
            (None, _) if !to.is_empty() => sealed::DEFAULT_FORMAT,
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
                    "cannot tell the format of {} from its name: add --export {}",
                    path.display(),
                    export::names_joined("|")
                ))
            })?,
        };
        Ok(Some(Target {
            format,
            output: e.output.clone(),
            force: e.force,
            merge: e.merge,
            options: consumer_options(format, &e.consumer)?,
            to,
        }))
    }

    pub fn check(&self) -> CliResult {
        if self.merge && !self.format.output().merges {
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
            let hint = if self.format.output().merges && self.to.is_empty() {
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

/// Guesses the format from an output file's extension (the export table's
/// `extensions`), for `--output` alone.
pub fn format_from_path(path: &Path) -> Option<ExportFormat> {
    ExportFormat::from_extension(path.extension()?.to_str()?)
}

/// Writes the export and records where it went (`crate::held`); returns
/// the file written, or None when it went to stdout.
pub fn emit(env: &Environment, target: &Target, d: &ExportData) -> CliResult<Option<PathBuf>> {
    if !target.to.is_empty() {
        return sealed::emit(target, d);
    }
    let Some(path) = &target.output else {
        print_secret_text(&export::render_with(target.format, d, &target.options))?;
        return Ok(None);
    };
    let on_existing = if target.merge && path.exists() {
        OnExisting::Merge
    } else if target.force {
        OnExisting::Replace
    } else {
        OnExisting::Refuse
    };
    if matches!(on_existing, OnExisting::Merge) {
        export::check_writable(path, target.force)?;
    }
    let written = export::write_export_with(path, target.format, d, on_existing, &target.options)?;
    let place = held::Place::exported(target.format, &written, d);
    for n in held::remember(env, &d.id, vec![place]) {
        note(&n);
    }
    Ok(Some(written))
}
