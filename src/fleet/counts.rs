//! Per-cloud expiry counts, by the project's one rule for "expired" and
//! "expiring soon" ([`crate::expiry::state`]). One job's credentials
//! (`exec --ephemeral`) expire within hours by design: they are counted
//! apart, so the picker's "expiring" column is not lit by every CI run.

use chrono::{DateTime, Duration, Utc};

use crate::ephemeral::is_ephemeral;
use crate::expiry::{self, ExpiryState};
use crate::keystone::ApplicationCredential;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExpiryCounts {
    pub total: usize,
    pub expired: usize,
    /// Within the warning window, not yet expired.
    pub expiring: usize,
    /// One job's credentials, in `total` but in neither count above.
    pub ephemeral: usize,
}

impl ExpiryCounts {
    pub fn of(creds: &[ApplicationCredential], now: DateTime<Utc>, window: Duration) -> Self {
        let mut counts = ExpiryCounts {
            total: creds.len(),
            ..Default::default()
        };
        for c in creds {
            if is_ephemeral(c) {
                counts.ephemeral += 1;
                continue;
            }
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
        named("x", expires_in_days, now)
    }

    fn named(
        name: &str,
        expires_in_days: Option<i64>,
        now: DateTime<Utc>,
    ) -> ApplicationCredential {
        serde_json::from_value(serde_json::json!({"id": "x", "name": name}))
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
                expiring: 1,
                ephemeral: 0
            }
        );
    }

    #[test]
    fn one_jobs_credentials_are_counted_apart() {
        let now = Utc::now();
        let job = crate::ephemeral::name("alice", "h", now, 7);
        let creds = [
            named(&job, Some(-1), now),
            named(&job, Some(0), now),
            cred(Some(3), now),
        ];
        let c = ExpiryCounts::of(&creds, now, Duration::days(14));
        assert_eq!(
            c,
            ExpiryCounts {
                total: 3,
                expired: 0,
                expiring: 1,
                ephemeral: 2
            }
        );
    }
}
