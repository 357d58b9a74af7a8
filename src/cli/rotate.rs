//! `appcred rotate NAME|ID`: the chore every runbook ends with, done in one
//! guided step. Clone the old credential (roles still held, access rules,
//! unrestricted flag, description) under a new name and expiry, prove the
//! new one authenticates, hand out its secret like `create`, point the
//! clouds.yaml entries that use the old id at it, rewrite the `--update`
//! files and every place appcred recorded putting the old one
//! (`crate::held`; the record then follows), prove each, and only then,
//! when asked, delete the old one.
//!
//! The secret exists only in this run, so once the new credential is made
//! nothing may stop it from being shown: later failures (a clouds.yaml that
//! cannot be written, a delete Keystone refuses) are reported, not raised.

mod clouds;
mod consumers;
mod stores_step;

use chrono::Utc;
use serde_json::json;

use crate::expiry;
use crate::held::RotationPlan;
use crate::keystone::{self, ApplicationCredential, ScopeRequest, Session};
use crate::rotation::{ExpiryRule, NeedExpires, free_name, same_lifetime, split_roles, successor};

use super::args::RotateArgs;
use super::context::Ctx;
use super::error::{CliError, CliResult};
use super::output::{fields, note, print_json, print_text};
use super::prompt::confirm;
use super::show;
use super::stores;
use super::write_export::emit;
use crate::export::export_data;
use crate::store::Overwrite;
use clouds::{CloudsOutcome, clouds_entries, update_clouds};
use consumers::{ConsumersOutcome, report_gone, update_consumers};
use stores_step::{StoresOutcome, update_recorded_stores};

