//! Everything the integration tests share, in one tree (tests/it is one test
//! crate). This file: the generic helpers against the real test Keystone
//! that `scripts/keystone start` (or `scripts/test`) runs on 127.0.0.1.
//!
//! - [`seed()`]: the seeded data set (docs/seed.md), typed, read once (seed.rs).
//! - [`appcred()`]: the built binary with a clean environment pointed at the
//!   seed's clouds.yaml and secure.yaml.
//! - [`Api`], [`auth()`]: raw Keystone HTTP calls as the admin or a seed user
//!   (keystone_api.rs).
//! - [`unique()`], [`temp_dir()`], [`totp_now()`], [`block_on()`], [`signal_pid()`].
//! - [`skip()`]: a test that cannot run here says so and is counted (skip.rs).
//!
//! The submodules, by what the tests drive:
//! - [`cli`]: run the binary, look at Keystone's state as admin (`cli_*`, `hostile_files`, ...).
//! - [`keystone`]: the library's `Session` against the seed (`keystone_*`, `tui_loop`).
//! - [`hostile`]: fake servers for the faults a real Keystone cannot give.
//! - [`leak`]: a secret found in text in any escaped form.
//! - [`slow_proxy`]: a proxy in front of the real Keystone that holds answers back.
//! - [`terminal`]: a private tmux server (the `*_tmux` and terminal tests).
//! - [`headless`]: scripts for the TUI's real loop (`store_tui`, `handoff_tui`).
//! - [`sso`], [`fleet`], [`workflow`], [`token_cache`], [`stores`], [`keyring`]: their test beds.
// Not every helper is used by every test module.
#![allow(dead_code)]

pub mod cli;
pub mod fleet;
pub mod headless;
pub mod hostile;
pub mod keyring;
pub mod keystone;
mod keystone_api;
pub mod ldap;
pub mod leak;
mod seed;
pub mod skip;
pub mod slow_proxy;
pub mod sso;
pub mod sso_fake;
pub mod stores;
pub mod terminal;
pub mod token_cache;
pub mod workflow;

use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

pub use keystone_api::*;
pub use seed::*;
pub use skip::skip;

const NOT_RUNNING: &str =
    "the test Keystone is not running: run scripts/test (or scripts/keystone start)";

/// A name no other test, run or process uses: `prefix-PID-COUNTER-TIME`.
pub fn unique(prefix: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos() ^ (d.as_secs() as u32))
        .unwrap_or(0);
    format!(
        "{prefix}-{}-{}-{nanos:x}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// A fresh, empty directory under cargo's per-target tmp dir (kept after the run).
pub fn temp_dir(prefix: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(unique(prefix));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("mkdir {}: {e}", dir.display()));
    dir
}

/// The built `appcred` with a clean environment: only PATH, a fresh empty
/// HOME (also the working directory, so no `./clouds.yaml` is found) and
/// OS_CLIENT_CONFIG_FILE / OS_CLIENT_SECURE_FILE pointing at the seed's
/// files. Nothing from the developer's shell (no OS_*, no OS_CLOUD) leaks in.
pub fn appcred() -> Command {
    appcred_in(&temp_dir("home"))
}

/// `appcred` run as nobody (uid and gid 65534, no groups) through setpriv,
/// with only PATH in its environment and `home` as HOME: root ignores
/// permissions, so their tests run as another user. `None` without setpriv.
pub fn appcred_as_nobody(home: &Path) -> Option<Command> {
    let setpriv = Path::new("/usr/bin/setpriv");
    if !setpriv.exists() {
        return None;
    }
    let mut cmd = Command::new(setpriv);
    cmd.args([
        "--reuid",
        "65534",
        "--regid",
        "65534",
        "--clear-groups",
        "--",
    ])
    .arg(env!("CARGO_BIN_EXE_appcred"))
    .env_clear()
    .env("PATH", std::env::var_os("PATH").unwrap_or_default())
    .env("HOME", home);
    Some(cmd)
}

