//! `pass:PATH`: the entry goes in and out through `pass` itself (`pass
//! insert -m -f`, `pass show`), so the user's gpg set-up, `.gpg-id`
//! recipients and the store's git history apply. The text is fed through a
//! pipe: it is never in a file in the clear.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};

use zeroize::Zeroizing;

use super::encode::{from_pass, to_pass};
use super::entry::StoredCredential;
use super::error::StoreError;
use crate::config::Environment;

/// Set while the terminal UI owns the terminal. gpg's pinentry would draw on
/// it (pinentry-curses on `GPG_TTY`, the agent's tty) and fight the UI for
/// its keys; so gpg is told not to ask (`--pinentry-mode=error`) and a key
/// whose passphrase gpg-agent does not hold is an error saying how to unlock
/// it. The command line leaves gpg's prompt as the user set it up.
static NO_PINENTRY: AtomicBool = AtomicBool::new(false);

/// From now on gpg asks no passphrase (the terminal UI calls it at start).
pub fn forbid_gpg_pinentry() {
    NO_PINENTRY.store(true, Ordering::Relaxed);
}

/// The password store's folder, as `pass` finds it.
fn store_dir(env: &Environment) -> Option<PathBuf> {
    match env.var("PASSWORD_STORE_DIR") {
        Some(dir) => Some(PathBuf::from(dir)),
        None => env.home.as_ref().map(|h| h.join(".password-store")),
    }
}

fn err(path: &str, what: impl std::fmt::Display, hint: impl Into<String>) -> StoreError {
    StoreError::new(format!("pass:{path}: {what}"), hint)
}

/// `pass` is there and runs.
pub fn check_installed(path: &str) -> Result<(), StoreError> {
    let version = Command::new("pass")
        .arg("version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !version.is_ok_and(|s| s.success()) {
        return Err(err(
            path,
            "`pass` is not installed (or does not run)",
            "install pass (Debian: apt-get install pass) or use another store (vault:, secret-service)",
        ));
    }
    Ok(())
}

/// Checks without writing: `pass` runs, the store is initialised, its
/// recipients have usable gpg keys, and PATH is not a folder. Returns the
/// id held at PATH now, if any (`Some("")` when it cannot be read).
pub fn check(path: &str, env: &Environment) -> Result<Option<String>, StoreError> {
    check_installed(path)?;

    let dir = store_dir(env).ok_or_else(|| {
        err(
            path,
            "no HOME and no PASSWORD_STORE_DIR",
            "set PASSWORD_STORE_DIR",
        )
    })?;
    let entry = dir.join(path);
    if entry.is_dir() {
        return Err(err(
            path,
            format!(
                "{} is a folder of the password store, not an entry",
                entry.display()
            ),
            format!("name an entry inside it, e.g. pass:{path}/ci"),
        ));
    }
    let recipients = recipients(&dir, &entry).ok_or_else(|| {
        err(
            path,
            format!("the password store {} is not initialised", dir.display()),
            "run `pass init GPG-ID` with your gpg key's id (gpg --list-secret-keys)",
        )
    })?;
    can_encrypt(&recipients).map_err(|why| {
        err(
            path,
            format!(
                "gpg cannot encrypt to the store's key ({}): {why}",
                recipients.join(", ")
            ),
            "make sure `gpg --list-keys` shows that key, not expired or revoked, or run \
             `pass init` with a usable key",
        )
    })?;
    let mut file = entry.into_os_string();
    file.push(".gpg");
    if !Path::new(&file).exists() {
        return Ok(None);
    }
    Ok(Some(
        read(path)
            .map(|c| c.application_credential_id)
            .unwrap_or_default(),
    ))
}

/// The recipients of the `.gpg-id` nearest above `entry`, as pass picks them.
fn recipients(store: &Path, entry: &Path) -> Option<Vec<String>> {
    let mut dir = entry.parent();
    while let Some(d) = dir {
        if let Ok(text) = std::fs::read_to_string(d.join(".gpg-id")) {
            let ids: Vec<String> = text
                .lines()
                .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
                .filter(|l| !l.is_empty())
                .collect();
            return (!ids.is_empty()).then_some(ids);
        }
        if d == store {
            break;
        }
        dir = d.parent();
    }
    None
}

