//! `update` tests: keys and transitions of every screen, asserted on the
//! model and the effects returned. No terminal, no network. Shared helpers
//! here, one file per screen.

mod handoff;
mod hosting;
mod input;
mod picker;
mod popups;
mod rotation;
mod rotation_clouds;
mod scopes;
mod table;

use crossterm::event::{KeyCode, MouseButton, MouseEvent, MouseEventKind};
use tokio::sync::oneshot;

use super::*;

use crate::config::CloudSummary;
use crate::keys::KeyContext;
use crate::keystone::CreatedCredential;
use crate::secret::Secret;
use crate::tui::model::{Pane, SortBy};
use crate::tui::msg::{CloudList, ErrorReport, PromptFor, Reply, Tag, names};
use crate::tui::popups::DeleteStatus;
use crate::tui::testing::*;
use crate::tui::theme::Theme;

pub(super) fn press(model: &mut Model, code: KeyCode) -> Vec<Effect> {
    update(model, Msg::Key(key(code)))
}

pub(super) fn type_keys(model: &mut Model, text: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for c in text.chars() {
        effects.extend(update(model, Msg::Key(char_key(c))));
    }
    effects
}

pub(super) fn reply(model: &mut Model, tag: Tag, reply: Reply) -> Vec<Effect> {
    update(
        model,
        Msg::Reply {
            tag,
            requests_sent: Some(9),
            reply,
        },
    )
}

pub(super) fn selected_name(model: &Model) -> String {
    model
        .table
        .selected_credential()
        .map(|c| c.name.clone())
        .unwrap_or_default()
}

pub(super) fn visible_names(model: &Model) -> Vec<String> {
    model
        .table
        .visible
        .iter()
        .map(|&i| model.table.items[i].name.clone())
        .collect()
}

pub(super) fn tag_of(effects: &[Effect], name: &str) -> Tag {
    effects
        .iter()
        .find(|e| e.name() == name)
        .and_then(Effect::tag)
        .unwrap_or_else(|| panic!("no {name} effect in {:?}", names(effects)))
}

pub(super) fn error(what: &str) -> ErrorReport {
    ErrorReport::new(what, "Keystone answered 500").with_hint(Some("try again".to_string()))
}
