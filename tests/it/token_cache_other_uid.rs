//! Issue 24, finding 2: another uid that holds our session keyring (a named
//! or anonymous session keyring survives `runuser`/`setpriv`, pam_keyinit
//! replaces only the default one) can neither read the cached token
//! (`keyctl print`) nor use it (appcred as that uid logs in itself); and a
//! key of another uid under our key's name is never used nor removed.
//!
//! Root only (switching to uid `nobody`), with `runuser`, `setpriv` and
//! `keyctl`; otherwise each test says SKIPPED and why.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::token_cache::*;

const NOBODY: u32 = 65534;

/// Why these tests cannot run here, if they cannot.
fn cannot_switch_uid() -> Option<String> {
    // SAFETY: geteuid has no preconditions and touches no memory.
    if unsafe { libc::geteuid() } != 0 {
        return Some("not root: cannot run a process as nobody".into());
    }
    for tool in ["runuser", "setpriv", "keyctl"] {
        let found = Command::new(tool)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok();
        if !found {
            return Some(format!("`{tool}` is not installed"));
        }
    }
    None
}

macro_rules! skip_unless_root {
    () => {
        if let Some(why) = cannot_switch_uid() {
            crate::support::skip(why);
            return;
        }
    };
}

/// A HOME (and log folder) that nobody may write.
fn nobodys_home(prefix: &str) -> PathBuf {
    let home = support::temp_dir(prefix);
    std::os::unix::fs::chown(&home, Some(NOBODY), Some(NOBODY)).expect("chown home to nobody");
    home
}

/// `cmd` (a prepared appcred) run as nobody through setpriv: same program,
/// arguments and environment.
fn as_nobody(cmd: &Command, home: &Path) -> Command {
    let mut wrapped = Command::new("setpriv");
    wrapped
        .arg(format!("--reuid={NOBODY}"))
        .arg(format!("--regid={NOBODY}"))
        .arg("--clear-groups")
        .arg("--")
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .env_clear()
        .current_dir(home);
    for (name, value) in cmd.get_envs() {
        if let Some(value) = value {
            wrapped.env(name, value);
        }
    }
    wrapped
}

/// `runuser -u nobody -- keyctl ARGS` in our session keyring (stdin given).
fn keyctl_as_nobody(args: &[&str], stdin: Option<&str>) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new("runuser")
        .args(["-u", "nobody", "--", "keyctl"])
        .args(args)
        .current_dir("/")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runuser keyctl");
    if let Some(mut pipe) = child.stdin.take() {
        pipe.write_all(stdin.unwrap_or("").as_bytes())
            .expect("keyctl stdin");
    }
    child.wait_with_output().expect("keyctl output")
}

#[test]
fn another_uid_in_our_session_keyring_neither_reads_nor_uses_the_cached_token() {
    skip_unless_root!();
    let (_one, user, home) = logged_in("tc-uid-root");
    let key = the_cached_key();
    let token = key.token();
    assert!(token.len() > 20, "a token is cached");

    // The repro: nobody prints the key by its number.
    let printed = keyctl_as_nobody(&["print", &key.id.to_string()], None);
    let shown = String::from_utf8_lossy(&printed.stdout);
    assert!(
        !printed.status.success() && !shown.contains(&token),
        "nobody read the cached token: exit {:?}",
        printed.status.code()
    );

    // appcred as nobody, same login: it logs in itself.
    let nhome = nobodys_home("tc-uid-nobody");
    let cmd = as_nobody(&appcred_as_user(&user, &nhome), &nhome);
    let theirs = run_logged(cmd, &nhome, "nobody", &["roles"]);
    theirs.assert_ok("nobody's command");
    assert!(!theirs.used_the_cache(), "nobody used root's cached token");
    assert_eq!(theirs.logins(), 1, "{:?}", theirs.requests);

    // Root's key is still there, unchanged, and still root's to use.
    assert_eq!(the_cached_key().token(), token, "root's key was changed");
    let again = run_logged(appcred_as_user(&user, &home), &home, "again", &["roles"]);
    again.assert_ok("root again");
    assert!(again.used_the_cache() && again.logins() == 0);
    remove_user(&user);
}

#[test]
fn a_key_of_another_uid_under_our_keys_name_is_neither_used_nor_removed() {
    skip_unless_root!();
    let (_one, user, home) = logged_in("tc-uid-plant");
    let ours = the_cached_key();
    let planted = ours.value.to_string();
    let forget = Command::new("keyctl")
        .args(["invalidate", &ours.id.to_string()])
        .status()
        .expect("keyctl invalidate");
    assert!(forget.success());

    // nobody plants a key under the same name, readable by any possessor,
    // holding a token that works (root's own former one).
    let added = keyctl_as_nobody(&["padd", "user", &ours.description, "@s"], Some(&planted));
    assert!(
        added.status.success(),
        "padd: {}",
        String::from_utf8_lossy(&added.stderr)
    );
    let id = String::from_utf8_lossy(&added.stdout).trim().to_string();
    let opened = keyctl_as_nobody(&["setperm", &id, "0x3f3f3f3f"], None);
    assert!(opened.status.success(), "setperm");

    let run = run_logged(appcred_as_user(&user, &home), &home, "planted", &["roles"]);
    run.assert_ok("root with a planted key");
    assert!(!run.used_the_cache(), "root used nobody's key");
    assert!(
        run.log.contains("belongs to another uid; ignored"),
        "no log line says why"
    );
    assert_eq!(run.logins(), 1, "{:?}", run.requests);

    // nobody's key is still there, as planted: not removed, not overwritten.
    let left = the_cached_key();
    assert_eq!(left.id.to_string(), id, "the planted key was removed");
    assert_eq!(
        left.value.to_string(),
        planted,
        "the planted key was written"
    );
    remove_user(&user);
}
