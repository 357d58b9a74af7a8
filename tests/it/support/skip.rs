//! Skips that are counted: a test that cannot run here (a tool, a server or
//! a privilege missing) calls [`skip`] and returns. cargo shows nothing of a
//! passing test's stderr, so besides the `SKIPPED (<test>): <why>` line the
//! skip is appended to the run's skip file (`APPCRED_SKIP_FILE`, which
//! scripts/test sets), read back at the end of the run: the summary line
//! `N skipped`, and in strict mode (`APPCRED_TEST_STRICT=1`, CI) a failure
//! for any skip not on `.ci/allowed-skips`.
//!
//! The skip file's lines are `<test>\t<why>`; `<test>` is the test's path
//! (libtest runs each test on a thread named after it), `<why>` one line.

use std::io::Write;

/// The variable scripts/test names the skip file in.
pub const SKIP_FILE_VAR: &str = "APPCRED_SKIP_FILE";

/// Says and counts that the calling test (or a part of it, named in `why`)
/// does not run here; the caller then returns (or leaves that part out).
pub fn skip(why: impl AsRef<str>) {
    let test = current_test();
    let line = skip_line(&test, why.as_ref());
    eprintln!("SKIPPED ({test}): {}", why.as_ref());
    let Some(path) = std::env::var_os(SKIP_FILE_VAR) else {
        return;
    };
    // One write of one short line with O_APPEND: the tests' threads (and
    // the other test binaries of the run) never interleave within a line.
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| f.write_all(line.as_bytes()));
    if let Err(e) = written {
        // A skip that cannot be counted must not pass as a run that had none.
        panic!(
            "{test} skips ({}) but cannot record it in {}: {e}",
            why.as_ref(),
            std::path::Path::new(&path).display()
        );
    }
}

/// The test this thread runs, as libtest names it (`module::test`).
fn current_test() -> String {
    match std::thread::current().name() {
        Some(name) if name != "main" => name.to_string(),
        _ => "<a test's helper thread>".to_string(),
    }
}

/// The skip file's line for a skip: tabs and line breaks in the reason
/// become spaces, so a line is always one skip with two fields.
pub fn skip_line(test: &str, why: &str) -> String {
    let one_line: String = why
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("{test}\t{}\n", one_line.trim())
}
