//! The wizard's frame: a bordered box titled with the step, a progress
//! line, the step's body, its error and the keys. Pure: reads the state,
//! draws, changes nothing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Step, WizardState};
use super::{access_rules, expiry_step, preset_step, review, roles, secret_step, text_steps};
use crate::keys::Action;
use crate::tui::context::Context;
use crate::tui::widgets::context_hints;

/// Wide enough to spell out every step's name in the progress line.
const FULL_PROGRESS_WIDTH: u16 = 100;

pub fn draw(state: &WizardState, ctx: &Context, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
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

    frame.render_widget(
        Paragraph::new(progress_line(state, ctx, inner.width)),
        progress,
    );
    match step {
        Step::Preset => preset_step::draw(state, ctx, frame, body),
        Step::Name | Step::Description => text_steps::draw(state, ctx, frame, body),
        Step::Roles => roles::draw(state, ctx, frame, body),
        Step::Expiry => expiry_step::draw(state, ctx, frame, body),
        Step::Unrestricted => review::draw_unrestricted(state, ctx, frame, body),
        Step::AccessRules => access_rules::draw(state, ctx, frame, body),
        Step::Secret => secret_step::draw(state, ctx, frame, body),
        Step::Review => review::draw(state, ctx, frame, body),
    }
    if let Some(message) = &state.error {
        frame.render_widget(
            Paragraph::new(Span::styled(format!("✗ {message}"), theme.danger()))
                .wrap(Wrap { trim: true }),
            error,
        );
    }
    let hints = if state.submitting {
        Line::from(" waiting for Keystone…")
    } else {
        // The roles' `r` is there only after a failure; the help lists it.
        context_hints(ctx, state.key_context(), &[Action::Refresh])
    };
    frame.render_widget(Paragraph::new(hints), help);
}

/// `Preset › Name › [Roles] › ...` when wide, `✓✓✓●○○○○○` otherwise.
fn progress_line(state: &WizardState, ctx: &Context, width: u16) -> Line<'static> {
    let theme = ctx.theme;
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
