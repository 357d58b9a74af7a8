//! The node_exporter textfile-collector format (Prometheus text exposition
//! 0.0.4) for a fleet's listing: one series per credential with its expiry,
//! one per cloud with its count and whether it could be listed at all.
//!
//! Credentials that never expire have no expiry timestamp series (a fake
//! far-future value would break `min()` and `time() - ...` arithmetic);
//! `appcred_credential_expires` is 0 for them and 1 for the others, so an
//! alert can also catch credentials that never expire.
//!
//! One job's credentials (`exec --ephemeral`) always expire within hours:
//! they have no per-credential series, so an "expiring soon" alert is not
//! set off by them; `appcred_ephemeral_credentials` counts them per cloud
//! and `appcred_ephemeral_credentials_expired` the leftovers among them.

use std::fmt::Write;

use chrono::{DateTime, Utc};

use super::survey::CloudListing;
use crate::ephemeral::is_ephemeral;
use crate::keystone::ApplicationCredential;

/// How the metrics text begins: a file that does is appcred's to replace.
pub const PROMETHEUS_FIRST_LINE: &str = "# HELP appcred_cloud_up ";

/// The metrics text for these listings, checked at `now`.
pub fn render_prometheus(listings: &[CloudListing], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    family(
        &mut out,
        "appcred_cloud_up",
        "1 when the cloud's application credentials could be listed, 0 when not (login failed, needs a prompt, or may not list).",
    );
    for l in listings {
        sample(
            &mut out,
            "appcred_cloud_up",
            &[("cloud", &l.cloud)],
            &i64::from(l.outcome.is_ok()).to_string(),
        );
    }
    family(
        &mut out,
        "appcred_credentials",
        "Application credentials listed on the cloud (clouds that could not be listed have none).",
    );
    for l in listings {
        if let Ok(creds) = &l.outcome {
            sample(
                &mut out,
                "appcred_credentials",
                &[("cloud", &l.cloud)],
                &creds.len().to_string(),
            );
        }
    }
    ephemeral_counts(&mut out, listings, now);
    family(
        &mut out,
        "appcred_credential_expires",
        "1 when the application credential has an expiry date, 0 when it never expires.",
    );
    each_credential(listings, |c, labels| {
        let value = i64::from(c.expires_at.is_some()).to_string();
        sample(&mut out, "appcred_credential_expires", labels, &value);
    });
    family(
        &mut out,
        "appcred_credential_expiry_timestamp_seconds",
        "When the application credential expires, in seconds since the Unix epoch (credentials that never expire are left out).",
    );
    each_credential(listings, |c, labels| {
        if let Some(t) = c.expires_at {
            sample(
                &mut out,
                "appcred_credential_expiry_timestamp_seconds",
                labels,
                &t.timestamp().to_string(),
            );
        }
    });
    family(
        &mut out,
        "appcred_last_check_timestamp_seconds",
        "When appcred wrote these metrics, in seconds since the Unix epoch (to alert on a stale file).",
    );
    sample(
        &mut out,
        "appcred_last_check_timestamp_seconds",
        &[],
        &now.timestamp().to_string(),
    );
    out
}

fn each_credential(
    listings: &[CloudListing],
    mut f: impl FnMut(&ApplicationCredential, &[(&str, &str)]),
) {
    for l in listings {
        let Ok(creds) = &l.outcome else { continue };
        for c in creds.iter().filter(|c| !is_ephemeral(c)) {
            let project = l.project_label(c);
            let labels = [
                ("cloud", l.cloud.as_str()),
                ("project", project.as_str()),
                ("name", c.name.as_str()),
                ("id", c.id.as_str()),
            ];
            f(c, &labels);
        }
    }
}

/// Per cloud that could be listed: its ephemeral credentials, and how
/// many of them expired (left over by a run that was killed).
fn ephemeral_counts(out: &mut String, listings: &[CloudListing], now: DateTime<Utc>) {
    count_family(
        out,
        listings,
        "appcred_ephemeral_credentials",
        "One job's credentials (appcred exec --ephemeral) listed on the cloud, among appcred_credentials; they have no per-credential series.",
        is_ephemeral,
    );
    count_family(
        out,
        listings,
        "appcred_ephemeral_credentials_expired",
        "Expired ones among appcred_ephemeral_credentials: leftovers of a run that was killed (appcred prune --ephemeral).",
        |c| is_ephemeral(c) && c.is_expired_at(now),
    );
}

