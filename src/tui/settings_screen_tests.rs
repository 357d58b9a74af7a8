//! config.toml rebinds the keys of every screen, not only the main view's:
//! a wizard step, the secret screen, the rotation's popups. The rebound key
//! acts, the old one does not, and the hint bar and `?` show the new one.

use std::path::Path;

use crossterm::event::KeyCode;

use crate::keys::KeyContext;
use crate::keystone::CreatedCredential;
use crate::secret::Secret;
use crate::settings::Settings;
use crate::tui::model::{Model, Overlay, Screen};
use crate::tui::msg::{Msg, Reply};
use crate::tui::screens::wizard::Step;
use crate::tui::testing::*;
use crate::tui::update::update;

fn configured(toml: &str) -> Model {
    let settings = match Settings::parse(toml, Path::new("config.toml"), None) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    let mut model = logged_in(80, 24);
    model.apply_settings(settings);
    model
}

fn screen_text(model: &Model) -> String {
    draw(model).backend().to_string()
}

fn wizard_step(model: &Model) -> Option<Step> {
    match &model.screen {
        Screen::Wizard(w) => Some(w.step()),
        _ => None,
    }
}

#[test]
fn a_wizard_step_takes_its_rebound_key() {
    let mut model = configured("[keys.wizard_preset]\nconfirm = \"F5\"\n");
    update(&mut model, Msg::Key(char_key('n')));
    assert_eq!(wizard_step(&model), Some(Step::Preset));
    assert!(screen_text(&model).contains("F5 next"), "the hint bar");
    update(&mut model, Msg::Key(key(KeyCode::Enter)));
    assert_eq!(wizard_step(&model), Some(Step::Preset), "Enter no longer");
    update(&mut model, Msg::Key(key(KeyCode::F(5))));
    assert_eq!(wizard_step(&model), Some(Step::Name));
    // The name step's own table is untouched: Enter still checks the name.
    assert_eq!(
        model
            .ctx
            .key_hint(KeyContext::WizardText, crate::keys::Action::Confirm),
        Some("Enter".to_string())
    );
}

#[test]
fn the_secret_screen_takes_its_rebound_keys_and_its_help_shows_them() {
    // `x`: `s` is the store key's default (`crate::export::DESTINATIONS`).
    let mut model = configured("[keys.reveal]\nshow_secret = \"x\"\n");
    let tag = model.requests.start("create new-one");
    let created = CreatedCredential {
        credential: credential("new-one", Some(30)),
        secret: Secret::new("fake-secret-0123456789"),
    };
    update(
        &mut model,
        Msg::Reply {
            tag,
            requests_sent: None,
            reply: Reply::Created(Ok(created)),
        },
    );
    let shown = |m: &Model| matches!(&m.screen, Screen::Reveal(r) if r.is_shown());
    update(&mut model, Msg::Key(char_key('v')));
    assert!(!shown(&model), "v no longer shows the secret");
    update(&mut model, Msg::Key(char_key('x')));
    assert!(shown(&model));
    assert!(screen_text(&model).contains("x hide"), "the hint bar");
    update(&mut model, Msg::Key(char_key('?')));
    assert!(matches!(
        model.overlays.last(),
        Some(Overlay::Help(KeyContext::Reveal))
    ));
    let text = screen_text(&model);
    assert!(text.contains("show or hide the secret"), "{text}");
}

#[test]
fn a_key_that_would_do_two_things_on_a_wizard_step_is_refused() {
    let toml = "[keys.wizard_roles]\nmark = \"r\"\n";
    match Settings::parse(toml, Path::new("config.toml"), None) {
        Ok(_) => panic!("r is already the roles step's retry"),
        Err(e) => assert!(e.to_string().contains("wizard_roles"), "{e}"),
    }
}
