//! `appcred login`: a fresh login whose token is kept in the kernel keyring,
//! so the commands that follow (a script, an afternoon in the shell) neither
//! log in nor ask for a password, passcode or SSO again until it expires.

use std::sync::Arc;

use serde_json::json;

use crate::config::Environment;
use crate::expiry;
use crate::keystone::Session;

use super::args::{Format, GlobalArgs};
use super::context::{resolve_cloud, token_cache_off};
use super::error::{CliError, CliResult};
use super::output::{fields, print_json, print_text};
use super::prompt::TerminalPrompter;

pub async fn run(global: &GlobalArgs) -> CliResult<u8> {
    let env = Environment::from_process();
    if let Some(why) = token_cache_off(global, &env) {
        return Err(CliError::usage(format!(
            "`appcred login` keeps a token for later commands, but the token cache is off ({why})"
        ))
        .with_hint(
            "drop --no-cache, unset APPCRED_TOKEN_CACHE, or set token_cache = true in config.toml",
        ));
    }
    let cloud = resolve_cloud(global, &env).await?;
    let (_session, report) = Session::login_and_cache(&cloud, Arc::new(TerminalPrompter)).await?;
    let keyring = report.cached.map_err(|why| {
        CliError::new(format!(
            "logged in to {}, but the token could not be cached: {why}",
            cloud.name
        ))
        .with_hint("each command logs in by itself; nothing else is lost")
    })?;
    let info = &report.info;
    if global.format == Some(Format::Json) {
        print_json(&json!({
            "cloud": cloud.name,
            "user": info.user,
            "scope": info.scope,
            "expires_at": info.expires_at,
            "cached_in": keyring,
        }))?;
    } else {
        print_text(&fields(
            global,
            &[
                ("Cloud", cloud.name.clone()),
                ("User", info.user.name.clone()),
                ("Scope", info.scope.label()),
                ("Expires", expiry::utc_text(info.expires_at)),
                ("Cached in", format!("the kernel {keyring}")),
            ],
        ))?;
    }
    Ok(0)
}
