//! `appcred show NAME|ID`: one credential, every field, access rules in
//! full, and where appcred put it (`held_in`, from `crate::held`).

use chrono::Utc;

use crate::keystone::ApplicationCredential;

use super::args::{Format, GlobalArgs, ShowArgs};
use super::context::Ctx;
use super::error::{CliError, CliResult};
use super::list::{expires_text, role_names};
use super::output::{note, print_records};
use super::records::{Cell, Records, Value};
use crate::held;
use crate::keystone::keystone_time;
use crate::secret::Secret;

pub async fn run(ctx: &Ctx, args: &ShowArgs) -> CliResult<u8> {
    let user_id = ctx
        .target_user(args.user.as_deref(), args.user_domain.as_deref())
        .await?;
    let cred = ctx
        .session
        .find_credential(&user_id, &args.credential)
        .await?;
    let (places, notes) = held::places_of(&ctx.env, &cred.id);
    for n in &notes {
        note(n);
    }
    let mut json = serde_json::to_value(&cred).map_err(|e| CliError::new(e.to_string()))?;
    json["held_in"] = serde_json::to_value(&places).map_err(|e| CliError::new(e.to_string()))?;
    let mut records = record(&cred, &ctx.global, None);
    records.add_field("held_in", Cell::text(held_in_text(&places)));
    print_records(&ctx.global, records, Some(&json))?;
    Ok(0)
}

/// Where the credential is held, a line per place: its kind, where, when
/// recorded (and whether the file is gone since).
fn held_in_text(places: &[held::Place]) -> String {
    if places.is_empty() {
        return "nowhere recorded".to_string();
    }
    places
        .iter()
        .map(|p| {
            format!(
                "{} {} ({}){}",
                p.kind.as_str(),
                p.describe(),
                crate::expiry::utc_text(p.recorded_at),
                if p.is_gone() { " GONE" } else { "" }
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One credential as a record: the same fields as [`rows`] with machine
/// values (full ISO expiry or None, True/False, the rule count in the
/// table's place), and the secret last when there is one (`create`).
pub fn record(c: &ApplicationCredential, global: &GlobalArgs, secret: Option<&Secret>) -> Records {
    let table = matches!(global.format, None | Some(Format::Table));
    let mut fields: Vec<(&'static str, Cell)> = Vec::new();
    for (name, text) in rows(c) {
        let cell = match name {
            "name" => Cell::name(c.name.clone()),
            "description" => Cell::opt(c.description.clone()),
            "project_id" => Cell::opt(c.project_id.clone()),
            "user_id" => Cell::opt(c.user_id.clone()),
            "expires_at" => Cell::opt(c.expires_at.map(|t| keystone_time::format(&t))).shown(text),
            "expires_at (local)" if !table => continue,
            "unrestricted" => Cell::from_value(Value::Bool(c.is_unrestricted())).shown(text),
            "access_rules" if !table => Cell::text(
                c.access_rules
                    .iter()
                    .flatten()
                    .map(|r| format!("{} {} {}", r.service, r.method, r.path))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            _ => Cell::text(text),
        };
        fields.push((name, cell));
    }
    if let Some(s) = secret {
        fields.push(("secret", Cell::text(s.expose())));
    }
    Records::one(fields)
}

/// The field/value rows of a credential, shared with `create`'s output.
pub fn rows(c: &ApplicationCredential) -> Vec<(&'static str, String)> {
    let now = Utc::now();
    let mut rows = vec![
        ("id", c.id.clone()),
        ("name", crate::terminal_text::name(&c.name).into_owned()),
        ("description", c.description.clone().unwrap_or_default()),
        ("project_id", c.project_id.clone().unwrap_or_default()),
        ("user_id", c.user_id.clone().unwrap_or_default()),
        ("roles", role_names(c)),
        ("expires_at", expires_text(c.expires_at, now)),
    ];
    if let Some(t) = c.expires_at {
        rows.push(("expires_at (local)", crate::expiry::local_text(t)));
    }
    rows.push((
        "unrestricted",
        if c.is_unrestricted() {
            "True (dangerous)".into()
        } else {
            "False".into()
        },
    ));
    let rules = match c.access_rules.as_deref() {
        None | Some([]) => "none (every API the roles allow)".to_string(),
        Some(rules) => rules
            .iter()
            .map(|r| {
                format!(
                    "{} {} {}{}",
                    r.service,
                    r.method,
                    r.path,
                    r.id.as_ref()
                        .map(|i| format!("  [{i}]"))
                        .unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
    };
    rows.push(("access_rules", rules));
    rows
}
