//! `appcred delete NAME|ID...`: asks once on a terminal (naming each
//! credential and its roles, and the places appcred recorded putting it,
//! whose consumers would break), needs `--yes` without one, reports each
//! item, exits 1 if any failed. A deleted credential's places are dropped
//! from the record.

use serde_json::json;

use crate::config::Environment;
use crate::held;
use crate::keystone::ApplicationCredential;

use super::args::DeleteArgs;
use super::context::Ctx;
use super::error::{CliError, CliResult};
use super::list::role_names;
use super::output::{note, print_json, print_table, table};
use super::prompt::confirm;

pub async fn run(ctx: &Ctx, args: &DeleteArgs) -> CliResult<u8> {
    let user_id = ctx
        .target_user(args.user.as_deref(), args.user_domain.as_deref())
        .await?;
    let mut results = Vec::new();
    let mut found = Vec::new();
    for wanted in &args.credentials {
        match ctx.session.find_credential(&user_id, wanted).await {
            Ok(c) => found.push((wanted.clone(), c)),
            Err(e) => results.push(json!({"credential": wanted, "id": null, "name": null, "deleted": false, "error": e.to_string()})),
        }
    }
    if !found.is_empty() {
        let list: Vec<String> = found
            .iter()
            .map(|(_, c)| format!("  {} ({}) roles: {}", c.name, c.id, role_names(c)))
            .collect();
        let held = still_held(&ctx.env, found.iter().map(|(_, c)| c));
        let question = format!(
            "Delete {} application credential(s)?\n{}\nAnything using them stops working.{held}",
            found.len(),
            list.join("\n")
        );
        if !confirm(&question, args.yes)? {
            return Err(CliError::new("nothing deleted"));
        }
        if args.yes && !held.is_empty() {
            note(held.trim_start());
        }
    }
    let mut deleted = Vec::new();
    for (wanted, c) in &found {
        let outcome = ctx.session.delete_credential(&user_id, &c.id).await;
        let error = outcome.err().map(|e| e.to_string());
        if error.is_none() {
            deleted.push(c.id.clone());
        }
        results.push(json!({"credential": wanted, "id": c.id, "name": c.name, "deleted": error.is_none(), "error": error}));
    }
    for n in held::forget(&ctx.env, &deleted) {
        note(&n);
    }
    let failed = results.iter().filter(|r| r["deleted"] != true).count();
    if ctx.json() {
        print_json(&results)?;
    } else {
        let mut t = table(&["Credential", "ID", "Result"]);
        for r in &results {
            let outcome = match r["error"].as_str() {
                None => "deleted".to_string(),
                Some(e) => format!("FAILED: {e}"),
            };
            t.add_row(vec![
                r["credential"].as_str().unwrap_or("").to_string(),
                r["id"].as_str().unwrap_or("-").to_string(),
                outcome,
            ]);
        }
        print_table(&t)?;
    }
    if failed > 0 {
        note(&format!("{failed} of {} failed", results.len()));
        return Ok(1);
    }
    Ok(0)
}

/// The warning for credentials about to go that appcred recorded putting
/// somewhere (a line per place; the files still there), or "" when none.
/// Shared with `prune`.
pub fn still_held<'a>(
    env: &Environment,
    going: impl Iterator<Item = &'a ApplicationCredential>,
) -> String {
    let (ledger, notes) = held::load_all(env);
    for n in &notes {
        note(n);
    }
    let mut lines = Vec::new();
    for c in going {
        for p in ledger.places(&c.id).iter().filter(|p| !p.is_gone()) {
            lines.push(format!(
                "  {}: {} {}",
                c.name,
                p.kind.as_str(),
                p.describe()
            ));
        }
    }
    if lines.is_empty() {
        return String::new();
    }
    format!(
        "\nStill held (appcred put it there; what reads these breaks):\n{}",
        lines.join("\n")
    )
}
