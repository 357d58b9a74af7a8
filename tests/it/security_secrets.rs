//! Issue 6, "Secrets": with the most verbose logging, no secret (the new
//! credential's secret, the user's password, a token) reaches the log file or
//! stderr. The same run shows the secret on stdout, where the user asked for
//! it, so the test can tell "not logged" from "never seen". The scan
//! (support/leak.rs) finds the secret escaped too, which the first test
//! here proves.

use crate::support;
use crate::support::leak::{assert_no_leak, found};

use std::io::Write;
use std::process::Stdio;

use serde_json::Value;

fn assert_clean(what: &str, text: &str, secrets: &[&str]) {
    for s in secrets {
        assert_no_leak(what, text, s);
    }
    // Fernet tokens (and receipts) start with gAAAAA.
    assert!(!text.contains("gAAAAA"), "{what} contains a token");
}

/// A secret like the one below: a unique plain part, then characters that
/// every escaping changes.
fn nasty_secret() -> String {
    format!("Leak-{}-s3cr3t\\\"#'x", support::unique("x"))
}

/// The positive control: a leak written JSON-escaped, Debug-escaped or
/// shell-quoted is found, though it no longer contains the secret itself.
#[test]
fn the_scan_finds_the_secret_escaped() {
    let secret = nasty_secret();
    let leaks = [
        serde_json::json!({ "secret": secret }).to_string(),
        format!("request body: {:?}", Some(&secret)),
        format!(
            "export OS_APPLICATION_CREDENTIAL_SECRET='{}'",
            secret.replace('\'', "'\\''")
        ),
        // Cut short (a log line truncated): the plain part is still there.
        format!("secret={}...", &secret[..secret.len() - 4]),
    ];
    for leak in &leaks {
        assert!(
            !leak.contains(&secret),
            "the control needs an escaped form: {leak}"
        );
        assert!(found(leak, &secret).is_some(), "missed: {leak}");
    }
    assert_eq!(found(&format!("ok {secret} ok"), &secret), Some("as is"));
    // Text with another secret of the same shape is clean.
    assert_eq!(found(&leaks.join("\n"), &nasty_secret()), None);
}

#[test]
fn verbose_cli_run_logs_no_secret() {
    let seed = support::seed();
    let password = seed.user("alice").password.clone();
    let home = support::temp_dir("leak");
    let log = home.join("appcred.log");
    let name = support::unique("leak");
    let secret = nasty_secret();

    let mut child = support::appcred_in(&home)
        .env("APPCRED_LOG", "trace")
        .args(["--os-cloud", "alice", "-vv", "--log-file"])
        .arg(&log)
        .args(support::create_with_secret_on_stdin(&name))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run appcred");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(secret.as_bytes())
        .expect("write secret");
    let out = child.wait_with_output().expect("appcred output");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "create failed: {stderr}");
    let created: Value = serde_json::from_str(&stdout).expect("create -f json prints JSON");
    assert_eq!(
        created["secret"], secret,
        "the secret is shown on stdout once"
    );
    let id = created["id"].as_str().expect("id").to_string();

    // A second command in the same log: list and delete.
    let del = support::appcred_in(&home)
        .env("APPCRED_LOG", "trace")
        .args(["--os-cloud", "alice", "-vv", "--log-file"])
        .arg(&log)
        .args(["delete", &id, "--yes"])
        .output()
        .expect("run appcred delete");
    assert!(
        del.status.success(),
        "delete failed: {}",
        String::from_utf8_lossy(&del.stderr)
    );

    let log_text = std::fs::read_to_string(&log).expect("the log file exists");
    assert!(
        log_text.contains("POST"),
        "the log has request lines at trace level: {log_text}"
    );
    assert_clean("the log file", &log_text, &[&secret, &password]);
    assert_clean("stderr", &stderr, &[&secret, &password]);
    assert_clean(
        "delete's stderr",
        &String::from_utf8_lossy(&del.stderr),
        &[&secret, &password],
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&log)
            .expect("log metadata")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "the log file is private");
    }
}
