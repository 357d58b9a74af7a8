//! A rotation's clouds.yaml step: looked for once the new credential
//! works, asked about, then updated with the secret from the reveal
//! screen (or left, with a notice), and the result shown.

use std::path::PathBuf;

use super::rotation::{asking_retire, leave_reveal, progress, rotate_to_reveal, works};
use super::*;
use crate::export::EntryRef;
use crate::tui::screens::rotate::{Consumers, Progress};

fn asking_update(model: &Model) -> bool {
    matches!(progress(model), Some(Progress::Asking(_)))
}

/// Rotated, verified, and the entries found: the question is open.
fn asked(model: &mut Model) {
    asked_with(
        model,
        vec![cloud_entry("ci"), cloud_entry("ci-backup")],
        Vec::new(),
    );
}

fn asked_with(model: &mut Model, entries: Vec<EntryRef>, files: Vec<PathBuf>) {
    let effects = rotate_to_reveal(model);
    let effects = reply(model, tag_of(&effects, "verify"), works());
    assert_eq!(names(&effects), ["find-cloud-entries"]);
    let Some(Effect::FindCloudEntries { old_id, .. }) = effects.first() else {
        panic!("no find");
    };
    assert_eq!(old_id, "a1000000000000000000000000000001");
    let file = PathBuf::from("/home/ada/.config/openstack/clouds.yaml");
    let found = Ok(Consumers {
        file: Some(file),
        entries,
        files,
        stores: Vec::new(),
    });
    reply(
        model,
        tag_of(&effects, "find-cloud-entries"),
        Reply::CloudEntries(found),
    );
    assert!(asking_update(model));
}

#[test]
fn yes_updates_the_entries_with_the_new_secret_and_shows_the_result() {
    let mut model = logged_in(80, 24);
    asked(&mut model);
    let terminal = crate::tui::testing::draw(&model);
    // The next step reads whole, wrapped (it was cut at `(E`).
    let screen = terminal.backend().to_string();
    let flat: Vec<&str> = screen
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '"' || c == '│' || c == ' '))
        .collect();
    assert!(
        flat.join(" ")
            .contains("leave this screen (Esc) to delete or keep the old one"),
        "{screen}"
    );
    insta::assert_snapshot!("rotation_update_clouds_80x24", terminal.backend());
    let effects = press(&mut model, KeyCode::Char('y'));
    assert_eq!(names(&effects), ["update-cloud-entries"]);
    let Some(Effect::UpdateCloudEntries {
        entries,
        new_id,
        secret,
        ..
    }) = effects.first()
    else {
        panic!("no update");
    };
    assert_eq!(entries.len(), 2);
    assert_eq!(new_id, "id-ci-pipeline-20261125");
    assert_eq!(secret.expose(), "fake-rotated-secret");
    assert!(!asking_update(&model));
    let lines = vec!["✓ ci authenticates with the new credential.".to_string()];
    reply(
        &mut model,
        tag_of(&effects, "update-cloud-entries"),
        Reply::CloudsUpdated(Ok((lines, true))),
    );
    assert!(matches!(model.overlays.last(), Some(Overlay::Info(_))));
    assert_eq!(progress(&model), Some(Progress::Works));
}

#[test]
fn no_leaves_them_and_says_so() {
    let mut model = logged_in(80, 24);
    asked(&mut model);
    let effects = press(&mut model, KeyCode::Esc);
    assert!(effects.is_empty());
    assert!(!asking_update(&model));
    assert!(
        model
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("still uses the old credential in cloud(s) ci, ci-backup"))
    );
}

#[test]
fn no_entries_or_a_failing_credential_ask_nothing() {
    let mut model = logged_in(80, 24);
    let effects = rotate_to_reveal(&mut model);
    let effects = reply(&mut model, tag_of(&effects, "verify"), works());
    reply(
        &mut model,
        tag_of(&effects, "find-cloud-entries"),
        Reply::CloudEntries(Ok(Consumers::default())),
    );
    assert!(!asking_update(&model));
    assert!(model.overlays.is_empty());

    let mut model = logged_in(80, 24);
    let effects = rotate_to_reveal(&mut model);
    let fails = Reply::Verified(Ok(crate::keystone::VerifyReport {
        works: false,
        reason: Some("401".to_string()),
        token: None,
    }));
    let effects = reply(&mut model, tag_of(&effects, "verify"), fails);
    assert!(
        effects.is_empty(),
        "a credential that fails is not written anywhere"
    );
}

