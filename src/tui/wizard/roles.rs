//! Step 4: the roles. Only roles held on the scope are offered (Keystone
//! refuses others), implied ones labelled. "All my roles" is a row of its own
//! that must be chosen on purpose: nothing is selected at first.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::fields::move_cursor;
use super::{Outcome, WizardState};
use crate::keystone::{HeldRole, RoleOrigin};

#[derive(Debug)]
pub(super) struct RolesStep {
    /// 0 = "all my roles", n = held_roles[n - 1].
    pub(super) cursor: usize,
    pub(super) all: bool,
    pub(super) checked: Vec<bool>,
}

impl RolesStep {
    pub(super) fn new(count: usize) -> Self {
        RolesStep {
            cursor: 0,
            all: false,
            checked: vec![false; count],
        }
    }

    /// Checks exactly the roles with these ids (a preset's choice).
    pub(super) fn select_ids(&mut self, held: &[HeldRole], ids: &[String]) {
        self.all = false;
        self.checked = held.iter().map(|r| ids.contains(&r.id)).collect();
    }

    /// Role ids for the request: empty for "all my roles" (Keystone's
    /// default), or an error if nothing was chosen.
    pub(super) fn chosen_ids(&self, held: &[HeldRole]) -> Result<Vec<String>, String> {
        if self.all {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = held
            .iter()
            .zip(&self.checked)
            .filter(|(_, on)| **on)
            .map(|(r, _)| r.id.clone())
            .collect();
        if ids.is_empty() {
            return Err("choose at least one role, or \"all my roles\" (Space marks a row)".into());
        }
        Ok(ids)
    }

    /// For the review: "all my roles (admin, member, reader)" or the names.
    pub(super) fn summary(&self, held: &[HeldRole]) -> String {
        let names = |only_checked: bool| {
            held.iter()
                .zip(&self.checked)
                .filter(|(_, on)| !only_checked || **on)
                .map(|(r, _)| r.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if self.all {
            format!("all my roles ({})", names(false))
        } else {
            names(true)
        }
    }
}

pub(super) fn handle(state: &mut WizardState, key: KeyEvent) -> Outcome {
    let rows = state.input.held_roles.len() + 1;
    let roles = &mut state.roles;
    if move_cursor(&mut roles.cursor, rows, &key, true) {
        return Outcome::Redraw;
    }
    match key.code {
        KeyCode::Esc => state.go_back(),
        KeyCode::Char(' ') => {
            match roles.cursor.checked_sub(1) {
                None => {
                    roles.all = !roles.all;
                    if roles.all {
                        roles.checked.iter_mut().for_each(|c| *c = false);
                    }
                }
                Some(i) => {
                    if let Some(on) = roles.checked.get_mut(i) {
                        *on = !*on;
                        roles.all = false;
                    }
                }
            }
            state.error = None;
            Outcome::Redraw
        }
        KeyCode::Enter => match roles.chosen_ids(&state.input.held_roles) {
            Ok(_) => state.go_next(),
            Err(message) => state.fail(message),
        },
        _ => Outcome::None,
    }
}

fn origin_label(origin: &RoleOrigin) -> String {
    match origin {
        RoleOrigin::Direct => "assigned".to_string(),
        RoleOrigin::Implied { by } => format!("implied by {by}"),
        RoleOrigin::Unknown => String::new(),
    }
}

pub(super) fn draw(state: &WizardState, frame: &mut Frame, area: Rect) {
    let theme = state.input.theme;
    let held = &state.input.held_roles;
    let roles = &state.roles;
    let mut lines = vec![
        Line::from("The credential can do what these roles allow, never more than you."),
        Line::from(""),
    ];
    let row = |selected: bool, mark: &str, label: String, note: String| {
        let style = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        Line::from(vec![
            Span::styled(
                format!("{} {mark} {label}", if selected { ">" } else { " " }),
                style,
            ),
            Span::styled(note, theme.muted()),
        ])
    };
    let every: Vec<&str> = held.iter().map(|r| r.name.as_str()).collect();
    lines.push(row(
        roles.cursor == 0,
        if roles.all { "(•)" } else { "( )" },
        "All my roles".to_string(),
        format!("  every role you hold here: {}", every.join(", ")),
    ));
    let width = held
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0);
    for (i, (role, on)) in held.iter().zip(&roles.checked).enumerate() {
        lines.push(row(
            roles.cursor == i + 1,
            if *on { "[x]" } else { "[ ]" },
            format!("{:<width$}", role.name),
            format!("  {}", origin_label(&role.origin)),
        ));
    }
    if held.is_empty() {
        lines.push(Line::from(Span::styled(
            "  (the roles you hold could not be listed: only \"all my roles\" is possible)",
            theme.muted(),
        )));
    }
    // Keep the cursor row visible on short terminals.
    let visible = area.height as usize;
    let cursor_line = roles.cursor + 2;
    let skip = (cursor_line + 1).saturating_sub(visible);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((skip as u16, 0)),
        area,
    );
}
