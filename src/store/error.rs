//! A store's error: what failed, at which store, and what to do.

use std::fmt;

/// What went wrong with a store, and the fix, for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError {
    pub message: String,
    pub hint: String,
}

impl StoreError {
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        StoreError {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for StoreError {}
