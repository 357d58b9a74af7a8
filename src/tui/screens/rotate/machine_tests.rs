//! The rotation machine walked with `update` alone: every path from the
//! confirmation to the old credential's end, asserted on the phase and
//! on what each step sends and says. No model, no terminal, no network.

use std::path::PathBuf;

use crossterm::event::KeyCode;

use super::*;
use crate::keystone::{CreatedCredential, VerifyReport};
use crate::secret::Secret;
use crate::tui::context::Context;
use crate::tui::msg::ErrorReport;
use crate::tui::screens::reveal::{ExportInfo, RevealState};
use crate::tui::testing::*;

const OLD_ID: &str = "a1000000000000000000000000000001";
const NEW_ID: &str = "id-ci-pipeline-20261125";

fn ctx() -> Context {
    context_with(crate::expiry::local_text)
}

/// `ci-pipeline` planned for rotation, on its confirmation.
fn confirming() -> Rotation {
    let old = credentials().remove(0);
    Rotation::new(plan(&old, &held_roles(), &[], now()).expect("a plan"))
}

fn step(rotation: &mut Rotation, event: Event) -> Reaction {
    update(rotation, event, &ctx())
}

fn press(rotation: &mut Rotation, code: KeyCode) -> Reaction {
    step(rotation, Event::Key(key(code)))
}

fn the_reveal(secret: &str) -> Box<RevealState> {
    let created = CreatedCredential {
        credential: credential("ci-pipeline-20261125", Some(30)),
        secret: Secret::new(secret),
    };
    Box::new(RevealState::new(created, ExportInfo::default()))
}

fn progress(rotation: &Rotation) -> Option<Progress> {
    rotation.progress().cloned()
}

fn verified(works: bool) -> Result<VerifyReport, ErrorReport> {
    Ok(VerifyReport {
        works,
        reason: (!works).then(|| "401 Unauthorized".to_string()),
        token: None,
    })
}

fn found() -> Consumers {
    Consumers {
        file: Some(PathBuf::from("/home/ada/.config/openstack/clouds.yaml")),
        entries: vec![cloud_entry("ci")],
        files: Vec::new(),
        stores: Vec::new(),
    }
}

/// Confirmed, created and shown: the verification is on its way.
fn revealed() -> Rotation {
    let mut rotation = confirming();
    let reaction = press(&mut rotation, KeyCode::Enter);
    assert!(
        matches!(reaction.send.as_slice(), [Request::Create(r)] if r.name == "ci-pipeline-20261125")
    );
    assert!(matches!(rotation.phase, Phase::Creating(_)));
    let reaction = step(
        &mut rotation,
        Event::Created(the_reveal("fake-rotated-secret")),
    );
    let [Request::Verify { id, secret }] = reaction.send.as_slice() else {
        panic!("a rotation verifies on its own");
    };
    assert_eq!(
        (id.as_str(), secret.expose()),
        (NEW_ID, "fake-rotated-secret")
    );
    assert_eq!(progress(&rotation), Some(Progress::Verifying));
    rotation
}

/// Revealed, verified, and `found` asked about.
fn asked() -> Rotation {
    let mut rotation = revealed();
    let reaction = step(&mut rotation, Event::Verified(&verified(true)));
    assert!(
        matches!(reaction.send.as_slice(), [Request::FindConsumers { old_id, .. }] if old_id == OLD_ID)
    );
    assert_eq!(progress(&rotation), Some(Progress::LookingForConsumers));
    step(&mut rotation, Event::ConsumersFound(Ok(found())));
    assert_eq!(progress(&rotation), Some(Progress::Asking(found())));
    assert_eq!(
        rotation.key_context(),
        crate::keys::KeyContext::UpdateClouds
    );
    rotation
}

/// Esc on the reveal screen asks; `y` leaves it (and drops the secret).
fn leave_reveal(rotation: &mut Rotation) {
    press(rotation, KeyCode::Esc);
    press(rotation, KeyCode::Char('y'));
    assert!(
        rotation.reveal().is_none(),
        "the secret went with the screen"
    );
    assert!(rotation.over_the_list());
}

