//! `appcred prune --expired`: deletes the user's expired credentials after
//! one confirmation listing them and the places appcred recorded putting
//! them (`--yes` without a terminal). An expired
//! credential stays listed forever in Keystone; this is the cleanup.
//! `--ephemeral` picks the leftovers of `exec --ephemeral` instead (or as
//! well): which ones is `ephemeral::prune`'s rule.

use chrono::Utc;
use serde_json::json;

use super::args::PruneArgs;
use super::context::Ctx;
use super::delete::still_held;
use super::error::{CliError, CliResult};
use super::list::{expires_text, role_names};
use super::output::{note, print_json, print_table, table};
use super::prompt::confirm;

pub async fn run(ctx: &Ctx, args: &PruneArgs) -> CliResult<u8> {
    let user_id = ctx.session.user_id();
    let now = Utc::now();
    let mut expired = ctx.session.list_credentials(&user_id).await?;
    let what = super::ephemeral::prune::keep_doomed(&mut expired, args, now);
    if expired.is_empty() {
        if ctx.json() {
            print_json(&json!([]))?;
        } else {
            note(&format!("No {what} application credentials."));
        }
        return Ok(0);
    }
    let list: Vec<String> = expired
        .iter()
        .map(|c| {
            format!(
                "  {} ({}) {} roles: {}",
                c.name,
                c.id,
                expires_text(c.expires_at, now),
                role_names(c)
            )
        })
        .collect();
    let held = still_held(&ctx.env, expired.iter());
    if !confirm(
        &format!(
            "Delete {} {what} application credential(s)?\n{}{held}",
            expired.len(),
            list.join("\n")
        ),
        args.yes,
    )? {
        return Err(CliError::new("nothing deleted"));
    }
    if args.yes && !held.is_empty() {
        note(held.trim_start());
    }
    let mut results = Vec::new();
    let mut deleted = Vec::new();
    for c in &expired {
        let error = ctx
            .session
            .delete_credential(&user_id, &c.id)
            .await
            .err()
            .map(|e| e.to_string());
        if error.is_none() {
            deleted.push(c.id.clone());
        }
        results.push(json!({"id": c.id, "name": c.name, "expires_at": c.expires_at.map(|t| crate::keystone::keystone_time::format(&t)), "deleted": error.is_none(), "error": error}));
    }
    for n in crate::held::forget(&ctx.env, &deleted) {
        note(&n);
    }
    let failed = results.iter().filter(|r| r["deleted"] != true).count();
    if ctx.json() {
        print_json(&results)?;
    } else {
        let mut t = table(&["Name", "ID", "Result"]);
        for r in &results {
            let outcome = r["error"]
                .as_str()
                .map_or("deleted".to_string(), |e| format!("FAILED: {e}"));
            t.add_row(vec![
                r["name"].as_str().unwrap_or("").to_string(),
                r["id"].as_str().unwrap_or("").to_string(),
                outcome,
            ]);
        }
        print_table(&t)?;
    }
    Ok(if failed > 0 { 1 } else { 0 })
}
