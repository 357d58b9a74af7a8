//! Hosting the reveal screen (`tui::screens::reveal`): opening it with the new
//! credential, turning its outcomes into effects, and routing the answers
//! back to it. The secret lives only in the reveal state; leaving drops it.

use crate::keys::KeyContext;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::keystone::CreatedCredential;
use crate::tui::context::Context;
use crate::tui::model::{HostedScreen, KeyHandler, Model, Pane, Requests, Screen};
use crate::tui::msg::{CopyWhat, Effect, ErrorReport, ExportRequest, HandoffRequest, StoreRequest};
use crate::tui::screens::reveal::{self, Outcome, RevealState};

pub fn open(model: &mut Model, created: CreatedCredential) {
    let state = new_state(model, created);
    model.screen = Screen::Reveal(Box::new(state));
}

/// The reveal screen for a credential Keystone just created (the list
/// shows it at once); a rotation holds it in its own phase.
pub fn new_state(model: &mut Model, created: CreatedCredential) -> RevealState {
    model.table.insert(created.credential.clone());
    model.notice = Some(format!("created {}", created.credential.name));
    let export = model
        .session
        .as_ref()
        .map(|s| s.export.clone())
        .unwrap_or_default();
    RevealState::new(created, export)
        .with_export_dir(model.ctx.settings.export_dir.clone())
        .with_default_store(model.ctx.settings.default_store.clone())
        .with_stores(model.ctx.settings.stores.clone())
        .with_recipients(model.ctx.settings.recipients.clone())
}

pub fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Screen::Reveal(state) = &mut model.screen else {
        return Vec::new();
    };
    let was_asking = state.key_context() == KeyContext::RevealExport;
    let outcome = reveal::handle_key(state, &model.ctx, key);
    if !was_asking && state.key_context() == KeyContext::RevealExport {
        // The export prompt is a new action: an earlier copy's error on the
        // status bar would read as if it were about this export.
        model.last_error = None;
    }
    match outcome {
        Outcome::Leave => {
            model.screen = Screen::Main;
            model.focus = Pane::Credentials;
            Vec::new()
        }
        outcome => effects(&mut model.requests, state, outcome),
    }
}

/// The requests a reveal-screen key asks for (copy, export, verify), for
/// this host and a rotation's alike. Leaving is the owner's to handle.
pub fn effects(requests: &mut Requests, state: &RevealState, outcome: Outcome) -> Vec<Effect> {
    match outcome {
        Outcome::None | Outcome::Redraw | Outcome::Leave => Vec::new(),
        Outcome::Copy { what, text } => {
            let tag = requests.start("copy");
            vec![Effect::CopyToClipboard { tag, what, text }]
        }
        Outcome::Export {
            format,
            path,
            cloud_name,
            merge,
            allow_in_git,
        } => {
            let Some(secret) = state.secret().cloned() else {
                return Vec::new();
            };
            let export = ExportRequest {
                format,
                path,
                credential: state.credential().clone(),
                secret,
                cloud_name,
                merge,
                allow_in_git,
            };
            let tag = requests.start("export");
            vec![Effect::WriteExport {
                tag,
                export: Box::new(export),
            }]
        }
        Outcome::Store { address } => {
            let Some(secret) = state.secret().cloned() else {
                return Vec::new();
            };
            let credential = state.credential().clone();
            let store = StoreRequest {
                address,
                credential,
                secret,
            };
            let tag = requests.start("store");
            vec![Effect::WriteStore {
                tag,
                store: Box::new(store),
            }]
        }
        Outcome::Handoff(handoff) => {
            let Some(secret) = state.secret().cloned() else {
                return Vec::new();
            };
            let request = HandoffRequest {
                handoff,
                credential: state.credential().clone(),
                secret,
            };
            let tag = requests.start("hand-off");
            vec![Effect::WriteHandoff {
                tag,
                handoff: Box::new(request),
            }]
        }
        Outcome::Verify => {
            let Some(secret) = state.secret().cloned() else {
                return Vec::new();
            };
            let id = state.credential().id.clone();
            let tag = requests.start("verify");
            vec![Effect::Verify { tag, id, secret }]
        }
    }
}

/// Shows a result on the reveal screen if it is still open, else in the
/// status bar (or an error popup).
pub fn report(model: &mut Model, result: Result<String, ErrorReport>) {
    match (model.reveal_mut(), result) {
        (Some(state), Ok(text)) => state.set_status(text),
        (Some(state), Err(report)) => {
            let text = match &report.hint {
                Some(hint) => format!("{}: {} — {hint}", report.what, report.message),
                None => format!("{}: {}", report.what, report.message),
            };
            state.set_error(text);
            model.last_error = Some(format!("{}: {}", report.what, report.message));
        }
        (_, Ok(text)) => model.notice = Some(text),
        (_, Err(report)) => crate::tui::model::session::show_error(model, report),
    }
}

/// A store's answer: on the reveal screen if it is still open (a failure
/// keeps the secret there), else in the status bar.
pub fn on_stored(
    model: &mut Model,
    address: &str,
    result: Result<String, crate::store::StoreError>,
) {
    let key = model.ctx.key_hint(
        KeyContext::Reveal,
        crate::keys::Action::Destination(crate::export::OutputKind::Store),
    );
    match (model.reveal_mut(), result) {
        (Some(state), Ok(written)) => state.stored(&written),
        (Some(state), Err(e)) => {
            state.store_failed(address, &e, key);
            model.last_error = Some(format!("Not stored in {address}: {}", e.message));
        }
        (None, Ok(written)) => model.notice = Some(format!("Stored the secret in {written}")),
        (None, Err(e)) => {
            let report = ErrorReport::new(format!("Storing in {address} failed"), e.message);
            crate::tui::model::session::show_error(model, report.with_hint(Some(e.hint)));
        }
    }
}

/// A hand-off's answer: on the reveal screen if it is still open (a
/// failure keeps the secret there), else in the status bar.
pub fn on_handed_off(
    model: &mut Model,
    recipient: &str,
    result: Result<std::path::PathBuf, ErrorReport>,
) {
    match (model.reveal_mut(), result) {
        (Some(state), Ok(path)) => state.handed_off(recipient, &path),
        (_, Ok(path)) => {
            let whom = crate::terminal_text::name(recipient);
            model.notice = Some(format!("Wrote {} for {whom}", path.display()));
        }
        (_, Err(e)) => report(model, Err(e)),
    }
}

/// What the reveal screen says after a copy; `clear_seconds` is
/// config.toml's `clipboard_clear_seconds`, the delay the runner waits.
pub fn copied_text(what: CopyWhat, place: &str, clear_seconds: u64) -> String {
    match what {
        CopyWhat::Secret => {
            format!("Copied the secret to {place}; it is cleared in {clear_seconds} s")
        }
        CopyWhat::Id => format!("Copied the id to {place}"),
    }
}

/// The router's and the frame's way into the reveal screen.
impl HostedScreen for RevealState {
    fn key_context(&self) -> KeyContext {
        RevealState::key_context(self)
    }

    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    /// Into the export prompt's field, when it is open.
    fn paste(&mut self, text: &str) -> Option<String> {
        reveal::handle_paste(self, text).1
    }

    fn draw(&self, ctx: &Context, frame: &mut Frame, body: Rect) {
        reveal::draw(self, ctx, frame, body);
    }
}
