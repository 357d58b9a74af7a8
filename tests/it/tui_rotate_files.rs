//! The terminal UI's rotation against the real test Keystone, in tmux:
//! an openrc in `export_dir` that uses the old credential is found once the
//! successor works, listed in the update question, rewritten in place on
//! `y` (a backup kept) and reported as logging in with the new one.
//!
//! Skipped, with the reason printed, when tmux is not installed.

use crate::support;

use std::time::Duration;

use crate::support::cli::*;
use crate::support::terminal::*;

const SLOW: Duration = Duration::from_secs(30);

fn field(screen: &str, label: &str) -> Option<String> {
    screen.lines().find_map(|line| {
        let rest = line.trim_start_matches(['│', ' ']).strip_prefix(label)?;
        rest.split_whitespace().next().map(str::to_string)
    })
}

#[test]
fn the_tui_rotation_rewrites_an_openrc_found_in_export_dir() {
    if skip_without_tmux("the TUI rotation of files") {
        return;
    }
    let seed = support::seed();
    let mut clean = Cleanup::new("alice");
    let name = clean.name(support::unique("tui-rot"));
    let made = run(
        "alice",
        &["create", &name, "--role", "member", "-f", "json"],
    );
    made.ok();
    let made = made.json();
    let old_id = made["id"].as_str().expect("id").to_string();
    let old_secret = made["secret"].as_str().expect("secret").to_string();

    let dir = support::temp_dir("tui-rot-files");
    let exports = dir.join("creds");
    std::fs::create_dir_all(&exports).expect("mkdir");
    let rc = exports.join("ci-openrc.sh");
    let rc_arg = rc.display().to_string();
    run_stdin(
        "alice",
        &[
            "export",
            &name,
            "--format",
            "openrc",
            "--secret-stdin",
            "--output",
            &rc_arg,
        ],
        &old_secret,
    )
    .ok();
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!("export_dir = {:?}\n", exports.display().to_string()),
    )
    .expect("config");

    let mut vars = clouds_env(&seed.clouds_yaml);
    vars.push(("APPCRED_CONFIG", config.display().to_string()));
    let tmux = Tmux::start(&dir, 120, 40, &vars);
    tmux.shell(&appcred_command("--os-cloud alice"));
    tmux.wait_for("the list", SLOW, |s| s.contains(&name));
    tmux.keys(&["/"]);
    tmux.type_text(&name);
    tmux.keys(&["Enter"]);
    tmux.keys(&["R"]);
    // The confirmation, whole (its key hints are drawn last): one Enter
    // confirms; a second could land on the screen after it.
    tmux.wait_for("the rotate confirmation", SLOW, |s| {
        s.contains("New name") && s.contains("Esc cancel")
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the reveal screen", SLOW, |s| {
        s.contains("Application credential created")
    });
    let screen = tmux.wait_for("the files question", SLOW, |s| {
        // The popup wraps a long path anywhere: look at the text without
        // the line breaks, borders and padding.
        let flat: String = s
            .chars()
            .filter(|c| !matches!(c, '│' | ' ' | '\n'))
            .collect();
        s.contains("These files use the old credential") && flat.contains("ci-openrc.sh")
    });
    let new_id = field(&screen, "ID").expect("the new id on the reveal screen");
    if let Some(new_name) = field(&screen, "Name") {
        clean.name(new_name);
    }
    assert_ne!(new_id, old_id);
    tmux.keys(&["y"]);
    let report = tmux.wait_for("the update report", SLOW, |s| {
        s.contains("Consumers updated")
    });
    assert!(report.contains("it logs in"), "{report}");

    let text = std::fs::read_to_string(&rc).expect("the openrc");
    // The id's value changed (the header comment keeps naming the old one,
    // as every other line stays); the file holds a secret: not printed.
    let id_line = text
        .lines()
        .find(|l| l.starts_with("export OS_APPLICATION_CREDENTIAL_ID="))
        .unwrap_or_default();
    assert!(id_line.contains(&new_id), "{id_line}");
    assert!(!id_line.contains(&old_id), "{id_line}");
    assert!(
        !text.contains(&old_secret),
        "the old secret stayed in the openrc"
    );
    let backups = std::fs::read_dir(&exports)
        .expect("ls")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".bak-"))
        .count();
    assert_eq!(backups, 1);
    tmux.kill_session();
}
