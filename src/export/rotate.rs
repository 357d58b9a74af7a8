//! Rotation's file update: every cloud entry that uses the old credential
//! gets the new id and secret, in place. Only those scalar values change;
//! every other byte of clouds.yaml and secure.yaml stays as it was.
//!
//! All files are prepared and checked before the first is written; if a
//! later file then fails, the earlier ones are put back from what was read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_yaml::Value;
use zeroize::Zeroizing;

use super::ExportError;
use super::atomic::{
    Faults, Original, Plan, commit, private_mode, read_original, resolve_symlinks,
};
use super::entry::{EntryRef, ValueAt};
use super::escape::{Out, yaml_double_quoted};
use super::locate::{KeyPath, edit_file};
use super::yaml_check::{Scrubbed, as_text, get, parse};
use crate::secret::Secret;

const ID_KEY: &str = "application_credential_id";
const SECRET_KEY: &str = "application_credential_secret";

/// One file rotation rewrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdatedFile {
    pub path: PathBuf,
    pub backup: Option<PathBuf>,
    pub values_changed: usize,
    pub mode: u32,
    /// The old mode when it let others read a file that now gets a secret.
    pub previous_mode: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateReport {
    pub files: Vec<UpdatedFile>,
    pub clouds: Vec<String>,
    /// Clouds whose secret is in neither file (a prompt or `OS_*` gives it):
    /// the person must hand them the new secret.
    pub secret_not_stored: Vec<String>,
}

/// Every cloud whose effective `application_credential_id` (secure.yaml
/// deep-merged over clouds.yaml, `auth:` before the top level, as
/// openstacksdk reads it) is `old_id`. A missing secure file is no error.
pub fn find_entries_using(
    clouds_file: &Path,
    secure_file: Option<&Path>,
    old_id: &str,
) -> Result<Vec<EntryRef>, ExportError> {
    let load = |p: &Path| -> Result<Option<(PathBuf, Scrubbed)>, ExportError> {
        let Some(orig) = read_original(p)? else {
            return Ok(None);
        };
        let text = std::str::from_utf8(&orig.bytes).map_err(|_| ExportError::Parse {
            path: p.to_path_buf(),
            message: "it is not UTF-8 text".to_string(),
        })?;
        Ok(Some((p.to_path_buf(), parse(p, text)?)))
    };
    let files: Vec<(PathBuf, Scrubbed)> = [Some(clouds_file), secure_file]
        .into_iter()
        .flatten()
        .map(load)
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect();
    let mut names: Vec<String> = Vec::new();
    for (_, doc) in &files {
        for key in get(doc, &["clouds"])
            .and_then(Value::as_mapping)
            .into_iter()
            .flat_map(|m| m.keys())
        {
            if let Some(k) = key.as_str().filter(|k| !names.iter().any(|n| n == k)) {
                names.push(k.to_string());
            }
        }
    }
    let mut found = Vec::new();
    for name in names {
        // secure.yaml (later in `files`) wins, and `auth:` wins over the top level.
        let spots = |key: &str| -> Vec<(usize, Vec<String>)> {
            let mut v = Vec::new();
            for (i, _) in files.iter().enumerate().rev() {
                v.push((i, keys(&name, true, key)));
            }
            for (i, _) in files.iter().enumerate().rev() {
                v.push((i, keys(&name, false, key)));
            }
            v
        };
        let value_at = |(i, k): &(usize, Vec<String>)| {
            let refs: Vec<&str> = k.iter().map(String::as_str).collect();
            get(&files[*i].1, &refs)
        };
        let id_spots = spots(ID_KEY);
        let effective = id_spots.iter().find_map(|s| value_at(s).and_then(as_text));
        if effective.as_deref() != Some(old_id) {
            continue;
        }
        let to_value_at = |(i, k): &(usize, Vec<String>)| ValueAt {
            file: files[*i].0.clone(),
            keys: k.clone(),
        };
        found.push(EntryRef {
            cloud_name: name.clone(),
            old_id: old_id.to_string(),
            id_at: id_spots
                .iter()
                .filter(|s| value_at(s).and_then(as_text).as_deref() == Some(old_id))
                .map(to_value_at)
                .collect(),
            secret_at: spots(SECRET_KEY)
                .iter()
                .filter(|s| value_at(s).is_some())
                .map(to_value_at)
                .collect(),
        });
    }
    Ok(found)
}

fn keys(cloud: &str, under_auth: bool, key: &str) -> Vec<String> {
    let mut k = vec!["clouds".to_string(), cloud.to_string()];
    if under_auth {
        k.push("auth".to_string());
    }
    k.push(key.to_string());
    k
}

/// Writes `new_id` and `new_secret` wherever `entries` say the old ones are.
pub fn update_entries_in_place(
    entries: &[EntryRef],
    new_id: &str,
    new_secret: &Secret,
) -> Result<UpdateReport, ExportError> {
    update_with(entries, new_id, new_secret, &|_| Faults::default())
}

