//! The one shape of an error a person is shown (popups, the status bar,
//! every screen): below the screens and the messages, so both can carry it.

/// A failure as a person reads it: what failed, why, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorReport {
    pub what: String,
    pub message: String,
    pub hint: Option<String>,
}

impl ErrorReport {
    pub fn new(what: impl Into<String>, message: impl Into<String>) -> Self {
        ErrorReport {
            what: what.into(),
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}
