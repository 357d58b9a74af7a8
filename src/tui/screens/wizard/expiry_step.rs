//! Step 5: when the credential stops working. Presets (1 d ... 1 y, never)
//! or a typed value (`45d`, `2031-06-01`, RFC 3339), with a live preview in
//! UTC and local time.

use chrono::{DateTime, Duration, Utc};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use tui_input::Input;

use super::fields::{edit, move_cursor};
use super::{Outcome, WizardState};
use crate::expiry::{parse_duration, parse_expiry};
use crate::keys::Action;
use crate::tui::context::Context;
use crate::tui::widgets::draw_text_field;

/// The choices, in order. `None` as the span means "never"; the last row
/// is the typed value.
const CHOICES: [(&str, Option<i64>); 6] = [
    ("1 day", Some(1)),
    ("7 days", Some(7)),
    ("30 days", Some(30)),
    ("90 days", Some(90)),
    ("1 year", Some(365)),
    ("never", None),
];
const CUSTOM: usize = CHOICES.len();
/// 90 days: a backstop that outlives most projects' rotation habits.
const DEFAULT_CHOICE: usize = 3;

#[derive(Debug)]
pub(super) struct ExpiryStep {
    pub(super) cursor: usize,
    pub(super) custom: Input,
}

impl Default for ExpiryStep {
    fn default() -> Self {
        ExpiryStep {
            cursor: DEFAULT_CHOICE,
            custom: Input::default(),
        }
    }
}

impl ExpiryStep {
    /// The typed row has the keyboard.
    pub(super) fn typing(&self) -> bool {
        self.cursor == CUSTOM
    }

    /// The expiry chosen: Ok(None) for never.
    pub(super) fn result(&self, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, String> {
        match CHOICES.get(self.cursor) {
            Some((_, Some(days))) => Ok(Some(now + Duration::days(*days))),
            Some((_, None)) => Ok(None),
            None if self.custom.value().trim().is_empty() => {
                Err("type an expiry, e.g. 45d, 2031-06-01 or 2031-06-01T12:00".to_string())
            }
            None => parse_expiry(self.custom.value(), now)
                .map(Some)
                .map_err(|e| e.to_string()),
        }
    }

    /// Selects a preset's suggestion: one of the choices if it is one, else
    /// the typed field.
    pub(super) fn select_text(&mut self, text: &str) {
        let days = parse_duration(text).ok().map(|d| d.num_days());
        let matching = CHOICES
            .iter()
            .position(|(_, span)| span.is_some() && *span == days);
        match matching {
            Some(i) => self.cursor = i,
            None => {
                self.cursor = CUSTOM;
                self.custom = Input::new(text.to_string());
            }
        }
    }

    /// For the review.
    pub(super) fn summary(
        &self,
        now: DateTime<Utc>,
        local_text: fn(DateTime<Utc>) -> String,
    ) -> String {
        match self.result(now) {
            Ok(Some(at)) => format!(
                "{} ({}, {})",
                crate::expiry::utc_text(at),
                local_text(at),
                crate::expiry::relative(Some(at), now)
            ),
            Ok(None) => "never".to_string(),
            Err(e) => format!("invalid: {e}"),
        }
    }
}

pub(super) fn handle(
    state: &mut WizardState,
    ctx: &Context,
    action: Option<Action>,
    key: KeyEvent,
) -> Outcome {
    let expiry = &mut state.expiry;
    let typing = expiry.cursor == CUSTOM;
    // On the typed row, j and k are letters of the value, not moves (the
    // typing context binds arrows only).
    if move_cursor(&mut expiry.cursor, CHOICES.len() + 1, action) {
        state.error = None;
        return Outcome::Redraw;
    }
    match action {
        Some(Action::Back) => state.go_back(),
        Some(Action::Confirm) => match expiry.result(ctx.now) {
            Ok(_) => state.go_next(),
            Err(message) => state.fail(message),
        },
        _ if typing && edit(&mut expiry.custom, key) => {
            state.error = None;
            Outcome::Redraw
        }
        _ => Outcome::None,
    }
}

pub(super) fn draw(state: &WizardState, ctx: &Context, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let expiry = &state.expiry;
    let mut lines = vec![
        Line::from("When the credential stops working. Keystone stores UTC."),
        Line::from(""),
    ];
    for (i, (label, _)) in CHOICES.iter().enumerate() {
        let selected = i == expiry.cursor;
        let style = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        let marker = if selected { "> (•)" } else { "  ( )" };
        lines.push(Line::from(Span::styled(format!("{marker} {label}"), style)));
    }
    let list_height = lines.len() as u16;
    frame.render_widget(Paragraph::new(lines), area);
    let custom_row = Rect {
        y: area.y + list_height,
        height: 1,
        ..area
    };
    if custom_row.y >= area.bottom() {
        return;
    }
    let typing = expiry.cursor == CUSTOM;
    let label = if typing {
        "> (•) typed"
    } else {
        "  ( ) typed"
    };
    draw_text_field(frame, custom_row, label, &expiry.custom, typing);

    let preview = match expiry.result(ctx.now) {
        Ok(Some(at)) => vec![
            Line::from(format!(
                "Expires {}  ({})",
                crate::expiry::utc_text(at),
                crate::expiry::relative(Some(at), ctx.now)
            )),
            Line::from(format!("        {} local time", (ctx.local_text)(at))),
        ],
        Ok(None) => vec![Line::from(Span::styled(
            "Never expires: it works until deleted. Prefer a date and rotate.",
            theme.danger(),
        ))],
        // The typed value's error is shown live, as it is typed (unless
        // Enter already put it in the error line).
        Err(e) if typing && !expiry.custom.value().is_empty() && state.error.is_none() => {
            vec![Line::from(Span::styled(e, theme.danger()))]
        }
        Err(_) => vec![Line::from(Span::styled(
            "Type e.g. 45d, 12h, 2w, 2031-06-01 or 2031-06-01T12:00 (UTC)",
            theme.muted(),
        ))],
    };
    let preview_area = Rect {
        y: custom_row.y + 2,
        height: area.bottom().saturating_sub(custom_row.y + 2),
        ..area
    };
    if preview_area.height > 0 {
        frame.render_widget(
            Paragraph::new(preview).wrap(Wrap { trim: false }),
            preview_area,
        );
    }
}
