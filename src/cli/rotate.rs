//! `appcred rotate NAME|ID`: the chore every runbook ends with, done in one
//! guided step. Clone the old credential (roles still held, access rules,
//! unrestricted flag, description) under a new name and expiry, hand out the
//! secret like `create`, update clouds.yaml entries that use the old id,
//! prove the new one authenticates, and only then retire the old one.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::json;

use crate::config;
use crate::expiry;
use crate::export;
use crate::keystone::{
    self, AccessRule, ApplicationCredential, NewApplicationCredential, ScopeRequest, Session,
};

use super::args::RotateArgs;
use super::context::Ctx;
use super::error::{CliError, CliResult};
use super::output::{note, print_json};
use super::prompt::confirm;
use super::show;
use super::write_export::{Target, data, emit, format_from_path};

pub async fn run(ctx: &Ctx, args: &RotateArgs) -> CliResult<u8> {
    let now = Utc::now();
    let target = export_target(args)?;
    if let Some(t) = &target {
        t.check()?;
    }
    let old = ctx
        .session
        .find_credential(&ctx.session.user_id(), &args.credential)
        .await?;
    let session = session_on_project(ctx, &old).await?;

    // Roles: those of the old credential the user still holds here.
    let held = session.held_roles().await?;
    let (kept, dropped): (Vec<_>, Vec<_>) = old
        .roles
        .iter()
        .partition(|r| held.iter().any(|h| h.id == r.id));
    if kept.is_empty() {
        return Err(CliError::new(format!(
            "you no longer hold any of {}'s roles on its project; nothing was created",
            old.name
        ))
        .with_hint("ask for the roles back, or create a new credential with the roles you hold"));
    }
    if !dropped.is_empty() {
        let names: Vec<&str> = dropped.iter().map(|r| r.name.as_str()).collect();
        let question = format!(
            "You no longer hold {} on this project; the new credential will not have them. Go on?",
            names.join(", ")
        );
        if !confirm(&question, args.yes)? {
            return Err(CliError::new("nothing was created"));
        }
    }

    let existing: Vec<String> = session
        .list_credentials(&session.user_id())
        .await?
        .into_iter()
        .map(|c| c.name)
        .collect();
    let name = match &args.name {
        Some(n) => n.clone(),
        None => free_name(&base_name(&old.name), now, &existing),
    };
    crate::input::validate_name(&name)?;
    let expires_at = match &args.expires {
        Some(w) => Some(expiry::parse_expiry(w, now)?),
        None => same_lifetime(&old, now)?,
    };
    let new = NewApplicationCredential {
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
    };
    let created = session.create_credential(&new).await?;
    let cred = &created.credential;
    note(&format!(
        "Created {} ({}) to replace {} ({}).",
        cred.name, cred.id, old.name, old.id
    ));

    let to_file = target.as_ref().is_some_and(|t| t.output.is_some());
    if let Some(t) = &target {
        let d = data(
            &ctx.cloud,
            args.export.cloud_name.as_deref(),
            cred,
            &created.secret,
        );
        if let Some(path) = emit(t, &d)? {
            note(&format!("Wrote {} (mode 0600).", path.display()));
        }
    }
    let updated = update_clouds_entries(ctx, args, &old, &created).await?;

    let report =
        keystone::verify_application_credential(&ctx.cloud, &cred.id, &created.secret).await?;
    let mut old_deleted = false;
    if report.works {
        note(&format!("Verified: {} authenticates.", cred.name));
        if args.delete_old {
            session
                .delete_credential(&session.user_id(), &old.id)
                .await?;
            old_deleted = true;
            note(&format!(
                "Deleted the old credential {} ({}).",
                old.name, old.id
            ));
        } else {
            note(&format!(
                "The old credential {} ({}) is kept: move its consumers, then `appcred delete {}` (or rotate with --delete-old).",
                old.name, old.id, old.id
            ));
        }
    } else {
        note(&format!(
            "The new credential does NOT authenticate ({}); the old one is kept.",
            report.reason.clone().unwrap_or_default()
        ));
    }

    if ctx.json() {
        let mut new_json = serde_json::to_value(cred).map_err(|e| CliError::new(e.to_string()))?;
        if !to_file {
            new_json["secret"] = json!(created.secret.expose());
        }
        print_json(&json!({
            "old": old,
            "new": new_json,
            "dropped_roles": dropped,
            "verified": report.works,
            "verify_error": report.reason,
            "old_deleted": old_deleted,
            "updated_clouds_entries": updated,
        }))?;
    } else if target.is_none() || to_file {
        let mut rows = show::rows(cred);
        if !to_file {
            rows.push(("secret", created.secret.expose().to_string()));
        }
        super::output::print_table(&super::output::fields(&rows))?;
    }
    Ok(if report.works { 0 } else { 1 })
}

