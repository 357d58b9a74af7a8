//! config.toml: where it is found, what a broken one says, and every
//! setting except the key bindings (settings_keys.rs) read and checked.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use appcred::config::Environment;
use appcred::settings::{self, Colours, Settings, SettingsError};
use ratatui::style::Color;

fn env(home: &Path, vars: &[(&str, &str)]) -> Environment {
    Environment {
        vars: vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<HashMap<_, _>>(),
        cwd: home.join("work"),
        home: Some(home.to_path_buf()),
    }
}

fn parse(text: &str) -> Result<Settings, SettingsError> {
    Settings::parse(
        text,
        Path::new("/cfg/config.toml"),
        Some(Path::new("/home/ann")),
    )
}

/// The error's text, or a note that there was none.
fn error(text: &str) -> String {
    match parse(text) {
        Ok(s) => format!("no error: {s:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn where_the_file_is_looked_for() {
    let home = Path::new("/home/ann");
    let file = |vars: &[(&str, &str)]| settings::config_file(&env(home, vars));
    let default = Some(PathBuf::from("/home/ann/.config/appcred/config.toml"));
    assert_eq!(file(&[]), default);
    assert_eq!(
        file(&[("XDG_CONFIG_HOME", "/xdg")]),
        Some(PathBuf::from("/xdg/appcred/config.toml"))
    );
    // The XDG spec says a relative value is to be ignored.
    assert_eq!(file(&[("XDG_CONFIG_HOME", "rel")]), default);
    assert_eq!(file(&[("XDG_CONFIG_HOME", "")]), default);
    assert_eq!(
        file(&[
            ("APPCRED_CONFIG", "/etc/ac.toml"),
            ("XDG_CONFIG_HOME", "/xdg")
        ]),
        Some(PathBuf::from("/etc/ac.toml"))
    );
    assert_eq!(
        file(&[("APPCRED_CONFIG", "mine.toml")]),
        Some(PathBuf::from("/home/ann/work/mine.toml"))
    );
    let homeless = Environment {
        home: None,
        ..env(home, &[])
    };
    assert_eq!(settings::config_file(&homeless), None);
    assert_eq!(settings::load(&homeless).ok(), Some(Settings::default()));
}

#[test]
fn a_missing_file_means_the_defaults_unless_named() {
    let dir = tempfile::tempdir().map_err(|e| e.to_string());
    let Ok(dir) = dir else {
        panic!("cannot make a temporary directory")
    };
    assert_eq!(
        settings::load(&env(dir.path(), &[])).ok(),
        Some(Settings::default())
    );

    let named = env(
        dir.path(),
        &[("APPCRED_CONFIG", "/nonexistent/appcred.toml")],
    );
    let message = settings::load(&named)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(message.contains("/nonexistent/appcred.toml"), "{message}");
    assert!(message.contains("APPCRED_CONFIG"), "{message}");
}

#[test]
fn a_file_is_read_from_the_default_place() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let cfg = dir.path().join(".config/appcred");
    std::fs::create_dir_all(&cfg)?;
    std::fs::write(cfg.join("config.toml"), "expiry_warning_days = 3\n")?;
    let loaded = settings::load(&env(dir.path(), &[]))?;
    assert_eq!(loaded.shared.expiry_warning_days, 3);
    assert_eq!(loaded.shared.expiry_warning(), chrono::Duration::days(3));
    Ok(())
}

#[test]
fn unreadable_files_say_which_and_why() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let as_dir = dir.path().join("dir.toml");
    std::fs::create_dir(&as_dir)?;
    let e = settings::load(&env(
        dir.path(),
        &[("APPCRED_CONFIG", &as_dir.to_string_lossy())],
    ));
    let message = e.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains("dir.toml") && message.contains("cannot read"),
        "{message}"
    );

    let latin1 = dir.path().join("latin1.toml");
    std::fs::write(&latin1, b"expiry_warning_days = 3 # caf\xe9\n")?;
    let e = settings::load(&env(
        dir.path(),
        &[("APPCRED_CONFIG", &latin1.to_string_lossy())],
    ));
    let message = e.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains("latin1.toml") && message.contains("UTF-8"),
        "{message}"
    );
    Ok(())
}

#[test]
fn an_empty_file_is_the_defaults() {
    assert_eq!(parse("").ok(), Some(Settings::default()));
    assert_eq!(parse("# nothing yet\n").ok(), Some(Settings::default()));
}

#[test]
fn broken_toml_names_file_line_and_column() {
    let e = parse("expiry_warning_days = 3\nclipboard_clear_seconds = \n");
    assert!(
        matches!(&e, Err(SettingsError::Syntax { line: 2, .. })),
        "{e:?}"
    );
    let message = error("expiry_warning_days = 3\n[colours\n");
    assert!(
        message.starts_with("/cfg/config.toml, line 2, column"),
        "{message}"
    );
    assert!(message.contains("invalid TOML"), "{message}");
}

