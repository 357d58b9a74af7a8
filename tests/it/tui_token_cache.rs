//! Issue 22, item 6: the terminal UI on the token cache, against the real
//! Keystone. The real binary in tmux (support/terminal.rs) with `-v
//! --log-file`: opened after a command cached a token it sends no login
//! (its debug log and a recording proxy in front of Keystone agree); a TOTP
//! cloud after `appcred login` asks nothing; the TUI's own login is the
//! next command's token; `--no-cache` and `token_cache = false` leave the
//! cache alone; a token Keystone refuses is dropped and replaced (switching
//! scope through the cache: tui_cache_loop.rs). Each
//! test runs in a session keyring of its own (support/token_cache.rs),
//! which the tmux server and so the TUI inherit.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::terminal::*;
use crate::support::token_cache::*;
use crate::support::{seed, temp_dir, totp_now};

const SLOW: Duration = Duration::from_secs(60);

/// A pane on `home` whose appcred has the token cache on (tmux turns it
/// off unless told) and the clouds of `clouds`.
fn pane(home: &Path, clouds: &Path) -> Tmux {
    let mut env = clouds_env(clouds);
    env.push(("APPCRED_TOKEN_CACHE", "on".to_string()));
    Tmux::start(home, 80, 24, &env)
}

/// One TUI session in `tmux`: `appcred ARGS -v --log-file HOME/NAME.log`
/// until alice's list is on screen, then `q`. Returns the log's path.
fn alice_tui(tmux: &Tmux, name: &str, args: &str) -> PathBuf {
    let log = tmux.dir.join(format!("{name}.log"));
    tmux.shell(&appcred_command(&format!(
        "--os-cloud alice {args} -v --log-file {}",
        quoted(&log.display().to_string())
    )));
    tmux.wait_for_alice_list("alice's list", SLOW);
    tmux.keys(&["q"]);
    tmux.wait_exit(SLOW);
    log
}

fn log_text(log: &Path) -> String {
    std::fs::read_to_string(log).unwrap_or_default()
}

fn logins(requests: &[String]) -> usize {
    requests.iter().filter(|r| is_login(r)).count()
}

/// The cached token never reaches a log.
fn assert_not_logged(log: &Path, token: &str) {
    assert!(!token.is_empty());
    assert!(
        !log_text(log).contains(token),
        "the token is in {}",
        log.display()
    );
}

#[test]
fn a_commands_cached_token_opens_the_tui_without_a_login() {
    if skip_without_tmux("the TUI's cached token") {
        return;
    }
    let _one = one_at_a_time();
    fresh_session_keyring();
    let home = temp_dir("tui-tc-open");
    let (clouds, seen) = proxied_clouds(&home);
    let roles = cached_command(&home, &clouds, "roles", &["--os-cloud", "alice", "roles"]);
    assert_eq!(logins(&roles), 1, "{roles:?}");
    let cached = the_cached_key();
    let _before: Vec<String> = seen.try_iter().collect();

    let tmux = pane(&home, &clouds);
    let log = alice_tui(&tmux, "tui", "");
    let requests = logged_requests(&log);
    assert_eq!(logins(&requests), 0, "no login: {requests:?}");
    assert!(
        requests
            .iter()
            .any(|r| r.contains("/application_credentials") && r.ends_with(" 200")),
        "{requests:?}"
    );
    assert!(
        log_text(&log).contains("token cache: using the cached token"),
        "{}",
        log_text(&log)
    );
    let saw: Vec<String> = seen.try_iter().collect();
    assert!(!saw.is_empty(), "the TUI went through the proxy");
    assert!(
        saw.iter().all(|r| !r.starts_with("POST /v3/auth/tokens")),
        "Keystone saw: {saw:#?}"
    );
    assert_eq!(the_cached_key().token(), cached.token(), "the same token");
    assert_not_logged(&log, &cached.token());
}

#[test]
fn the_tuis_login_is_the_next_commands_token() {
    if skip_without_tmux("the TUI's login cached") {
        return;
    }
    let _one = one_at_a_time();
    fresh_session_keyring();
    let home = temp_dir("tui-tc-leaves");
    let (clouds, _seen) = proxied_clouds(&home);

    let tmux = pane(&home, &clouds);
    let log = alice_tui(&tmux, "tui", "");
    assert_eq!(logins(&logged_requests(&log)), 1, "the TUI logged in");
    let left = the_cached_key();
    assert_eq!(left.value["user"]["name"], "alice");
    assert_not_logged(&log, &left.token());

    let list = cached_command(&home, &clouds, "list", &["--os-cloud", "alice", "list"]);
    assert_eq!(list.len(), 1, "one request, no login: {list:?}");
    assert!(list[0].starts_with("GET /v3/users/"), "{list:?}");
    assert!(log_text(&home.join("list.log")).contains("token cache: using the cached token"));
    assert_eq!(the_cached_key().token(), left.token(), "the TUI's token");
}

