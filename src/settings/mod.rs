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
//! Two readers, because the two front ends need different parts:
//! - [`load_shared`]`(&env)` -> [`Shared`], for the command line: the
//!   top-level settings only (`expiry_warning()`, `clipboard_clear_after()`,
//!   `export_dir`, `token_cache`). `[keys]` and `[colours]` are skipped
//!   unread, so a mistake there does not stop a script; a mistake in the
//!   top-level settings (or TOML that does not parse) still does.
//! - [`load`]`(&env)` -> [`Settings`], for the TUI: the shared part plus
//!   `colours` ([`Colours`], ratatui colours by role) and `keys` ([`KeyMap`]:
//!   the key table with the config applied, resolved once; `action(context,
//!   &event)` and `bindings(context)` for key handling and the help alike).
//!
//! [`token_cache_off`]`(no_cache_flag, &env)`: whether a run (a command, the
//! TUI, the fleet) keeps its token in the kernel keyring; reads the shared
//! part only.

mod colours;
mod error;
mod file;
mod keymap;
mod keys;
mod keys_section;
mod keyspec;
mod shared;
mod source;
mod token_cache;

use std::path::{Path, PathBuf};

pub use colours::{Colours, parse_colour};
pub use error::SettingsError;
pub use keymap::{EffectiveBinding, KeyMap};
pub use keys::{KeyOverride, Screen, action_name, all_contexts};
pub use keyspec::{KeySpecError, format_key, parse_key};
pub use shared::{
    CLIPBOARD_CLEAR_RANGE, DEFAULT_CLIPBOARD_CLEAR_SECONDS, DEFAULT_EXPIRY_WARNING_DAYS,
    DEFAULT_FLEET_CLOUD_TIMEOUT_SECONDS, EXPIRY_WARNING_RANGE, FLEET_CLOUD_TIMEOUT_RANGE, Shared,
};
pub use token_cache::token_cache_off;

use crate::config::Environment;

/// Everything config.toml can set, with the defaults filled in: what the
/// TUI reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// The top-level settings, which the command line reads too.
    pub shared: Shared,
    /// `[keys.SCREEN]`: the key table with the configured bindings.
    pub keys: KeyMap,
    /// `[colours]`: the theme's colours by role.
    pub colours: Colours,
}

impl Settings {
    /// Parses config.toml's text (`path` is only for messages; `home`
    /// expands `~` in `export_dir`).
    pub fn parse(text: &str, path: &Path, home: Option<&Path>) -> Result<Settings, SettingsError> {
        file::parse(text, path, home)
    }
}

impl Shared {
    /// Parses config.toml's top-level settings, leaving `[keys]` and
    /// `[colours]` unread (see [`load_shared`]).
    pub fn parse(text: &str, path: &Path, home: Option<&Path>) -> Result<Shared, SettingsError> {
        file::parse_shared(text, path, home)
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

/// Reads the whole config for the TUI. A missing default file gives the
/// defaults; a file named by `APPCRED_CONFIG` must exist.
pub fn load(env: &Environment) -> Result<Settings, SettingsError> {
    match read(env)? {
        Some((path, text)) => Settings::parse(&text, &path, env.home.as_deref()),
        None => Ok(Settings::default()),
    }
}

/// Reads the top-level settings for the command line, as [`load`] reads
/// the file but without `[keys]` and `[colours]`.
pub fn load_shared(env: &Environment) -> Result<Shared, SettingsError> {
    match read(env)? {
        Some((path, text)) => Shared::parse(&text, &path, env.home.as_deref()),
        None => Ok(Shared::default()),
    }
}

/// The config file's path and text; `None` when there is none to read.
fn read(env: &Environment) -> Result<Option<(PathBuf, String)>, SettingsError> {
    let Some(path) = config_file(env) else {
        return Ok(None);
    };
    let named = env.var("APPCRED_CONFIG").is_some();
    match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok(Some((path, text))),
            Err(_) => Err(SettingsError::Unreadable {
                path,
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "it is not UTF-8 text",
                ),
            }),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && named => {
            Err(SettingsError::NamedFileMissing { path })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(SettingsError::Unreadable { path, source }),
    }
}

#[cfg(test)]
mod tests;
