//! `appcred audit --domain|--project`: every user's credentials in a domain
//! or project, fetched concurrently with a bound, with the problems that make
//! a credential die silently flagged: a disabled owner, an owner deleted from
//! the directory, expiry, a role the owner no longer holds. Needs a token allowed to list users (admin). The
//! fetching and the flags are `crate::audit`, shared with the TUI's `A`.

use std::io::IsTerminal;

use chrono::{Duration, Utc};
use serde_json::{Value, json};

use crate::audit::{self, Progress, Row, Target};
use crate::keystone::KeystoneError;

use super::args::AuditArgs;
use super::args::Format;
use super::context::Ctx;
use super::error::{CliError, CliResult};
use super::list::{expires_text, role_names};
use super::output::{note, print_records};
use super::records::{Cell, Column, Fit, Records};

pub async fn run(ctx: &Ctx, args: &AuditArgs) -> CliResult<u8> {
    let target = match (&args.domain, &args.project) {
        (Some(d), _) => Target::Domain(d.clone()),
        (None, Some(p)) => Target::Project(p.clone()),
        (None, None) => return Err(CliError::usage("give --domain or --project")),
    };
    let show_progress = std::io::stderr().is_terminal();
    let mut total = 0;
    let found = audit::collect(
        &ctx.session,
        &target,
        args.concurrency,
        |Progress { done, total: all }| {
            total = all;
            if show_progress && all > 0 {
                eprint!("\raudited {done}/{all} users");
            }
        },
    )
    .await;
    if show_progress && total > 0 {
        eprintln!();
    }
    let found = found.map_err(permission_hint)?;

    let now = Utc::now();
    // One window everywhere: the flag, else config.toml's expiry_warning_days.
    let window = match args.expiring_days {
        Some(days) => Duration::days(i64::from(days)),
        None => crate::settings::load_shared(&ctx.env)
            .map_err(|e| super::error::CliError::new(e.to_string()))?
            .expiry_warning(),
    };
    let rows = audit::rows(&found, now, window);

    let json = Value::Array(rows.iter().map(to_json).collect());
    let mut records = Records::list(vec![
        Column::new("User").fit(Fit::Shrink(8)),
        Column::new("User ID").fit(Fit::Drop(1)),
        Column::new("Credential").fit(Fit::Shrink(10)),
        Column::new("ID"),
        Column::new("Roles").fit(Fit::Shrink(8)),
        Column::new("Expires At")
            .narrow("Expires")
            .fit(Fit::Shrink(9)),
        Column::new("Flags").fit(Fit::Shrink(10)),
    ]);
    for r in &rows {
        let c = &r.credential;
        let flags: Vec<&str> = r.flags.iter().map(|f| f.as_str()).collect();
        records.push(vec![
            Cell::name(r.owner_label()),
            Cell::text(r.user.id.clone()),
            Cell::name(c.name.clone()),
            Cell::text(c.id.clone()).shown(c.id.chars().take(8).collect::<String>()),
            Cell::text(role_names(c)),
            Cell::opt(
                c.expires_at
                    .map(|t| crate::keystone::keystone_time::format(&t)),
            )
            .shown(expires_text(c.expires_at, now))
            .shown_narrow(crate::expiry::relative(c.expires_at, now)),
            Cell::text(flags.join(", ")),
        ]);
    }
    print_records(&ctx.global, records, Some(&json))?;
    if !matches!(ctx.global.format, None | Some(Format::Table)) {
        return Ok(0);
    }
    note(&format!(
        "{} credentials of {} users; {} flagged.",
        rows.len(),
        found.users,
        rows.iter().filter(|r| !r.flags.is_empty()).count()
    ));
    let gone = rows.iter().filter(|r| r.owner_deleted()).count();
    if gone > 0 {
        note(&format!(
            "{gone} of them owned by users Keystone no longer finds (owner_deleted): they no \
             longer work; `appcred delete --user USER_ID NAME` removes one."
        ));
    }
    let ephemeral = rows
        .iter()
        .filter(|r| crate::ephemeral::is_ephemeral(&r.credential))
        .count();
    if ephemeral > 0 {
        note(&format!(
            "{ephemeral} of them ephemeral (one job's, from `exec --ephemeral`; never flagged \
             expiring; `appcred prune --ephemeral` removes leftovers)."
        ));
    }
    // A flag whose name does not say what to do is explained once.
    let mut seen: Vec<audit::Flag> = rows.iter().flat_map(|r| r.flags.clone()).collect();
    seen.sort();
    seen.dedup();
    for f in seen {
        if let Some(text) = f.note() {
            note(&text);
        }
    }
    Ok(0)
}

fn to_json(r: &Row) -> Value {
    let (u, c) = (&r.user, &r.credential);
    let flags: Vec<&str> = r.flags.iter().map(|f| f.as_str()).collect();
    // An owner who no longer resolves has no name and no enabled state.
    let (name, enabled) = if r.owner_deleted() {
        (Value::Null, Value::Null)
    } else {
        (json!(u.name), json!(u.enabled))
    };
    json!({
        "user_id": u.id, "user_name": name, "user_enabled": enabled,
        "id": c.id, "name": c.name, "project_id": c.project_id,
        "roles": c.roles,
        "expires_at": c.expires_at.map(|t| crate::keystone::keystone_time::format(&t)),
        "unrestricted": c.is_unrestricted(), "dropped_roles": r.dropped, "flags": flags,
        "ephemeral": crate::ephemeral::is_ephemeral(c),
        "reasons": r.flags.iter().filter_map(|f| f.explain()).collect::<Vec<_>>(),
    })
}

fn permission_hint(e: KeystoneError) -> CliError {
    let forbidden = e.status() == Some(403);
    let err = CliError::from(e);
    if forbidden {
        return err.with_hint(audit::PERMISSION_HINT);
    }
    err
}
