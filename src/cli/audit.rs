//! `appcred audit --domain|--project`: every user's credentials in a domain
//! or project, fetched concurrently with a bound, with the problems that make
//! a credential die silently flagged: a disabled owner, expiry, a role the
//! owner no longer holds. Needs a token allowed to list users (admin).

use std::collections::HashMap;
use std::io::IsTerminal;

use chrono::{Duration, Utc};
use futures::stream::{self, StreamExt};
use serde_json::{Value, json};

use crate::keystone::{ApplicationCredential, KeystoneError, RoleRef, Session, User};

use super::args::AuditArgs;
use super::context::Ctx;
use super::error::{CliError, CliResult};
use super::list::{expires_text, role_names};
use super::output::{note, print_json, print_table, table};

pub async fn run(ctx: &Ctx, args: &AuditArgs) -> CliResult<u8> {
    let s = &ctx.session;
    let (users, project_id) = users_in_scope(s, args).await.map_err(permission_hint)?;
    let total = users.len();
    let progress = std::io::stderr().is_terminal();
    let concurrency = args.concurrency.clamp(1, 64);

    let mut done = 0usize;
    let mut per_user = stream::iter(users.into_iter().map(|u| async move {
        let creds = s.list_credentials(&u.id).await;
        (u, creds)
    }))
    .buffer_unordered(concurrency);
    let mut found: Vec<(User, ApplicationCredential)> = Vec::new();
    while let Some((user, creds)) = per_user.next().await {
        done += 1;
        if progress {
            eprint!("\raudited {done}/{total} users");
        }
        found.extend(
            creds
                .map_err(permission_hint)?
                .into_iter()
                // A project audit is about that project's credentials.
                .filter(|c| project_id.is_none() || c.project_id == project_id)
                .map(|c| (user.clone(), c)),
        );
    }
    if progress && total > 0 {
        eprintln!();
    }

    // The owner's current effective roles per (user, project), fetched once each.
    let pairs: Vec<(String, String)> = {
        let mut p: Vec<(String, String)> = found
            .iter()
            .filter_map(|(u, c)| c.project_id.clone().map(|pid| (u.id.clone(), pid)))
            .collect();
        p.sort();
        p.dedup();
        p
    };
    let held: HashMap<(String, String), Vec<RoleRef>> =
        stream::iter(pairs.into_iter().map(|(uid, pid)| async move {
            let roles = s.effective_roles(&uid, &pid).await;
            ((uid, pid), roles)
        }))
        .buffer_unordered(concurrency)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .map(|(k, r)| r.map(|r| (k, r)))
        .collect::<Result<_, KeystoneError>>()
        .map_err(permission_hint)?;

    let now = Utc::now();
    let window = Duration::days(i64::from(args.expiring_days));
    let mut rows: Vec<Value> = found
        .iter()
        .map(|(u, c)| {
            let owner_roles = c.project_id.as_ref().and_then(|p| held.get(&(u.id.clone(), p.clone())));
            let dropped: Vec<&RoleRef> = owner_roles.map(|h| c.roles.iter().filter(|r| !h.iter().any(|x| x.id == r.id)).collect()).unwrap_or_default();
            let mut flags = Vec::new();
            if !u.enabled {
                flags.push("owner_disabled");
            }
            match c.expires_at {
                None => flags.push("never_expires"),
                Some(t) if t <= now => flags.push("expired"),
                Some(t) if t - now <= window => flags.push("expiring"),
                Some(_) => {}
            }
            if c.is_unrestricted() {
                flags.push("unrestricted");
            }
            if !dropped.is_empty() {
                flags.push("dropped_role");
            }
            json!({
                "user_id": u.id, "user_name": u.name, "user_enabled": u.enabled,
                "id": c.id, "name": c.name, "project_id": c.project_id,
                "roles": c.roles, "expires_at": c.expires_at.map(|t| crate::keystone::keystone_time::format(&t)),
                "unrestricted": c.is_unrestricted(), "dropped_roles": dropped, "flags": flags,
                "expires_text": expires_text(c.expires_at, now), "role_names": role_names(c),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (a["user_name"].as_str(), a["name"].as_str())
            .cmp(&(b["user_name"].as_str(), b["name"].as_str()))
    });

    if ctx.json() {
        let clean: Vec<Value> = rows
            .into_iter()
            .map(|mut r| {
                if let Some(o) = r.as_object_mut() {
                    o.remove("expires_text");
                    o.remove("role_names");
                }
                r
            })
            .collect();
        print_json(&clean)?;
        return Ok(0);
    }
    let mut t = table(&["User", "Credential", "ID", "Roles", "Expires", "Flags"]);
    for r in &rows {
        let text = |k: &str| r[k].as_str().unwrap_or("").to_string();
        let flags: Vec<&str> = r["flags"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        t.add_row(vec![
            text("user_name"),
            text("name"),
            text("id").chars().take(8).collect(),
            text("role_names"),
            text("expires_text"),
            flags.join(", "),
        ]);
    }
    print_table(&t)?;
    note(&format!(
        "{} credentials of {total} users; {} flagged.",
        rows.len(),
        rows.iter()
            .filter(|r| r["flags"].as_array().is_some_and(|f| !f.is_empty()))
            .count()
    ));
    Ok(0)
}

/// The users to audit, and the project when the audit is of one project.
async fn users_in_scope(
    s: &Session,
    args: &AuditArgs,
) -> Result<(Vec<User>, Option<String>), KeystoneError> {
    if let Some(d) = &args.domain {
        let domain = s.find_domain(d).await?;
        return Ok((s.list_users(Some(&domain.id)).await?, None));
    }
    let Some(p) = &args.project else {
        return Ok((Vec::new(), None));
    };
    let project = s.find_project(p).await?;
    let members = s.project_users(&project.id).await?;
    // Assignments name users but not whether they are enabled: read each.
    let users: Vec<Result<Option<User>, KeystoneError>> =
        stream::iter(members.into_iter().map(|m| async move {
            match s.find_user(&m.id).await {
                Ok(u) => Ok(Some(u)),
                // Deleted since the assignments were read: nothing to audit.
                Err(KeystoneError::NotFound { .. }) => Ok(None),
                Err(e) => Err(e),
            }
        }))
        .buffer_unordered(args.concurrency.clamp(1, 64))
        .collect()
        .await;
    let mut found = Vec::new();
    for u in users {
        found.extend(u?);
    }
    found.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    Ok((found, Some(project.id)))
}

fn permission_hint(e: KeystoneError) -> CliError {
    let forbidden = e.status() == Some(403);
    let err = CliError::from(e);
    if forbidden {
        return err.with_hint("audit needs a token allowed to list users and their credentials (e.g. admin on the project, or a system reader: --os-system-scope all)");
    }
    err
}
