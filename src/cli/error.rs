//! The command line's error: what failed, and what to do about it. Every
//! library error converts into it keeping its hint, so `main` prints
//! `error: ...` and `hint: ...` and exits 1.

use std::fmt;

/// An error for a person at a terminal or a script reading stderr.
#[derive(Debug)]
pub struct CliError {
    pub message: String,
    pub hint: Option<String>,
    /// The process exit code: 1 unless a command says otherwise.
    pub code: u8,
}

impl CliError {
    pub fn new(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            hint: None,
            code: 1,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// A usage error (exit 2), like clap's own.
    pub fn usage(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            hint: None,
            code: 2,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\nhint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CliError {}

impl From<crate::keystone::KeystoneError> for CliError {
    fn from(e: crate::keystone::KeystoneError) -> Self {
        CliError {
            message: e.to_string(),
            hint: e.hint(),
            code: 1,
        }
    }
}

impl From<crate::config::ConfigError> for CliError {
    fn from(e: crate::config::ConfigError) -> Self {
        CliError::new(e.to_string())
    }
}

impl From<crate::handoff::HandoffError> for CliError {
    fn from(e: crate::handoff::HandoffError) -> Self {
        let err = CliError::new(e.message);
        match e.hint {
            Some(h) => err.with_hint(h),
            None => err,
        }
    }
}

impl From<crate::export::ExportError> for CliError {
    fn from(e: crate::export::ExportError) -> Self {
        CliError::new(e.to_string())
    }
}

impl From<crate::validation::InputError> for CliError {
    fn from(e: crate::validation::InputError) -> Self {
        CliError::new(e.to_string())
    }
}

impl From<crate::expiry::ExpiryError> for CliError {
    fn from(e: crate::expiry::ExpiryError) -> Self {
        CliError::new(e.to_string())
    }
}

impl From<crate::store::StoreError> for CliError {
    fn from(e: crate::store::StoreError) -> Self {
        CliError::new(e.message).with_hint(e.hint)
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::new(e.to_string())
    }
}

pub type CliResult<T = ()> = Result<T, CliError>;
