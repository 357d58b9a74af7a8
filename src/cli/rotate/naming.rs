//! Rotation's two guesses, kept pure so they are unit-tested: the new name
//! (the old one with today's date, `ci` -> `ci-20261125`) and the new expiry
//! ("the same lifetime from now").

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::keystone::ApplicationCredential;

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

/// Why the new expiry cannot be chosen without `--expires`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedExpires;

/// The new expiry for `old` when `--expires` is not given.
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
            .single()
            .unwrap_or_else(|| panic!("bad date"))
    }

    fn cred(name: &str, expires_at: Option<DateTime<Utc>>) -> ApplicationCredential {
        ApplicationCredential {
            id: "i".into(),
            name: name.into(),
            description: None,
            user_id: None,
            project_id: None,
            roles: Vec::new(),
            unrestricted: None,
            expires_at,
            access_rules: None,
        }
    }

    #[test]
    fn names_get_one_date_suffix() {
        let now = at(2026, 12, 1, 9);
        assert_eq!(free_name("ci", now, &[]), "ci-20261201");
        assert_eq!(free_name("ci-20261101", now, &[]), "ci-20261201");
        assert_eq!(free_name("ci-20261101-3", now, &[]), "ci-20261201");
        assert_eq!(
            free_name("ci", now, &["ci-20261201".into(), "ci-20261201-2".into()]),
            "ci-20261201-3"
        );
        // Not dates: kept as they are.
        assert_eq!(
            free_name("build-12345678", now, &[]),
            "build-12345678-20261201"
        );
        assert_eq!(free_name("-20261101", now, &[]), "-20261101-20261201");
        assert_eq!(free_name("v-2", now, &[]), "v-2-20261201");
        let long = "x".repeat(255);
        assert_eq!(free_name(&long, now, &[]).chars().count(), 249);
    }

    #[test]
    fn suffix_gives_the_lifetime_in_whole_days() {
        let now = at(2026, 12, 1, 9);
        // Made on 2026-11-01 (at 13:00 say) for 90 days.
        let old = cred("ci-20261101", Some(at(2027, 1, 30, 13)));
        assert_eq!(
            same_lifetime(&old, now),
            Ok((Some(now + Duration::days(90)), ExpiryRule::SameLifetime))
        );
        // Even when it has already expired.
        let gone = cred("ci-20260101-2", Some(at(2026, 1, 31, 0)));
        assert_eq!(
            same_lifetime(&gone, now),
            Ok((Some(now + Duration::days(30)), ExpiryRule::SameLifetime))
        );
    }

    #[test]
    fn without_suffix_the_time_left_is_rounded_up() {
        let now = at(2026, 12, 1, 9);
        let old = cred("ci", Some(now + Duration::days(4)));
        assert_eq!(
            same_lifetime(&old, now),
            Ok((Some(now + Duration::days(7)), ExpiryRule::Guessed))
        );
        let far = cred("ci", Some(now + Duration::days(1000)));
        assert_eq!(
            same_lifetime(&far, now),
            Ok((Some(now + Duration::days(1000)), ExpiryRule::Guessed))
        );
        assert_eq!(
            same_lifetime(&cred("ci", None), now),
            Ok((None, ExpiryRule::Never))
        );
        let expired = cred("ci", Some(now - Duration::days(1)));
        assert_eq!(same_lifetime(&expired, now), Err(NeedExpires));
    }
}
