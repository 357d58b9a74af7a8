//! A rotation's consumer step, run off the UI task: finding the clouds.yaml
//! entries and the consumer files that use the old id (file reads), then
//! updating them in place and logging in with each as read back. The
//! entries are `rotation::clouds`, the files `rotation::consumers`: the
//! command line's code; the TUI shows the report's lines. The files appcred
//! recorded putting the old credential (`crate::held`) are offered with the
//! ones found by looking, and the record follows the rewrite.

use std::path::{Path, PathBuf};

use tokio::sync::mpsc::UnboundedSender;

use super::send;
use crate::config::{self, CloudConfig, Environment};
use crate::export::EntryRef;
use crate::held::RotationPlan;
use crate::keystone::ApplicationCredential;
use crate::rotation::clouds::{entries_using, update_and_verify};
use crate::rotation::consumers::{self, Outcome};
use crate::rotation::stores::{StoreOutcome, update_store};
use crate::secret::Secret;
use crate::store::StoredCredential;
use crate::tui::msg::{ErrorReport, Msg, Reply, Tag};
use crate::tui::screens::rotate::Consumers;

pub(super) fn find(
    env: Environment,
    tag: Tag,
    old_id: String,
    export_dir: Option<PathBuf>,
    replies: UnboundedSender<Msg>,
) {
    tokio::task::spawn_blocking(move || {
        let result = entries_using(&env, &old_id)
            .map_err(|e| ErrorReport::new("Reading clouds.yaml failed", e.to_string()))
            .map(|(file, entries)| {
                // The clouds files stay with the clouds step; their
                // folders and export_dir are where consumer files live.
                let clouds_files: Vec<PathBuf> = file
                    .iter()
                    .cloned()
                    // The secure.yaml read: the first that exists, as entries_using.
                    .chain(
                        config::secure_file_candidates(&env)
                            .into_iter()
                            .find(|p| p.is_file()),
                    )
                    .collect();
                let dirs: Vec<PathBuf> = clouds_files
                    .iter()
                    .filter_map(|f| f.parent().map(PathBuf::from))
                    .chain(export_dir)
                    .collect();
                let found = consumers::candidates(&dirs, &clouds_files, &old_id);
                let plan = RotationPlan::new(&env, &old_id, &found);
                let step: Vec<PathBuf> = clouds_files
                    .iter()
                    .cloned()
                    .chain(entries.iter().flat_map(|e| e.files().map(PathBuf::from)))
                    .collect();
                let files = plan.files(&step);
                let stores = plan.other_places().into_iter().map(|p| p.location);
                Consumers {
                    file,
                    entries,
                    files,
                    stores: stores.collect(),
                }
            });
        send(&replies, tag, None, Reply::CloudEntries(result));
    });
}

/// What the person agreed to update.
pub(super) struct Update {
    pub entries: Vec<EntryRef>,
    pub files: Vec<PathBuf>,
    pub old_id: String,
    pub new_id: String,
    pub secret: Secret,
    pub successor: ApplicationCredential,
}

/// `cloud`: where the files' credentials are logged in with (the session's).
pub(super) fn update(
    env: Environment,
    cloud: Option<CloudConfig>,
    tag: Tag,
    u: Update,
    replies: UnboundedSender<Msg>,
) {
    tokio::spawn(async move {
        let mut lines = Vec::new();
        let mut all_work = true;
        let mut plan = RotationPlan::new(&env, &u.old_id, &[]);
        for p in plan.gone() {
            lines.push(format!(
                "– Gone: {} was recorded for the old credential but is no longer there.",
                p.describe()
            ));
        }
        if !u.entries.is_empty() {
            match update_and_verify(&env, &u.entries, &u.new_id, &u.secret).await {
                Ok(update) => {
                    lines.extend(update.lines());
                    all_work = update.all_work();
                    let updated = u.entries.iter();
                    for e in updated.filter(|e| update.report.clouds.contains(&e.cloud_name)) {
                        plan.entry_updated(e);
                    }
                }
                Err(e) => {
                    let report = ErrorReport::new("Updating clouds.yaml failed", e.to_string())
                        .with_hint(Some(
                            "nothing was changed; update the entries by hand, or run `appcred rotate` again"
                                .to_string(),
                        ));
                    send(&replies, tag, None, Reply::CloudsUpdated(Err(report)));
                    return;
                }
            }
        }
        for path in &u.files {
            let (line, works) = update_file(cloud.as_ref(), path, &u, &mut plan).await;
            lines.push(line);
            all_work &= works;
        }
        if let Some(cloud) = &cloud {
            lines.extend(update_stores(&env, cloud, &u, &mut plan, &mut all_work).await);
        }
        for n in plan.finish(&u.new_id) {
            tracing::warn!("{n}");
        }
        send(
            &replies,
            tag,
            None,
            Reply::CloudsUpdated(Ok((lines, all_work))),
        );
        send(&replies, tag, None, super::local::held_reply(&env));
    });
}

