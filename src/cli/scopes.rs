//! `appcred scopes`: every project, domain and the system scope this user
//! may use, the current one marked. Rescope with `--os-project-name/-id`,
//! `--os-domain-name/-id` or `--os-system-scope all`.

use serde_json::{Value, json};

use crate::keystone::Scope;

use super::context::Ctx;
use super::error::CliResult;
use super::output::print_records;
use super::records::{Cell, Column, Fit, Records, Value as RecordValue};

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
    let json = Value::Array(items.clone());
    let mut records = Records::list(vec![
        Column::new("Current"),
        Column::new("Type"),
        Column::new("Name").fit(Fit::Shrink(10)),
        Column::new("ID"),
        Column::new("Domain ID").fit(Fit::Drop(1)),
    ]);
    for i in &items {
        let text = |k: &str| Cell::opt(i[k].as_str().map(str::to_string));
        let here = i["current"].as_bool() == Some(true);
        records.push(vec![
            Cell::from_value(RecordValue::Bool(here)).shown(if here { "*" } else { "" }),
            text("type"),
            text("name"),
            text("id"),
            text("domain_id"),
        ]);
    }
    print_records(&ctx.global, records, Some(&json))?;
    Ok(0)
}
