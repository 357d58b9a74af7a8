//! Logs go to a file, never to the terminal (the TUI owns the screen and the
//! CLI's stdout belongs to scripts). Only appcred's own events are logged at
//! the chosen level; other crates stay at `warn` so no HTTP library's trace
//! output can carry a header or a body with a secret in it.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};

use tracing_subscriber::EnvFilter;

/// The default log file for the TUI: `$XDG_STATE_HOME/appcred/appcred.log`
/// (or `~/.local/state/appcred/appcred.log`).
pub fn default_log_file() -> Option<PathBuf> {
    let env = crate::config::Environment::from_process();
    Some(env.state_dir()?.join("appcred.log"))
}

/// Starts logging to `file` at a level from `-v` (0 info, 1 debug, 2+ trace),
/// or `$APPCRED_LOG` when set (e.g. `debug`). Failure to open the file is
/// reported once on stderr and logging stays off: it never stops the tool.
pub fn init(file: &Path, verbose: u8) {
    let level = match verbose {
        0 => "info",
        1 => "debug",
        _ => "trace",
    };
    let level = std::env::var("APPCRED_LOG").unwrap_or_else(|_| level.to_string());
    let filter = EnvFilter::try_new(format!("warn,appcred={level}"))
        .unwrap_or_else(|_| EnvFilter::new("warn,appcred=info"));
    if let Some(parent) = file.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let opened = {
        let mut o = OpenOptions::new();
        o.create(true).append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        o.open(file)
    };
    match opened {
        Ok(f) => {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(filter)
                .with_ansi(false)
                .with_writer(std::sync::Mutex::new(f))
                .try_init();
        }
        Err(e) => eprintln!(
            "appcred: cannot open log file {}: {e}; logging is off",
            file.display()
        ),
    }
}
