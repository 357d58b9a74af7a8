//! Each step's keys, transitions and validation.

use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::secret::Secret;

#[test]
fn esc_on_the_first_step_cancels() {
    let mut w = wizard();
    assert!(matches!(press(&mut w, KeyCode::Esc), Outcome::Cancel));
}

#[test]
fn key_releases_are_ignored() {
    let mut w = wizard();
    let mut release = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    release.kind = crossterm::event::KeyEventKind::Release;
    assert!(matches!(handle_key(&mut w, &ctx(), release), Outcome::None));
    assert_step(&w, Step::Preset);
}

#[test]
fn no_preset_goes_to_the_name() {
    let mut w = wizard();
    assert!(matches!(press(&mut w, KeyCode::Enter), Outcome::Redraw));
    assert_step(&w, Step::Name);
}

#[test]
fn magnum_preset_asks_for_the_cluster_and_fills_the_fields() {
    let mut w = wizard();
    press(&mut w, KeyCode::Down); // magnum
    press(&mut w, KeyCode::Enter);
    assert!(w.preset.params.is_some());
    press(&mut w, KeyCode::Enter); // empty cluster id
    assert!(w.error().is_some_and(|e| e.contains("cluster")));
    assert_step(&w, Step::Preset);
    type_text(&mut w, "k8s-prod");
    press(&mut w, KeyCode::Enter);
    assert_step(&w, Step::Name);
    assert_eq!(w.name.value(), "magnum-k8s-prod");
    assert_eq!(w.description.value(), "Magnum cluster (k8s-prod)");
    assert_eq!(
        w.roles.chosen_ids(&w.input.held_roles),
        Ok(vec!["r-member".to_string()])
    );
}

#[test]
fn preset_without_a_held_role_names_it() {
    let mut w = wizard();
    w.input.held_roles.retain(|r| r.name == "reader");
    w.roles = roles::RolesStep::new(1);
    press(&mut w, KeyCode::Down);
    press(&mut w, KeyCode::Enter);
    type_text(&mut w, "c1");
    press(&mut w, KeyCode::Enter);
    assert_step(&w, Step::Preset);
    assert!(w.error().is_some_and(|e| e.contains("member or _member_")));
    // Esc leaves the parameter field, then the wizard.
    assert!(matches!(press(&mut w, KeyCode::Esc), Outcome::Redraw));
    assert!(matches!(press(&mut w, KeyCode::Esc), Outcome::Cancel));
}

#[test]
fn preset_suggested_expiry_is_selected() {
    let mut w = wizard();
    press(&mut w, KeyCode::Down);
    press(&mut w, KeyCode::Down); // terraform: 90d
    press(&mut w, KeyCode::Enter);
    type_text(&mut w, "prod");
    press(&mut w, KeyCode::Enter);
    assert_eq!(w.expiry.result(now()), Ok(Some(now() + Duration::days(90))));
}

#[test]
fn name_validation() {
    let mut w = wizard();
    press(&mut w, KeyCode::Enter);
    press(&mut w, KeyCode::Enter);
    assert!(w.error().is_some_and(|e| e.contains("empty")));
    assert_step(&w, Step::Name);

    type_text(&mut w, "CI-Runner");
    press(&mut w, KeyCode::Enter);
    assert!(w.error().is_some_and(|e| e.contains("already have")));
    assert_step(&w, Step::Name);

    w.name = tui_input::Input::new("x".repeat(256));
    press(&mut w, KeyCode::Enter);
    assert!(w.error().is_some_and(|e| e.contains("255")));

    w.name = tui_input::Input::new("bell\u{7}".into());
    press(&mut w, KeyCode::Enter);
    assert!(w.error().is_some_and(|e| e.contains("control")));

    w.name = tui_input::Input::new("名前".repeat(127));
    press(&mut w, KeyCode::Enter);
    assert_step(&w, Step::Description);
}

#[test]
fn typing_clears_the_error() {
    let mut w = wizard();
    press(&mut w, KeyCode::Enter);
    press(&mut w, KeyCode::Enter);
    assert!(w.error().is_some());
    type_text(&mut w, "a");
    assert!(w.error().is_none());
}

