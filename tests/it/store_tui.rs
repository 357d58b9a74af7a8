//! Keeping the secret from the terminal UI and serving the fleet from a
//! store (issue 25), against the real test Keystone and a real OpenBao dev
//! server:
//!
//! - the TUI's real event loop and effect runner create a credential, the
//!   secret screen's store key writes it to `default_store`, which refuses
//!   (its place holds another credential) and keeps the secret on screen,
//!   then the key asks for an address, prefilled with the default, and
//!   another place takes it; read back with `bao kv get`, recorded for
//!   rotation;
//! - `list --all-clouds` lists a clouds.yaml cloud whose secret is only in
//!   the store (`secret_store: vault:...`).
//!
//! Skipped, with the reason printed, when OpenBao is not installed.

use std::time::Duration;

use appcred::config::{Environment, Overrides};
use appcred::tui::app::{Step, run_headless};
use appcred::tui::effects::KeystoneRunner;
use appcred::tui::model::{Model, Screen};
use appcred::tui::screens::rotate::Progress;
use appcred::tui::theme::Theme;
use appcred::tui::update;
use chrono::Utc;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::support::cli::*;
use crate::support::headless::{create_in_wizard, idle, press, typed};
use crate::support::keystone::password_cloud;
use crate::support::stores::{Bao, appcred_with, create_stored};
use crate::support::{self, unique};

const LIMIT: Duration = Duration::from_secs(60);

fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    terminal.backend().to_string()
}

/// The runner's environment: this OpenBao as root, and `more`.
fn vault_env(bao: &Bao, more: &[(&str, String)]) -> Environment {
    let mut env = Environment::default();
    let server = [
        ("VAULT_ADDR", bao.addr.clone()),
        ("VAULT_TOKEN", "root".to_string()),
    ];
    for (k, v) in server.iter().chain(more) {
        env.vars.insert((*k).into(), v.clone());
    }
    env
}

/// A credential of alice's made with `--store vault:PATH` through `cmd`
/// (extra settings on top of this OpenBao's): its name (cleaned up), the
/// path and its id.
fn stored_in_vault(
    bao: &Bao,
    clean: &mut Cleanup,
    prefix: &str,
    more: impl FnOnce(&mut std::process::Command),
) -> (String, String, String) {
    let name = clean.name(unique(prefix));
    let path = format!("secret/openstack/{name}");
    let cmd = appcred_with(|c| {
        bao.env(c, "root");
        more(c);
    });
    let made = create_stored(cmd, &name, &[&format!("vault:{path}")]);
    let id = made.ok().json()["id"].as_str().expect("id").to_string();
    (name, path, id)
}

/// A clouds.yaml whose one cloud, `kept`, names the store at `path`
/// instead of holding its secret.
fn clouds_naming(path: &str) -> std::path::PathBuf {
    let seed = support::seed();
    let clouds = support::temp_dir("store-tui-clouds").join("clouds.yaml");
    let yaml = format!(
        "clouds:\n  kept:\n    auth_type: v3applicationcredential\n    auth:\n      \
         auth_url: {url}\n    region_name: {region}\n    secret_store: vault:{path}\n",
        url = seed.auth_url,
        region = seed.region,
    );
    std::fs::write(&clouds, yaml).expect("clouds.yaml");
    clouds
}

