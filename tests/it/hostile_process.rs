//! Issue 17, defect 3 (process part): a running appcred has core size limit 0
//! and is not dumpable, so neither a crash nor a SIGQUIT can write its memory
//! (passwords, tokens, new secrets) to a core file.
//!
//! The check from the outside: the child is started with an unlimited core
//! limit (as after `ulimit -c unlimited`), waits on a loopback server that
//! never answers, and then /proc/PID/limits must show 0; SIGQUIT must end it
//! without a core, while a control process under the same conditions does
//! dump one (so the test can tell, and says so when this machine cannot dump
//! at all).

use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};

/// Lets `cmd`'s process dump cores, as after `ulimit -c unlimited`: its soft
/// limit raised to the hard one in the child only (all test modules share this
/// process, whose own limits stay). False where the hard limit is 0.
fn allow_cores(cmd: &mut Command) -> bool {
    let hard = getrlimit(Resource::Core).maximum;
    let limit = Rlimit {
        current: hard,
        maximum: hard,
    };
    // SAFETY: runs in the child between fork and exec and makes one system
    // call (prlimit64) on a value copied into the closure; nothing is allocated.
    unsafe {
        cmd.pre_exec(move || setrlimit(Resource::Core, limit).map_err(Into::into));
    }
    hard != Some(0)
}

fn quit_and_wait(mut child: Child) -> std::process::ExitStatus {
    // SIGQUIT sent directly (no `kill` process to fork on a loaded machine)
    // and again each second: a signal that arrives must end it, one that
    // got lost is no finding.
    let pid = rustix::process::Pid::from_child(&child);
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut next_signal = Instant::now();
    loop {
        if Instant::now() >= next_signal {
            let _ = rustix::process::kill_process(pid, rustix::process::Signal::QUIT);
            next_signal = Instant::now() + Duration::from_secs(1);
        }
        if let Ok(Some(status)) = child.try_wait() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the process did not end after SIGQUIT, sent every second for 30 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn remove_cores(dir: &Path) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with("core") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[test]
fn a_running_appcred_has_core_limit_zero_and_dumps_no_core() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cores-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    // A listener that accepts and never answers: appcred waits on it.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().map(|a| a.port()).unwrap_or(0);
    let mut appcred = Command::new(env!("CARGO_BIN_EXE_appcred"));
    if !allow_cores(&mut appcred) {
        crate::support::skip("core dumps are forbidden for this test process (hard limit 0)");
        return;
    }
    let child = appcred
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &dir)
        .env("OS_AUTH_URL", format!("http://127.0.0.1:{port}/v3"))
        .env("OS_USERNAME", "u")
        .env("OS_PASSWORD", "secret-in-memory")
        .env("OS_USER_DOMAIN_NAME", "Default")
        .env("OS_PROJECT_NAME", "p")
        .env("OS_PROJECT_DOMAIN_NAME", "Default")
        .args(["list"])
        .current_dir(&dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until it is connected (it is then past its start-up).
    silent.set_nonblocking(false).unwrap();
    let _conn = silent.accept().expect("accept");

    let limits = std::fs::read_to_string(format!("/proc/{}/limits", child.id())).unwrap();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap_or_else(|| panic!("no core line in\n{limits}"));
    let fields: Vec<&str> = core.split_whitespace().collect();
    assert_eq!(
        &fields[4..6],
        ["0", "0"],
        "soft and hard core limits: {core}"
    );

    let status = quit_and_wait(child);
    assert_eq!(status.signal(), Some(3), "ended by SIGQUIT: {status:?}");
    let appcred_dumped = status.core_dumped();

    // The control: the same conditions, a process that does not protect itself.
    let mut control = Command::new("sleep");
    allow_cores(&mut control);
    let control = control.arg("30").current_dir(&dir).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let control_dumped = quit_and_wait(control).core_dumped();
    remove_cores(&dir);
    assert!(!appcred_dumped, "appcred wrote a core after SIGQUIT");
    if !control_dumped {
        // Then "appcred dumped none" shows nothing: counted as a skip.
        crate::support::skip(
            "this machine dumps no core even for an unprotected process \
             (see /proc/sys/kernel/core_pattern): appcred's protection is not shown",
        );
    }
}
