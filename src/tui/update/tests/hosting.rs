//! Hosting the wizard and the reveal screen.

use super::*;

#[test]
fn n_opens_the_wizard_on_a_project_and_esc_leaves_it() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char('n'));
    assert!(matches!(model.screen, Screen::Wizard(_)));
    // Esc on the first step leaves.
    let effects = press(&mut model, KeyCode::Esc);
    assert!(effects.is_empty());
    assert!(matches!(model.screen, Screen::Main));
}

#[test]
fn n_on_a_domain_scope_explains_instead() {
    let mut model = logged_in(80, 24);
    if let Some(s) = model.session.as_mut() {
        s.token.scope = crate::keystone::Scope::Domain {
            id: "default".to_string(),
            name: "Default".to_string(),
        };
    }
    press(&mut model, KeyCode::Char('n'));
    assert!(matches!(model.screen, Screen::Main));
    assert!(matches!(model.overlays.last(), Some(Overlay::Error(_))));
}

#[test]
fn a_created_credential_opens_the_reveal_screen_and_leaving_drops_it() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char('n'));
    let tag = model.requests.start("create new-one");
    let created = CreatedCredential {
        credential: credential("new-one", Some(30)),
        secret: Secret::new("fake-secret-0123456789"),
    };
    reply(&mut model, tag, Reply::Created(Ok(created)));
    let Screen::Reveal(state) = &model.screen else {
        panic!("no reveal screen");
    };
    assert_eq!(
        state.secret().map(Secret::expose),
        Some("fake-secret-0123456789")
    );
    assert!(visible_names(&model).contains(&"new-one".to_string()));

    // y copies the secret through an effect.
    let effects = press(&mut model, KeyCode::Char('y'));
    assert_eq!(names(&effects), ["copy-to-clipboard"]);
    reply(
        &mut model,
        tag_of(&effects, "copy-to-clipboard"),
        Reply::Copied {
            what: crate::tui::msg::CopyWhat::Secret,
            result: Ok("the terminal's clipboard (OSC 52)".to_string()),
        },
    );

    // Leaving asks first, then drops the state (and the secret).
    press(&mut model, KeyCode::Esc);
    assert!(matches!(&model.screen, Screen::Reveal(s) if s.is_confirming_leave()));
    press(&mut model, KeyCode::Char('y'));
    assert!(matches!(model.screen, Screen::Main));
}

#[test]
fn a_failed_create_goes_back_to_the_wizard_review() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char('n'));
    let tag = model.requests.start("create x");
    reply(
        &mut model,
        tag,
        Reply::Created(Err(error("Creating the credential failed"))),
    );
    let Screen::Wizard(state) = &model.screen else {
        panic!("the wizard stays open");
    };
    assert!(state.error().is_some_and(|e| e.contains("try again")));
    assert!(model.overlays.is_empty());
}

#[test]
fn a_created_credential_is_never_dropped_as_stale() {
    let mut model = logged_in(80, 24);
    let tag = model.requests.start("create kept");
    model.requests.start_generation("switch scope");
    let created = CreatedCredential {
        credential: credential("kept", None),
        secret: Secret::new("fake"),
    };
    reply(&mut model, tag, Reply::Created(Ok(created)));
    assert!(matches!(model.screen, Screen::Reveal(_)));
}

