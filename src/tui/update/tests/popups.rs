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
    assert_eq!(prompt.field.chars(), 6);
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

thread_local! {
    /// What this test thread logged while [`logged_by`] listened.
    static CAPTURED: std::cell::RefCell<Option<Vec<u8>>> = const { std::cell::RefCell::new(None) };
}

/// The global subscriber's writer: into the thread's capture, if it has one.
struct ThreadLog;

impl std::io::Write for ThreadLog {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        CAPTURED.with(|c| {
            if let Some(v) = c.borrow_mut().as_mut() {
                v.extend_from_slice(buf);
            }
        });
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What `f` logs. A global subscriber (installed once) writing to a
/// thread-local capture, not `with_default`: a callsite first reached by
/// another test thread while no subscriber was listening could keep its
/// "never" interest, and a parallel run then lost the event now and then.
fn logged_by(f: impl FnOnce()) -> String {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_writer(|| ThreadLog)
            .with_ansi(false)
            .finish();
        // Only this module installs one; if one were there, it logs too.
        let _ = tracing::subscriber::set_global_default(subscriber);
    });
    CAPTURED.with(|c| *c.borrow_mut() = Some(Vec::new()));
    f();
    let bytes = CAPTURED.with(|c| c.borrow_mut().take()).unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Issue 11, defect 2: a long error is never cut off. The popup wraps to
/// its last word at 80 columns, the status bar shows the short form and
/// the key to the full text, `e` shows it all, and the log has it.
#[test]
fn a_long_error_is_wrapped_shortened_in_the_status_bar_and_logged() {
    let mut model = logged_in(80, 24);
    let report = ErrorReport::new(
        "Writing the export failed",
        "cannot merge into /home/someone/.config/openstack/clouds.yaml: a cloud named \
         devstack-ci-pipeline is already in it, so nothing was written and the file is unchanged",
    )
    .with_hint(Some(
        "pick another entry name with Tab in the export prompt, or remove that entry first; \
         the credential itself is fine and stays-until-you-delete-it"
            .to_string(),
    ));
    let logged = logged_by(|| {
        let tag = model.requests.start("export");
        reply(&mut model, tag, Reply::Exported(Err(report)));
    });
    assert!(
        logged.contains("devstack-ci-pipeline is already in it"),
        "{logged}"
    );

    let text = draw(&model).backend().to_string();
    assert!(
        text.contains("stays-until-you-delete-it"),
        "the hint's end is cut:\n{text}"
    );
    press(&mut model, KeyCode::Esc);
    let text = draw(&model).backend().to_string();
    let status = text.lines().next_back().unwrap_or_default().to_string();
    assert!(
        status.contains("error: Writing the export failed (e: details)"),
        "{text}"
    );
    press(&mut model, KeyCode::Char('e'));
    let text = draw(&model).backend().to_string();
    assert!(text.contains("Last error"), "{text}");
    assert!(text.contains("unchanged"), "{text}");
}

/// `?` works on every screen, as the README promises: on the wizard's
/// choice steps, the secret screen, the rotation and the audit it shows
/// that screen's keys; in a text field `?` is text and F1 helps.
#[test]
fn question_mark_shows_the_keys_of_every_screen() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char('n'));
    press(&mut model, KeyCode::Char('?'));
    assert!(
        matches!(
            model.overlays.last(),
            Some(Overlay::Help(crate::keys::KeyContext::WizardPreset))
        ),
        "the wizard's help"
    );
    press(&mut model, KeyCode::Esc);
    assert!(model.overlays.is_empty());
    press(&mut model, KeyCode::Enter); // the name step: `?` is text
    press(&mut model, KeyCode::Char('?'));
    assert!(model.overlays.is_empty());
    press(&mut model, KeyCode::F(1));
    assert!(matches!(
        model.overlays.last(),
        Some(Overlay::Help(crate::keys::KeyContext::WizardText))
    ));
    let text = draw(&model).backend().to_string();
    assert!(
        text.contains("Keys: New credential: name and description") && text.contains("F1"),
        "{text}"
    );

    let mut model = logged_in(80, 24);
    let tag = model.requests.start("create new-one");
    let created = CreatedCredential {
        credential: credential("new-one", Some(30)),
        secret: Secret::new("fake-secret-0123456789"),
    };
    reply(&mut model, tag, Reply::Created(Ok(created)));
    press(&mut model, KeyCode::Char('?'));
    let text = draw(&model).backend().to_string();
    assert!(
        text.contains("Keys: The new secret") && text.contains("copy the secret"),
        "{text}"
    );
}
