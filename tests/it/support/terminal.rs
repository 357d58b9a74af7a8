//! A private tmux server for driving the real `appcred` binary in a real
//! terminal: each [`Tmux`] has its own socket (`tmux -L`), no user config,
//! and a plain `sh` in its one pane, so a test can run appcred, send keys,
//! read the screen, and afterwards ask the shell how the terminal was left.
//! Dropping it kills that server only.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The pane's target: the one window of the one session.
const PANE: &str = "t:0.0";

pub struct Tmux {
    socket: String,
    /// The server's socket file, removed when the test is done: a killed
    /// server leaves it behind in tmux's socket folder, one per test.
    socket_path: Option<PathBuf>,
    /// Where the pane's shell starts and test files go.
    pub dir: PathBuf,
}

/// Whether tmux can be run here; tests skip (saying why) when not.
pub fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// True when tmux is missing, the skip said and counted
/// ([`crate::support::skip`]): the test then returns early. `_case` is the
/// callers' old label; the skip names the test itself.
pub fn skip_without_tmux(_case: &str) -> bool {
    if tmux_available() {
        return false;
    }
    crate::support::skip("tmux is not installed");
    true
}

/// The shell line that runs the built `appcred` with `args`.
pub fn appcred_command(args: &str) -> String {
    format!("{} {args}", quoted(env!("CARGO_BIN_EXE_appcred")))
}

/// The first word right of `label` on the secret screen (`ID`, `Name`).
pub fn reveal_field(screen: &str, label: &str) -> Option<String> {
    screen.lines().find_map(|line| {
        let rest = line.trim_start_matches(['│', ' ']).strip_prefix(label)?;
        rest.split_whitespace().next().map(str::to_string)
    })
}

/// The environment for `appcred` in the pane: the clouds of `clouds_yaml`
/// with the seed's secure.yaml.
pub fn clouds_env(clouds_yaml: &Path) -> Vec<(&'static str, String)> {
    vec![
        ("OS_CLIENT_CONFIG_FILE", clouds_yaml.display().to_string()),
        (
            "OS_CLIENT_SECURE_FILE",
            crate::support::seed().secure_yaml.display().to_string(),
        ),
    ]
}

/// `'text'` for sh, for paths and values without a single quote.
pub fn quoted(text: &str) -> String {
    assert!(!text.contains('\''), "cannot quote {text:?}");
    format!("'{text}'")
}

