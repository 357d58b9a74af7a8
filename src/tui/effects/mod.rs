//! The effect runner: every call from the TUI to the Keystone client and
//! config happens here (the clipboard and exports in `local`), each as its
//! own tokio task holding a clone of the one session (one token, reused). Each task
//! answers with a [`Msg::Reply`] carrying the effect's tag, so `update` can
//! drop answers for a scope the person already left.

mod clouds;
mod fleet;
mod loads;
mod local;
mod login;
mod prompter;

use std::future::Future;
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc::UnboundedSender;

use crate::clipboard::{ClipEnv, Clipboard};
use crate::config::{self, Environment, Overrides};
use crate::keystone::{KeystoneError, Session};
use crate::tui::app::EffectRunner;
use crate::tui::msg::{CloudList, Effect, ErrorReport, ExportInfo, Msg, Reply, SessionInfo, Tag};
use local::{copy, forget_held, held_reply, send_held, write_export, write_handoff, write_store};

/// The session of the newest generation, shared with the tasks.
type SessionSlot = Arc<Mutex<Option<(u64, Session)>>>;

pub struct KeystoneRunner {
    env: Environment,
    overrides: Overrides,
    session: SessionSlot,
    /// One clipboard for the run: on Linux the copied text lives as long as
    /// this handle does.
    clipboard: Arc<Mutex<Clipboard>>,
    /// How long a copied secret stays on the clipboard (config.toml).
    clear_after: std::time::Duration,
    /// The login in progress, so Esc on the device-code screen can end it.
    login_task: Arc<Mutex<Option<(Tag, tokio::task::AbortHandle)>>>,
    /// The scopes and roles wait for the credential list in flight.
    list_first: loads::ListFirst,
    /// Logins (the TUI's and the fleet's) go through the kernel keyring's
    /// token cache, as a command's do.
    token_cache: bool,
    /// One cloud's time in the fleet view (`fleet_cloud_timeout_seconds`).
    fleet_deadline: std::time::Duration,
}

impl KeystoneRunner {
    pub fn new(env: Environment, overrides: Overrides) -> Self {
        KeystoneRunner {
            env,
            overrides,
            session: Arc::new(Mutex::new(None)),
            clipboard: Arc::new(Mutex::new(Clipboard::new(ClipEnv::from_process()))),
            clear_after: crate::clipboard::DEFAULT_CLEAR_AFTER,
            login_task: Arc::new(Mutex::new(None)),
            token_cache: false,
            fleet_deadline: crate::fleet::DEFAULT_CLOUD_DEADLINE,
            list_first: Default::default(),
        }
    }

    /// Logs in through the token cache (off unless asked: `tui::run` asks
    /// by the command line's rule, `settings::token_cache_off`). The TUI
    /// then starts from a cached token, leaves its own login for the next
    /// command, rescopes through the cache, and so does the fleet view.
    pub fn with_token_cache(mut self, on: bool) -> Self {
        self.token_cache = on;
        self
    }

    /// Gives up on one cloud of the fleet view after `deadline` (login and
    /// list together; `fleet_cloud_timeout_seconds` in config.toml).
    pub fn with_fleet_deadline(mut self, deadline: std::time::Duration) -> Self {
        self.fleet_deadline = deadline;
        self
    }

    /// Clears a copied secret after `delay` instead of the default 30 s
    /// (`clipboard_clear_seconds` in config.toml).
    pub fn with_clipboard_clear_after(mut self, delay: std::time::Duration) -> Self {
        self.clear_after = delay;
        self
    }

    fn current_session(&self) -> Option<Session> {
        let slot = self.session.lock().ok()?;
        slot.as_ref().map(|(_, s)| s.clone())
    }

    /// Runs `work` on the current session as a task and replies with its
    /// result, mapped by `reply`.
    fn with_session<T, F, Fut>(
        &self,
        tag: Tag,
        replies: &UnboundedSender<Msg>,
        failed: &'static str,
        work: F,
        reply: fn(Result<T, ErrorReport>) -> Reply,
    ) where
        T: Send + 'static,
        F: FnOnce(Session) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, KeystoneError>> + Send + 'static,
    {
        let replies = replies.clone();
        let Some(session) = self.current_session() else {
            send(&replies, tag, None, reply(Err(not_logged_in(failed))));
            return;
        };
        tokio::spawn(async move {
            let result = work(session.clone()).await.map_err(|e| report(failed, &e));
            send(&replies, tag, Some(session.request_count()), reply(result));
        });
    }
}

