//! The TUI's audit (`A`) through the real loop and effect runner against
//! the real Keystone: an admin gets every user's credentials with
//! progress; a member gets the permission error with its hint, and the
//! app keeps running. Needs `scripts/keystone start`.

use std::time::Duration;

use crate::support::keystone::*;
use appcred::config::{Environment, Overrides};
use appcred::tui::app::{Step, run_headless};
use appcred::tui::effects::KeystoneRunner;
use appcred::tui::model::{Model, Overlay, Screen};
use appcred::tui::screens::audit::Phase;
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

fn shift(c: char) -> Step {
    Step::key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT))
}

fn loaded(m: &Model) -> bool {
    matches!(m.screen, Screen::Main) && !m.table.loading && !m.requests.busy()
}

async fn audit_as(user: &str, project: &str, domain: bool) -> (Model, String) {
    let mut model = Model::new(Utc::now(), Theme { color: true }, 120, 30);
    let mut runner = KeystoneRunner::new(Environment::default(), Overrides::default());
    let first = update::init(&mut model, Some(password_cloud(user, Some(project))));
    let mut terminal = Terminal::new(TestBackend::new(120, 30)).unwrap();
    let mut script = vec![
        Step::wait("the list", loaded),
        shift('A'),
        Step::wait("the audit", |m| matches!(m.screen, Screen::Audit(_))),
    ];
    if domain {
        script.push(press(KeyCode::Tab));
    }
    script.push(press(KeyCode::Enter));
    script.push(Step::wait("the answer", |m| {
        !m.requests.busy()
            && match &m.screen {
                Screen::Audit(s) => !matches!(s.phase, Phase::Running(_)),
                _ => false,
            }
    }));
    run_headless(&mut terminal, &mut model, &mut runner, script, first, LIMIT)
        .await
        .unwrap();
    let screen = terminal.backend().to_string();
    (model, screen)
}

#[tokio::test]
async fn an_admin_audits_the_domain_and_sees_the_seeds_credentials() {
    let (model, screen) = audit_as("admin", "admin", true).await;
    let Screen::Audit(state) = &model.screen else {
        panic!("left the audit screen:\n{screen}");
    };
    let Phase::Done { users, rows } = &state.phase else {
        panic!("no result:\n{screen}");
    };
    assert!(*users >= 2, "{users} users");
    // alice's seeded credentials are in the Default domain.
    assert!(
        rows.iter()
            .any(|r| r.user.name == "alice" && r.credential.name == "alice-forever"),
        "{screen}"
    );
    let forever = rows.iter().find(|r| r.credential.name == "alice-forever");
    assert!(forever.is_some_and(|r| r.flags.iter().any(|f| f.as_str() == "never_expires")));
    assert!(screen.contains("never_expires"), "{screen}");
    assert!(model.overlays.is_empty());
}

#[tokio::test]
async fn a_member_gets_the_permission_error_and_the_app_keeps_running() {
    let (model, screen) = audit_as("alice", "demo", false).await;
    let Some(Overlay::Error(report)) = model.overlays.last() else {
        panic!("no error popup:\n{screen}");
    };
    assert!(
        report
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("list users")),
        "{report:?}"
    );
    let Screen::Audit(state) = &model.screen else {
        panic!("left the audit screen");
    };
    assert_eq!(state.phase, Phase::Asking, "it asks again");
}
