//! The terminal UI's rotation against the real test Keystone, in tmux:
//! an openrc in `export_dir` that uses the old credential is found once the
//! successor works, listed in the update question, rewritten in place on
//! `y` (a backup kept) and reported as logging in with the new one; and an
//! openrc found nowhere but in appcred's record of where it put the
//! credential (issue 25), after which the record names the successor.
//!
//! Skipped, with the reason printed, when tmux is not installed.

use crate::support;

use std::path::Path;
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

/// The credential `name` made for the test: (old id, old secret).
fn create(name: &str) -> (String, String) {
    let made = run("alice", &["create", name, "--role", "member", "-f", "json"]);
    made.ok();
    let made = made.json();
    (
        made["id"].as_str().expect("id").to_string(),
        made["secret"].as_str().expect("secret").to_string(),
    )
}

/// Exports `name`'s openrc to `rc` with HOME `dir` (so appcred records the
/// place there), then rotates `name` in the TUI (HOME `dir`, `export_dir`
/// when given) and agrees to update the files it offers, which must name
/// `rc`. Checks the openrc then holds the new id; returns it.
fn rotate_in_tui(
    dir: &Path,
    name: &str,
    (old_id, old_secret): (&str, &str),
    rc: &Path,
    export_dir: Option<&Path>,
    clean: &mut Cleanup,
) -> String {
    let seed = support::seed();
    let rc_arg = rc.display().to_string();
    run_in(
        dir,
        Some("alice"),
        &[
            "export",
            name,
            "--format",
            "openrc",
            "--secret-stdin",
            "--output",
            &rc_arg,
        ],
        Some(old_secret),
    )
    .ok();
    let mut vars = clouds_env(&seed.clouds_yaml);
    if let Some(exports) = export_dir {
        let config = dir.join("config.toml");
        std::fs::write(
            &config,
            format!("export_dir = {:?}\n", exports.display().to_string()),
        )
        .expect("config");
        vars.push(("APPCRED_CONFIG", config.display().to_string()));
    }
    let tmux = Tmux::start(dir, 120, 40, &vars);
    tmux.shell(&appcred_command("--os-cloud alice"));
    tmux.wait_for("the list", SLOW, |s| s.contains(name));
    tmux.keys(&["/"]);
    tmux.type_text(name);
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
    let file_name = rc
        .file_name()
        .expect("a file")
        .to_string_lossy()
        .into_owned();
    let screen = tmux.wait_for("the files question", SLOW, |s| {
        // The popup wraps a long path anywhere: look at the text without
        // the line breaks, borders and padding.
        let flat: String = s
            .chars()
            .filter(|c| !matches!(c, '│' | ' ' | '\n'))
            .collect();
        s.contains("These files use the old credential") && flat.contains(&file_name)
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
    tmux.kill_session();

    let text = std::fs::read_to_string(rc).expect("the openrc");
    // The id's value changed (the header comment keeps naming the old one,
    // as every other line stays); the file holds a secret: not printed.
    let id_line = text
        .lines()
        .find(|l| l.starts_with("export OS_APPLICATION_CREDENTIAL_ID="))
        .unwrap_or_default();
    assert!(id_line.contains(&new_id), "{id_line}");
    assert!(!id_line.contains(old_id), "{id_line}");
    assert!(
        !text.contains(old_secret),
        "the old secret stayed in the openrc"
    );
    new_id
}

#[test]
fn the_tui_rotation_rewrites_an_openrc_found_in_export_dir() {
    if skip_without_tmux("the TUI rotation of files") {
        return;
    }
    let mut clean = Cleanup::new("alice");
    let name = clean.name(support::unique("tui-rot"));
    let (old_id, old_secret) = create(&name);
    let dir = support::temp_dir("tui-rot-files");
    let exports = dir.join("creds");
    std::fs::create_dir_all(&exports).expect("mkdir");
    let rc = exports.join("ci-openrc.sh");
    let creds = (old_id.as_str(), old_secret.as_str());
    rotate_in_tui(&dir, &name, creds, &rc, Some(&exports), &mut clean);
    let backups = std::fs::read_dir(&exports)
        .expect("ls")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".bak-"))
        .count();
    assert_eq!(backups, 1);
}

/// Issue 25: a file appcred recorded writing is offered and rewritten
/// though it is in no folder the rotation looks in, and the record moves
/// to the successor.
#[test]
fn the_tui_rotation_rewrites_a_recorded_openrc_found_nowhere_else() {
    if skip_without_tmux("the TUI rotation of recorded files") {
        return;
    }
    let mut clean = Cleanup::new("alice");
    let name = clean.name(support::unique("tui-held"));
    let (old_id, old_secret) = create(&name);
    let dir = support::temp_dir("tui-held");
    let elsewhere = dir.join("deploy/ci");
    std::fs::create_dir_all(&elsewhere).expect("mkdir");
    let rc = elsewhere.join("held-openrc.sh");
    let creds = (old_id.as_str(), old_secret.as_str());
    let new_id = rotate_in_tui(&dir, &name, creds, &rc, None, &mut clean);
    let record = dir.join(".local/state/appcred/held.json");
    let record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&record).expect("the record")).expect("JSON");
    let places = &record["credentials"][new_id.as_str()];
    assert_eq!(places[0]["location"], rc.display().to_string(), "{record}");
    assert!(
        record["credentials"].get(old_id.as_str()).is_none(),
        "{record}"
    );
}
