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
/// nothing better to do with a terminal that cannot be written to.
pub fn restore() {
    let _ = execute!(
        stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
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
