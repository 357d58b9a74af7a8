//! appcred's own settings: `config.toml` in `$XDG_CONFIG_HOME/appcred/`
//! (else `~/.config/appcred/`), or the file `$APPCRED_CONFIG` names. Every
//! setting and its default: docs/configuration.md; a commented example that
//! parses to the defaults: assets/config.example.toml.
//!
//! A missing file means the defaults. A file with any mistake (bad TOML,
//! a value out of range, an unknown setting, screen, action, key or colour)
//! is an error naming the file, line, column and setting: unknown names are
//! refused, not skipped, because a typo in a config should be caught, not
//! quietly leave the default in place.
//!
//! API, for the TUI and the command line:
//! - [`load`]`(&env)` -> [`Settings`] (the CLI and the TUI read it at start);
//! - `settings.expiry_warning()` for `expiry::state`, `clipboard_clear_after()`
//!   for the clipboard, `export_dir` for the reveal screen's default folder;
//! - `settings.colours` ([`Colours`], ratatui colours by role) for the theme;
//! - `settings.keys` ([`KeyOverrides`]): `action(context, &event)` and
//!   `bindings(context)` are `crate::keys::{action, bindings}` with the
//!   config applied, for key handling and the help overlay alike;
//! - [`token_cache_off`]`(no_cache_flag, &env)`: whether a run (a command,
//!   the TUI, the fleet) keeps its token in the kernel keyring.

mod colours;
mod error;
mod file;
mod keys;
mod keyspec;
mod token_cache;

use std::path::{Path, PathBuf};

pub use colours::{Colours, parse_colour};
pub use error::SettingsError;
pub use keys::{EffectiveBinding, KeyOverride, KeyOverrides, Screen, action_name, all_contexts};
pub use keyspec::{KeySpecError, format_key, parse_key};
pub use token_cache::token_cache_off;

use crate::config::Environment;

/// The default of `expiry_warning_days`: `expiry::DEFAULT_WARNING` in days.
pub const DEFAULT_EXPIRY_WARNING_DAYS: u32 = 14;
/// The default of `clipboard_clear_seconds`: `clipboard::DEFAULT_CLEAR_AFTER`.
pub const DEFAULT_CLIPBOARD_CLEAR_SECONDS: u64 = crate::clipboard::DEFAULT_CLEAR_AFTER.as_secs();

/// Allowed `expiry_warning_days`: 0 (never mark "expiring") to ten years.
pub const EXPIRY_WARNING_RANGE: (i64, i64) = (0, 3650);
/// Allowed `clipboard_clear_seconds`: at least 1 (a secret always leaves the
/// clipboard again), at most an hour.
pub const CLIPBOARD_CLEAR_RANGE: (i64, i64) = (1, 3600);

/// Everything config.toml can set, with the defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// `[keys.SCREEN]`: key bindings that replace the defaults, per action.
    pub keys: KeyOverrides,
    /// `[colours]`: the theme's colours by role.
    pub colours: Colours,
    /// Credentials expiring within this many days are marked "expiring".
    pub expiry_warning_days: u32,
    /// A copied secret is cleared from the clipboard after this many seconds.
    pub clipboard_clear_seconds: u64,
    /// Where exports go by default (a leading `~` expanded); `None`: the
    /// current directory.
    pub export_dir: Option<PathBuf>,
    /// `token_cache`: the command line and the TUI keep their token in the
    /// kernel keyring between runs (keystone's token cache; the switch as
    /// both read it: [`token_cache_off`]).
    pub token_cache: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            keys: KeyOverrides::default(),
            colours: Colours::default(),
            expiry_warning_days: DEFAULT_EXPIRY_WARNING_DAYS,
            clipboard_clear_seconds: DEFAULT_CLIPBOARD_CLEAR_SECONDS,
            export_dir: None,
            token_cache: true,
        }
    }
}

impl Settings {
    /// The warning window as `expiry::state` takes it.
    pub fn expiry_warning(&self) -> chrono::Duration {
        chrono::Duration::days(i64::from(self.expiry_warning_days))
    }

    /// How long a copied secret stays on the clipboard.
    pub fn clipboard_clear_after(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.clipboard_clear_seconds)
    }

    /// Parses config.toml's text (`path` is only for messages; `home`
    /// expands `~` in `export_dir`).
    pub fn parse(text: &str, path: &Path, home: Option<&Path>) -> Result<Settings, SettingsError> {
        file::parse(text, path, home)
    }
}

/// The config file appcred reads: `$APPCRED_CONFIG`, else
/// `$XDG_CONFIG_HOME/appcred/config.toml` (when absolute, as the XDG spec
/// asks), else `~/.config/appcred/config.toml`. `None` without a home.
pub fn config_file(env: &Environment) -> Option<PathBuf> {
    if let Some(named) = env.var("APPCRED_CONFIG") {
        return Some(env.cwd.join(named));
    }
    let base = env
        .var("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| env.home.as_ref().map(|h| h.join(".config")))?;
    Some(base.join("appcred").join("config.toml"))
}

/// Reads the settings. A missing default file gives the defaults; a file
/// named by `APPCRED_CONFIG` must exist.
pub fn load(env: &Environment) -> Result<Settings, SettingsError> {
    let Some(path) = config_file(env) else {
        return Ok(Settings::default());
    };
    let named = env.var("APPCRED_CONFIG").is_some();
    match std::fs::read(&path) {
        Ok(bytes) => {
            let text = String::from_utf8(bytes).map_err(|_| SettingsError::Unreadable {
                path: path.clone(),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "it is not UTF-8 text",
                ),
            })?;
            Settings::parse(&text, &path, env.home.as_deref())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && named => {
            Err(SettingsError::NamedFileMissing { path })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
        Err(source) => Err(SettingsError::Unreadable { path, source }),
    }
}

#[cfg(test)]
mod tests;
