//! What the device-code screen shows: the identity provider's prompt and
//! the QR code drawn from it once (not on every frame).

use chrono::{DateTime, Utc};

use crate::keystone::DeviceCodePrompt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceCodeState {
    pub prompt: DeviceCodePrompt,
    /// The QR code of the complete URL (or of the plain one), as text lines.
    pub qr: Option<Vec<String>>,
}

impl DeviceCodeState {
    pub fn new(prompt: DeviceCodePrompt) -> Self {
        let target = prompt
            .verification_uri_complete
            .as_deref()
            .unwrap_or(&prompt.verification_uri);
        let qr = super::qr::lines(target);
        DeviceCodeState { prompt, qr }
    }

    /// `9:41` left, or None once the code has expired.
    pub fn remaining(&self, now: DateTime<Utc>) -> Option<String> {
        let left = (self.prompt.expires_at - now).num_seconds();
        (left > 0).then(|| format!("{}:{:02}", left / 60, left % 60))
    }
}
