//! The real terminal UI in tmux, at 80x24, hands a rotated credential's
//! new secret off to a recipient from config.toml's `[recipients]` (issue
//! 26): `a`, Esc (cancelled), `a` again, the recipient, the default format,
//! the file; the armoured file opens with Debian's `age -d -i KEY`.
//!
//! Skipped, with the reason printed, when tmux, age, age-keygen or
//! ssh-keygen is missing.

use std::time::Duration;

use crate::handoff::{age_open, keys};
use crate::support;
use crate::support::cli::*;
use crate::support::terminal::*;

const SLOW: Duration = Duration::from_secs(30);

/// The screen's rows inside the border, joined: a wrapped message reads
/// whole.
fn flat(screen: &str) -> String {
    screen
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '│' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_secret_screen_hands_off_to_a_configured_recipient_in_tmux() {
    if skip_without_tmux("the hand-off key in the real TUI") {
        return;
    }
    let Some(k) = keys("handoff-tmux") else {
        return;
    };
    let mut clean = Cleanup::new("alice");
    let name = clean.name(support::unique("tui-seal"));
    run("alice", &["create", &name, "--role", "member"]).ok();
    let config = k.dir.join("config.toml");
    let recipients = format!(
        "[recipients]\nbob = \"{}\"\ncarol = \"{}\"\n",
        k.age_public,
        k.ssh_public.display()
    );
    std::fs::write(&config, recipients).expect("config");
    let seed = support::seed();
    let mut vars = clouds_env(&seed.clouds_yaml);
    vars.push(("APPCRED_CONFIG", config.display().to_string()));
    let tmux = Tmux::start(&k.dir, 80, 24, &vars);
    tmux.shell(&appcred_command("--os-cloud alice"));
    tmux.wait_for_alice_list("the list", SLOW);
    let screen = tmux.rotate_to_secret_screen(&name, "a seal", SLOW);
    let new_id = reveal_field(&screen, "ID").expect("the new id on the reveal screen");
    if let Some(new_name) = reveal_field(&screen, "Name") {
        clean.name(new_name);
    }
    // Opened and cancelled (waiting for Esc to be read keeps `a` a key of its own).
    tmux.keys(&["a"]);
    tmux.wait_for("the recipients", SLOW, |s| {
        s.contains("> bob") && s.contains("carol") && s.contains("age key age1")
    });
    tmux.escape(SLOW);
    tmux.keys(&["a", "Enter"]);
    tmux.wait_for("the formats", SLOW, |s| {
        s.contains("Hand off to bob as:") && s.contains("> JSON")
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the file prompt", SLOW, |s| s.contains("File:  ./"));
    let file = k.dir.join("sealed-for-bob.age");
    tmux.keys(&["C-u"]);
    tmux.type_text(&file.display().to_string());
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the hand-off's answer", SLOW, |s| {
        flat(s).contains("for bob (age, armoured")
    });
    assert!(flat(&screen).contains("Wrote "), "{screen}");
    tmux.kill_session();
    let plain = age_open(&k.age_key, &file);
    let j: serde_json::Value = serde_json::from_str(&plain).expect("the JSON export");
    assert_eq!(j["id"], new_id.as_str(), "{plain}");
    let secret = j["secret"].as_str().unwrap_or_default();
    assert!(!secret.is_empty(), "{plain}");
    let armour = std::fs::read_to_string(&file).expect("the hand-off");
    assert!(!armour.contains(secret), "the secret is in the armour");
}
