//! The real terminal UI in tmux keeps a rotated credential's new secret in
//! a real `pass` store (a child process fed through a pipe, run off the
//! UI's one thread) with one key: config.toml's `default_store`; with
//! `[stores]`, the key's list and a named store picked from it.
//!
//! A key with a passphrase gpg-agent does not hold: gpg's pinentry never
//! takes over the UI's terminal; the UI says how to unlock the key.
//!
//! Skipped, with the reason printed, when tmux, pass or gpg is missing.

use std::time::Duration;

use crate::support;
use crate::support::cli::*;
use crate::support::stores::{Pass, must};
use crate::support::terminal::*;

const SLOW: Duration = Duration::from_secs(30);

/// The real TUI in tmux on the secret screen of a credential of alice's
/// just rotated, with a throw-away pass store and config.toml made by
/// `config` from the credential's name.
struct OnSecretScreen {
    tmux: Tmux,
    pass: Pass,
    /// Holds the credentials for removal when the test ends.
    _clean: Cleanup,
    name: String,
    new_id: String,
}

fn on_secret_screen(test: &str, config: impl FnOnce(&str) -> String) -> Option<OnSecretScreen> {
    if skip_without_tmux("the store key in the real TUI") {
        return None;
    }
    let pass = Pass::start(test)?;
    let mut clean = Cleanup::new("alice");
    let name = clean.name(support::unique("tui-pass"));
    run("alice", &["create", &name, "--role", "member"]).ok();
    let dir = support::temp_dir("tui-pass");
    let file = dir.join("config.toml");
    std::fs::write(&file, config(&name)).expect("config");
    let seed = support::seed();
    let mut vars = clouds_env(&seed.clouds_yaml);
    vars.extend([
        ("APPCRED_CONFIG", file.display().to_string()),
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
    Some(OnSecretScreen {
        tmux,
        pass,
        _clean: clean,
        name,
        new_id,
    })
}

impl OnSecretScreen {
    /// Waits for the store's answer naming `at`, ends the session and
    /// checks `pass show at` holds the new credential.
    fn stored_in(&self, at: &str) {
        self.tmux.wait_for("the store's answer", SLOW, |s| {
            s.contains(&format!("Stored the secret in pass:{at}"))
        });
        self.tmux.kill_session();
        let shown = self.pass.show(at);
        assert!(
            shown.contains(&format!("application_credential_id: {}", self.new_id)),
            "pass show {at} does not hold {}",
            self.new_id
        );
    }
}

#[test]
fn the_secret_screen_keeps_the_secret_in_default_store_with_one_key() {
    let Some(s) = on_secret_screen("store_tui_pass::store_key", |name| {
        format!("default_store = \"pass:openstack/{name}\"\n")
    }) else {
        return;
    };
    s.tmux.keys(&["s"]);
    s.stored_in(&format!("openstack/{}", s.name));
}

#[test]
fn the_store_key_lists_the_named_stores_and_stores_in_the_one_picked() {
    let Some(s) = on_secret_screen("store_tui_pass::store_pick", |name| {
        format!(
            "default_store = \"main\"\n[stores]\nmain = \"pass:openstack/{name}-default\"\n\
             team = \"pass:openstack/{name}\"\n"
        )
    }) else {
        return;
    };
    let default = format!("openstack/{}-default", s.name);
    let at = format!("openstack/{}", s.name);
    s.tmux.keys(&["s"]);
    s.tmux.wait_for("the store list", SLOW, |screen| {
        screen.contains(&format!("main  pass:{default}  (default)"))
            && screen.contains(&format!("team  pass:{at}"))
            && screen.contains("another address…")
    });
    s.tmux.keys(&["Down", "Enter"]);
    s.stored_in(&at);
    assert!(
        !s.pass.store.join(format!("{default}.gpg")).exists(),
        "the default was not picked"
    );
}

/// A cloud whose secret is in a pass entry under a key with a passphrase the
/// agent does not hold, and `GPG_TTY` naming the pane (as the usual
/// `export GPG_TTY=$(tty)` does): without the UI's `--pinentry-mode=error`,
/// gpg-agent starts pinentry-curses on that terminal over the UI. With it,
/// the login fails with the entry named and the way to unlock the key, and
/// after the key is unlocked in a shell the same entry logs in.
#[test]
fn a_locked_gpg_key_brings_no_pinentry_over_the_ui_and_says_how_to_unlock_it() {
    if skip_without_tmux("gpg's pinentry under the real TUI") {
        return;
    }
    let Some(pass) = Pass::start_locked("store_tui_pass::locked_key", "correct horse") else {
        return;
    };
    let mut clean = Cleanup::new("alice");
    let name = clean.name(support::unique("tui-locked"));
    let at = format!("openstack/{name}");
    let mut create = support::appcred();
    pass.env(&mut create);
    let seed = support::seed();
    let made = run_cmd(
        create,
        Some("alice"),
        &[
            "create",
            &name,
            "--role",
            "member",
            "--store",
            &format!("pass:{at}"),
        ],
        None,
    );
    made.ok();
    // Encrypting needed no passphrase; the agent holds none.
    must(pass.cmd("gpgconf").args(["--kill", "gpg-agent"]));

    let dir = support::temp_dir("tui-locked");
    let clouds = dir.join("clouds.yaml");
    std::fs::write(
        &clouds,
        format!(
            "clouds:\n  ci:\n    auth_type: v3applicationcredential\n    auth:\n      \
             auth_url: {url}\n    region_name: {region}\n    secret_store: pass:{at}\n",
            url = seed.auth_url,
            region = seed.region,
        ),
    )
    .expect("clouds.yaml");
    let vars = vec![
        ("OS_CLIENT_CONFIG_FILE", clouds.display().to_string()),
        ("GNUPGHOME", pass.gnupghome.display().to_string()),
        ("PASSWORD_STORE_DIR", pass.store.display().to_string()),
    ];
    let tmux = Tmux::start(&dir, 120, 40, &vars);
    tmux.shell(&format!(
        "export GPG_TTY=$(tty); {}",
        appcred_command("--os-cloud ci")
    ));
    let screen = tmux.wait_for("the store's error", SLOW, |s| {
        s.contains("unlock the key in a shell first") || s.contains("assphrase:")
    });
    assert!(
        !screen.contains("assphrase:") && !screen.contains("PIN"),
        "gpg's pinentry drew over the UI:\n{screen}"
    );
    assert!(screen.contains(&format!("pass:{at}")), "{screen}");
    tmux.kill_session();

    // Unlocked in a shell (the agent now holds the passphrase), the same
    // cloud logs in.
    must(
        pass.cmd("gpg")
            .args([
                "--batch",
                "--pinentry-mode",
                "loopback",
                "--passphrase",
                "correct horse",
                "--decrypt",
                "--output",
                "/dev/null",
            ])
            .arg(pass.store.join(format!("{at}.gpg"))),
    );
    let mut verify = support::appcred();
    pass.env(&mut verify);
    verify
        .env("OS_CLIENT_CONFIG_FILE", &clouds)
        .env_remove("OS_CLIENT_SECURE_FILE");
    run_cmd(verify, Some("ci"), &["verify"], None).ok();
}