/// Issue 11, defect 1: the wizard opened before the roles reply says the
/// roles are loading, fills them in when they come, and says "could not be
/// listed" only after a real failure, with the reason and `r` to retry.
#[test]
fn the_roles_step_waits_for_the_roles_and_retries_after_a_failure() {
    let screen = |model: &Model| draw(model).backend().to_string();
    let mut model = logged_in(80, 24);
    model.roles.clear();
    let effects = session::load_roles(&mut model);
    let first = tag_of(&effects, "load-roles");
    press(&mut model, KeyCode::Char('n'));
    press(&mut model, KeyCode::Enter); // no preset
    type_keys(&mut model, "early-bird");
    press(&mut model, KeyCode::Enter);
    press(&mut model, KeyCode::Enter); // no description: the roles step
    let text = screen(&model);
    assert!(text.contains("loading the roles"), "{text}");
    assert!(!text.contains("could not be listed"), "{text}");

    reply(&mut model, first, Reply::Roles(Ok(held_roles())));
    let text = screen(&model);
    assert!(!text.contains("loading the roles"), "{text}");
    for role in held_roles() {
        assert!(text.contains(&role.name), "{} missing:\n{text}", role.name);
    }

    // A failure says why and offers r, which asks again.
    let mut model = logged_in(80, 24);
    model.roles.clear();
    let effects = session::load_roles(&mut model);
    let first = tag_of(&effects, "load-roles");
    press(&mut model, KeyCode::Char('n'));
    press(&mut model, KeyCode::Enter);
    type_keys(&mut model, "early-bird");
    press(&mut model, KeyCode::Enter);
    press(&mut model, KeyCode::Enter);
    reply(
        &mut model,
        first,
        Reply::Roles(Err(error("Listing roles failed"))),
    );
    let text = screen(&model);
    assert!(text.contains("could not be listed"), "{text}");
    assert!(text.contains("Keystone answered 500"), "{text}");
    assert!(model.overlays.is_empty(), "no popup over the wizard");
    let effects = press(&mut model, KeyCode::Char('r'));
    let again = tag_of(&effects, "load-roles");
    assert!(screen(&model).contains("loading the roles"));
    reply(&mut model, again, Reply::Roles(Ok(held_roles())));
    let Screen::Wizard(wizard) = &model.screen else {
        panic!("the wizard closed");
    };
    assert_eq!(
        wizard.roles_status(),
        &crate::tui::screens::wizard::RolesStatus::Loaded
    );
}

/// Issue 17, defect 4 (the TUI part): q or Ctrl-C while a create request is
/// in flight does not quit; the answer opens the secret screen, which says
/// why, and only leaving it (which asks first) ends the program.
#[test]
fn quitting_during_a_create_waits_for_the_secret() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char('n'));
    let tag = model.requests.start("create late-night");
    for quit in [Msg::Key(ctrl('c')), Msg::Key(char_key('q'))] {
        let effects = update(&mut model, quit);
        assert!(effects.is_empty(), "{:?}", names(&effects));
        assert!(!model.quitting);
    }
    assert!(
        model
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("Waiting for Keystone")),
        "{:?}",
        model.notice
    );
    let created = CreatedCredential {
        credential: credential("late-night", Some(30)),
        secret: Secret::new("fake-secret-0123456789"),
    };
    reply(&mut model, tag, Reply::Created(Ok(created)));
    assert!(matches!(model.screen, Screen::Reveal(_)));
    assert!(!model.quitting, "the secret is shown, not lost");
    let text = draw(&model).backend().to_string();
    assert!(text.contains("You asked to quit"), "{text}");
    // A failed create leaves nothing behind: the quit asked for happens.
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char('n'));
    let tag = model.requests.start("create late-night");
    update(&mut model, Msg::Key(ctrl('c')));
    let effects = reply(
        &mut model,
        tag,
        Reply::Created(Err(error("Creating failed"))),
    );
    assert!(model.quitting);
    assert_eq!(names(&effects), ["quit"]);
}