#[tokio::test(flavor = "multi_thread")]
async fn the_secret_screen_stores_the_secret_and_keeps_it_when_a_store_fails() {
    let Some(bao) = Bao::start("store_tui::secret_screen") else {
        return;
    };
    let mut clean = Cleanup::new("alice");
    let name = clean.name(unique("tui-store"));
    let path = format!("secret/openstack/{name}");
    let taken = format!("secret/openstack/{name}-taken");
    bao.run(&[
        "kv",
        "put",
        &taken,
        "application_credential_id=someone-else",
    ]);
    let state = support::temp_dir("tui-store-state");
    let env = vault_env(&bao, &[("XDG_STATE_HOME", state.display().to_string())]);
    let mut runner = KeystoneRunner::new(env.clone(), Overrides::default());
    let mut model = Model::new(Utc::now(), Theme { color: true }, 100, 30);
    model.ctx.settings.default_store = Some(format!("vault:{taken}").parse().expect("address"));
    let first = update::init(&mut model, Some(password_cloud("alice", Some("demo"))));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");

    // The wizard with its defaults but a name and one role.
    let mut script = create_in_wizard(&name);
    script.extend([
        // The default store's place holds another credential: refused,
        // and the secret stays.
        press(KeyCode::Char('s')),
        Step::wait("the store's answer", |m| idle(m) && m.last_error.is_some()),
    ]);
    run_headless(&mut terminal, &mut model, &mut runner, script, first, LIMIT)
        .await
        .expect("the TUI ran");
    let screen = screen_text(&terminal);
    assert!(matches!(model.screen, Screen::Reveal(_)), "{screen}");
    let shown = model.last_error.clone().unwrap_or_default();
    assert!(
        shown.contains(&format!("vault:{taken}")) && shown.contains("another credential"),
        "{shown}"
    );
    let secret = match &model.screen {
        Screen::Reveal(r) => r.secret().map(|s| s.expose().to_string()),
        _ => None,
    };
    let Some(secret) = secret else {
        panic!("the secret left the screen after the failure: {screen}");
    };

    // The key now asks, prefilled with the default: another place.
    model.last_error = None;
    // The default is in the field; a place of our own instead.
    let mut script = vec![press(KeyCode::Char('s'))];
    script.push(Step::key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    script.extend(typed(&format!("vault:{path}")));
    script.extend([
        press(KeyCode::Enter),
        Step::wait("the store's answer", idle),
    ]);
    run_headless(
        &mut terminal,
        &mut model,
        &mut runner,
        script,
        Vec::new(),
        LIMIT,
    )
    .await
    .expect("the TUI ran");
    let screen = screen_text(&terminal);
    assert!(screen.contains("Stored the secret in"), "{screen}");
    let data = bao.kv_data(&path);
    assert_eq!(
        data["application_credential_secret"],
        secret.as_str(),
        "{data}"
    );
    assert_eq!(data["name"], name.as_str(), "{data}");
    let id = data["application_credential_id"]
        .as_str()
        .unwrap_or_default();
    let (ledger, _) = appcred::held::load_all(&env);
    let places = format!("{ledger:?}");
    assert!(
        places.contains(id) && places.contains(&format!("vault:{path}")),
        "{places}"
    );
}

#[test]
fn the_fleet_lists_a_cloud_whose_secret_is_only_in_a_store() {
    let Some(bao) = Bao::start("store_tui::fleet") else {
        return;
    };
    let mut clean = Cleanup::new("alice");
    let (_, path, id) = stored_in_vault(&bao, &mut clean, "fleet-store", |_| {});
    let clouds = clouds_naming(&path);
    let mut cmd = appcred_with(|c| {
        bao.env(c, "root");
        c.env("OS_CLIENT_CONFIG_FILE", &clouds)
            .env_remove("OS_CLIENT_SECURE_FILE");
    });
    cmd.args(["list", "--all-clouds", "-f", "json"]);
    let out = run_cmd(cmd, None, &[], None);
    out.ok();
    let records = out.json();
    let listed = records
        .as_array()
        .into_iter()
        .flatten()
        .any(|r| r["cloud"] == "kept" && r["id"] == id.as_str());
    assert!(listed, "{records}");
}

/// The TUI's rotation updates a store recorded for the old credential
/// (issue 25: no store named, the record says where): offered with the
/// files, written with the successor, read back and logging in.
#[tokio::test(flavor = "multi_thread")]
async fn the_tui_rotation_updates_a_recorded_store() {
    let Some(bao) = Bao::start("store_tui::rotation") else {
        return;
    };
    let mut clean = Cleanup::new("alice");
    let state = support::temp_dir("tui-rot-store-state");
    let (name, path, old_id) = stored_in_vault(&bao, &mut clean, "tui-rot-store", |c| {
        c.env("XDG_STATE_HOME", &state);
    });
    let env = vault_env(&bao, &[("XDG_STATE_HOME", state.display().to_string())]);
    let mut runner = KeystoneRunner::new(env, Overrides::default());
    let mut model = Model::new(Utc::now(), Theme { color: true }, 120, 40);
    let first = update::init(&mut model, Some(password_cloud("alice", Some("demo"))));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let progress = |m: &Model| match &m.screen {
        Screen::Rotate(r) => r.progress().cloned(),
        _ => None,
    };
    let mut script = vec![
        Step::wait("the list", |m| {
            matches!(m.screen, Screen::Main) && !m.table.loading && idle(m)
        }),
        press(KeyCode::Char('/')),
    ];
    script.extend(typed(&name));
    script.extend([
        press(KeyCode::Enter),
        press(KeyCode::Char('R')),
        Step::wait(
            "the rotate confirmation",
            |m| matches!(&m.screen, Screen::Rotate(r) if r.confirm().is_some()),
        ),
        press(KeyCode::Enter),
        Step::wait(
            "the stores question",
            move |m| matches!(progress(m), Some(Progress::Asking(c)) if !c.stores.is_empty()),
        ),
    ]);
    run_headless(&mut terminal, &mut model, &mut runner, script, first, LIMIT)
        .await
        .expect("the TUI ran");
    let screen = screen_text(&terminal);
    assert!(
        screen.contains("These stores hold the old credential"),
        "{screen}"
    );
    let new = match &model.screen {
        Screen::Rotate(r) => r.reveal().map(|r| r.credential().clone()),
        _ => None,
    };
    let Some(new) = new else {
        panic!("no successor on screen: {screen}");
    };
    clean.name(new.name.clone());
    let script = vec![
        press(KeyCode::Char('y')),
        Step::wait("the update", move |m| {
            idle(m)
                && matches!(
                    progress(m),
                    Some(Progress::Works | Progress::ConsumersBroken)
                )
        }),
    ];
    run_headless(
        &mut terminal,
        &mut model,
        &mut runner,
        script,
        Vec::new(),
        LIMIT,
    )
    .await
    .expect("the TUI ran");
    let screen = screen_text(&terminal);
    assert_eq!(progress(&model), Some(Progress::Works), "{screen}");
    let data = bao.kv_data(&path);
    assert_eq!(data["application_credential_id"], new.id.as_str(), "{data}");
    assert_ne!(new.id, old_id);
}

/// The TUI's login takes a clouds.yaml cloud's secret from its
/// `secret_store`, as the command line does: the list loads.
#[tokio::test(flavor = "multi_thread")]
async fn the_tui_logs_in_to_a_cloud_whose_secret_is_only_in_a_store() {
    let Some(bao) = Bao::start("store_tui::login") else {
        return;
    };
    let mut clean = Cleanup::new("alice");
    let (name, path, _) = stored_in_vault(&bao, &mut clean, "tui-login-store", |_| {});
    let clouds = clouds_naming(&path);
    let env = vault_env(
        &bao,
        &[("OS_CLIENT_CONFIG_FILE", clouds.display().to_string())],
    );
    let overrides = Overrides {
        cloud: Some("kept".into()),
        ..Overrides::default()
    };
    let cloud = appcred::config::resolve(&env, &overrides).expect("the cloud");
    assert!(
        cloud.auth.application_credential_secret.is_none(),
        "the file holds no secret"
    );
    let mut runner = KeystoneRunner::new(env, Overrides::default());
    let mut model = Model::new(Utc::now(), Theme { color: true }, 100, 30);
    let first = update::init(&mut model, Some(cloud));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    let ours = name.clone();
    let script = vec![Step::wait("the list with ours", move |m| {
        idle(m) && m.table.items.iter().any(|c| c.name == ours)
    })];
    run_headless(&mut terminal, &mut model, &mut runner, script, first, LIMIT)
        .await
        .expect("the TUI ran");
    assert!(model.last_error.is_none(), "{:?}", model.last_error);
}
