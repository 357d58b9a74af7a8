//! The command line honours config.toml: `appcred list` marks "(!)" the
//! credentials within `expiry_warning_days`, and a broken config stops it
//! with the config's own error. Against the real test Keystone (seed:
//! alice-5days expires in 5 days, alice-60days in 60). The command line
//! reads only the top-level settings: a broken `[keys]` or `[colours]` stops
//! the TUI alone.

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

/// `[keys]` and `[colours]` are the terminal UI's: the command line skips
/// them, so a mistake there leaves `appcred list` working (and still using
/// the shared settings), while the TUI refuses the file as it always did.
#[test]
fn a_broken_keys_or_colours_section_stops_only_the_tui() {
    let broken = [
        (
            "expiry_warning_days = 90\n[keys.credentials]\ndelet = \"x\"\n",
            "config.toml, line 3, column 9: `keys.credentials.delet`: the credentials screen \
             has no action `delet`",
        ),
        (
            "expiry_warning_days = 90\n[colours]\nexpired = \"redd\"\n",
            "config.toml, line 3, column 11: `colours.expired`: \"redd\" is not a colour",
        ),
    ];
    for (i, (text, message)) in broken.into_iter().enumerate() {
        let home = support::temp_dir(&format!("settings-tui-only-{i}"));
        write_config(&home, text);
        // The command line: listed, with config.toml's 90-day window.
        assert!(list_line(&home, "alice-60days").contains("(!)"), "{text:?}");

        // The TUI's reader refuses it with the line, column and setting.
        let env = appcred::config::Environment {
            vars: [(
                "XDG_CONFIG_HOME".to_string(),
                home.join(".config").display().to_string(),
            )]
            .into(),
            cwd: home.clone(),
            home: Some(home.clone()),
        };
        let refused = appcred::settings::load(&env).map_err(|e| e.to_string());
        assert!(
            refused.as_ref().is_err_and(|e| e.contains(message)),
            "{text:?}: {refused:?}"
        );

        // And so does the TUI itself, before it takes the terminal.
        let out = support::appcred_in(&home)
            .args(["--os-cloud", "alice"])
            .output()
            .expect("cannot run appcred");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(message), "{text:?}: {stderr}");
    }
}
