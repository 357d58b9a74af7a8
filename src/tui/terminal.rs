//! Taking over the terminal and giving it back: raw mode, the alternate
//! screen, mouse capture and bracketed paste on the way in; all undone on the way out,
//! whether by quitting, an error (the guard's drop), a panic (the hook) or a
//! signal (the loop quits normally).

use std::io::{self, Stdout, stdout};
use std::sync::Once;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type CrosstermTerminal = Terminal<CrosstermBackend<Stdout>>;

/// Restores the terminal when dropped, so an early `?` return leaves a
/// usable shell behind.
pub struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Switches to raw mode, the alternate screen and mouse capture. Installs
/// the panic hook first, so even a panic during setup restores.
pub fn enter() -> io::Result<(CrosstermTerminal, TerminalGuard)> {
    install_panic_hook();
    enable_raw_mode()?;
    let guard = TerminalGuard;
    // Clear with a plain escape sequence: ratatui's `Terminal::clear` asks the
    // terminal for the cursor position and waits for the answer, which costs
    // a network round trip over SSH before the first frame (and a 2 s failure
    // on a terminal that never answers).
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        // A paste arrives as one event, not as thousands of keys.
        EnableBracketedPaste,
        Clear(ClearType::All)
    )?;
    let terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
    Ok((terminal, guard))
}

/// Undoes [`enter`]. Safe to call twice; errors are ignored because there is
/// nothing better to do with a terminal that cannot be written to. A
/// terminal that is gone (the SSH connection dropped, `tmux kill-session`)
/// is not written to at all: see [`detach_if_gone`].
pub fn restore() {
    if detach_if_gone() {
        return;
    }
    let _ = execute!(
        stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Whether the terminal has hung up; if so, points standard input, output
/// and error at /dev/null (once), so that nothing later (the restore,
/// ratatui's cursor reset on drop, an error message, a panic report) fails
/// writing to it: `eprintln!` panics on a write error, and a panic while
/// printing a panic aborts the process.
pub fn detach_if_gone() -> bool {
    use std::sync::atomic::{AtomicBool, Ordering};
    static DETACHED: AtomicBool = AtomicBool::new(false);
    if DETACHED.load(Ordering::SeqCst) {
        return true;
    }
    // A hung-up terminal answers every request with EIO (ENXIO: no device).
    let gone = matches!(
        rustix::termios::tcgetattr(rustix::stdio::stdout()),
        Err(e) if e == rustix::io::Errno::IO || e == rustix::io::Errno::NXIO
    );
    if gone
        && let Ok(null) = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/null")
    {
        let _ = rustix::stdio::dup2_stdin(&null);
        let _ = rustix::stdio::dup2_stdout(&null);
        let _ = rustix::stdio::dup2_stderr(&null);
        DETACHED.store(true, Ordering::SeqCst);
    }
    gone
}

/// Ctrl-Z: gives the terminal back, stops the process as a shell expects
/// (SIGTSTP with its default action), and takes the terminal over again
/// when `fg` continues it. The caller clears and redraws afterwards.
pub fn suspend() -> io::Result<()> {
    restore();
    rustix::process::kill_process(rustix::process::getpid(), rustix::process::Signal::TSTP)
        .map_err(io::Error::from)?;
    // Here again after SIGCONT.
    enable_raw_mode()?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste,
        Clear(ClearType::All)
    )
}

/// One hook, installed once and after color-eyre's (main installs that
/// first): restore the terminal, then let the previous hook print the
/// report on a normal screen.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}