/// Encrypts a few bytes to the recipients, to /dev/null: what `pass insert`
/// will need, tried before anything is written.
fn can_encrypt(recipients: &[String]) -> Result<(), String> {
    let mut cmd = Command::new("gpg");
    cmd.args([
        "--batch",
        "--quiet",
        "--yes",
        "--encrypt",
        "--output",
        "/dev/null",
    ]);
    for r in recipients {
        cmd.args(["--recipient", r]);
    }
    let out = run(cmd, Some(b"appcred check"))?;
    if out.0 {
        Ok(())
    } else {
        Err(last_line(&out.2))
    }
}

/// Writes the entry (replacing one the caller has checked).
pub fn write(path: &str, c: &StoredCredential) -> Result<(), StoreError> {
    let text = to_pass(c);
    let (ok, _, stderr) = pass(
        path,
        &["insert", "--multiline", "--force"],
        Some(text.as_bytes()),
    )?;
    if !ok {
        return Err(err(
            path,
            format!("pass insert failed: {}", last_line(&stderr)),
            "run `pass insert` by hand to see gpg's complaint",
        ));
    }
    Ok(())
}

/// Reads the entry with `pass show`.
pub fn read(path: &str) -> Result<StoredCredential, StoreError> {
    let text = show(path)?;
    from_pass(&text).map_err(|why| {
        err(
            path,
            format!("the entry is not an application credential: {why}"),
            "appcred writes the secret on the first line, then key: value lines",
        )
    })
}

/// The id of the credential the entry at PATH holds, for rotation: None
/// when there is no entry, `Some("")` when it decrypts to something else.
/// An entry gpg cannot decrypt is an error, not another's entry: it may
/// well hold the old credential still.
pub fn holder(path: &str, env: &Environment) -> Result<Option<String>, StoreError> {
    if check(path, env)?.is_none() {
        return Ok(None);
    }
    let text = show(path)?;
    Ok(Some(
        from_pass(&text)
            .map(|c| c.application_credential_id)
            .unwrap_or_default(),
    ))
}

/// The entry's text, from `pass show` (zeroized when dropped).
fn show(path: &str) -> Result<Zeroizing<String>, StoreError> {
    let (ok, stdout, stderr) = pass(path, &["show"], None)?;
    if !ok {
        let why = last_line(&stderr);
        let hint = if why.contains("not in the password store") {
            "check the path with `pass ls`".to_string()
        } else if NO_PINENTRY.load(Ordering::Relaxed) && why.contains("decryption failed") {
            format!(
                "gpg may need the key's passphrase, which appcred's screen cannot ask for: \
                 unlock the key in a shell first (`pass show {path} >/dev/null`; gpg-agent \
                 keeps it for its cache time), then try again"
            )
        } else {
            "run `pass show` by hand to see gpg's complaint (a locked key needs its passphrase)"
                .to_string()
        };
        return Err(err(path, format!("pass show failed: {why}"), hint));
    }
    Ok(Zeroizing::new(
        String::from_utf8_lossy(&stdout).into_owned(),
    ))
}

/// `pass ARGS PATH`, fed `input` through a pipe.
fn pass(path: &str, args: &[&str], input: Option<&[u8]>) -> Result<Output, StoreError> {
    let mut cmd = Command::new("pass");
    cmd.args(args).arg(path);
    if NO_PINENTRY.load(Ordering::Relaxed) {
        // pass puts PASSWORD_STORE_GPG_OPTS before its own options to gpg.
        let mut opts = std::env::var("PASSWORD_STORE_GPG_OPTS").unwrap_or_default();
        opts.push_str(" --pinentry-mode=error");
        cmd.env("PASSWORD_STORE_GPG_OPTS", opts.trim_start());
    }
    run(cmd, input).map_err(|e| {
        err(
            path,
            format!("cannot run pass: {e}"),
            "check that pass is installed",
        )
    })
}

/// (success, stdout, stderr) of a child; stdout is zeroized when dropped:
/// it may be the entry.
type Output = (bool, Zeroizing<Vec<u8>>, String);

/// Runs `cmd` with `input` on a pipe; (success, stdout, stderr). stdout is
/// zeroized when dropped: it may be the entry.
fn run(mut cmd: Command, input: Option<&[u8]>) -> Result<Output, String> {
    cmd.stdin(if input.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| e.to_string())?;
    if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
        // A child that exits early closes the pipe; its status says why.
        let _ = stdin.write_all(input);
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    Ok((
        out.status.success(),
        Zeroizing::new(out.stdout),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

fn last_line(stderr: &str) -> String {
    let line = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("no message");
    crate::terminal_text::visible(line.trim()).into_owned()
}
