//! The fleet view in the TUI's real loop with the real effect runner,
//! against the real test Keystone: a clouds.yaml of several clouds
//! (password, password in secure.yaml, application credential, a wrong
//! password, a closed port, a TOTP cloud). Every row fills in on its own;
//! then Enter opens a cloud as before.

use crate::support;

use std::collections::HashMap;
use std::time::Duration;

use crate::support::fleet::*;
use appcred::config::{Environment, Overrides};
use appcred::tui::app::{Step, run_headless};
use appcred::tui::effects::KeystoneRunner;
use appcred::tui::model::{Model, Screen};
use appcred::tui::screens::cloud_picker::FleetRow;
use appcred::tui::theme::Theme;
use appcred::tui::update;
use chrono::Utc;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn press(code: KeyCode) -> Step {
    Step::key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// The picker opened in `dir` with these variables, on a 100x30 test
/// terminal: the model, the real runner, the first effects, the terminal.
fn picker(
    vars: HashMap<String, String>,
    dir: &std::path::Path,
) -> (
    Model,
    KeystoneRunner,
    Vec<appcred::tui::msg::Effect>,
    Terminal<TestBackend>,
) {
    let env = Environment {
        vars,
        cwd: dir.to_path_buf(),
        home: Some(dir.to_path_buf()),
    };
    let mut model = Model::new(Utc::now(), Theme { color: true }, 100, 30);
    let runner = KeystoneRunner::new(env, Overrides::default());
    let first = update::init(&mut model, None);
    let terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    (model, runner, first, terminal)
}

fn settled(m: &Model) -> bool {
    m.clouds.loaded && !m.clouds.rows.is_empty() && !m.clouds.fleet.checking()
}

#[tokio::test]
async fn every_row_fills_in_and_enter_opens_the_cloud() {
    let seed = support::seed();
    let dir = support::temp_dir("tui-fleet");
    let clouds = [
        "alice",
        "bob",
        "alice-appcred",
        WRONG_PASSWORD,
        UNREACHABLE,
        NEEDS_PROMPT,
    ];
    let yaml = clouds_yaml(&dir, &clouds);
    let vars = HashMap::from([
        (
            "OS_CLIENT_CONFIG_FILE".to_string(),
            yaml.display().to_string(),
        ),
        (
            "OS_CLIENT_SECURE_FILE".to_string(),
            seed.secure_yaml.display().to_string(),
        ),
    ]);
    let (mut model, mut runner, first, mut terminal) = picker(vars, &dir);

    let script = vec![
        Step::wait("every cloud answered", settled),
        // Down to the first row, Enter: alice's password login, as before.
        press(KeyCode::Char('g')),
        press(KeyCode::Enter),
        Step::wait("alice's credentials", |m| {
            matches!(m.screen, Screen::Main) && !m.table.loading && !m.table.items.is_empty()
        }),
    ];
    run_headless(
        &mut terminal,
        &mut model,
        &mut runner,
        script,
        first,
        Duration::from_secs(60),
    )
    .await
    .unwrap();

    let fleet = &model.clouds.fleet;
    let row = |c: &str| {
        fleet
            .row(c)
            .cloned()
            .unwrap_or_else(|| panic!("no row for {c}"))
    };
    // alice's seed: alice-expired is expired, alice-5days within 14 days.
    for c in ["alice", "alice-appcred"] {
        let FleetRow::Listed(counts) = row(c) else {
            panic!("{c}: {:?}", row(c))
        };
        assert!(counts.total >= 8, "{c}: {counts:?}");
        assert!(
            counts.expired >= 1 && counts.expiring >= 1,
            "{c}: {counts:?}"
        );
    }
    assert!(
        matches!(row("bob"), FleetRow::Listed(_)),
        "{:?}",
        row("bob")
    );
    let FleetRow::Failed { reason } = row(WRONG_PASSWORD) else {
        panic!("{:?}", row(WRONG_PASSWORD))
    };
    assert!(reason.contains("401"), "{reason}");
    let FleetRow::Failed { reason } = row(UNREACHABLE) else {
        panic!("{:?}", row(UNREACHABLE))
    };
    assert!(reason.contains("connect"), "{reason}");
    assert!(
        matches!(
            row(NEEDS_PROMPT),
            FleetRow::NeedsPrompt {
                what: "passcode",
                ..
            }
        ),
        "{:?}",
        row(NEEDS_PROMPT)
    );
    // Enter opened alice as the picker always did.
    assert_eq!(
        model.session.as_ref().map(|s| s.cloud.as_str()),
        Some("alice")
    );
    assert!(model.table.items.iter().any(|c| c.name == "alice-5days"));
    assert!(model.overlays.is_empty(), "no row's failure became a popup");
}

/// Issue 24, finding 7: in the picker a cloud that refuses the connection
/// is marked failed at once, even while clouds that accept and never answer
/// hold every one of the survey's places for their deadline.
#[tokio::test]
async fn a_refused_cloud_is_marked_at_once_behind_clouds_that_never_answer() {
    let dir = support::temp_dir("tui-fleet-refused");
    let yaml = clouds_yaml(&dir, &[UNREACHABLE]);
    let hole = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/v3", hole.local_addr().expect("addr"));
    // The never-answering clouds first in the file: they take the places.
    let mut text = String::from("clouds:\n");
    for i in 0..10 {
        text.push_str(&format!(
            "  hang-{i:02}:\n    auth:\n      auth_url: {url}\n      username: u\n      password: p\n      user_domain_name: Default\n      project_name: p\n      project_domain_name: Default\n"
        ));
    }
    let refused = std::fs::read_to_string(&yaml).expect("read");
    text.push_str(refused.trim_start_matches("clouds:\n"));
    std::fs::write(&yaml, text).expect("write");
    let vars = HashMap::from([(
        "OS_CLIENT_CONFIG_FILE".to_string(),
        yaml.display().to_string(),
    )]);
    let (mut model, mut runner, first, mut terminal) = picker(vars, &dir);
    let started = std::time::Instant::now();
    let script = vec![Step::wait(
        "the refused cloud marked failed",
        |m: &Model| {
            matches!(
                m.clouds.fleet.row(UNREACHABLE),
                Some(FleetRow::Failed { .. })
            )
        },
    )];
    run_headless(
        &mut terminal,
        &mut model,
        &mut runner,
        script,
        first,
        Duration::from_secs(20),
    )
    .await
    .unwrap();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(10), "took {took:?}");
    let Some(FleetRow::Failed { reason }) = model.clouds.fleet.row(UNREACHABLE) else {
        panic!("not failed");
    };
    assert!(reason.contains("connection refused"), "{reason}");
    assert!(
        matches!(
            model.clouds.fleet.row("hang-00"),
            None | Some(FleetRow::Checking)
        ),
        "{:?}",
        model.clouds.fleet.row("hang-00")
    );
    drop(hole);
}
