//! `appcred show NAME|ID`: one credential, every field, access rules in full.

use chrono::Utc;

use crate::keystone::ApplicationCredential;

use super::args::ShowArgs;
use super::context::Ctx;
use super::error::CliResult;
use super::list::{expires_text, role_names};
use super::output::{fields, print_json, print_table};

pub async fn run(ctx: &Ctx, args: &ShowArgs) -> CliResult<u8> {
    let user_id = ctx.target_user(args.user.as_deref()).await?;
    let cred = ctx
        .session
        .find_credential(&user_id, &args.credential)
        .await?;
    if ctx.json() {
        print_json(&cred)?;
    } else {
        print_table(&fields(&rows(&cred)))?;
    }
    Ok(0)
}

/// The field/value rows of a credential, shared with `create`'s output.
pub fn rows(c: &ApplicationCredential) -> Vec<(&'static str, String)> {
    let now = Utc::now();
    let mut rows = vec![
        ("id", c.id.clone()),
        ("name", c.name.clone()),
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
