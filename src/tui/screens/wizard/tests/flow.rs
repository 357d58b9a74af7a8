//! Walking through the steps: Esc back, review, submit.

use chrono::Duration;
use crossterm::event::KeyCode;

use super::*;

#[test]
fn esc_walks_back_through_every_step() {
    let mut w = wizard();
    to_secret(&mut w);
    press(&mut w, KeyCode::Enter);
    assert_step(&w, Step::Review);
    for step in Step::ALL.iter().rev().skip(1) {
        assert!(matches!(press(&mut w, KeyCode::Esc), Outcome::Redraw));
        assert_step(&w, *step);
    }
    assert!(matches!(press(&mut w, KeyCode::Esc), Outcome::Cancel));
    // Values typed earlier survive going back.
    assert_eq!(w.name.value(), "deploy-bot");
}

#[test]
fn nothing_is_submitted_before_the_review_is_confirmed() {
    let mut w = wizard();
    let mut keys = vec![KeyCode::Enter];
    keys.extend("deploy-bot".chars().map(KeyCode::Char));
    keys.extend([
        KeyCode::Enter, // name
        KeyCode::Enter, // description
        KeyCode::Char(' '),
        KeyCode::Enter, // roles: all
        KeyCode::Enter, // expiry 90 d
        KeyCode::Enter, // unrestricted off
        KeyCode::Enter, // no rules
        KeyCode::Enter, // generated secret
    ]);
    for key in keys {
        let outcome = press(&mut w, key);
        assert!(!matches!(outcome, Outcome::Submit(_)), "{key:?}");
    }
    assert_step(&w, Step::Review);
    let Outcome::Submit(request) = press(&mut w, KeyCode::Enter) else {
        panic!("expected a submit")
    };
    assert_eq!(request.name, "deploy-bot");
    assert_eq!(request.description, None);
    assert!(request.role_ids.is_empty(), "all my roles = empty list");
    assert_eq!(request.expires_at, Some(now() + Duration::days(90)));
    assert!(!request.unrestricted);
    assert!(request.access_rules.is_empty());
    assert!(request.secret.is_none());
    // While the request runs, keys do nothing (no double submit).
    assert!(w.is_submitting());
    assert!(matches!(press(&mut w, KeyCode::Enter), Outcome::None));
    assert!(matches!(press(&mut w, KeyCode::Esc), Outcome::None));
    // A failure brings the review back with the reason.
    w.create_failed("Conflict: name taken");
    assert_step(&w, Step::Review);
    assert_eq!(w.error(), Some("Conflict: name taken"));
    assert!(matches!(press(&mut w, KeyCode::Enter), Outcome::Submit(_)));
}

#[test]
fn review_rechecks_and_jumps_to_the_failing_step() {
    let mut w = wizard();
    to_expiry(&mut w);
    for _ in 0..3 {
        press(&mut w, KeyCode::Down);
    }
    type_text(&mut w, "2026-11-26");
    for _ in 0..4 {
        press(&mut w, KeyCode::Enter);
    }
    assert_step(&w, Step::Review);
    // Two days later the typed date is in the past.
    let mut later = ctx();
    later.now = now() + Duration::days(2);
    let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    assert!(matches!(handle_key(&mut w, &later, enter), Outcome::Redraw));
    assert_step(&w, Step::Expiry);
    assert!(w.error().is_some_and(|e| e.contains("not in the future")));
}

#[test]
fn review_digits_jump_to_a_step() {
    let mut w = wizard();
    to_secret(&mut w);
    press(&mut w, KeyCode::Enter);
    press(&mut w, KeyCode::Char('2'));
    assert_step(&w, Step::Name);
    press(&mut w, KeyCode::Enter);
    assert_step(&w, Step::Description);
}

#[test]
fn chosen_roles_and_rules_reach_the_request() {
    let mut w = wizard();
    to_rules(&mut w);
    press(&mut w, KeyCode::Char('a'));
    press(&mut w, KeyCode::Tab);
    press(&mut w, KeyCode::Tab);
    type_text(&mut w, "/v2.1/servers/*");
    press(&mut w, KeyCode::Enter);
    press(&mut w, KeyCode::Enter);
    press(&mut w, KeyCode::Enter);
    let Outcome::Submit(request) = press(&mut w, KeyCode::Enter) else {
        panic!("expected a submit")
    };
    assert_eq!(request.role_ids, vec!["r-member"]);
    assert_eq!(request.access_rules.len(), 1);
    assert_eq!(request.access_rules[0].service, "compute");
    assert_eq!(request.access_rules[0].method, "GET");
    assert_eq!(
        format!("{:?}", Outcome::Submit(request)),
        "Submit(\"deploy-bot\")"
    );
}

#[test]
fn key_help_follows_the_step() {
    let mut w = wizard();
    let hints = |w: &WizardState| ctx().hints(w.key_context(), &[]);
    assert!(hints(&w).contains(&("Esc".to_string(), "cancel")));
    press(&mut w, KeyCode::Enter);
    assert!(hints(&w).contains(&("Esc".to_string(), "back")));
}
