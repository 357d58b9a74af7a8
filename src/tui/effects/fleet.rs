//! The fleet view's survey: each cloud logged in to and listed as its own
//! tokio task (at most [`CONCURRENCY`] at once), each answering with its
//! own message. A task that fails, or even panics, answers for its cloud
//! alone: the watcher turns a lost task into that row's failure.

use std::sync::Arc;

use chrono::Utc;
use tokio::sync::Semaphore;
use tokio::sync::mpsc::UnboundedSender;

use crate::config::Environment;
use crate::fleet::{CONCURRENCY, FleetOptions, list_cloud, read_cloud_files, refused_at_once};
use crate::tui::msg::Msg;
use crate::tui::screens::cloud_picker::{FleetAnswer, FleetRow};

/// `options`: the TUI's own cache switch and flags. With the cache on, a
/// cloud's cached token lists it without a login (a TOTP cloud after
/// `appcred login` too), and a fresh login is cached for the picker's pick.
pub(super) fn survey(
    env: Environment,
    options: FleetOptions,
    survey: u64,
    clouds: Vec<String>,
    window: chrono::Duration,
    replies: &UnboundedSender<Msg>,
) {
    let gate = Arc::new(Semaphore::new(CONCURRENCY));
    let options = Arc::new(options);
    // Read once for the whole survey, not once per cloud.
    let files = Arc::new(read_cloud_files(&env));
    let env = Arc::new(env);
    for cloud in clouds {
        let (gate, options, files, env) =
            (gate.clone(), options.clone(), files.clone(), env.clone());
        let name = cloud.clone();
        let work = tokio::spawn(async move {
            // A refused connection is known before the cloud waits for a
            // place behind clouds that never answer.
            if let Some(reason) = refused_at_once(&env, &files, &name, &options.overrides).await {
                return Some(FleetRow::Failed { reason });
            }
            // Closed only if the runtime is going away: then no answer matters.
            let _permit = gate.acquire_owned().await.ok()?;
            let listing = list_cloud(&env, &files, &name, &options).await;
            Some(FleetRow::from_listing(&listing, Utc::now(), window))
        });
        let replies = replies.clone();
        tokio::spawn(async move {
            let row = match work.await {
                Ok(Some(row)) => row,
                Ok(None) => return,
                Err(e) => FleetRow::Failed {
                    reason: format!("the check stopped unexpectedly ({e})"),
                },
            };
            let _ = replies.send(Msg::Fleet(FleetAnswer { survey, cloud, row }));
        });
    }
}