#[test]
fn the_happy_path_updates_the_consumers_and_deletes_the_old_one() {
    let mut rotation = asked();
    let reaction = press(&mut rotation, KeyCode::Char('y'));
    let [
        Request::UpdateConsumers {
            entries,
            old_id,
            new_id,
            secret,
            ..
        },
    ] = reaction.send.as_slice()
    else {
        panic!("no update");
    };
    assert_eq!(entries, &found().entries);
    assert_eq!((old_id.as_str(), new_id.as_str()), (OLD_ID, NEW_ID));
    assert_eq!(secret.expose(), "fake-rotated-secret");
    assert_eq!(progress(&rotation), Some(Progress::Updating));
    let lines = vec!["✓ ci authenticates with the new credential.".to_string()];
    let reaction = step(&mut rotation, Event::ConsumersUpdated(Ok((lines, true))));
    assert!(
        reaction
            .info
            .is_some_and(|i| i.lines[0].contains("authenticates"))
    );
    assert_eq!(progress(&rotation), Some(Progress::Works));

    leave_reveal(&mut rotation);
    assert!(matches!(rotation.phase, Phase::Retire(Progress::Works)));
    let reaction = press(&mut rotation, KeyCode::Char('d'));
    assert!(matches!(reaction.send.as_slice(), [Request::DeleteOld { id }] if id == OLD_ID));
    assert!(matches!(rotation.phase, Phase::Retiring(_)));
    // Keys wait for the answer; another credential's deletion is not it.
    assert!(press(&mut rotation, KeyCode::Char('k')).send.is_empty());
    assert!(
        !step(
            &mut rotation,
            Event::Deleted {
                id: "other",
                ok: true
            }
        )
        .end
    );
    let reaction = step(
        &mut rotation,
        Event::Deleted {
            id: OLD_ID,
            ok: true,
        },
    );
    assert!(reaction.end);
    assert_eq!(
        reaction.notice.as_deref(),
        Some("rotated: deleted ci-pipeline; ci-pipeline-20261125 replaces it")
    );
}

#[test]
fn a_successor_that_fails_verification_keeps_the_old_one() {
    let mut rotation = revealed();
    let reaction = step(&mut rotation, Event::Verified(&verified(false)));
    assert!(
        reaction.send.is_empty(),
        "a failing credential is written nowhere"
    );
    assert_eq!(
        progress(&rotation),
        Some(Progress::Fails("401 Unauthorized".to_string()))
    );
    leave_reveal(&mut rotation);
    assert!(press(&mut rotation, KeyCode::Char('d')).send.is_empty());
    assert!(matches!(rotation.phase, Phase::Retire(_)));
    // An error instead of an answer fails it too.
    let mut rotation = revealed();
    let error = Err(ErrorReport::new("Verifying failed", "connection refused"));
    step(&mut rotation, Event::Verified(&error));
    assert_eq!(
        progress(&rotation),
        Some(Progress::Fails("connection refused".to_string()))
    );
}

#[test]
fn a_broken_consumer_update_keeps_the_old_one() {
    let mut rotation = asked();
    press(&mut rotation, KeyCode::Enter);
    let lines = vec!["✗ ci does not authenticate after the update: refused".to_string()];
    step(&mut rotation, Event::ConsumersUpdated(Ok((lines, false))));
    assert_eq!(progress(&rotation), Some(Progress::ConsumersBroken));
    leave_reveal(&mut rotation);
    assert!(press(&mut rotation, KeyCode::Char('d')).send.is_empty());
    // A failed write (no report lines) is broken too, and said in a popup.
    let mut rotation = asked();
    press(&mut rotation, KeyCode::Enter);
    let failed = Err(ErrorReport::new("Updating clouds.yaml failed", "read-only"));
    let reaction = step(&mut rotation, Event::ConsumersUpdated(failed));
    assert!(reaction.error.is_some());
    assert_eq!(progress(&rotation), Some(Progress::ConsumersBroken));
}

