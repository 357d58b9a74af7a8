//! Issue 17, defect 1: an endless chunked body is cut off at the limit with an
//! error naming it, and memory stays bounded. Alone in its test binary, so
//! the process's peak memory (VmHWM) is this test's.

use crate::support::hostile::{cloud, endless};
use appcred::keystone::{KeystoneError, NoPrompt, Session};

/// The process's peak resident memory in KiB.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endless_body_stops_at_the_limit_with_memory_bounded() {
    // 64 KiB chunks, 512 MiB at most (far past the limit; before the fix
    // all of it was held).
    let mut chunk = format!("{:x}\r\n", 64 * 1024).into_bytes();
    chunk.extend(std::iter::repeat_n(b'[', 64 * 1024));
    chunk.extend_from_slice(b"\r\n");
    let url = endless(
        "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Subject-Token: t\r\nTransfer-Encoding: chunked\r\n\r\n",
        chunk,
        512 << 20,
    )
    .await;
    let started = std::time::Instant::now();
    let e = tokio::time::timeout(
        std::time::Duration::from_secs(120),
        Session::login(&cloud(&url), &NoPrompt),
    )
    .await
    .unwrap_or_else(|_| panic!("no answer within 120 s"))
    .err();
    let text = e.as_ref().map(ToString::to_string).unwrap_or_default();
    assert!(
        matches!(e, Some(KeystoneError::TooLarge { what: "body", .. })),
        "{text}"
    );
    assert!(text.contains("larger than 64 MiB"), "{text}");
    let peak = peak_kib();
    eprintln!(
        "endless body: refused after {:?}, peak RSS {} MiB",
        started.elapsed(),
        peak / 1024
    );
    assert!(peak > 0, "VmHWM is readable");
    assert!(
        peak < 200 * 1024,
        "peak memory {peak} KiB: the body was not bounded"
    );
}
