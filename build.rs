//! Names the commit the binary is built from, for `appcred --version`
//! (`APPCRED_COMMIT`, read by src/cli/args.rs), from the first of:
//! - `APPCRED_COMMIT` set by whoever builds (a distribution building from a
//!   tarball that knows its commit);
//! - the git tree this crate is the root of: `git rev-parse --short HEAD`;
//! - `.cargo_vcs_info.json`, which `cargo package` writes into a crate (the
//!   crate from crates.io has no .git, but that file names its commit);
//! - else `unknown`.
//!
//! Debug builds (tests, clippy, the demo) say `debug build` instead of
//! asking git: a build script that reruns on every commit would rebuild the
//! library and relink every test binary after each `git commit`, for a line
//! nobody reads in a debug build. Release builds rerun when HEAD moves.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=APPCRED_COMMIT");
    println!("cargo:rerun-if-changed=build.rs");
    let commit = commit();
    println!("cargo:rustc-env=APPCRED_COMMIT={commit}");
}

fn commit() -> String {
    if let Some(given) = std::env::var("APPCRED_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
    {
        return given.trim().to_string();
    }
    if std::env::var("PROFILE").as_deref() != Ok("release") {
        return "debug build".to_string();
    }
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    if let Some(commit) = from_git(&root) {
        return commit;
    }
    println!("cargo:rerun-if-changed=.cargo_vcs_info.json");
    from_vcs_info(&root).unwrap_or_else(|| "unknown".to_string())
}

/// The short commit, only when the crate's own folder is the top of the git
/// tree: a crate unpacked inside some other repository (cargo package's
/// target/package, a vendored copy) must not claim that repository's commit.
fn from_git(root: &Path) -> Option<String> {
    let top = git(root, &["rev-parse", "--show-toplevel"])?;
    if std::fs::canonicalize(&top).ok()? != std::fs::canonicalize(root).ok()? {
        return None;
    }
    // Rerun when HEAD moves: HEAD itself (a checkout), the branch it points
    // at (a commit), and packed-refs (where a branch may live).
    for file in ["HEAD", "packed-refs"] {
        rerun_on(root, file);
    }
    if let Some(branch) = git(root, &["symbolic-ref", "-q", "HEAD"]) {
        rerun_on(root, &branch);
    }
    // No "-dirty" mark: the script does not rerun on every source edit, so
    // such a mark would go stale in either direction.
    git(root, &["rev-parse", "--short", "HEAD"])
}

fn rerun_on(root: &Path, git_path: &str) {
    if let Some(path) = git(
        root,
        &[
            "rev-parse",
            "--path-format=absolute",
            "--git-path",
            git_path,
        ],
    ) {
        println!("cargo:rerun-if-changed={path}");
    }
}

/// `git -C root ARGS`, its stdout trimmed; None when git is missing or fails.
fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// `"sha1": "<40 hex>"` from `.cargo_vcs_info.json`, shortened as git does
/// by default (7 characters).
fn from_vcs_info(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join(".cargo_vcs_info.json")).ok()?;
    let after = text.split("\"sha1\"").nth(1)?;
    let sha: String = after
        .chars()
        .skip_while(|c| !c.is_ascii_hexdigit())
        .take_while(char::is_ascii_hexdigit)
        .collect();
    if sha.len() < 7 {
        return None;
    }
    Some(sha[..7].to_string())
}
