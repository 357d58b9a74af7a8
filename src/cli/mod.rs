//! The scriptable command line: one file per subcommand, table or JSON out.
//! Every subcommand logs in once through [`context::Ctx`] and reuses that
//! token for all of its requests.

pub mod args;
mod context;
pub mod error;
mod fit;
mod format_arg;
mod formats;
mod note;
pub mod oidc_args;
mod output;
pub mod prompt;
mod records;

mod access_rules;
mod audit;
mod create;
mod delete;
mod docs;
mod env_exec;
mod ephemeral;
mod export;
mod fleet;
pub mod helper;
mod import;
mod interrupt;
mod list;
mod login;
mod logout;
mod preset;
mod prune;
mod roles;
mod rotate;
mod scopes;
mod sealed;
mod show;
mod stores;
mod verify;
mod write_export;

pub use args::Cli;
pub use context::overrides;
pub use error::{CliError, CliResult};

use args::{AccessRulesCommand, Command, Format, GlobalArgs};
use context::Ctx;

/// Exit code for `list --expiring/--expired` when something matched.
pub const EXIT_FOUND: u8 = 3;
/// Exit code for a fleet `list` when some clouds could not be listed (the
/// others were, and nothing matched the watch among them).
pub const EXIT_PARTIAL: u8 = 4;
/// Exit code for a fleet `list` when some clouds could not be listed and the
/// others had credentials matching `--expiring/--expired`.
pub const EXIT_PARTIAL_FOUND: u8 = 5;

/// Runs one subcommand and returns the process exit code.
pub async fn run(command: Command, global: GlobalArgs) -> CliResult<u8> {
    check_format(&command, global.format)?;
    check_several_clouds(&command, &global)?;
    match command {
        Command::Completions(a) => docs::completions(a.shell),
        Command::Man => docs::man(),
        Command::Env(a) => env_exec::env(&global, &a).await,
        Command::Exec(a) if a.ephemeral.ttl.is_some() => ephemeral::run(&global, &a).await,
        Command::Exec(a) => env_exec::exec(&global, &a).await,
        Command::Helper(a) => helper::run(&global, &a).await,
        Command::Import(a) => import::run(&global, &a).await,
        Command::Verify(a) => verify::run(&global, &a).await,
        Command::Login => login::run(&global).await,
        Command::Logout => logout::run(&global).await,
        Command::List(a) if a.output.is_some() && global.format != Some(Format::Prometheus) => {
            Err(CliError::usage(
                "list --output is for -f prometheus; tables and JSON go to standard output",
            ))
        }
        Command::List(a) if fleet::wanted(&global, &a) => fleet::run(&global, &a).await,
        other => {
            if let Command::Create(a) = &other {
                create::precheck(a)?;
            }
            // A cloud entry's name is checked before logging in.
            let cloud_name = match &other {
                Command::Create(a) => a.export.cloud_name.as_deref(),
                Command::Rotate(a) => a.export.cloud_name.as_deref(),
                Command::Export(a) => a.cloud_name.as_deref(),
                _ => None,
            };
            if let Some(name) = cloud_name {
                crate::validation::validate_cloud_name(name)?;
            }
            let ctx = Ctx::connect(global).await?;
            dispatch(&ctx, other).await
        }
    }
}

async fn dispatch(ctx: &Ctx, command: Command) -> CliResult<u8> {
    match command {
        Command::List(a) => list::run(ctx, &a).await,
        Command::Show(a) => show::run(ctx, &a).await,
        Command::Create(a) => create::run(ctx, &a).await,
        Command::Delete(a) => delete::run(ctx, &a).await,
        Command::Export(a) => export::run(ctx, &a).await,
        Command::Roles => roles::run(ctx).await,
        Command::Scopes => scopes::run(ctx).await,
        Command::AccessRules(c) => access_rules::run(ctx, &c).await,
        Command::Rotate(a) => rotate::run(ctx, &a).await,
        Command::Prune(a) => prune::run(ctx, &a).await,
        Command::Audit(a) => audit::run(ctx, &a).await,
        Command::Completions(_)
        | Command::Env(_)
        | Command::Exec(_)
        | Command::Helper(_)
        | Command::Import(_)
        | Command::Man
        | Command::Verify(_)
        | Command::Login
        | Command::Logout => Ok(0),
    }
}

/// Several `--os-cloud` are for `list` only; every other command works on one.
fn check_several_clouds(command: &Command, global: &GlobalArgs) -> CliResult {
    match command {
        Command::List(_) => Ok(()),
        _ if global.os_cloud.len() > 1 => Err(CliError::usage(
            "several --os-cloud are only for `appcred list`; give this command one cloud",
        )),
        _ => Ok(()),
    }
}

/// The export formats of `-f` (the export table's, but json) only make
/// sense for `export`, which needs one of them or json; the record formats
/// (yaml, value, csv, shell) are for the commands that print records. All
/// are usage errors (exit 2).
fn check_format(command: &Command, format: Option<Format>) -> CliResult {
    let prints_records = matches!(
        command,
        Command::List(_)
            | Command::Show(_)
            | Command::Create(_)
            | Command::Roles
            | Command::Scopes
            | Command::Audit(_)
            | Command::AccessRules(AccessRulesCommand::List | AccessRulesCommand::Show { .. })
    );
    match (command, format) {
        (Command::List(_), Some(Format::Prometheus)) => Ok(()),
        (_, Some(Format::Prometheus)) => Err(CliError::usage(
            "--format prometheus is only for `appcred list` (e.g. `appcred list --all-clouds -f prometheus`)",
        )),
        (Command::Export(_) | Command::Import(_), Some(f)) if f.export().is_some() => Ok(()),
        (Command::Export(a), None) if !a.stores.is_empty() || !a.to.is_empty() => Ok(()),
        (Command::Export(_), _) => Err(CliError::usage(format_arg::export_needs_format())),
        (_, Some(f)) if f.export_only() => Err(CliError::usage(format!(
            "--format {} is only for `appcred export` (and `--export` of create/rotate); use table or json here",
            f.name()
        ))),
        (_, Some(f @ (Format::Yaml | Format::Value | Format::Csv | Format::Shell)))
            if !prints_records =>
        {
            Err(CliError::usage(format!(
                "--format {} is for the commands that print records (list, show, create, roles, scopes, audit, access-rules); use table or json here",
                f.name()
            )))
        }
        _ => Ok(()),
    }
}
