//! The first run: no clouds.yaml anywhere and no `OS_*` variables. Instead
//! of an empty picker, say where appcred looked and how to make a cloud
//! appear, with an example that works once the values are filled in.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::state::CloudPicker;
use crate::tui::context::Context;

/// A minimal password cloud, as openstacksdk and the OpenStack CLI read it.
const EXAMPLE: &[&str] = &[
    "clouds:",
    "  mycloud:",
    "    auth:",
    "      auth_url: https://keystone.example.com:5000/v3",
    "      username: alice",
    "      project_name: demo",
    "      user_domain_name: Default",
    "      project_domain_name: Default",
];

/// The lines of the first-run text, for the picker's list area.
pub fn lines(picker: &CloudPicker, ctx: &Context) -> Vec<Line<'static>> {
    let theme = &ctx.theme;
    let mut lines = vec![
        Line::styled(
            "No clouds yet: no clouds.yaml and no OS_* variables.",
            theme.title(),
        ),
        Line::from("appcred looked for clouds.yaml in (the first found wins):"),
    ];
    let searched = &picker.searched;
    if searched.is_empty() {
        lines.push(Line::styled("  (the usual places)", theme.muted()));
    }
    // Each folder once: the list names .yaml, .yml and .json in each.
    let mut folders: Vec<String> = Vec::new();
    for path in searched {
        let text = match (path.parent(), path.file_stem()) {
            (Some(dir), Some(stem)) => format!(
                "{}/{}.{{yaml,yml,json}}",
                dir.display(),
                stem.to_string_lossy()
            ),
            _ => path.display().to_string(),
        };
        if !folders.contains(&text) {
            folders.push(text);
        }
    }
    lines.extend(
        folders
            .into_iter()
            .map(|f| Line::styled(format!("  {f}"), theme.muted())),
    );
    // Kept short: at 80x24 all of it fits without scrolling.
    lines.push(Line::from(
        "Create ~/.config/openstack/clouds.yaml (mode 0600) with your values:",
    ));
    lines.extend(
        EXAMPLE
            .iter()
            .map(|l| Line::from(Span::styled(format!("  {l}"), theme.key()))),
    );
    lines.push(Line::from(
        "(appcred asks for the password.) Or source your openrc (OS_AUTH_URL, …).",
    ));
    lines.push(Line::from("Then press r to look again."));
    lines
}

pub fn draw(picker: &CloudPicker, ctx: &Context, frame: &mut Frame, area: Rect) {
    frame.render_widget(
        Paragraph::new(lines(picker, ctx)).wrap(Wrap { trim: false }),
        area,
    );
}
