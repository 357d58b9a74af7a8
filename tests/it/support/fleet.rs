//! Shared by the fleet tests: a clouds.yaml of several clouds made from the
//! seed's (password, application credential, a password in secure.yaml),
//! plus one whose password is wrong, one whose Keystone port is closed and
//! one that needs a TOTP passcode nobody typed; and the real Prometheus
//! text parser (`prometheus_client`, in a small venv under target/).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;
use serde_yaml::Mapping;

use crate::support;

/// The clouds that list: password, v3password with the password only in
/// secure.yaml, application credential.
pub const GOOD: &[&str] = &["alice", "bob", "alice-appcred"];
/// Wrong password (Keystone says 401).
pub const WRONG_PASSWORD: &str = "alice-wrong-password";
/// Nothing listens on its port.
pub const UNREACHABLE: &str = "nobody-home";
/// v3totp without a passcode: needs a prompt, never asked in fleet mode.
pub const NEEDS_PROMPT: &str = "dave-totp";

/// Writes a clouds.yaml with `clouds` (seed names or the three above) into
/// `dir` and returns its path; the seed's secure.yaml still applies.
pub fn clouds_yaml(dir: &Path, clouds: &[&str]) -> PathBuf {
    let seed = support::seed();
    let text = std::fs::read_to_string(&seed.clouds_yaml).expect("seed clouds.yaml");
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).expect("seed clouds.yaml parses");
    let all = doc["clouds"].as_mapping().expect("clouds:").clone();
    let get = |name: &str| {
        all.get(name)
            .cloned()
            .unwrap_or_else(|| panic!("seed has no cloud {name}"))
    };
    let mut out = Mapping::new();
    for &name in clouds {
        let entry = match name {
            WRONG_PASSWORD => {
                let mut e = get("alice");
                e["auth"]["password"] = "not-alice's-password".into();
                e
            }
            UNREACHABLE => {
                let mut e = get("alice");
                e["auth"]["auth_url"] = format!("http://127.0.0.1:{}/v3", closed_port()).into();
                e
            }
            other => get(other),
        };
        out.insert(name.into(), entry);
    }
    let mut root = Mapping::new();
    root.insert("clouds".into(), serde_yaml::Value::Mapping(out));
    let path = dir.join("clouds.yaml");
    std::fs::write(&path, serde_yaml::to_string(&root).expect("yaml")).expect("write clouds.yaml");
    path
}

/// A loopback port nothing listens on (bound, then released).
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

/// `appcred` with its clouds.yaml at `clouds` (the seed's secure.yaml).
pub fn appcred_with(clouds: &Path) -> Command {
    let mut cmd = support::appcred();
    cmd.env("OS_CLIENT_CONFIG_FILE", clouds);
    cmd
}

const PARSE: &str = r#"
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = []
for fam in text_string_to_metric_families(sys.stdin.read()):
    for s in fam.samples:
        out.append({"family": fam.name, "type": fam.type, "help": fam.documentation,
                    "name": s.name, "labels": s.labels, "value": s.value})
print(json.dumps(out))
"#;

/// Python with `prometheus_client`: a venv under target/, made once.
fn prom_python() -> &'static Path {
    static PY: OnceLock<PathBuf> = OnceLock::new();
    PY.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-tools/prometheus-venv");
        let py = dir.join("bin/python");
        let ready = Command::new(&py)
            .args(["-c", "import prometheus_client"])
            .status()
            .is_ok_and(|s| s.success());
        if !ready {
            let made = Command::new("python3")
                .arg("-m")
                .arg("venv")
                .arg(&dir)
                .status();
            assert!(
                made.is_ok_and(|s| s.success()),
                "python3 -m venv {}",
                dir.display()
            );
            let pip = Command::new(dir.join("bin/pip"))
                .args(["install", "-q", "prometheus_client"])
                .status();
            assert!(
                pip.is_ok_and(|s| s.success()),
                "pip install prometheus_client"
            );
        }
        py
    })
}

/// Every sample of `text` as the real parser reads it; panics (with the
/// parser's message) on text it rejects.
pub fn parse_prometheus(text: &str) -> Vec<Value> {
    use std::io::Write;
    let mut child = Command::new(prom_python())
        .args(["-c", PARSE])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start the parser");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("feed the parser");
    let out = child.wait_with_output().expect("parser");
    assert!(
        out.status.success(),
        "prometheus_client rejects the metrics: {}\n--- text\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Vec<Value>>(&out.stdout).expect("parser JSON")
}
