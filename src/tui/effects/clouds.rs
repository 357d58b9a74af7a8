//! A rotation's clouds.yaml step, run off the UI task: finding the
//! entries that use the old id (file reads), updating them in place (file
//! writes, fsync) on the blocking pool, then logging in with each as read
//! back (`rotation::clouds`, the command line's code).

use tokio::sync::mpsc::UnboundedSender;

use super::send;
use crate::config::Environment;
use crate::export::{self, EntryRef};
use crate::rotation::clouds::{entries_using, verify_cloud};
use crate::secret::Secret;
use crate::tui::msg::{ErrorReport, Msg, Reply, Tag};

pub(super) fn find(env: Environment, tag: Tag, old_id: String, replies: UnboundedSender<Msg>) {
    tokio::task::spawn_blocking(move || {
        let result = entries_using(&env, &old_id)
            .map_err(|e| ErrorReport::new("Reading clouds.yaml failed", e.to_string()));
        send(&replies, tag, None, Reply::CloudEntries(result));
    });
}

pub(super) fn update(
    env: Environment,
    tag: Tag,
    entries: Vec<EntryRef>,
    new_id: String,
    secret: Secret,
    replies: UnboundedSender<Msg>,
) {
    tokio::spawn(async move {
        let written = tokio::task::spawn_blocking(move || {
            export::update_entries_in_place(&entries, &new_id, &secret).map_err(|e| e.to_string())
        })
        .await
        .unwrap_or_else(|e| Err(e.to_string()));
        let report = match written {
            Ok(report) => report,
            Err(message) => {
                let failed = ErrorReport::new("Updating clouds.yaml failed", message).with_hint(
                    Some("nothing was changed; update the entries by hand, or run `appcred rotate` again".to_string()),
                );
                send(&replies, tag, None, Reply::CloudsUpdated(Err(failed)));
                return;
            }
        };
        let mut lines = Vec::new();
        let mut all_work = true;
        for f in &report.files {
            let backup = f
                .backup
                .as_ref()
                .map(|b| format!("; backup {}", b.display()))
                .unwrap_or_default();
            lines.push(format!(
                "Updated {} (mode {:o}){backup}.",
                f.path.display(),
                f.mode
            ));
        }
        for cloud in &report.clouds {
            if report.secret_not_stored.contains(cloud) {
                lines.push(format!(
                    "✗ {cloud} gets its secret from elsewhere (a prompt or OS_* variables): give it the new secret."
                ));
                all_work = false;
                continue;
            }
            lines.push(match verify_cloud(&env, cloud).await {
                Ok(()) => format!("✓ {cloud} authenticates with the new credential."),
                Err(why) => {
                    all_work = false;
                    format!("✗ {cloud} does not authenticate after the update: {why}")
                }
            });
        }
        send(
            &replies,
            tag,
            None,
            Reply::CloudsUpdated(Ok((lines, all_work))),
        );
    });
}
