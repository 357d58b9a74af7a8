//! The integration tests: ONE test crate (one binary to link, not one per
//! file). Each module below is one subject; `cargo test --test it
//! NAME::` (or `QUICK=1 scripts/test --test NAME`) runs one of them. What they
//! share is in support/ (one tree: the typed seed, the binary runner, tmux,
//! fake servers, ...).
//!
//! Adding tests: put them in tests/it/NAME.rs and add `mod NAME;` below (keep
//! the list sorted). A top-level tests/NAME.rs would build a second binary:
//! don't.
//!
//! All tests run as threads of one process: never change the process's
//! environment, working directory or limits (give them to the child's
//! `Command` instead), never count what a shared server saw (put a
//! `slow_proxy::recording_proxy` in front), and take a lock from support for
//! what must be alone (`sso::bed_alone`, `token_cache::one_at_a_time`).
// Test code: a failed unwrap/expect is how a test (and its helpers, which
// clippy.toml's allow-*-in-tests does not cover) says "this must work".
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod cli_collation;
mod cli_create;
mod cli_delete_export;
mod cli_env_exec;
mod cli_ephemeral;
mod cli_exports_consumers;
mod cli_exports_openstack;
mod cli_fleet;
mod cli_held;
mod cli_list_show;
mod cli_output_formats;
mod cli_roles_scopes;
mod cli_rotate_update;
mod cli_user_domain;
mod custody_faults;
mod custody_rotate;
mod docs_cli;
mod docs_config;
mod docs_first_run;
mod docs_keys;
mod export_files;
mod export_formats;
mod export_merge;
mod export_rotate;
mod handoff;
mod handoff_tmux;
mod handoff_tui;
mod harness;
mod hostile_body;
mod hostile_create_signal;
mod hostile_files;
mod hostile_http;
mod hostile_names;
mod hostile_process;
mod hostile_terminal;
mod keystone_auth;
mod keystone_credentials;
mod keystone_faults;
mod keystone_policy;
mod keystone_scopes;
mod keystone_tls;
mod ldap_admin;
mod ldap_bed;
mod ldap_user;
mod packaging;
mod security_secrets;
mod settings_cli;
mod settings_file;
mod settings_keys;
mod settings_tui;
mod skips;
mod sso_browser;
mod sso_cache;
mod sso_credentials;
mod sso_idp_faults;
mod sso_lapse;
mod sso_login;
mod sso_password;
mod sso_picker_tmux;
mod sso_tmux;
mod store_clouds;
mod store_pass;
mod store_round;
mod store_secret_service;
mod store_tui;
mod store_tui_pass;
mod store_vault;
mod terminal_tmux;
mod token_cache;
mod token_cache_other_uid;
mod token_cache_security;
mod token_cache_trust;
mod token_cache_user;
mod tui_audit_loop;
mod tui_cache_loop;
mod tui_fleet_loop;
mod tui_loop;
mod tui_rotate_files;
mod tui_token_cache;
mod workflow_admin;
mod workflow_expiry;
mod workflow_rotate;
