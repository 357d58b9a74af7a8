//! `appcred scopes`: every project, domain and the system scope this user
//! may use, the current one marked. Rescope with `--os-project-name/-id`,
//! `--os-domain-name/-id` or `--os-system-scope all`.

use serde_json::{Value, json};

use crate::keystone::Scope;

use super::context::Ctx;
use super::error::CliResult;
use super::output::{print_json, print_table, table};

pub async fn run(ctx: &Ctx) -> CliResult<u8> {
    let s = &ctx.session;
    let (projects, domains, system) =
        tokio::try_join!(s.projects(), s.domains(), s.system_scope_available())?;
    let current = s.token_info().scope;
    let mut items: Vec<Value> = Vec::new();
    for p in &projects {
        let here = matches!(&current, Scope::Project { id, .. } if *id == p.id);
        items.push(json!({"type": "project", "id": p.id, "name": p.name, "domain_id": p.domain_id, "enabled": p.enabled, "current": here}));
    }
    for d in &domains {
        let here = matches!(&current, Scope::Domain { id, .. } if *id == d.id);
        items.push(json!({"type": "domain", "id": d.id, "name": d.name, "domain_id": null, "enabled": d.enabled, "current": here}));
    }
    if system {
        let here = current == Scope::System;
        items.push(json!({"type": "system", "id": "all", "name": "all", "domain_id": null, "enabled": true, "current": here}));
    }
    if ctx.json() {
        print_json(&items)?;
        return Ok(0);
    }
    let mut t = table(&["", "Type", "Name", "ID", "Domain"]);
    for i in &items {
        let text = |k: &str| i[k].as_str().unwrap_or("").to_string();
        let marker = if i["current"].as_bool() == Some(true) {
            "*"
        } else {
            ""
        };
        t.add_row(vec![
            marker.into(),
            text("type"),
            text("name"),
            text("id"),
            text("domain_id"),
        ]);
    }
    print_table(&t)?;
    Ok(0)
}
