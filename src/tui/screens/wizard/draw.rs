//! The wizard's frame: a bordered box titled with the step, a progress
//! line, the step's body, its error and the keys. Pure: reads the state,
//! draws, changes nothing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::access_rules::FormField;
use super::secret_step::SecretFocus;
use super::{Step, WizardState};
use super::{access_rules, expiry_step, preset_step, review, roles, secret_step, text_steps};

/// Wide enough to spell out every step's name in the progress line.
const FULL_PROGRESS_WIDTH: u16 = 100;

pub fn draw(state: &WizardState, frame: &mut Frame, area: Rect) {
    let theme = state.input.theme;
    let step = state.step;
    let title = format!(
        " New application credential: step {} of {}, {} ",
        step.number(),
        Step::ALL.len(),
        step.title()
    );
    let block = Block::bordered()
        .title(Span::styled(title, theme.title()))
        .border_style(theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);

    let error_height = if state.error.is_some() { 2 } else { 0 };
    let [progress, _, body, error, help] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(error_height),
        Constraint::Length(1),
    ])
    .areas(inner);

    frame.render_widget(Paragraph::new(progress_line(state, inner.width)), progress);
    match step {
        Step::Preset => preset_step::draw(state, frame, body),
        Step::Name | Step::Description => text_steps::draw(state, frame, body),
        Step::Roles => roles::draw(state, frame, body),
        Step::Expiry => expiry_step::draw(state, frame, body),
        Step::Unrestricted => review::draw_unrestricted(state, frame, body),
        Step::AccessRules => access_rules::draw(state, frame, body),
        Step::Secret => secret_step::draw(state, frame, body),
        Step::Review => review::draw(state, frame, body),
    }
    if let Some(message) = &state.error {
        frame.render_widget(
            Paragraph::new(Span::styled(format!("✗ {message}"), theme.danger()))
                .wrap(Wrap { trim: true }),
            error,
        );
    }
    let mut spans = Vec::new();
    for (i, (key, action)) in key_help(state).into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.muted()));
        }
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(format!(" {action}")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), help);
}

/// `Preset › Name › [Roles] › ...` when wide, `✓✓✓●○○○○○` otherwise.
fn progress_line(state: &WizardState, width: u16) -> Line<'static> {
    let theme = state.input.theme;
    let current = state.step.number();
    let mut spans = Vec::new();
    for (i, step) in Step::ALL.iter().enumerate() {
        let number = i + 1;
        let style = if number == current {
            theme.current()
        } else {
            theme.muted()
        };
        if width >= FULL_PROGRESS_WIDTH {
            if i > 0 {
                spans.push(Span::styled(" › ", theme.muted()));
            }
            spans.push(Span::styled(step.title(), style));
        } else {
            let mark = match number.cmp(&current) {
                std::cmp::Ordering::Less => "✓",
                std::cmp::Ordering::Equal => "●",
                std::cmp::Ordering::Greater => "○",
            };
            spans.push(Span::styled(mark, style));
        }
    }
    Line::from(spans)
}

/// The keys that work right now, as (key, action).
pub(super) fn key_help(state: &WizardState) -> Vec<(&'static str, &'static str)> {
    if state.submitting {
        return vec![("", "waiting for Keystone…")];
    }
    let back = (
        "Esc",
        if state.step == Step::Preset {
            "cancel"
        } else {
            "back"
        },
    );
    match state.step {
        Step::Preset if state.preset.params.is_some() => {
            vec![
                ("Enter", "apply"),
                ("Tab", "next field"),
                ("Esc", "choose again"),
            ]
        }
        Step::Preset => vec![("↑↓", "choose"), ("Enter", "next"), back],
        Step::Name | Step::Description => vec![("Enter", "next"), back],
        Step::Roles => vec![("↑↓", "move"), ("Space", "mark"), ("Enter", "next"), back],
        Step::Expiry => vec![("↑↓", "choose"), ("Enter", "next"), back],
        Step::Unrestricted => vec![("Space", "toggle"), ("Enter", "next"), back],
        Step::AccessRules => match &state.rules.form {
            Some(form) if form.focus == FormField::Path => {
                vec![("Enter", "add rule"), ("Tab", "field"), ("Esc", "discard")]
            }
            Some(_) => vec![
                ("◂▸", "choose"),
                ("Tab", "field"),
                ("Enter", "next field"),
                ("Esc", "discard"),
            ],
            None => vec![("a", "add"), ("d", "remove"), ("Enter", "next"), back],
        },
        Step::Secret if state.secret.focus != SecretFocus::Choice => {
            vec![
                ("Enter", "confirm"),
                ("Tab", "other field"),
                ("Esc", "choose again"),
            ]
        }
        Step::Secret => vec![("↑↓", "choose"), ("Enter", "next"), back],
        Step::Review => vec![("Enter", "create"), ("1-8", "edit a step"), back],
    }
}
