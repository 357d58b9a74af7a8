//! appcred: a terminal UI and command line for OpenStack Keystone application
//! credentials. The binary (`main.rs`) is a thin shell over this library so
//! integration tests and benches reach the same code.

pub mod audit;
pub mod cli;
pub mod clipboard;
pub mod config;
pub mod ephemeral;
pub mod expiry;
pub mod export;
pub mod fleet;
pub mod held;
pub mod keys;
pub mod keystone;
pub mod logging;
pub mod presets;
pub mod rotation;
pub mod secret;
pub mod settings;
pub mod store;
pub mod terminal_text;
pub mod tui;
pub mod validation;
// The layer rules, read from the source tree by a test (docs/architecture.md).
#[cfg(test)]
mod layers;

/// The export table and the terminal UI agree (the command line's side is
/// in `cli/format_arg_tests.rs`).
#[cfg(test)]
mod outputs_tests;

/// The integration tests' counted skip (`SKIPPED (<test>): <why>` and a line
/// in scripts/test's skip file), for the few unit tests that need a
/// privilege: one file, read by both test crates.
#[cfg(test)]
#[allow(dead_code)]
#[path = "../tests/it/support/skip.rs"]
pub(crate) mod test_skip;
