//! `appcred access-rules list|show|delete`: the user's access rules. Keystone
//! creates them with credentials and keeps them after the credential is
//! gone, so cleaning up is a separate step.

use super::args::AccessRulesCommand;
use super::context::Ctx;
use super::error::{CliError, CliResult};
use super::output::{fields, note, print_json, print_table, table};
use super::prompt::confirm;

pub async fn run(ctx: &Ctx, cmd: &AccessRulesCommand) -> CliResult<u8> {
    let user = ctx.session.user_id();
    match cmd {
        AccessRulesCommand::List => {
            let rules = ctx.session.list_access_rules(&user).await?;
            if ctx.json() {
                print_json(&rules)?;
            } else {
                let mut t = table(&["ID", "Service", "Method", "Path"]);
                for r in &rules {
                    t.add_row(vec![
                        r.id.clone().unwrap_or_default(),
                        r.service.clone(),
                        r.method.clone(),
                        r.path.clone(),
                    ]);
                }
                print_table(&t)?;
            }
            Ok(0)
        }
        AccessRulesCommand::Show { id } => {
            let r = ctx.session.get_access_rule(&user, id).await?;
            if ctx.json() {
                print_json(&r)?;
            } else {
                print_table(&fields(&[
                    ("id", r.id.clone().unwrap_or_default()),
                    ("service", r.service.clone()),
                    ("method", r.method.clone()),
                    ("path", r.path.clone()),
                ]))?;
            }
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
