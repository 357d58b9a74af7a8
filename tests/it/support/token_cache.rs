//! Shared by the token_cache* tests: each test runs the binary in a session
//! keyring of its own (so cached tokens never reach another test, nor the
//! user keyring the rest of the suite shares), reads what the binary cached,
//! blocks the keyring system calls as a container's seccomp profile does,
//! and reads the binary's debug log and Keystone's access log.
#![allow(dead_code, unsafe_code)]

use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc::Receiver;
use std::sync::{Mutex, MutexGuard};

use linux_keyutils::{KeyRing, KeyRingIdentifier};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support;
use crate::support::slow_proxy::recording_proxy;

/// One token-cache test at a time, as when they were a test binary of their
/// own: each fills a session keyring charged to the same user's key quota.
pub fn one_at_a_time() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Gives this thread (and the processes it starts) a new, empty anonymous
/// session keyring; returns its serial number.
pub fn fresh_session_keyring() -> i32 {
    // SAFETY: KEYCTL_JOIN_SESSION_KEYRING (1) with a NULL name only replaces
    // the calling thread's session keyring; no memory is passed.
    let id = unsafe {
        libc::syscall(
            libc::SYS_keyctl,
            1 as libc::c_long,
            std::ptr::null::<libc::c_char>(),
        )
    };
    assert!(
        id > 0,
        "cannot join a new session keyring: {}",
        std::io::Error::last_os_error()
    );
    i32::try_from(id).unwrap_or_else(|_| panic!("keyring id {id}"))
}

/// A key appcred cached in this thread's session keyring.
pub struct CachedKey {
    pub id: i32,
    pub description: String,
    pub perms: u32,
    pub value: Value,
}

impl CachedKey {
    pub fn token(&self) -> String {
        self.value["token"].as_str().unwrap_or_default().to_string()
    }
}

/// appcred's keys in this thread's session keyring.
pub fn cached_keys() -> Vec<CachedKey> {
    let ring =
        KeyRing::from_special_id(KeyRingIdentifier::Session, false).expect("session keyring");
    let links = ring.get_links(200).expect("keyring links");
    let mut found = Vec::new();
    for node in links.iter() {
        let Some(key) = node.as_key() else { continue };
        let Ok(meta) = key.metadata() else { continue };
        if !meta.get_description().starts_with("appcred:token:") {
            continue;
        }
        let bytes = key.read_to_vec().expect("read key");
        found.push(CachedKey {
            id: key.get_id().as_raw_id(),
            description: meta.get_description().to_string(),
            perms: meta.get_perms().bits(),
            value: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        });
    }
    found
}

/// The one cached key; panics unless there is exactly one.
pub fn the_cached_key() -> CachedKey {
    let mut keys = cached_keys();
    assert_eq!(keys.len(), 1, "cached keys: {}", keys.len());
    keys.remove(0)
}

/// A user of our own, member of the seed's project `demo`.
pub struct TestUser {
    pub id: String,
    pub name: String,
    pub password: String,
}

pub fn make_user() -> TestUser {
    let name = support::unique("tc-sec");
    let password = format!("Pw-{}-x", support::unique("p"));
    let id = create_member(&name, &password);
    TestUser { id, name, password }
}

/// A user `name` in Default, member of the seed's project `demo`: its id.
pub fn create_member(name: &str, password: &str) -> String {
    let seed = support::seed();
    let project = seed.projects["demo"].id.clone();
    let member = seed.roles["member"].id.clone();
    let body = json!({"user": {"name": name, "password": password, "domain_id": "default"}});
    support::block_on(async {
        let admin = support::Api::admin().await;
        let made = admin.call(Method::POST, "/users", Some(body)).await;
        assert_eq!(made.status, 201, "{}", made.body);
        let id = made.body["user"]["id"].as_str().unwrap_or("").to_string();
        let path = format!("/projects/{project}/users/{id}/roles/{member}");
        let granted = admin.call(Method::PUT, &path, None).await;
        assert_eq!(granted.status, 204, "{}", granted.body);
        id
    })
}

pub fn remove_user(user: &TestUser) {
    support::block_on(async {
        let admin = support::Api::admin().await;
        admin
            .call(Method::DELETE, &format!("/users/{}", user.id), None)
            .await
    });
}

/// `appcred_cached` logging in as `user` from OS_* variables alone (no
/// clouds.yaml holds the password).
pub fn appcred_as_user(user: &TestUser, home: &Path) -> Command {
    let mut cmd = appcred_cached(home);
    cmd.env_remove("OS_CLIENT_CONFIG_FILE")
        .env_remove("OS_CLIENT_SECURE_FILE")
        .env("OS_AUTH_URL", support::seed().auth_url)
        .env("OS_USERNAME", &user.name)
        .env("OS_PASSWORD", &user.password)
        .env("OS_USER_DOMAIN_NAME", "Default")
        .env("OS_PROJECT_NAME", "demo")
        .env("OS_PROJECT_DOMAIN_NAME", "Default");
    cmd
}

