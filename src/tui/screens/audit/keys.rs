//! The audit screen's keys: pure, on its state.

use crossterm::event::KeyEvent;

use super::state::{AuditState, Outcome, Phase, Whom};
use crate::audit::Progress;
use crate::keys::Action;
use crate::tui::context::Context;

pub fn handle_key(state: &mut AuditState, ctx: &Context, key: KeyEvent) -> Outcome {
    let action = ctx.action(state.key_context(), &key);
    match &state.phase {
        Phase::Asking => match action {
            Some(Action::NextField) => {
                state.whom = match state.whom {
                    Whom::Project => Whom::Domain,
                    Whom::Domain => Whom::Project,
                };
                Outcome::None
            }
            Some(Action::Confirm) => {
                state.phase = Phase::Running(Progress { done: 0, total: 0 });
                Outcome::Start(state.target())
            }
            Some(Action::Back) => Outcome::Back,
            _ => Outcome::None,
        },
        // Leaving drops the state; the answer then finds no screen to fill.
        Phase::Running(_) => match action {
            Some(Action::Back) => Outcome::Back,
            _ => Outcome::None,
        },
        Phase::Done { rows, .. } => {
            let last = rows.len().saturating_sub(1);
            match action {
                Some(Action::Up) => state.offset = state.offset.saturating_sub(1),
                Some(Action::Down) => state.offset = (state.offset + 1).min(last),
                Some(Action::PageUp) => state.offset = state.offset.saturating_sub(10),
                Some(Action::PageDown) => state.offset = (state.offset + 10).min(last),
                Some(Action::Top) => state.offset = 0,
                Some(Action::Bottom) => state.offset = last,
                // Again, perhaps of the other target.
                Some(Action::Refresh) => state.phase = Phase::Asking,
                Some(Action::Back) => return Outcome::Back,
                _ => {}
            }
            Outcome::None
        }
    }
}
