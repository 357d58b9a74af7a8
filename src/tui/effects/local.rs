//! The effects that stay on this machine: the clipboard (copy, then clear
//! after a while), export files and stores. All block (X11 round trips,
//! fsync, `pass`'s child process), so they run on tokio's blocking pool,
//! never on the UI task.

use std::io::stdout;
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc::UnboundedSender;

use super::{not_logged_in, send};
use crate::clipboard::{ClearOutcome, Clipboard};
use crate::config::{CloudConfig, Environment};
use crate::export::{self, OnExisting};
use crate::held;
use crate::secret::Secret;
use crate::store::{self, Overwrite, StoreError, StoredCredential};
use crate::tui::msg::{
    CopyWhat, ErrorReport, ExportRequest, HandoffRequest, Msg, Reply, StoreRequest, Tag,
};

/// Copies off the UI task (arboard makes blocking X11 round trips), then
/// clears after `clear_after` if the clipboard still holds it.
pub(super) fn copy(
    clipboard: Arc<Mutex<Clipboard>>,
    clear_after: std::time::Duration,
    tag: Tag,
    what: CopyWhat,
    text: Secret,
    replies: UnboundedSender<Msg>,
) {
    tokio::spawn(async move {
        let board = clipboard.clone();
        let copy_text = text.clone();
        let copied = tokio::task::spawn_blocking(move || {
            let mut board = board
                .lock()
                .map_err(|_| "the clipboard is unusable".to_string())?;
            board
                .copy(&copy_text, &mut stdout())
                .map_err(|e| e.to_string())
        })
        .await
        .unwrap_or_else(|e| Err(e.to_string()));
        let method = match copied {
            Ok(method) => method,
            Err(message) => {
                let result = Err(ErrorReport::new("Copying failed", message));
                send(&replies, tag, None, Reply::Copied { what, result });
                return;
            }
        };
        let result = Ok(method.describe().to_string());
        send(&replies, tag, None, Reply::Copied { what, result });
        if what != CopyWhat::Secret {
            return;
        }
        tokio::time::sleep(clear_after).await;
        let cleared = tokio::task::spawn_blocking(move || {
            let mut board = clipboard
                .lock()
                .map_err(|_| "the clipboard is unusable".to_string())?;
            board
                .clear_if_unchanged(&text, method, &mut stdout())
                .map_err(|e| e.to_string())
        })
        .await
        .unwrap_or_else(|e| Err(e.to_string()));
        let result = match cleared {
            Ok(ClearOutcome::Cleared | ClearOutcome::SentBlindly) => {
                Ok("cleared the secret from the clipboard".to_string())
            }
            Ok(ClearOutcome::ChangedSinceCopy) => {
                Ok("the clipboard changed since the copy; left it alone".to_string())
            }
            Err(message) => Err(ErrorReport::new("Clearing the clipboard failed", message)),
        };
        send(&replies, tag, None, Reply::ClipboardCleared(result));
    });
}

pub(super) fn write_export(
    env: &Environment,
    cloud: Option<&CloudConfig>,
    request: ExportRequest,
) -> Result<std::path::PathBuf, ErrorReport> {
    let cloud = cloud.ok_or_else(|| not_logged_in("Writing the export failed"))?;
    let data = export::export_data(
        cloud,
        request.cloud_name.as_deref(),
        &request.credential,
        &request.secret,
    );
    let on_existing = if request.merge {
        OnExisting::Merge
    } else {
        OnExisting::Refuse
    };
    let written = export::write_export(&request.path, request.format, &data, on_existing)
        .map_err(|e| ErrorReport::new("Writing the export failed", e.to_string()))?;
    // Where it went is recorded for rotation; a record that cannot be
    // written costs the export nothing (logged, as the TUI owns the screen).
    let place = held::Place::exported(request.format, &written, &data);
    for n in held::remember(env, &data.id, vec![place]) {
        tracing::warn!("{n}");
    }
    Ok(written)
}

