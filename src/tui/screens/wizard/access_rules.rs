//! Step 7: access rules, optional. Each row allows one method on one path of
//! one service (by catalog type); with any row present the credential may
//! call nothing else. Rows are built in a small form: service from the
//! catalog, method from a list, path typed with wildcard help.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use tui_input::Input;

use super::fields::{edit, move_cursor};
use super::{Outcome, WizardState, validate};
use crate::keystone::AccessRule;
use crate::tui::widgets::draw_text_field;

const METHODS: [&str; 6] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

#[derive(Debug, Default)]
pub(super) struct RulesStep {
    pub(super) rows: Vec<AccessRule>,
    pub(super) cursor: usize,
    /// Open while a row is being added.
    pub(super) form: Option<RuleForm>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FormField {
    Service,
    Method,
    Path,
}

#[derive(Debug)]
pub(super) struct RuleForm {
    pub(super) service: usize,
    pub(super) method: usize,
    pub(super) path: Input,
    pub(super) focus: FormField,
}

pub(super) fn handle(state: &mut WizardState, key: KeyEvent) -> Outcome {
    if state.rules.form.is_some() {
        return handle_form(state, key);
    }
    let rules = &mut state.rules;
    if move_cursor(&mut rules.cursor, rules.rows.len(), &key, true) {
        return Outcome::Redraw;
    }
    match key.code {
        KeyCode::Esc => state.go_back(),
        KeyCode::Enter => state.go_next(),
        KeyCode::Char('a') | KeyCode::Insert => {
            if state.input.service_types.is_empty() {
                return state.fail(
                    "the token's catalog lists no services, so there is nothing to allow; \
                     continue without rules",
                );
            }
            rules.form = Some(RuleForm {
                service: 0,
                method: 0,
                path: Input::default(),
                focus: FormField::Service,
            });
            state.error = None;
            Outcome::Redraw
        }
        KeyCode::Char('d') | KeyCode::Delete | KeyCode::Backspace if !rules.rows.is_empty() => {
            let at = rules.cursor.min(rules.rows.len() - 1);
            rules.rows.remove(at);
            rules.cursor = rules.cursor.min(rules.rows.len().saturating_sub(1));
            state.error = None;
            Outcome::Redraw
        }
        _ => Outcome::None,
    }
}

fn handle_form(state: &mut WizardState, key: KeyEvent) -> Outcome {
    let services = state.input.service_types.len();
    let Some(form) = state.rules.form.as_mut() else {
        return Outcome::None;
    };
    match key.code {
        KeyCode::Esc => {
            state.rules.form = None;
            state.error = None;
            return Outcome::Redraw;
        }
        KeyCode::Tab => {
            form.focus = match form.focus {
                FormField::Service => FormField::Method,
                FormField::Method => FormField::Path,
                FormField::Path => FormField::Service,
            };
            return Outcome::Redraw;
        }
        KeyCode::BackTab => {
            form.focus = match form.focus {
                FormField::Service => FormField::Path,
                FormField::Method => FormField::Service,
                FormField::Path => FormField::Method,
            };
            return Outcome::Redraw;
        }
        KeyCode::Enter if form.focus != FormField::Path => {
            form.focus = if form.focus == FormField::Service {
                FormField::Method
            } else {
                FormField::Path
            };
            return Outcome::Redraw;
        }
        KeyCode::Enter => return add_row(state),
        _ => {}
    }
    let changed = match form.focus {
        FormField::Service => cycle(&mut form.service, services, &key),
        FormField::Method => cycle(&mut form.method, METHODS.len(), &key),
        FormField::Path => edit(&mut form.path, key),
    };
    if changed {
        state.error = None;
        Outcome::Redraw
    } else {
        Outcome::None
    }
}

/// Left/Right (and Up/Down, j/k) step through a choice list.
fn cycle(index: &mut usize, len: usize, key: &KeyEvent) -> bool {
    let as_vertical = KeyEvent {
        code: match key.code {
            KeyCode::Left => KeyCode::Up,
            KeyCode::Right => KeyCode::Down,
            other => other,
        },
        ..*key
    };
    move_cursor(index, len, &as_vertical, true)
}

fn add_row(state: &mut WizardState) -> Outcome {
    let Some(form) = &state.rules.form else {
        return Outcome::None;
    };
    let service = state
        .input
        .service_types
        .get(form.service)
        .map_or("", String::as_str);
    let method = METHODS.get(form.method).copied().unwrap_or("GET");
    match validate::access_rule(service, method, form.path.value(), &state.rules.rows) {
        Ok(rule) => {
            state.rules.rows.push(rule);
            state.rules.cursor = state.rules.rows.len() - 1;
            state.rules.form = None;
            state.error = None;
            Outcome::Redraw
        }
        Err(message) => state.fail(message),
    }
}

pub(super) fn rule_text(rule: &AccessRule) -> String {
    format!("{:<14} {:<6} {}", rule.service, rule.method, rule.path)
}

pub(super) fn draw(state: &WizardState, frame: &mut Frame, area: Rect) {
    let theme = state.input.theme;
    let rules = &state.rules;
    let mut lines = vec![
        Line::from("Optional. With rules, the credential may call only these APIs."),
        Line::from(Span::styled(
            "Path wildcards: * matches one segment, ** any number (e.g. /v2.1/servers/**).",
            theme.muted(),
        )),
        Line::from(""),
    ];
    if rules.rows.is_empty() {
        lines.push(Line::from(Span::styled(
            "  No rules: every API its roles allow.",
            theme.muted(),
        )));
    }
    for (i, rule) in rules.rows.iter().enumerate() {
        let selected = i == rules.cursor && rules.form.is_none();
        let style = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        let marker = if selected { ">" } else { " " };
        lines.push(Line::from(Span::styled(
            format!("{marker} {}", rule_text(rule)),
            style,
        )));
    }
    let used = lines.len() as u16;
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    let Some(form) = &rules.form else {
        return;
    };
    let form_top = area.y + used + 1;
    if form_top + 4 > area.bottom() {
        return;
    }
    let at = |offset: u16| Rect {
        y: form_top + offset,
        height: 1,
        ..area
    };
    frame.render_widget(
        Paragraph::new(Span::styled("New rule", theme.title())),
        at(0),
    );
    let choice = |label: &str, value: &str, focused: bool| {
        let arrows = if focused { "◂ ▸" } else { "   " };
        let style = if focused {
            theme.selected()
        } else {
            Style::new()
        };
        Line::from(vec![
            Span::raw(format!("{label}: ")),
            Span::styled(value.to_string(), style),
            Span::styled(format!(" {arrows}"), theme.muted()),
        ])
    };
    let service = state
        .input
        .service_types
        .get(form.service)
        .map_or("", String::as_str);
    let method = METHODS.get(form.method).copied().unwrap_or("GET");
    frame.render_widget(
        Paragraph::new(choice("Service", service, form.focus == FormField::Service)),
        at(1),
    );
    frame.render_widget(
        Paragraph::new(choice("Method ", method, form.focus == FormField::Method)),
        at(2),
    );
    draw_text_field(
        frame,
        at(3),
        "Path   ",
        &form.path,
        form.focus == FormField::Path,
    );
}
