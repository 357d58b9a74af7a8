//! The fleet view's survey: each cloud logged in to and listed as its own
//! tokio task (at most [`CONCURRENCY`] at once), each answering with its
//! own message. A task that fails, or even panics, answers for its cloud
//! alone: the watcher turns a lost task into that row's failure.

use std::sync::Arc;

use chrono::Utc;
use tokio::sync::Semaphore;
use tokio::sync::mpsc::UnboundedSender;

use crate::config::{Environment, Overrides};
use crate::fleet::{CONCURRENCY, FleetOptions, list_cloud};
use crate::tui::msg::Msg;
use crate::tui::screens::cloud_picker::{FleetAnswer, FleetRow};

pub(super) fn survey(
    env: Environment,
    overrides: Overrides,
    survey: u64,
    clouds: Vec<String>,
    window: chrono::Duration,
    replies: &UnboundedSender<Msg>,
) {
    let gate = Arc::new(Semaphore::new(CONCURRENCY));
    // As the TUI's own login: no token cache (it never uses the keyring).
    let options = Arc::new(FleetOptions {
        use_cache: false,
        overrides,
        deadline: None,
    });
    let env = Arc::new(env);
    for cloud in clouds {
        let (gate, options, env) = (gate.clone(), options.clone(), env.clone());
        let name = cloud.clone();
        let work = tokio::spawn(async move {
            // Closed only if the runtime is going away: then no answer matters.
            let _permit = gate.acquire_owned().await.ok()?;
            let listing = list_cloud(&env, &name, &options).await;
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
