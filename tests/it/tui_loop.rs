//! The TUI's real event loop and real effect runner against the real test
//! Keystone, driven by scripted keys on a TestBackend; Keystone's state is
//! checked after each step. Needs `scripts/keystone start`.

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use crate::support::keystone::*;
use appcred::config::{CloudConfig, Environment, Overrides};
use appcred::keystone::{NewApplicationCredential, NoPrompt, Session};
use appcred::tui::app::{Step, run_headless};
use appcred::tui::effects::KeystoneRunner;
use appcred::tui::model::{Model, Overlay, Screen};
use appcred::tui::theme::Theme;
use appcred::tui::update;
use chrono::Utc;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const LIMIT: Duration = Duration::from_secs(60);

fn press(code: KeyCode) -> Step {
    Step::key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn typed(text: &str) -> Vec<Step> {
    text.chars().map(|c| press(KeyCode::Char(c))).collect()
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(100, 30)).unwrap()
}

/// A TUI on alice's demo project, and the effects `init` asks for.
fn start(cloud: CloudConfig) -> (Model, KeystoneRunner, Vec<appcred::tui::msg::Effect>) {
    let mut model = Model::new(Utc::now(), Theme { color: true }, 100, 30);
    let runner = KeystoneRunner::new(Environment::default(), Overrides::default());
    let first = update::init(&mut model, Some(cloud));
    (model, runner, first)
}

async fn alice() -> Session {
    Session::login(&password_cloud("alice", Some("demo")), &NoPrompt)
        .await
        .expect("login as alice")
}

async fn keystone_names(session: &Session) -> Vec<String> {
    session
        .list_credentials(&session.user_id())
        .await
        .expect("list")
        .into_iter()
        .map(|c| c.name)
        .collect()
}

fn loaded(m: &Model) -> bool {
    matches!(m.screen, Screen::Main) && !m.table.loading && !m.requests.busy()
}

/// Deletes credentials of alice with this name when the test ends, passed
/// or failed, so a failure leaves no litter in the shared Keystone.
struct Cleanup(String);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let name = self.0.clone();
        // Drop can't await, and the test's runtime is busy: use our own.
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async {
                let cloud = password_cloud("alice", Some("demo"));
                let Ok(session) = Session::login(&cloud, &NoPrompt).await else {
                    return;
                };
                let user = session.user_id();
                let listed = session.list_credentials(&user).await.unwrap_or_default();
                for c in listed.into_iter().filter(|c| c.name == name) {
                    let _ = session.delete_credential(&user, &c.id).await;
                }
            });
        })
        .join();
    }
}

fn dialog_names(m: &Model) -> Vec<&str> {
    match m.overlays.last() {
        Some(Overlay::Delete(d)) => d.rows.iter().map(|r| r.name.as_str()).collect(),
        _ => Vec::new(),
    }
}

fn delete_finished(m: &Model) -> bool {
    matches!(m.overlays.last(), Some(Overlay::Delete(d)) if d.finished())
}

#[tokio::test]
async fn lists_the_seed_filters_and_deletes() {
    let session = alice().await;
    let name = unique("tui-loop");
    let _cleanup = Cleanup(name.clone());
    let made = session
        .create_credential(&NewApplicationCredential {
            name: name.clone(),
            ..Default::default()
        })
        .await
        .expect("create");

    let (mut model, mut runner, first) = start(password_cloud("alice", Some("demo")));
    let mut terminal = terminal();
    let wanted = name.clone();
    let mut script = vec![Step::wait("the list", move |m| {
        loaded(m) && m.table.items.iter().any(|c| c.name == wanted)
    })];
    script.push(press(KeyCode::Char('/')));
    script.extend(typed(&name));
    script.push(press(KeyCode::Enter));
    script.push(Step::wait("the filter", |m| m.table.visible.len() == 1));
    script.push(press(KeyCode::Char('d')));
    // Never confirm a deletion of anything but the test's own credential.
    let ours = name.clone();
    script.push(Step::wait("a dialog naming only ours", move |m| {
        dialog_names(m) == [ours.as_str()]
    }));
    script.push(press(KeyCode::Char('y')));
    script.push(Step::wait("the deletion", delete_finished));
    script.push(press(KeyCode::Esc));
    script.push(press(KeyCode::Esc));
    run_headless(&mut terminal, &mut model, &mut runner, script, first, LIMIT)
        .await
        .unwrap();

    // The seed's credentials were listed, each once.
    for seeded in [
        "alice-5days",
        "alice-60days",
        "alice-forever",
        "alice-verify",
    ] {
        assert_eq!(
            model
                .table
                .items
                .iter()
                .filter(|c| c.name == seeded)
                .count(),
            1,
            "{seeded}"
        );
    }
    assert!(model.last_error.is_none(), "{:?}", model.last_error);
    // One token for everything: login, list, scopes and roles only.
    assert!(model.requests_sent < 20, "{} requests", model.requests_sent);
    // Gone from the table and from Keystone.
    assert!(model.table.items.iter().all(|c| c.id != made.credential.id));
    assert!(!keystone_names(&session).await.contains(&name));
    let screen = terminal.backend().to_string();
    assert!(screen.contains("alice-5days"), "{screen}");
}