impl Tmux {
    /// Starts a server with a `width` x `height` pane running `sh` with
    /// exactly `env` (plus PATH, HOME=`dir`, TERM and TMUX) in `dir`. The
    /// token cache is off (`APPCRED_TOKEN_CACHE=off`, as `support::appcred`
    /// sets it: tests share the user keyring) unless `env` turns it on.
    pub fn start(dir: &Path, width: u16, height: u16, env: &[(&str, String)]) -> Tmux {
        static N: AtomicU64 = AtomicU64::new(0);
        let socket = format!(
            "appcred-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let mut tmux = Tmux {
            socket,
            socket_path: None,
            dir: dir.to_path_buf(),
        };
        let path = std::env::var("PATH").unwrap_or_default();
        let mut shell = format!(
            "cd {dir} && exec env -i PATH={path} HOME={dir} TERM=xterm-256color TMUX=\"$TMUX\" PS1='$ ' APPCRED_TOKEN_CACHE=off",
            dir = quoted(&dir.display().to_string()),
            path = quoted(&path),
        );
        for (name, value) in env {
            shell.push_str(&format!(" {name}={}", quoted(value)));
        }
        shell.push_str(" sh");
        let out = tmux.run(&[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            &shell,
        ]);
        assert!(out.status.success(), "tmux new-session: {out:?}");
        let path = tmux.run(&["display-message", "-p", "#{socket_path}"]);
        let path = String::from_utf8_lossy(&path.stdout).trim().to_string();
        tmux.socket_path = (!path.is_empty()).then(|| PathBuf::from(path));
        // Raw bytes the pane's programs write, OSC 52 included.
        let raw = tmux.raw_file();
        let pipe = format!("cat >> {}", quoted(&raw.display().to_string()));
        tmux.run(&["pipe-pane", "-O", "-t", PANE, &pipe]);
        // Generous: a shell starting on a loaded CI machine (many tests, two
        // cores) has taken longer than 10 s; a shell that never starts fails anyway.
        tmux.wait_for("the shell's prompt", Duration::from_secs(30), |s| {
            s.contains('$')
        });
        tmux
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("tmux {args:?}: {e}"))
    }

    /// Ends the session under whatever runs in it, as a dropped SSH
    /// connection does: the pane's terminal goes away.
    pub fn kill_session(&self) {
        self.run(&["kill-session", "-t", "t"]);
    }

    /// Everything the pane's programs wrote, as raw bytes.
    pub fn raw_file(&self) -> PathBuf {
        self.dir.join("pane.raw")
    }

    /// Sends tmux key names (`Enter`, `Escape`, `C-c`, `F12`, `Down`).
    /// A pause after each lets the program read them one by one: an Escape
    /// followed at once by a letter would read as Alt-letter.
    pub fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", PANE, key]);
            std::thread::sleep(Duration::from_millis(120));
        }
    }

    /// Sends Escape and waits until the screen changes: the program has read
    /// it on its own. The pause in [`Tmux::keys`] is not enough on a loaded
    /// machine: a key sent while the Escape is still unread comes in the same
    /// read and is taken for Alt+key (Escape then `q` became Alt-q, and the
    /// program neither closed its popup nor quit). For an Escape that
    /// visibly changes the screen, followed by more keys.
    pub fn escape(&self, limit: Duration) {
        let before = self.screen();
        self.keys(&["Escape"]);
        self.wait_for("the Escape to be read", limit, |s| s != before);
    }

    /// Types `text` literally.
    pub fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", PANE, "-l", text]);
        std::thread::sleep(Duration::from_millis(120));
    }

    /// Sets a global tmux option on this test's server (`allow-passthrough`).
    pub fn set_global(&self, option: &str, value: &str) {
        let out = self.run(&["set-option", "-g", option, value]);
        assert!(
            out.status.success(),
            "tmux set -g {option} {value}: {out:?}"
        );
    }

    /// Pastes `text` as a terminal paste: tmux's `paste-buffer -p` wraps it
    /// in bracketed-paste markers when the program asked for them.
    pub fn paste(&self, text: &str) {
        let out = self.run(&["set-buffer", "-b", "appcred-test", text]);
        assert!(out.status.success(), "tmux set-buffer: {out:?}");
        let out = self.run(&["paste-buffer", "-p", "-d", "-b", "appcred-test", "-t", PANE]);
        assert!(out.status.success(), "tmux paste-buffer: {out:?}");
        std::thread::sleep(Duration::from_millis(120));
    }

    /// Types a shell command and Enter.
    pub fn shell(&self, command: &str) {
        self.type_text(command);
        self.keys(&["Enter"]);
    }

    /// tmux's paste buffers (`tmux list-buffers`): where an OSC 52 a
    /// program wrote lands with `set-clipboard on`.
    pub fn buffers(&self) -> String {
        String::from_utf8_lossy(&self.run(&["list-buffers"]).stdout).into_owned()
    }

    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", PANE]).stdout).into_owned()
    }

    /// A tmux format of the pane: `#{cursor_flag}`, `#{alternate_on}`.
    pub fn display(&self, format: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", PANE, format]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Polls the screen until `check` holds; panics with the screen after
    /// `limit`, naming `what` it waited for.
    /// Waits until alice's seeded list is on screen (her `alice-5days`).
    pub fn wait_for_alice_list(&self, what: &str, limit: Duration) -> String {
        self.wait_for(what, limit, |s| s.contains("alice-5days"))
    }

    pub fn wait_for(&self, what: &str, limit: Duration, check: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if check(&screen) {
                return screen;
            }
            if start.elapsed() > limit {
                panic!("timed out after {limit:?} waiting for {what}; the screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// `R` on the selected credential until the rotate confirmation is up:
    /// pressed before the list's roles have loaded, it says so in a popup,
    /// which is closed (a pause after Esc) before `R` is pressed again.
    pub fn rotate_selected(&self, limit: Duration) -> String {
        let start = Instant::now();
        loop {
            self.keys(&["R"]);
            let screen = self.wait_for("the rotate confirmation", limit, |s| {
                (s.contains("New name") && s.contains("Esc cancel")) || s.contains("not known yet")
            });
            if !screen.contains("not known yet") {
                return screen;
            }
            assert!(start.elapsed() < limit, "the roles never loaded:\n{screen}");
            self.keys(&["Escape"]);
            std::thread::sleep(Duration::from_millis(500));
        }
    }

    /// Filters the list to `name`, rotates it, and waits for the secret
    /// screen with `hint` in its hint bar: the screen.
    pub fn rotate_to_secret_screen(&self, name: &str, hint: &str, limit: Duration) -> String {
        self.keys(&["/"]);
        self.type_text(name);
        self.keys(&["Enter"]);
        self.rotate_selected(limit);
        self.keys(&["Enter"]);
        self.wait_for("the secret screen", limit, |s| {
            s.contains("Application credential created") && s.contains(hint)
        })
    }

    /// The process ids of the pane shell's children (appcred, while it runs).
    pub fn children(&self) -> Vec<u32> {
        let shell = self.display("#{pane_pid}");
        let out = Command::new("pgrep")
            .args(["-P", &shell])
            .output()
            .expect("pgrep");
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .filter_map(|p| p.parse().ok())
            .collect()
    }

    /// Waits until the shell has no child left: the program exited.
    pub fn wait_exit(&self, limit: Duration) {
        let start = Instant::now();
        while !self.children().is_empty() {
            if start.elapsed() > limit {
                panic!(
                    "the program is still running after {limit:?}; the screen:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The process id of the one program the shell runs.
    pub fn program(&self) -> u32 {
        let children = self.children();
        assert_eq!(children.len(), 1, "expected one program in the pane");
        children[0]
    }

    /// Sends `signal` (`TERM`, `HUP`) to the program the shell runs.
    pub fn signal(&self, signal: &str) {
        crate::support::signal_pid(self.program(), signal);
    }

    /// Asks the shell how the terminal was left and checks it is usable:
    /// echo and line editing on (`stty -a`), the cursor visible, the main
    /// screen, no mouse reporting. `case` names the way out in messages.
    pub fn assert_restored(&self, case: &str) {
        let stty = self.dir.join(format!("stty-{case}.txt"));
        let _ = std::fs::remove_file(&stty);
        // In raw mode Enter arrives as a bare CR and the shell would never
        // run this: the wait below then fails, which is the point.
        self.shell(&format!(
            "stty -a > {}",
            quoted(&stty.display().to_string())
        ));
        let start = Instant::now();
        let text = loop {
            let text = std::fs::read_to_string(&stty).unwrap_or_default();
            if text.contains("echo") {
                break text;
            }
            // A raw terminal never runs it at all: the deadline only has to
            // outlast a slow shell on a loaded machine (5 s did not always).
            if start.elapsed() > Duration::from_secs(30) {
                panic!(
                    "{case}: the shell did not run `stty -a` (the terminal is still raw?); the screen:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        };
        let flags: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || c == ';')
            .collect();
        for wanted in ["echo", "icanon", "isig", "icrnl", "opost"] {
            assert!(
                flags.contains(&wanted),
                "{case}: `{wanted}` is off after appcred exited:\n{text}"
            );
        }
        assert_eq!(self.display("#{cursor_flag}"), "1", "{case}: cursor hidden");
        // tmux restores the cursor with the main screen by itself, so also
        // check what the program wrote: its last word on the cursor is "show".
        let raw = std::fs::read(self.raw_file()).unwrap_or_default();
        let last = |seq: &[u8]| raw.windows(seq.len()).rposition(|w| w == seq);
        assert!(
            last(b"\x1b[?25h") >= last(b"\x1b[?25l"),
            "{case}: the program hid the cursor and never showed it again"
        );
        assert_eq!(
            self.display("#{alternate_on}"),
            "0",
            "{case}: still on the alternate screen"
        );
        assert_eq!(
            self.display("#{mouse_any_flag}"),
            "0",
            "{case}: mouse reporting left on"
        );
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        // Only this test's own server, by its socket; then the socket file.
        let _ = self.run(&["kill-server"]);
        if let Some(path) = &self.socket_path {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The payloads of every OSC 52 "set clipboard" sequence in `raw`, decoded
/// (plain `ESC ] 52 ; c ; B64 BEL` or inside tmux's DCS passthrough, where
/// the ESC is doubled; the payload is the same).
pub fn osc52_payloads(raw: &[u8]) -> Vec<Vec<u8>> {
    use base64::Engine;
    let marker = b"]52;c;";
    let mut found = Vec::new();
    let mut rest = raw;
    while let Some(start) = rest.windows(marker.len()).position(|w| w == marker) {
        let after = &rest[start + marker.len()..];
        let end = after
            .iter()
            .position(|&b| b == 0x07 || b == 0x1b)
            .unwrap_or(after.len());
        if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(&after[..end]) {
            found.push(bytes);
        }
        rest = &after[end..];
    }
    found
}
