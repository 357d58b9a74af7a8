//! `R` rotate and `t` verify from the list: plan, confirm, create, reveal
//! with automatic verification, then delete or keep the old one.

use super::*;
use crate::keystone::VerifyReport;
use crate::tui::screens::rotate::{Confirm, Phase, Progress, Rotation};

/// The rotation under way, if the screen is one.
pub(super) fn rotation(model: &Model) -> Option<&Rotation> {
    match &model.screen {
        Screen::Rotate(rotation) => Some(rotation),
        _ => None,
    }
}

pub(super) fn progress(model: &Model) -> Option<Progress> {
    rotation(model).and_then(Rotation::progress).cloned()
}

/// The retire question is open (over the list).
pub(super) fn asking_retire(model: &Model) -> bool {
    rotation(model).is_some_and(|r| matches!(r.phase, Phase::Retire(_)))
}

fn confirmation(model: &Model) -> &Confirm {
    rotation(model)
        .and_then(Rotation::confirm)
        .expect("no rotation screen")
}

/// Selects `ci-pipeline` (member, reader; in 12 days).
fn on_ci(model: &mut Model) {
    press(model, KeyCode::Char('g'));
    press(model, KeyCode::Down);
    assert_eq!(selected_name(model), "ci-pipeline");
}

fn created(name: &str) -> CreatedCredential {
    CreatedCredential {
        credential: credential(name, Some(30)),
        secret: Secret::new("fake-rotated-secret"),
    }
}

pub(super) fn works() -> Reply {
    Reply::Verified(Ok(VerifyReport {
        works: true,
        reason: None,
        token: None,
    }))
}

/// Through the confirmation to the reveal screen; returns the verify effect.
pub(super) fn rotate_to_reveal(model: &mut Model) -> Vec<Effect> {
    on_ci(model);
    let effects = update(model, Msg::Key(char_key('R')));
    assert!(effects.is_empty(), "nothing is sent before confirming");
    let state = confirmation(model);
    assert_eq!(state.plan.request.name, "ci-pipeline-20261125");
    assert_eq!(
        state.plan.request.description.as_deref(),
        Some("GitLab runners deploy with this")
    );
    assert_eq!(state.plan.request.role_ids, ["r-member", "r-reader"]);
    let effects = press(model, KeyCode::Enter);
    assert_eq!(names(&effects), ["create"]);
    let Some(Effect::Create { request, .. }) = effects.first() else {
        panic!("no create");
    };
    assert!(request.secret.is_none());
    let tag = tag_of(&effects, "create");
    let effects = reply(
        model,
        tag,
        Reply::Created(Ok(created("ci-pipeline-20261125"))),
    );
    assert!(rotation(model).is_some_and(|r| r.reveal().is_some()));
    assert_eq!(
        names(&effects),
        ["verify"],
        "a rotation verifies on its own"
    );
    effects
}

pub(super) fn leave_reveal(model: &mut Model) {
    press(model, KeyCode::Esc);
    press(model, KeyCode::Char('y'));
    assert!(rotation(model).is_some_and(Rotation::over_the_list));
}

#[test]
fn rotate_creates_verifies_and_deletes_the_old_one_when_asked() {
    let mut model = logged_in(80, 24);
    let effects = rotate_to_reveal(&mut model);
    reply(&mut model, tag_of(&effects, "verify"), works());
    assert!(progress(&model).is_some_and(|p| p.verified()));
    // The list now shows the pair as rotating.
    assert!(
        model
            .table
            .rotating
            .contains("a1000000000000000000000000000001")
    );
    leave_reveal(&mut model);
    assert!(asking_retire(&model));
    let effects = press(&mut model, KeyCode::Char('d'));
    assert_eq!(names(&effects), ["delete"]);
    let Some(Effect::Delete { id, .. }) = effects.first() else {
        panic!("no delete");
    };
    assert_eq!(id, "a1000000000000000000000000000001");
    let tag = tag_of(&effects, "delete");
    let id = id.clone();
    reply(&mut model, tag, Reply::Deleted { id, result: Ok(()) });
    assert!(model.overlays.is_empty());
    assert!(matches!(model.screen, Screen::Main));
    assert!(!visible_names(&model).contains(&"ci-pipeline".to_string()));
    assert!(
        model
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("rotated"))
    );
}

