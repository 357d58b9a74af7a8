//! Hand-offs against Debian's `age` and the real test Keystone, both ways:
//! what `--to` writes opens with `age -d -i KEY` (an age key from
//! `age-keygen`, an SSH key from `ssh-keygen`), what `age -r`/`age -R`
//! writes opens with `appcred import`, whose credential then logs in; a
//! file for someone else is an error naming whom it was for.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support;
use crate::support::cli::*;
use crate::support::stores::have;
use serde_json::json;

/// Keys for one test: an age key file and its public key, an SSH
/// ed25519 key pair without a passphrase. None (skipped) without the tools.
pub(crate) struct Keys {
    pub(crate) dir: PathBuf,
    pub(crate) age_key: PathBuf,
    pub(crate) age_public: String,
    pub(crate) ssh_key: PathBuf,
    pub(crate) ssh_public: PathBuf,
}

pub(crate) fn keys(prefix: &str) -> Option<Keys> {
    for tool in ["age", "age-keygen", "ssh-keygen"] {
        if !have(tool) {
            support::skip(format!(
                "`{tool}` is not installed (apt-get install age openssh-client)"
            ));
            return None;
        }
    }
    let dir = support::temp_dir(prefix);
    let age_key = dir.join("age-key.txt");
    piped(Command::new("age-keygen").arg("-o").arg(&age_key), "");
    let age_public = piped(Command::new("age-keygen").arg("-y").arg(&age_key), "")
        .trim()
        .to_string();
    let ssh_key = dir.join("id_ed25519");
    piped(
        Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-f"])
            .arg(&ssh_key),
        "",
    );
    let ssh_public = dir.join("id_ed25519.pub");
    Some(Keys {
        dir,
        age_key,
        age_public,
        ssh_key,
        ssh_public,
    })
}

