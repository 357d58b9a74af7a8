//! `appcred env` and `appcred exec`: the cloud appcred resolved (clouds.yaml,
//! secure.yaml, `OS_*`, flags) handed to tools that read only `OS_*`
//! variables. Neither logs in nor writes anything to disk. With `--from URI`
//! the cloud is the application credential kept in a store (`crate::store`).
//!
//! `exec` replaces appcred with the command (execve), like `aws-vault exec`
//! does on Unix: the command has appcred's pid, so every signal sent to it
//! (Ctrl-C, `kill`, a CI runner's SIGTERM) reaches the command itself, and
//! its exit status is the status the caller sees. Its environment is
//! appcred's minus every `OS_*` variable, plus the cloud's: nothing of an
//! older openrc leaks in, and the caller's shell is not changed.

use std::os::unix::process::CommandExt as _;

use crate::config::{CloudConfig, Environment};
use crate::export::{cloud_vars, render_cloud_env};

use super::args::{EnvArgs, ExecArgs, GlobalArgs};
use super::context::resolve_cloud;
use super::error::{CliError, CliResult};
use super::output::print_secret_text;
use super::stores::read_cloud;

pub async fn env(global: &GlobalArgs, args: &EnvArgs) -> CliResult<u8> {
    let cloud = cloud(global, args.from.as_deref()).await?;
    print_secret_text(&render_cloud_env(&cloud, args.shell))?;
    Ok(0)
}

/// The cloud resolved from the configuration, or (`--from URI`) the
/// application credential kept in a store.
async fn cloud(global: &GlobalArgs, from: Option<&str>) -> CliResult<CloudConfig> {
    match from {
        Some(uri) => read_cloud(uri).await,
        None => resolve_cloud(global, &Environment::from_process()).await,
    }
}

pub async fn exec(global: &GlobalArgs, args: &ExecArgs) -> CliResult<u8> {
    let cloud = cloud(global, args.from.as_deref()).await?;
    let Some((program, rest)) = args.command.split_first() else {
        return Err(CliError::usage(
            "exec needs a command: appcred exec -- CMD ARGS...",
        ));
    };
    let mut cmd = cloud_command(program, rest, &cloud);
    // Only returns when the command could not be started.
    let e = cmd.exec();
    let code = if e.kind() == std::io::ErrorKind::NotFound {
        127
    } else {
        126
    };
    Err(CliError {
        message: format!("cannot run {}: {e}", program.to_string_lossy()),
        hint: Some("check the command's name and that it is on PATH".to_string()),
        code,
    })
}

/// `program rest...` with appcred's environment minus every `OS_*`, plus
/// the cloud's (`exec --ephemeral` hands it a credential's cloud).
pub fn cloud_command(
    program: &std::ffi::OsStr,
    rest: &[std::ffi::OsString],
    cloud: &crate::config::CloudConfig,
) -> std::process::Command {
    let mut cmd = std::process::Command::new(program);
    cmd.args(rest);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("OS_") {
            cmd.env_remove(&key);
        }
    }
    for (key, value) in cloud_vars(cloud) {
        cmd.env(key, value.as_str());
    }
    cmd
}
