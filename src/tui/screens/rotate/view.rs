//! Drawing a rotation by its phase: the confirmation (old and new side
//! by side in words, roles kept and dropped, dropped in red needing `y`,
//! expiry with its reason), the successor's reveal screen, and the
//! questions as popups over what is beneath. Pure: reads, draws, changes
//! nothing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::names;
use super::questions::{draw_retire, draw_update};
use super::state::{Confirm, Phase, Progress, Rotation};
use crate::expiry;
use crate::keys::Action;
use crate::tui::context::Context;
use crate::tui::widgets::{context_hints, hanging};

const LABEL: usize = 16;

/// The screen of the phase in `area` (the body above the status bar).
/// Nothing once the reveal screen was left: the list is beneath then.
pub fn draw(rotation: &Rotation, ctx: &Context, frame: &mut Frame, area: Rect) {
    match &rotation.phase {
        Phase::Confirm(c) => draw_confirm(c, false, ctx, frame, area),
        Phase::Creating(c) => draw_confirm(c, true, ctx, frame, area),
        Phase::Reveal { reveal, .. } => crate::tui::screens::reveal::draw(reveal, ctx, frame, area),
        Phase::Retire(_) | Phase::Retiring(_) => {}
    }
}

/// The question of the phase, if one is open, centred in `area` (the
/// whole terminal); `turn` is the spinner's step.
pub fn draw_question(
    rotation: &Rotation,
    ctx: &Context,
    turn: usize,
    frame: &mut Frame,
    area: Rect,
) {
    match &rotation.phase {
        Phase::Reveal {
            progress: Progress::Asking(found),
            ..
        } => draw_update(rotation, found, ctx, frame, area),
        Phase::Retire(progress) => draw_retire(rotation, progress, false, ctx, turn, frame, area),
        Phase::Retiring(progress) => draw_retire(rotation, progress, true, ctx, turn, frame, area),
        _ => {}
    }
}

fn draw_confirm(state: &Confirm, submitting: bool, ctx: &Context, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let plan = &state.plan;
    let block = Block::bordered()
        .title(Span::styled(
            format!(" Rotate {} ", plan.old.name),
            theme.title(),
        ))
        .border_style(theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let [body, status, help] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);

    // A value wraps right of its label, never back to the left edge.
    let field = |label: &str, value: Span<'static>| {
        hanging(
            Span::styled(format!("{label:<LABEL$}"), theme.muted()),
            LABEL,
            &value.content,
            value.style,
            body.width,
        )
    };
    let request = &plan.request;
    let expires = match request.expires_at {
        Some(at) => format!(
            "{} ({}), {}",
            expiry::utc_text(at),
            expiry::relative(Some(at), ctx.now),
            plan.expiry_reason
        ),
        None if plan.expiry_reason.starts_with("never") => plan.expiry_reason.to_string(),
        None => format!("never, {}", plan.expiry_reason),
    };
    let rules = if request.access_rules.is_empty() {
        "none (any API the roles allow)".to_string()
    } else {
        format!("{}, copied", request.access_rules.len())
    };
    let mut lines = vec![
        Line::from(format!(
            "A new credential replaces {} ({}). Nothing is sent before you confirm.",
            plan.old.name, plan.old.id
        )),
        Line::from(""),
    ];
    lines.extend(field(
        "New name",
        Span::styled(request.name.clone(), theme.title()),
    ));
    lines.extend(field(
        "Description",
        Span::raw(request.description.clone().unwrap_or_else(|| "-".into())),
    ));
    lines.extend(field("Roles", Span::raw(names(&plan.kept))));
    if !plan.dropped.is_empty() {
        lines.extend(field(
            "Dropped roles",
            Span::styled(
                format!(
                    "{}: you no longer hold them here; press y to go on without them",
                    names(&plan.dropped)
                ),
                theme.danger(),
            ),
        ));
    }
    match &state.expiry_input {
        Some(input) => lines.extend(field(
            "Expires",
            Span::styled(
                format!(
                    "{}▏  (30d, 2w, 2031-06-01, never; Enter takes it)",
                    input.value()
                ),
                theme.key(),
            ),
        )),
        None => lines.extend(field("Expires", Span::raw(expires))),
    }
    lines.extend(field(
        "Unrestricted",
        if request.unrestricted {
            Span::styled("yes, like the old one (dangerous)", theme.danger())
        } else {
            Span::raw("no")
        },
    ));
    lines.extend(field("Access rules", Span::raw(rules)));
    for rule in &request.access_rules {
        lines.push(Line::from(format!(
            "{:LABEL$}{} {} {}",
            "", rule.service, rule.method, rule.path
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(
        "Next: the new secret is shown once and verified; then you choose to delete the old one or keep both.",
        theme.muted(),
    ));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);

    let status_line = match (&state.error, submitting) {
        (Some(e), _) => Span::styled(format!("✗ {e}"), theme.danger()),
        (None, true) => Span::styled("Creating the new credential…", theme.key()),
        (None, false) => Span::raw(""),
    };
    frame.render_widget(Paragraph::new(status_line), status);
    // With roles dropped, Enter only explains: `y` agrees.
    let skip: &[Action] = if state.needs_agreement() {
        &[Action::Confirm]
    } else {
        &[Action::Agree]
    };
    frame.render_widget(
        Paragraph::new(context_hints(ctx, state.key_context(), skip)),
        help,
    );
}
