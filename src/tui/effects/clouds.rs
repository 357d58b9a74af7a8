//! A rotation's clouds.yaml step, run off the UI task: finding the
//! entries that use the old id (file reads), then updating them in place and
//! logging in with each as read back. Both are `rotation::clouds`, the
//! command line's code; the TUI shows its report's lines.

use tokio::sync::mpsc::UnboundedSender;

use super::send;
use crate::config::Environment;
use crate::export::EntryRef;
use crate::rotation::clouds::{entries_using, update_and_verify};
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
        let reply = match update_and_verify(&env, &entries, &new_id, &secret).await {
            Ok(update) => Ok((update.lines(), update.all_work())),
            Err(e) => Err(
                ErrorReport::new("Updating clouds.yaml failed", e.to_string()).with_hint(Some(
                    "nothing was changed; update the entries by hand, or run `appcred rotate` again"
                        .to_string(),
                )),
            ),
        };
        send(&replies, tag, None, Reply::CloudsUpdated(reply));
    });
}