/// Seals the export for one recipient and writes the armoured file, as
/// `--to` does (`handoff::seal_export`, then `export::write_new`: 0600,
/// atomic, an existing file left alone). The recipient's key or file is
/// parsed here, off the UI task: a missing, unreadable or bad file is the
/// error, and nothing is written. Not recorded for rotation: the file is
/// the recipient's, and rotation cannot rewrite what it cannot read.
pub(super) fn write_handoff(
    cloud: Option<&CloudConfig>,
    request: HandoffRequest,
) -> Result<std::path::PathBuf, ErrorReport> {
    let h = &request.handoff;
    let what = format!(
        "Handing off to {} failed",
        crate::terminal_text::name(&h.recipient)
    );
    let failed = |e: crate::handoff::HandoffError| {
        let message = e.message.strip_prefix("--to ").unwrap_or(&e.message);
        ErrorReport::new(&what, message).with_hint(e.hint.clone())
    };
    let cloud = cloud.ok_or_else(|| not_logged_in(&what))?;
    let to = crate::handoff::parse_recipients(std::slice::from_ref(&h.spec)).map_err(failed)?;
    let data = export::export_data(cloud, None, &request.credential, &request.secret);
    let options = export::ConsumerOptions::default();
    let sealed = crate::handoff::seal_export(h.format, &data, &options, &to).map_err(failed)?;
    let written = export::write_new(&h.path, sealed.as_bytes(), export::WriteMode::Refuse)
        .map_err(|e| ErrorReport::new(&what, e.to_string()))?;
    Ok(written.path)
}

/// Keeps a new credential in a store off the UI task (`pass` runs a child
/// process: `store::off_thread`), records the place on the blocking pool,
/// and answers with where it went, then the record again.
pub(super) fn write_store(
    env: Environment,
    cloud: Option<CloudConfig>,
    tag: Tag,
    request: StoreRequest,
    replies: UnboundedSender<Msg>,
) {
    tokio::spawn(async move {
        let address = request.address.to_string();
        let id = request.credential.id.clone();
        let result = match &cloud {
            None => Err(StoreError::new(
                "not logged in",
                "log in to a cloud again, then store the secret",
            )),
            Some(cloud) => {
                let data = export::export_data(cloud, None, &request.credential, &request.secret);
                let entry = StoredCredential::from_export(&data, &cloud.name);
                let (at, store_env) = (request.address, env.clone());
                store::off_thread(async move {
                    let allowed = Overwrite {
                        ids: &[],
                        force: false,
                    };
                    store::write(&at, &store_env, &entry, allowed).await
                })
                .await
            }
        };
        tokio::task::spawn_blocking(move || {
            // Where it went is recorded for rotation, as an export's file is.
            let Ok(written) = &result else {
                send(&replies, tag, None, Reply::Stored { address, result });
                return;
            };
            for n in held::remember(&env, &id, vec![held::Place::store(written)]) {
                tracing::warn!("{n}");
            }
            send(&replies, tag, None, Reply::Stored { address, result });
            send(&replies, tag, None, held_reply(&env));
        });
    });
}

/// The record of where credentials are held, as a reply (a record that
/// cannot be read is logged: the TUI owns the screen).
pub(super) fn held_reply(env: &Environment) -> Reply {
    let (ledger, notes) = held::load_all(env);
    for n in notes {
        tracing::warn!("{n}");
    }
    Reply::Held(ledger)
}

/// [`held_reply`] read on the blocking pool and sent.
pub(super) fn send_held(env: Environment, tag: Tag, replies: UnboundedSender<Msg>) {
    tokio::task::spawn_blocking(move || send(&replies, tag, None, held_reply(&env)));
}

/// A deleted credential's places leave the record (as `appcred delete`).
pub(super) async fn forget_held(env: Environment, id: String) {
    let forgot = tokio::task::spawn_blocking(move || held::forget(&env, &[id])).await;
    for n in forgot.unwrap_or_default() {
        tracing::warn!("{n}");
    }
}
