//! A rotation's clouds.yaml step in the TUI, as `appcred rotate` does it:
//! once the new credential works, look for entries (in the clouds.yaml
//! appcred read) that use the old id; if there are any, ask; on `y`,
//! update them in place (a backup first, every other line kept) and log
//! in with each as read back; show what happened.

use crate::export::EntryRef;
use crate::tui::model::{Model, Overlay};
use crate::tui::msg::{Effect, ErrorReport};
use crate::tui::popups::Info;
use crate::tui::screens::rotate::{CloudsStep, Consumers, Verification};
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
    let export_dir = model.ctx.settings.export_dir.clone();
    let tag = model.requests.start("find clouds.yaml entries");
    vec![Effect::FindCloudEntries {
        tag,
        old_id,
        export_dir,
    }]
}

pub fn on_found(model: &mut Model, result: Result<Consumers, ErrorReport>) {
    let Some(rotation) = model.rotation.as_mut() else {
        return;
    };
    match result {
        Ok(found) if !found.is_empty() => {
            rotation.clouds = CloudsStep::Found(found);
            model.overlays.push(Overlay::UpdateClouds);
        }
        Ok(_) => rotation.clouds = CloudsStep::Settled,
        Err(report) => {
            rotation.clouds = CloudsStep::Settled;
            session::show_error(model, report);
        }
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
            title: "Consumers updated".to_string(),
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