pub async fn run(ctx: &Ctx, args: &RotateArgs) -> CliResult<u8> {
    let now = Utc::now();
    let target = stores::export_target(&args.export, &args.stores)?;
    if let Some(t) = &target {
        t.check()?;
    }
    // Every --update file must be one the caller may rewrite, known before
    // anything is created (a read-only file, another user's, a folder the
    // caller may not write).
    for path in &args.update {
        crate::export::check_rewritable(path).map_err(|e| {
            CliError::new(format!("{e}; nothing was created"))
                .with_hint("fix the file's permissions, or leave it out of --update")
        })?;
    }
    let old = ctx
        .session
        .find_credential(&ctx.session.user_id(), &args.credential)
        .await?;
    // Read clouds.yaml now: a file we could not update is better known
    // before anything is created.
    let entries = clouds_entries(ctx, &old)?;
    // The places appcred recorded putting the old credential (crate::held):
    // rewritten with the --update files, without being named.
    let mut plan = RotationPlan::new(&ctx.env, &old.id, &args.update);
    for n in &plan.notes {
        note(n);
    }
    // Recorded entries of that clouds.yaml that no longer use the old id.
    plan.entries_gone(&entries.files(), entries.found());
    let session = session_on_project(ctx, &old).await?;

    // Roles: those of the old credential the user still holds here.
    let held = session.held_roles().await?;
    let roles = split_roles(&old.roles, |id| held.iter().any(|h| h.id == id));
    if roles.nothing_kept() {
        return Err(CliError::new(format!(
            "you no longer hold any of {}'s roles on its project; nothing was created",
            old.name
        ))
        .with_hint("ask for the roles back, or create a new credential with the roles you hold"));
    }
    if !roles.dropped.is_empty() {
        let names: Vec<&str> = roles.dropped.iter().map(|r| r.name.as_str()).collect();
        let question = format!(
            "You no longer hold {} on this project, so the new credential cannot have {}. Drop {} and go on?",
            names.join(", "),
            if names.len() == 1 { "it" } else { "them" },
            if names.len() == 1 { "it" } else { "them" },
        );
        if !confirm(&question, args.yes)? {
            return Err(CliError::new("nothing was created"));
        }
    }

    let name = match &args.name {
        Some(n) => n.clone(),
        None => {
            let existing: Vec<String> = session
                .list_credentials(&session.user_id())
                .await?
                .into_iter()
                .map(|c| c.name)
                .collect();
            free_name(&old.name, now, &existing)
        }
    };
    crate::validation::validate_name(&name)?;
    let (expires_at, rule) = match &args.expires {
        Some(w) => (Some(expiry::parse_expiry(w, now)?), ExpiryRule::Given),
        None => same_lifetime(&old, now).map_err(|NeedExpires| {
            CliError::usage(format!(
                "{} has expired and Keystone does not record when it was made, so its lifetime is unknown: pass --expires (e.g. 90d)",
                old.name
            ))
        })?,
    };
    explain_expiry(&old, expires_at, rule, now);

    // The stores are asked before anything is created; an entry holding
    // the old credential is the one to replace.
    // The Secret Service item of the old credential is the one replaced.
    let stores: Vec<_> = stores::parse(&args.stores)?
        .into_iter()
        .map(|a| a.with_default_place(&ctx.cloud.name, &old.name))
        .collect();
    let allowed = Overwrite {
        ids: &[old.id.as_str()],
        force: args.export.force,
    };
    stores::check_all(&stores, &ctx.cloud, &name, allowed).await?;

    let new = successor(&old, name, expires_at, &roles.kept);
    let created = session.create_credential(&new).await?;
    let cred = &created.credential;
    note(&format!(
        "Created {} ({}) to replace {} ({}).",
        cred.name, cred.id, old.name, old.id
    ));

    // From here on the secret must reach the user whatever happens.
    let verify = keystone::verify_application_credential(&ctx.cloud, &cred.id, &created.secret)
        .await
        .map_err(|e| e.to_string());
    let (verified, verify_error) = match &verify {
        Ok(r) => (r.works, r.reason.clone()),
        Err(e) => (false, Some(format!("could not ask Keystone: {e}"))),
    };
    if verified {
        note(&format!("Verified: {} authenticates.", cred.name));
    } else {
        note(&format!(
            "The new credential does NOT authenticate ({}): clouds.yaml is left alone and the old credential is kept.",
            verify_error.clone().unwrap_or_default()
        ));
    }

    let (export_file, export_error) = match &target {
        Some(t) => {
            let d = export_data(
                &ctx.cloud,
                args.export.cloud_name.as_deref(),
                cred,
                &created.secret,
            );
            match emit(&ctx.env, t, &d) {
                Ok(p) => (p, None),
                Err(e) => (None, Some(e.message)),
            }
        }
        None => (None, None),
    };
    if let Some(p) = &export_file {
        note(&format!("Wrote {} (mode 0600).", p.display()));
    }
    // A credential that does not log in goes to no store (the old one stays).
    let kept = if verified {
        let d = export_data(&ctx.cloud, None, cred, &created.secret);
        stores::keep(&stores, &d, &ctx.cloud.name, allowed).await
    } else {
        stores::Kept::default()
    };
    let secret_shown_elsewhere = export_file.is_some()
        || (target.is_some() && export_error.is_none())
        || (verified && !stores.is_empty() && kept.all_good());

    let clouds = if verified {
        update_clouds(ctx, args, &entries, &created, &mut plan).await
    } else {
        CloudsOutcome::skipped(&entries)
    };

    let gone = report_gone(&plan);
    let mut files = if verified {
        let to_update = plan.files(&entries.files());
        update_consumers(ctx, &to_update, &old.id, &created, &mut plan).await
    } else {
        ConsumersOutcome {
            files: Vec::new(),
            all_good: args.update.is_empty(),
        }
    };
    files.files.extend(gone);
    let recorded_stores = if verified {
        let d = export_data(&ctx.cloud, None, cred, &created.secret);
        update_recorded_stores(ctx, &mut plan, &old.id, &d, &kept.written).await
    } else {
        StoresOutcome::default()
    };
    for n in plan.finish(&cred.id) {
        note(&n);
    }
    let mut kept_because = keep_reasons(verified, &clouds, &files);
    if !recorded_stores.failed.is_empty() {
        let why = recorded_stores.failed.join("; ");
        kept_because = Some(kept_because.map_or(why.clone(), |w| format!("{w}; {why}")));
    }
    if let Some((_, e)) = kept.failed.first() {
        let why = format!("a store was not updated: {}", e.message);
        kept_because = Some(kept_because.map_or(why.clone(), |w| format!("{w}; {why}")));
    }
    let (old_deleted, old_delete_error) =
        retire(&session, args, &old, kept_because.as_deref()).await;

    let mut new_json = serde_json::to_value(cred).map_err(|e| CliError::new(e.to_string()))?;
    if !secret_shown_elsewhere {
        new_json["secret"] = json!(created.secret.expose());
    }
    let mut report = json!({
        "old": old,
        "new": new_json,
        "dropped_roles": roles.dropped,
        "expiry_rule": rule.as_str(),
        "verified": verified,
        "verify_error": verify_error,
        "export_file": export_file,
        "export_error": export_error,
        "clouds": clouds.to_json(),
        "files": files.files,
        "old_deleted": old_deleted,
        "old_kept_because": kept_because,
        "old_delete_error": old_delete_error,
    });
    if !stores.is_empty() || !recorded_stores.stores.is_empty() {
        let mut all = kept.to_json();
        if let Some(list) = all.as_array_mut() {
            list.extend(recorded_stores.stores);
        }
        report["stores"] = all;
    }
    if ctx.json() {
        print_json(&report)?;
    } else if !(target.is_some() && export_file.is_none() && export_error.is_none()) {
        // (An export to stdout is the output; the table would spoil it.)
        let mut rows = show::rows(cred);
        if !secret_shown_elsewhere {
            rows.push(("secret", created.secret.expose().to_string()));
        }
        print_text(&fields(&ctx.global, &rows))?;
        if !secret_shown_elsewhere {
            note("Save the secret now: Keystone keeps only a hash and will never show it again.");
        }
    }
    if let Some(e) = &export_error {
        note(&format!("Could not write the export: {e}"));
    }
    if let Some(e) = kept.error(&cred.name, "is shown above") {
        note(&format!("{e}"));
    }
    let all_done = verified
        && export_error.is_none()
        && clouds.error.is_none()
        && clouds.verified != Some(false)
        && files.all_good
        && recorded_stores.failed.is_empty()
        && kept.all_good()
        && old_delete_error.is_none();
    Ok(if all_done { 0 } else { 1 })
}