#[test]
fn keeping_the_old_one_leaves_both_marked_rotating() {
    let mut model = logged_in(80, 24);
    let effects = rotate_to_reveal(&mut model);
    reply(&mut model, tag_of(&effects, "verify"), works());
    leave_reveal(&mut model);
    let effects = press(&mut model, KeyCode::Char('k'));
    assert!(effects.is_empty());
    assert!(model.overlays.is_empty());
    assert!(matches!(model.screen, Screen::Main));
    assert_eq!(model.table.rotating.len(), 2);
}

#[test]
fn the_old_one_cannot_be_deleted_before_the_new_one_works() {
    let mut model = logged_in(80, 24);
    let effects = rotate_to_reveal(&mut model);
    // Left before the answer: `d` does nothing yet.
    leave_reveal(&mut model);
    assert!(press(&mut model, KeyCode::Char('d')).is_empty());
    let failed = Reply::Verified(Ok(VerifyReport {
        works: false,
        reason: Some("401 Unauthorized".to_string()),
        token: None,
    }));
    reply(&mut model, tag_of(&effects, "verify"), failed);
    assert!(matches!(progress(&model), Some(Progress::Fails(_))));
    assert!(press(&mut model, KeyCode::Char('d')).is_empty());
}

#[test]
fn dropped_roles_need_an_explicit_yes() {
    let mut model = logged_in(80, 24);
    // The user no longer holds reader.
    model.roles.retain(|r| r.name == "member");
    on_ci(&mut model);
    update(&mut model, Msg::Key(char_key('R')));
    assert!(press(&mut model, KeyCode::Enter).is_empty());
    let state = confirmation(&model);
    assert!(state.error.as_deref().is_some_and(|e| e.contains("reader")));
    assert_eq!(state.plan.request.role_ids, ["r-member"]);
    let effects = press(&mut model, KeyCode::Char('y'));
    assert_eq!(names(&effects), ["create"]);
}

#[test]
fn no_role_left_or_another_project_explains_instead() {
    let mut model = logged_in(80, 24);
    model.roles.clear();
    on_ci(&mut model);
    update(&mut model, Msg::Key(char_key('R')));
    assert!(matches!(model.screen, Screen::Main));
    assert!(matches!(model.overlays.last(), Some(Overlay::Error(_))));

    let mut model = logged_in(80, 24);
    let mut items = credentials();
    items[0].project_id = Some("p0000000000000000000000000000002".to_string());
    model.table.set_items(items);
    on_ci(&mut model);
    update(&mut model, Msg::Key(char_key('R')));
    let Some(Overlay::Error(report)) = model.overlays.last() else {
        panic!("no explanation");
    };
    assert!(
        report
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("scope pane"))
    );
}

#[test]
fn esc_cancels_and_a_failed_create_stays_on_the_confirmation() {
    let mut model = logged_in(80, 24);
    on_ci(&mut model);
    update(&mut model, Msg::Key(char_key('R')));
    press(&mut model, KeyCode::Esc);
    assert!(matches!(model.screen, Screen::Main));

    update(&mut model, Msg::Key(char_key('R')));
    let effects = press(&mut model, KeyCode::Enter);
    let tag = tag_of(&effects, "create");
    reply(
        &mut model,
        tag,
        Reply::Created(Err(error("Creating failed"))),
    );
    assert!(
        rotation(&model).is_some_and(|r| matches!(r.phase, Phase::Confirm(_))),
        "the confirmation stays, no longer submitting"
    );
    assert!(
        confirmation(&model)
            .error
            .as_deref()
            .is_some_and(|e| e.contains("try again"))
    );
}

#[test]
fn t_in_the_list_explains_that_verifying_needs_the_secret() {
    let mut model = logged_in(80, 24);
    let effects = press(&mut model, KeyCode::Char('t'));
    assert!(effects.is_empty());
    let Some(Overlay::Info(info)) = model.overlays.last() else {
        panic!("no explanation");
    };
    assert!(info.lines.iter().any(|l| l.contains("--secret-stdin")));
    press(&mut model, KeyCode::Esc);
    assert!(model.overlays.is_empty());
}