struct Prepared {
    target: PathBuf,
    original: Original,
    contents: Zeroizing<String>,
    mode: u32,
    values: usize,
}

pub(crate) fn update_with(
    entries: &[EntryRef],
    new_id: &str,
    new_secret: &Secret,
    faults: &dyn Fn(&Path) -> Faults,
) -> Result<UpdateReport, ExportError> {
    let mut id_text = Out::with_capacity(new_id.len() * 6 + 2);
    yaml_double_quoted(&mut id_text, new_id);
    let id_text = id_text.finish();
    let mut secret_text = Out::with_capacity(new_secret.expose().len() * 6 + 2);
    yaml_double_quoted(&mut secret_text, new_secret.expose());
    let secret_text = secret_text.finish();
    // Group every value to change by the real file it is in.
    let mut by_file: BTreeMap<PathBuf, Vec<(KeyPath, bool, &EntryRef)>> = BTreeMap::new();
    for entry in entries {
        for (at, is_secret) in entry
            .id_at
            .iter()
            .map(|a| (a, false))
            .chain(entry.secret_at.iter().map(|a| (a, true)))
        {
            let real = resolve_symlinks(&at.file)?;
            by_file
                .entry(real)
                .or_default()
                .push((at.keys.clone(), is_secret, entry));
        }
    }
    let mut prepared = Vec::new();
    for (target, wanted) in &by_file {
        let Some(original) = read_original(target)? else {
            return Err(ExportError::Read {
                path: target.clone(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "the file is gone"),
            });
        };
        let edits: Vec<(KeyPath, &str)> = wanted
            .iter()
            .map(|(k, s, _)| {
                (
                    k.clone(),
                    if *s {
                        secret_text.as_str()
                    } else {
                        id_text.as_str()
                    },
                )
            })
            .collect();
        let contents = edit_file(target, &original, wanted, &edits)?;
        let has_secret = wanted.iter().any(|(_, s, _)| *s);
        prepared.push(Prepared {
            mode: if has_secret {
                private_mode(original.mode)
            } else {
                original.mode
            },
            target: target.clone(),
            original,
            contents,
            values: edits.len(),
        });
    }
    let mut done: Vec<(UpdatedFile, &Prepared)> = Vec::new();
    for p in &prepared {
        let plan = Plan {
            target: &p.target,
            original: Some(&p.original),
            contents: p.contents.as_bytes(),
            mode: p.mode,
            backup_mode: 0o600,
        };
        match commit(&plan, &faults(&p.target)) {
            Ok(backup) => done.push((
                UpdatedFile {
                    path: p.target.clone(),
                    backup,
                    values_changed: p.values,
                    mode: p.mode,
                    previous_mode: (p.mode != p.original.mode).then_some(p.original.mode),
                },
                p,
            )),
            Err(e) => return Err(roll_back(e, &done)),
        }
    }
    let clouds = entries.iter().map(|e| e.cloud_name.clone()).collect();
    let secret_not_stored = entries
        .iter()
        .filter(|e| e.secret_at.is_empty())
        .map(|e| e.cloud_name.clone())
        .collect();
    Ok(UpdateReport {
        files: done.into_iter().map(|(f, _)| f).collect(),
        clouds,
        secret_not_stored,
    })
}

/// Puts back the files already written, from the bytes read before.
fn roll_back(failed: ExportError, done: &[(UpdatedFile, &Prepared)]) -> ExportError {
    if done.is_empty() {
        return failed;
    }
    let mut restored = Vec::new();
    for (file, p) in done {
        let now = Original {
            bytes: Zeroizing::new(p.contents.as_bytes().to_vec()),
            mode: p.mode,
            uid: p.original.uid,
            gid: p.original.gid,
        };
        let plan = Plan {
            target: &p.target,
            original: Some(&now),
            contents: &p.original.bytes,
            mode: p.original.mode,
            backup_mode: 0o600,
        };
        match commit(&plan, &Faults::default()) {
            Ok(extra) => {
                // Back to the old bytes: neither backup is needed any more.
                for b in extra.iter().chain(file.backup.iter()) {
                    let _ = std::fs::remove_file(b);
                }
                restored.push(file.path.display().to_string());
            }
            Err(e) => {
                let backups = done
                    .iter()
                    .filter_map(|(f, _)| {
                        f.backup
                            .as_ref()
                            .map(|b| format!("{} -> {}", b.display(), f.path.display()))
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                return ExportError::RollbackFailed {
                    failed: Box::new(failed),
                    restore_error: e.to_string(),
                    backups,
                };
            }
        }
    }
    ExportError::RolledBack {
        failed: Box::new(failed),
        restored: restored.join(", "),
    }
}
