//! Issue 15: the token cached in the kernel keyring. Against the real
//! Keystone: a second command makes one request instead of two (the binary's
//! debug log and a proxy in front of Keystone agree), a revoked cached token is
//! replaced without the user noticing, `logout` revokes, each off switch
//! works, and a kernel that refuses the keyring calls means no cache, not an
//! error. Each test has a session keyring of its own.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::token_cache::*;

struct Run {
    out: Output,
    log: PathBuf,
}

impl Run {
    fn ok(self) -> Run {
        assert!(
            self.out.status.success(),
            "exit {:?}\n--- stderr\n{}",
            self.out.status.code(),
            self.stderr()
        );
        self
    }
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }
    fn requests(&self) -> Vec<String> {
        logged_requests(&self.log)
    }
    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

/// `appcred --os-cloud alice -v --log-file HOME/NAME.log ARGS` from `cmd`.
fn run_with(mut cmd: Command, home: &Path, name: &str, args: &[&str]) -> Run {
    let log = home.join(format!("{name}.log"));
    let out = cmd
        .args(["--os-cloud", "alice", "-v", "--log-file"])
        .arg(&log)
        .args(args)
        .output()
        .expect("run appcred");
    Run { out, log }
}

fn run(home: &Path, name: &str, args: &[&str]) -> Run {
    run_with(appcred_cached(home), home, name, args)
}

#[test]
fn a_second_command_reuses_the_cached_token() {
    let _one = one_at_a_time();
    fresh_session_keyring();
    let home = support::temp_dir("tc-reuse");

    let (clouds, seen) = proxied_clouds(&home);
    let proxied = || {
        let mut cmd = appcred_cached(&home);
        cmd.env("OS_CLIENT_CONFIG_FILE", &clouds);
        cmd
    };
    let first = run_with(proxied(), &home, "first", &["list", "-f", "json"]).ok();
    let requests = first.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert!(is_login(&requests[0]), "{requests:?}");
    let saw: Vec<String> = seen.try_iter().collect();
    assert_eq!(saw.len(), 2, "Keystone saw: {saw:#?}");

    let key = the_cached_key();
    // Possessor: view; the owner's uid: write, search, setattr (it reads
    // through its search in the keyring it possesses); group, other: nothing.
    assert_eq!(key.perms, 0x012c_0000, "perms {:08x}", key.perms);
    assert!(
        key.token().starts_with("gAAAAA"),
        "a Fernet token is cached"
    );
    assert_eq!(key.value["user"]["name"], "alice");
    assert_eq!(key.value["scope"]["type"], "project");
    assert!(key.value["roles"].as_array().is_some_and(|r| !r.is_empty()));
    let timeout = kernel_timeout(key.id);
    assert!(
        timeout != "perm" && (timeout.ends_with('m') || timeout.ends_with('h')),
        "the kernel forgets the key by itself: timeout {timeout:?}"
    );

    let second = run_with(proxied(), &home, "second", &["list", "-f", "json"]).ok();
    assert_eq!(second.stdout(), first.stdout(), "the same answer");
    let requests = second.requests();
    assert_eq!(requests.len(), 1, "one request, no login: {requests:?}");
    assert!(requests[0].starts_with("GET /v3/users/"), "{requests:?}");
    assert!(
        second.log_text().contains("using the cached token"),
        "{}",
        second.log_text()
    );
    let seen: Vec<String> = seen.try_iter().collect();
    assert_eq!(seen.len(), 1, "Keystone saw: {seen:#?}");
    assert!(
        seen[0].starts_with("GET /v3/users/") && seen[0].contains("application_credentials"),
        "{seen:#?}"
    );
}

#[test]
fn a_revoked_cached_token_is_replaced_without_the_user_noticing() {
    let _one = one_at_a_time();
    fresh_session_keyring();
    let home = support::temp_dir("tc-revoked");
    let first = run(&home, "first", &["list", "-f", "json"]).ok();
    let old = the_cached_key();

    let status = as_admin_on_token(reqwest::Method::DELETE, &old.token());
    assert_eq!(status, Some(204), "revoking the cached token");
    wait_until_refused(&old.token());

    let second = run(&home, "second", &["list", "-f", "json"]).ok();
    assert_eq!(second.stdout(), first.stdout(), "the same answer");
    let requests = second.requests();
    assert_eq!(requests.len(), 3, "{requests:?}");
    assert!(requests[0].ends_with(" 401"), "{requests:?}");
    assert!(is_login(&requests[1]), "{requests:?}");
    assert!(requests[2].ends_with(" 200"), "{requests:?}");
    let new = the_cached_key();
    assert_eq!(new.description, old.description, "the same login");
    assert_ne!(new.token(), old.token(), "the refused token is gone");

    let third = run(&home, "third", &["list", "-f", "json"]).ok();
    assert_eq!(third.requests().len(), 1, "{:?}", third.requests());
}

