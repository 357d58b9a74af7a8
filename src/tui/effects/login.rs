//! Logging in: the cloud resolved (a name from the picker, off the UI
//! task), then a login that asks through the UI (`UiPrompter`) and keeps
//! asking for renewals; through the kernel keyring's token cache when the
//! runner is on it, as the fleet view's background logins are.

use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;

use super::prompter::UiPrompter;
use super::{KeystoneRunner, report, send, session_info, store};
use crate::config::{self, Overrides};
use crate::fleet::FleetOptions;
use crate::keystone::{KeystoneError, Session};
use crate::tui::msg::{CloudChoice, ErrorReport, Msg, Reply, Tag};

impl KeystoneRunner {
    /// The fleet's background logins: the TUI's cache switch and flags, so
    /// a cloud the fleet logged in to opens from the picker without a login.
    pub(super) fn fleet_options(&self) -> FleetOptions {
        FleetOptions {
            use_cache: self.token_cache,
            overrides: self.overrides.clone(),
            deadline: Some(self.fleet_deadline),
        }
    }

    pub(super) fn login(&self, tag: Tag, cloud: CloudChoice, replies: &UnboundedSender<Msg>) {
        let env = self.env.clone();
        let overrides = self.overrides.clone();
        let cached = self.token_cache;
        let slot = self.session.clone();
        let replies = replies.clone();
        let handle = tokio::spawn(async move {
            let store_env = env.clone();
            let config = match cloud {
                CloudChoice::Resolved(config) => Ok(*config),
                CloudChoice::Named(name) => {
                    let overrides = Overrides {
                        cloud: Some(name),
                        ..overrides
                    };
                    tokio::task::spawn_blocking(move || config::resolve(&env, &overrides))
                        .await
                        .map_err(|e| ErrorReport::new("Reading clouds.yaml failed", e.to_string()))
                        .and_then(|r| {
                            r.map_err(|e| {
                                ErrorReport::new("Reading clouds.yaml failed", e.to_string())
                            })
                        })
                }
            };
            // As the command line does: the secret from the cloud's
            // `secret_store`, when it names one.
            let config = match config {
                Ok(config) => {
                    let name = config.name.clone();
                    let env = store_env.clone();
                    crate::store::off_thread(async move {
                        crate::store::with_stored_secret(config, &env).await
                    })
                    .await
                    .map_err(|e| {
                        let what = format!("Reading {name}'s secret from its secret_store failed");
                        ErrorReport::new(what, e.message).with_hint(Some(e.hint))
                    })
                }
                Err(report) => Err(report),
            };
            let config = match config {
                Ok(config) => config,
                Err(report) => {
                    send(&replies, tag, None, Reply::LoggedIn(Err(report)));
                    return;
                }
            };
            let prompter = Arc::new(UiPrompter {
                replies: replies.clone(),
            });
            let result = match log_in(&config, prompter, cached).await {
                Ok(session) => {
                    store(&slot, tag.generation, session.clone());
                    let count = session.request_count();
                    send(
                        &replies,
                        tag,
                        Some(count),
                        Reply::LoggedIn(Ok(session_info(&session))),
                    );
                    return;
                }
                Err(e) => report(&format!("Logging in to {} failed", config.name), &e),
            };
            send(&replies, tag, None, Reply::LoggedIn(Err(result)));
        });
        if let Ok(mut slot) = self.login_task.lock() {
            *slot = Some((tag, handle.abort_handle()));
        }
    }
}

/// A login that keeps `prompter` for renewals (a TOTP passcode is asked
/// again), through the token cache when `cached`.
async fn log_in(
    config: &config::CloudConfig,
    prompter: Arc<UiPrompter>,
    cached: bool,
) -> Result<Session, KeystoneError> {
    if cached {
        return Session::login_cached(config, prompter).await;
    }
    let session = Session::login(config, prompter.as_ref()).await?;
    session.set_prompter(prompter);
    Ok(session)
}
