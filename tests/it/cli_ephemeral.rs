//! `appcred exec --ephemeral` against the real test Keystone: the real
//! `openstack` client logs in with the credential made for the run, which
//! is gone afterwards; CMD's exit status and a signal to appcred pass
//! through and the deletion still happens; a SIGKILLed appcred leaves a
//! credential `prune --ephemeral --yes` removes; a missing CMD (127), a
//! role not held and a TTL over the limit create nothing.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support;
use crate::support::cli::*;
use serde_json::Value;

const USER: &str = "alice";

/// `appcred --os-cloud alice ARGS` with $OPENSTACK set, started.
fn start(args: &[&str], stdout: Stdio) -> Child {
    let mut cmd = support::appcred();
    cmd.env("OPENSTACK", support::seed().keystone.openstack())
        .arg("--os-cloud")
        .arg(USER)
        .args(args)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped());
    cmd.spawn().expect("start appcred")
}

/// Runs to the end: (exit code, stdout, stderr, appcred's pid).
fn run_ephemeral(args: &[&str]) -> (i32, String, String, u32) {
    let child = start(args, Stdio::piped());
    let pid = child.id();
    let out = child.wait_with_output().expect("wait for appcred");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        pid,
    )
}

/// The user's ephemeral credentials made by appcred process `pid`.
fn made_by(pid: u32) -> Vec<Value> {
    keystone_creds(USER)
        .into_iter()
        .filter(|c| {
            let name = c["name"].as_str().unwrap_or("");
            name.starts_with("appcred-ephemeral-alice@") && name.ends_with(&format!("-{pid}"))
        })
        .collect()
}

fn assert_gone(id: &str) {
    assert!(
        !keystone_creds(USER).iter().any(|c| c["id"] == id),
        "the ephemeral credential {id} is still in Keystone"
    );
}

/// The value after `KEY=` on a line of `text`.
fn value_of(text: &str, key: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("no {key}= in {text}"))
        .trim()
        .to_string()
}

/// `exec --ephemeral TTL -- sh -c SCRIPT`.
fn sh_args<'a>(ttl: &'a str, script: &'a str) -> [&'a str; 7] {
    ["exec", "--ephemeral", ttl, "--", "sh", "-c", script]
}

/// CMD printing its credential's id, then waiting (at most a minute) for
/// the file $GO.
const WAIT_FOR_GO: &str = "echo ID=$OS_APPLICATION_CREDENTIAL_ID; i=0; \
    while [ ! -e \"$GO\" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done";

/// The first line CMD printed (the child's stdout taken).
fn first_line(child: &mut Child) -> String {
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read");
    line
}

/// `cmd exec --ephemeral 10m -- sh -c WAIT_FOR_GO` started, and the id of
/// its credential once CMD runs.
fn start_waiting(mut cmd: Command, go: &std::path::Path) -> (Child, String) {
    cmd.env("GO", go)
        .args(sh_args("10m", WAIT_FOR_GO))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("start appcred");
    let id = value_of(&first_line(&mut child), "ID");
    (child, id)
}

