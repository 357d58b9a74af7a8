//! The third moment: `exec --ephemeral` runs a command with a credential
//! made for it and must delete that credential however the command ends.
//! While a [`Forward`] is up, an ending signal does not end appcred: it is
//! passed on to the command (SIGINT, SIGTERM, SIGHUP, SIGQUIT), or, before
//! the command starts and after it ended, noted so the run deletes the
//! credential and then exits with 128 + its number.

use std::io::Write;
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};

use rustix::process::{Pid, Signal, kill_process};

/// Forwards up now.
static FORWARDS: AtomicUsize = AtomicUsize::new(0);
/// The running command's pid (0: none yet, or it ended and was reaped: a
/// reaped pid may belong to someone else, so it is cleared first).
static CHILD: AtomicI32 = AtomicI32::new(0);
/// The first signal caught while no command ran (0: none).
static HELD: AtomicI32 = AtomicI32::new(0);

/// Called by the watcher: true when a forward is up and took the signal.
pub(super) fn take(number: i32) -> bool {
    if FORWARDS.load(Ordering::SeqCst) == 0 {
        return false;
    }
    let child = CHILD.load(Ordering::SeqCst);
    if let Some(pid) = Pid::from_raw(child) {
        // The command may have ended a moment ago: nothing to do then.
        let _ = kill_process(pid, signal_of(number));
        return true;
    }
    if HELD
        .compare_exchange(0, number, Ordering::SeqCst, Ordering::SeqCst)
        .is_ok()
    {
        let _ = writeln!(
            std::io::stderr(),
            "appcred: {} received; deleting the ephemeral credential, then stopping",
            super::name(number)
        );
    }
    true
}

fn signal_of(number: i32) -> Signal {
    match number {
        1 => Signal::HUP,
        2 => Signal::INT,
        3 => Signal::QUIT,
        _ => Signal::TERM,
    }
}

/// Holds the ending signals for an ephemeral run (see the module's text).
pub struct Forward(());

impl Forward {
    pub fn raise() -> std::io::Result<Forward> {
        super::watch()?;
        FORWARDS.fetch_add(1, Ordering::SeqCst);
        Ok(Forward(()))
    }

    /// From now on signals go to process `pid`; one noted while it was
    /// starting goes to it now.
    pub fn to_child(&self, pid: u32) {
        let raw = i32::try_from(pid).unwrap_or(0);
        CHILD.store(raw, Ordering::SeqCst);
        if let (Some(p), Some(n)) = (Pid::from_raw(raw), self.held()) {
            let _ = kill_process(p, signal_of(n));
        }
    }

    /// The command ended: signals are only noted again. Called right after
    /// the wait that reaps it; a signal in between goes to a pid the kernel
    /// hands out again only after cycling through all others.
    pub fn child_ended(&self) {
        CHILD.store(0, Ordering::SeqCst);
    }

    /// The first signal caught while no command ran: its number.
    pub fn held(&self) -> Option<i32> {
        match HELD.load(Ordering::SeqCst) {
            0 => None,
            n => Some(n),
        }
    }
}

impl Drop for Forward {
    fn drop(&mut self) {
        CHILD.store(0, Ordering::SeqCst);
        FORWARDS.fetch_sub(1, Ordering::SeqCst);
    }
}