/// One token-cache test's start: the lock, a session keyring of its own, a
/// user of our own, a HOME, and that user's token cached by one command.
pub fn logged_in(prefix: &str) -> (MutexGuard<'static, ()>, TestUser, PathBuf) {
    let one = one_at_a_time();
    fresh_session_keyring();
    let user = make_user();
    let home = support::temp_dir(prefix);
    run_logged(appcred_as_user(&user, &home), &home, "first", &["roles"]).assert_ok("first");
    (one, user, home)
}

/// `appcred` as `support::appcred_in` makes it, with the token cache on.
pub fn appcred_cached(home: &Path) -> Command {
    let mut cmd = support::appcred_in(home);
    cmd.env_remove("APPCRED_TOKEN_CACHE");
    cmd
}

/// The requests the binary logged (`-v --log-file`): "METHOD /path STATUS".
pub fn logged_requests(log: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    text.lines()
        .filter(|l| l.contains("keystone request") && !l.contains("failed"))
        .map(|l| {
            let field = |name: &str| {
                l.split(&format!("{name}="))
                    .nth(1)
                    .and_then(|rest| rest.split_whitespace().next())
                    .unwrap_or("")
                    .trim_matches('"')
                    .to_string()
            };
            format!("{} {} {}", field("method"), field("path"), field("status"))
        })
        .collect()
}

