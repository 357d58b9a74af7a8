//! Step 1: start from a preset (magnum, ...) or from nothing. A preset with
//! parameters (the Magnum cluster id) asks for them right here; applying it
//! fills the name, description, roles and a suggested expiry, all still
//! editable in the later steps.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_input::Input;

use super::fields::{edit, move_cursor};
use super::{Outcome, WizardState};
use crate::keys::Action;
use crate::presets::PresetError;
use crate::tui::context::Context;
use crate::tui::widgets::{draw_text_field, hanging, truncate, wrap_words};

#[derive(Debug, Default)]
pub(super) struct PresetStep {
    /// 0 = no preset, n = presets[n - 1].
    pub(super) cursor: usize,
    /// Set while the chosen preset's parameters are being typed.
    pub(super) params: Option<ParamEntry>,
    /// The key of the preset applied last, for the review.
    pub(super) applied: Option<String>,
}

#[derive(Debug)]
pub(super) struct ParamEntry {
    pub(super) preset: usize,
    pub(super) values: Vec<Input>,
    pub(super) focus: usize,
}

pub(super) fn handle(state: &mut WizardState, action: Option<Action>, key: KeyEvent) -> Outcome {
    if state.preset.params.is_some() {
        return handle_params(state, action, key);
    }
    let rows = state.input.presets.len() + 1;
    if move_cursor(&mut state.preset.cursor, rows, action) {
        return Outcome::Redraw;
    }
    match action {
        Some(Action::Back) => state.go_back(),
        Some(Action::Confirm) => match state.preset.cursor.checked_sub(1) {
            None => {
                state.preset.applied = None;
                state.go_next()
            }
            Some(index) => {
                let count = state.input.presets.get(index).map_or(0, |p| p.params.len());
                if count == 0 {
                    return apply(state, index);
                }
                state.preset.params = Some(ParamEntry {
                    preset: index,
                    values: (0..count).map(|_| Input::default()).collect(),
                    focus: 0,
                });
                state.error = None;
                Outcome::Redraw
            }
        },
        _ => Outcome::None,
    }
}

fn handle_params(state: &mut WizardState, action: Option<Action>, key: KeyEvent) -> Outcome {
    let Some(entry) = state.preset.params.as_mut() else {
        return Outcome::None;
    };
    let last = entry.values.len().saturating_sub(1);
    match action {
        Some(Action::Back) => {
            state.preset.params = None;
            state.error = None;
            Outcome::Redraw
        }
        Some(Action::NextField) => {
            entry.focus = (entry.focus + 1).min(last);
            Outcome::Redraw
        }
        Some(Action::PreviousField) => {
            entry.focus = entry.focus.saturating_sub(1);
            Outcome::Redraw
        }
        Some(Action::Confirm) if entry.focus < last => {
            entry.focus += 1;
            Outcome::Redraw
        }
        Some(Action::Confirm) => {
            let index = entry.preset;
            apply(state, index)
        }
        _ => {
            let edited = entry
                .values
                .get_mut(entry.focus)
                .is_some_and(|field| edit(field, key));
            if edited {
                state.error = None;
                Outcome::Redraw
            } else {
                Outcome::None
            }
        }
    }
}

/// Applies presets[index] with the typed parameters and moves on to the name.
fn apply(state: &mut WizardState, index: usize) -> Outcome {
    let Some(preset) = state.input.presets.get(index) else {
        return Outcome::None;
    };
    let typed: Vec<(&str, &str)> = match &state.preset.params {
        Some(entry) => preset
            .params
            .iter()
            .zip(&entry.values)
            .map(|(p, v)| (p.key.as_str(), v.value()))
            .collect(),
        None => Vec::new(),
    };
    let values = match preset.apply(&typed, &state.input.held_roles) {
        Ok(values) => values,
        Err(PresetError::MissingParam { prompt, .. }) => {
            return state.fail(format!("{prompt}: this preset needs it"));
        }
        Err(e) => return state.fail(e.to_string()),
    };
    let key = preset.key.clone();
    state.name = Input::new(values.name);
    state.description = Input::new(values.description);
    state
        .roles
        .select_ids(&state.input.held_roles, &values.role_ids);
    if let Some(expires) = &values.expires {
        state.expiry.select_text(expires);
    }
    state.preset.params = None;
    state.preset.applied = Some(key);
    state.go_next()
}

