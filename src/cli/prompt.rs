//! Asking a person at the terminal: a missing password or passcode (without
//! echo) and yes/no confirmations. Without a terminal nothing is asked and
//! the caller gets a clear error instead of a hang.

use std::io::{BufRead, IsTerminal, Write};

use futures::future::BoxFuture;

use crate::keystone::{LoginNotice, PromptKind, Prompter};
use crate::secret::Secret;

use super::error::{CliError, CliResult};

/// True when both ends are a person: we may ask.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Answers the Keystone client's questions on the terminal.
pub struct TerminalPrompter;

impl Prompter for TerminalPrompter {
    fn ask(&self, kind: PromptKind) -> BoxFuture<'_, Option<Secret>> {
        Box::pin(async move {
            if !interactive() {
                return None;
            }
            let question = match &kind {
                PromptKind::Password { user } => format!("Password for {user}: "),
                PromptKind::Passcode { user } => format!("TOTP passcode for {user}: "),
            };
            // rpassword turns echo off; a signal while it waits must turn it
            // back on before the process ends (interrupt.rs).
            let _restore = super::interrupt::TerminalRestore::save();
            // rpassword blocks on the terminal; keep it off the async workers.
            let answer =
                tokio::task::spawn_blocking(move || rpassword::prompt_password(question).ok())
                    .await
                    .ok()
                    .flatten();
            if answer.is_none() {
                // A signal cuts the read short; give the watcher a moment to
                // end the process with the signal's exit code rather than go
                // on to a misleading "no password was typed".
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
            answer.filter(|s| !s.is_empty()).map(Secret::new)
        })
    }

    /// Device codes and browser URLs go to stderr (as the OpenStack CLI
    /// prints them), even without a terminal: a person may read a log.
    fn notify(&self, notice: LoginNotice) -> bool {
        let mut err = std::io::stderr().lock();
        for line in notice.lines() {
            let _ = writeln!(err, "{line}");
        }
        let _ = err.flush();
        true
    }
}

/// Asks `question [y/N]`. Without a terminal: an error telling to pass `--yes`.
pub fn confirm(question: &str, yes: bool) -> CliResult<bool> {
    if yes {
        return Ok(true);
    }
    if !interactive() {
        return Err(CliError::new(format!(
            "refusing to go on without confirmation (there is no terminal to ask on):\n{question}"
        ))
        .with_hint("pass --yes to confirm in scripts"));
    }
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{question} [y/N] ");
    let _ = err.flush();
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}
