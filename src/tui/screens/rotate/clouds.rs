//! A rotation's clouds.yaml step in the TUI, as `appcred rotate` does it:
//! once the new credential works, look for entries (in the clouds.yaml
//! appcred read) that use the old id; if there are any, ask; on `y`,
//! update them in place (a backup first, every other line kept) and log
//! in with each as read back; show what happened.

use crossterm::event::KeyEvent;

use crate::export::EntryRef;
use crate::keys::{Action, KeyContext};
use crate::tui::model::popups::{CloudsStep, Info, Verification};
use crate::tui::model::{Model, Overlay, Screen};
use crate::tui::msg::{Effect, ErrorReport};
use crate::tui::update::session;

/// After a verification: look for entries once the new one works.
pub fn look(model: &mut Model) -> Vec<Effect> {
    let Some(rotation) = model.rotation.as_mut() else {
        return Vec::new();
    };
    if rotation.verification != Verification::Works || rotation.clouds != CloudsStep::NotYet {
        return Vec::new();
    }
    rotation.clouds = CloudsStep::Looking;
    let old_id = rotation.old.id.clone();
    let tag = model.requests.start("find clouds.yaml entries");
    vec![Effect::FindCloudEntries { tag, old_id }]
}

type Found = (Option<std::path::PathBuf>, Vec<EntryRef>);

pub fn on_found(model: &mut Model, result: Result<Found, ErrorReport>) {
    let Some(rotation) = model.rotation.as_mut() else {
        return;
    };
    match result {
        Ok((Some(file), entries)) if !entries.is_empty() => {
            rotation.clouds = CloudsStep::Found { file, entries };
            model.overlays.push(Overlay::UpdateClouds);
        }
        Ok(_) => rotation.clouds = CloudsStep::Settled,
        Err(report) => {
            rotation.clouds = CloudsStep::Settled;
            session::show_error(model, report);
        }
    }
}

/// `y`/Enter updates the entries (the secret is still on the reveal
/// screen); `n`/Esc leaves them, and says they still use the old one.
pub fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Some(rotation) = model.rotation.as_mut() else {
        model.overlays.pop();
        return Vec::new();
    };
    let CloudsStep::Found { file, entries } = &rotation.clouds else {
        return Vec::new();
    };
    match model.ctx.action(KeyContext::UpdateClouds, &key) {
        Some(Action::Confirm) => {
            let (secret, new_id) = match &model.screen {
                Screen::Reveal(state) => (state.secret().cloned(), state.credential().id.clone()),
                _ => (None, String::new()),
            };
            let Some(secret) = secret else {
                // Unreachable while the popup sits on the reveal screen.
                return Vec::new();
            };
            let entries = entries.clone();
            rotation.clouds = CloudsStep::Updating;
            model.overlays.pop();
            let tag = model.requests.start("update clouds.yaml");
            vec![Effect::UpdateCloudEntries {
                tag,
                entries,
                new_id,
                secret,
            }]
        }
        Some(Action::Back) => {
            let names = cloud_names(entries);
            model.notice = Some(format!(
                "{} still uses the old credential in cloud(s) {names}",
                file.display()
            ));
            rotation.clouds = CloudsStep::Settled;
            model.overlays.pop();
            Vec::new()
        }
        _ => Vec::new(),
    }
}

pub fn on_updated(model: &mut Model, result: Result<(Vec<String>, bool), ErrorReport>) {
    let works = matches!(result, Ok((_, true)));
    if let Some(rotation) = model.rotation.as_mut() {
        rotation.clouds = if works {
            CloudsStep::Settled
        } else {
            CloudsStep::Broken
        };
    }
    match result {
        Ok((lines, _)) => model.overlays.push(Overlay::Info(Info {
            title: "clouds.yaml updated".to_string(),
            lines,
        })),
        Err(report) => session::show_error(model, report),
    }
}

pub fn cloud_names(entries: &[EntryRef]) -> String {
    entries
        .iter()
        .map(|e| e.cloud_name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