/// Runs a tool with `stdin`; its stdout, or a panic showing what it said.
fn piped(cmd: &mut Command, stdin: &str) -> String {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let mut pipe = child.stdin.take().expect("stdin was piped");
    pipe.write_all(stdin.as_bytes()).expect("write stdin");
    drop(pipe);
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// `age -a FLAG RECIPIENT -o OUT` (`-r` a key, `-R` a file of them), fed `text`.
fn age_seal(flag: &str, recipient: impl AsRef<OsStr>, out: &Path, text: &str) {
    piped(
        Command::new("age")
            .args(["-a", flag])
            .arg(recipient)
            .arg("-o")
            .arg(out),
        text,
    );
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

/// `appcred import FILE --identity KEY ARGS...`.
fn import(file: &Path, identity: &Path, args: &[&str]) -> Out {
    let mut all = vec!["import", path_str(file), "--identity", path_str(identity)];
    all.extend_from_slice(args);
    run("alice", &all)
}

/// A credential of alice's with a known secret, made through the API:
/// `(name, id)`.
fn made(
    clean: &mut Cleanup,
    prefix: &str,
    secret: &str,
    expires_at: serde_json::Value,
) -> (String, String) {
    let name = clean.name(support::unique(prefix));
    let body = json!({"name": name, "roles": [{"name": "reader"}], "secret": secret,
                      "expires_at": expires_at});
    let c = api_create("alice", "demo", body);
    (name, c["id"].as_str().expect("an id").to_string())
}

/// `age -d -i KEY FILE`.
pub(crate) fn age_open(key: &Path, file: &Path) -> String {
    piped(
        Command::new("age").arg("-d").arg("-i").arg(key).arg(file),
        "",
    )
}

/// The value of `export NAME='...'` in an openrc appcred wrote.
fn openrc_value(text: &str, name: &str) -> String {
    let prefix = format!("export {name}='");
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no {name} in:\n{text}"));
    line.trim_end_matches(['\'', ';']).to_string()
}

#[test]
fn create_to_an_age_key_and_an_ssh_key_opens_with_debian_age_and_logs_in() {
    let Some(k) = keys("handoff-create") else {
        return;
    };
    let mut clean = Cleanup::new("alice");
    let name = clean.name(support::unique("handoff-create"));
    let file = k.dir.join("ci.age");
    let ssh_public = k.ssh_public.display().to_string();
    let mut args: Vec<&str> = "create --role reader --expires 1d --export openrc"
        .split(' ')
        .collect();
    args.extend([name.as_str(), "--to", &k.age_public, "--to", &ssh_public]);
    args.extend(["--output", path_str(&file)]);
    let out = run("alice", &args);
    out.ok();
    assert_eq!(mode(&file), 0o600);
    let sealed = read(&file);
    assert!(
        sealed.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"),
        "{sealed}"
    );
    assert!(!out.stdout.contains("OS_APPLICATION_CREDENTIAL_SECRET"));
    let by_age = age_open(&k.age_key, &file);
    let by_ssh = age_open(&k.ssh_key, &file);
    assert_eq!(by_age, by_ssh);
    let id = openrc_value(&by_age, "OS_APPLICATION_CREDENTIAL_ID");
    let secret = openrc_value(&by_age, "OS_APPLICATION_CREDENTIAL_SECRET");
    assert!(!sealed.contains(&secret), "the secret is in the armour");
    assert_eq!(app_cred_login(&id, &secret), 201);
}

#[test]
fn export_to_a_configured_recipient_prints_armour_only_they_open() {
    let Some(k) = keys("handoff-export") else {
        return;
    };
    let mut clean = Cleanup::new("alice");
    let secret = "handoff-export-secret-0123456789";
    let (name, _) = made(&mut clean, "handoff-export", secret, json!(null));
    // `--to bob`: a name from config.toml's [recipients].
    let config = k.dir.join("config.toml");
    let recipients = format!("[recipients]\nbob = \"{}\"\n", k.age_public);
    std::fs::write(&config, recipients).expect("write config.toml");
    let mut cmd = support::appcred();
    cmd.env("APPCRED_CONFIG", &config);
    let args = [
        "export",
        &name,
        "-f",
        "json",
        "--secret-stdin",
        "--to",
        "bob",
    ];
    let out = run_cmd(cmd, Some("alice"), &args, Some(secret));
    out.ok();
    assert!(out.stdout.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
    assert!(!out.stdout.contains(secret));
    let plain = piped(
        Command::new("age").arg("-d").arg("-i").arg(&k.age_key),
        &out.stdout,
    );
    let j: serde_json::Value = serde_json::from_str(&plain).expect("the JSON export");
    assert_eq!(j["secret"], secret);
    assert_eq!(j["name"], name.as_str());
}

#[test]
fn import_opens_what_age_wrote_and_the_credential_logs_in() {
    let Some(k) = keys("handoff-import") else {
        return;
    };
    let mut clean = Cleanup::new("alice");
    let secret = "handoff-import-secret-0123456789";
    let (name, id) = made(
        &mut clean,
        "handoff-import",
        secret,
        json!("2031-01-01T00:00:00"),
    );
    let id = id.as_str();
    // The sender's plaintext, sealed by Debian's age: `-r` to the age key
    // (a JSON export) and `-R` to the SSH key file (an openrc).
    let json_text = run_stdin(
        "alice",
        &["export", &name, "-f", "json", "--secret-stdin"],
        secret,
    )
    .ok()
    .stdout
    .clone();
    let openrc_text = run_stdin(
        "alice",
        &["export", &name, "-f", "openrc", "--secret-stdin"],
        secret,
    )
    .ok()
    .stdout
    .clone();
    let to_age = k.dir.join("to-age.age");
    age_seal("-r", &k.age_public, &to_age, &json_text);
    let to_ssh = k.dir.join("to-ssh.age");
    age_seal("-R", &k.ssh_public, &to_ssh, &openrc_text);

    let openrc = k.dir.join("imported-openrc.sh");
    import(
        &to_age,
        &k.age_key,
        &["--export", "openrc", "--output", path_str(&openrc)],
    )
    .ok()
    .stderr_has(&[
        "It logs in",
        "It expires 2031-01-01 00:00 UTC",
        "json export",
    ]);
    assert_eq!(mode(&openrc), 0o600);
    let written = read(&openrc);
    assert_eq!(openrc_value(&written, "OS_APPLICATION_CREDENTIAL_ID"), id);
    assert_eq!(
        openrc_value(&written, "OS_APPLICATION_CREDENTIAL_SECRET"),
        secret
    );

    // The SSH-sealed openrc, merged into a clouds.yaml that keeps its other entry.
    let clouds = k.dir.join("clouds.yaml");
    std::fs::write(
        &clouds,
        "clouds:\n  other:\n    auth:\n      auth_url: https://x.invalid/v3\n",
    )
    .expect("write clouds.yaml");
    let merge = [
        "-f",
        "clouds",
        "--merge",
        "--cloud-name",
        "from-bob",
        "--output",
    ];
    let mut args = merge.to_vec();
    args.push(path_str(&clouds));
    import(&to_ssh, &k.ssh_key, &args)
        .ok()
        .stderr_has(&["openrc export", "It logs in"]);
    let merged: serde_yaml::Value = serde_yaml::from_str(&read(&clouds)).expect("YAML");
    assert!(
        merged["clouds"]["other"].is_mapping(),
        "the other entry is kept"
    );
    let auth = &merged["clouds"]["from-bob"]["auth"];
    assert_eq!(auth["application_credential_id"].as_str(), Some(id));
    assert_eq!(auth["application_credential_secret"].as_str(), Some(secret));
    assert_eq!(app_cred_login(id, secret), 201);
}

#[test]
fn a_file_for_someone_else_names_whom_it_was_for_and_writes_nothing() {
    let Some(k) = keys("handoff-wrong") else {
        return;
    };
    let Some(other) = keys("handoff-other") else {
        return;
    };
    let text = "{\"id\": \"x\", \"secret\": \"s\", \"auth_url\": \"https://x.invalid/v3\"}";
    let for_ssh = k.dir.join("for-ssh.age");
    age_seal("-R", &other.ssh_public, &for_ssh, text);
    let for_age = k.dir.join("for-age.age");
    age_seal("-r", &other.age_public, &for_age, text);
    let output = k.dir.join("never.sh");
    let to_file = ["-f", "openrc", "--output", path_str(&output)];
    import(&for_ssh, &k.age_key, &to_file)
        .expect_code(1)
        .stderr_has(&[
            "was not encrypted for the age key",
            &k.age_public,
            "ssh-ed25519 key with tag",
        ]);
    import(&for_age, &k.ssh_key, &to_file)
        .expect_code(1)
        .stderr_has(&["was not encrypted for the ssh-ed25519 key", "1 age key"]);
    assert!(!output.exists(), "nothing written");
}

#[test]
fn rotate_to_seals_the_successor_for_its_recipient() {
    let Some(k) = keys("handoff-rotate") else {
        return;
    };
    let mut clean = Cleanup::new("alice");
    let (old, _) = made(
        &mut clean,
        "handoff-rotate",
        "handoff-rotate-old-secret",
        json!(null),
    );
    let new = clean.name(support::unique("handoff-rotated"));
    let file = k.dir.join("successor.age");
    let ssh_public = k.ssh_public.display().to_string();
    let args = ["rotate", &old, "--name", &new, "--to", &ssh_public];
    let mut args = args.to_vec();
    args.extend(["--export", "openrc", "--output", path_str(&file)]);
    run("alice", &args).ok();
    assert_eq!(mode(&file), 0o600);
    let plain = age_open(&k.ssh_key, &file);
    let id = openrc_value(&plain, "OS_APPLICATION_CREDENTIAL_ID");
    let secret = openrc_value(&plain, "OS_APPLICATION_CREDENTIAL_SECRET");
    assert_eq!(
        keystone_cred("alice", &new).map(|c| c["id"].clone()),
        Some(json!(id))
    );
    assert_eq!(app_cred_login(&id, &secret), 201);
}
