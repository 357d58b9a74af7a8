//! `appcred list`: the user's credentials, with the expiry watch
//! (`--expiring 30d`, `--expired`: exit 3 when any match, for cron).

use chrono::{DateTime, Utc};

use crate::expiry::{self, ExpiryState};
use crate::keystone::{ApplicationCredential, keystone_time};

use super::EXIT_FOUND;
use super::args::{ListArgs, SortKey};
use super::context::Ctx;
use super::error::{CliError, CliResult};
use super::output::print_records;
use super::records::{Cell, Column, Fit, Records, Value};

pub async fn run(ctx: &Ctx, args: &ListArgs) -> CliResult<u8> {
    let window = args
        .expiring
        .as_deref()
        .map(expiry::parse_duration)
        .transpose()?;
    let user_id = ctx
        .target_user(args.user.as_deref(), args.user_domain.as_deref())
        .await?;
    let mut creds = ctx.session.list_credentials(&user_id).await?;
    let now = Utc::now();
    // The "(!)" expiring marker uses the config's window (expiry_warning_days).
    let warning = crate::settings::load_shared(&ctx.env)
        .map_err(|e| super::error::CliError::new(e.to_string()))?
        .expiry_warning();

    let watching = args.expired || window.is_some();
    creds.retain(|c| watched(c, now, args.expired, window));
    sort(&mut creds, args.sort.unwrap_or(SortKey::Name));

    let json = serde_json::to_value(&creds).map_err(|e| CliError::new(e.to_string()))?;
    print_records(&ctx.global, records(&creds, now, warning), Some(&json))?;
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

/// The list as records: OpenStack's column names, machine values for
/// `-f value|csv|yaml|json -c`, friendlier text for the table (and a
/// shorter one when the table must fit a width).
pub fn records(
    creds: &[ApplicationCredential],
    now: DateTime<Utc>,
    warning: chrono::Duration,
) -> Records {
    let mut r = Records::list(vec![
        Column::new("ID"),
        Column::new("Name").fit(Fit::Shrink(10)),
        Column::new("Project ID").fit(Fit::Drop(1)),
        Column::new("Roles").fit(Fit::Shrink(10)),
        Column::new("Expires At")
            .narrow("Expires")
            .fit(Fit::Shrink(9)),
        Column::new("Unrestricted").narrow("Unres."),
        Column::new("Access rules").narrow("Rules"),
        Column::new("Description").fit(Fit::ShrinkThenDrop(12)),
    ]);
    for c in creds {
        let expires = Cell::opt(c.expires_at.map(|t| keystone_time::format(&t)))
            .shown(expires_text_within(c.expires_at, now, warning))
            .shown_narrow(expires_short(c.expires_at, now, warning));
        let unrestricted = Cell::from_value(Value::Bool(c.is_unrestricted()))
            .shown(if c.is_unrestricted() { "yes (!)" } else { "no" });
        r.push(vec![
            Cell::text(c.id.clone()).shown(short_id(&c.id)),
            Cell::name(c.name.clone()),
            Cell::opt(c.project_id.clone()),
            Cell::text(role_names(c)),
            expires,
            unrestricted,
            Cell::from_value(Value::Int(c.access_rule_count() as i64)),
            Cell::text(c.description.clone().unwrap_or_default()),
        ]);
    }
    r
}

/// "in 12 d (!)", "EXPIRED", "never": the expiry for a narrow table.
fn expires_short(
    at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    warning: chrono::Duration,
) -> String {
    match expiry::state(at, now, warning) {
        _ if at.is_none() => "never".to_string(),
        ExpiryState::Expired => "EXPIRED".to_string(),
        ExpiryState::Soon => format!("{} (!)", expiry::relative(at, now)),
        _ => expiry::relative(at, now),
    }
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