#[tokio::test]
async fn wizard_creates_reveal_exports_then_delete() {
    let session = alice().await;
    let name = unique("tui-wizard");
    let _cleanup = Cleanup(name.clone());
    let dir = tempfile::tempdir().unwrap();
    let openrc = dir.path().join("new-openrc.sh");

    let (mut model, mut runner, first) = start(password_cloud("alice", Some("demo")));
    let mut terminal = terminal();

    // 1. The wizard, every step with its default but a name and one role.
    let mut script = vec![
        Step::wait("the list", |m| loaded(m) && !m.roles.is_empty()),
        press(KeyCode::Char('n')),
        Step::wait("the wizard", |m| matches!(m.screen, Screen::Wizard(_))),
        press(KeyCode::Enter), // no preset
    ];
    script.extend(typed(&name));
    script.extend([
        press(KeyCode::Enter), // name
        press(KeyCode::Enter), // no description
        press(KeyCode::Down),  // past "all my roles"
        press(KeyCode::Char(' ')),
        press(KeyCode::Enter), // roles
        press(KeyCode::Enter), // expiry preset
        press(KeyCode::Enter), // restricted
        press(KeyCode::Enter), // no access rules
        press(KeyCode::Enter), // Keystone generates the secret
        press(KeyCode::Enter), // review: create
        Step::wait("the reveal screen", |m| {
            matches!(m.screen, Screen::Reveal(_))
        }),
    ]);
    run_headless(&mut terminal, &mut model, &mut runner, script, first, LIMIT)
        .await
        .unwrap();
    let listed = session.list_credentials(&session.user_id()).await.unwrap();
    let Some(created) = listed.iter().find(|c| c.name == name) else {
        panic!("{name} is not in Keystone after the wizard");
    };
    // One role chosen (Keystone may add the roles it implies).
    assert!(!created.roles.is_empty());
    assert!(created.expires_at.is_some(), "the default expiry was sent");

    // 2. Export an openrc to a file of our choosing.
    let mut script = vec![
        press(KeyCode::Char('o')),
        Step::key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    ];
    script.extend(typed(&openrc.display().to_string()));
    script.push(press(KeyCode::Enter));
    let target = openrc.clone();
    script.push(Step::wait("the export file", move |_| target.exists()));
    run_headless(
        &mut terminal,
        &mut model,
        &mut runner,
        script,
        Vec::new(),
        LIMIT,
    )
    .await
    .unwrap();
    let text = std::fs::read_to_string(&openrc).unwrap();
    assert!(text.contains(&created.id), "{text}");
    assert!(text.contains("OS_APPLICATION_CREDENTIAL_SECRET"));
    let mode = std::fs::metadata(&openrc)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0);
    assert_eq!(mode, 0o600);

    // 3. Leave (confirming the secret is gone for good), then delete it.
    let ours = name.clone();
    let script = vec![
        press(KeyCode::Esc),
        press(KeyCode::Char('y')),
        Step::wait("the main view", |m| matches!(m.screen, Screen::Main)),
        press(KeyCode::Char('d')),
        Step::wait("a dialog naming only ours", move |m| {
            dialog_names(m) == [ours.as_str()]
        }),
        press(KeyCode::Char('y')),
        Step::wait("the deletion", delete_finished),
        press(KeyCode::Esc),
    ];
    let created_id = created.id.clone();
    run_headless(
        &mut terminal,
        &mut model,
        &mut runner,
        script,
        Vec::new(),
        LIMIT,
    )
    .await
    .unwrap();
    assert!(model.table.items.iter().all(|c| c.id != created_id));
    assert!(!keystone_names(&session).await.contains(&name));
    assert!(model.last_error.is_none(), "{:?}", model.last_error);
}
