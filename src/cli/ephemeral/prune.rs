//! `prune --ephemeral`'s choice: the user's leftover ephemeral credentials
//! (every expired one, and those made on this host whose process is gone:
//! [`crate::ephemeral::leftover_reason`]), with or instead of `--expired`.

use chrono::{DateTime, Utc};

use crate::cli::args::PruneArgs;
use crate::ephemeral::{self, owner_state};
use crate::keystone::ApplicationCredential;

/// Keeps in `creds` those the flags pick; returns the word for them
/// ("expired", "leftover ephemeral").
pub fn keep_doomed(
    creds: &mut Vec<ApplicationCredential>,
    args: &PruneArgs,
    now: DateTime<Utc>,
) -> &'static str {
    let host = ephemeral::host_name();
    creds.retain(|c| {
        (args.expired && c.is_expired_at(now))
            || (args.ephemeral
                && ephemeral::leftover_reason(c, now, &host, |n| owner_state(n.pid, n.made_at))
                    .is_some())
    });
    match (args.expired, args.ephemeral) {
        (true, false) => "expired",
        (false, true) => "leftover ephemeral",
        _ => "expired or leftover ephemeral",
    }
}
