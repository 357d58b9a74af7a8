//! gnome-keyring-daemon (secrets component, unlocked) in a private
//! `dbus-run-session`, for tests/it/store_*.rs: [`Keyring::env`] gives its
//! bus to a child (appcred, `secret-tool`). Gone when dropped; `start`
//! prints `SKIPPED (<test>): <why>` and returns `None` when a tool is
//! missing (Debian: dbus gnome-keyring libsecret-tools).

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::support;
use crate::support::stores::{Reaped, have, must, skip};

/// gnome-keyring in a private D-Bus session; the session (and the daemon
/// with it) ends when the fixture is dropped: its stdin closes.
pub struct Keyring {
    _session: Reaped,
    pub bus: String,
    pub home: PathBuf,
    runtime: PathBuf,
}

impl Keyring {
    pub fn start(test: &str) -> Option<Keyring> {
        for tool in ["dbus-run-session", "gnome-keyring-daemon", "secret-tool"] {
            if !have(tool) {
                skip(
                    test,
                    &format!(
                        "{tool} is not installed (Debian: dbus gnome-keyring libsecret-tools)"
                    ),
                );
                return None;
            }
        }
        let home = support::temp_dir("keyring-home");
        let runtime = support::temp_dir("keyring-run");
        std::fs::set_permissions(
            &runtime,
            std::os::unix::fs::PermissionsExt::from_mode(0o700),
        )
        .expect("chmod runtime dir");
        let script = "printf 'pw\\n' | gnome-keyring-daemon --unlock --components=secrets >/dev/null; \
                      echo \"$DBUS_SESSION_BUS_ADDRESS\"; cat >/dev/null";
        let mut child = Command::new("dbus-run-session")
            .args(["--", "sh", "-c", script])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &home)
            .env("XDG_RUNTIME_DIR", &runtime)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dbus-run-session");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("piped");
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("bus address");
        let keyring = Keyring {
            _session: Reaped(child),
            bus: line.trim().to_string(),
            home,
            runtime,
        };
        assert!(
            !keyring.bus.is_empty(),
            "dbus-run-session gave no bus address"
        );
        Some(keyring)
    }

    /// Gives `cmd` this session's bus (and the keyring's HOME-independent
    /// runtime dir).
    pub fn env(&self, cmd: &mut Command) {
        cmd.env("DBUS_SESSION_BUS_ADDRESS", &self.bus)
            .env("XDG_RUNTIME_DIR", &self.runtime);
    }

    /// Locks the login collection (as the screen locker or a timeout does).
    pub fn lock(&self) {
        let mut cmd = Command::new("dbus-send");
        cmd.args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.secrets",
            "/org/freedesktop/secrets",
            "org.freedesktop.Secret.Service.Lock",
            "array:objpath:/org/freedesktop/secrets/collection/login",
        ]);
        self.env(&mut cmd);
        must(&mut cmd);
    }

    /// `secret-tool ARGS` on this session; its stdout.
    pub fn secret_tool(&self, args: &[&str]) -> String {
        must(&mut self.secret_tool_cmd(args))
    }

    /// `secret-tool search --all application_credential_id ID`: what a
    /// person sees of the item (secret-tool prints the attributes on
    /// stderr, the rest on stdout).
    pub fn listing(&self, id: &str) -> String {
        let out = self
            .secret_tool_cmd(&["search", "--all", "application_credential_id", id])
            .output()
            .expect("secret-tool search");
        assert!(out.status.success(), "secret-tool search failed");
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
    }

    fn secret_tool_cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new("secret-tool");
        cmd.args(args).env("HOME", &self.home);
        self.env(&mut cmd);
        cmd
    }
}
