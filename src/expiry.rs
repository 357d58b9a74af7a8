//! Expiry times as people type and read them: `--expires 30d`, `2031-06-01`,
//! "in 12 d", "expired 3 d ago". Keystone only takes UTC without an offset,
//! so everything here is UTC; local time is for display only.

use chrono::{DateTime, Duration, Local, NaiveDate, NaiveDateTime, Utc};
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ExpiryError {
    #[error(
        "cannot read {0:?} as an expiry: use RFC 3339 (2031-06-01T12:00:00Z), a date (2031-06-01, midnight UTC), \
         a UTC time (2031-06-01T12:00), or a span from now (12h, 30d, 2w, 1y)"
    )]
    Unparsable(String),
    #[error("the expiry {0} is not in the future: pick a later time (e.g. 30d)")]
    InThePast(String),
    #[error("cannot read {0:?} as a span of time: use a number and a unit, e.g. 12h, 30d, 2w, 1y")]
    BadDuration(String),
    #[error("the span {0:?} is too large: keep it under 1000 years")]
    TooLarge(String),
    #[error(
        "{0:?} names a leap second (:60), which Keystone cannot store: use :59, or the next \
         minute's :00"
    )]
    LeapSecond(String),
}

/// Parses a span such as `30d`. The units are `h`, `d`, `w` and `y` (365
/// days); `m` is left out because minutes and months would clash.
pub fn parse_duration(text: &str) -> Result<Duration, ExpiryError> {
    let t = text.trim();
    let bad = || ExpiryError::BadDuration(text.to_string());
    let split = t.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (digits, unit) = t.split_at(split);
    let n: i64 = digits.parse().map_err(|_| bad())?;
    let hours_per_unit = match unit.trim().to_ascii_lowercase().as_str() {
        "h" | "hour" | "hours" => 1,
        "d" | "day" | "days" => 24,
        "w" | "week" | "weeks" => 24 * 7,
        "y" | "year" | "years" => 24 * 365,
        _ => return Err(bad()),
    };
    let hours = n
        .checked_mul(hours_per_unit)
        .filter(|h| *h <= 24 * 365 * 1000)
        .ok_or_else(|| ExpiryError::TooLarge(text.to_string()))?;
    Ok(Duration::hours(hours))
}

/// Parses a lifetime such as `exec --ephemeral`'s `30m`, `2h` or `1d`: the
/// spans of [`parse_duration`] plus minutes (`m`, `min`), which a lifetime
/// needs and a span of months never means here.
pub fn parse_ttl(text: &str) -> Result<Duration, ExpiryError> {
    let t = text.trim();
    let minutes = ["minutes", "minute", "min", "m"]
        .iter()
        .find_map(|unit| t.strip_suffix(unit))
        .filter(|d| !d.is_empty() && d.trim().chars().all(|c| c.is_ascii_digit()));
    match minutes {
        Some(d) => d
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| *n <= 60 * 24 * 365 * 1000)
            .map(Duration::minutes)
            .ok_or_else(|| ExpiryError::TooLarge(text.to_string())),
        None => parse_duration(t),
    }
}

/// Parses an expiry as the command line and the wizard accept it and checks
/// that it lies after `now`.
pub fn parse_expiry(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, ExpiryError> {
    let t = text.trim();
    let at = match parse_absolute(t) {
        Some(at) if at.timestamp_subsec_nanos() >= 1_000_000_000 => {
            return Err(ExpiryError::LeapSecond(text.to_string()));
        }
        Some(at) => at,
        // One parser for spans everywhere (`list --expiring` too): a span
        // too large says so rather than "cannot read".
        None => match parse_duration(t) {
            Ok(d) => now + d,
            Err(e @ ExpiryError::TooLarge(_)) => return Err(e),
            Err(_) => return Err(ExpiryError::Unparsable(text.to_string())),
        },
    };
    if at <= now {
        return Err(ExpiryError::InThePast(
            at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        ));
    }
    Ok(at)
}

fn parse_absolute(t: &str) -> Option<DateTime<Utc>> {
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Some(d.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(t, format) {
            return Some(n.and_utc());
        }
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|n| n.and_utc())
}

/// How an expiry stands relative to now, for colouring and sorting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpiryState {
    Never,
    Expired,
    /// Within the warning window (14 days unless configured).
    Soon,
    Later,
}

