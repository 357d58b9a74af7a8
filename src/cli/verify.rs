//! `appcred verify`: proves an application credential authenticates, and
//! says what it can do: its project, roles, expiry and catalog. Exit 0 only
//! when it works, so scripts can gate a rollout on it.

use serde_json::json;

use crate::config::{AuthType, Environment};
use crate::expiry;
use crate::keystone::{self, VerifyReport};

use super::args::VerifyArgs;
use super::args::{Format, GlobalArgs};
use super::context::resolve_cloud;
use super::error::{CliError, CliResult};
use super::output::{fields, print_json, print_table};

pub async fn run(global: &GlobalArgs, args: &VerifyArgs) -> CliResult<u8> {
    let env = Environment::from_process();
    let cloud = resolve_cloud(global, &env)?;
    let (id, secret) = match (&args.id, args.secret_stdin) {
        (Some(id), true) => (
            id.clone(),
            crate::input::read_secret_stdin(std::io::stdin().lock())?,
        ),
        (Some(_), false) => {
            return Err(CliError::usage(
                "verify --id needs the secret on standard input: add --secret-stdin",
            ));
        }
        (None, true) => return Err(CliError::usage("--secret-stdin goes with --id ID")),
        (None, false) => {
            let own = (cloud.auth_type == AuthType::ApplicationCredential)
                .then(|| {
                    cloud
                        .auth
                        .application_credential_id
                        .clone()
                        .zip(cloud.auth.application_credential_secret.clone())
                })
                .flatten();
            own.ok_or_else(|| {
                CliError::usage(format!("cloud {:?} does not use an application credential (by id)", cloud.name))
                    .with_hint("pass --id ID --secret-stdin, or pick a cloud whose auth_type is v3applicationcredential")
            })?
        }
    };
    let report = keystone::verify_application_credential(&cloud, &id, &secret).await?;
    print(global.format == Some(Format::Json), &id, &report)?;
    Ok(if report.works { 0 } else { 1 })
}

fn print(json_out: bool, id: &str, r: &VerifyReport) -> CliResult {
    let token = r.token.as_ref();
    let roles: Vec<String> = token
        .map(|t| t.roles.iter().map(|x| x.name.clone()).collect())
        .unwrap_or_default();
    if json_out {
        return print_json(&json!({
            "id": id,
            "works": r.works,
            "reason": r.reason,
            "project": token.map(|t| t.scope.clone()),
            "roles": token.map(|t| t.roles.clone()).unwrap_or_default(),
            "expires_at": token.map(|t| t.expires_at.to_rfc3339()),
            "catalog_services": token.map(|t| t.catalog.len()),
        }));
    }
    let mut rows = vec![
        ("application credential", id.to_string()),
        (
            "result",
            if r.works {
                "works".to_string()
            } else {
                format!("FAILS: {}", r.reason.clone().unwrap_or_default())
            },
        ),
    ];
    if let Some(t) = token {
        rows.push(("project", t.scope.label()));
        rows.push(("roles", roles.join(", ")));
        rows.push((
            "token expires",
            format!(
                "{} ({})",
                expiry::utc_text(t.expires_at),
                expiry::relative(Some(t.expires_at), chrono::Utc::now())
            ),
        ));
        rows.push(("catalog services", t.catalog.len().to_string()));
        rows.push((
            "restricted",
            t.application_credential
                .as_ref()
                .map(|a| a.restricted.to_string())
                .unwrap_or_default(),
        ));
    }
    print_table(&fields(&rows))
}
