//! The terminal UI reads config.toml before it takes the terminal over: a
//! broken file stops it with the file, line and setting on the normal
//! screen (no alternate screen, no raw mode to recover from).

use std::process::Command;

#[test]
fn a_broken_config_stops_the_tui_before_the_terminal_is_taken() {
    let home = crate::support::temp_dir("settings-tui");
    let config = home.join("config.toml");
    std::fs::write(
        &config,
        "expiry_warning_days = 14\n[keys.credentials]\ndelet = \"x\"\n",
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_appcred"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &home)
        .env("APPCRED_CONFIG", &config)
        .env("TERM", "xterm-256color")
        .current_dir(&home)
        .output()
        .expect("cannot run appcred");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&config.display().to_string()), "{stderr}");
    assert!(stderr.contains("line 3"), "{stderr}");
    assert!(stderr.contains("delet"), "{stderr}");
    // Nothing was drawn: no alternate screen was entered.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("\x1b[?1049h"), "{stdout:?}");
}
