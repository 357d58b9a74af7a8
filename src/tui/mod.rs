//! The terminal UI: one model, messages, a pure `update`, pure views, and
//! effects run as tokio tasks (the Elm architecture with an effect runner).
//! docs/architecture.md draws the layers and the way of one keystroke.
//!
//! From the top (arrows point down only; `cargo test --lib layers` checks):
//! - [`app`]: the loop (events, replies, ticks, frames) and the headless
//!   variant tests drive with a script; [`terminal`]: raw mode, alternate
//!   screen, mouse, restore on every exit.
//! - [`update`]: the router (which message goes to which popup or screen,
//!   and Keystone's replies); [`view`]: the frame (the screen, the status
//!   bar, the popups); [`effects`]: runs effects as tokio tasks on the one
//!   Keystone session.
//! - [`screens`]: one folder per screen (main view, cloud picker, wizard,
//!   reveal, rotate, audit, device code), each with the same files for the
//!   same jobs (src/tui/screens/README.md): its `host` (the model side) sits
//!   above the model, its state, keys and view below it. [`popups`]: their
//!   state in `popups/state.rs`, each popup's keys and drawing in its file.
//! - [`model`]: the state, and `model::session`, the steps every screen
//!   shares (log in, rescope, reload, show an error, quit).
//! - [`msg`]: what happened and what to do; [`context`]: what every screen
//!   reads (clock, palette, local time, config.toml with its keys);
//!   [`widgets`]: shared drawing pieces and the screen's geometry;
//!   [`theme`], [`error_report`].
//! - [`crate::keys`]: the key table (below `tui` and `settings`) every
//!   handler, hint bar and help overlay reads.

pub mod app;
pub mod context;
pub mod effects;
pub mod error_report;
#[cfg(test)]
mod loop_tests;
pub mod model;
pub mod msg;
pub mod popups;
pub mod screens;
#[cfg(test)]
mod settings_screen_tests;
#[cfg(test)]
mod settings_tests;
pub mod terminal;
#[cfg(test)]
pub mod testing;
pub mod theme;
pub mod update;
pub mod view;
pub mod widgets;

use chrono::Utc;
use color_eyre::eyre::Result;
use crossterm::event::EventStream;

use crate::config::{CloudConfig, Environment, Overrides};
use app::{Input, LoopParts};
use effects::KeystoneRunner;
use model::Model;
use theme::Theme;

/// Opens the terminal UI: on `cloud` if given (`--os-cloud`, or the flags
/// and `OS_*` variables resolved to one), else on the cloud picker, where
/// `overrides` (the `--os-*` flags) apply to the cloud chosen. Returns when
/// the person quits, or on SIGTERM/SIGHUP; the terminal is restored on
/// every way out, panics included (call after `color_eyre::install`).
///
/// config.toml is read first: a broken one is an error naming its line,
/// printed on the normal screen before the terminal is taken over, because
/// a TUI started with half a config (keys the person thinks they rebound)
/// is worse than one that does not start.
///
/// `no_cache`: `--no-cache`; with the other switches it decides, by the
/// command line's rule, whether logins go through the token cache.
pub async fn run(cloud: Option<CloudConfig>, overrides: Overrides, no_cache: bool) -> Result<()> {
    let env = Environment::from_process();
    let settings = crate::settings::load(&env)?;
    let cache_off = crate::settings::token_cache_off(no_cache, &env);
    if let Some(why) = cache_off {
        tracing::debug!(why, "token cache off");
    }
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(color_eyre::eyre::eyre!(
            "the terminal UI needs a terminal, and standard input or output is not one (a pipe, \
             a file, a service)\nhint: in scripts use the subcommands instead: appcred list, \
             create, rotate, export, ... (appcred --help lists them)"
        ));
    }
    let (mut terminal, _restore_on_drop) = terminal::enter()?;
    crate::store::forbid_gpg_pinentry();
    let size = terminal.size()?;
    let mut model = Model::new(
        Utc::now(),
        Theme::from_environment(),
        size.width,
        size.height,
    );
    let mut runner = KeystoneRunner::new(env, overrides)
        .with_clipboard_clear_after(settings.shared.clipboard_clear_after())
        .with_token_cache(cache_off.is_none())
        .with_fleet_deadline(settings.shared.fleet_cloud_deadline());
    model.apply_settings(settings);
    let first = update::init(&mut model, cloud);
    let mut input = Input::Terminal(EventStream::new());
    let parts = LoopParts {
        runner: &mut runner,
        input: &mut input,
        replies: tokio::sync::mpsc::unbounded_channel(),
        clock: Some(Utc::now),
        signals: true,
    };
    let outcome = app::run_loop(&mut terminal, &mut model, parts, first).await;
    terminal::restore();
    // The terminal went away (SSH dropped, tmux killed): whatever noticed it
    // first (a read, a draw, the hangup signal), it ends as a hangup (exit
    // 129), not as an error of ours printed to a terminal nobody has.
    let outcome = match outcome {
        Err(e) if app::ended_by_signal().is_some() || terminal::detach_if_gone() => {
            tracing::info!("the terminal went away: {e}");
            app::end_as_hangup();
            Ok(())
        }
        other => other,
    };
    if let Some(farewell) = model.farewell.take() {
        // The normal screen is back; a dead stderr must not panic.
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "{farewell}");
    }
    outcome
}
