//! The command line honours config.toml: `appcred list` marks "(!)" the
//! credentials within `expiry_warning_days`, and a broken config stops it
//! with the config's own error. Against the real test Keystone (seed:
//! alice-5days expires in 5 days, alice-60days in 60).

use crate::support;

use std::path::Path;

fn list_line(home: &Path, name: &str) -> String {
    let out = support::appcred_in(home)
        .args(["--os-cloud", "alice", "list"])
        .output()
        .expect("cannot run appcred");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
        .lines()
        .find(|l| l.contains(name))
        .unwrap_or_else(|| panic!("{name} not listed:\n{stdout}"))
        .to_string()
}

fn write_config(home: &Path, text: &str) {
    let dir = home.join(".config/appcred");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("config.toml"), text).expect("write");
}

#[test]
fn list_marks_expiring_within_the_configured_window() {
    let home = support::temp_dir("settings-default");
    assert!(list_line(&home, "alice-5days").contains("(!)"));
    assert!(!list_line(&home, "alice-60days").contains("(!)"));

    let home = support::temp_dir("settings-90");
    write_config(&home, "expiry_warning_days = 90\n");
    assert!(list_line(&home, "alice-60days").contains("(!)"));

    let home = support::temp_dir("settings-0");
    write_config(&home, "expiry_warning_days = 0\n");
    assert!(!list_line(&home, "alice-5days").contains("(!)"));
}

#[test]
fn a_broken_config_stops_list_with_its_line() {
    let home = support::temp_dir("settings-broken");
    write_config(&home, "# mine\nexpiry_warning_day = 90\n");
    let out = support::appcred_in(&home)
        .args(["--os-cloud", "alice", "list"])
        .output()
        .expect("cannot run appcred");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("config.toml, line 2, column 1"), "{stderr}");
    assert!(stderr.contains("`expiry_warning_day`"), "{stderr}");
}
