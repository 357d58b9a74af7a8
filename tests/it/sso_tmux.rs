//! The real binary in tmux logs in by device code through the SSO test bed
//! (support/sso.rs): the device-code screen shows the code and a QR
//! code, `scripts/sso approve` approves it, and the list appears; Esc on
//! the screen cancels a second login.

use std::time::Duration;

use crate::support::sso::{bed, home};
use crate::support::terminal::{Tmux, appcred_command, skip_without_tmux};

const SLOW: Duration = Duration::from_secs(60);

/// The code on the device-code screen: the line after "and enter the code".
fn code_on(screen: &str) -> Option<String> {
    let mut lines = screen.lines();
    lines.find(|l| l.contains("and enter the code"))?;
    let line = lines.next()?;
    line.split(|c: char| c == '│' || c.is_whitespace())
        .find(|w| w.len() == 9 && w.as_bytes().get(4) == Some(&b'-'))
        .map(str::to_string)
}

#[test]
fn device_login_in_the_terminal_ui_then_the_list() {
    let Some(bed) = bed() else { return };
    if skip_without_tmux("sso device login") {
        return;
    }
    let h = home();
    let vars = vec![
        ("OS_CLIENT_CONFIG_FILE", bed.clouds.display().to_string()),
        (
            "OS_CLIENT_SECURE_FILE",
            bed.dir.join("secure.yaml").display().to_string(),
        ),
        ("APPCRED_TOKEN_CACHE", "off".to_string()),
    ];
    let tmux = Tmux::start(h.path(), 80, 24, &vars);
    tmux.shell(&appcred_command("--os-cloud sso-device"));
    let screen = tmux.wait_for("the device-code screen", SLOW, |s| {
        s.contains("Log in to sso-device") && code_on(s).is_some()
    });
    assert!(
        screen.contains("expires in") && screen.contains('█'),
        "no countdown or QR code:\n{screen}"
    );
    let code = code_on(&screen).unwrap_or_default();
    bed.sso(&["approve", &code]);
    let screen = tmux.wait_for("the list after the login", SLOW, |s| {
        !s.contains("Log in to sso-device") && s.contains("sso-project")
    });
    assert!(screen.contains("alice"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_exit(SLOW);

    // A second run: Esc on the screen cancels the login and says so.
    tmux.shell(&appcred_command("--os-cloud sso-device"));
    tmux.wait_for("the device-code screen again", SLOW, |s| {
        code_on(s).is_some()
    });
    tmux.keys(&["Escape"]);
    let screen = tmux.wait_for("the cancellation", SLOW, |s| s.contains("Login cancelled"));
    assert!(!screen.contains("Log in to sso-device"), "{screen}");
}