/// Creating needs a token on the credential's own project.
async fn session_on_project(ctx: &Ctx, old: &ApplicationCredential) -> CliResult<Session> {
    let here = match ctx.session.token_info().scope {
        keystone::Scope::Project { id, .. } => Some(id),
        _ => None,
    };
    match &old.project_id {
        Some(p) if here.as_deref() != Some(p.as_str()) => Ok(ctx
            .session
            .rescope(&ScopeRequest::ProjectId(p.clone()))
            .await?),
        _ => Ok(ctx.session.clone()),
    }
}

/// `ci-20261125` -> `ci`: a name we suffixed before is not suffixed twice.
fn base_name(name: &str) -> String {
    match name.rsplit_once('-') {
        Some((base, tail)) if !base.is_empty() && date_suffix(tail).is_some() => base.to_string(),
        _ => name.to_string(),
    }
}

fn date_suffix(tail: &str) -> Option<NaiveDate> {
    (tail.len() == 8)
        .then(|| NaiveDate::parse_from_str(tail, "%Y%m%d").ok())
        .flatten()
}

/// `NAME-YYYYMMDD`, or `NAME-YYYYMMDD-2`, ... when that is taken.
fn free_name(base: &str, now: DateTime<Utc>, existing: &[String]) -> String {
    let stem = format!("{base}-{}", now.format("%Y%m%d"));
    let stem: String = stem.chars().take(250).collect();
    (1..)
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

/// Keystone does not record when a credential was made, so "the same
/// lifetime" is known exactly only when the name carries our date suffix.
/// Otherwise the remaining time is rounded up to a usual lifetime; an expired
/// credential without a suffix needs `--expires`.
fn same_lifetime(
    old: &ApplicationCredential,
    now: DateTime<Utc>,
) -> CliResult<Option<DateTime<Utc>>> {
    let Some(expires) = old.expires_at else {
        note(
            "The old credential never expires, so neither will the new one; consider --expires 1y as a backstop.",
        );
        return Ok(None);
    };
    let made = old
        .name
        .rsplit_once('-')
        .and_then(|(_, tail)| date_suffix(tail))
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|n| n.and_utc());
    if let Some(made) = made.filter(|m| *m < expires) {
        return Ok(Some(now + (expires - made)));
    }
    if expires <= now {
        return Err(CliError::usage(format!(
            "{} has expired and its lifetime is unknown: pass --expires (e.g. 90d)",
            old.name
        )));
    }
    let remaining = expires - now;
    let usual = [1, 7, 30, 90, 180, 365, 730]
        .into_iter()
        .map(Duration::days)
        .find(|d| *d >= remaining)
        .unwrap_or(remaining);
    Ok(Some(now + usual))
}

fn export_target(args: &RotateArgs) -> CliResult<Option<Target>> {
    let e = &args.export;
    let format = match (e.export, &e.output) {
        (Some(f), _) => f,
        (None, None) => return Ok(None),
        (None, Some(p)) => format_from_path(p).ok_or_else(|| {
            CliError::usage(format!(
                "cannot tell the format of {}: add --export",
                p.display()
            ))
        })?,
    };
    Ok(Some(Target {
        format,
        output: e.output.clone(),
        force: e.force,
        merge: e.merge,
    }))
}

/// Offers to point clouds.yaml entries that use the old id at the new one.
async fn update_clouds_entries(
    ctx: &Ctx,
    args: &RotateArgs,
    old: &ApplicationCredential,
    created: &keystone::CreatedCredential,
) -> CliResult<Vec<String>> {
    let Some(clouds) = config::loaded_clouds_file(&ctx.env) else {
        return Ok(Vec::new());
    };
    let secure = config::secure_file_candidates(&ctx.env)
        .into_iter()
        .find(|p| p.is_file());
    let entries = export::find_entries_using(&clouds, secure.as_deref(), &old.id)?;
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    let names: Vec<String> = entries.iter().map(|e| e.cloud_name.clone()).collect();
    let question = format!(
        "{} uses the old credential in cloud(s) {}. Update them in place (a backup is kept)?",
        clouds.display(),
        names.join(", ")
    );
    let agreed = args.update_clouds
        || args.yes
        || (super::prompt::interactive() && confirm(&question, false)?);
    if !agreed {
        note(&format!(
            "Not updating {} (cloud(s) {}); pass --update-clouds to do it.",
            clouds.display(),
            names.join(", ")
        ));
        return Ok(Vec::new());
    }
    export::update_entries_in_place(&entries, &created.credential.id, &created.secret)?;
    note(&format!(
        "Updated cloud(s) {} in {}.",
        names.join(", "),
        clouds.display()
    ));
    Ok(names)
}
