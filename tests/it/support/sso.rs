//! Shared by the sso_* test modules: the SSO test bed that
//! `scripts/sso start` runs (oidc-provider -> Apache + mod_auth_openidc ->
//! Keystone federation), the real `appcred` binary pointed at its
//! clouds.yaml, and device logins approved or denied by `scripts/sso`.
//!
//! Which bed: APPCRED_SSO_CLOUDS (scripts/test sets it after starting one);
//! else APPCRED_SSO_SKIP says why there is none (the tests print it and
//! pass); else a bed a developer started (target/sso/bed), or a skip that
//! names the command to run.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard, mpsc};
use std::time::{Duration, Instant};

use serde_json::Value;

pub struct Bed {
    pub clouds: PathBuf,
    pub dir: PathBuf,
    pub about: Value,
    /// The bed's settings (the identity provider's ttl) held for this test.
    _settings: Settings,
}

/// Every test module runs in one process, and the bed is one: a test that
/// changes its settings ([`bed_alone`]) must not run while others use it.
static SETTINGS: RwLock<()> = RwLock::new(());

enum Settings {
    Shared(RwLockReadGuard<'static, ()>),
    Alone(RwLockWriteGuard<'static, ()>),
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bed, or None (with the reason printed) where none can run. Shared
/// with the other tests: its settings stay as they are.
pub fn bed() -> Option<Bed> {
    let shared = SETTINGS
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    find_bed(Settings::Shared(shared))
}

/// [`bed()`] for a test that changes the bed's settings (`scripts/sso ttl`):
/// no other SSO test runs meanwhile.
pub fn bed_alone() -> Option<Bed> {
    let alone = SETTINGS
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    find_bed(Settings::Alone(alone))
}

fn find_bed(settings: Settings) -> Option<Bed> {
    let clouds = match std::env::var_os("APPCRED_SSO_CLOUDS") {
        Some(c) => PathBuf::from(c),
        None => {
            if let Ok(why) = std::env::var("APPCRED_SSO_SKIP") {
                crate::support::skip(format!("no SSO test bed: {why}"));
                return None;
            }
            let default = root().join("target/sso/bed/clouds.yaml");
            if !default.exists() {
                crate::support::skip("no SSO test bed: run `scripts/sso start` first");
                return None;
            }
            default
        }
    };
    let dir = clouds.parent().map(Path::to_path_buf).unwrap_or_default();
    let text = std::fs::read_to_string(dir.join("bed.json"))
        .unwrap_or_else(|e| panic!("the SSO bed at {} has no bed.json: {e}", dir.display()));
    let about = serde_json::from_str(&text).expect("bed.json");
    Some(Bed {
        clouds,
        dir,
        about,
        _settings: settings,
    })
}

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    pub fn show(&self) -> String {
        format!(
            "exit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    pub fn ok(&self) -> &Self {
        assert_eq!(self.code, 0, "{}", self.show());
        self
    }

    pub fn failed(&self) -> &Self {
        assert_ne!(self.code, 0, "{}", self.show());
        self
    }

    pub fn stderr_has(&self, parts: &[&str]) -> &Self {
        for p in parts {
            assert!(
                self.stderr.contains(p),
                "stderr lacks {p:?}\n{}",
                self.show()
            );
        }
        self
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("no JSON ({e})\n{}", self.show()))
    }
}

impl Bed {
    /// `appcred` with a clean environment, this bed's clouds, no token cache.
    pub fn appcred(&self, home: &Path) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_appcred"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("OS_CLIENT_CONFIG_FILE", &self.clouds)
            .env("OS_CLIENT_SECURE_FILE", self.dir.join("secure.yaml"))
            .env("APPCRED_TOKEN_CACHE", "off")
            .current_dir(home)
            .stdin(Stdio::null());
        cmd
    }

    /// `scripts/sso ARGS` for this bed; panics with its output on failure.
    pub fn sso(&self, args: &[&str]) -> String {
        let out = self.sso_cmd(args).output().expect("scripts/sso");
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            out.status.success(),
            "scripts/sso {args:?} failed\n{text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        text
    }

    pub fn sso_cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(root().join("scripts/sso"));
        cmd.args(args)
            .env("SSO_DIR", &self.dir)
            .stdin(Stdio::null());
        cmd
    }

    pub fn project_id(&self, name: &str) -> String {
        self.about["projects"][name]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Runs `appcred --os-cloud CLOUD ARGS`, bounded by `limit`.
    pub fn run(&self, home: &Path, cloud: &str, args: &[&str], limit: Duration) -> Out {
        self.run_device(home, cloud, args, limit, |_| {})
    }

    /// Runs appcred; when it prints a device code, `on_code(user_code)` runs
    /// (approve, deny, or nothing). Bounded by `limit`: killed past it.
    pub fn run_device(
        &self,
        home: &Path,
        cloud: &str,
        args: &[&str],
        limit: Duration,
        on_code: impl Fn(&str),
    ) -> Out {
        let mut cmd = self.appcred(home);
        cmd.arg("--os-cloud").arg(cloud).args(args);
        let mut seen_code = false;
        run_watching(cmd, limit, |line, _| {
            if !seen_code && let Some(code) = line.split("enter the code ").nth(1) {
                seen_code = true;
                on_code(code.trim());
            }
        })
    }
}

/// Runs `cmd` with its stdout and stderr read here, handing each stderr
/// line to `on_line` as it comes (with the child: a test may kill it),
/// bounded by `limit`: killed and failed past it.
pub fn run_watching(
    mut cmd: Command,
    limit: Duration,
    mut on_line: impl FnMut(&str, &mut Child),
) -> Out {
    let what: Vec<_> = cmd
        .get_args()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("start appcred");
    let mut stdout = child.stdout.take().expect("stdout");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let deadline = Instant::now() + limit;
    let mut err = String::new();
    loop {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => {
                on_line(&line, &mut child);
                err.push_str(&line);
                err.push('\n');
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("appcred {what:?} ran past {limit:?}\n--- stderr\n{err}");
        }
    }
    let status = child.wait().expect("wait for appcred");
    let _ = reader.join();
    Out {
        code: status.code().unwrap_or(-1),
        stdout: out_reader.join().unwrap_or_default(),
        stderr: err,
    }
}

/// A fresh HOME for one run.
pub fn home() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

/// Approves a device code as alice (or `user`) through scripts/sso.
pub fn approver<'a>(bed: &'a Bed, action: &'a str, user: &'a str) -> impl Fn(&str) + 'a {
    move |code: &str| {
        bed.sso(&[action, code, user]);
    }
}