/// Like [`appcred()`] with a given HOME (to look at files it writes there).
pub fn appcred_in(home: &Path) -> Command {
    let seed = seed();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_appcred"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("OS_CLIENT_CONFIG_FILE", &seed.clouds_yaml)
        .env("OS_CLIENT_SECURE_FILE", &seed.secure_yaml)
        // Tests share the user keyring: no token cache unless a test turns it
        // on in a session keyring of its own (support/token_cache.rs).
        .env("APPCRED_TOKEN_CACHE", "off")
        .current_dir(home);
    cmd
}

/// `create NAME --secret-stdin --role reader -f json`: a credential with the
/// secret the test writes to stdin (so it knows what to look for in logs and
/// files), printed back as JSON.
pub fn create_with_secret_on_stdin(name: &str) -> [&str; 7] {
    [
        "create",
        name,
        "--secret-stdin",
        "--role",
        "reader",
        "-f",
        "json",
    ]
}

/// Sends `signal` (`TERM`, `HUP`, `INT`, `QUIT`) to process `pid` directly: no
/// `kill` to fork, which on a loaded machine can take longer than a test's
/// window for the signal (a create answer held back for a few seconds).
pub fn signal_pid(pid: u32, signal: &str) {
    use rustix::process::{Pid, Signal, kill_process};
    let signal = match signal {
        "TERM" => Signal::TERM,
        "HUP" => Signal::HUP,
        "INT" => Signal::INT,
        "QUIT" => Signal::QUIT,
        other => panic!("no such signal in these tests: {other}"),
    };
    let pid = i32::try_from(pid)
        .ok()
        .and_then(Pid::from_raw)
        .unwrap_or_else(|| panic!("not a process id: {pid}"));
    kill_process(pid, signal).unwrap_or_else(|e| panic!("kill -{signal:?} {pid:?}: {e}"));
}

/// RFC 6238 passcode (SHA-1, 30 s step, 6 digits) for a base32 secret.
pub fn totp_now(base32_secret: &str) -> String {
    let key = base32_decode(base32_secret);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    totp_lite::totp_custom::<totp_lite::Sha1>(30, 6, &key, now)
}

/// RFC 4648 base32 (upper or lower case, padding optional).
pub fn base32_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u64, 0u32);
    for c in text
        .bytes()
        .filter(|c| *c != b'=' && !c.is_ascii_whitespace())
    {
        let v = ALPHABET
            .iter()
            .position(|a| *a == c.to_ascii_uppercase())
            .unwrap_or_else(|| panic!("not base32: {:?}", c as char)) as u64;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

/// Runs a future to completion on a private runtime in its own thread, so it
/// works from plain `#[test]`s and from inside `#[tokio::test]` alike.
pub fn block_on<F>(future: F) -> F::Output
where
    F: Future + Send,
    F::Output: Send,
{
    std::thread::scope(|s| {
        s.spawn(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("tokio runtime")
                .block_on(future)
        })
        .join()
        .unwrap_or_else(|_| panic!("block_on: the future panicked"))
    })
}

/// Files under `root` (no symlinks followed, at most `budget` files, each up
/// to 32 MiB) that contain one of `needles` (each a (what, text) pair): the leak scan of the
/// token-cache and store tests (over HOME, /tmp and /var/tmp).
pub fn files_containing(root: &Path, needles: &[(&str, &str)], budget: &mut usize) -> Vec<String> {
    let mut hits = Vec::new();
    let mut stack: Vec<PathBuf> = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() && *budget > 0 {
                *budget -= 1;
                let small = entry.metadata().is_ok_and(|m| m.len() <= 32 << 20);
                let Some(bytes) = small.then(|| std::fs::read(&path).ok()).flatten() else {
                    continue;
                };
                for (what, needle) in needles {
                    if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                        hits.push(format!("{what} in {}", path.display()));
                    }
                }
            }
        }
    }
    hits
}
