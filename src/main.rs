//! The `appcred` binary: parse the command line, then run a subcommand or
//! open the terminal UI. Exit codes: 0 ok, 1 error, 2 usage, 3 expiring found,
//! 4/5 a list over several clouds where some could not be listed (cli/fleet.rs).

use std::process::ExitCode;

use clap::Parser;

use appcred::cli::Cli;

fn main() -> ExitCode {
    forbid_core_dumps();
    let cli = match Cli::try_parse_from(arguments()) {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print to stdout and succeed; real usage
            // errors go to stderr with exit code 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let _ = color_eyre::install();
    let log_file = cli.global.log_file.clone().or_else(|| {
        let wanted = cli.command.is_none() || std::env::var_os("APPCRED_LOG").is_some();
        wanted.then(appcred::logging::default_log_file).flatten()
    });
    if let Some(file) = &log_file {
        appcred::logging::init(file, cli.global.verbose);
    }

    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            say(&format!("error: cannot start the async runtime: {e}"));
            return ExitCode::from(1);
        }
    };
    match cli.command {
        None => match runtime.block_on(open_tui(&cli.global)) {
            Ok(()) => match appcred::tui::app::ended_by_signal() {
                Some(n) => ExitCode::from(u8::try_from(128 + n).unwrap_or(1)),
                None => ExitCode::SUCCESS,
            },
            Err(e) => {
                say(&format!("error: {e}"));
                ExitCode::from(1)
            }
        },
        Some(command) => match runtime.block_on(appcred::cli::run(command, cli.global)) {
            Ok(code) => ExitCode::from(code),
            Err(e) => {
                say(&format!("error: {}", e.message));
                if let Some(hint) = &e.hint {
                    say(&format!("hint: {hint}"));
                }
                ExitCode::from(e.code)
            }
        },
    }
}

/// The command line; called as `appcred-auth-helper KEY CLOUD` (a symlink,
/// for osc's `--auth-helper-cmd`, which takes one executable) it is
/// `appcred helper KEY CLOUD`.
fn arguments() -> Vec<std::ffi::OsString> {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let called = args
        .first()
        .and_then(|a| std::path::Path::new(a).file_name())
        .is_some_and(|n| n == appcred::cli::helper::HELPER_NAME);
    if called {
        args.insert(1, "helper".into());
    }
    args
}

/// A line on stderr, ignoring failure: `eprintln!` panics when stderr is
/// gone (a closed SSH session), and a message nobody can read is no reason
/// to abort.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// The terminal UI opens on a cloud when one is named (`--os-cloud`,
/// `OS_CLOUD`, or `--os-auth-url`), else on the cloud picker.
async fn open_tui(global: &appcred::cli::args::GlobalArgs) -> color_eyre::Result<()> {
    if global.os_cloud.len() > 1 {
        color_eyre::eyre::bail!(
            "the terminal UI opens one cloud: give one --os-cloud, or none for the cloud picker (it shows every cloud)"
        );
    }
    let env = appcred::config::Environment::from_process();
    let overrides = appcred::cli::overrides(global);
    let named = overrides.cloud.is_some()
        || overrides.auth_url.is_some()
        || env.vars.contains_key("OS_CLOUD");
    let cloud = if named {
        Some(appcred::config::resolve(&env, &overrides)?)
    } else {
        None
    };
    appcred::tui::run(cloud, overrides, global.no_cache).await
}

/// appcred holds passwords, tokens and new secrets in memory: a core file
/// (from a crash, a SIGQUIT, or systemd-coredump/apport, where the size
/// limit does not even apply) would put them on disk. So, first thing: core
/// size limit 0, and not dumpable (which also keeps other processes of the
/// same user from ptrace-attaching), as ssh-agent and gpg-agent do.
fn forbid_core_dumps() {
    use rustix::process::{Resource, Rlimit, setrlimit};
    let zero = Rlimit {
        current: Some(0),
        maximum: Some(0),
    };
    if let Err(e) = setrlimit(Resource::Core, zero) {
        say(&format!(
            "warning: cannot turn core dumps off (setrlimit: {e})"
        ));
    }
    #[cfg(target_os = "linux")]
    if let Err(e) =
        rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)
    {
        say(&format!(
            "warning: cannot mark the process non-dumpable (prctl: {e})"
        ));
    }
}
