//! Issue 17 in a real terminal (tmux): the terminal is given back after a
//! signal at the `Password for ...:` prompt (defect 6). Skipped, saying why,
//! without tmux.

mod common;
mod terminal_support;

use std::time::Duration;

use common::temp_dir;
use terminal_support::*;

const SLOW: Duration = Duration::from_secs(30);

fn skip_without_tmux(test: &str) -> bool {
    if tmux_available() {
        return false;
    }
    eprintln!("skipping {test}: tmux is not installed");
    true
}

/// A password login with no password anywhere: appcred asks for it.
/// (Nothing listens on port 9: no request is ever answered.)
fn prompting_env() -> Vec<(&'static str, String)> {
    vec![
        ("OS_AUTH_URL", "http://127.0.0.1:9/v3".to_string()),
        ("OS_USERNAME", "alice".to_string()),
        ("OS_USER_DOMAIN_NAME", "Default".to_string()),
        ("OS_PROJECT_NAME", "demo".to_string()),
        ("OS_PROJECT_DOMAIN_NAME", "Default".to_string()),
    ]
}

fn interrupted_prompt(case: &str, end: impl FnOnce(&Tmux), code: u8) {
    if skip_without_tmux(case) {
        return;
    }
    let dir = temp_dir("tmux-prompt");
    let tmux = Tmux::start(&dir, 100, 24, &prompting_env());
    tmux.shell(&format!(
        "{} list; echo \"rc=$?\"",
        quoted(env!("CARGO_BIN_EXE_appcred"))
    ));
    tmux.wait_for("the password prompt", SLOW, |s| {
        s.contains("Password for alice")
    });
    // Something typed, not echoed: the terminal is in the prompt's mode.
    tmux.type_text("abc");
    end(&tmux);
    tmux.wait_exit(SLOW);
    let screen = tmux.wait_for("the exit code", SLOW, |s| s.contains("rc="));
    assert!(screen.contains(&format!("rc={code}")), "{case}: {screen}");
    assert!(
        !screen.contains("abc"),
        "{case}: the typed password was echoed: {screen}"
    );
    tmux.assert_restored(case);
}

#[test]
fn ctrl_c_at_the_password_prompt_restores_the_terminal() {
    interrupted_prompt("prompt-ctrl-c", |t| t.keys(&["C-c"]), 130);
}

#[test]
fn signals_at_the_password_prompt_restore_the_terminal() {
    for (signal, code) in [("INT", 130), ("QUIT", 131), ("TERM", 143), ("HUP", 129)] {
        interrupted_prompt(&format!("prompt-sig{signal}"), |t| t.signal(signal), code);
    }
}