pub const DEFAULT_WARNING: Duration = Duration::days(14);

/// The one rule for whether an expiry is "soon", everywhere (CLI list and
/// audit, TUI list and audit): soon when the days left, rounded as
/// [`relative`] shows them, are fewer than the window's days. So "in 14 d"
/// is not flagged by a 14-day window (a fresh `--expires 2w` credential is
/// fine) and "in 13 d" is; a window of 0 flags nothing.
pub fn state(
    expires_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    warning: Duration,
) -> ExpiryState {
    match expires_at {
        None => ExpiryState::Never,
        Some(t) if t <= now => ExpiryState::Expired,
        Some(t) if rounded_days(t - now) < rounded_days(warning) => ExpiryState::Soon,
        Some(_) => ExpiryState::Later,
    }
}

/// Whole days, rounded to the nearest (half a day rounds up): the one
/// rounding rule for every expiry text and check, so the review's "in 45 d"
/// is still "in 45 d" on the secret screen a few seconds later.
pub fn rounded_days(d: Duration) -> i64 {
    (d + Duration::hours(12)).num_days()
}

/// "in 12 d", "in 5 h", "expired 3 d ago", "never".
pub fn relative(expires_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    let Some(t) = expires_at else {
        return "never".to_string();
    };
    let span = span_text(if t > now { t - now } else { now - t });
    if t > now {
        format!("in {span}")
    } else {
        format!("expired {span} ago")
    }
}

/// Days, hours or minutes, each rounded to the nearest ([`rounded_days`]).
fn span_text(d: Duration) -> String {
    let days = rounded_days(d);
    let hours = (d + Duration::minutes(30)).num_hours();
    if days >= 1 {
        format!("{days} d")
    } else if hours >= 1 {
        format!("{hours} h")
    } else {
        format!("{} min", (d + Duration::seconds(30)).num_minutes().max(1))
    }
}

