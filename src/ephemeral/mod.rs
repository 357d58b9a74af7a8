//! One job's application credential (`appcred exec --ephemeral`): its name,
//! which carries who made it, where and when, and what that name says later
//! (`prune --ephemeral`, the audit, the fleet's metrics). The name is the
//! only mark Keystone keeps for us, so it is the one place these rules live.
//!
//! `appcred-ephemeral-<user>@<host>-<UTC time>-<pid>`, e.g.
//! `appcred-ephemeral-alice@build-7-20261207T052939Z-4242`. The time and the
//! pid are read from the right, so a user or host name holding `-` is fine;
//! the host is what follows the last `@`.

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::keystone::ApplicationCredential;
use crate::validation::MAX_NAME_CHARS;

mod process;
pub use process::{Owner, host_name, owner_state};

/// Every ephemeral credential's name starts with this.
pub const PREFIX: &str = "appcred-ephemeral-";

/// The time in the name: UTC, to the second, without `-` or `:`.
const TIME_FORMAT: &str = "%Y%m%dT%H%M%SZ";

/// What an ephemeral credential's name says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EphemeralName {
    pub user: String,
    pub host: String,
    /// When the run made it (to the second).
    pub made_at: DateTime<Utc>,
    pub pid: u32,
}

/// The name for a run by `user` on `host` at `now` as process `pid`: valid
/// for Keystone (1 to 255 characters, nothing but letters, digits and
/// `._-@`, so no control or invisible characters), the user and host cut
/// to fit.
pub fn name(user: &str, host: &str, now: DateTime<Utc>, pid: u32) -> String {
    let tail = format!("-{}-{pid}", now.format(TIME_FORMAT));
    // Room for the user and the host, with the `@` between them.
    let room = MAX_NAME_CHARS - PREFIX.len() - tail.len() - 1;
    let host = host_part(host);
    let user = clean(user, true, room - host.len());
    format!("{PREFIX}{user}@{host}{tail}")
}

/// Host names are at most 64 bytes on Linux; a longer one is cut here, the
/// same way when a name is made and when `prune` compares it.
const HOST_MAX: usize = 100;

/// The host as the name carries it.
fn host_part(host: &str) -> String {
    clean(host, false, HOST_MAX)
}

/// Letters, digits, `.`, `_` and `-` kept (and `@` in a user name, as in an
/// e-mail address); anything else becomes `_`; at most `max` characters.
fn clean(text: &str, at_allowed: bool, max: usize) -> String {
    let kept: String = text
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '.' | '_' | '-' => c,
            '@' if at_allowed => c,
            _ => '_',
        })
        .take(max)
        .collect();
    if kept.is_empty() {
        "unknown".chars().take(max.max(1)).collect()
    } else {
        kept
    }
}

/// Reads an ephemeral credential's name; `None` for any other name.
pub fn parse(name: &str) -> Option<EphemeralName> {
    let rest = name.strip_prefix(PREFIX)?;
    let (rest, pid) = rest.rsplit_once('-')?;
    let pid: u32 = pid.parse().ok()?;
    let (who, time) = rest.rsplit_once('-')?;
    let made_at = NaiveDateTime::parse_from_str(time, TIME_FORMAT)
        .ok()?
        .and_utc();
    let (user, host) = who.rsplit_once('@')?;
    if user.is_empty() || host.is_empty() {
        return None;
    }
    Some(EphemeralName {
        user: user.to_string(),
        host: host.to_string(),
        made_at,
        pid,
    })
}

/// Whether `c` is one job's credential, made by `exec --ephemeral`.
pub fn is_ephemeral(c: &ApplicationCredential) -> bool {
    parse(&c.name).is_some()
}

/// Why `prune --ephemeral` deletes `c`, or `None` when it is not an
/// ephemeral credential or its run may still be going. Expired ones go
/// wherever they were made; the others only when made on `host` by a
/// process that is gone (`owner` tells, see [`owner_state`]).
pub fn leftover_reason(
    c: &ApplicationCredential,
    now: DateTime<Utc>,
    host: &str,
    owner: impl Fn(&EphemeralName) -> Owner,
) -> Option<&'static str> {
    let parsed = parse(&c.name)?;
    if c.is_expired_at(now) {
        return Some("expired");
    }
    if parsed.host != host_part(host) {
        return None;
    }
    match owner(&parsed) {
        Owner::Running => None,
        Owner::Gone => Some("its process on this host is gone"),
        Owner::Reused => {
            Some("its process on this host is gone (the pid now belongs to a later process)")
        }
    }
}

#[cfg(test)]
mod tests;
