//! Signals in the command line: SIGINT, SIGTERM, SIGHUP and SIGQUIT.
//!
//! By default they end the process at once, which is right almost always.
//! Two moments need more care:
//! - at a password prompt echo is off: a signal must give the terminal back
//!   as it was before ending ([`TerminalRestore`]);
//! - between the moment a create request is sent and the moment its secret
//!   is written or shown, dying would leave a credential in Keystone whose
//!   secret nobody has. While a [`Shield`] is up a signal is noted (and said
//!   on stderr) instead; the caller waits for Keystone's answer (bounded by
//!   the request time-out), then finishes the export or deletes the
//!   credential, says which, and exits with 128 + the signal's number.
//!
//! Both need the signals caught, and once tokio catches a signal its
//! default action stays replaced for the process's life. So one watcher,
//! started the first time either is needed, keeps the default's meaning for
//! the rest of the run: no shield up, it restores the terminal if a prompt
//! changed it and exits with 128 + the signal's number.

use std::io::Write;
use std::sync::atomic::{AtomicI32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, Once};

use rustix::termios::{OptionalActions, Termios, tcgetattr, tcsetattr};
use tokio::signal::unix::{SignalKind, signal};

mod forward;
pub use forward::Forward;

/// Shields up now.
static SHIELDS: AtomicUsize = AtomicUsize::new(0);
/// The first signal caught while a shield was up (0: none).
static CAUGHT: AtomicI32 = AtomicI32::new(0);
/// How long the shielded request may still take, in seconds (for the message).
static WAIT_SECS: AtomicU64 = AtomicU64::new(0);
/// The terminal's settings before a prompt changed them.
static SAVED_TTY: Mutex<Option<(std::fs::File, Termios)>> = Mutex::new(None);

fn name(number: i32) -> &'static str {
    match number {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        _ => "SIGTERM",
    }
}

/// Starts the watcher once (needs a tokio runtime).
fn watch() -> std::io::Result<()> {
    static ONCE: Once = Once::new();
    let mut result = Ok(());
    ONCE.call_once(|| {
        let streams = (|| {
            Ok::<_, std::io::Error>((
                signal(SignalKind::interrupt())?,
                signal(SignalKind::terminate())?,
                signal(SignalKind::hangup())?,
                signal(SignalKind::quit())?,
            ))
        })();
        let (mut int, mut term, mut hup, mut quit) = match streams {
            Ok(s) => s,
            Err(e) => {
                result = Err(e);
                return;
            }
        };
        tokio::spawn(async move {
            loop {
                let number = tokio::select! {
                    _ = int.recv() => 2,
                    _ = term.recv() => 15,
                    _ = hup.recv() => 1,
                    _ = quit.recv() => 3,
                };
                on_signal(number);
            }
        });
    });
    result
}

fn on_signal(number: i32) {
    if forward::take(number) {
        return;
    }
    if SHIELDS.load(Ordering::SeqCst) == 0 {
        restore_tty();
        // A prompt was on the line: end it, so the shell starts on a fresh one.
        let _ = writeln!(std::io::stderr());
        std::process::exit(128 + number);
    }
    // The first signal decides the exit code; later ones are only
    // acknowledged. The terminal may be gone: ignore write errors.
    if CAUGHT
        .compare_exchange(0, number, Ordering::SeqCst, Ordering::SeqCst)
        .is_ok()
    {
        let _ = writeln!(
            std::io::stderr(),
            "appcred: {} received; waiting for Keystone's answer to the create (at most {} s) \
             so the new credential is not lost, then stopping",
            name(number),
            WAIT_SECS.load(Ordering::SeqCst)
        );
    }
}

fn restore_tty() {
    if let Ok(mut saved) = SAVED_TTY.lock()
        && let Some((tty, termios)) = saved.take()
    {
        let _ = tcsetattr(&tty, OptionalActions::Now, &termios);
    }
}

/// While alive, a signal restores the terminal's settings as they were when
/// it was made (before a prompt turned echo off) before ending the process.
pub struct TerminalRestore(());

impl TerminalRestore {
    /// Saves `/dev/tty`'s settings; `None` without a terminal or a runtime.
    pub fn save() -> Option<TerminalRestore> {
        let tty = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .ok()?;
        let termios = tcgetattr(&tty).ok()?;
        watch().ok()?;
        if let Ok(mut saved) = SAVED_TTY.lock() {
            *saved = Some((tty, termios));
        }
        Some(TerminalRestore(()))
    }
}

impl Drop for TerminalRestore {
    fn drop(&mut self) {
        // The prompt put the terminal back itself; forget the copy.
        if let Ok(mut saved) = SAVED_TTY.lock() {
            *saved = None;
        }
    }
}

/// Holds off the ending signals while up (see the module's text).
pub struct Shield(());

impl Shield {
    /// `wait`: the request's time-out, said to a person who sends a signal.
    pub fn raise(wait: std::time::Duration) -> std::io::Result<Shield> {
        watch()?;
        WAIT_SECS.store(wait.as_secs(), Ordering::SeqCst);
        SHIELDS.fetch_add(1, Ordering::SeqCst);
        Ok(Shield(()))
    }

    /// The signal caught while a shield was up: its number and name.
    pub fn caught(&self) -> Option<(i32, &'static str)> {
        match CAUGHT.load(Ordering::SeqCst) {
            0 => None,
            n => Some((n, name(n))),
        }
    }

    /// The exit code for a caught signal: 128 + its number.
    pub fn exit_code(&self) -> Option<u8> {
        self.caught().and_then(|(n, _)| u8::try_from(128 + n).ok())
    }
}

impl Drop for Shield {
    fn drop(&mut self) {
        SHIELDS.fetch_sub(1, Ordering::SeqCst);
    }
}
