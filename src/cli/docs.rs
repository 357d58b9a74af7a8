//! `appcred completions SHELL` and `appcred man`, generated from the clap
//! definitions so they never drift from the real command line.

use clap::CommandFactory;

use super::args::Cli;
use super::error::{CliError, CliResult};
use super::output::print_text;

pub fn completions(shell: clap_complete::Shell) -> CliResult<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "appcred", &mut buf);
    print_text(&String::from_utf8_lossy(&buf))?;
    Ok(0)
}

pub fn man() -> CliResult<u8> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .map_err(|e| CliError::new(format!("cannot render the man page: {e}")))?;
    print_text(&String::from_utf8_lossy(&buf))?;
    Ok(0)
}
