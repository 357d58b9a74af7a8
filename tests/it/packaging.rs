//! What a release relies on (issue 27), in the test build: the binary starts
//! where a jump host lacks parts of a desktop (no TERM, no display, no D-Bus
//! session, no HOME or XDG variables), and the crate's declared
//! `rust-version` covers what its code and its dependencies need.
//! scripts/test.d/package checks the built .deb and tarball themselves.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Let chains (`if let ... && let ...`), used across src/, are stable
/// since Rust 1.88.
const LET_CHAINS: &str = "1.88";

/// The binary in an empty environment but for PATH: what `env -i` gives.
fn bare(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_appcred"))
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run appcred")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn starts_with_no_terminal_display_or_session_variables() {
    for args in [
        &["--version"][..],
        &["list", "--help"],
        &["completions", "bash"],
        &["man"],
    ] {
        let out = bare(args);
        assert!(
            out.status.success() && !out.stdout.is_empty(),
            "appcred {args:?} in an empty environment: {out:?}"
        );
    }
    // What needs more says what it lacks, as an error and not a panic.
    let list = bare(&["list"]);
    let stderr = text(&list.stderr);
    assert_eq!(list.status.code(), Some(1), "{list:?}");
    assert!(stderr.contains("no cloud is configured"), "{stderr}");
    let tui = bare(&[]);
    let stderr = text(&tui.stderr);
    assert_eq!(tui.status.code(), Some(1), "{tui:?}");
    assert!(stderr.contains("needs a terminal"), "{stderr}");
    for out in [&list, &tui] {
        assert!(!text(&out.stderr).contains("panicked"), "{out:?}");
    }
}

/// `1.88` or `1.88.0` as (1, 88, 0).
fn version(v: &str) -> (u64, u64, u64) {
    let mut parts = v.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    let mut next = || parts.next().unwrap_or(0);
    (next(), next(), next())
}

fn uses_let_chains(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .expect("read src/")
        .flatten()
        .any(|entry| {
            let path = entry.path();
            if path.is_dir() {
                uses_let_chains(&path)
            } else {
                path.extension().is_some_and(|e| e == "rs")
                    && std::fs::read_to_string(&path).is_ok_and(|s| s.contains("&& let "))
            }
        })
}

#[test]
fn declared_rust_version_covers_the_code_and_its_dependencies() {
    let declared = env!("CARGO_PKG_RUST_VERSION");
    assert!(!declared.is_empty(), "Cargo.toml declares no rust-version");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut needs = Vec::new();
    if uses_let_chains(&root.join("src")) {
        needs.push(("let chains in src/".to_string(), LET_CHAINS.to_string()));
    }
    // Every crate the lock file resolves for this platform, with its own
    // rust-version: a dependency that needs a newer Rust raises the floor.
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--offline", "--locked"])
        .args(["--filter-platform", "x86_64-unknown-linux-gnu"])
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()
        .expect("run cargo metadata");
    assert!(out.status.success(), "cargo metadata failed");
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata JSON");
    for package in meta["packages"].as_array().expect("packages") {
        if let Some(rust) = package["rust_version"].as_str()
            && package["name"] != "appcred"
        {
            needs.push((
                format!("{} {}", package["name"], package["version"]),
                rust.to_string(),
            ));
        }
    }
    assert!(needs.len() > 10, "too few requirements found: {needs:?}");
    let short: Vec<_> = needs
        .iter()
        .filter(|(_, rust)| version(rust) > version(declared))
        .collect();
    assert!(
        short.is_empty(),
        "Cargo.toml's rust-version {declared} is below what these need: {short:?}"
    );
}
