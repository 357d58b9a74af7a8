//! `appcred list`: the user's credentials, with the expiry watch
//! (`--expiring 30d`, `--expired`: exit 3 when any match, for cron).

use chrono::{DateTime, Utc};

use crate::expiry::{self, ExpiryState};
use crate::keystone::ApplicationCredential;

use super::EXIT_FOUND;
use super::args::{ListArgs, SortKey};
use super::context::Ctx;
use super::error::CliResult;
use super::output::{print_json, print_table, table};

pub async fn run(ctx: &Ctx, args: &ListArgs) -> CliResult<u8> {
    let window = args
        .expiring
        .as_deref()
        .map(expiry::parse_duration)
        .transpose()?;
    let user_id = ctx.target_user(args.user.as_deref()).await?;
    let mut creds = ctx.session.list_credentials(&user_id).await?;
    let now = Utc::now();
    // The "(!)" expiring marker uses the config's window (expiry_warning_days).
    let warning = crate::settings::load(&ctx.env)
        .map_err(|e| super::error::CliError::new(e.to_string()))?
        .expiry_warning();

    let watching = args.expired || window.is_some();
    creds.retain(|c| watched(c, now, args.expired, window));
    sort(&mut creds, args.sort.unwrap_or(SortKey::Name));

    if ctx.json() {
        print_json(&creds)?;
    } else {
        let mut t = table(&HEADER);
        for c in &creds {
            t.add_row(row(c, now, warning));
        }
        print_table(&t)?;
    }
    Ok(if watching && !creds.is_empty() {
        EXIT_FOUND
    } else {
        0
    })
}

/// Whether the expiry watch keeps `c`: `--expired`, `--expiring WINDOW`
/// (expired ones included), or everything when neither is given.
pub fn watched(
    c: &ApplicationCredential,
    now: DateTime<Utc>,
    expired: bool,
    window: Option<chrono::Duration>,
) -> bool {
    if expired {
        c.is_expired_at(now)
    } else if let Some(w) = window {
        c.expires_at.is_some_and(|t| t <= now + w)
    } else {
        true
    }
}

/// The list table's columns; [`row`] fills them (also for the fleet's table).
pub const HEADER: [&str; 7] = [
    "Name",
    "ID",
    "Roles",
    "Expires",
    "Unrestricted",
    "Access rules",
    "Description",
];

/// One credential's cells under [`HEADER`].
pub fn row(
    c: &ApplicationCredential,
    now: DateTime<Utc>,
    warning: chrono::Duration,
) -> Vec<String> {
    vec![
        c.name.clone(),
        short_id(&c.id).to_string(),
        role_names(c),
        expires_text_within(c.expires_at, now, warning),
        if c.is_unrestricted() {
            "yes (!)".into()
        } else {
            "no".into()
        },
        c.access_rule_count().to_string(),
        c.description.clone().unwrap_or_default(),
    ]
}

/// By name, or by expiry with the soonest first and never-expiring last.
pub fn sort(creds: &mut [ApplicationCredential], key: SortKey) {
    match key {
        SortKey::Name => creds.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id))),
        SortKey::Expires => creds.sort_by(|a, b| match (a.expires_at, b.expires_at) {
            (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.name.cmp(&b.name)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.name.cmp(&b.name),
        }),
    }
}

pub fn short_id(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

pub fn role_names(c: &ApplicationCredential) -> String {
    let mut names: Vec<&str> = c.roles.iter().map(|r| r.name.as_str()).collect();
    names.sort_unstable();
    names.join(", ")
}

/// "in 12 d (2026-12-07 12:00 UTC)", "EXPIRED 3 d ago (...)", "never".
pub fn expires_text(at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    expires_text_within(at, now, expiry::DEFAULT_WARNING)
}

/// [`expires_text`] with "(!)" for expiries within `warning`.
pub fn expires_text_within(
    at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    warning: chrono::Duration,
) -> String {
    let Some(t) = at else {
        return "never".to_string();
    };
    let rel = expiry::relative(at, now);
    match expiry::state(at, now, warning) {
        ExpiryState::Expired => format!(
            "EXPIRED {} ({})",
            rel.trim_start_matches("expired "),
            expiry::utc_text(t)
        ),
        ExpiryState::Soon => format!("{rel} (!) ({})", expiry::utc_text(t)),
        _ => format!("{rel} ({})", expiry::utc_text(t)),
    }
}
