//! `appcred exec --ephemeral TTL -- CMD`: one job, one credential. Every
//! check that needs no Keystone comes first (the TTL against config.toml's
//! limit, CMD on PATH: 127 with nothing created); then the roles held are
//! matched as `create` matches them, a restricted credential living TTL is
//! made for this run (its name from [`crate::ephemeral`]), CMD runs with
//! that credential's `OS_*` only, and when CMD ends, for any reason, the
//! credential is deleted and appcred exits with CMD's status (128 + n for a
//! signal). Ending signals go to CMD meanwhile ([`Forward`]); a SIGKILL to
//! appcred leaves the credential to its expiry and `prune --ephemeral`.

use std::ffi::{OsStr, OsString};
use std::os::unix::process::ExitStatusExt as _;

use chrono::{Duration, Utc};

use crate::config::{AuthOptions, AuthType, CloudConfig, Environment};
use crate::ephemeral;
use crate::keystone::{ApplicationCredential, NewApplicationCredential};
use crate::secret::Secret;
use crate::{expiry, presets, validation};

use super::args::{ExecArgs, GlobalArgs};
use super::context::Ctx;
use super::create::match_roles;
use super::env_exec::cloud_command;
use super::error::{CliError, CliResult};
use super::interrupt::Forward;
use super::output::note;

mod args;
mod program;
pub mod prune;
pub use args::EphemeralArgs;

pub async fn run(global: &GlobalArgs, args: &ExecArgs) -> CliResult<u8> {
    let e = &args.ephemeral;
    let Some((program, rest)) = args.command.split_first() else {
        return Err(CliError::usage(
            "exec needs a command: appcred exec --ephemeral 30m -- CMD ARGS...",
        ));
    };
    let env = Environment::from_process();
    let ttl = check_ttl(e.ttl.as_deref().unwrap_or_default(), &env)?;
    program::check(program)?;
    let access_rules = e
        .access_rules
        .iter()
        .map(|r| validation::parse_access_rule(r))
        .collect::<Result<Vec<_>, _>>()?;
    let preset = e
        .preset
        .as_deref()
        .map(presets::find_or_explain)
        .transpose()
        .map_err(|err| CliError::usage(err.to_string()))?;

    let ctx = Ctx::connect(global.clone()).await?;
    let held = ctx.session.held_roles().await?;
    let role_ids = match &preset {
        Some(p) => p
            .held_role_ids(&held)
            .map_err(|err| CliError::new(format!("{err}; nothing was created")))?,
        None => match_roles(&e.roles, &held)?,
    };
    let user = ctx.session.token_info().user.name;
    let host = ephemeral::host_name();
    let now = Utc::now();
    let request = NewApplicationCredential {
        name: ephemeral::name(&user, &host, now, std::process::id()),
        description: Some(description(&user, &host, program)),
        secret: None,
        expires_at: Some(now + ttl),
        role_ids,
        unrestricted: false,
        access_rules,
    };

    let forward = Forward::raise().map_err(|err| {
        CliError::new(format!(
            "cannot watch for signals: {err}; nothing was created"
        ))
    })?;
    let created = ctx
        .session
        .create_credential(&request)
        .await
        .map_err(|err| {
            // Keystone's own hint (a restricted login, a role) is kept.
            let mut err = CliError::from(err);
            err.message = format!(
                "Keystone refused the ephemeral credential: {}; {} was not run",
                err.message,
                program.to_string_lossy()
            );
            err
        })?;
    let cred = &created.credential;
    note(&format!(
        "Ephemeral credential {} made (expires {}); it is deleted when {} ends.",
        cred.name,
        cred.expires_at.map_or_else(String::new, expiry::utc_text),
        program.to_string_lossy()
    ));
    let outcome = match forward.held() {
        // Stopped while Keystone was creating it: CMD never starts.
        Some(n) => Ok(128 + n),
        None => run_child(&ctx.cloud, program, rest, cred, &created.secret, &forward).await,
    };
    let deleted = ctx
        .session
        .delete_credential(&ctx.session.user_id(), &cred.id)
        .await;
    drop(forward);
    match (outcome, deleted) {
        (Ok(code), Ok(())) => Ok(u8::try_from(code).unwrap_or(1)),
        (Err(err), Ok(())) => Err(err),
        (outcome, Err(de)) => {
            let code = outcome
                .as_ref()
                .map_or(1, |c| u8::try_from(*c).unwrap_or(1));
            Err(CliError {
                message: format!(
                    "the ephemeral credential {} ({}) could not be deleted: {de}",
                    cred.name, cred.id
                ),
                hint: Some(
                    "it expires by itself; `appcred prune --ephemeral` deletes it now".to_string(),
                ),
                code: if code == 0 { 1 } else { code },
            })
        }
    }
}