#[test]
fn the_off_switches_make_the_tui_log_in_and_leave_the_cache_alone() {
    if skip_without_tmux("the TUI's cache switches") {
        return;
    }
    let _one = one_at_a_time();
    // (label, extra arguments, config.toml)
    let switches = [
        ("--no-cache", "--no-cache", None),
        ("token_cache = false", "", Some("token_cache = false\n")),
    ];
    for (label, args, config) in switches {
        fresh_session_keyring();
        let home = temp_dir("tui-tc-off");
        let (clouds, _seen) = proxied_clouds(&home);
        cached_command(&home, &clouds, "login", &["--os-cloud", "alice", "login"]);
        let cached = the_cached_key();
        if let Some(text) = config {
            let dir = home.join(".config/appcred");
            std::fs::create_dir_all(&dir).expect("config dir");
            std::fs::write(dir.join("config.toml"), text).expect("config.toml");
        }

        let tmux = pane(&home, &clouds);
        let log = alice_tui(&tmux, "tui", args);
        let requests = logged_requests(&log);
        assert_eq!(logins(&requests), 1, "{label}: a login: {requests:?}");
        let text = log_text(&log);
        assert!(text.contains("token cache off"), "{label}: {text}");
        assert!(!text.contains("using the cached token"), "{label}: {text}");
        let keys = cached_keys();
        assert_eq!(keys.len(), 1, "{label}: nothing added");
        assert_eq!(keys[0].token(), cached.token(), "{label}: untouched");
        assert_not_logged(&log, &cached.token());
    }
}

#[test]
fn a_refused_cached_token_is_dropped_and_the_tui_logs_in_again() {
    if skip_without_tmux("the TUI's refused token") {
        return;
    }
    let _one = one_at_a_time();
    fresh_session_keyring();
    let home = temp_dir("tui-tc-refused");
    let (clouds, _seen) = proxied_clouds(&home);
    cached_command(&home, &clouds, "list", &["--os-cloud", "alice", "list"]);
    let old = the_cached_key();
    let status = as_admin_on_token(reqwest::Method::DELETE, &old.token());
    assert_eq!(status, Some(204), "revoking the cached token");
    wait_until_refused(&old.token());

    let tmux = pane(&home, &clouds);
    let log = alice_tui(&tmux, "tui", "");
    let requests = logged_requests(&log);
    assert!(requests.iter().any(|r| r.ends_with(" 401")), "{requests:?}");
    // However many of its first requests met the 401: one login.
    assert_eq!(logins(&requests), 1, "{requests:?}");
    let new = the_cached_key();
    assert_eq!(new.description, old.description, "the same login");
    assert_ne!(new.token(), old.token(), "the refused token is gone");
    assert_not_logged(&log, &new.token());

    let list = cached_command(&home, &clouds, "after", &["--os-cloud", "alice", "list"]);
    assert_eq!(list.len(), 1, "the TUI's new token: {list:?}");
}

#[test]
fn a_totp_cloud_after_appcred_login_opens_without_a_prompt() {
    if skip_without_tmux("the TUI after a TOTP login") {
        return;
    }
    let _one = one_at_a_time();
    fresh_session_keyring();
    let home = temp_dir("tui-tc-totp");
    let clouds = seed().clouds_yaml.clone();
    let tmux = pane(&home, &clouds);

    // `appcred login` asks for the passcode once, at the terminal.
    tmux.shell(&appcred_command("--os-cloud dave-totp login"));
    tmux.wait_for("the passcode prompt", SLOW, |s| s.contains("TOTP passcode"));
    let secret = seed()
        .user("dave")
        .totp_secret
        .clone()
        .expect("dave's TOTP secret");
    tmux.type_text(&totp_now(&secret));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the login's report", SLOW, |s| s.contains("Cached in"));
    let cached = the_cached_key();
    tmux.shell("clear");

    let log = tmux.dir.join("tui.log");
    tmux.shell(&appcred_command(&format!(
        "--os-cloud dave-totp -v --log-file {}",
        quoted(&log.display().to_string())
    )));
    let listed = || {
        logged_requests(&log)
            .iter()
            .any(|r| r.contains("/application_credentials") && r.ends_with(" 200"))
    };
    let start = std::time::Instant::now();
    while !listed() {
        assert!(
            start.elapsed() < SLOW,
            "no list; the screen:\n{}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let screen = tmux.wait_for("the main view", SLOW, |s| !s.contains("Loading"));
    assert!(!screen.contains("passcode"), "asked again:\n{screen}");
    tmux.keys(&["q"]);
    tmux.wait_exit(SLOW);
    let requests = logged_requests(&log);
    assert_eq!(logins(&requests), 0, "{requests:?}");
    assert!(log_text(&log).contains("token cache: using the cached token"));
    assert_not_logged(&log, &cached.token());
}
