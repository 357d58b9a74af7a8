//! A green run says what did not run (issue 28): every skip goes through
//! support::skip (counted in the run's skip file), scripts/test.d/skips
//! sums them up, and strict mode (.ci/run) fails on any skip not on
//! .ci/allowed-skips; and scripts/test leaves no variable that makes a test
//! rewrite its expectation. No Keystone needed: the tmux case runs this
//! test binary again with tmux hidden from PATH, where the test skips
//! before it would reach one.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::skip::{SKIP_FILE_VAR, skip_line};

const TMUX_TEST: &str = "terminal_tmux::smoke_list_filter_create_reveal_copy_export_quit";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `scripts/test.d/skips MODE FILE`, strict or not.
fn skips(mode: &str, file: &Path, strict: bool) -> Output {
    let mut cmd = Command::new(root().join("scripts/test.d/skips"));
    cmd.args([mode])
        .arg(file)
        .env_remove("APPCRED_ALLOWED_SKIPS");
    if strict {
        cmd.env("APPCRED_TEST_STRICT", "1");
    } else {
        cmd.env_remove("APPCRED_TEST_STRICT");
    }
    cmd.output().expect("scripts/test.d/skips runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The rs files under `dir`, recursively.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir)
        .expect("tests/it is readable")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_skip_in_the_suite_goes_through_support_skip() {
    let mut files = Vec::new();
    sources(&root().join("tests/it"), &mut files);
    let mut found = Vec::new();
    for file in files.iter().filter(|f| !f.ends_with("support/skip.rs")) {
        let text = std::fs::read_to_string(file).expect("a test source");
        for (at, _) in text.match_indices("eprintln!(") {
            // The format string: the first literal after the macro's paren.
            let after = &text[at..];
            let literal = after
                .split_once('"')
                .map(|(_, rest)| rest)
                .unwrap_or_default();
            if literal.to_ascii_lowercase().starts_with("skip") {
                let line = text[..at].matches('\n').count() + 1;
                found.push(format!("{}:{line}", file.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "skips printed but not counted (use crate::support::skip): {found:?}"
    );
}

#[test]
fn a_tmux_test_without_tmux_is_counted_and_fails_strict_mode() {
    let dir = crate::support::temp_dir("skips-no-tmux");
    let file = dir.join("skips");
    let empty_path = dir.join("bin");
    std::fs::create_dir_all(&empty_path).expect("mkdir");
    // This binary again, one test, with a PATH that has no tmux.
    let run = Command::new(std::env::current_exe().expect("the test binary"))
        .args([TMUX_TEST, "--exact"])
        .env("PATH", &empty_path)
        .env(SKIP_FILE_VAR, &file)
        .output()
        .expect("the test binary runs");
    let said = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success() && said.contains("1 passed"),
        "a skip passes, as far as cargo can tell:\n{said}{}",
        stderr(&run)
    );
    let written = std::fs::read_to_string(&file).unwrap_or_default();
    assert_eq!(written, skip_line(TMUX_TEST, "tmux is not installed"));

    let summary = skips("summary", &file, false);
    assert!(summary.status.success());
    assert_eq!(
        stderr(&summary),
        format!("1 skipped:\n    {TMUX_TEST}: tmux is not installed\n")
    );
    assert!(skips("check", &file, false).status.success(), "not strict");
    let strict = skips("check", &file, true);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    assert!(
        stderr(&strict).contains("strict mode")
            && stderr(&strict).contains(&format!("    {TMUX_TEST}: tmux is not installed")),
        "{}",
        stderr(&strict)
    );
}

#[test]
fn the_ci_allow_list_lets_only_the_advisories_skip() {
    let dir = crate::support::temp_dir("skips-allowed");
    let none = dir.join("none");
    std::fs::write(&none, "").expect("write");
    assert_eq!(stderr(&skips("summary", &none, true)), "0 skipped\n");
    assert!(skips("check", &none, true).status.success());

    // What scripts/test records when scripts/test.d/deny had no database.
    let advisories = skip_line(
        "cargo deny advisories",
        "no RustSec snapshot (APPCRED_ADVISORY_BUNDLE unset, no ../shared/rustsec) and cargo \
         deny could not fetch the database: error: failed to connect to github.com \
         (log: target/advisory-fetch.log)",
    );
    let allowed = dir.join("allowed");
    std::fs::write(&allowed, &advisories).expect("write");
    let check = skips("check", &allowed, true);
    assert!(check.status.success(), "{}", stderr(&check));

    // Anything else, even with the advisories beside it, is refused.
    let sso = skip_line(
        "sso_login::device_login_denied_says_so",
        "no SSO test bed: node and npm are not installed",
    );
    let refused = dir.join("refused");
    std::fs::write(&refused, format!("{advisories}{sso}")).expect("write");
    let check = skips("check", &refused, true);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(stderr(&check).contains("1 skip(s) not on .ci/allowed-skips"));
}

/// scripts/test clears what makes a test rewrite its expectation and pass
/// (insta's INSTA_UPDATE, INSTA_FORCE_PASS, ...; docs_keys'
/// APPCRED_UPDATE_DOCS): seen from a test it runs (the one that set the
/// skip file).
#[test]
fn under_scripts_test_no_variable_rewrites_an_expectation() {
    if std::env::var_os(SKIP_FILE_VAR).is_none() {
        return crate::support::skip("not run by scripts/test");
    }
    let set: Vec<String> = std::env::vars()
        .map(|(name, _)| name)
        .filter(|name| name.starts_with("INSTA_") || name == "APPCRED_UPDATE_DOCS")
        .collect();
    assert!(set.is_empty(), "scripts/test left {set:?} set");
}
