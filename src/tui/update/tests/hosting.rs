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
