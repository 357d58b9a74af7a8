//! The admin audit, one copy for `appcred audit` and the TUI's `A`: every
//! user of a domain or project and their credentials, fetched concurrently
//! with a bound, and the problems that make a credential die silently,
//! flagged. [`collect`] talks to Keystone (with a progress callback, so
//! the command line prints a counter and the TUI sends messages);
//! [`flags`] and [`rows`] are pure and unit-tested.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};

use crate::keystone::{ApplicationCredential, KeystoneError, RoleRef, Session, User};

/// Requests in flight at once, unless told otherwise.
pub const DEFAULT_CONCURRENCY: usize = 16;

/// What to say when Keystone refuses (403): the audit needs more than a
/// member's token.
pub const PERMISSION_HINT: &str = "audit needs a token allowed to list users and their credentials (e.g. admin on the project, or a system reader: --os-system-scope all)";

/// [`Flag::OwnerDeleted`]'s reason.
pub const OWNER_DELETED: &str = "user not found: deleted from the directory?";

/// [`Flag::GroupsLapsed`] in a sentence (verify says it at length).
pub const GROUPS_LAPSED: &str = "the owner is a federated user whose roles came only from the \
    identity provider's groups; Keystone keeps that membership only for `[federation] \
    default_authorization_ttl` (or the identity provider's `authorization_ttl`) minutes after the \
    owner's last login, and it lapsed. The owner logging in again through SSO renews it; a direct \
    role assignment on the project or a service account avoids it";

/// Whose credentials: every user of a domain, or every user with a role
/// on a project (then only that project's credentials). Name or id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Domain(String),
    Project(String),
}

/// Something wrong with a credential, as `-f json` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Flag {
    /// The owner's id answers 404 (deleted from an LDAP directory, which
    /// Keystone cannot cascade): the credential no longer works, but stays.
    OwnerDeleted,
    /// The owner is disabled: the credential no longer works.
    OwnerDisabled,
    Expired,
    /// Expires within the window.
    Expiring,
    NeverExpires,
    Unrestricted,
    /// A role of the credential the owner no longer holds on its project.
    DroppedRole,
    /// Its owner is a federated user and the dropped roles came from the
    /// identity provider's groups: Keystone's stored membership lapsed.
    GroupsLapsed,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::OwnerDeleted => "owner_deleted",
            Flag::OwnerDisabled => "owner_disabled",
            Flag::Expired => "expired",
            Flag::Expiring => "expiring",
            Flag::NeverExpires => "never_expires",
            Flag::Unrestricted => "unrestricted",
            Flag::DroppedRole => "dropped_role",
            Flag::GroupsLapsed => "group_membership_lapsed",
        }
    }

    /// The sentence behind a flag whose name alone does not say what to do.
    pub fn explain(self) -> Option<String> {
        match self {
            Flag::GroupsLapsed => Some(GROUPS_LAPSED.to_string()),
            Flag::OwnerDeleted => Some(OWNER_DELETED.to_string()),
            _ => None,
        }
    }

    /// The flag and its explanation as one sentence for a person, e.g.
    /// under the audit's table (None where the name says it all).
    pub fn note(self) -> Option<String> {
        let why = self.explain()?;
        let end = if why.ends_with(['.', '?', '!']) {
            ""
        } else {
            "."
        };
        Some(format!("{}: {why}{end}", self.as_str()))
    }

    /// The flags that mean the credential does not work now (the TUI
    /// paints them as errors; the others are warnings).
    pub fn is_broken(self) -> bool {
        matches!(
            self,
            Flag::OwnerDeleted
                | Flag::OwnerDisabled
                | Flag::Expired
                | Flag::DroppedRole
                | Flag::GroupsLapsed
        )
    }
}

/// One credential of the audit, with what is wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub user: User,
    pub credential: ApplicationCredential,
    /// Its roles the owner no longer holds on its project.
    pub dropped: Vec<RoleRef>,
    pub flags: Vec<Flag>,
}