/// `2031-06-01 12:00 UTC`
pub fn utc_text(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// `2031-06-01 14:00 CEST` (the machine's local zone, for people)
pub fn local_text(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ttl_takes_minutes_and_the_spans() {
        assert_eq!(parse_ttl("30m"), Ok(Duration::minutes(30)));
        assert_eq!(parse_ttl("45 min"), Ok(Duration::minutes(45)));
        assert_eq!(parse_ttl("2h"), Ok(Duration::hours(2)));
        assert_eq!(parse_ttl("1d"), Ok(Duration::days(1)));
        for bad in ["m", "30x", "-5m", "5mm", ""] {
            assert!(parse_ttl(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_leap_second_is_refused_before_keystone() {
        for text in [
            "2031-06-30T23:59:60Z",
            "2031-06-30T23:59:60",
            "2031-06-30 23:59:60",
        ] {
            assert_eq!(
                parse_expiry(text, now()),
                Err(ExpiryError::LeapSecond(text.to_string())),
                "{text}"
            );
        }
        assert!(parse_expiry("2031-06-30T23:59:59Z", now()).is_ok());
    }

    #[test]
    fn a_span_too_large_says_so_for_create_as_for_list() {
        let e = parse_expiry("3000y", now());
        assert_eq!(e, Err(ExpiryError::TooLarge("3000y".to_string())));
        assert_eq!(
            parse_duration("3000y"),
            Err(ExpiryError::TooLarge("3000y".to_string()))
        );
        let text = e.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(text.contains("keep it under 1000 years"), "{text}");
        assert!(matches!(
            parse_expiry("soon", now()),
            Err(ExpiryError::Unparsable(_))
        ));
    }

    fn now() -> DateTime<Utc> {
        NaiveDate::from_ymd_opt(2026, 11, 25)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .map(|n| n.and_utc())
            .unwrap_or_default()
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn accepted_forms() {
        let cases = [
            ("2031-06-01T12:30:00Z", "2031-06-01T12:30:00Z"),
            ("2031-06-01T14:30:00+02:00", "2031-06-01T12:30:00Z"),
            ("2031-06-01", "2031-06-01T00:00:00Z"),
            ("2031-06-01T12:30", "2031-06-01T12:30:00Z"),
            ("2031-06-01T12:30:15", "2031-06-01T12:30:15Z"),
            (" 12h ", "2026-11-26T00:00:00Z"),
            ("30d", "2026-12-25T12:00:00Z"),
            ("2w", "2026-12-09T12:00:00Z"),
            ("1y", "2027-11-25T12:00:00Z"),
        ];
        for (input, want) in cases {
            assert_eq!(parse_expiry(input, now()), Ok(at(want)), "{input}");
        }
    }

    #[test]
    fn refused_forms() {
        for input in [
            "",
            "soon",
            "30",
            "d30",
            "-1d",
            "2026-11-24",
            "2026-11-25T12:00:00Z",
            "0h",
            "2031-13-01",
        ] {
            assert!(
                parse_expiry(input, now()).is_err(),
                "{input:?} should be refused"
            );
        }
        assert!(matches!(
            parse_expiry("2020-01-01", now()),
            Err(ExpiryError::InThePast(_))
        ));
        assert!(matches!(
            parse_duration("99999999999999y"),
            Err(ExpiryError::TooLarge(_))
        ));
    }

    #[test]
    fn relative_text_and_state() {
        let n = now();
        assert_eq!(relative(None, n), "never");
        assert_eq!(relative(Some(n + Duration::days(12)), n), "in 12 d");
        assert_eq!(relative(Some(n - Duration::days(3)), n), "expired 3 d ago");
        assert_eq!(relative(Some(n + Duration::hours(5)), n), "in 5 h");
        assert_eq!(
            state(Some(n + Duration::days(3)), n, DEFAULT_WARNING),
            ExpiryState::Soon
        );
        assert_eq!(
            state(Some(n - Duration::days(3)), n, DEFAULT_WARNING),
            ExpiryState::Expired
        );
        assert_eq!(
            state(Some(n + Duration::days(30)), n, DEFAULT_WARNING),
            ExpiryState::Later
        );
        assert_eq!(state(None, n, DEFAULT_WARNING), ExpiryState::Never);
    }

    /// Issue 11, defect 5: one rounding rule; the text and the flag agree.
    #[test]
    fn rounding_is_one_rule_for_the_text_and_the_flag() {
        let n = now();
        let at = n + Duration::days(45);
        // The review, then the secret screen a few seconds later.
        assert_eq!(relative(Some(at), n), "in 45 d");
        assert_eq!(relative(Some(at), n + Duration::seconds(5)), "in 45 d");
        // A fresh `--expires 2w` credential, a second after creation.
        let two_weeks = parse_expiry("2w", n).expect("2w parses");
        let later = n + Duration::seconds(1);
        assert_eq!(relative(Some(two_weeks), later), "in 14 d");
        assert_eq!(
            state(Some(two_weeks), later, DEFAULT_WARNING),
            ExpiryState::Later
        );
        // One day less is inside the window.
        let thirteen = n + Duration::days(13);
        assert_eq!(state(Some(thirteen), n, DEFAULT_WARNING), ExpiryState::Soon);
        assert_eq!(
            state(Some(thirteen), n, Duration::zero()),
            ExpiryState::Later
        );
        assert_eq!(relative(Some(n + Duration::minutes(150)), n), "in 3 h");
    }
}
