use std::process::ExitCode;

use clap::Parser;

use appcred::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _ = cli;
    eprintln!("appcred: not implemented yet");
    ExitCode::from(1)
}