#[test]
fn unknown_settings_are_refused_by_name_and_line() {
    let e = parse("expiry_warning_days = 3\nexpiry_warn_days = 5\n");
    assert_eq!(e.as_ref().err().and_then(|e| e.position()), Some((2, 1)));
    assert_eq!(
        e.as_ref().err().and_then(|e| e.key()),
        Some("expiry_warn_days")
    );
    let message = error("expiry_warn_days = 5\n");
    assert!(
        message.contains("unknown field `expiry_warn_days`"),
        "{message}"
    );
    assert!(
        message.contains("expiry_warning_days"),
        "{message}: lists the real ones"
    );
}

#[test]
fn expiry_warning_days() {
    assert_eq!(Settings::default().shared.expiry_warning_days, 14);
    assert_eq!(
        parse("expiry_warning_days = 30")
            .map(|s| s.shared.expiry_warning_days)
            .ok(),
        Some(30)
    );
    assert_eq!(
        parse("expiry_warning_days = 0")
            .map(|s| s.shared.expiry_warning_days)
            .ok(),
        Some(0)
    );
    assert_eq!(
        parse("expiry_warning_days = 3650")
            .map(|s| s.shared.expiry_warning_days)
            .ok(),
        Some(3650)
    );
    for bad in ["-1", "3651", "99999999999"] {
        let message = error(&format!("expiry_warning_days = {bad}"));
        assert!(
            message.contains("`expiry_warning_days`") && message.contains("0 to 3650"),
            "{message}"
        );
    }
    let message = error("\nexpiry_warning_days = \"14\"");
    assert!(
        message.contains("line 2") && message.contains("`expiry_warning_days`"),
        "{message}"
    );
    assert!(error("expiry_warning_days = 1.5").contains("a whole number"));
}

#[test]
fn clipboard_clear_seconds() {
    let s = parse("clipboard_clear_seconds = 10");
    assert_eq!(
        s.as_ref().map(|s| s.shared.clipboard_clear_seconds).ok(),
        Some(10)
    );
    assert_eq!(
        s.map(|s| s.shared.clipboard_clear_after()).ok(),
        Some(std::time::Duration::from_secs(10))
    );
    assert_eq!(Settings::default().shared.clipboard_clear_seconds, 30);
    // 0 would mean "never clear": refused, a secret always leaves again.
    for bad in ["0", "3601", "-5"] {
        let message = error(&format!("clipboard_clear_seconds = {bad}"));
        assert!(message.contains("1 to 3600"), "{message}");
    }
}

#[test]
fn export_dir() {
    assert_eq!(Settings::default().shared.export_dir, None);
    let dir = |text: &str| parse(text).ok().and_then(|s| s.shared.export_dir);
    assert_eq!(
        dir("export_dir = \"/srv/creds\""),
        Some(PathBuf::from("/srv/creds"))
    );
    assert_eq!(
        dir("export_dir = \"~/creds\""),
        Some(PathBuf::from("/home/ann/creds"))
    );
    assert_eq!(dir("export_dir = \"~\""), Some(PathBuf::from("/home/ann")));
    let message = error("export_dir = \"creds\"");
    assert!(
        message.contains("`export_dir`") && message.contains("absolute"),
        "{message}"
    );
    // `~user` is not expanded: it is refused as relative.
    assert!(error("export_dir = \"~bob/x\"").contains("absolute"));
    let homeless = Settings::parse("export_dir = \"~/x\"", Path::new("c.toml"), None);
    let message = homeless.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("home directory"), "{message}");
}

#[test]
fn every_colour() {
    let defaults = Colours::default();
    assert_eq!(defaults.expired, Color::Red);
    assert_eq!(defaults.expiring, Color::Yellow);
    assert_eq!(defaults.never, Color::DarkGray);
    assert_eq!(defaults.danger, Color::Red);
    assert_eq!(defaults.ok, Color::Green);
    assert_eq!(defaults.accent, Color::Cyan);
    assert_eq!(defaults.muted, Color::DarkGray);
    assert_eq!(defaults.marked, Color::Magenta);
    for name in Colours::NAMES {
        let s = parse(&format!("[colours]\n{name} = \"#102030\"\n"));
        let colours = s.map(|s| s.colours).ok();
        assert_eq!(
            colours.and_then(|c| c.get(name)),
            Some(Color::Rgb(16, 32, 48)),
            "{name}"
        );
        // Only that one changed.
        for other in Colours::NAMES.iter().filter(|o| **o != name) {
            assert_eq!(
                colours.and_then(|c| c.get(other)),
                defaults.get(other),
                "{name}/{other}"
            );
        }
    }
    let s = parse("[colors]\naccent = \"lightblue\"\nmuted = \"244\"\n").map(|s| s.colours);
    assert_eq!(s.as_ref().map(|c| c.accent).ok(), Some(Color::LightBlue));
    assert_eq!(s.map(|c| c.muted).ok(), Some(Color::Indexed(244)));
}

#[test]
fn bad_colours_name_the_setting() {
    let message = error("[colours]\naccent = \"cyann\"\n");
    assert!(
        message.contains("line 2") && message.contains("`colours.accent`"),
        "{message}"
    );
    assert!(message.contains("#rrggbb"), "{message}");
    let message = error("[colours]\nurgent = \"red\"\n");
    assert!(
        message.contains("`colours.urgent`") && message.contains("expired, expiring"),
        "{message}"
    );
    assert!(error("colours = \"red\"").contains("`colours`"));
}
