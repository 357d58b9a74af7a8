//! The device-code screen: snapshots at 80x24 and wide, the countdown, and
//! the keys and notices in `host`.

use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::keystone::{DeviceCodePrompt, LoginNotice};
use crate::tui::context::Context;
use crate::tui::model::Model;
use crate::tui::msg::names;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

fn prompt() -> DeviceCodePrompt {
    DeviceCodePrompt {
        cloud: "sso-device".into(),
        verification_uri: "http://127.0.0.1:9999/device".into(),
        verification_uri_complete: Some("http://127.0.0.1:9999/device?user_code=ABCD-EFGH".into()),
        user_code: "ABCD-EFGH".into(),
        expires_at: now() + Duration::seconds(600),
    }
}

fn render(state: &DeviceCodeState, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| {
            let ctx = Context::new(
                now() + Duration::seconds(19),
                crate::tui::theme::Theme { color: false }.into(),
            );
            draw(state, &ctx, f, f.area())
        })
        .unwrap();
    let buffer = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn snapshot_80x24() {
    let screen = render(&DeviceCodeState::new(prompt()), 80, 24);
    assert!(
        screen.contains("ABCD-EFGH") && screen.contains("expires in 9:41"),
        "{screen}"
    );
    assert!(screen.contains('█'), "no QR code at 80x24:\n{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn snapshot_wide_and_small() {
    insta::assert_snapshot!(render(&DeviceCodeState::new(prompt()), 120, 30));
    // Too narrow for the QR code: the complete URL in words instead.
    let small = render(&DeviceCodeState::new(prompt()), 60, 16);
    assert!(
        !small.contains('▀') && small.contains("Or open http://127.0.0.1:9999/device?user_code"),
        "{small}"
    );
}

#[test]
fn the_qr_code_encodes_the_complete_url_and_is_square() {
    let state = DeviceCodeState::new(prompt());
    let lines = state.qr.clone().unwrap_or_default();
    let (cols, rows) = qr::size(&lines);
    // 29 modules (version 3) + 2x2 quiet zone; two modules per row.
    assert_eq!(cols, 33);
    assert_eq!(rows, 17);
}

#[test]
fn countdown_ends() {
    let state = DeviceCodeState::new(prompt());
    assert_eq!(state.remaining(now()).as_deref(), Some("10:00"));
    assert_eq!(state.remaining(now() + Duration::seconds(601)), None);
}

#[test]
fn notices_open_and_close_it_and_esc_cancels() {
    let mut model = Model::new(now(), crate::tui::theme::Theme { color: false }, 80, 24);
    host::on_notice(&mut model, LoginNotice::DeviceCode(prompt()));
    assert!(model.device_code.is_some());
    let other = host::on_key(
        &mut model,
        KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE),
    );
    assert!(other.is_empty() && model.device_code.is_some());
    let effects = host::on_key(&mut model, KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert_eq!(names(&effects), vec!["cancel-login"]);
    assert!(model.device_code.is_none());
    host::on_notice(&mut model, LoginNotice::DeviceCode(prompt()));
    host::on_notice(&mut model, LoginNotice::IdentityProviderDone);
    assert!(model.device_code.is_none());
}

#[test]
fn question_mark_shows_its_keys_above_it_and_esc_then_closes_only_the_help() {
    let mut model = Model::new(now(), crate::tui::theme::Theme { color: false }, 80, 24);
    host::on_notice(&mut model, LoginNotice::DeviceCode(prompt()));
    let effects = crate::tui::update::update(
        &mut model,
        crate::tui::msg::Msg::Key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE)),
    );
    assert!(effects.is_empty());
    assert!(matches!(
        model.overlays.last(),
        Some(crate::tui::model::Overlay::Help(
            crate::keys::KeyContext::DeviceCode
        ))
    ));
    let terminal = crate::tui::testing::draw(&model);
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("cancel the login"), "{screen}");
    // Esc closes the help; the login goes on until a second Esc.
    crate::tui::update::update(
        &mut model,
        crate::tui::msg::Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    assert!(model.overlays.is_empty() && model.device_code.is_some());
    let effects = crate::tui::update::update(
        &mut model,
        crate::tui::msg::Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    assert_eq!(names(&effects), vec!["cancel-login"]);
}