/// Issue 17, defect 4 (TUI): a signal (or the terminal gone) while a
/// create is in flight waits for the answer, deletes the new credential
/// (its secret can no longer be shown) and says so once the terminal is
/// back; a failed deletion names the id to delete by hand.
#[test]
fn a_signal_during_a_create_deletes_the_new_credential_before_ending() {
    for delete_fails in [false, true] {
        let mut model = logged_in(80, 24);
        press(&mut model, KeyCode::Char('n'));
        let tag = model.requests.start("create late-night");
        let effects = update(&mut model, Msg::Quit);
        assert!(effects.is_empty(), "{:?}", names(&effects));
        assert!(!model.quitting, "the answer to the create is awaited");
        let mut made = credential("late-night", Some(30));
        made.id = "0ad5c2f1".to_string();
        let created = CreatedCredential {
            credential: made,
            secret: Secret::new("fake-secret-0123456789"),
        };
        let effects = reply(&mut model, tag, Reply::Created(Ok(created)));
        let [Effect::Delete { tag, id, .. }] = effects.as_slice() else {
            panic!("expected one delete, got {:?}", names(&effects));
        };
        assert_eq!(id, "0ad5c2f1");
        assert!(
            !matches!(model.screen, Screen::Reveal(_)),
            "no secret screen"
        );
        assert!(!model.quitting);
        let result = if delete_fails {
            Err(error("Deleting failed"))
        } else {
            Ok(())
        };
        let effects = reply(
            &mut model,
            *tag,
            Reply::Deleted {
                id: id.clone(),
                result,
            },
        );
        assert_eq!(names(&effects), ["quit"]);
        assert!(model.quitting);
        let farewell = model.farewell.clone().unwrap_or_default();
        assert!(farewell.contains("0ad5c2f1"), "{farewell}");
        if delete_fails {
            assert!(farewell.contains("appcred delete 0ad5c2f1"), "{farewell}");
        } else {
            assert!(farewell.contains("deleted again"), "{farewell}");
        }
    }
    // No create in flight: a signal ends at once.
    let mut model = logged_in(80, 24);
    assert_eq!(names(&update(&mut model, Msg::Quit)), ["quit"]);
    assert!(model.farewell.is_none());
}

/// Issue 11, defect 8: an export the runner found inside a git work tree
/// (not ignored) is not written; the prompt opens again on the home folder
/// instead, saying why, and the first path typed again writes it anyway.
#[test]
fn an_export_into_a_git_tree_asks_and_offers_home() {
    let mut model = logged_in(80, 24);
    let tag = model.requests.start("create new-one");
    let created = CreatedCredential {
        credential: credential("new-one", Some(30)),
        secret: Secret::new("fake-secret-0123456789"),
    };
    reply(&mut model, tag, Reply::Created(Ok(created)));
    if let Screen::Reveal(state) = &mut model.screen {
        let export = crate::tui::screens::reveal::ExportInfo {
            home: Some("/home/someone".into()),
            ..Default::default()
        };
        **state = crate::tui::screens::reveal::RevealState::new(
            CreatedCredential {
                credential: credential("new-one", Some(30)),
                secret: Secret::new("fake-secret-0123456789"),
            },
            export,
        );
    }
    let effects = press(&mut model, KeyCode::Char('o'));
    assert!(effects.is_empty());
    let effects = press(&mut model, KeyCode::Enter);
    let first = match effects.as_slice() {
        [Effect::WriteExport { tag, export }] => {
            assert!(!export.allow_in_git);
            (*tag, export.path.clone())
        }
        other => panic!("{:?}", names(other)),
    };
    let refused = Reply::ExportInGitTree {
        format: crate::export::ExportFormat::Openrc,
        path: first.1.clone(),
        root: "/src/checkout".into(),
    };
    reply(&mut model, first.0, refused);
    let text = draw(&model).backend().to_string();
    assert!(text.contains("Not written"), "{text}");
    assert!(
        text.contains("/home/someone/app-cred-new-one-openrc.sh"),
        "{text}"
    );
    // Enter takes the offered path.
    let effects = press(&mut model, KeyCode::Enter);
    let [Effect::WriteExport { export, .. }] = effects.as_slice() else {
        panic!("{:?}", names(&effects));
    };
    assert_eq!(
        export.path,
        std::path::PathBuf::from("/home/someone/app-cred-new-one-openrc.sh")
    );
    assert!(!export.allow_in_git);
    // The first path typed again goes there after all.
    let refused = Reply::ExportInGitTree {
        format: crate::export::ExportFormat::Openrc,
        path: first.1.clone(),
        root: "/src/checkout".into(),
    };
    reply(&mut model, first.0, refused);
    update(&mut model, Msg::Key(ctrl('u')));
    for _ in 0..80 {
        press(&mut model, KeyCode::Backspace);
    }
    type_keys(&mut model, &first.1.display().to_string());
    let effects = press(&mut model, KeyCode::Enter);
    let [Effect::WriteExport { export, .. }] = effects.as_slice() else {
        panic!("{:?}", names(&effects));
    };
    assert_eq!(export.path, first.1);
    assert!(export.allow_in_git);
}