/// Makes the keyring system calls (add_key, request_key, keyctl) fail with
/// `errno` in the child, as Docker's default seccomp profile does.
pub fn block_keyring_syscalls(cmd: &mut Command, errno: i32) {
    #[cfg(target_arch = "x86_64")]
    const ARCH: u32 = 0xC000_003E; // AUDIT_ARCH_X86_64
    #[cfg(target_arch = "aarch64")]
    const ARCH: u32 = 0xC000_00B7; // AUDIT_ARCH_AARCH64
    const LD_W_ABS: u16 = 0x20; // BPF_LD | BPF_W | BPF_ABS
    const JEQ_K: u16 = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
    const RET_K: u16 = 0x06; // BPF_RET | BPF_K
    const ALLOW: u32 = 0x7fff_0000; // SECCOMP_RET_ALLOW
    const ERRNO: u32 = 0x0005_0000; // SECCOMP_RET_ERRNO
    let op = |code, jt, jf, k| libc::sock_filter { code, jt, jf, k };
    let nr = |n: libc::c_long| u32::try_from(n).unwrap_or(u32::MAX);
    let (add_key, request_key, keyctl) = (
        nr(libc::SYS_add_key),
        nr(libc::SYS_request_key),
        nr(libc::SYS_keyctl),
    );
    let errno = u32::try_from(errno).unwrap_or(1);
    // SAFETY: the closure runs in the child between fork and exec and only
    // makes two prctl calls on a filter that lives on its own stack.
    unsafe {
        cmd.pre_exec(move || {
            let filter = [
                op(LD_W_ABS, 0, 0, 4),        // seccomp_data.arch
                op(JEQ_K, 0, 5, ARCH),        // another arch: allow
                op(LD_W_ABS, 0, 0, 0),        // seccomp_data.nr
                op(JEQ_K, 4, 0, add_key),     // -> deny
                op(JEQ_K, 3, 0, request_key), // -> deny
                op(JEQ_K, 2, 0, keyctl),      // -> deny
                op(RET_K, 0, 0, ALLOW),
                op(RET_K, 0, 0, ALLOW),
                op(RET_K, 0, 0, ERRNO | errno), // deny
            ];
            let prog = libc::sock_fprog {
                len: filter.len() as u16,
                filter: filter.as_ptr() as *mut libc::sock_filter,
            };
            if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
                || libc::prctl(
                    libc::PR_SET_SECCOMP,
                    libc::SECCOMP_MODE_FILTER,
                    &prog as *const libc::sock_fprog,
                ) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// The timeout column of /proc/keys for key `id` (`54m`, `perm`, ...).
pub fn kernel_timeout(id: i32) -> String {
    let keys = std::fs::read_to_string("/proc/keys").unwrap_or_default();
    let hex = format!("{id:08x}");
    keys.lines()
        .find(|l| l.starts_with(&hex))
        .and_then(|l| l.split_whitespace().nth(3))
        .unwrap_or("")
        .to_string()
}

/// A `METHOD /path STATUS` (or proxy line) that is a login.
pub fn is_login(request: &str) -> bool {
    request.starts_with("POST /v3/auth/tokens")
}

/// A clouds.yaml in `home` whose clouds reach Keystone through a
/// [`recording_proxy`]: what Keystone sees from the commands using it, and
/// nothing from the other tests that share it.
pub fn proxied_clouds(home: &Path) -> (PathBuf, Receiver<String>) {
    let seed = support::seed();
    let (url, seen) = recording_proxy(200);
    let text = std::fs::read_to_string(&seed.clouds_yaml).expect("the seed's clouds.yaml");
    let clouds = home.join("proxied-clouds.yaml");
    std::fs::write(&clouds, text.replace(&seed.auth_url, &url)).expect("write clouds.yaml");
    (clouds, seen)
}

/// The admin's `METHOD /v3/auth/tokens` on `token` (GET validates, DELETE
/// revokes): the status.
pub fn as_admin_on_token(method: reqwest::Method, token: &str) -> Option<u16> {
    support::block_on(async {
        let url = format!("{}/auth/tokens", support::seed().auth_url);
        support::http()
            .request(method, url)
            .header("X-Auth-Token", support::Api::admin().await.token)
            .header("X-Subject-Token", token)
            .send()
            .await
            .map(|r| r.status().as_u16())
            .ok()
    })
}

/// Keystone behind several workers with memcached can accept a token for a
/// moment after revoking it (a worker's cached validation; seen in about one
/// run in four). Wait, bounded, until it refuses the token on several
/// requests in a row, as a client meets a revoked token.
pub fn wait_until_refused(token: &str) {
    let start = std::time::Instant::now();
    let mut refusals = 0;
    while refusals < 6 {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "Keystone still accepts the revoked token after 30 s"
        );
        match as_admin_on_token(reqwest::Method::GET, token) {
            Some(401 | 404) => refusals += 1,
            _ => {
                refusals = 0;
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
        }
    }
}

/// What one logged run of the binary gave.
pub struct LoggedRun {
    pub out: Output,
    pub log: String,
    /// "METHOD /path STATUS" of each request, from the log.
    pub requests: Vec<String>,
}

impl LoggedRun {
    pub fn logins(&self) -> usize {
        self.requests.iter().filter(|r| is_login(r)).count()
    }

    pub fn used_the_cache(&self) -> bool {
        self.log.contains("using the cached token")
    }

    pub fn assert_ok(&self, what: &str) {
        assert!(
            self.out.status.success(),
            "{what}: exit {:?}\n{}",
            self.out.status.code(),
            String::from_utf8_lossy(&self.out.stderr)
        );
    }
}

/// Runs `cmd` with `-v --log-file LOG ARGS` (LOG: `home`/`name`.log, which
/// must be writable by whoever `cmd` runs as).
pub fn run_logged(mut cmd: Command, home: &Path, name: &str, args: &[&str]) -> LoggedRun {
    let log = home.join(format!("{name}.log"));
    let out = cmd
        .arg("-v")
        .arg("--log-file")
        .arg(&log)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run appcred");
    LoggedRun {
        out,
        log: std::fs::read_to_string(&log).unwrap_or_default(),
        requests: logged_requests(&log),
    }
}

/// `appcred -v --log-file HOME/NAME.log ARGS` with the cache on, on the
/// clouds of `clouds`; must succeed. Returns the requests it logged.
pub fn cached_command(home: &Path, clouds: &Path, name: &str, args: &[&str]) -> Vec<String> {
    let log = home.join(format!("{name}.log"));
    let out = appcred_cached(home)
        .env("OS_CLIENT_CONFIG_FILE", clouds)
        .args(["-v", "--log-file"])
        .arg(&log)
        .args(args)
        .output()
        .expect("run appcred");
    assert!(
        out.status.success(),
        "{args:?}: exit {:?}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    logged_requests(&log)
}

/// `keyctl pupdate ID` with `value` on stdin (in our session keyring).
pub fn pupdate(id: i32, value: &Value) {
    let mut child = Command::new("keyctl")
        .args(["pupdate", &id.to_string()])
        .stdin(Stdio::piped())
        .spawn()
        .expect("keyctl pupdate (package keyutils)");
    if let Some(mut pipe) = child.stdin.take() {
        pipe.write_all(value.to_string().as_bytes())
            .expect("pupdate stdin");
    }
    assert!(child.wait().expect("keyctl").success(), "keyctl pupdate");
}

pub fn keyctl_missing() -> bool {
    Command::new("keyctl")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_err()
}
