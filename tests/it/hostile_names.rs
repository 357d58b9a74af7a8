//! Issue 24, findings 1 and 10: other people's text on its way to a
//! terminal. A credential made through the API (where appcred's own checks
//! do not apply) with escape sequences in its name and description, and one
//! whose name mixes Latin with a Cyrillic look-alike, listed and shown in a
//! real terminal (tmux with `set-clipboard on`, as the finding's repro): the
//! sequences are shown as text, not obeyed (nothing reaches tmux's paste
//! buffers, the screen is not cleared), the look-alike is marked, and the
//! machine formats into a pipe keep the data exact.

use std::time::Duration;

use serde_json::json;

use crate::support::cli::*;
use crate::support::terminal::*;
use crate::support::{self, seed};

const SLOW: Duration = Duration::from_secs(30);

#[test]
fn escape_sequences_in_names_are_shown_not_obeyed_and_look_alikes_are_marked() {
    if skip_without_tmux("the hostile names test") {
        return;
    }
    let mut clean = Cleanup::new("alice");
    let tag = support::unique("esc");
    let evil = clean.name(format!("{tag}\u{1b}]52;c;ZXZpbA==\u{7}"));
    let wipe = "before\u{1b}[2Jafter \u{202e}txt.exe";
    let made = api_create(
        "alice",
        "demo",
        json!({"name": evil, "description": wipe, "roles": [{"name": "reader"}]}),
    );
    let id = made["id"].as_str().expect("id").to_string();
    let lookalike = clean.name(format!("{tag}-automаtion"));
    api_create(
        "alice",
        "demo",
        json!({"name": lookalike, "roles": [{"name": "reader"}]}),
    );

    let dir = support::temp_dir("hostile-names");
    let tmux = Tmux::start(&dir, 220, 60, &clouds_env(&seed().clouds_yaml));
    tmux.set_global("set-clipboard", "on");
    let commands = [
        "list".to_string(),
        format!("show {id}"),
        "list -f value -c Name -c Description".to_string(),
        format!("show {id} -f shell"),
    ];
    for (i, command) in commands.iter().enumerate() {
        // The marker is typed split in two, so only its output matches.
        let line = appcred_command(&format!("--os-cloud alice {command}"));
        tmux.shell(&format!("{line}; echo \"step-{i}\"\"-done\""));
        tmux.wait_for(&format!("`{command}` to end"), SLOW, |s| {
            s.lines().any(|l| l.trim() == format!("step-{i}-done"))
        });
        assert!(
            tmux.buffers().trim().is_empty(),
            "`{command}` set tmux's clipboard: {}",
            tmux.buffers()
        );
    }
    // Everything the programs wrote to the terminal, byte for byte.
    let raw = std::fs::read(tmux.raw_file()).unwrap_or_default();
    let text = String::from_utf8_lossy(&raw);
    // (`-f shell` quotes the backslash again: `\\x1b`, which eval reads
    // back as the escape's text.)
    let shown_name = "\\x1b]52;c;ZXZpbA==";
    assert_eq!(
        text.matches(shown_name).count(),
        commands.len(),
        "the name is not shown escaped by every command:\n{text}"
    );
    assert!(text.contains("before\\x1b[2Jafter"), "{text}");
    assert!(text.contains("\\u{202e}txt.exe"), "{text}");
    assert!(
        text.contains("(mixed scripts!)"),
        "the look-alike is not marked:\n{text}"
    );
    assert!(
        osc52_payloads(&raw).is_empty(),
        "an OSC 52 sequence reached the terminal"
    );
    assert!(
        !raw.windows(4).any(|w| w == b"\x1b[2J"),
        "ESC [ 2 J reached the terminal"
    );

    // Into a pipe the data is exact: JSON escapes by its own rules, value
    // keeps the bytes (a script reads what Keystone holds).
    let out = run("alice", &["show", &id, "-f", "json"]);
    out.ok();
    assert_eq!(out.json()["name"].as_str(), Some(evil.as_str()));
    let out = run("alice", &["show", &id, "-f", "value", "-c", "name"]);
    out.ok();
    assert_eq!(out.stdout, format!("{evil}\n"));
    let out = run("alice", &["list", "-f", "json"]);
    out.ok();
    assert!(out.stdout.contains(&lookalike) && !out.stdout.contains("mixed scripts"));
}
