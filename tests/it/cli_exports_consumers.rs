//! The consumers' formats read by the consumers' own parsers, for a secret
//! chosen to break naive quoting (`a"b\c$d'e #f;g`), against the real test
//! Keystone:
//! - cloud-conf: read by gopkg.in/gcfg.v1 (what cloud-provider-openstack
//!   uses; tests/gcfg_read, built offline from Debian's Go packages);
//! - k8s-secret: read by the real `kubectl` offline (`kubectl label --local
//!   -f FILE -o json`: `kubectl create --dry-run=client` still asks the API
//!   server for its discovery document, so it cannot run without a
//!   cluster), its key decoded and read by gcfg (cloud.conf) or by the real
//!   `openstack` client (clouds.yaml);
//! - env: `eval`ed by bash and zsh and sourced by fish, in a shell that had
//!   leaky OS_* variables, then `openstack token issue`.
//!
//! Each tool missing makes its test say it skipped, and why.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use crate::support::cli::*;
use crate::support::stores::have;
use base64::Engine as _;
use serde_json::Value;

const SECRET: &str = "a\"b\\c$d'e #f;g";

/// tests/gcfg_read built once per run, or why it cannot be (Go or gcfg
/// missing); with both here, a build that fails fails the test.
fn gcfg_reader() -> Result<PathBuf, String> {
    static BIN: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    BIN.get_or_init(|| {
        if !have("go") {
            return Err("no Go toolchain (Debian: apt-get install golang-go)".into());
        }
        let gopath = Path::new("/usr/share/gocode");
        if !gopath.join("src/gopkg.in/gcfg.v1").is_dir() {
            return Err(
                "no gopkg.in/gcfg.v1 (Debian: apt-get install golang-gopkg-gcfg.v1-dev)".into(),
            );
        }
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("gcfg_read");
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("mkdir {}: {e}", dir.display()));
        let bin = dir.join("gcfg_read");
        let out = Command::new("go")
            .args(["build", "-o"])
            .arg(&bin)
            .arg(".")
            .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gcfg_read"))
            // Offline: GOPATH mode on Debian's packaged sources, no proxy.
            .env("GOPATH", gopath)
            .env("GO111MODULE", "off")
            .env("GOFLAGS", "")
            .env("GOPROXY", "off")
            .env("GOCACHE", dir.join("cache"))
            .output()
            .unwrap_or_else(|e| panic!("go is on PATH but does not run: {e}"));
        // Go and gcfg are here: a reader that does not build is broken, not missing.
        assert!(
            out.status.success(),
            "go build of tests/gcfg_read failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Ok(bin)
    })
    .clone()
}

/// What gcfg read from this cloud.conf text.
fn gcfg_read(bin: &Path, text: &[u8]) -> Value {
    use std::io::Write as _;
    let mut child = Command::new(bin)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run gcfg_read");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text)
        .expect("write");
    let out = child.wait_with_output().expect("gcfg_read");
    assert!(
        out.status.success(),
        "gcfg refused the file: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(text)
    );
    serde_json::from_slice(&out.stdout).expect("gcfg_read prints JSON")
}

/// Creates a credential for alice with SECRET, exported in `args`.
fn create_export(clean: &mut Cleanup, prefix: &str, args: &[&str]) -> String {
    let name = clean.name(support::unique(prefix));
    let mut all = vec![
        "create",
        name.as_str(),
        "--role",
        "member",
        "--secret-stdin",
    ];
    all.extend_from_slice(args);
    let out = run_stdin("alice", &all, SECRET);
    out.ok();
    support::leak::assert_no_leak("stderr", &out.stderr, SECRET);
    name
}

fn id_of(name: &str) -> String {
    keystone_cred("alice", name).expect("created")["id"]
        .as_str()
        .expect("id")
        .to_string()
}

