//! Steps 2 and 3: the name (required, unique, at most 255 characters) and
//! the description (optional).

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::fields::edit;
use super::{Outcome, Step, WizardState, validate};
use crate::keys::Action;
use crate::tui::context::Context;
use crate::tui::widgets::draw_text_field;

pub(super) fn handle(state: &mut WizardState, action: Option<Action>, key: KeyEvent) -> Outcome {
    match action {
        Some(Action::Back) => state.go_back(),
        Some(Action::Confirm) => {
            let checked = if state.step == Step::Name {
                validate::name(state.name.value(), &state.input.existing_names).map(|_| ())
            } else {
                validate::description(state.description.value()).map(|_| ())
            };
            match checked {
                Ok(()) => state.go_next(),
                Err(message) => state.fail(message),
            }
        }
        _ => {
            let field = if state.step == Step::Name {
                &mut state.name
            } else {
                &mut state.description
            };
            if edit(field, key) {
                state.error = None;
                Outcome::Redraw
            } else {
                Outcome::None
            }
        }
    }
}

pub(super) fn draw(state: &WizardState, ctx: &Context, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let (intro, label, field) = if state.step == Step::Name {
        (
            "A name you will recognise in the list, unique among your credentials.",
            "Name",
            &state.name,
        )
    } else {
        (
            "Optional: what uses this credential, who to ask before deleting it.",
            "Description",
            &state.description,
        )
    };
    frame.render_widget(
        Paragraph::new(intro).wrap(Wrap { trim: false }),
        Rect {
            height: 2.min(area.height),
            ..area
        },
    );
    if area.height < 4 {
        return;
    }
    draw_text_field(
        frame,
        Rect {
            y: area.y + 2,
            height: 1,
            ..area
        },
        label,
        field,
        true,
    );
    let note = if state.step == Step::Name {
        let used = field.value().chars().count();
        format!("{used}/255 characters")
    } else {
        "Leave empty for none.".to_string()
    };
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(note, theme.muted()))),
        Rect {
            y: area.y + 3,
            height: 1,
            ..area
        },
    );
}
