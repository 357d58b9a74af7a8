//! The real terminal UI in tmux keeps a rotated credential's new secret in
//! a real `pass` store (a child process fed through a pipe, run off the
//! UI's one thread) with one key: config.toml's `default_store`.
//!
//! Skipped, with the reason printed, when tmux, pass or gpg is missing.

use std::time::Duration;

use crate::support;
use crate::support::cli::*;
use crate::support::stores::Pass;
use crate::support::terminal::*;

const SLOW: Duration = Duration::from_secs(30);

#[test]
fn the_secret_screen_keeps_the_secret_in_default_store_with_one_key() {
    if skip_without_tmux("the store key in the real TUI") {
        return;
    }
    let Some(pass) = Pass::start("store_tui_pass::store_key") else {
        return;
    };
    let mut clean = Cleanup::new("alice");
    let name = clean.name(support::unique("tui-pass"));
    run("alice", &["create", &name, "--role", "member"]).ok();
    let dir = support::temp_dir("tui-pass");
    let at = format!("openstack/{name}");
    let config = dir.join("config.toml");
    std::fs::write(&config, format!("default_store = \"pass:{at}\"\n")).expect("config");
    let seed = support::seed();
    let mut vars = clouds_env(&seed.clouds_yaml);
    vars.extend([
        ("APPCRED_CONFIG", config.display().to_string()),
        ("GNUPGHOME", pass.gnupghome.display().to_string()),
        ("PASSWORD_STORE_DIR", pass.store.display().to_string()),
    ]);
    let tmux = Tmux::start(&dir, 120, 40, &vars);
    tmux.shell(&appcred_command("--os-cloud alice"));
    tmux.wait_for("the list", SLOW, |s| s.contains(&name));
    let screen = tmux.rotate_to_secret_screen(&name, "s store", SLOW);
    let new_id = reveal_field(&screen, "ID").expect("the new id on the reveal screen");
    if let Some(new_name) = reveal_field(&screen, "Name") {
        clean.name(new_name);
    }
    tmux.keys(&["s"]);
    tmux.wait_for("the store's answer", SLOW, |s| {
        s.contains(&format!("Stored the secret in pass:{at}"))
    });
    tmux.kill_session();
    let shown = pass.show(&at);
    assert!(
        shown.contains(&format!("application_credential_id: {new_id}")),
        "pass show {at} does not hold {new_id}"
    );
}
