//! The successor a rotation proposes, by the command line's rules
//! (`crate::rotation`): the old one's roles still held, its access rules,
//! unrestricted flag and description, and a lifetime like its own.

use chrono::{DateTime, Utc};

use crate::keystone::{ApplicationCredential, HeldRole, NewApplicationCredential, RoleRef};
use crate::rotation::{self, NeedExpires};

/// What the successor will be, and what it loses. No `Debug`: the request
/// type has a secret field (empty here, but the rule is simple).
#[derive(Clone)]
pub struct RotatePlan {
    pub old: ApplicationCredential,
    pub request: NewApplicationCredential,
    /// The old one's roles the user still holds on the project.
    pub kept: Vec<RoleRef>,
    /// Roles the user no longer holds: dropped only after a `y`.
    pub dropped: Vec<RoleRef>,
    /// Why the expiry is what it is.
    pub expiry_reason: std::borrow::Cow<'static, str>,
}

/// The lifetime the TUI gives the successor of an expired credential
/// whose lifetime is unknown (no date in its name). The command line asks
/// for `--expires` instead; here the confirmation names this default.
pub const UNKNOWN_LIFETIME: chrono::Duration = chrono::Duration::days(90);

/// Plans the successor of `old` by the rules of `crate::rotation`. `held`
/// are the roles on the current project; `existing` the names already
/// taken. Fails when no role is left (Keystone would give the new
/// credential every role, silently).
pub fn plan(
    old: &ApplicationCredential,
    held: &[HeldRole],
    existing: &[String],
    now: DateTime<Utc>,
) -> Result<RotatePlan, String> {
    let roles = rotation::split_roles(&old.roles, |id| held.iter().any(|h| h.id == id));
    if roles.nothing_kept() {
        return Err(format!(
            "You no longer hold any of {}'s roles ({}) on its project, so a successor would have none.",
            old.name,
            names(&old.roles)
        ));
    }
    let (expires_at, expiry_reason) = match rotation::same_lifetime(old, now) {
        Ok((at, rule)) => (at, rule.reason().into()),
        Err(NeedExpires) => (
            Some(now + UNKNOWN_LIFETIME),
            "90 days: the old one expired and its lifetime is unknown".into(),
        ),
    };
    let name = rotation::free_name(&old.name, now, existing);
    let request = rotation::successor(old, name, expires_at, &roles.kept);
    Ok(RotatePlan {
        old: old.clone(),
        request,
        kept: roles.kept,
        dropped: roles.dropped,
        expiry_reason,
    })
}

pub fn names(roles: &[RoleRef]) -> String {
    rotation::role_names(roles)
}