#[test]
fn logout_revokes_the_cached_token_and_forgets_it() {
    let _one = one_at_a_time();
    fresh_session_keyring();
    let home = support::temp_dir("tc-logout");
    let login = run(&home, "login", &["login"]).ok();
    assert!(
        login.stdout().contains("session keyring"),
        "{}",
        login.stdout()
    );
    let key = the_cached_key();
    let list = run(&home, "list", &["list"]).ok();
    assert_eq!(
        list.requests().len(),
        1,
        "login cached it: {:?}",
        list.requests()
    );

    let logout = run(&home, "logout", &["logout"]).ok();
    assert!(logout.stderr().contains("revoked"), "{}", logout.stderr());
    assert!(cached_keys().is_empty(), "nothing left in the keyring");
    let requests = logout.requests();
    assert_eq!(
        requests,
        ["DELETE /v3/auth/tokens 204"],
        "no login to log out"
    );

    let status = as_admin_on_token(reqwest::Method::GET, &key.token());
    assert_eq!(status, Some(404), "Keystone no longer knows the token");

    let again = run(&home, "again", &["logout"]).ok();
    assert!(
        again.stderr().contains("no cached token"),
        "{}",
        again.stderr()
    );
}

/// Turns the cache off for one command (a flag, a variable, the config file).
type Switch = fn(&mut Command, &Path);

#[test]
fn every_off_switch_means_a_login_per_command_and_nothing_cached() {
    let _one = one_at_a_time();
    let switches: [(&str, Switch); 3] = [
        ("--no-cache", |c, _| {
            c.arg("--no-cache");
        }),
        ("APPCRED_TOKEN_CACHE=off", |c, _| {
            c.env("APPCRED_TOKEN_CACHE", "off");
        }),
        ("token_cache = false", |_, home| {
            let dir = home.join(".config/appcred");
            std::fs::create_dir_all(&dir).expect("config dir");
            std::fs::write(dir.join("config.toml"), "token_cache = false\n").expect("config");
        }),
    ];
    for (label, switch) in switches {
        fresh_session_keyring();
        let home = support::temp_dir("tc-off");
        for name in ["first", "second"] {
            let mut cmd = appcred_cached(&home);
            switch(&mut cmd, &home);
            let r = run_with(cmd, &home, name, &["list", "-f", "json"]).ok();
            let requests = r.requests();
            assert!(
                requests.iter().any(|r| is_login(r)),
                "{label}: {requests:?}"
            );
        }
        assert!(cached_keys().is_empty(), "{label}: nothing cached");
        let mut cmd = appcred_cached(&home);
        switch(&mut cmd, &home);
        let login = run_with(cmd, &home, "login", &["login"]);
        assert_eq!(
            login.out.status.code(),
            Some(2),
            "{label}: {}",
            login.stderr()
        );
        assert!(
            login.stderr().contains("token cache is off"),
            "{}",
            login.stderr()
        );
    }
}

#[test]
fn a_kernel_without_keyring_calls_means_no_cache_not_an_error() {
    let _one = one_at_a_time();
    for (label, errno) in [("ENOSYS", libc::ENOSYS), ("EPERM", libc::EPERM)] {
        fresh_session_keyring();
        let home = support::temp_dir("tc-nokeys");
        let blocked = || {
            let mut cmd = appcred_cached(&home);
            block_keyring_syscalls(&mut cmd, errno);
            cmd
        };
        for name in ["first", "second"] {
            let r = run_with(blocked(), &home, name, &["list", "-f", "json"]).ok();
            let requests = r.requests();
            assert_eq!(requests.len(), 2, "{label}: {requests:?}");
            assert!(is_login(&requests[0]), "{label}: {requests:?}");
            assert!(r.stderr().is_empty(), "{label}: silent: {}", r.stderr());
        }
        assert!(cached_keys().is_empty(), "{label}");
        let login = run_with(blocked(), &home, "login", &["login"]);
        assert_eq!(
            login.out.status.code(),
            Some(1),
            "{label}: {}",
            login.stderr()
        );
        assert!(
            login.stderr().contains("could not be cached"),
            "{}",
            login.stderr()
        );
        let logout = run_with(blocked(), &home, "logout", &["logout"]).ok();
        assert!(
            logout.stderr().contains("no kernel keyring"),
            "{}",
            logout.stderr()
        );
    }
}
