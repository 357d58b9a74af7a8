//! Whether the process that made an ephemeral credential still runs: the
//! name carries its host and pid, and `prune --ephemeral` must not delete
//! the credential of a job that is still going.
//!
//! A pid is reused once its process is gone, so a running process with that
//! pid is only taken for the owner when it started no later than the
//! credential was made (Linux: `/proc/<pid>/stat`'s start time and
//! `/proc/stat`'s boot time). Where that cannot be read, a running process
//! with the pid counts as the owner: the credential then waits for its
//! expiry, which is the safe side.

use chrono::{DateTime, Duration, Utc};
use rustix::process::{Pid, test_kill_process};

/// What became of the process named in an ephemeral credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// A process with that pid runs and may be the one that made it.
    Running,
    /// No process has that pid.
    Gone,
    /// A process has that pid but started after the credential was made.
    Reused,
}

/// This machine's host name (as `uname -n` says it).
pub fn host_name() -> String {
    rustix::system::uname()
        .nodename()
        .to_string_lossy()
        .into_owned()
}

/// The state of process `pid` on this host, for a credential made at
/// `made_at` (whole seconds: the name's precision).
pub fn owner_state(pid: u32, made_at: DateTime<Utc>) -> Owner {
    let Some(p) = i32::try_from(pid).ok().and_then(Pid::from_raw) else {
        return Owner::Gone;
    };
    match test_kill_process(p) {
        // EPERM: it exists, owned by someone else.
        Ok(()) | Err(rustix::io::Errno::PERM) => {}
        Err(_) => return Owner::Gone,
    }
    match start_time(pid) {
        // The name's time is cut to the second and the boot time is read to
        // the second too: two seconds of slack.
        Some(started) if started > made_at + Duration::seconds(2) => Owner::Reused,
        _ => Owner::Running,
    }
}

/// When process `pid` started (Linux), or `None` where it cannot be told.
fn start_time(pid: u32) -> Option<DateTime<Utc>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let ticks = start_ticks(&stat)?;
    let boot = boot_time(&std::fs::read_to_string("/proc/stat").ok()?)?;
    let per_second = rustix::param::clock_ticks_per_second();
    let seconds = i64::try_from(ticks / per_second.max(1)).ok()?;
    DateTime::from_timestamp(boot.checked_add(seconds)?, 0)
}

/// Field 22 of `/proc/<pid>/stat` (start time, clock ticks after boot),
/// counted after the command's closing parenthesis: the command may hold
/// spaces and parentheses itself.
fn start_ticks(stat: &str) -> Option<u64> {
    let (_, after) = stat.rsplit_once(')')?;
    // After ")" come field 3 (state) onwards; field 22 is the 20th of them.
    after.split_whitespace().nth(19)?.parse().ok()
}

/// `btime` of `/proc/stat`: the boot time in seconds since the epoch.
fn boot_time(stat: &str) -> Option<i64> {
    stat.lines()
        .find_map(|l| l.strip_prefix("btime "))
        .and_then(|v| v.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_time_is_read_after_the_last_parenthesis() {
        let stat = "42 (a) b (c) S 1 42 42 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 98765 1000 10";
        assert_eq!(start_ticks(stat), Some(98765));
        assert_eq!(
            boot_time("cpu 1 2\nbtime 1700000000\nprocesses 9\n"),
            Some(1_700_000_000)
        );
    }

    #[test]
    fn this_process_runs_and_a_later_credential_does_not_make_it_reused() {
        let me = std::process::id();
        assert_eq!(owner_state(me, Utc::now()), Owner::Running);
        // Made before this process started: the pid was reused.
        let long_ago = Utc::now() - Duration::days(365 * 20);
        assert_eq!(owner_state(me, long_ago), Owner::Reused);
    }

    #[test]
    fn a_pid_nobody_has_is_gone() {
        // Above the kernel's pid limit (4194304 at most).
        assert_eq!(owner_state(4_194_305, Utc::now()), Owner::Gone);
        assert_eq!(owner_state(0, Utc::now()), Owner::Gone);
    }
}
