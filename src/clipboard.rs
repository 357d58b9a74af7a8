//! Copying a secret (or an id) to the user's clipboard, and clearing it
//! again. Two ways in:
//! - the system clipboard through `arboard`, where there is a display;
//! - OSC 52, an escape sequence the terminal turns into a clipboard write.
//!   It reaches the user's own machine across SSH, which is where appcred is
//!   often run (a jump host), so it is used whenever there is no display or
//!   the session is remote.
//!
//! API (the TUI's effect runner owns one [`Clipboard`] for the whole run):
//! - `ClipEnv::from_process()` reads the environment once; tests build one.
//! - `Clipboard::new(env)`, then `copy(&secret, &mut terminal_out)` returns
//!   the [`ClipboardMethod`] it used, so the UI can say which.
//! - after [`DEFAULT_CLEAR_AFTER`], `clear_if_unchanged(&secret, method, out)`.
//!
//! Why a struct and not a free function: on Linux the copied text lives in
//! the process that set it, so the `arboard` handle must stay alive as long
//! as the text should stay pasteable. arboard calls are blocking X11 round
//! trips: short, but run them off the UI task (e.g. `spawn_blocking`).
//!
//! tmux: applications inside tmux cannot reach the outer terminal with a
//! plain OSC 52 unless `set-clipboard on` (default `external` drops it), and
//! then tmux also keeps the secret in its paste buffers, which no clear can
//! reach. So inside tmux we wrap the sequence in tmux's DCS passthrough: it
//! goes straight to the outer terminal and leaves no copy in tmux. tmux 3.3+
//! needs `set -g allow-passthrough on` for that (older ones always pass).
//!
//! Nothing here logs; the secret only leaves as the clipboard write itself.

use std::ffi::OsString;
use std::io::Write;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use thiserror::Error;
use zeroize::Zeroizing;

use crate::secret::Secret;

/// How long a copied secret stays on the clipboard.
pub const DEFAULT_CLEAR_AFTER: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClipboardMethod {
    /// The desktop's clipboard, through arboard.
    System,
    /// An OSC 52 escape sequence written to the terminal.
    Osc52,
    /// OSC 52 handed to tmux (`set-clipboard on`, passthrough off), which
    /// sets the outer terminal's clipboard and also keeps a paste buffer.
    Osc52TmuxBuffer,
}

impl ClipboardMethod {
    /// For the status line: "copied to the system clipboard".
    pub fn describe(self) -> &'static str {
        match self {
            ClipboardMethod::System => "the system clipboard",
            ClipboardMethod::Osc52 => "the terminal's clipboard (OSC 52)",
            ClipboardMethod::Osc52TmuxBuffer => {
                "the terminal's clipboard through tmux (OSC 52; tmux also keeps it in a paste \
                 buffer: `tmux delete-buffer` removes it)"
            }
        }
    }
}

/// The facts about the session that decide the method, read once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClipEnv {
    /// A graphical session this process can reach (DISPLAY or
    /// WAYLAND_DISPLAY; always true on macOS and Windows).
    pub has_display: bool,
    /// SSH_TTY or SSH_CONNECTION is set: the display, if any, is probably a
    /// forwarded one and the user's clipboard is on the other side.
    pub over_ssh: bool,
    /// TMUX is set: wrap OSC 52 for tmux's passthrough.
    pub in_tmux: bool,
    /// Inside tmux, what its options let an application's OSC 52 do.
    pub tmux: TmuxClipboard,
}

/// tmux's two options that decide whether OSC 52 from inside reaches the
/// outer terminal: `allow-passthrough` (tmux 3.3+, default off) for the
/// wrapped sequence, `set-clipboard` (default `external`, which ignores
/// applications) for the plain one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TmuxClipboard {
    /// `Some(false)` when `allow-passthrough` is off; None when unknown
    /// (tmux before 3.3 always passes, or the query failed).
    pub passthrough: Option<bool>,
    /// `set-clipboard`'s value (`on`, `external`, `off`), when known.
    pub set_clipboard: Option<String>,
}

