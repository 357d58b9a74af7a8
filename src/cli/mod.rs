//! The scriptable command line: one file per subcommand, table or JSON out.

pub mod args;

pub use args::Cli;