#[test]
fn declining_the_update_and_the_retire_keeps_both() {
    let mut rotation = asked();
    let reaction = press(&mut rotation, KeyCode::Char('n'));
    assert!(reaction.send.is_empty());
    assert!(
        reaction
            .notice
            .is_some_and(|n| n.contains("still uses the old credential in cloud(s) ci"))
    );
    assert_eq!(progress(&rotation), Some(Progress::Works));
    leave_reveal(&mut rotation);
    let reaction = press(&mut rotation, KeyCode::Char('k'));
    assert!(reaction.end && reaction.send.is_empty());
    assert!(
        reaction
            .notice
            .is_some_and(|n| n.starts_with("kept ci-pipeline beside ci-pipeline-20261125"))
    );
}

#[test]
fn esc_at_the_confirmation_sends_nothing() {
    let mut rotation = confirming();
    let reaction = press(&mut rotation, KeyCode::Esc);
    assert!(reaction.end && reaction.send.is_empty());
}

#[test]
fn a_create_error_returns_to_the_confirmation_saying_why() {
    let mut rotation = confirming();
    press(&mut rotation, KeyCode::Enter);
    let report = ErrorReport::new("Creating failed", "Keystone answered 500")
        .with_hint(Some("try again".to_string()));
    let reaction = step(&mut rotation, Event::CreateFailed(report));
    assert_eq!(
        reaction.status_error.as_deref(),
        Some("Creating failed: Keystone answered 500")
    );
    let Phase::Confirm(confirm) = &rotation.phase else {
        panic!("back on the confirmation");
    };
    assert_eq!(
        confirm.error.as_deref(),
        Some("Keystone answered 500 — try again")
    );
    // It can be tried again.
    assert_eq!(press(&mut rotation, KeyCode::Enter).send.len(), 1);
}

#[test]
fn consumers_found_after_the_reveal_was_left_are_named_not_asked() {
    let mut rotation = revealed();
    leave_reveal(&mut rotation);
    // The verification answers after the reveal screen was left.
    step(&mut rotation, Event::Verified(&verified(true)));
    let reaction = step(&mut rotation, Event::ConsumersFound(Ok(found())));
    assert!(
        reaction
            .notice
            .is_some_and(|n| n.contains("still uses the old credential"))
    );
    assert!(matches!(rotation.phase, Phase::Retire(Progress::Works)));
    assert_eq!(rotation.key_context(), crate::keys::KeyContext::Retire);
}

#[test]
fn nothing_found_asks_nothing_and_reveal_keys_go_to_the_reveal_host() {
    let mut rotation = revealed();
    step(&mut rotation, Event::Verified(&verified(true)));
    step(
        &mut rotation,
        Event::ConsumersFound(Ok(Consumers::default())),
    );
    assert_eq!(progress(&rotation), Some(Progress::Works));
    assert_eq!(rotation.key_context(), crate::keys::KeyContext::Reveal);
    let reaction = press(&mut rotation, KeyCode::Char('t'));
    assert!(matches!(
        reaction.reveal,
        Some(crate::tui::screens::reveal::Outcome::Verify)
    ));
}

/// Issue 25: a store recorded for the old credential is something to
/// update even with no file or entry, and the update carries the whole
/// successor (a store keeps its name, project and expiry too).
#[test]
fn a_recorded_store_alone_is_asked_about_and_gets_the_successor() {
    let mut rotation = revealed();
    step(&mut rotation, Event::Verified(&verified(true)));
    let stores_only = Consumers {
        stores: vec!["vault:secret/openstack/ci".to_string()],
        ..Consumers::default()
    };
    step(
        &mut rotation,
        Event::ConsumersFound(Ok(stores_only.clone())),
    );
    assert_eq!(progress(&rotation), Some(Progress::Asking(stores_only)));
    let reaction = press(&mut rotation, KeyCode::Char('y'));
    let [Request::UpdateConsumers { successor, .. }] = reaction.send.as_slice() else {
        panic!("no update");
    };
    assert_eq!(successor.id, NEW_ID);
    assert_eq!(successor.name, "ci-pipeline-20261125");
}