pub(super) fn send(
    replies: &UnboundedSender<Msg>,
    tag: Tag,
    requests_sent: Option<u64>,
    reply: Reply,
) {
    // The loop has ended when the receiver is gone; nothing left to tell.
    let _ = replies.send(Msg::Reply {
        tag,
        requests_sent,
        reply,
    });
}

/// Every effect answers, even without a session, so no request stays
/// "running" in the status bar forever.
pub(super) fn not_logged_in(what: &str) -> ErrorReport {
    ErrorReport::new(what, "not logged in").with_hint(Some("choose a cloud with C".to_string()))
}

fn report(what: &str, error: &KeystoneError) -> ErrorReport {
    ErrorReport::new(what, error.to_string()).with_hint(error.hint())
}

/// Keeps the session of the newest generation: a late answer from an
/// older login or rescope must not replace a newer session.
fn store(slot: &SessionSlot, generation: u64, session: Session) {
    if let Ok(mut slot) = slot.lock()
        && slot.as_ref().is_none_or(|(g, _)| *g <= generation)
    {
        *slot = Some((generation, session));
    }
}

fn session_info(session: &Session) -> SessionInfo {
    let cloud = session.cloud();
    SessionInfo {
        cloud: cloud.name.clone(),
        user_id: session.user_id(),
        token: session.token_info(),
        export: ExportInfo {
            cloud_name: cloud.name.clone(),
            auth_url: cloud.auth.auth_url.clone().unwrap_or_default(),
            region_name: cloud.region_name.clone(),
            interface: cloud.interface.clone(),
            cacert: cloud.tls.cacert.clone(),
            clouds_file: cloud.source_file.clone(),
            home: std::env::home_dir(),
        },
    }
}

