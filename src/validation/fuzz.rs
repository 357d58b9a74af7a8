//! Property tests: the parsers behind every typed value must never panic,
//! whatever arrives, and a valid access rule survives a round trip.

use chrono::{TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::expiry::{parse_duration, parse_expiry};

proptest! {
    #[test]
    fn access_rule_parser_never_panics(text in any::<String>()) {
        let _ = parse_access_rule(&text);
    }

    #[test]
    fn access_rule_parser_never_panics_on_near_misses(
        text in "[a-zA-Z0-9_ -]{0,8}(:[a-zA-Z]{0,7}(:[/a-z*:\\x00-\\x1f\u{80}-\u{10ffff}]{0,140})?)?"
    ) {
        let _ = parse_access_rule(&text);
    }

    #[test]
    fn valid_rules_round_trip(
        service in "[a-zA-Z0-9-]{1,64}",
        method in prop::sample::select(vec!["DELETE", "get", "Head", "PATCH", "post", "PUT"]),
        path in "/[a-zA-Z0-9/*{}:._~-]{0,127}",
    ) {
        let rule = parse_access_rule(&format!("{service}:{method}:{path}"));
        prop_assert!(rule.is_ok(), "{:?}", rule);
        let rule = rule.unwrap_or_else(|_| unreachable!());
        prop_assert_eq!(&rule.method, &method.to_ascii_uppercase());
        let again = parse_access_rule(&format!("{}:{}:{}", rule.service, rule.method, rule.path));
        prop_assert_eq!(again, Ok(rule.clone()));
        prop_assert_eq!(rule.path, path);
        prop_assert_eq!(rule.service, service);
    }

    #[test]
    fn expiry_parser_never_panics(text in any::<String>(), secs in 0i64..4_000_000_000) {
        let now = Utc.timestamp_opt(secs, 0).single().unwrap_or_default();
        let _ = parse_expiry(&text, now);
        let _ = parse_duration(&text);
    }

    #[test]
    fn expiry_parser_never_panics_on_near_misses(
        text in "[0-9]{0,20}[hdwy]?|[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?(Z|[+-][0-9]{2}:[0-9]{2})?"
    ) {
        let now = Utc.timestamp_opt(1_800_000_000, 0).single().unwrap_or_default();
        if let Ok(at) = parse_expiry(&text, now) {
            prop_assert!(at > now);
        }
    }

    #[test]
    fn name_and_description_checks_never_panic(text in any::<String>()) {
        let _ = validate_name(&text);
        let _ = validate_description(&text);
    }

    #[test]
    fn stdin_secret_reader_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        if let Ok(secret) = read_secret_stdin(&bytes[..]) {
            prop_assert!(!secret.expose().is_empty());
            prop_assert!(!secret.expose().contains(['\n', '\r', '\0']));
        }
    }
}