#[test]
fn an_updated_entry_that_fails_keeps_the_old_credential() {
    let mut model = logged_in(80, 24);
    asked(&mut model);
    let effects = press(&mut model, KeyCode::Char('y'));
    let lines = vec!["✗ ci does not authenticate after the update: refused".to_string()];
    reply(
        &mut model,
        tag_of(&effects, "update-cloud-entries"),
        Reply::CloudsUpdated(Ok((lines, false))),
    );
    assert_eq!(progress(&model), Some(Progress::ConsumersBroken));
    press(&mut model, KeyCode::Esc); // the result popup
    leave_reveal(&mut model);
    assert!(asking_retire(&model));
    // `d` is refused: the old credential is what the broken entry still needs.
    assert!(press(&mut model, KeyCode::Char('d')).is_empty());
    assert!(asking_retire(&model), "not retiring");
}

fn consumer_files() -> Vec<PathBuf> {
    [
        "/home/ada/creds/ci.openrc",
        "/home/ada/.config/openstack/cloud.conf",
    ]
    .map(PathBuf::from)
    .to_vec()
}

#[test]
fn the_finder_looks_in_export_dir_too() {
    let mut model = logged_in(80, 24);
    model.ctx.settings.export_dir = Some(PathBuf::from("/home/ada/creds"));
    let effects = rotate_to_reveal(&mut model);
    let effects = reply(&mut model, tag_of(&effects, "verify"), works());
    let Some(Effect::FindCloudEntries { export_dir, .. }) = effects.first() else {
        panic!("no find");
    };
    assert_eq!(
        export_dir.as_deref(),
        Some(std::path::Path::new("/home/ada/creds"))
    );
}

#[test]
fn found_consumer_files_are_listed_and_rewritten_with_the_entries() {
    let mut model = logged_in(80, 24);
    asked_with(&mut model, vec![cloud_entry("ci")], consumer_files());
    insta::assert_snapshot!(
        "rotation_update_files_80x24",
        crate::tui::testing::draw(&model).backend()
    );
    let effects = press(&mut model, KeyCode::Enter);
    assert_eq!(names(&effects), ["update-cloud-entries"]);
    let Some(Effect::UpdateCloudEntries {
        entries,
        files,
        old_id,
        new_id,
        secret,
        ..
    }) = effects.first()
    else {
        panic!("no update");
    };
    assert_eq!(entries.len(), 1);
    assert_eq!(files, &consumer_files());
    assert_eq!(old_id, "a1000000000000000000000000000001");
    assert_eq!(new_id, "id-ci-pipeline-20261125");
    assert_eq!(secret.expose(), "fake-rotated-secret");
    let lines = vec![
        "✓ ci authenticates with the new credential.".to_string(),
        "✗ Could not update /home/ada/creds/ci.openrc: left as it was: twice".to_string(),
    ];
    reply(
        &mut model,
        tag_of(&effects, "update-cloud-entries"),
        Reply::CloudsUpdated(Ok((lines, false))),
    );
    let Some(Overlay::Info(info)) = model.overlays.last() else {
        panic!("no report");
    };
    assert!(info.lines.iter().any(|l| l.contains("ci.openrc")));
    // A file left on the old credential keeps the old one alive.
    assert_eq!(progress(&model), Some(Progress::ConsumersBroken));
}

#[test]
fn files_alone_are_asked_about_and_declining_names_them() {
    let mut model = logged_in(80, 24);
    asked_with(&mut model, Vec::new(), consumer_files());
    let effects = press(&mut model, KeyCode::Char('n'));
    assert!(effects.is_empty());
    let notice = model.notice.clone().unwrap_or_default();
    assert!(notice.contains("/home/ada/creds/ci.openrc still uses the old credential"));
    assert!(!notice.contains("cloud(s)"), "{notice}");
}
