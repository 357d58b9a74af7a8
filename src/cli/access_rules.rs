//! `appcred access-rules list|show|delete`: the user's access rules. Keystone
//! creates them with credentials and keeps them after the credential is
//! gone, so cleaning up is a separate step.

use super::args::AccessRulesCommand;
use super::context::Ctx;
use super::error::{CliError, CliResult};
use super::output::{note, print_records};
use super::prompt::confirm;
use super::records::{Cell, Column, Fit, Records};

pub async fn run(ctx: &Ctx, cmd: &AccessRulesCommand) -> CliResult<u8> {
    let user = ctx.session.user_id();
    match cmd {
        AccessRulesCommand::List => {
            let rules = ctx.session.list_access_rules(&user).await?;
            let json = serde_json::to_value(&rules).map_err(|e| CliError::new(e.to_string()))?;
            let mut records = Records::list(vec![
                Column::new("ID"),
                Column::new("Service"),
                Column::new("Method"),
                Column::new("Path").fit(Fit::Shrink(12)),
            ]);
            for r in &rules {
                records.push(vec![
                    Cell::opt(r.id.clone()),
                    Cell::text(r.service.clone()),
                    Cell::text(r.method.clone()),
                    Cell::text(r.path.clone()),
                ]);
            }
            print_records(&ctx.global, records, Some(&json))?;
            Ok(0)
        }
        AccessRulesCommand::Show { id } => {
            let r = ctx.session.get_access_rule(&user, id).await?;
            let json = serde_json::to_value(&r).map_err(|e| CliError::new(e.to_string()))?;
            let record = Records::one(vec![
                ("id", Cell::opt(r.id.clone())),
                ("service", Cell::text(r.service.clone())),
                ("method", Cell::text(r.method.clone())),
                ("path", Cell::text(r.path.clone())),
            ]);
            print_records(&ctx.global, record, Some(&json))?;
            Ok(0)
        }
        AccessRulesCommand::Delete { ids, yes } => {
            if !confirm(
                &format!("Delete {} access rule(s): {}?", ids.len(), ids.join(", ")),
                *yes,
            )? {
                return Err(CliError::new("nothing deleted"));
            }
            let mut failed = 0;
            for id in ids {
                match ctx.session.delete_access_rule(&user, id).await {
                    Ok(()) => note(&format!("deleted access rule {id}")),
                    Err(e) => {
                        failed += 1;
                        let hint = e.hint().map(|h| format!(" ({h})")).unwrap_or_default();
                        note(&format!("failed to delete access rule {id}: {e}{hint}"));
                    }
                }
            }
            Ok(if failed > 0 { 1 } else { 0 })
        }
    }
}
