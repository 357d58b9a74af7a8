//! The cloud picker with a federated cloud, in the real binary under tmux
//! against the SSO test bed (support/sso.rs): a clouds.yaml with a
//! device-code cloud and a password one lists both; the fleet view says the
//! federated cloud's login needs a person (not that it failed, nor that it
//! wants a password) while the password cloud is listed; choosing the
//! federated cloud shows the device-code screen, `scripts/sso approve`
//! completes it and the list appears.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::sso::{bed, home};
use crate::support::terminal::{Tmux, quoted, skip_without_tmux};

const SLOW: Duration = Duration::from_secs(60);

/// The screen's line for `cloud` (the picker's row).
fn row<'a>(screen: &'a str, cloud: &str) -> Option<&'a str> {
    screen
        .lines()
        .find(|l| l.split_whitespace().any(|w| w == cloud))
}

/// The device code on the device-code screen: the word shaped ABCD-EFGH
/// on the line after "and enter the code".
fn code_on(screen: &str) -> Option<String> {
    let mut lines = screen.lines();
    lines.find(|l| l.contains("and enter the code"))?;
    lines
        .next()?
        .split(|c: char| c == '│' || c.is_whitespace())
        .find(|w| w.len() == 9 && w.as_bytes().get(4) == Some(&b'-'))
        .map(str::to_string)
}

/// `from` (clouds.yaml or secure.yaml) with only the device-code cloud
/// and the bed's admin (a password login), written to `to`.
fn only_two(from: &Path, to: &Path) -> PathBuf {
    let text = std::fs::read_to_string(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    let mut doc: serde_yaml::Value =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    if let Some(clouds) = doc.get_mut("clouds").and_then(|c| c.as_mapping_mut()) {
        clouds.retain(|name, _| matches!(name.as_str(), Some("sso-device" | "sso-admin")));
    }
    let yaml = serde_yaml::to_string(&doc).unwrap_or_else(|e| panic!("yaml: {e}"));
    std::fs::write(to, yaml).unwrap_or_else(|e| panic!("write {}: {e}", to.display()));
    to.to_path_buf()
}

#[test]
fn the_picker_with_a_federated_cloud_then_its_device_login() {
    let Some(bed) = bed() else { return };
    if skip_without_tmux("") {
        return;
    }
    let h = home();
    let clouds = only_two(&bed.clouds, &h.path().join("clouds.yaml"));
    let secure = only_two(&bed.dir.join("secure.yaml"), &h.path().join("secure.yaml"));
    let vars = vec![
        ("OS_CLIENT_CONFIG_FILE", clouds.display().to_string()),
        ("OS_CLIENT_SECURE_FILE", secure.display().to_string()),
        ("APPCRED_TOKEN_CACHE", "off".to_string()),
    ];
    let tmux = Tmux::start(h.path(), 110, 24, &vars);
    let bin = quoted(env!("CARGO_BIN_EXE_appcred"));
    tmux.shell(&bin);

    // Both listed, whatever the background logins have said so far.
    tmux.wait_for("the picker with both clouds", SLOW, |s| {
        s.contains("Choose a cloud")
            && row(s, "sso-device").is_some()
            && row(s, "sso-admin").is_some()
    });
    // Onto the federated cloud (keys work before the fleet answers).
    for _ in 0..3 {
        let screen = tmux.screen();
        if row(&screen, "sso-device").is_some_and(|l| l.contains('▶')) {
            break;
        }
        tmux.keys(&["Down"]);
        std::thread::sleep(Duration::from_millis(300));
    }
    let screen = tmux.wait_for("the fleet's answers", SLOW, |s| {
        row(s, "sso-device").is_some_and(|l| l.contains('▶') && l.contains("needs a person"))
            && row(s, "sso-admin").is_some_and(|l| l.contains(" ok "))
    });
    assert!(
        !row(&screen, "sso-device").is_some_and(|l| l.contains("failed") || l.contains("password")),
        "{screen}"
    );
    assert!(
        screen.contains("sso-device: its SSO login needs a person"),
        "the detail line says what opening it does:\n{screen}"
    );

    // Chosen: the device-code screen, approved by the script, then the list.
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the device-code screen", SLOW, |s| {
        s.contains("Log in to sso-device") && code_on(s).is_some()
    });
    let code = code_on(&screen).unwrap_or_default();
    bed.sso(&["approve", &code]);
    let screen = tmux.wait_for("the list after the login", SLOW, |s| {
        !s.contains("Log in to sso-device")
            && !s.contains("Choose a cloud")
            && s.contains("sso-project")
    });
    assert!(screen.contains("alice"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_exit(SLOW);
}
