//! The rotation's two questions, drawn as popups over the screen beneath:
//! update what uses the old id (over the reveal screen, once the successor
//! works), and delete the old one or keep both (over the list, once the
//! reveal screen is left). Their keys are in `update.rs`. Pure.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::state::{Consumers, Progress, Rotation};
use crate::export::EntryRef;
use crate::keys::{Action, KeyContext};
use crate::tui::context::Context;
use crate::tui::widgets::layout::centered;
use crate::tui::widgets::{popup, popup_hints, spinner, wrapped_height};

/// The clouds.yaml entries' names, for the question and the notice.
pub fn cloud_names(entries: &[EntryRef]) -> String {
    entries
        .iter()
        .map(|e| e.cloud_name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the notice says is left on the old credential.
pub fn still_old(found: &Consumers) -> String {
    let mut left = Vec::new();
    if let (Some(file), false) = (&found.file, found.entries.is_empty()) {
        left.push(format!(
            "{} still uses the old credential in cloud(s) {}",
            file.display(),
            cloud_names(&found.entries)
        ));
    }
    left.extend(
        found
            .files
            .iter()
            .map(|f| format!("{} still uses the old credential", f.display())),
    );
    left.join("; ")
}

/// Once the successor works and clouds.yaml entries or consumer files
/// (openrc, cloud.conf, Kubernetes Secret) use the old id: update them?
pub fn draw_update(
    rotation: &Rotation,
    found: &Consumers,
    ctx: &Context,
    frame: &mut Frame,
    area: Rect,
) {
    let mut lines = Vec::new();
    if let (Some(file), false) = (&found.file, found.entries.is_empty()) {
        lines.push(Line::from(format!(
            "{} uses the old credential {} in cloud(s) {}.",
            file.display(),
            rotation.old.name,
            cloud_names(&found.entries)
        )));
    }
    if !found.files.is_empty() {
        lines.push(Line::from(format!(
            "These files use the old credential {}:",
            rotation.old.name
        )));
        lines.extend(
            found
                .files
                .iter()
                .map(|f| Line::from(format!("  {}", f.display()))),
        );
    }
    if !found.stores.is_empty() {
        lines.push(Line::from(format!(
            "These stores hold the old credential {}:",
            rotation.old.name
        )));
        lines.extend(found.stores.iter().map(|s| Line::from(format!("  {s}"))));
    }
    lines.push(Line::from(""));
    if !found.entries.is_empty() || !found.files.is_empty() {
        lines.push(Line::from(format!(
            "Update them in place to {}? A backup is kept, every other line and comment stays, the file is written 0600; then each is logged in with to prove it.",
            rotation.new_name
        )));
    }
    if !found.stores.is_empty() {
        lines.push(Line::from(format!(
            "Put {} in the stores? Vault keeps a new version, pass an edit, the Secret Service a replaced item; each is read back and logged in with.",
            rotation.new_name
        )));
    }
    lines.extend([
        Line::from(""),
        popup_hints(ctx, KeyContext::UpdateClouds, &[]),
    ]);
    let title = if found.files.is_empty() && found.stores.is_empty() {
        "Rotation: clouds.yaml"
    } else {
        "Rotation: update what uses it"
    };
    draw_popup(frame, area, title, lines, ctx);
}

/// After the reveal screen: the successor's verification, and the choice
/// to delete the old one (only once the new one works) or keep both.
pub fn draw_retire(
    rotation: &Rotation,
    progress: &Progress,
    retiring: bool,
    ctx: &Context,
    turn: usize,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = &ctx.theme;
    let old = &rotation.old.name;
    let new = &rotation.new_name;
    let mut lines = vec![Line::from(format!("{new} replaces {old}.")), Line::from("")];
    match progress {
        Progress::Verifying => lines.push(Line::styled(
            format!("{} verifying {new}…", spinner(turn)),
            theme.key(),
        )),
        Progress::Fails(why) => lines.push(Line::styled(
            format!("✗ {new} does not work: {why}. Keep {old} until that is fixed."),
            theme.danger(),
        )),
        _ => lines.push(Line::styled(
            format!("✓ {new} works: Keystone issued a token for it."),
            theme.ok(),
        )),
    }
    if *progress == Progress::ConsumersBroken {
        lines.push(Line::styled(
            format!(
                "✗ an updated clouds.yaml entry does not work with {new}: keep {old} until it does."
            ),
            theme.danger(),
        ));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(format!(
        "Move every consumer of {old} to {new} before deleting {old}. Kept, both show \"rot\" in the list."
    )));
    if retiring {
        lines.push(Line::styled(
            format!("{} deleting {old}…", spinner(turn)),
            theme.key(),
        ));
    }
    lines.push(Line::from(""));
    let skip: &[Action] = if retiring {
        &[Action::Delete, Action::Back]
    } else if progress.may_retire() {
        &[]
    } else {
        &[Action::Delete]
    };
    lines.push(popup_hints(ctx, KeyContext::Retire, skip));
    draw_popup(frame, area, "Rotation: the old credential", lines, ctx);
}

fn draw_popup(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>, ctx: &Context) {
    let width = area.width.min(72);
    let rect = centered(area, width, wrapped_height(&lines, width - 2) + 2);
    let block = popup(frame, rect, title, &ctx.theme);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}