impl EffectRunner for KeystoneRunner {
    fn run(&mut self, effect: Effect, replies: &UnboundedSender<Msg>) {
        match effect {
            Effect::ListClouds { tag } => {
                let env = self.env.clone();
                let replies = replies.clone();
                tokio::task::spawn_blocking(move || {
                    let result = config::list_clouds(&env)
                        .map(|clouds| CloudList {
                            clouds,
                            environment_name: Some(env.envvars_cloud_name()),
                            searched: config::clouds_file_candidates(&env),
                        })
                        .map_err(|e| ErrorReport::new("Reading clouds.yaml failed", e.to_string()));
                    send(&replies, tag, None, Reply::Clouds(result));
                });
            }
            Effect::Login { tag, cloud } => self.login(tag, cloud, replies),
            Effect::LoadCredentials { tag, user_id } => {
                send_held(self.env.clone(), tag, replies.clone());
                self.load_credentials(tag, user_id, replies);
            }
            Effect::LoadScopes { tag } => self.load_scopes(tag, replies),
            Effect::LoadRoles { tag } => self.load_roles(tag, replies),
            Effect::LoadRoleSource { tag } => self.with_session(
                tag,
                replies,
                "Checking where your roles come from failed",
                |s| async move { s.federated_role_source_or_why().await },
                Reply::RoleSource,
            ),
            Effect::Rescope { tag, scope } => {
                let slot = self.session.clone();
                self.with_session(
                    tag,
                    replies,
                    "Switching scope failed",
                    move |s| async move {
                        let new = s.rescope(&scope).await?;
                        store(&slot, tag.generation, new.clone());
                        Ok(session_info(&new))
                    },
                    Reply::Rescoped,
                );
            }
            Effect::Create { tag, request } => self.with_session(
                tag,
                replies,
                "Creating the credential failed",
                move |s| async move { s.create_credential(&request).await },
                Reply::Created,
            ),
            Effect::Delete { tag, user_id, id } => {
                let replies = replies.clone();
                let Some(session) = self.current_session() else {
                    let result = Err(not_logged_in("Deleting failed"));
                    send(&replies, tag, None, Reply::Deleted { id, result });
                    return;
                };
                let env = self.env.clone();
                tokio::spawn(async move {
                    let result = session
                        .delete_credential(&user_id, &id)
                        .await
                        .map_err(|e| report("Deleting failed", &e));
                    if result.is_ok() {
                        forget_held(env, id.clone()).await;
                    }
                    let reply = Reply::Deleted { id, result };
                    send(&replies, tag, Some(session.request_count()), reply);
                });
            }
            Effect::Verify { tag, id, secret } => {
                let Some(session) = self.current_session() else {
                    let result = Err(not_logged_in("Verifying the credential failed"));
                    send(replies, tag, None, Reply::Verified(result));
                    return;
                };
                let replies = replies.clone();
                tokio::spawn(async move {
                    let mut result = crate::keystone::verify_application_credential(
                        session.cloud(),
                        &id,
                        &secret,
                    )
                    .await
                    .map_err(|e| report("Verifying the credential failed", &e));
                    // A federated owner: name a lapsed group membership as the
                    // command line's verify does, instead of the generic reason.
                    if let Ok(failed) = &mut result
                        && !failed.works
                        && session.token_info().user.federation.is_some()
                        && let Ok(credential) =
                            session.get_credential(&session.user_id(), &id).await
                        && let Some(why) =
                            crate::keystone::federated_owner_reason(&session, &credential, failed)
                                .await
                    {
                        failed.reason = Some(why);
                    }
                    send(&replies, tag, None, Reply::Verified(result));
                });
            }
            Effect::CopyToClipboard { tag, what, text } => {
                let clipboard = self.clipboard.clone();
                copy(
                    clipboard,
                    self.clear_after,
                    tag,
                    what,
                    text,
                    replies.clone(),
                );
            }
            Effect::WriteExport { tag, export } => {
                let cloud = self.current_session().map(|s| s.cloud().clone());
                let (env, replies) = (self.env.clone(), replies.clone());
                tokio::task::spawn_blocking(move || {
                    // A secret file where `git status` would show it: ask first.
                    if !export.allow_in_git
                        && let Some(root) = crate::export::visible_in_git_tree(&export.path)
                    {
                        let (format, path) = (export.format, export.path.clone());
                        let refused = Reply::ExportInGitTree { format, path, root };
                        send(&replies, tag, None, refused);
                        return;
                    }
                    let result = write_export(&env, cloud.as_ref(), *export);
                    send(&replies, tag, None, Reply::Exported(result));
                    send(&replies, tag, None, held_reply(&env));
                });
            }
            Effect::WriteHandoff { tag, handoff } => {
                let cloud = self.current_session().map(|s| s.cloud().clone());
                let replies = replies.clone();
                tokio::task::spawn_blocking(move || {
                    let recipient = handoff.handoff.recipient.clone();
                    let result = write_handoff(cloud.as_ref(), *handoff);
                    send(&replies, tag, None, Reply::HandedOff { recipient, result });
                });
            }
            Effect::WriteStore { tag, store } => {
                let cloud = self.current_session().map(|s| s.cloud().clone());
                write_store(self.env.clone(), cloud, tag, *store, replies.clone());
            }
            Effect::Audit { tag, target } => {
                let Some(session) = self.current_session() else {
                    let result = Err(not_logged_in("Auditing failed"));
                    send(replies, tag, None, Reply::Audited(result));
                    return;
                };
                let replies = replies.clone();
                tokio::spawn(async move {
                    let progress = |p| send(&replies, tag, None, Reply::AuditProgress(p));
                    let concurrency = crate::audit::DEFAULT_CONCURRENCY;
                    let result = crate::audit::collect(&session, &target, concurrency, progress)
                        .await
                        .map_err(|e| {
                            let hint = (e.status() == Some(403))
                                .then(|| crate::audit::PERMISSION_HINT.to_string())
                                .or_else(|| e.hint());
                            ErrorReport::new("Auditing failed", e.to_string()).with_hint(hint)
                        });
                    let reply = Reply::Audited(result);
                    send(&replies, tag, Some(session.request_count()), reply);
                });
            }
            Effect::FindCloudEntries {
                tag,
                old_id,
                export_dir,
            } => {
                clouds::find(self.env.clone(), tag, old_id, export_dir, replies.clone());
            }
            Effect::UpdateCloudEntries {
                tag,
                entries,
                files,
                old_id,
                new_id,
                secret,
                successor,
            } => {
                let cloud = self.current_session().map(|s| s.cloud().clone());
                let update = clouds::Update {
                    entries,
                    files,
                    old_id,
                    new_id,
                    secret,
                    successor: *successor,
                };
                clouds::update(self.env.clone(), cloud, tag, update, replies.clone());
            }
            Effect::SurveyClouds {
                survey,
                clouds,
                window,
            } => fleet::survey(
                self.env.clone(),
                self.fleet_options(),
                survey,
                clouds,
                window,
                replies,
            ),
            Effect::AnswerPrompt { answer, value } => {
                // The login may have been abandoned meanwhile; fine.
                let _ = answer.send(value);
            }
            Effect::CancelLogin => {
                let task = self.login_task.lock().ok().and_then(|mut t| t.take());
                if let Some((tag, handle)) = task {
                    handle.abort();
                    let report = ErrorReport::new(
                        "Login cancelled",
                        "The device login was cancelled (Esc); nothing was logged in.",
                    );
                    send(replies, tag, None, Reply::LoggedIn(Err(report)));
                }
            }
            Effect::Quit => {}
        }
    }
}
