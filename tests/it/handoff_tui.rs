//! The secret screen's hand-off key (issue 26) through the TUI's real
//! event loop and effect runner, against the real test Keystone and
//! Debian's `age`: a credential made in the wizard is handed off to an age
//! key and to an SSH key (`ssh-keygen`'s) named in `[recipients]`; each
//! file is armour only, 0600, and opens with `age -d -i KEY` to the JSON
//! export holding the secret the screen showed. A recipient whose file is
//! gone is an error on the screen, and nothing is written.
//!
//! Skipped, with the reason printed, without `age`, `age-keygen` or
//! `ssh-keygen`.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use appcred::config::{Environment, Overrides};
use appcred::tui::app::{Step, run_headless};
use appcred::tui::effects::KeystoneRunner;
use appcred::tui::model::{Model, Screen};
use appcred::tui::theme::Theme;
use appcred::tui::update;
use chrono::Utc;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::handoff::{age_open, keys};
use crate::support::cli::Cleanup;
use crate::support::headless::{create_in_wizard, ctrl, idle, press, typed};
use crate::support::keystone::password_cloud;
use crate::support::{self, unique};

const LIMIT: Duration = Duration::from_secs(60);

/// `a`, the recipient `down` rows below the first, the default format
/// (JSON), the file `path` typed over the suggested one, Enter; then the
/// runner's answer.
fn hand_off(down: usize, path: &Path) -> Vec<Step> {
    let mut script = vec![press(KeyCode::Char('a'))];
    script.extend((0..down).map(|_| press(KeyCode::Down)));
    script.extend([press(KeyCode::Enter), press(KeyCode::Enter), ctrl('u')]);
    script.extend(typed(&path.display().to_string()));
    script.extend([
        press(KeyCode::Enter),
        Step::wait("the hand-off's answer", idle),
    ]);
    script
}

fn sealed_json(key: &Path, file: &Path) -> serde_json::Value {
    let meta = std::fs::metadata(file).expect("the hand-off file");
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    let plain = age_open(key, file);
    serde_json::from_str(&plain).expect("the JSON export")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_secret_screen_hands_off_to_an_age_key_and_an_ssh_key_that_age_opens() {
    let Some(k) = keys("handoff-tui") else {
        return;
    };
    let mut clean = Cleanup::new("alice");
    let name = clean.name(unique("tui-handoff"));
    let state = support::temp_dir("tui-handoff-state");
    let mut env = Environment::default();
    env.vars
        .insert("XDG_STATE_HOME".into(), state.display().to_string());
    let mut runner = KeystoneRunner::new(env, Overrides::default());
    let mut model = Model::new(Utc::now(), Theme { color: true }, 100, 30);
    let gone = k.dir.join("no-such-keys.pub");
    model.ctx.settings.recipients = BTreeMap::from([
        ("bob".to_string(), k.age_public.clone()),
        ("carol".to_string(), k.ssh_public.display().to_string()),
        ("gone".to_string(), gone.display().to_string()),
    ]);
    let first = update::init(&mut model, Some(password_cloud("alice", Some("demo"))));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");

    let mut script = create_in_wizard(&name);
    let to_bob = k.dir.join("for-bob.age");
    let to_carol = k.dir.join("for-carol.age");
    let to_gone = k.dir.join("for-gone.age");
    script.extend(hand_off(0, &to_bob));
    run_headless(&mut terminal, &mut model, &mut runner, script, first, LIMIT)
        .await
        .expect("the TUI ran");
    let screen = terminal.backend().to_string();
    assert!(
        screen.contains(&format!("Wrote {} for bob", to_bob.display())),
        "{screen}"
    );
    let secret = match &model.screen {
        Screen::Reveal(r) => r.secret().map(|s| s.expose().to_string()),
        _ => None,
    };
    let Some(secret) = secret else {
        panic!("the secret left the screen: {screen}");
    };

    // Carol's key is a file (`ssh-keygen`'s .pub); gone's file is missing.
    let mut more = hand_off(1, &to_carol);
    more.extend(hand_off(2, &to_gone));
    let ran = run_headless(&mut terminal, &mut model, &mut runner, more, vec![], LIMIT);
    ran.await.expect("the TUI ran");
    let screen = terminal.backend().to_string();
    let error = model.last_error.clone().unwrap_or_default();
    assert!(
        error.contains("Handing off to gone failed") && error.contains("no-such-keys.pub"),
        "{error}\n{screen}"
    );
    assert!(screen.contains("Handing off to gone failed"), "{screen}");
    assert!(!to_gone.exists(), "nothing is written for a missing file");
    assert!(matches!(model.screen, Screen::Reveal(_)), "{screen}");

    for (key, file) in [(&k.age_key, &to_bob), (&k.ssh_key, &to_carol)] {
        let armour = std::fs::read_to_string(file).expect("the hand-off");
        assert!(
            armour.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"),
            "{armour}"
        );
        assert!(!armour.contains(&secret), "the secret is in the armour");
        let j = sealed_json(key, file);
        assert_eq!(j["secret"], secret.as_str(), "{}", file.display());
        assert_eq!(j["name"], name.as_str());
    }
    // Nothing in plaintext beside them.
    let mut names: Vec<String> = std::fs::read_dir(&k.dir)
        .expect("the keys' folder")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    for n in &names {
        let text = std::fs::read_to_string(k.dir.join(n)).unwrap_or_default();
        assert!(!text.contains(&secret), "{n} holds the secret in plaintext");
    }
}