impl Row {
    /// Whether the owner no longer resolves (its `user` then has only an id).
    pub fn owner_deleted(&self) -> bool {
        self.flags.contains(&Flag::OwnerDeleted)
    }

    /// The owner as a person reads it: the name, or (for an owner who no
    /// longer resolves) the start of the id, said not found.
    pub fn owner_label(&self) -> String {
        if self.owner_deleted() {
            let short: String = self.user.id.chars().take(8).collect();
            format!("{short}… (not found)")
        } else {
            self.user.name.clone()
        }
    }
}

/// What [`collect`] found, before flagging.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    pub users: usize,
    pub credentials: Vec<(User, ApplicationCredential)>,
    /// The owners' current roles per (user id, project id).
    pub held: HashMap<(String, String), Vec<RoleRef>>,
    /// The owners (ids) who are federated users, among those whose
    /// credentials lost a role (Keystone's `federated` on the user).
    pub federated: HashSet<String>,
    /// The owners (ids) Keystone answers 404 for: deleted from the
    /// directory, their role assignments and credentials left behind.
    pub deleted: HashSet<String>,
}

/// The flags of `c` owned by `user`. `owner_roles`: the owner's roles on
/// the credential's project now (`None`: unknown, no dropped-role check).
pub fn flags(
    user: &User,
    c: &ApplicationCredential,
    owner_roles: Option<&[RoleRef]>,
    now: DateTime<Utc>,
    window: Duration,
) -> (Vec<Flag>, Vec<RoleRef>) {
    let dropped: Vec<RoleRef> = owner_roles
        .map(|held| {
            let split =
                crate::rotation::split_roles(&c.roles, |id| held.iter().any(|h| h.id == id));
            split.dropped
        })
        .unwrap_or_default();
    let mut flags = Vec::new();
    if !user.enabled {
        flags.push(Flag::OwnerDisabled);
    }
    match c.expires_at {
        None => flags.push(Flag::NeverExpires),
        Some(t) if t <= now => flags.push(Flag::Expired),
        // One job's credential always expires soon: that is its point, not
        // a problem (it is counted apart: `exec --ephemeral`).
        Some(_) if crate::ephemeral::is_ephemeral(c) => {}
        Some(t) if t - now <= window => flags.push(Flag::Expiring),
        Some(_) => {}
    }
    if c.is_unrestricted() {
        flags.push(Flag::Unrestricted);
    }
    if !dropped.is_empty() {
        flags.push(Flag::DroppedRole);
    }
    (flags, dropped)
}

/// Every credential found, flagged, by user name then credential name.
pub fn rows(found: &Found, now: DateTime<Utc>, window: Duration) -> Vec<Row> {
    let mut rows: Vec<Row> = found
        .credentials
        .iter()
        .map(|(u, c)| {
            let gone = found.deleted.contains(&u.id);
            // An owner who is gone holds nothing: the credential is dead
            // for that alone, its roles are not compared.
            let owner_roles = c
                .project_id
                .as_ref()
                .filter(|_| !gone)
                .and_then(|p| found.held.get(&(u.id.clone(), p.clone())))
                .map(Vec::as_slice);
            let (mut flags, dropped) = flags(u, c, owner_roles, now, window);
            if gone {
                flags.retain(|f| *f != Flag::OwnerDisabled);
                flags.insert(0, Flag::OwnerDeleted);
            }
            // Dropped roles are never direct ones (those are still held):
            // for a federated owner they came from the identity provider's
            // groups, whose stored membership lapsed.
            if !dropped.is_empty() && found.federated.contains(&u.id) {
                flags.push(Flag::GroupsLapsed);
            }
            Row {
                user: u.clone(),
                credential: c.clone(),
                dropped,
                flags,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.user.name.as_str(), a.credential.name.as_str())
            .cmp(&(b.user.name.as_str(), b.credential.name.as_str()))
    });
    rows
}

/// How far [`collect`] is: users whose credentials have been read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

mod collect;
pub use collect::collect;

#[cfg(test)]
mod tests;
