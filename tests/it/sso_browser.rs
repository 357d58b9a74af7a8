//! Browser logins through the real SSO chain (support/sso.rs): the
//! authorization code flow with PKCE (`v3oidcauthcode`) against the real
//! OP, the test playing the browser with `scripts/sso browse` (login and
//! consent over HTTP, then the OP's redirect to appcred's loopback
//! listener); a denied consent and a forged state; the `ssh -L` line over
//! SSH. And `v3websso` through Keystone's own websso page: Apache's
//! mod_auth_openidc as a relying party sends the browser to the OP, then
//! Keystone's page posts the token to appcred's listener (an origin in the
//! bed's `trusted_dashboard`); plus the listener's answers to a stray
//! request and to a post without a token.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::sso::{Bed, Out, bed, home, run_watching};

const LIMIT: Duration = Duration::from_secs(90);
const OPEN: &str = "Open this URL in a browser to log in: ";

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    l.local_addr().expect("its address").port()
}

/// Runs appcred; the first URL it asks a browser to open goes to `browser`
/// (in a thread: appcred keeps listening meanwhile). Killed past LIMIT.
fn run_with_browser(
    bed: &Bed,
    home: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    browser: impl FnOnce(String) + Send + 'static,
) -> Out {
    let mut cmd = bed.appcred(home);
    cmd.args(args).envs(env.iter().copied());
    let mut browser = Some(browser);
    let mut browsing = None;
    let out = run_watching(cmd, LIMIT, |line, _| {
        if let Some(url) = line.split(OPEN).nth(1)
            && let Some(b) = browser.take()
        {
            let url = url.trim().to_string();
            browsing = Some(std::thread::spawn(move || b(url)));
        }
    });
    if let Some(b) = browsing {
        b.join().expect("the browser step");
    }
    out
}

/// `scripts/sso browse ARGS` for the bed in `dir`: its stdout, asserting success.
fn browse(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/sso"))
        .arg("browse")
        .args(args)
        .env("SSO_DIR", dir)
        .stdin(Stdio::null())
        .output()
        .expect("scripts/sso browse runs");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "scripts/sso browse {args:?} failed\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

/// One HTTP/1.1 request to a loopback URL, as a browser sends it; the status.
fn http(method: &str, url: &str, form: Option<&str>) -> u16 {
    let rest = url.strip_prefix("http://").expect("an http URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut s = TcpStream::connect(host).expect("the listener answers");
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let body = form.unwrap_or("");
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: \
         application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).expect("request sent");
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

fn authcode_env(port: u16) -> String {
    format!("http://127.0.0.1:{port}/callback")
}

#[test]
fn authcode_over_ssh_shows_the_tunnel_and_the_login_lists() {
    let Some(bed) = bed() else { return };
    let h = home();
    let port = free_port();
    let redirect = authcode_env(port);
    let dir = bed.dir.clone();
    let out = run_with_browser(
        &bed,
        h.path(),
        &["--os-cloud", "sso-authcode", "list", "-f", "json"],
        &[
            ("OS_REDIRECT_URI", &redirect),
            ("SSH_CONNECTION", "192.0.2.7 50022 192.0.2.1 22"),
            ("USER", "tester"),
        ],
        move |url| {
            browse(&dir, &[&url, "alice"]);
        },
    );
    out.ok().stderr_has(&[
        OPEN,
        "code_challenge_method=S256",
        &format!("ssh -N -L {port}:localhost:{port} tester@192.0.2.1"),
        "This is an SSH session",
    ]);
    assert!(out.json().is_array(), "{}", out.show());
}

#[test]
fn authcode_consent_denied_says_so() {
    let Some(bed) = bed() else { return };
    let h = home();
    let redirect = authcode_env(free_port());
    let dir = bed.dir.clone();
    let out = run_with_browser(
        &bed,
        h.path(),
        &["--os-cloud", "sso-authcode", "list"],
        &[("OS_REDIRECT_URI", &redirect)],
        move |url| {
            browse(&dir, &["--deny", &url, "alice"]);
        },
    );
    out.failed().stderr_has(&[
        "browser login",
        "the identity provider answered access_denied",
        "consent was declined",
    ]);
}

#[test]
fn authcode_redirect_with_a_forged_state_is_refused() {
    let Some(bed) = bed() else { return };
    let h = home();
    let redirect = authcode_env(free_port());
    let dir = bed.dir.clone();
    let out = run_with_browser(
        &bed,
        h.path(),
        &["--os-cloud", "sso-authcode", "list"],
        &[("OS_REDIRECT_URI", &redirect)],
        move |url| {
            // The OP's real redirect, with the state swapped.
            let back = browse(&dir, &["--print", &url, "alice"]);
            let back = back.trim();
            let state = back
                .split(['?', '&'])
                .find(|p| p.starts_with("state="))
                .expect("the redirect has a state");
            let forged = back.replace(state, "state=forged");
            assert_eq!(http("GET", &forged, None), 200);
        },
    );
    out.failed()
        .stderr_has(&["the redirect's state does not match", "log in again"]);
}

/// A real unscoped federated token, as Keystone's websso page posts it:
/// the service account's access token exchanged at the federation path.
fn unscoped_token(bed: &Bed) -> String {
    let access = bed.sso(&["token"]);
    let auth_url = bed.about["auth_url"].as_str().unwrap_or_default();
    let url =
        format!("{auth_url}/OS-FEDERATION/identity_providers/appcred-op/protocols/openid/auth");
    let out = Command::new("curl")
        .args([
            "-s",
            "-o",
            "/dev/null",
            "-D",
            "-",
            "--max-time",
            "10",
            "-X",
            "POST",
        ])
        .arg("-H")
        .arg(format!("Authorization: Bearer {}", access.trim()))
        .arg(&url)
        .output()
        .expect("curl runs");
    let head = String::from_utf8_lossy(&out.stdout).to_string();
    head.lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("x-subject-token")
                .then(|| v.trim().to_string())
        })
        .unwrap_or_else(|| panic!("no federated token from {url}\n{head}"))
}

