//! The rotation rules, one copy for the command line (`appcred rotate`) and
//! the TUI (`R`): the successor's name (`ci` -> `ci-20261125`), its lifetime
//! ("the same lifetime from now", or a guess said out loud), which of the
//! old one's roles it keeps, what it copies, and which credentials form an
//! old/new pair still "rotating". Pure, so both sides and the table's flags
//! use them without I/O, and one set of tests pins them.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::keystone::{AccessRule, ApplicationCredential, NewApplicationCredential, RoleRef};

/// How the new expiry was chosen; `-f json` reports it as `expiry_rule`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpiryRule {
    /// `--expires`.
    Given,
    /// The old one never expires, so the new one does not either.
    Never,
    /// The old name carries our date suffix: its lifetime is known (to the day).
    SameLifetime,
    /// Keystone does not record when a credential was made: the time the old
    /// one had left, rounded up to a usual lifetime.
    Guessed,
}

impl ExpiryRule {
    pub fn as_str(self) -> &'static str {
        match self {
            ExpiryRule::Given => "given",
            ExpiryRule::Never => "never",
            ExpiryRule::SameLifetime => "same_lifetime",
            ExpiryRule::Guessed => "guessed",
        }
    }

    /// Why the expiry is what it is, in a few words for a screen.
    pub fn reason(self) -> &'static str {
        match self {
            ExpiryRule::Given => "as chosen",
            ExpiryRule::Never => "never, like the old one",
            ExpiryRule::SameLifetime => "the old one's lifetime (from its name's date), from now",
            ExpiryRule::Guessed => {
                "a guess: the old one's remaining time, rounded up (Keystone keeps no creation date)"
            }
        }
    }
}

/// `ci-20261125` or `ci-20261125-2` -> (`ci`, 2026-11-25).
pub fn split_date_suffix(name: &str) -> Option<(&str, NaiveDate)> {
    let date_of = |tail: &str| {
        (tail.len() == 8 && tail.bytes().all(|b| b.is_ascii_digit()))
            .then(|| NaiveDate::parse_from_str(tail, "%Y%m%d").ok())
            .flatten()
    };
    let (head, tail) = name.rsplit_once('-')?;
    if let Some(d) = date_of(tail).filter(|_| !head.is_empty()) {
        return Some((head, d));
    }
    // A counter after the date: `NAME-YYYYMMDD-N`.
    if !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit()) {
        let (base, date) = head.rsplit_once('-')?;
        return date_of(date)
            .filter(|_| !base.is_empty())
            .map(|d| (base, d));
    }
    None
}

/// A name we suffixed before is not suffixed twice.
pub fn base_name(name: &str) -> &str {
    split_date_suffix(name).map_or(name, |(base, _)| base)
}

/// Whether `name` carries a rotation date suffix.
pub fn has_date_suffix(name: &str) -> bool {
    split_date_suffix(name).is_some()
}

/// `NAME-YYYYMMDD`, or `NAME-YYYYMMDD-2`, ... when that is taken. Keystone
/// allows 255 characters: the base is cut so the suffix always fits.
pub fn free_name(old_name: &str, now: DateTime<Utc>, existing: &[String]) -> String {
    let base: String = base_name(old_name).chars().take(240).collect();
    let stem = format!("{base}-{}", now.format("%Y%m%d"));
    (1..1000)
        .map(|i| {
            if i == 1 {
                stem.clone()
            } else {
                format!("{stem}-{i}")
            }
        })
        .find(|n| !existing.contains(n))
        .unwrap_or(stem)
}

/// Why the new expiry cannot be chosen without being told (`--expires` on
/// the command line; the TUI says which default it takes instead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedExpires;