pub(super) fn draw(state: &WizardState, ctx: &Context, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let presets = &state.input.presets;
    let mut lines = vec![
        Line::from("Start from a preset, or fill in every step yourself."),
        Line::from(""),
    ];
    let key_width = presets
        .iter()
        .map(|p| p.key.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let rows: Vec<(&str, &str)> = std::iter::once(("none", "fill in every step yourself"))
        .chain(presets.iter().map(|p| (p.key.as_str(), p.summary.as_str())))
        .collect();
    let chosen = state
        .preset
        .cursor
        .checked_sub(1)
        .and_then(|i| presets.get(i));
    // Each summary wrapped under itself when the list and what is below
    // it fit; else one row each, cut with `…` (the chosen one is spelled
    // out in full below then).
    let indent = 2 + key_width + 2;
    let room = usize::from(area.width).saturating_sub(indent).max(1);
    let below = chosen.map_or(0, |p| {
        let params = state
            .preset
            .params
            .as_ref()
            .map_or(0, |e| e.values.len() + 1);
        1 + params + wrap_words(&fills_in(p, &p.name), usize::from(area.width)).len()
    });
    let wrapped_rows: usize = rows.iter().map(|(_, s)| wrap_words(s, room).len()).sum();
    let wrap = lines.len() + wrapped_rows + below <= usize::from(area.height);
    for (row, (key, summary)) in rows.iter().enumerate() {
        let selected = row == state.preset.cursor;
        let marker = if selected { "> " } else { "  " };
        let style = if selected {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        let head = Span::styled(format!("{marker}{key:<key_width$}  "), style);
        if wrap {
            lines.extend(hanging(head, indent, summary, theme.muted(), area.width));
        } else {
            lines.push(Line::from(vec![
                head,
                Span::styled(truncate(summary, room), theme.muted()),
            ]));
        }
    }
    let list_height = lines.len() as u16;
    frame.render_widget(Paragraph::new(lines), area);

    let Some(preset) = chosen else {
        return;
    };
    let mut y = area.y + list_height + 1;
    // The chosen preset in full (the list cuts long summaries), then what
    // it will fill in with the values typed so far.
    let mut name = preset.name.clone();
    if let Some(entry) = &state.preset.params {
        for (i, (param, value)) in preset.params.iter().zip(&entry.values).enumerate() {
            if y >= area.bottom() {
                return;
            }
            let row = Rect {
                y,
                height: 1,
                ..area
            };
            draw_text_field(frame, row, &param.prompt, value, i == entry.focus);
            y += 1;
            if !value.value().is_empty() {
                name = name.replace(&format!("{{{}}}", param.key), value.value());
            }
        }
        y += 1;
    }
    let fills = Line::from(Span::styled(fills_in(preset, &name), theme.muted()));
    let note = if wrap {
        vec![fills]
    } else {
        vec![Line::from(preset.summary.clone()), fills]
    };
    let rest = Rect {
        y,
        height: area.bottom().saturating_sub(y),
        ..area
    };
    if rest.height > 0 {
        frame.render_widget(
            Paragraph::new(note).wrap(ratatui::widgets::Wrap { trim: true }),
            rest,
        );
    }
}

/// What applying `preset` fills in, with the name as typed so far.
fn fills_in(preset: &crate::presets::Preset, name: &str) -> String {
    format!(
        "Fills in: name {name}, role {}{}",
        preset.roles_wanted_text(),
        preset
            .expires
            .as_ref()
            .map(|e| format!(", expiry {e}"))
            .unwrap_or_default()
    )
}
