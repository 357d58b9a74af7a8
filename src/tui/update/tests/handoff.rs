//! Hosting the secret screen's hand-off: the key's choices become one
//! `write-handoff` effect carrying the recipient and the secret; the
//! runner's answer lands on the screen ("Wrote FILE for NAME"), and a
//! failure keeps the secret there.

use super::*;

const BOB: &str = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";

fn revealed(model: &mut Model) {
    let tag = model.requests.start("create new-one");
    let created = CreatedCredential {
        credential: credential("new-one", Some(30)),
        secret: Secret::new("fake-secret-0123456789"),
    };
    reply(model, tag, Reply::Created(Ok(created)));
}

#[test]
fn the_handoff_key_sends_one_sealed_write_and_shows_its_answer() {
    let mut model = logged_in(80, 24);
    model.ctx.settings.recipients = [("bob".to_string(), BOB.to_string())].into();
    revealed(&mut model);
    for key in [KeyCode::Char('a'), KeyCode::Enter, KeyCode::Enter] {
        assert!(press(&mut model, key).is_empty());
    }
    let effects = press(&mut model, KeyCode::Enter);
    let [Effect::WriteHandoff { tag, handoff }] = effects.as_slice() else {
        panic!("{:?}", names(&effects));
    };
    assert_eq!(handoff.handoff.recipient, "bob");
    assert_eq!(handoff.handoff.spec, BOB);
    assert_eq!(handoff.handoff.format, crate::handoff::DEFAULT_FORMAT);
    assert_eq!(
        handoff.handoff.path,
        std::path::PathBuf::from("./new-one-bob.age")
    );
    assert_eq!(handoff.secret.expose(), "fake-secret-0123456789");
    let tag = *tag;
    let done = Reply::HandedOff {
        recipient: "bob".into(),
        result: Ok("./new-one-bob.age".into()),
    };
    reply(&mut model, tag, done);
    let text = draw(&model).backend().to_string();
    assert!(text.contains("Wrote ./new-one-bob.age for bob"), "{text}");
}

#[test]
fn a_failed_handoff_is_shown_and_keeps_the_secret() {
    let mut model = logged_in(80, 24);
    model.ctx.settings.recipients = [("team".to_string(), "/gone/keys.pub".to_string())].into();
    revealed(&mut model);
    for key in [KeyCode::Char('a'), KeyCode::Enter, KeyCode::Enter] {
        press(&mut model, key);
    }
    let effects = press(&mut model, KeyCode::Enter);
    let tag = tag_of(&effects, "write-handoff");
    let failed = Reply::HandedOff {
        recipient: "team".into(),
        result: Err(ErrorReport::new(
            "Handing off to team failed",
            "/gone/keys.pub: not an age public key (age1...), an SSH public key or a file of them",
        )),
    };
    reply(&mut model, tag, failed);
    let text = draw(&model).backend().to_string();
    assert!(text.contains("Handing off to team failed"), "{text}");
    let Screen::Reveal(state) = &model.screen else {
        panic!("the secret screen closed");
    };
    assert!(state.secret().is_some());
}
