//! Issue 22, item 6, in the TUI's real event loop with the real effect
//! runner (headless, `with_token_cache`): switching scope goes through the
//! token cache as a command with that scope does, and the fleet view's
//! background logins fill it, so the cloud picked next opens without a
//! second login. Each test joins a session keyring of its own on its thread
//! and runs a current-thread runtime there (every task on that thread); a
//! recording proxy says what Keystone saw.

use std::collections::HashMap;
use std::path::Path;
use std::sync::mpsc::Receiver;
use std::time::Duration;

use appcred::config::{self, Environment, Overrides};
use appcred::keystone::Scope;
use appcred::tui::app::{Step, run_headless};
use appcred::tui::effects::KeystoneRunner;
use appcred::tui::model::{Model, Screen};
use appcred::tui::theme::Theme;
use appcred::tui::update;
use chrono::Utc;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::support::fleet::clouds_yaml;
use crate::support::slow_proxy::recording_proxy;
use crate::support::token_cache::*;
use crate::support::{seed, temp_dir};

const LIMIT: Duration = Duration::from_secs(60);

fn press(code: KeyCode) -> Step {
    Step::key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// `appcred --os-cloud alice -v --log-file HOME/NAME.log ARGS`, cache on,
/// through `clouds`: the requests it logged.
fn alice(home: &Path, clouds: &Path, name: &str, args: &[&str]) -> Vec<String> {
    let mut all = vec!["--os-cloud", "alice"];
    all.extend_from_slice(args);
    cached_command(home, clouds, name, &all)
}

fn logins(seen: &Receiver<String>) -> usize {
    seen.try_iter()
        .filter(|r| r.starts_with("POST /v3/auth/tokens"))
        .count()
}

fn on_project(m: &Model, id: &str) -> bool {
    matches!(m.screen, Screen::Main)
        && !m.table.loading
        && !m.scopes.loading
        && !m.requests.busy()
        && m.session
            .as_ref()
            .is_some_and(|s| matches!(&s.token.scope, Scope::Project { id: p, .. } if p == id))
}

/// The keys that pick project `name` (id `id`) in the scope pane and switch
/// to it, and the wait for its list.
fn switch_to(model: &Model, name: &str, id: &str) -> Vec<Step> {
    let at = model
        .scopes
        .entries
        .iter()
        .position(|e| e.name == name)
        .unwrap_or_else(|| panic!("{name} is not in the scope pane"));
    let mut keys = vec![press(KeyCode::Char('p')), press(KeyCode::Char('g'))];
    keys.extend((0..at).map(|_| press(KeyCode::Down)));
    keys.push(press(KeyCode::Enter));
    let id = id.to_string();
    keys.push(Step::wait("the project's list", move |m| {
        on_project(m, &id)
    }));
    keys
}

/// `test` in a session keyring of its own, on this thread.
fn in_own_keyring<F: std::future::Future<Output = ()>>(test: F) {
    let _one = one_at_a_time();
    fresh_session_keyring();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(test);
}

/// What the runner and `config::resolve` read: `clouds`, the seed's secure.yaml.
fn environment(home: &Path, clouds: &Path) -> Environment {
    Environment {
        vars: HashMap::from([
            ("OS_CLIENT_CONFIG_FILE".into(), clouds.display().to_string()),
            (
                "OS_CLIENT_SECURE_FILE".into(),
                seed().secure_yaml.display().to_string(),
            ),
        ]),
        cwd: home.to_path_buf(),
        home: Some(home.to_path_buf()),
    }
}

#[test]
fn switching_scope_uses_and_fills_the_cache() {
    in_own_keyring(switch_scopes());
}

#[test]
fn the_fleets_logins_open_the_picked_cloud_without_another() {
    in_own_keyring(pick_after_the_fleet());
}

async fn pick_after_the_fleet() {
    let home = temp_dir("tui-tc-fleet");
    let (url, seen) = recording_proxy(100);
    let text = std::fs::read_to_string(clouds_yaml(&home, &["alice", "bob"])).unwrap();
    let clouds = home.join("proxied-clouds.yaml");
    std::fs::write(&clouds, text.replace(&seed().auth_url, &url)).unwrap();
    let env = environment(&home, &clouds);
    let mut model = Model::new(Utc::now(), Theme { color: true }, 100, 30);
    let mut runner = KeystoneRunner::new(env, Overrides::default()).with_token_cache(true);
    let first = update::init(&mut model, None);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();

    let script = vec![Step::wait("every cloud answered", |m| {
        m.clouds.loaded && !m.clouds.rows.is_empty() && !m.clouds.fleet.checking()
    })];
    run_headless(&mut terminal, &mut model, &mut runner, script, first, LIMIT)
        .await
        .unwrap();
    assert_eq!(logins(&seen), 2, "the fleet logged in to both");
    assert_eq!(cached_keys().len(), 2, "and cached both logins");

    let script = vec![
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
        vec![],
        LIMIT,
    )
    .await
    .unwrap();
    assert_eq!(
        model.session.as_ref().map(|s| s.cloud.as_str()),
        Some("alice")
    );
    assert_eq!(logins(&seen), 0, "alice opened on the fleet's token");
}

async fn switch_scopes() {
    let home = temp_dir("tui-tc-scope");
    let (clouds, seen) = proxied_clouds(&home);
    let (demo, ci) = (
        seed().project("demo").id.clone(),
        seed().project("ci").id.clone(),
    );
    // Commands cache alice's token on demo (her cloud's scope) and on ci.
    alice(&home, &clouds, "demo", &["list"]);
    alice(&home, &clouds, "ci", &["--os-project-id", &ci, "list"]);
    assert_eq!(cached_keys().len(), 2);
    let _ = logins(&seen);

    let env = environment(&home, &clouds);
    let named = Overrides {
        cloud: Some("alice".into()),
        ..Default::default()
    };
    let cloud = config::resolve(&env, &named).expect("alice's cloud");
    let mut model = Model::new(Utc::now(), Theme { color: true }, 100, 30);
    let mut runner = KeystoneRunner::new(env, Overrides::default()).with_token_cache(true);
    let first = update::init(&mut model, Some(cloud));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();

    // Opened on demo from the cache: no login.
    let d = demo.clone();
    let script = vec![Step::wait("demo's list", move |m| on_project(m, &d))];
    run_headless(&mut terminal, &mut model, &mut runner, script, first, LIMIT)
        .await
        .unwrap();
    assert_eq!(logins(&seen), 0, "opened from the cache");

    // To ci: the token a command cached for ci, no request for it.
    let script = switch_to(&model, "ci", &ci);
    run_headless(
        &mut terminal,
        &mut model,
        &mut runner,
        script,
        vec![],
        LIMIT,
    )
    .await
    .unwrap();
    assert_eq!(logins(&seen), 0, "ci from the cache");
    assert!(
        model
            .table
            .items
            .iter()
            .any(|c| c.name == "alice-ci-reader"),
        "ci's credentials"
    );

    // Back to demo, by id this time: not cached, so one rescope, cached.
    let script = switch_to(&model, "demo", &demo);
    run_headless(
        &mut terminal,
        &mut model,
        &mut runner,
        script,
        vec![],
        LIMIT,
    )
    .await
    .unwrap();
    assert_eq!(logins(&seen), 1, "one rescope");
    assert_eq!(cached_keys().len(), 3, "the rescoped token is cached");
    assert!(model.last_error.is_none(), "{:?}", model.last_error);

    // A command on demo by id takes the TUI's rescoped token.
    let requests = alice(
        &home,
        &clouds,
        "demo-id",
        &["--os-project-id", &demo, "list"],
    );
    assert_eq!(requests.len(), 1, "no login: {requests:?}");
    assert_eq!(logins(&seen), 0);
}
