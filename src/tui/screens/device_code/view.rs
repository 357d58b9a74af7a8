//! Draws the device-code screen over whatever is behind it: the URL, the
//! code, the countdown, and the QR code where the terminal has room.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::DeviceCodeState;
use super::qr;
use crate::keys::KeyContext;
use crate::tui::context::Context;
use crate::tui::widgets::popup_hints;

/// Text column width beside the QR code.
const TEXT_WIDTH: u16 = 40;

pub fn draw(state: &DeviceCodeState, ctx: &Context, frame: &mut Frame, area: Rect) {
    let p = &state.prompt;
    let qr_lines = state.qr.as_deref().unwrap_or(&[]);
    let (qr_cols, qr_rows) = qr::size(qr_lines);
    // The QR code only where it fits whole beside the text (a cut one cannot be scanned).
    let show_qr = !qr_lines.is_empty()
        && qr_cols + TEXT_WIDTH + 4 <= area.width
        && qr_rows + 2 <= area.height;
    let width = if show_qr {
        qr_cols + TEXT_WIDTH + 3
    } else {
        area.width.min(TEXT_WIDTH + 20)
    };
    let height = if show_qr {
        qr_rows + 2
    } else {
        12.min(area.height)
    };
    let outer = crate::tui::widgets::layout::centered(area, width, height);
    frame.render_widget(Clear, outer);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" Log in to {} ", p.cloud));
    let inner = block.inner(outer);
    frame.render_widget(block, outer);

    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut text = vec![
        Line::from("On a phone or any browser, open"),
        Line::from(Span::styled(p.verification_uri.clone(), bold)),
        Line::from("and enter the code"),
        Line::from(Span::styled(
            p.user_code.clone(),
            bold.add_modifier(Modifier::REVERSED),
        )),
        Line::from(""),
    ];
    if show_qr {
        text.push(Line::from("Or scan the QR code."));
    } else if let Some(full) = &p.verification_uri_complete {
        text.push(Line::from(format!("Or open {full}")));
    }
    text.push(Line::from(match state.remaining(ctx.now) {
        Some(left) => format!("The code expires in {left}."),
        None => "The code has expired.".to_string(),
    }));
    text.push(Line::from("Waiting for the approval..."));
    text.push(Line::from(""));
    text.push(popup_hints(ctx, KeyContext::DeviceCode, &[]));
    let text_area = Rect {
        width: if show_qr {
            TEXT_WIDTH.min(inner.width)
        } else {
            inner.width
        },
        ..inner
    };
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), text_area);
    if show_qr {
        let qr_area = Rect {
            x: inner.x + inner.width.saturating_sub(qr_cols),
            y: inner.y,
            width: qr_cols.min(inner.width),
            height: qr_rows.min(inner.height),
        };
        // Fixed colours: the code must read dark-on-light in any theme.
        let style = Style::default().fg(Color::White).bg(Color::Black);
        let lines: Vec<Line> = qr_lines.iter().map(|l| Line::from(l.as_str())).collect();
        frame.render_widget(Paragraph::new(lines).style(style), qr_area);
    }
}
