//! One snapshot per wizard step (and the main variants) at 80x24 and at
//! 160x48, with a fixed clock and fixed "local" zone.

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::tests::{ctx, press, to_description, to_expiry, type_text, wizard};
use super::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

/// Snapshots the step at both sizes; the 80x24 screen's text.
fn snapshot(name: &str, state: &WizardState) -> String {
    let mut small = String::new();
    for (width, height) in SIZES {
        let Ok(mut terminal) = Terminal::new(TestBackend::new(width, height));
        if let Err(e) = terminal.draw(|frame| draw(state, &ctx(), frame, frame.area())) {
            panic!("draw failed: {e}");
        }
        if small.is_empty() {
            small = terminal.backend().to_string();
        }
        let mut settings = insta::Settings::clone_current();
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| {
            insta::assert_snapshot!(
                format!("wizard_{name}_{width}x{height}"),
                terminal.backend()
            );
        });
    }
    small
}

#[test]
fn step_1_preset() {
    let mut w = wizard();
    // Every preset's summary whole at 80 columns, wrapped (they were cut:
    // `only services wit`).
    let screen = crate::tui::testing::flat(&snapshot("1_preset", &w));
    for preset in crate::presets::all() {
        assert!(
            screen.contains(&preset.summary),
            "{:?} cut: {screen}",
            preset.summary
        );
    }
    press(&mut w, KeyCode::Down);
    press(&mut w, KeyCode::Enter);
    type_text(&mut w, "k8s-prod");
    snapshot("1_preset_magnum_cluster", &w);
}

#[test]
fn step_2_name() {
    let mut w = wizard();
    press(&mut w, KeyCode::Enter);
    type_text(&mut w, "ci-runner");
    press(&mut w, KeyCode::Enter);
    snapshot("2_name_duplicate", &w);
}

#[test]
fn step_3_description() {
    let mut w = wizard();
    to_description(&mut w, "deploy-bot");
    type_text(&mut w, "GitLab deploys to prod; ask ops");
    snapshot("3_description", &w);
}

#[test]
fn step_4_roles() {
    let mut w = wizard();
    to_description(&mut w, "deploy-bot");
    press(&mut w, KeyCode::Enter);
    press(&mut w, KeyCode::Down);
    press(&mut w, KeyCode::Down);
    press(&mut w, KeyCode::Char(' '));
    snapshot("4_roles", &w);
}

#[test]
fn step_5_expiry() {
    let mut w = wizard();
    to_expiry(&mut w);
    snapshot("5_expiry_90d", &w);
    for _ in 0..3 {
        press(&mut w, KeyCode::Down);
    }
    type_text(&mut w, "2020-01-01");
    snapshot("5_expiry_typed_past", &w);
}

#[test]
fn step_6_unrestricted() {
    let mut w = wizard();
    to_expiry(&mut w);
    press(&mut w, KeyCode::Enter);
    snapshot("6_unrestricted", &w);
}

#[test]
fn step_7_access_rules() {
    let mut w = wizard();
    to_expiry(&mut w);
    press(&mut w, KeyCode::Enter);
    press(&mut w, KeyCode::Enter);
    press(&mut w, KeyCode::Char('a'));
    press(&mut w, KeyCode::Tab);
    press(&mut w, KeyCode::Tab);
    type_text(&mut w, "/v2.1/servers/**");
    press(&mut w, KeyCode::Enter);
    press(&mut w, KeyCode::Char('a'));
    press(&mut w, KeyCode::Right);
    snapshot("7_access_rules", &w);
}

#[test]
fn step_8_secret_typed() {
    let mut w = wizard();
    to_expiry(&mut w);
    for _ in 0..3 {
        press(&mut w, KeyCode::Enter);
    }
    press(&mut w, KeyCode::Down);
    press(&mut w, KeyCode::Enter);
    type_text(&mut w, "fake-secret");
    snapshot("8_secret_typed", &w);
}

#[test]
fn step_9_review_and_submit() {
    let mut w = wizard();
    to_expiry(&mut w);
    for _ in 0..4 {
        press(&mut w, KeyCode::Enter);
    }
    snapshot("9_review", &w);
    assert!(matches!(press(&mut w, KeyCode::Enter), Outcome::Submit(_)));
    snapshot("10_submitting", &w);
}

#[test]
fn step_9_review_all_roles_never_unrestricted() {
    let mut w = wizard();
    to_description(&mut w, "ops-automation");
    press(&mut w, KeyCode::Enter);
    press(&mut w, KeyCode::Char(' ')); // all my roles
    press(&mut w, KeyCode::Enter);
    press(&mut w, KeyCode::Down);
    press(&mut w, KeyCode::Down); // never
    press(&mut w, KeyCode::Enter);
    press(&mut w, KeyCode::Char(' ')); // unrestricted
    press(&mut w, KeyCode::Enter);
    press(&mut w, KeyCode::Char('a'));
    press(&mut w, KeyCode::Tab);
    press(&mut w, KeyCode::Tab);
    type_text(&mut w, "/v2.1/servers/*");
    press(&mut w, KeyCode::Enter);
    press(&mut w, KeyCode::Enter);
    press(&mut w, KeyCode::Enter);
    assert_eq!(w.step(), Step::Review);
    snapshot("9_review_all_roles_never_unrestricted", &w);
}
