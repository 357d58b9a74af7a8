//! `appcred roles`: the roles held on the current scope, i.e. exactly what a
//! credential made here may carry, each labelled direct or implied where
//! Keystone lets the user see it.

use serde_json::{Value, json};

use crate::keystone::{HeldRole, RoleOrigin};

use super::args::Format;
use super::context::Ctx;
use super::error::CliResult;
use super::output::{note, print_records};
use super::records::{Cell, Column, Fit, Records};

pub async fn run(ctx: &Ctx) -> CliResult<u8> {
    let mut roles = ctx.session.held_roles().await?;
    roles.sort_by(|a, b| a.name.cmp(&b.name));
    let json = Value::Array(roles.iter().map(role_json).collect());
    let mut records = Records::list(vec![
        Column::new("Name"),
        Column::new("ID"),
        Column::new("How held").fit(Fit::Shrink(8)),
    ]);
    for r in &roles {
        records.push(vec![
            Cell::name(r.name.clone()),
            Cell::text(r.id.clone()),
            Cell::text(origin_text(&r.origin)),
        ]);
    }
    print_records(&ctx.global, records, Some(&json))?;
    if !matches!(ctx.global.format, None | Some(Format::Table)) {
        return Ok(0);
    }
    note(&format!(
        "scope: {}",
        ctx.session.token_info().scope.label()
    ));
    if roles.iter().all(|r| r.origin == RoleOrigin::Unknown) && !roles.is_empty() {
        note(
            "(Keystone's policy hides role assignments from this user, so direct and implied roles are not told apart.)",
        );
    }
    Ok(0)
}

pub fn role_json(r: &HeldRole) -> Value {
    let (origin, implied_by) = match &r.origin {
        RoleOrigin::Direct => ("direct", None),
        RoleOrigin::Implied { by } => ("implied", Some(by.clone())),
        RoleOrigin::Unknown => ("unknown", None),
    };
    json!({"id": r.id, "name": r.name, "origin": origin, "implied_by": implied_by})
}

pub fn origin_text(o: &RoleOrigin) -> String {
    match o {
        RoleOrigin::Direct => "direct".into(),
        RoleOrigin::Implied { by } => format!("implied by {by}"),
        RoleOrigin::Unknown => "-".into(),
    }
}