#[test]
fn websso_listener_takes_keystones_posted_token_and_lists() {
    let Some(bed) = bed() else { return };
    let h = home();
    let port = free_port();
    let token = unscoped_token(&bed);
    let expected = format!(
        "/v3/auth/OS-FEDERATION/identity_providers/appcred-op/protocols/openid/websso?origin=http%3A%2F%2Flocalhost%3A{port}%2Fauth%2Fwebsso%2F"
    );
    let port_text = port.to_string();
    let out = run_with_browser(
        &bed,
        h.path(),
        &[
            "--os-cloud",
            "sso-authcode",
            "--os-auth-type",
            "v3websso",
            "list",
            "-f",
            "json",
        ],
        &[("OS_REDIRECT_PORT", &port_text)],
        move |url| {
            assert!(url.ends_with(&expected), "{url}");
            // A stray request first (a favicon): not the login, 404.
            assert_eq!(
                http("GET", &format!("http://127.0.0.1:{port}/favicon.ico"), None),
                404
            );
            let form = format!("token={token}");
            assert_eq!(
                http(
                    "POST",
                    &format!("http://127.0.0.1:{port}/auth/websso/"),
                    Some(&form)
                ),
                200
            );
        },
    );
    out.ok().stderr_has(&[OPEN]);
    assert!(out.json().is_array(), "{}", out.show());
}

#[test]
fn websso_post_without_a_token_names_trusted_dashboard() {
    let Some(bed) = bed() else { return };
    let h = home();
    let port = free_port();
    let port_text = port.to_string();
    let out = run_with_browser(
        &bed,
        h.path(),
        &[
            "--os-cloud",
            "sso-authcode",
            "--os-auth-type",
            "v3websso",
            "list",
        ],
        &[("OS_REDIRECT_PORT", &port_text)],
        move |_| {
            assert_eq!(
                http(
                    "POST",
                    &format!("http://127.0.0.1:{port}/auth/websso/"),
                    Some("x=1")
                ),
                200
            );
        },
    );
    out.failed()
        .stderr_has(&["posted no token", "trusted_dashboard"]);
}

/// The websso tests take turns: each picks one of the bed's few trusted
/// origins that is free, and appcred binds it only later.
static WEBSSO: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// One of the origins the bed's Keystone trusts for websso that is free now.
fn websso_port(bed: &Bed) -> u16 {
    let ports = bed.about["websso_ports"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    ports
        .iter()
        .filter_map(|p| p.as_u64().and_then(|p| u16::try_from(p).ok()))
        .find(|p| std::net::TcpListener::bind(("127.0.0.1", *p)).is_ok())
        .expect("bed.json lists a free websso port (scripts/sso start writes websso_ports)")
}

#[test]
fn websso_through_keystones_page_lists() {
    let Some(bed) = bed() else { return };
    let _turn = WEBSSO
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let h = home();
    let port = websso_port(&bed).to_string();
    let dir = bed.dir.clone();
    let out = run_with_browser(
        &bed,
        h.path(),
        &["--os-cloud", "sso-websso", "list", "-f", "json"],
        &[("OS_REDIRECT_PORT", &port)],
        move |url| {
            // Apache sends it to the OP; Keystone's page posts the token back.
            let page = browse(&dir, &[&url, "alice"]);
            assert!(page.contains("Logged in"), "{page}");
        },
    );
    out.ok().stderr_has(&[
        OPEN,
        "/protocols/openid/websso?origin=http%3A%2F%2Flocalhost%3A",
    ]);
    assert!(out.json().is_array(), "{}", out.show());
}
