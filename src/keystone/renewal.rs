//! When a token is still worth using: the renewal margin the session and
//! the federated login's unscoped token share. Its own file so neither has
//! to import the other for one number.

use chrono::{DateTime, Duration, Utc};

/// Renew when the token has less than this left.
pub(crate) const RENEW_BEFORE: Duration = Duration::minutes(2);

/// More than the renewal margin left at `now`.
pub(crate) fn worth_using(expires_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    expires_at - now > RENEW_BEFORE
}
