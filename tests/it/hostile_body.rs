//! Issue 17, defect 1: an endless chunked body is cut off at the limit with an
//! error naming it, and memory stays bounded. The real binary logs in to the
//! endless server, so its peak memory (the kernel's maxrss of the child) is
//! the login's alone, whatever the other tests in this process hold.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::hostile::endless;

/// Waits for `pid` and returns its exit code and peak resident memory (KiB).
fn wait_with_peak(pid: u32) -> (Option<i32>, i64) {
    let pid = libc::pid_t::try_from(pid).expect("a pid fits pid_t");
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data, all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 writes only to the two locals passed, which outlive the call.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4: {}", std::io::Error::last_os_error());
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    (code, usage.ru_maxrss)
}

#[test]
fn an_endless_body_stops_at_the_limit_with_memory_bounded() {
    // The server runs on a runtime of its own while the binary logs in.
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    // 64 KiB chunks, 512 MiB at most (far past the limit; before the fix
    // all of it was held).
    let mut chunk = format!("{:x}\r\n", 64 * 1024).into_bytes();
    chunk.extend(std::iter::repeat_n(b'[', 64 * 1024));
    chunk.extend_from_slice(b"\r\n");
    let url = runtime.block_on(endless(
        "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Subject-Token: t\r\nTransfer-Encoding: chunked\r\n\r\n",
        chunk,
        512 << 20,
    ));
    let home = crate::support::temp_dir("endless-body");
    let started = Instant::now();
    // Reaped by wait4 in wait_with_peak, which also gives its peak memory.
    #[allow(clippy::zombie_processes)]
    let mut child = Command::new(env!("CARGO_BIN_EXE_appcred"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &home)
        .env("APPCRED_TOKEN_CACHE", "off")
        .env("OS_AUTH_URL", &url)
        .env("OS_USERNAME", "u")
        .env("OS_PASSWORD", "pw")
        .env("OS_USER_DOMAIN_NAME", "Default")
        .env("OS_PROJECT_NAME", "p")
        .env("OS_PROJECT_DOMAIN_NAME", "Default")
        .arg("list")
        .current_dir(&home)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run appcred");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read stderr");
    let (code, peak) = wait_with_peak(child.id());
    assert!(
        started.elapsed() < Duration::from_secs(120),
        "no answer within 120 s"
    );
    assert!(code.is_some_and(|c| c != 0), "exit {code:?}: {stderr}");
    assert!(stderr.contains("larger than 64 MiB"), "{stderr}");
    eprintln!(
        "endless body: refused after {:?}, peak RSS {} MiB",
        started.elapsed(),
        peak / 1024
    );
    assert!(peak > 0, "the kernel reports the peak");
    assert!(
        peak < 200 * 1024,
        "peak memory {peak} KiB: the body was not bounded"
    );
}
