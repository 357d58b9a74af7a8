//! `--to RECIPIENT` on create, rotate and export: the export the other
//! flags ask for, sealed with age to each recipient (`crate::handoff`)
//! and written armoured, 0600 and atomically, to `--output` or stdout.
//! The plaintext is rendered and sealed in memory; only ciphertext is
//! written. A sealed file is not recorded as a place holding the
//! credential: it is the recipient's to keep, and rotation cannot
//! rewrite what it cannot read.

use std::path::PathBuf;

use crate::config::Environment;
use crate::export::{self, ExportData, ExportFormat, WriteMode};
use crate::handoff::{self, Recipients};

use super::error::{CliError, CliResult};
use super::output::{note, print_secret_text};
use super::write_export::Target;

/// What `--to` seals without `--export`/`--format` (`handoff`'s default,
/// which the secret screen's hand-off offers first too).
pub const DEFAULT_FORMAT: ExportFormat = handoff::DEFAULT_FORMAT;

/// The `--to` values (keys, files, or names from config.toml's
/// `[recipients]`), parsed and checked before anything is created; none
/// gives an empty list (a plaintext export).
pub fn recipients(specs: &[String], merge: bool) -> CliResult<Recipients> {
    if specs.is_empty() {
        return Ok(Recipients::default());
    }
    if merge {
        return Err(CliError::usage(
            "--merge does not go with --to: a merged clouds.yaml is plaintext",
        ));
    }
    // A name from config.toml's [recipients] stands for its key or file.
    let named = crate::settings::load_shared(&Environment::from_process())
        .map_err(|e| CliError::new(e.to_string()))?
        .recipients;
    let specs: Vec<String> = specs
        .iter()
        .map(|s| named.get(s.trim()).unwrap_or(s).clone())
        .collect();
    handoff::parse_recipients(&specs).map_err(|e| {
        let mut err = CliError::from(e);
        err.code = 2;
        err
    })
}

/// Seals the export and writes it; the file written, or None for stdout.
pub fn emit(target: &Target, d: &ExportData) -> CliResult<Option<PathBuf>> {
    let sealed = handoff::seal_export(target.format, d, &target.options, &target.to)?;
    let n = target.to.len();
    let whom = format!("{n} recipient{}", if n == 1 { "" } else { "s" });
    let Some(path) = &target.output else {
        print_secret_text(&sealed)?;
        note(&format!(
            "The {} export above is encrypted for {whom}: only they can open it.",
            target.format.output().name
        ));
        return Ok(None);
    };
    let mode = if target.force {
        WriteMode::Replace
    } else {
        WriteMode::Refuse
    };
    let written = export::write_new(path, sealed.as_bytes(), mode)?;
    if let Some(b) = &written.backup {
        note(&format!("The old file is kept as {}.", b.display()));
    }
    note(&format!(
        "{} holds the {} export encrypted for {whom} (age, armoured).",
        written.path.display(),
        target.format.output().name
    ));
    Ok(Some(written.path))
}