/// The TTL as a span, refused when it is not positive or over the limit.
fn check_ttl(text: &str, env: &Environment) -> CliResult<Duration> {
    let ttl = expiry::parse_ttl(text).map_err(|e| CliError::usage(e.to_string()))?;
    let limit = crate::settings::load_shared(env)
        .map_err(|e| CliError::new(e.to_string()))?
        .ephemeral_max_ttl();
    if ttl <= Duration::zero() {
        return Err(CliError::usage(format!(
            "--ephemeral {text}: the credential must live a while (e.g. 30m)"
        )));
    }
    if ttl > limit {
        return Err(CliError::usage(format!(
            "--ephemeral {text} is over the limit of {} h; nothing was created",
            limit.num_hours()
        ))
        .with_hint("raise ephemeral_max_hours in config.toml, or give a shorter TTL"));
    }
    Ok(ttl)
}

/// Who made it and for what command: the command's name only, as its
/// arguments may hold secrets.
fn description(user: &str, host: &str, program: &OsStr) -> String {
    let command: String = std::path::Path::new(program)
        .file_name()
        .unwrap_or(program)
        .to_string_lossy()
        .chars()
        .filter(|c| !c.is_control())
        .take(64)
        .collect();
    let text = format!("appcred exec --ephemeral by {user} on {host} for {command}");
    // A user name with invisible characters must not stop the run.
    if validation::validate_description(&text).is_ok() {
        text
    } else {
        format!("appcred exec --ephemeral for {command}")
    }
}

/// The credential as a cloud: the same endpoint, region and TLS, logging in
/// with the credential alone (so no other method's secret is handed on).
fn credential_cloud(
    cloud: &CloudConfig,
    cred: &ApplicationCredential,
    secret: &Secret,
) -> CloudConfig {
    let mut c = cloud.clone();
    c.auth_type = AuthType::ApplicationCredential;
    c.auth = AuthOptions {
        auth_url: cloud.auth.auth_url.clone(),
        application_credential_id: Some(cred.id.clone()),
        application_credential_secret: Some(secret.clone()),
        ..AuthOptions::default()
    };
    c
}

/// Runs CMD with the credential and returns its exit code (128 + n for a
/// signal). Signals reach it through `forward` while it runs.
async fn run_child(
    cloud: &CloudConfig,
    program: &OsStr,
    rest: &[OsString],
    cred: &ApplicationCredential,
    secret: &Secret,
    forward: &Forward,
) -> CliResult<i32> {
    let mut cmd = cloud_command(program, rest, &credential_cloud(cloud, cred, secret));
    let mut child = cmd
        .spawn()
        .map_err(|err| program::cannot_run(program, &err))?;
    forward.to_child(child.id());
    let status = tokio::task::spawn_blocking(move || child.wait()).await;
    forward.child_ended();
    let status = status
        .map_err(|e| CliError::new(format!("waiting for the command failed: {e}")))?
        .map_err(|e| CliError::new(format!("waiting for the command failed: {e}")))?;
    Ok(status
        .code()
        .or_else(|| status.signal().map(|n| 128 + n))
        .unwrap_or(1))
}

#[cfg(test)]
mod tests;
