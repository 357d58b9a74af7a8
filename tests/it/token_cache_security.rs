//! Issue 15's security test: with the token cache on, a session of login,
//! create, list and delete at trace level leaves the created secret, the
//! password and the cached token in no file under HOME, /tmp or /var/tmp;
//! and another user (uid `nobody`, in a session of its own as a login would
//! give it) can neither read the cached key nor see it in /proc/keys.
//!
//! The user is made for this test with a password no other test knows, and
//! logs in from OS_* variables, so no clouds.yaml holds the password: any
//! copy found on disk came from this run.

use crate::support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use crate::support::token_cache::*;

/// appcred as `user`, the password only in its environment.
fn appcred_as(user: &TestUser, home: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = appcred_as_user(user, home);
    cmd.env("APPCRED_LOG", "trace")
        .arg("-vv")
        .arg("--log-file")
        .arg(home.join("appcred.log"))
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run appcred");
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().expect("stdin");
        pipe.write_all(text.as_bytes()).expect("write stdin");
    }
    let out = child.wait_with_output().expect("appcred output");
    assert!(
        out.status.success(),
        "appcred {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// What a process of `uid` in a session keyring of its own (or, with
/// `inherit`, in ours) can do with key `id`: "read=N errno=E listed=L".
fn reader(uid: Option<u32>, id: i32, inherit: bool) -> String {
    const PY: &str = "import ctypes, sys\n\
        libc = ctypes.CDLL(None, use_errno=True)\n\
        libc.syscall.restype = ctypes.c_long\n\
        nr, key, inherit = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == 'inherit'\n\
        if not inherit:\n    assert libc.syscall(ctypes.c_long(nr), ctypes.c_long(1), None) > 0\n\
        buf = ctypes.create_string_buffer(65536)\n\
        n = libc.syscall(ctypes.c_long(nr), ctypes.c_long(11), ctypes.c_long(key), buf, ctypes.c_long(65536))\n\
        err = ctypes.get_errno() if n < 0 else 0\n\
        listed = open('/proc/keys').read().count('%08x ' % key)\n\
        print('read=%d errno=%d listed=%d' % (n, err, listed))\n";
    // The system's Python: one under /root (pyenv) is out of nobody's reach.
    let python = ["/usr/bin/python3", "/usr/local/bin/python3"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .unwrap_or("python3");
    let mut cmd = match uid {
        Some(uid) => {
            let mut c = Command::new("setpriv");
            c.arg(format!("--reuid={uid}"))
                .arg(format!("--regid={uid}"))
                .arg("--clear-groups")
                .arg("--")
                .arg(python);
            c
        }
        None => Command::new(python),
    };
    let out = cmd
        .args(["-c", PY])
        .arg(libc::SYS_keyctl.to_string())
        .arg(id.to_string())
        .arg(if inherit { "inherit" } else { "own" })
        .current_dir("/")
        .output()
        .expect("run the reader");
    assert!(
        out.status.success(),
        "reader: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn with_the_cache_on_no_secret_reaches_a_file_and_no_other_user_reads_the_key() {
    let _one = one_at_a_time();
    fresh_session_keyring();
    let user = make_user();
    let home = support::temp_dir("tc-sec");
    let secret = format!("Sec-{}-s3cr3t", support::unique("x"));
    let name = support::unique("tc-sec-cred");

    appcred_as(&user, &home, &["login"], None);
    let created = appcred_as(
        &user,
        &home,
        &support::create_with_secret_on_stdin(&name),
        Some(&secret),
    );
    let created: Value = serde_json::from_slice(&created.stdout).expect("create prints JSON");
    assert_eq!(created["secret"], secret.as_str(), "shown once on stdout");
    let id = created["id"].as_str().expect("id").to_string();
    appcred_as(&user, &home, &["list", "-f", "json"], None);
    appcred_as(&user, &home, &["delete", &id, "--yes"], None);

    let key = the_cached_key();
    let token = key.token();
    assert!(token.len() > 20, "a token is cached");
    let log = std::fs::read_to_string(home.join("appcred.log")).unwrap_or_default();
    assert!(log.contains("using the cached token"), "the cache was used");

    let needles = [
        ("the secret", secret.as_str()),
        ("the password", user.password.as_str()),
        ("the token", token.as_str()),
    ];
    let mut budget = 200_000;
    let mut hits = Vec::new();
    for root in [home.as_path(), Path::new("/tmp"), Path::new("/var/tmp")] {
        hits.extend(support::files_containing(root, &needles, &mut budget));
    }
    assert!(hits.is_empty(), "found on disk: {hits:#?}");

    // The reader works: in our session (possessing the key) it reads it.
    let ours = reader(None, key.id, true);
    assert!(
        ours.starts_with("read=") && !ours.starts_with("read=-1"),
        "{ours}"
    );
    // Another uid in its own session: permission denied, and not listed.
    let nobody = reader(Some(65534), key.id, false);
    assert_eq!(
        nobody,
        format!("read=-1 errno={} listed=0", libc::EACCES),
        "uid 65534"
    );
    // Our own uid outside this session cannot read it either: no read right
    // for anyone, only a possessor's (who found it by our uid's search).
    let elsewhere = reader(None, key.id, false);
    assert_eq!(
        elsewhere,
        format!("read=-1 errno={} listed=0", libc::EACCES)
    );

    appcred_as(&user, &home, &["logout"], None);
    assert!(cached_keys().is_empty());
    remove_user(&user);
}
