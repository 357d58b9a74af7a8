//! Choosing the copy method, the OSC 52 sequences, and what is claimed.

use super::*;

fn env_of(vars: &[(&str, &str)]) -> ClipEnv {
    let vars: Vec<(String, OsString)> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), OsString::from(v)))
        .collect();
    ClipEnv::from_lookup(|name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
}

#[test]
fn sequence_is_base64_between_osc_52_and_bel() {
    assert_eq!(osc52_sequence("hello"), "\x1b]52;c;aGVsbG8=\x07");
    assert_eq!(osc52_clear_sequence(), "\x1b]52;c;\x07");
}

#[test]
fn tmux_wrap_doubles_escapes() {
    assert_eq!(
        tmux_passthrough(&osc52_sequence("hi")),
        "\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\"
    );
}

#[test]
fn method_choice() {
    let cases: &[(&[(&str, &str)], ClipboardMethod)] = &[
        (&[("DISPLAY", ":0")], ClipboardMethod::System),
        (&[("WAYLAND_DISPLAY", "wayland-0")], ClipboardMethod::System),
        (
            &[("DISPLAY", "localhost:10.0"), ("SSH_CONNECTION", "1 2 3 4")],
            ClipboardMethod::Osc52,
        ),
        (&[("SSH_TTY", "/dev/pts/3")], ClipboardMethod::Osc52),
        (&[("DISPLAY", "")], ClipboardMethod::Osc52),
    ];
    for (vars, want) in cases {
        let env = env_of(vars);
        if cfg!(any(target_os = "macos", windows)) && !env.over_ssh {
            continue; // always a desktop there
        }
        assert_eq!(choose_method(&env), *want, "{vars:?}");
    }
    assert!(env_of(&[("TMUX", "/tmp/tmux-1000/default,1,0")]).in_tmux);
}

#[test]
fn copy_without_display_writes_osc52_to_the_terminal() -> Result<(), ClipboardError> {
    let mut clip = Clipboard::new(env_of(&[("SSH_TTY", "/dev/pts/1")]));
    let mut out = Vec::new();
    let method = clip.copy(&Secret::new("s3cr3t"), &mut out)?;
    assert_eq!(method, ClipboardMethod::Osc52);
    assert_eq!(out, osc52_sequence("s3cr3t").into_bytes());

    let mut out = Vec::new();
    let cleared = clip.clear_if_unchanged(&Secret::new("s3cr3t"), method, &mut out)?;
    assert_eq!(cleared, ClearOutcome::SentBlindly);
    assert_eq!(out, osc52_clear_sequence().into_bytes());
    Ok(())
}

#[test]
fn copy_inside_tmux_uses_passthrough() -> Result<(), ClipboardError> {
    let mut clip = Clipboard::new(env_of(&[("TMUX", "x"), ("SSH_TTY", "y")]));
    let mut out = Vec::new();
    clip.copy(&Secret::new("s"), &mut out)?;
    assert_eq!(out, tmux_passthrough(&osc52_sequence("s")).into_bytes());
    Ok(())
}

/// Issue 11, defect 9: tmux's defaults (allow-passthrough off,
/// set-clipboard external) let no OSC 52 out: nothing is claimed and
/// nothing written, and the error says what to set; with
/// set-clipboard on the plain sequence goes to tmux, which says so.
#[test]
fn tmux_with_passthrough_off_is_told_not_claimed() {
    let mut env = env_of(&[("TMUX", "x"), ("SSH_TTY", "y")]);
    env.tmux = TmuxClipboard {
        passthrough: Some(false),
        set_clipboard: Some("external".to_string()),
    };
    let mut clip = Clipboard::new(env.clone());
    let mut out = Vec::new();
    let refused = clip.copy(&Secret::new("s"), &mut out);
    let Err(e) = refused else {
        panic!("a copy that goes nowhere was claimed");
    };
    assert!(out.is_empty());
    assert!(
        e.to_string().contains("tmux set -g allow-passthrough on"),
        "{e}"
    );

    env.tmux.set_clipboard = Some("on".to_string());
    let mut clip = Clipboard::new(env);
    let mut out = Vec::new();
    let method = clip
        .copy(&Secret::new("s"), &mut out)
        .expect("copied via tmux");
    assert_eq!(method, ClipboardMethod::Osc52TmuxBuffer);
    assert_eq!(out, osc52_sequence("s").into_bytes());
    assert!(method.describe().contains("paste buffer"));
}

#[test]
fn debug_shows_no_content() {
    let clip = Clipboard::new(ClipEnv::default());
    assert!(format!("{clip:?}").contains("system_open: false"));
}