#[test]
fn description_is_optional() {
    let mut w = wizard();
    to_description(&mut w, "deploy-bot");
    assert_step(&w, Step::Description);
    press(&mut w, KeyCode::Enter);
    assert_step(&w, Step::Roles);
}

#[test]
fn roles_need_an_explicit_choice() {
    let mut w = wizard();
    to_description(&mut w, "deploy-bot");
    press(&mut w, KeyCode::Enter);
    press(&mut w, KeyCode::Enter); // nothing chosen
    assert_step(&w, Step::Roles);
    assert!(w.error().is_some_and(|e| e.contains("all my roles")));

    // Space on the first row: all my roles.
    press(&mut w, KeyCode::Char(' '));
    assert!(w.roles.all);
    assert_eq!(w.roles.chosen_ids(&w.input.held_roles), Ok(vec![]));
    assert_eq!(
        w.roles.summary(&w.input.held_roles),
        "all my roles (admin, member, reader)"
    );
    // Marking one role replaces "all".
    press(&mut w, KeyCode::Char('j'));
    press(&mut w, KeyCode::Char('j'));
    press(&mut w, KeyCode::Char(' '));
    assert!(!w.roles.all);
    assert_eq!(w.roles.summary(&w.input.held_roles), "member");
    // And "all" again clears the single ones.
    press(&mut w, KeyCode::Char('k'));
    press(&mut w, KeyCode::Char('k'));
    press(&mut w, KeyCode::Char(' '));
    assert_eq!(w.roles.checked, vec![false, false, false]);
    press(&mut w, KeyCode::Enter);
    assert_step(&w, Step::Expiry);
}

#[test]
fn expiry_presets_typed_and_refused() {
    let mut w = wizard();
    to_expiry(&mut w);
    assert_step(&w, Step::Expiry);
    // 90 days is highlighted first.
    assert_eq!(w.expiry.result(now()), Ok(Some(now() + Duration::days(90))));
    press(&mut w, KeyCode::Down);
    press(&mut w, KeyCode::Down);
    assert_eq!(w.expiry.result(now()), Ok(None)); // never
    press(&mut w, KeyCode::Down); // typed
    type_text(&mut w, "2020-01-01");
    press(&mut w, KeyCode::Enter);
    assert_step(&w, Step::Expiry);
    assert!(w.error().is_some_and(|e| e.contains("not in the future")));
    w.expiry.custom = tui_input::Input::new("soonish".into());
    press(&mut w, KeyCode::Enter);
    assert!(w.error().is_some_and(|e| e.contains("cannot read")));
    // j and k are typed on the typed row, not moves.
    w.expiry.custom = tui_input::Input::default();
    type_text(&mut w, "2031-06-01");
    press(&mut w, KeyCode::Char('k'));
    assert_eq!(w.expiry.custom.value(), "2031-06-01k");
    press(&mut w, KeyCode::Backspace);
    press(&mut w, KeyCode::Enter);
    assert_step(&w, Step::Unrestricted);
}

#[test]
fn unrestricted_is_off_until_toggled() {
    let mut w = wizard();
    to_expiry(&mut w);
    press(&mut w, KeyCode::Enter);
    assert_step(&w, Step::Unrestricted);
    assert!(!w.unrestricted);
    press(&mut w, KeyCode::Char(' '));
    assert!(w.unrestricted);
    press(&mut w, KeyCode::Char(' '));
    assert!(!w.unrestricted);
    press(&mut w, KeyCode::Enter);
    assert_step(&w, Step::AccessRules);
}