impl TmuxClipboard {
    /// Asks the tmux server the session runs in (`tmux show -gv`).
    pub fn query() -> Self {
        let show = |option: &str| {
            std::process::Command::new("tmux")
                .args(["show", "-gv", option])
                .stdin(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .output()
                .ok()
                .filter(|o| o.status.success())
                .and_then(|o| String::from_utf8(o.stdout).ok())
                .map(|v| v.trim().to_string())
        };
        TmuxClipboard {
            passthrough: show("allow-passthrough").map(|v| v != "off"),
            set_clipboard: show("set-clipboard"),
        }
    }
}

impl ClipEnv {
    pub fn from_process() -> Self {
        let mut env = Self::from_lookup(|name| std::env::var_os(name));
        if env.in_tmux {
            env.tmux = TmuxClipboard::query();
        }
        env
    }

    /// Builds the facts from any variable lookup (tests pass a closure).
    pub fn from_lookup(get: impl Fn(&str) -> Option<OsString>) -> Self {
        let set = |name: &str| get(name).is_some_and(|v| !v.is_empty());
        let desktop_os = cfg!(any(target_os = "macos", windows));
        ClipEnv {
            has_display: desktop_os || set("DISPLAY") || set("WAYLAND_DISPLAY"),
            over_ssh: set("SSH_TTY") || set("SSH_CONNECTION"),
            in_tmux: set("TMUX"),
            tmux: TmuxClipboard::default(),
        }
    }
}

/// The method to try first: OSC 52 without a display or over SSH, else the
/// system clipboard (and OSC 52 if that fails, see [`Clipboard::copy`]).
pub fn choose_method(env: &ClipEnv) -> ClipboardMethod {
    if env.has_display && !env.over_ssh {
        ClipboardMethod::System
    } else {
        ClipboardMethod::Osc52
    }
}

/// `ESC ] 52 ; c ; <base64> BEL`: set the clipboard (`c`) to `text`.
pub fn osc52_sequence(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", STANDARD.encode(text))
}

/// The sequence that empties the clipboard. An empty payload is valid
/// base64 for an empty text, which every OSC 52 terminal accepts; xterm's
/// documented `!` (anything not base64) is ignored by strict decoders such as
/// Alacritty's, which would leave the secret in place.
pub fn osc52_clear_sequence() -> String {
    osc52_sequence("")
}

/// Wraps a sequence in tmux's DCS passthrough: `ESC Ptmux;` + the sequence
/// with every ESC doubled + `ESC \`.
pub fn tmux_passthrough(sequence: &str) -> String {
    format!("\x1bPtmux;{}\x1b\\", sequence.replace('\x1b', "\x1b\x1b"))
}

fn for_terminal(sequence: String, env: &ClipEnv) -> Zeroizing<String> {
    if env.in_tmux {
        let wrapped = Zeroizing::new(tmux_passthrough(&sequence));
        drop(Zeroizing::new(sequence));
        wrapped
    } else {
        Zeroizing::new(sequence)
    }
}

#[derive(Debug, Error)]
pub enum ClipboardError {
    #[error(
        "could not write the clipboard sequence to the terminal: {0}; \
         copy the value by hand (press v to show it)"
    )]
    Terminal(#[from] std::io::Error),
    #[error("the system clipboard failed: {0}")]
    System(String),
    #[error(
        "nothing was copied: inside tmux with allow-passthrough off and set-clipboard {0}, \
         OSC 52 cannot reach your terminal. Run `tmux set -g allow-passthrough on` (and add it \
         to ~/.tmux.conf), then copy again; or press v and copy the value by hand"
    )]
    TmuxBlocks(String),
}

/// What a clear did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClearOutcome {
    /// The clipboard held the secret and is now empty.
    Cleared,
    /// The user copied something else since; left alone.
    ChangedSinceCopy,
    /// OSC 52 cannot read the clipboard back, so the clear was sent
    /// unconditionally (it may wipe something copied since: a lesser harm
    /// than leaving the secret there).
    SentBlindly,
}

/// The clipboard for one run of the program. Keep it alive while copied text
/// should stay pasteable.
pub struct Clipboard {
    env: ClipEnv,
    /// Opened on first use; None until then or when no display answers.
    system: Option<arboard::Clipboard>,
}

