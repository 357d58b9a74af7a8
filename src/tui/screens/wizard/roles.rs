//! Step 4: the roles. Only roles held on the scope are offered (Keystone
//! refuses others), implied ones labelled. "All my roles" is a row of its own
//! that must be chosen on purpose: nothing is selected at first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::fields::move_cursor;
use super::{Outcome, RolesStatus, WizardState};
use crate::keys::Action;
use crate::keystone::{HeldRole, RoleOrigin};
use crate::tui::context::Context;

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

    /// The held roles not chosen that Keystone adds anyway because a chosen
    /// one implies them (choosing `member` gives `member, reader`),
    /// followed transitively. Empty for "all my roles".
    pub(super) fn implied_extras<'a>(&self, held: &'a [HeldRole]) -> Vec<&'a str> {
        if self.all {
            return Vec::new();
        }
        let mut carried: Vec<&str> = held
            .iter()
            .zip(&self.checked)
            .filter(|(_, on)| **on)
            .map(|(r, _)| r.name.as_str())
            .collect();
        let chosen = carried.len();
        // Each pass adds the roles implied by those already carried; the
        // chain is at most as long as the list.
        for _ in 0..held.len() {
            let before = carried.len();
            for role in held {
                if let RoleOrigin::Implied { by } = &role.origin
                    && carried.contains(&by.as_str())
                    && !carried.contains(&role.name.as_str())
                {
                    carried.push(role.name.as_str());
                }
            }
            if carried.len() == before {
                break;
            }
        }
        carried.split_off(chosen)
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

pub(super) fn handle(state: &mut WizardState, action: Option<Action>) -> Outcome {
    let rows = state.input.held_roles.len() + 1;
    let roles = &mut state.roles;
    if move_cursor(&mut roles.cursor, rows, action) {
        return Outcome::Redraw;
    }
    match action {
        Some(Action::Back) => state.go_back(),
        Some(Action::Mark) => {
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
        Some(Action::Refresh) if matches!(state.input.roles_status, RolesStatus::Failed(_)) => {
            Outcome::RetryRoles
        }
        Some(Action::Confirm) => match roles.chosen_ids(&state.input.held_roles) {
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

pub(super) fn draw(state: &WizardState, ctx: &Context, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
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
        let note = match &state.input.roles_status {
            RolesStatus::Loading => {
                "  (loading the roles you hold here; they appear as soon as Keystone answers)"
                    .to_string()
            }
            RolesStatus::Failed(reason) => format!(
                "  (the roles you hold could not be listed: {reason}. Press r to try again, \
                 or choose \"all my roles\")"
            ),
            RolesStatus::Loaded => {
                "  (Keystone lists no roles for you here: only \"all my roles\" is possible)"
                    .to_string()
            }
        };
        lines.push(Line::from(Span::styled(note, theme.muted())));
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