/// The new expiry for `old` when none is given.
///
/// Keystone keeps no creation time. When the old name carries our date
/// suffix, the lifetime is `expires_at - that day's midnight`, cut to whole
/// days (a credential made at 13:00 would otherwise gain up to a day at each
/// rotation). Otherwise the time left is rounded up to the next usual
/// lifetime (1, 7, 14, 30, 60, 90, 180, 365, 730 days): a guess the caller must say
/// out loud. An expired credential without a suffix has no honest answer.
pub fn same_lifetime(
    old: &ApplicationCredential,
    now: DateTime<Utc>,
) -> Result<(Option<DateTime<Utc>>, ExpiryRule), NeedExpires> {
    let Some(expires) = old.expires_at else {
        return Ok((None, ExpiryRule::Never));
    };
    let made = split_date_suffix(&old.name)
        .and_then(|(_, d)| d.and_hms_opt(0, 0, 0))
        .map(|n| n.and_utc())
        .filter(|m| *m < expires);
    if let Some(made) = made {
        let lifetime = expires - made;
        let lifetime = if lifetime >= Duration::days(1) {
            Duration::days(lifetime.num_days())
        } else {
            Duration::hours(lifetime.num_hours().max(1))
        };
        return Ok((Some(now + lifetime), ExpiryRule::SameLifetime));
    }
    if expires <= now {
        return Err(NeedExpires);
    }
    let remaining = expires - now;
    let usual = [1, 7, 14, 30, 60, 90, 180, 365, 730]
        .into_iter()
        .map(Duration::days)
        .find(|d| *d >= remaining)
        .unwrap_or(remaining);
    Ok((Some(now + usual), ExpiryRule::Guessed))
}

/// The old credential's roles, split by whether their holder still has them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleSplit {
    /// Still held: the successor gets these.
    pub kept: Vec<RoleRef>,
    /// No longer held: Keystone would refuse them, so they are dropped, and
    /// only after the person agrees.
    pub dropped: Vec<RoleRef>,
}

impl RoleSplit {
    /// Nothing is left to give the successor. Must stop the rotation:
    /// Keystone gives a credential created without roles *every* role the
    /// user holds, silently.
    pub fn nothing_kept(&self) -> bool {
        self.kept.is_empty()
    }
}

/// Splits `roles` by `is_held` (matched by id: names can be renamed).
pub fn split_roles(roles: &[RoleRef], is_held: impl Fn(&str) -> bool) -> RoleSplit {
    let (kept, dropped) = roles.iter().cloned().partition(|r| is_held(&r.id));
    RoleSplit { kept, dropped }
}

/// `member, reader`.
pub fn role_names(roles: &[RoleRef]) -> String {
    roles
        .iter()
        .map(|r| r.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The successor's create request: the old one's description, unrestricted
/// flag and access rules (without their ids: Keystone matches or makes
/// them), with `kept` roles, `name` and `expires_at`. Keystone generates
/// the secret.
pub fn successor(
    old: &ApplicationCredential,
    name: String,
    expires_at: Option<DateTime<Utc>>,
    kept: &[RoleRef],
) -> NewApplicationCredential {
    NewApplicationCredential {
        name,
        description: old.description.clone(),
        secret: None,
        expires_at,
        role_ids: kept.iter().map(|r| r.id.clone()).collect(),
        unrestricted: old.is_unrestricted(),
        access_rules: old
            .access_rules
            .iter()
            .flatten()
            .map(|r| AccessRule {
                id: None,
                service: r.service.clone(),
                method: r.method.clone(),
                path: r.path.clone(),
            })
            .collect(),
    }
}

/// Ids of credentials that form a rotation still under way: on one project,
/// the same base name, at least two of them, one with a date suffix (the
/// successor). Both the old and the new one are marked.
pub fn rotating_ids(items: &[ApplicationCredential]) -> BTreeSet<String> {
    let mut groups: BTreeMap<(&str, Option<&str>), Vec<&ApplicationCredential>> = BTreeMap::new();
    for c in items {
        groups
            .entry((base_name(&c.name), c.project_id.as_deref()))
            .or_default()
            .push(c);
    }
    groups
        .into_values()
        .filter(|g| g.len() > 1 && g.iter().any(|c| has_date_suffix(&c.name)))
        .flatten()
        .map(|c| c.id.clone())
        .collect()
}

pub mod clouds;
pub mod consumers;
pub mod stores;

#[cfg(test)]
mod tests;