fn wait_code(child: &mut Child) -> Option<i32> {
    let start = Instant::now();
    loop {
        if let Some(s) = child.try_wait().expect("wait") {
            return s.code();
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "appcred did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn kill(signal: &str, pid: u32) {
    let ok = Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .expect("kill");
    assert!(ok.success());
}

#[test]
fn the_openstack_client_logs_in_with_the_credential_and_it_is_gone_afterwards() {
    let (code, out, err, _) = run_ephemeral(&[
        "exec",
        "--ephemeral",
        "30m",
        "--role",
        "member",
        "--",
        "sh",
        "-c",
        "echo ID=$OS_APPLICATION_CREDENTIAL_ID; echo PW=${OS_PASSWORD-unset} ${OS_USERNAME-unset}; \
         \"$OPENSTACK\" token issue -f json",
    ]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains("PW=unset unset"),
        "the owner's login leaked: {out}"
    );
    let id = value_of(&out, "ID");
    let start = out.find('{').expect("token JSON");
    let token: Value = serde_json::from_str(&out[start..]).expect("token JSON");
    assert_eq!(token["user_id"], user_id(USER).as_str(), "{token}");
    assert!(
        err.contains("Ephemeral credential appcred-ephemeral-alice@"),
        "{err}"
    );
    assert_gone(&id);
}

#[test]
fn the_exit_status_passes_through_and_the_credential_is_deleted() {
    let (code, out, err, _) = run_ephemeral(&sh_args(
        "5m",
        "echo ID=$OS_APPLICATION_CREDENTIAL_ID; exit 7",
    ));
    assert_eq!(code, 7, "{out}\n{err}");
    assert_gone(&value_of(&out, "ID"));
}

/// SIGTERM to appcred reaches CMD: a trap decides the status (7), or CMD
/// dies of it (128 + 15); either way the credential is deleted.
#[test]
fn a_signal_to_appcred_reaches_cmd_and_the_deletion_still_happens() {
    for (script, want) in [
        (
            "trap 'exit 7' TERM; echo ID=$OS_APPLICATION_CREDENTIAL_ID; i=0; while [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done; exit 3",
            7,
        ),
        ("echo ID=$OS_APPLICATION_CREDENTIAL_ID; exec sleep 30", 143),
    ] {
        let mut child = start(&sh_args("10m", script), Stdio::piped());
        let line = first_line(&mut child);
        let id = value_of(&line, "ID");
        kill("-TERM", child.id());
        assert_eq!(wait_code(&mut child), Some(want), "{script}");
        assert_gone(&id);
    }
}

#[test]
fn a_killed_appcred_leaves_a_credential_that_prune_ephemeral_removes() {
    let mut child = start(
        &sh_args(
            "10m",
            "echo ID=$OS_APPLICATION_CREDENTIAL_ID PID=$$; exec sleep 30",
        ),
        Stdio::piped(),
    );
    let line = first_line(&mut child);
    let id = line
        .split_whitespace()
        .find_map(|w| w.strip_prefix("ID="))
        .expect("id")
        .to_string();
    let cmd_pid: u32 = line
        .split_whitespace()
        .find_map(|w| w.strip_prefix("PID="))
        .and_then(|p| p.parse().ok())
        .expect("pid");
    kill("-KILL", child.id());
    let _ = child.wait();
    kill("-KILL", cmd_pid);
    assert!(keystone_creds(USER).iter().any(|c| c["id"] == id.as_str()));
    // Without --yes and without a terminal: refused, nothing deleted.
    let out = run(USER, &["prune", "--ephemeral"]);
    assert_ne!(out.code, 0, "{}", out.stderr);
    assert!(keystone_creds(USER).iter().any(|c| c["id"] == id.as_str()));
    let out = run(USER, &["prune", "--ephemeral", "--yes", "-f", "json"]);
    out.ok();
    let deleted = out.json();
    assert!(
        deleted.as_array().is_some_and(|a| a
            .iter()
            .any(|r| r["id"] == id.as_str() && r["deleted"] == true)),
        "{deleted}"
    );
    assert_gone(&id);
}

#[test]
fn a_missing_command_a_role_not_held_and_a_long_ttl_create_nothing() {
    let (code, _, err, pid) =
        run_ephemeral(&["exec", "--ephemeral", "5m", "--", "no-such-command-appcred"]);
    assert_eq!(code, 127, "{err}");
    assert!(err.contains("cannot run no-such-command-appcred"), "{err}");
    assert!(made_by(pid).is_empty());

    let seed = support::seed();
    let held = seed.effective_project_roles(USER, "demo");
    let not_held = seed
        .roles
        .keys()
        .find(|r| !held.contains(r))
        .expect("a role alice does not hold")
        .clone();
    let (code, _, err, pid) = run_ephemeral(&[
        "exec",
        "--ephemeral",
        "5m",
        "--role",
        &not_held,
        "--",
        "true",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("you do not hold the role"), "{err}");
    assert!(made_by(pid).is_empty());

    let (code, _, err, _) = run_ephemeral(&["exec", "--ephemeral", "25h", "--", "true"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("over the limit of 24 h"), "{err}");
}

/// A login Keystone will not let create credentials (a restricted
/// application credential's): the create is refused and CMD never runs.
#[test]
fn keystone_refusing_the_create_means_cmd_does_not_run() {
    let marker = support::temp_dir("ephemeral-refused").join("ran");
    let mut cmd = support::appcred();
    cmd.env("MARKER", &marker);
    let out = run_cmd(
        cmd,
        Some("alice-appcred"),
        &sh_args("5m", "touch \"$MARKER\""),
        None,
    );
    assert_ne!(out.code, 0, "{}", out.stderr);
    out.stderr_has(&[
        "Keystone refused the ephemeral credential",
        "sh was not run",
    ]);
    assert!(!marker.exists(), "CMD ran although the create was refused");
}

/// The token appcred logged in with is refused by the time CMD ends (here
/// revoked while CMD runs): the deletion logs in again, as the session
/// does, and still removes the credential.
#[test]
fn the_deletion_logs_in_again_when_the_token_went_stale_meanwhile() {
    use crate::support::token_cache::*;
    let (_one, user, home) = logged_in("eph-stale");
    let go = home.join("go");
    let (mut child, id) = start_waiting(appcred_as_user(&user, &home), &go);
    let token = the_cached_key().token();
    assert_eq!(
        as_admin_on_token(reqwest::Method::DELETE, &token),
        Some(204),
        "revoking the cached token"
    );
    wait_until_refused(&token);
    std::fs::write(&go, "").expect("write go");
    let code = wait_code(&mut child);
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut err)
        .expect("stderr");
    assert_eq!(code, Some(0), "{err}");
    let left = support::block_on(async { admin().app_creds(&user.id).await });
    assert!(!left.iter().any(|c| c["id"] == id.as_str()), "{left:?}");
    remove_user(&user);
}

#[test]
fn the_ttl_limit_is_config_tomls_ephemeral_max_hours() {
    let config = support::temp_dir("ephemeral-limit").join("config.toml");
    std::fs::write(&config, "ephemeral_max_hours = 1\n").expect("config");
    let mut cmd = support::appcred();
    cmd.env("APPCRED_CONFIG", &config);
    let out = run_cmd(
        cmd,
        Some(USER),
        &["exec", "--ephemeral", "2h", "--", "true"],
        None,
    );
    out.expect_code(2)
        .stderr_has(&["over the limit of 1 h", "ephemeral_max_hours"]);
    let mut cmd = support::appcred();
    cmd.env("APPCRED_CONFIG", &config);
    run_cmd(
        cmd,
        Some(USER),
        &["exec", "--ephemeral", "59m", "--", "true"],
        None,
    )
    .ok();
}

/// While a run goes on, its credential is counted apart: the Prometheus
/// file counts it in `appcred_ephemeral_credentials` with no series of its
/// own, and the audit marks it ephemeral and never `expiring`.
#[test]
fn metrics_and_the_audit_count_a_running_ephemeral_credential_apart() {
    let go = support::temp_dir("ephemeral-metrics").join("go");
    let mut cmd = support::appcred();
    cmd.args(["--os-cloud", USER]);
    let (mut child, id) = start_waiting(cmd, &go);

    let prom = run(USER, &["list", "-f", "prometheus"]);
    prom.ok();
    let count = prom
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("appcred_ephemeral_credentials{cloud=\"alice\"} "))
        .and_then(|n| n.trim().parse::<u32>().ok());
    assert!(count.is_some_and(|n| n >= 1), "{}", prom.stdout);
    assert!(
        !prom.stdout.contains(&format!("id=\"{id}\"")),
        "an ephemeral credential got a series of its own: {}",
        prom.stdout
    );
    assert!(
        prom.stdout.contains("appcred_credential_expires{"),
        "{}",
        prom.stdout
    );

    let audit = run("demo", &["audit", "--domain", "Default", "-f", "json"]);
    audit.ok();
    let rows = audit.json();
    let row = rows
        .as_array()
        .and_then(|a| a.iter().find(|r| r["id"] == id.as_str()))
        .unwrap_or_else(|| panic!("{id} not in the audit: {rows}"));
    assert_eq!(row["ephemeral"], true, "{row}");
    assert!(
        !row["flags"]
            .as_array()
            .is_some_and(|f| f.iter().any(|x| x == "expiring")),
        "{row}"
    );
    let table = run("demo", &["audit", "--domain", "Default"]);
    table.ok().stderr_has(&["of them ephemeral"]);

    std::fs::write(&go, "").expect("write go");
    assert_eq!(wait_code(&mut child), Some(0));
    assert_gone(&id);
}