/// Every store recorded as holding the old credential gets the successor,
/// read back and proven (`rotation::stores`, as on the command line): a
/// report line each, gone / failed / updated like the files.
async fn update_stores(
    env: &Environment,
    cloud: &CloudConfig,
    u: &Update,
    plan: &mut RotationPlan,
    all_work: &mut bool,
) -> Vec<String> {
    let data = crate::export::export_data(cloud, None, &u.successor, &u.secret);
    let successor = StoredCredential::from_export(&data, &cloud.name);
    let mut lines = Vec::new();
    for place in plan.other_places() {
        let at = place.location.clone();
        // Off the UI's one thread: `pass` and gpg are waited for in place.
        let (env, cloud, old_id) = (env.clone(), cloud.clone(), u.old_id.clone());
        let (to, successor) = (at.clone(), successor.clone());
        let outcome = crate::store::off_thread(async move {
            Ok(update_store(&env, &cloud, &to, &old_id, &successor).await)
        })
        .await
        .unwrap_or_else(|e| StoreOutcome::Failed { reason: e.message });
        match outcome {
            StoreOutcome::Updated => {
                plan.place_updated(&place);
                lines.push(format!(
                    "✓ Updated {at}: the credential read back from it logs in."
                ));
            }
            StoreOutcome::Gone { reason } => {
                plan.place_gone(&place);
                lines.push(format!("– Gone: {at} was recorded, but {reason}."));
            }
            StoreOutcome::Failed { reason } => {
                *all_work = false;
                lines.push(format!("✗ Could not update {at}: {reason}."));
            }
        }
    }
    lines
}

/// One consumer file rewritten and proven: its report line, and whether
/// it now works (a skipped file never used the old id).
async fn update_file(
    cloud: Option<&CloudConfig>,
    path: &Path,
    u: &Update,
    plan: &mut RotationPlan,
) -> (String, bool) {
    let shown = path.display();
    let recorded = plan.is_recorded(path);
    match consumers::update_file(path, &u.old_id, &u.new_id, &u.secret) {
        Outcome::Updated {
            kind,
            backup,
            read_back,
        } => {
            plan.file_updated(path, kind.as_str());
            let backup = backup
                .map(|b| format!("; backup {}", b.display()))
                .unwrap_or_default();
            let login = match cloud {
                Some(cloud) => consumers::prove(cloud, read_back.as_ref(), &u.new_id).await,
                None => Err("not logged in, so it could not be tried".to_string()),
            };
            match login {
                Ok(()) => (
                    format!("✓ Updated {shown} ({}){backup}: it logs in.", kind.as_str()),
                    true,
                ),
                Err(e) => (
                    format!(
                        "✗ Updated {shown} ({}){backup}, but it does NOT log in: {e}",
                        kind.as_str()
                    ),
                    false,
                ),
            }
        }
        Outcome::Skipped { reason } if recorded => {
            plan.no_longer_holds(path);
            (format!("– Gone: {shown} was recorded, but {reason}."), true)
        }
        Outcome::Skipped { reason } => (format!("– Skipped {shown}: {reason}."), true),
        Outcome::Failed { reason } => (format!("✗ Could not update {shown}: {reason}."), false),
    }
}
