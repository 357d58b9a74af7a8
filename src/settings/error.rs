//! What can go wrong reading config.toml. Every message names the file, and
//! where the problem is in it the line, the column and the setting, then
//! what to do. A config with a mistake is refused rather than half-applied:
//! a typo'd key binding silently ignored would leave a person pressing a key
//! that does nothing and wondering why.

use std::io;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error(
        "cannot read the config file {} named by APPCRED_CONFIG: it does not exist. \
         Create it (docs/configuration.md has an example), or unset APPCRED_CONFIG",
        .path.display()
    )]
    NamedFileMissing { path: PathBuf },

    #[error(
        "cannot read the config file {}: {source}. Check that it is a readable file, \
         or move it out of the way to use the defaults",
        .path.display()
    )]
    Unreadable {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error(
        "{}, line {line}, column {column}: invalid TOML: {message}. Fix the file at that \
         position (common causes: a missing `=`, an unclosed quote or `[`, a key twice)",
        .path.display()
    )]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },

    #[error(
        "{}, line {line}, column {column}: `{key}`: {problem}. \
         docs/configuration.md lists every setting with its default",
        .path.display()
    )]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        /// The setting's full name, e.g. `keys.credentials.delete`.
        key: String,
        problem: String,
    },
}

impl SettingsError {
    /// The setting a problem is about, when it is about one.
    pub fn key(&self) -> Option<&str> {
        match self {
            SettingsError::Invalid { key, .. } => Some(key),
            _ => None,
        }
    }

    /// (line, column), 1-based, when the problem has a place in the file.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            SettingsError::Syntax { line, column, .. }
            | SettingsError::Invalid { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }
}
