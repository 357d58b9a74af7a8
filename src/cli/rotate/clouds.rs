//! Rotation's clouds.yaml step (the finding, the update and the proving are
//! `rotation::clouds`, shared with the TUI, which shows the same report): find the entries (in the clouds.yaml and
//! secure.yaml appcred read) that use the old credential's id, update them
//! in place when agreed (export::update_entries_in_place: a backup, every
//! other byte kept, 0600 for a file holding a secret), then read each back
//! through the config loader and log in with it. Failures are reported in
//! the outcome, never raised: the new secret must still reach the user.

use serde_json::{Value, json};

use crate::export::EntryRef;
use crate::held::RotationPlan;
use crate::keystone::{ApplicationCredential, CreatedCredential};
use crate::rotation;

use super::super::args::RotateArgs;
use super::super::context::Ctx;
use super::super::error::CliResult;
use super::super::output::note;
use super::super::prompt::{confirm, interactive};

/// The clouds.yaml appcred read (and its secure.yaml), and the entries in
/// it whose application_credential_id is the old one.
pub struct Entries {
    file: Option<std::path::PathBuf>,
    found: Vec<EntryRef>,
}

impl Entries {
    /// The entries found using the old id.
    pub fn found(&self) -> &[EntryRef] {
        &self.found
    }

    /// The files the clouds step edits (the clouds.yaml and the secure.yaml
    /// the entries are written in).
    pub fn files(&self) -> Vec<std::path::PathBuf> {
        let mut files: Vec<_> = self.file.iter().cloned().collect();
        for f in self.found.iter().flat_map(EntryRef::files) {
            if !files.iter().any(|g| g == f) {
                files.push(f.to_path_buf());
            }
        }
        files
    }
}

pub fn clouds_entries(ctx: &Ctx, old: &ApplicationCredential) -> CliResult<Entries> {
    let (file, found) = rotation::clouds::entries_using(&ctx.env, &old.id)?;
    Ok(Entries { file, found })
}

/// What happened to the clouds.yaml entries that used the old id.
#[derive(Default)]
pub struct CloudsOutcome {
    /// Entries that used the old id.
    using_old: Vec<String>,
    pub updated: Vec<String>,
    files: Vec<Value>,
    /// Entries whose secret is in neither file: their owner must hand it over.
    secret_not_stored: Vec<String>,
    /// Every updated entry, read back as appcred reads it, authenticates.
    pub verified: Option<bool>,
    pub error: Option<String>,
}

impl CloudsOutcome {
    pub fn skipped(entries: &Entries) -> Self {
        CloudsOutcome {
            using_old: entries.found.iter().map(|e| e.cloud_name.clone()).collect(),
            ..Default::default()
        }
    }

    pub fn to_json(&self) -> Value {
        json!({
            "using_old": self.using_old,
            "updated": self.updated,
            "files": self.files,
            "secret_not_stored": self.secret_not_stored,
            "verified": self.verified,
            "error": self.error,
        })
    }
}

/// Points the entries at the new credential (when agreed), then reads each
/// back through the config loader and logs in with it.
pub async fn update_clouds(
    ctx: &Ctx,
    args: &RotateArgs,
    entries: &Entries,
    created: &CreatedCredential,
    plan: &mut RotationPlan,
) -> CloudsOutcome {
    let mut out = CloudsOutcome::skipped(entries);
    let (Some(file), false) = (&entries.file, entries.found.is_empty()) else {
        return out;
    };
    let names = out.using_old.join(", ");
    let question = format!(
        "{} uses the old credential in cloud(s) {names}. Update them in place (a backup is kept)?",
        file.display()
    );
    // An entry appcred recorded putting there is agreed to (crate::held).
    let agreed = args.update_clouds
        || args.yes
        || plan.recorded_in(&entries.files())
        || (interactive() && confirm(&question, false).unwrap_or(false));
    if !agreed {
        note(&format!(
            "Not updating {} (cloud(s) {names} still use the old credential); pass --update-clouds to do it.",
            file.display()
        ));
        return out;
    }
    let update = match rotation::clouds::update_and_verify(
        &ctx.env,
        &entries.found,
        &created.credential.id,
        &created.secret,
    )
    .await
    {
        Ok(u) => u,
        Err(e) => {
            note(&format!("Could not update {}: {e}", file.display()));
            out.error = Some(e.to_string());
            return out;
        }
    };
    // The same report the TUI shows, line by line.
    for line in update.lines() {
        note(&line);
    }
    for f in &update.report.files {
        out.files.push(json!({
            "path": f.path, "backup": f.backup, "mode": format!("{:o}", f.mode),
            "values_changed": f.values_changed,
        }));
    }
    let updated = entries
        .found
        .iter()
        .filter(|e| update.report.clouds.contains(&e.cloud_name));
    for entry in updated {
        plan.entry_updated(entry);
    }
    out.updated = update.report.clouds.clone();
    out.secret_not_stored = update.report.secret_not_stored.clone();
    let all_work = update.stored_ones_work();
    out.verified = Some(all_work);
    out
}