/// One series per listed cloud: how many of its credentials `pick` takes.
fn count_family(
    out: &mut String,
    listings: &[CloudListing],
    name: &str,
    help: &str,
    pick: impl Fn(&ApplicationCredential) -> bool,
) {
    family(out, name, help);
    for l in listings {
        if let Ok(creds) = &l.outcome {
            let n = creds.iter().filter(|c| pick(c)).count();
            sample(out, name, &[("cloud", &l.cloud)], &n.to_string());
        }
    }
}

fn family(out: &mut String, name: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {}", escape_help(help));
    let _ = writeln!(out, "# TYPE {name} gauge");
}

fn sample(out: &mut String, name: &str, labels: &[(&str, &str)], value: &str) {
    out.push_str(name);
    if !labels.is_empty() {
        out.push('{');
        for (i, (k, v)) in labels.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "{k}=\"{}\"", escape_label(v));
        }
        out.push('}');
    }
    let _ = writeln!(out, " {value}");
}

/// Label values: backslash, double quote and line feed are escaped.
fn escape_label(v: &str) -> String {
    let mut s = String::with_capacity(v.len());
    for ch in v.chars() {
        match ch {
            '\\' => s.push_str("\\\\"),
            '"' => s.push_str("\\\""),
            '\n' => s.push_str("\\n"),
            c => s.push(c),
        }
    }
    s
}

/// HELP text: backslash and line feed are escaped.
fn escape_help(v: &str) -> String {
    v.replace('\\', "\\\\").replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::Unlisted;

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape_label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }

    #[test]
    fn a_failed_cloud_is_down_and_has_no_count() {
        let listings = vec![CloudListing {
            cloud: "x\"y".into(),
            scope: None,
            outcome: Err(Unlisted::NeedsPrompt {
                reason: "needs a password".into(),
            }),
        }];
        let text = render_prometheus(&listings, Utc::now());
        // `list --output` recognises its own file by this.
        assert!(text.starts_with(PROMETHEUS_FIRST_LINE), "{text}");
        assert!(
            text.contains("appcred_cloud_up{cloud=\"x\\\"y\"} 0\n"),
            "{text}"
        );
        assert!(!text.contains("appcred_credentials{"), "{text}");
        assert!(text.contains("# TYPE appcred_credential_expiry_timestamp_seconds gauge"));
    }

    #[test]
    fn ephemeral_credentials_are_counted_apart_with_no_series_of_their_own() {
        let now = Utc::now();
        let cred = |name: &str, expires_at| -> ApplicationCredential {
            let mut c: ApplicationCredential =
                serde_json::from_value(serde_json::json!({"id": name, "name": name})).unwrap();
            c.expires_at = Some(expires_at);
            c
        };
        let live = crate::ephemeral::name("alice", "h", now, 1);
        let left = crate::ephemeral::name("alice", "h", now, 2);
        let listings = vec![CloudListing {
            cloud: "prod".into(),
            scope: None,
            outcome: Ok(vec![
                cred("ci", now + chrono::Duration::days(3)),
                cred(&live, now + chrono::Duration::minutes(30)),
                cred(&left, now - chrono::Duration::minutes(1)),
            ]),
        }];
        let text = render_prometheus(&listings, now);
        assert!(
            text.contains("appcred_credentials{cloud=\"prod\"} 3\n"),
            "{text}"
        );
        assert!(
            text.contains("appcred_ephemeral_credentials{cloud=\"prod\"} 2\n"),
            "{text}"
        );
        assert!(
            text.contains("appcred_ephemeral_credentials_expired{cloud=\"prod\"} 1\n"),
            "{text}"
        );
        assert!(!text.contains("name=\"appcred-ephemeral-"), "{text}");
        assert!(text.contains("name=\"ci\""), "{text}");
    }
}
