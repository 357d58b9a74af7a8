//! Step 7: access rules, optional. Each row allows one method on one path of
//! one service (by catalog type); with any row present the credential may
//! call nothing else. Rows are built in a small form: service from the
//! catalog, method from a list, path typed with wildcard help.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use tui_input::Input;

use super::fields::{edit, move_cursor};
use super::{Outcome, WizardState, validate};
use crate::keys::Action;
use crate::keystone::AccessRule;
use crate::tui::context::Context;
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

pub(super) fn handle(state: &mut WizardState, action: Option<Action>, key: KeyEvent) -> Outcome {
    if state.rules.form.is_some() {
        return handle_form(state, action, key);
    }
    let rules = &mut state.rules;
    if move_cursor(&mut rules.cursor, rules.rows.len(), action) {
        return Outcome::Redraw;
    }
    match action {
        Some(Action::Back) => state.go_back(),
        Some(Action::Confirm) => state.go_next(),
        Some(Action::New) => {
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
        Some(Action::Delete) if !rules.rows.is_empty() => {
            let at = rules.cursor.min(rules.rows.len() - 1);
            rules.rows.remove(at);
            rules.cursor = rules.cursor.min(rules.rows.len().saturating_sub(1));
            state.error = None;
            Outcome::Redraw
        }
        _ => Outcome::None,
    }
}

fn handle_form(state: &mut WizardState, action: Option<Action>, key: KeyEvent) -> Outcome {
    let services = state.input.service_types.len();
    let Some(form) = state.rules.form.as_mut() else {
        return Outcome::None;
    };
    match action {
        Some(Action::Back) => {
            state.rules.form = None;
            state.error = None;
            return Outcome::Redraw;
        }
        Some(Action::NextField) => {
            form.focus = match form.focus {
                FormField::Service => FormField::Method,
                FormField::Method => FormField::Path,
                FormField::Path => FormField::Service,
            };
            return Outcome::Redraw;
        }
        Some(Action::PreviousField) => {
            form.focus = match form.focus {
                FormField::Service => FormField::Path,
                FormField::Method => FormField::Service,
                FormField::Path => FormField::Method,
            };
            return Outcome::Redraw;
        }
        Some(Action::Confirm) if form.focus != FormField::Path => {
            form.focus = if form.focus == FormField::Service {
                FormField::Method
            } else {
                FormField::Path
            };
            return Outcome::Redraw;
        }
        Some(Action::Confirm) => return add_row(state),
        _ => {}
    }
    let changed = match form.focus {
        FormField::Service => move_cursor(&mut form.service, services, action),
        FormField::Method => move_cursor(&mut form.method, METHODS.len(), action),
        FormField::Path => edit(&mut form.path, key),
    };
    if changed {
        state.error = None;
        Outcome::Redraw
    } else {
        Outcome::None
    }
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

pub(super) fn draw(state: &WizardState, ctx: &Context, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
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