#[test]
fn access_rules_add_refuse_and_remove() {
    let mut w = wizard();
    to_rules(&mut w);
    assert_step(&w, Step::AccessRules);
    press(&mut w, KeyCode::Char('a'));
    press(&mut w, KeyCode::Right); // identity
    press(&mut w, KeyCode::Right); // object-store
    press(&mut w, KeyCode::Tab);
    press(&mut w, KeyCode::Right); // HEAD
    press(&mut w, KeyCode::Tab);
    type_text(&mut w, "v1/AUTH_x/**");
    press(&mut w, KeyCode::Enter);
    assert!(
        w.error().is_some_and(|e| e.contains("'/'")),
        "{:?}",
        w.error()
    );
    press(&mut w, KeyCode::Home);
    type_text(&mut w, "/");
    press(&mut w, KeyCode::Enter);
    assert!(w.error().is_none());
    assert_eq!(w.rules.rows.len(), 1);
    assert_eq!(w.rules.rows[0].service, "object-store");
    assert_eq!(w.rules.rows[0].method, "HEAD");
    assert_eq!(w.rules.rows[0].path, "/v1/AUTH_x/**");

    // The same rule again is refused.
    press(&mut w, KeyCode::Char('a'));
    press(&mut w, KeyCode::Right);
    press(&mut w, KeyCode::Right);
    press(&mut w, KeyCode::Enter); // to method
    press(&mut w, KeyCode::Right);
    press(&mut w, KeyCode::Enter); // to path
    type_text(&mut w, "/v1/AUTH_x/**");
    press(&mut w, KeyCode::Enter);
    assert!(w.error().is_some_and(|e| e.contains("already")));
    // Esc closes the form, not the step.
    press(&mut w, KeyCode::Esc);
    assert_step(&w, Step::AccessRules);
    assert!(w.rules.form.is_none());

    press(&mut w, KeyCode::Char('a'));
    press(&mut w, KeyCode::BackTab);
    type_text(&mut w, "/v2.1/servers");
    press(&mut w, KeyCode::Enter);
    assert_eq!(w.rules.rows.len(), 2);
    press(&mut w, KeyCode::Char('d'));
    assert_eq!(w.rules.rows.len(), 1);
    assert_eq!(w.rules.rows[0].service, "object-store");
    press(&mut w, KeyCode::Enter);
    assert_step(&w, Step::Secret);
}

#[test]
fn no_catalog_means_no_rules_to_add() {
    let mut w = wizard();
    w.input.service_types.clear();
    to_rules(&mut w);
    press(&mut w, KeyCode::Char('a'));
    assert!(w.rules.form.is_none());
    assert!(w.error().is_some_and(|e| e.contains("catalog")));
}

#[test]
fn typed_secret_twice_masked() {
    let mut w = wizard();
    to_secret(&mut w);
    assert_step(&w, Step::Secret);
    press(&mut w, KeyCode::Down);
    press(&mut w, KeyCode::Enter);
    type_text(&mut w, "correct horse");
    press(&mut w, KeyCode::Enter);
    type_text(&mut w, "correct h0rse");
    press(&mut w, KeyCode::Enter);
    assert!(w.error().is_some_and(|e| e.contains("differ")));
    assert!(!format!("{w:?}").contains("horse"));
    for _ in 0..4 {
        press(&mut w, KeyCode::Backspace);
    }
    type_text(&mut w, "orse");
    press(&mut w, KeyCode::Enter);
    assert_step(&w, Step::Review);
    let Outcome::Submit(request) = press(&mut w, KeyCode::Enter) else {
        panic!("expected a submit")
    };
    assert_eq!(
        request.secret.as_ref().map(Secret::expose),
        Some("correct horse")
    );
}

#[test]
fn empty_typed_secret_is_refused() {
    let mut w = wizard();
    to_secret(&mut w);
    press(&mut w, KeyCode::Char('j'));
    press(&mut w, KeyCode::Enter);
    press(&mut w, KeyCode::Enter);
    press(&mut w, KeyCode::Enter);
    assert_step(&w, Step::Secret);
    assert!(w.error().is_some());
    // Esc from the fields returns to the choice, then to the previous step.
    press(&mut w, KeyCode::Esc);
    press(&mut w, KeyCode::Char('k'));
    press(&mut w, KeyCode::Esc);
    assert_step(&w, Step::AccessRules);
}

/// Issue 11, defect 11: choosing `member` gives `member, reader` (Keystone
/// adds what a role implies); the review says so instead of "member".
#[test]
fn the_review_names_the_roles_keystone_adds() {
    let mut w = wizard();
    to_expiry(&mut w); // member only
    assert_eq!(w.roles.implied_extras(&w.input.held_roles), ["reader"]);
    let mut all = wizard();
    all.roles.all = true;
    assert!(all.roles.implied_extras(&all.input.held_roles).is_empty());
    // admin implies member, which implies reader.
    let mut top = wizard();
    top.roles.checked = vec![true, false, false];
    assert_eq!(
        top.roles.implied_extras(&top.input.held_roles),
        ["member", "reader"]
    );
}
