//! What went wrong with a hand-off, said for a person: the message names
//! the recipient, identity or file at fault, the hint what to do.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoffError {
    pub message: String,
    pub hint: Option<String>,
}

impl HandoffError {
    pub fn new(message: impl Into<String>) -> Self {
        HandoffError {
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for HandoffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HandoffError {}