impl std::fmt::Debug for Clipboard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clipboard")
            .field("env", &self.env)
            .field("system_open", &self.system.is_some())
            .finish()
    }
}

impl Clipboard {
    pub fn new(env: ClipEnv) -> Self {
        Clipboard { env, system: None }
    }

    fn system(&mut self) -> Result<&mut arboard::Clipboard, ClipboardError> {
        if self.system.is_none() {
            let opened =
                arboard::Clipboard::new().map_err(|e| ClipboardError::System(e.to_string()))?;
            self.system = Some(opened);
        }
        self.system
            .as_mut()
            .ok_or_else(|| ClipboardError::System("not available".into()))
    }

    /// Copies `text`; `out` is the terminal (OSC 52 is written and flushed
    /// there). Falls back from the system clipboard to OSC 52.
    pub fn copy(
        &mut self,
        text: &Secret,
        out: &mut impl Write,
    ) -> Result<ClipboardMethod, ClipboardError> {
        if choose_method(&self.env) == ClipboardMethod::System {
            let set = self.system().and_then(|c| {
                c.set_text(text.expose())
                    .map_err(|e| ClipboardError::System(e.to_string()))
            });
            if set.is_ok() {
                return Ok(ClipboardMethod::System);
            }
            // No usable display after all (a stale DISPLAY): the terminal
            // may still take OSC 52.
            self.system = None;
        }
        write_osc52(text.expose(), &self.env, out)
    }

    /// Clears the clipboard if it still holds `text` (system clipboard), or
    /// blindly (OSC 52, which cannot be read back).
    pub fn clear_if_unchanged(
        &mut self,
        text: &Secret,
        method: ClipboardMethod,
        out: &mut impl Write,
    ) -> Result<ClearOutcome, ClipboardError> {
        match method {
            ClipboardMethod::Osc52TmuxBuffer => {
                out.write_all(osc52_clear_sequence().as_bytes())?;
                out.flush()?;
                Ok(ClearOutcome::SentBlindly)
            }
            ClipboardMethod::Osc52 => {
                let sequence = for_terminal(osc52_clear_sequence(), &self.env);
                out.write_all(sequence.as_bytes())?;
                out.flush()?;
                Ok(ClearOutcome::SentBlindly)
            }
            ClipboardMethod::System => {
                let system = self.system()?;
                // Read failures (empty or non-text clipboard) count as "no
                // longer ours".
                let current = Zeroizing::new(system.get_text().unwrap_or_default());
                if current.as_str() != text.expose() {
                    return Ok(ClearOutcome::ChangedSinceCopy);
                }
                system
                    .clear()
                    .map_err(|e| ClipboardError::System(e.to_string()))?;
                Ok(ClearOutcome::Cleared)
            }
        }
    }
}

/// How OSC 52 can leave this session: wrapped for tmux's passthrough,
/// plain (outside tmux, or tmux with `set-clipboard on` and passthrough
/// off), or not at all (tmux's defaults since 3.3: both closed).
fn osc52_route(env: &ClipEnv) -> Result<ClipboardMethod, ClipboardError> {
    if !env.in_tmux || env.tmux.passthrough != Some(false) {
        return Ok(ClipboardMethod::Osc52);
    }
    match env.tmux.set_clipboard.as_deref() {
        Some("on") => Ok(ClipboardMethod::Osc52TmuxBuffer),
        other => Err(ClipboardError::TmuxBlocks(
            other.unwrap_or("unknown").to_string(),
        )),
    }
}

fn write_osc52(
    text: &str,
    env: &ClipEnv,
    out: &mut impl Write,
) -> Result<ClipboardMethod, ClipboardError> {
    let method = osc52_route(env)?;
    let sequence = match method {
        ClipboardMethod::Osc52TmuxBuffer => Zeroizing::new(osc52_sequence(text)),
        _ => for_terminal(osc52_sequence(text), env),
    };
    out.write_all(sequence.as_bytes())?;
    out.flush()?;
    Ok(method)
}

#[cfg(test)]
mod tests;