#[test]
fn cloud_conf_reads_back_through_gcfg_and_logs_in() {
    let bin = match gcfg_reader() {
        Ok(b) => b,
        Err(why) => return support::skip(why),
    };
    let mut clean = Cleanup::new("alice");
    let file = support::temp_dir("consumer-conf").join("cloud.conf");
    let f = file.to_string_lossy();
    let name = create_export(
        &mut clean,
        "cons-conf",
        &["--export", "cloud-conf", "--output", &f],
    );
    assert_eq!(mode(&file), 0o600);
    let read = gcfg_read(&bin, read(&file).as_bytes());
    assert_eq!(read["secret"], SECRET);
    assert_eq!(read["id"], id_of(&name).as_str());
    assert_eq!(read["auth_url"], support::seed().auth_url.as_str());
    let secret = read["secret"].as_str().expect("secret");
    assert_eq!(
        app_cred_login(read["id"].as_str().expect("id"), secret),
        201
    );
}

/// What kubectl makes of a manifest, offline.
fn kubectl_reads(file: &Path) -> Value {
    let home = support::temp_dir("consumer-kube-home");
    let out = Command::new("kubectl")
        .args(["label", "--local", "-o", "json", "-f"])
        .arg(file)
        .arg("appcred-test=read")
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("HOME", &home)
        .output()
        .expect("run kubectl");
    assert!(
        out.status.success(),
        "kubectl refused the manifest: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("kubectl prints JSON")
}

fn decoded(secret: &Value, key: &str) -> Vec<u8> {
    let text = secret["data"][key]
        .as_str()
        .unwrap_or_else(|| panic!("no data.{key}: {secret}"));
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .expect("data is base64")
}

#[test]
fn k8s_secret_reads_through_kubectl_then_gcfg_and_the_openstack_client() {
    if !have("kubectl") {
        return support::skip("no kubectl (Debian: apt-get install kubernetes-client)");
    }
    let mut clean = Cleanup::new("alice");
    let dir = support::temp_dir("consumer-k8s");
    // cloud.conf key, named and namespaced.
    let conf = dir.join("occm-secret.yaml");
    let name = create_export(
        &mut clean,
        "cons-k8s",
        &[
            "--export",
            "k8s-secret",
            "--k8s-name",
            "occm-cloud",
            "--k8s-namespace",
            "infra",
            "--output",
            &conf.to_string_lossy(),
        ],
    );
    assert_eq!(mode(&conf), 0o600);
    let secret = kubectl_reads(&conf);
    assert_eq!(secret["kind"], "Secret");
    assert_eq!(secret["type"], "Opaque");
    assert_eq!(secret["metadata"]["name"], "occm-cloud");
    assert_eq!(secret["metadata"]["namespace"], "infra");
    let conf_text = decoded(&secret, "cloud.conf");
    match gcfg_reader() {
        Ok(bin) => {
            let read = gcfg_read(&bin, &conf_text);
            assert_eq!(read["secret"], SECRET);
            assert_eq!(read["id"], id_of(&name).as_str());
            assert_eq!(app_cred_login(&id_of(&name), SECRET), 201);
        }
        Err(why) => support::skip(format!("the cloud.conf key read by gcfg: {why}")),
    }

    // clouds.yaml key: the openstack client logs in with what it decodes to.
    let file = dir.join("capo-secret.yaml");
    create_export(
        &mut clean,
        "cons-k8s-cy",
        &[
            "--export",
            "k8s-secret",
            "--k8s-key",
            "clouds.yaml",
            "--cloud-name",
            "capo",
            "--output",
            &file.to_string_lossy(),
        ],
    );
    let secret = kubectl_reads(&file);
    assert_eq!(secret["metadata"]["name"], "cloud-config");
    assert_eq!(secret["metadata"]["namespace"], "kube-system");
    let clouds = dir.join("decoded-clouds.yaml");
    std::fs::write(&clouds, decoded(&secret, "clouds.yaml")).expect("write");
    let (ok, stdout, stderr) = shell(
        "bash",
        "\"$OPENSTACK\" --os-cloud capo token issue -f json",
        &[("OS_CLIENT_CONFIG_FILE", &clouds)],
    );
    assert_token(ok, &stdout, &stderr);

    // A name Kubernetes would refuse is refused before anything is made.
    let bad = clean.name(support::unique("cons-k8s-bad"));
    run(
        "alice",
        &[
            "create",
            &bad,
            "--role",
            "reader",
            "--export",
            "k8s-secret",
            "--k8s-name",
            "Bad_Name",
        ],
    )
    .expect_code(2)
    .stderr_has(&["--k8s-name", "not a valid Kubernetes name"]);
    assert_absent("alice", &bad);
}

/// The OpenStack client of the test Keystone's release.
fn openstack() -> PathBuf {
    let bin = support::seed().keystone.openstack();
    assert!(bin.exists(), "{} is missing", bin.display());
    bin
}

/// `shell -c script` with only PATH, a private HOME, $OPENSTACK and `vars`.
fn shell(shell: &str, script: &str, vars: &[(&str, &Path)]) -> (bool, String, String) {
    let home = support::temp_dir("consumer-home");
    let mut cmd = Command::new(shell);
    cmd.env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("HOME", &home)
        .env("OPENSTACK", openstack());
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd
        .arg("-c")
        .arg(script)
        .current_dir(&home)
        .output()
        .expect("run shell");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_token(ok: bool, stdout: &str, stderr: &str) {
    assert!(
        ok,
        "openstack token issue failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    let token: Value =
        serde_json::from_str(stdout).unwrap_or_else(|e| panic!("no JSON ({e}): {stdout}"));
    assert_eq!(token["user_id"], user_id("alice").as_str(), "{token}");
    assert_eq!(
        token["project_id"],
        support::seed().project("demo").id.as_str(),
        "{token}"
    );
}

#[test]
fn env_lines_work_in_bash_zsh_and_fish_after_a_leaky_shell() {
    let mut clean = Cleanup::new("alice");
    let dir = support::temp_dir("consumer-env");
    let posix = dir.join("app.env");
    create_export(
        &mut clean,
        "cons-env",
        &["--export", "env", "--output", &posix.to_string_lossy()],
    );
    assert_eq!(mode(&posix), 0o600);
    let fish = dir.join("app.fish");
    create_export(
        &mut clean,
        "cons-env-fish",
        &[
            "--export",
            "env",
            "--shell",
            "fish",
            "--output",
            &fish.to_string_lossy(),
        ],
    );
    let check = format!(
        "[ \"$OS_APPLICATION_CREDENTIAL_SECRET\" = '{}' ]",
        SECRET.replace('\'', "'\\''")
    );
    let leaks = "export OS_PROJECT_NAME=leaked OS_PROJECT_DOMAIN_NAME=Default OS_USERNAME=alice \
                 OS_PASSWORD=wrong OS_CLOUD=no-such-cloud";
    for sh in ["bash", "zsh"] {
        if !have(sh) {
            support::skip(format!("env in {sh}: {sh} is not installed"));
            continue;
        }
        let (ok, out, err) = shell(
            sh,
            &format!(
                "{leaks}; eval \"$(cat \"$F\")\" && {check} && \"$OPENSTACK\" token issue -f json"
            ),
            &[("F", &posix)],
        );
        assert_token(ok, &out, &err);
    }
    if have("fish") {
        let (ok, out, err) = shell(
            "fish",
            "set -gx OS_PROJECT_NAME leaked; set -gx OS_PASSWORD wrong; set -gx OS_CLOUD nope; \
             source $F; and test \"$OS_APPLICATION_CREDENTIAL_SECRET\" = 'a\"b\\\\c$d\\'e #f;g'; \
             and $OPENSTACK token issue -f json",
            &[("F", &fish)],
        );
        assert_token(ok, &out, &err);
    } else {
        support::skip("env in fish: fish is not installed");
    }
}
