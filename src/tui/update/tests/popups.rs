//! Popups: errors, help, quitting, the password prompt.

use super::*;

#[test]
fn failed_load_opens_a_dismissible_error_and_keeps_running() {
    let mut model = logged_in(80, 24);
    let effects = press(&mut model, KeyCode::Char('r'));
    reply(
        &mut model,
        tag_of(&effects, "load-credentials"),
        Reply::Credentials(Err(error("Loading the credentials failed"))),
    );
    assert!(matches!(model.overlays.last(), Some(Overlay::Error(r)) if r.hint.is_some()));
    assert!(model.last_error.is_some());
    assert!(!model.table.loading);
    // Keys go to the popup: j does not move the table.
    press(&mut model, KeyCode::Char('j'));
    assert_eq!(model.table.selected, 0);
    press(&mut model, KeyCode::Enter);
    assert!(model.overlays.is_empty());
    press(&mut model, KeyCode::Char('j'));
    assert_eq!(model.table.selected, 1);
}

#[test]
fn help_shows_the_current_context_and_closes() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char('p'));
    press(&mut model, KeyCode::Char('?'));
    assert!(matches!(
        model.overlays.last(),
        Some(Overlay::Help(KeyContext::ScopePane))
    ));
    // q closes the help rather than quitting.
    let effects = press(&mut model, KeyCode::Char('q'));
    assert!(effects.is_empty() && model.overlays.is_empty() && !model.quitting);
}

#[test]
fn q_and_ctrl_c_quit() {
    let mut model = logged_in(80, 24);
    assert_eq!(names(&press(&mut model, KeyCode::Char('q'))), ["quit"]);
    assert!(model.quitting);

    let mut model = logged_in(80, 24);
    let (answer, _wait) = oneshot::channel();
    update(
        &mut model,
        Msg::PromptNeeded {
            prompt: PromptFor {
                label: "Password".to_string(),
                user: "demo".to_string(),
            },
            answer,
        },
    );
    // In the password field q is text, Ctrl-C still quits.
    assert!(type_keys(&mut model, "q").is_empty());
    assert_eq!(names(&update(&mut model, Msg::Key(ctrl('c')))), ["quit"]);

    let mut model = logged_in(80, 24);
    assert_eq!(
        names(&update(&mut model, Msg::Quit)),
        ["quit"],
        "signals quit"
    );
}

#[test]
fn password_prompt_answers_through_the_channel() {
    let mut model = logged_in(80, 24);
    let (answer, mut wait) = oneshot::channel();
    update(
        &mut model,
        Msg::PromptNeeded {
            prompt: PromptFor {
                label: "Password".to_string(),
                user: "demo".to_string(),
            },
            answer,
        },
    );
    type_keys(&mut model, "s3cr3tX");
    press(&mut model, KeyCode::Backspace);
    let Some(Overlay::Prompt(prompt)) = model.overlays.last() else {
        panic!("no prompt");
    };
    assert_eq!(prompt.field.char_count(), 6);
    let effects = press(&mut model, KeyCode::Enter);
    assert!(model.overlays.is_empty());
    let [Effect::AnswerPrompt { answer, value }] = <[Effect; 1]>::try_from(effects)
        .unwrap_or_else(|e| panic!("one effect expected, got {:?}", names(&e)))
    else {
        panic!("not an answer");
    };
    assert_eq!(value.as_ref().map(Secret::expose), Some("s3cr3t"));
    let _ = answer.send(value);
    assert_eq!(
        wait.try_recv().ok().flatten().as_ref().map(Secret::expose),
        Some("s3cr3t")
    );
}

#[test]
fn password_prompt_esc_answers_none() {
    let mut model = logged_in(80, 24);
    let (answer, _wait) = oneshot::channel();
    update(
        &mut model,
        Msg::PromptNeeded {
            prompt: PromptFor {
                label: "TOTP passcode".to_string(),
                user: "demo".to_string(),
            },
            answer,
        },
    );
    type_keys(&mut model, "123");
    let effects = press(&mut model, KeyCode::Esc);
    assert!(matches!(
        effects.as_slice(),
        [Effect::AnswerPrompt { value: None, .. }]
    ));
}
