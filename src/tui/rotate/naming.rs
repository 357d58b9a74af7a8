//! The rotation rules the command line (`appcred rotate`) follows, for the
//! TUI: the successor's name (`NAME-YYYYMMDD`), its lifetime, and which
//! credentials form an old/new pair still "rotating". Kept pure so update
//! and the table's flags can use them without I/O.
//!
//! The CLI keeps its own copy private in `cli/rotate.rs`; the two must agree
//! (the tests below pin the same cases).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::keystone::ApplicationCredential;

/// `ci-20261125` -> `ci`: a name we suffixed before is not suffixed twice.
/// A second successor on one day (`ci-20261125-2`) has the same base.
pub fn base_name(name: &str) -> &str {
    let strip_date = |n: &str| -> Option<usize> {
        let (base, tail) = n.rsplit_once('-')?;
        (!base.is_empty() && date_suffix(tail).is_some()).then_some(base.len())
    };
    if let Some(len) = strip_date(name) {
        return &name[..len];
    }
    // `base-YYYYMMDD-N`
    if let Some((head, counter)) = name.rsplit_once('-')
        && !counter.is_empty()
        && counter.chars().all(|c| c.is_ascii_digit())
        && let Some(len) = strip_date(head)
    {
        return &name[..len];
    }
    name
}

/// Whether `name` carries a rotation date suffix.
pub fn has_date_suffix(name: &str) -> bool {
    base_name(name).len() != name.len()
}

fn date_suffix(tail: &str) -> Option<NaiveDate> {
    (tail.len() == 8)
        .then(|| NaiveDate::parse_from_str(tail, "%Y%m%d").ok())
        .flatten()
}

/// `NAME-YYYYMMDD`, or `NAME-YYYYMMDD-2`, ... when that is taken.
pub fn free_name(old_name: &str, now: DateTime<Utc>, existing: &[String]) -> String {
    let stem = format!("{}-{}", base_name(old_name), now.format("%Y%m%d"));
    // Keystone's limit is 255; leave room for a counter.
    let stem: String = stem.chars().take(250).collect();
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

/// The successor's expiry. Keystone does not record when a credential was
/// made, so "the same lifetime" is exact only when the name carries our date
/// suffix; otherwise the remaining time is rounded up to a usual lifetime.
/// An expired credential without a suffix gets 90 days (the wizard's
/// default), and the confirmation says so. The text explains the choice.
pub fn same_lifetime(
    old: &ApplicationCredential,
    now: DateTime<Utc>,
) -> (Option<DateTime<Utc>>, &'static str) {
    let Some(expires) = old.expires_at else {
        return (None, "never, like the old one");
    };
    let made = old
        .name
        .rsplit_once('-')
        .and_then(|(_, tail)| date_suffix(tail))
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|n| n.and_utc());
    if let Some(made) = made.filter(|m| *m < expires) {
        return (
            Some(now + (expires - made)),
            "the old one's lifetime, from now",
        );
    }
    if expires <= now {
        return (
            Some(now + Duration::days(90)),
            "90 days (the old one expired; its lifetime is unknown)",
        );
    }
    let remaining = expires - now;
    let usual = [1, 7, 30, 90, 180, 365, 730]
        .into_iter()
        .map(Duration::days)
        .find(|d| *d >= remaining)
        .unwrap_or(remaining);
    (
        Some(now + usual),
        "the old one's remaining time, rounded up",
    )
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::testing::{credential, now};

    #[test]
    fn names_get_one_date_suffix() {
        assert_eq!(base_name("ci-20261125"), "ci");
        assert_eq!(base_name("ci-20261125-2"), "ci");
        assert_eq!(base_name("ci-2026112"), "ci-2026112");
        assert_eq!(base_name("-20261125"), "-20261125");
        assert_eq!(base_name("ci"), "ci");
        assert_eq!(free_name("ci-20240101", now(), &[]), "ci-20261125");
        let taken = vec!["ci-20261125".to_string()];
        assert_eq!(free_name("ci", now(), &taken), "ci-20261125-2");
    }

    #[test]
    fn lifetime_follows_the_suffix_or_rounds_up() {
        let mut old = credential("ci-20261101", Some(6));
        let (at, _) = same_lifetime(&old, now());
        // Made on Nov 1 00:00, expires Dec 1 12:00: 30.5 days from now.
        assert_eq!(at, Some(now() + Duration::hours(30 * 24 + 12)));
        old.name = "ci".to_string();
        assert_eq!(
            same_lifetime(&old, now()).0,
            Some(now() + Duration::days(7))
        );
        old.expires_at = None;
        assert_eq!(same_lifetime(&old, now()).0, None);
        let expired = credential("ci", Some(-1));
        assert_eq!(
            same_lifetime(&expired, now()).0,
            Some(now() + Duration::days(90))
        );
    }

    #[test]
    fn pairs_with_a_dated_successor_are_rotating() {
        let items = vec![
            credential("ci", Some(3)),
            credential("ci-20261125", Some(90)),
            credential("backup", None),
            credential("web-20261125", None),
        ];
        let ids = rotating_ids(&items);
        assert_eq!(
            ids.into_iter().collect::<Vec<_>>(),
            vec!["id-ci".to_string(), "id-ci-20261125".to_string()]
        );
    }
}
