//! Per-cloud expiry counts, by the project's one rule for "expired" and
//! "expiring soon" ([`crate::expiry::state`]).

use chrono::{DateTime, Duration, Utc};

use crate::expiry::{self, ExpiryState};
use crate::keystone::ApplicationCredential;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExpiryCounts {
    pub total: usize,
    pub expired: usize,
    /// Within the warning window, not yet expired.
    pub expiring: usize,
}

impl ExpiryCounts {
    pub fn of(creds: &[ApplicationCredential], now: DateTime<Utc>, window: Duration) -> Self {
        let mut counts = ExpiryCounts {
            total: creds.len(),
            ..Default::default()
        };
        for c in creds {
            match expiry::state(c.expires_at, now, window) {
                ExpiryState::Expired => counts.expired += 1,
                ExpiryState::Soon => counts.expiring += 1,
                ExpiryState::Never | ExpiryState::Later => {}
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cred(expires_in_days: Option<i64>, now: DateTime<Utc>) -> ApplicationCredential {
        serde_json::from_value(serde_json::json!({"id": "x", "name": "x"}))
            .map(|mut c: ApplicationCredential| {
                c.expires_at = expires_in_days.map(|d| now + Duration::days(d));
                c
            })
            .unwrap()
    }

    #[test]
    fn counts_follow_the_expiry_rule() {
        let now = Utc::now();
        let creds = [
            cred(None, now),
            cred(Some(-1), now),
            cred(Some(3), now),
            cred(Some(14), now),
            cred(Some(40), now),
        ];
        let c = ExpiryCounts::of(&creds, now, Duration::days(14));
        assert_eq!(
            c,
            ExpiryCounts {
                total: 5,
                expired: 1,
                expiring: 1
            }
        );
    }
}