/// Says how the new expiry was chosen, loudly when it is a guess.
fn explain_expiry(
    old: &ApplicationCredential,
    at: Option<chrono::DateTime<Utc>>,
    rule: ExpiryRule,
    now: chrono::DateTime<Utc>,
) {
    let when = at.map_or("never".to_string(), |t| {
        format!(
            "{} ({})",
            expiry::utc_text(t),
            expiry::relative(Some(t), now)
        )
    });
    match rule {
        ExpiryRule::Given => note(&format!("The new credential expires {when}.")),
        ExpiryRule::Never => note(
            "The old credential never expires, so neither will the new one; consider --expires 1y as a backstop.",
        ),
        ExpiryRule::SameLifetime => note(&format!(
            "Same lifetime as {} (made on the day its name says): the new one expires {when}.",
            old.name
        )),
        ExpiryRule::Guessed => note(&format!(
            "Keystone does not record when {} was made; the time it had left ({}) rounded up to a usual lifetime gives {when}. Pass --expires to choose.",
            old.name,
            expiry::relative(old.expires_at, now).trim_start_matches("in ")
        )),
    }
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

/// Why the old credential must stay, if it must: each step that did not
/// prove the new one, by name (a failed `--update` file is not the new
/// credential failing, and the report must not say it is).
fn keep_reasons(
    verified: bool,
    clouds: &CloudsOutcome,
    files: &ConsumersOutcome,
) -> Option<String> {
    let mut why: Vec<String> = Vec::new();
    if !verified {
        why.push("the new one does not authenticate".into());
    }
    if let Some(e) = &clouds.error {
        why.push(format!("clouds.yaml was not updated: {e}"));
    }
    if clouds.verified == Some(false) {
        why.push("the updated clouds.yaml entry does not log in".into());
    }
    for f in &files.files {
        let path = f["path"].as_str().unwrap_or_default();
        match f["status"].as_str() {
            Some("failed") => why.push(format!(
                "{path} was not updated ({})",
                f["reason"].as_str().unwrap_or("unknown reason")
            )),
            Some("updated") if f["login"] != true => {
                why.push(format!("{path} was updated but does not log in"));
            }
            _ => {}
        }
    }
    (!why.is_empty()).then(|| why.join("; "))
}

/// Deletes the old credential when asked and nothing speaks against it
/// (`kept_because`); says what happened.
async fn retire(
    session: &Session,
    args: &RotateArgs,
    old: &ApplicationCredential,
    kept_because: Option<&str>,
) -> (bool, Option<String>) {
    let keep = |why: &str| {
        note(&format!(
            "The old credential {} ({}) is kept{why}: move its consumers, then `appcred delete {}`.",
            old.name, old.id, old.id
        ));
    };
    if !args.delete_old {
        keep("");
        return (false, None);
    }
    if let Some(why) = kept_because {
        keep(&format!(" (not deleted: {why})"));
        return (false, None);
    }
    match session.delete_credential(&session.user_id(), &old.id).await {
        Ok(()) => {
            note(&format!(
                "Deleted the old credential {} ({}).",
                old.name, old.id
            ));
            (true, None)
        }
        Err(e) => {
            keep(&format!(" (Keystone refused to delete it: {e})"));
            (false, Some(e.to_string()))
        }
    }
}
