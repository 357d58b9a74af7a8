//! The event loop, and nothing else: it waits on terminal events, effect
//! replies, signals and a clock tick at once (`tokio::select!`), hands each
//! to `update`, starts the effects `update` returns, and draws when
//! something changed. A key handler never waits for the network: requests
//! run as tasks and answer through the channel.

use std::collections::VecDeque;
use std::time::Duration;

use chrono::{DateTime, Utc};
use color_eyre::eyre::{Result, eyre};
use crossterm::event::{Event, EventStream, KeyEventKind};
use futures::{FutureExt, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tokio::time::{Instant, MissedTickBehavior, interval, sleep_until};

use crate::tui::model::Model;
use crate::tui::msg::{Effect, Msg};
use crate::tui::update::update;
use crate::tui::view::view;

/// At most one frame per this long, so a burst of events (a paste, a held
/// key) is drawn once rather than once per event.
const MIN_FRAME: Duration = Duration::from_millis(8);
/// At most this many already-waiting terminal events are handled before
/// the next frame, so a flood still lets the screen and replies through.
const MAX_DRAIN: usize = 10_000;
/// Spinners turn and relative times move on with this tick.
const TICK: Duration = Duration::from_millis(120);

/// Starts effects. The real one talks to Keystone; tests use fakes.
pub trait EffectRunner {
    /// Starts `effect` and returns at once; the answer comes later as a
    /// message on `replies`.
    fn run(&mut self, effect: Effect, replies: &UnboundedSender<Msg>);
}

/// A step of a scripted session for [`run_headless`].
pub enum Step {
    /// Feed this terminal event to the loop.
    Event(Event),
    /// Hold the script until the model satisfies the check (the label names
    /// it in a time-out error). Build it with [`Step::wait`].
    WaitUntil(&'static str, Box<dyn Fn(&Model) -> bool>),
}

impl Step {
    pub fn wait(label: &'static str, check: impl Fn(&Model) -> bool + 'static) -> Step {
        Step::WaitUntil(label, Box::new(check))
    }

    pub fn key(key: crossterm::event::KeyEvent) -> Step {
        Step::Event(Event::Key(key))
    }
}

/// Where events come from: the terminal, or a script.
pub enum Input {
    Terminal(EventStream),
    Script(VecDeque<Step>),
}

impl Input {
    /// Whether `next` may be polled: a script waits until its check holds.
    fn ready(&mut self, model: &Model) -> bool {
        let Input::Script(steps) = self else {
            return true;
        };
        while let Some(Step::WaitUntil(_, check)) = steps.front() {
            if !check(model) {
                return false;
            }
            steps.pop_front();
        }
        !steps.is_empty()
    }

    /// The next event; None when the terminal or the script is done.
    async fn next(&mut self) -> Option<std::io::Result<Event>> {
        match self {
            Input::Terminal(stream) => stream.next().await,
            Input::Script(steps) => match steps.pop_front() {
                Some(Step::Event(event)) => Some(Ok(event)),
                _ => None,
            },
        }
    }

    /// An event the terminal already has, without waiting; None when it
    /// has none (a script never answers here: its steps pace themselves).
    fn next_now(&mut self) -> Option<std::io::Result<Event>> {
        match self {
            Input::Terminal(stream) => stream.next().now_or_never().flatten(),
            Input::Script(_) => None,
        }
    }

    fn finished(&self) -> bool {
        matches!(self, Input::Script(steps) if steps.is_empty())
    }

    /// The check a script is waiting on, for the time-out message.
    pub fn waiting_on(&self) -> Option<&'static str> {
        match self {
            Input::Script(steps) => match steps.front() {
                Some(Step::WaitUntil(label, _)) => Some(label),
                _ => None,
            },
            Input::Terminal(_) => None,
        }
    }
}

/// Everything the loop needs besides the model.
pub struct LoopParts<'a, R: EffectRunner> {
    pub runner: &'a mut R,
    pub input: &'a mut Input,
    pub replies: (UnboundedSender<Msg>, UnboundedReceiver<Msg>),
    /// The time for ticks; None keeps the model's (fixed in tests).
    pub clock: Option<fn() -> DateTime<Utc>>,
    /// Listen for SIGTERM and SIGHUP (the real terminal only).
    pub signals: bool,
}

/// Runs until the model quits (or a script ends). Effects in `first` start
/// before the first event.
pub async fn run_loop<B: Backend, R: EffectRunner>(
    terminal: &mut Terminal<B>,
    model: &mut Model,
    parts: LoopParts<'_, R>,
    first: Vec<Effect>,
) -> Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let LoopParts {
        runner,
        input,
        replies: (sender, mut receiver),
        clock,
        signals,
    } = parts;
    let mut signals = Signals::new(signals)?;
    start(model, runner, &sender, first);
    let mut tick = interval(TICK);
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut dirty = true;
    let mut last_draw = Instant::now() - MIN_FRAME;

    loop {
        if model.quitting {
            break;
        }
        if input.finished() && !dirty {
            break;
        }
        let input_ready = input.ready(model);
        let msg = tokio::select! {
            biased;
            _ = sleep_until(last_draw + MIN_FRAME), if dirty => {
                terminal
                    .draw(|frame| view(model, frame))
                    .map_err(|e| eyre!("cannot draw: {e}"))?;
                dirty = false;
                last_draw = Instant::now();
                continue;
            }
            number = signals.recv() => {
                ENDED_BY_SIGNAL.store(number, std::sync::atomic::Ordering::SeqCst);
                Msg::Quit
            }
            event = input.next(), if input_ready => match event {
                // Ctrl-Z (a key in raw mode, not a signal): suspend like
                // other full-screen programs; redraw all after `fg`.
                Some(Ok(Event::Key(key))) if signals.enabled() && is_suspend(&key) => {
                    crate::tui::terminal::suspend()
                        .map_err(|e| eyre!("cannot take the terminal back after Ctrl-Z: {e}"))?;
                    terminal.clear().map_err(|e| eyre!("cannot draw: {e}"))?;
                    dirty = true;
                    continue;
                }
                Some(Ok(event)) => match to_msg(event) {
                    Some(msg) => msg,
                    None => continue,
                },
                Some(Err(e)) => return Err(eyre!("cannot read the terminal: {e}")),
                None if input.finished() => continue,
                None => Msg::Quit,
            },
            Some(msg) = receiver.recv() => msg,
            _ = tick.tick() => {
                // A terminal that went away (SSH dropped, tmux killed) without
                // a SIGHUP reaching us reads as endless end-of-file, which
                // crossterm never reports: look, and end as on a hangup.
                if signals.enabled() && crate::tui::terminal::detach_if_gone() {
                    ENDED_BY_SIGNAL.store(1, std::sync::atomic::Ordering::SeqCst);
                    Msg::Quit
                } else {
                    Msg::Tick(clock.map_or(model.ctx.now, |now| now()))
                }
            }
        };
        let is_tick = matches!(msg, Msg::Tick(_));
        let from_terminal = matches!(
            msg,
            Msg::Key(_) | Msg::Mouse(_) | Msg::Paste(_) | Msg::Resize(..)
        );
        let minute_before = model.ctx.now.timestamp() / 60;
        let animating_before = model.animating();
        let effects = update(model, msg);
        // A tick only redraws when something visible moved.
        dirty |= !is_tick
            || animating_before
            || model.animating()
            || model.ctx.now.timestamp() / 60 != minute_before;
        start(model, runner, &sender, effects);
        // Everything the terminal already holds (a long paste on a terminal
        // without bracketed paste, a held key) is handled before the next
        // frame: input never lags behind one batch per key press.
        if from_terminal {
            for _ in 0..MAX_DRAIN {
                if model.quitting {
                    break;
                }
                let event = match input.next_now() {
                    Some(Ok(event)) => event,
                    Some(Err(e)) => return Err(eyre!("cannot read the terminal: {e}")),
                    None => break,
                };
                if let Some(msg) = to_msg(event) {
                    let effects = update(model, msg);
                    start(model, runner, &sender, effects);
                }
            }
        }
    }
    Ok(())
}

fn start<R: EffectRunner>(
    model: &mut Model,
    runner: &mut R,
    sender: &UnboundedSender<Msg>,
    effects: Vec<Effect>,
) {
    for effect in effects {
        tracing::debug!(effect = effect.name(), "start");
        match effect {
            Effect::Quit => model.quitting = true,
            other => runner.run(other, sender),
        }
    }
}

fn to_msg(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(Msg::Key(key)),
        Event::Mouse(mouse) => Some(Msg::Mouse(mouse)),
        Event::Resize(width, height) => Some(Msg::Resize(width, height)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        _ => None,
    }
}

/// The signal that ended the loop (0: none), for the exit code 128 + it.
static ENDED_BY_SIGNAL: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

/// Records a hangup (SIGHUP, 1) as what ended the loop, unless a signal
/// already did.
pub(crate) fn end_as_hangup() {
    let _ = ENDED_BY_SIGNAL.compare_exchange(
        0,
        1,
        std::sync::atomic::Ordering::SeqCst,
        std::sync::atomic::Ordering::SeqCst,
    );
}

/// The signal number that ended the terminal UI, if one did: the process
/// then exits with 128 + it, as a shell expects of a program a signal ended.
pub fn ended_by_signal() -> Option<i32> {
    match ENDED_BY_SIGNAL.load(std::sync::atomic::Ordering::SeqCst) {
        0 => None,
        n => Some(n),
    }
}

fn is_suspend(key: &crossterm::event::KeyEvent) -> bool {
    use crossterm::event::{KeyCode, KeyModifiers};
    key.kind != KeyEventKind::Release
        && key.modifiers.contains(KeyModifiers::CONTROL)
        && matches!(key.code, KeyCode::Char('z' | 'Z'))
}

/// SIGTERM, SIGHUP (an SSH session dropping), and SIGINT or SIGQUIT sent
/// from outside (in raw mode Ctrl-C is a key, not a signal) end the loop
/// like `q`, so the terminal is restored on the normal path.
struct Signals {
    streams: Vec<(i32, tokio::signal::unix::Signal)>,
}

impl Signals {
    fn new(enabled: bool) -> Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        let mut streams = Vec::new();
        if enabled {
            for (number, kind) in [
                (15, SignalKind::terminate()),
                (1, SignalKind::hangup()),
                (2, SignalKind::interrupt()),
                (3, SignalKind::quit()),
            ] {
                streams.push((number, signal(kind)?));
            }
        }
        Ok(Signals { streams })
    }

    fn enabled(&self) -> bool {
        !self.streams.is_empty()
    }

    /// Waits for one of the signals; its number.
    async fn recv(&mut self) -> i32 {
        if self.streams.is_empty() {
            return std::future::pending().await;
        }
        let waits = self
            .streams
            .iter_mut()
            .map(|(number, s)| Box::pin(async move { s.recv().await.map(|_| *number) }));
        let (got, _, _) = futures::future::select_all(waits).await;
        // A stream that ended (the driver is gone) reads as SIGTERM.
        got.unwrap_or(15)
    }
}

/// Runs the real loop on any backend (a `TestBackend` in tests) with
/// scripted events and the given runner, for at most `limit`. Returns when
/// the script is done and drawn, or the model quits.
pub async fn run_headless<B: Backend, R: EffectRunner>(
    terminal: &mut Terminal<B>,
    model: &mut Model,
    runner: &mut R,
    script: Vec<Step>,
    first: Vec<Effect>,
    limit: Duration,
) -> Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let mut input = Input::Script(script.into());
    let parts = LoopParts {
        runner,
        input: &mut input,
        replies: tokio::sync::mpsc::unbounded_channel(),
        clock: None,
        signals: false,
    };
    let outcome = tokio::time::timeout(limit, run_loop(terminal, model, parts, first)).await;
    match outcome {
        Ok(result) => result,
        Err(_) => Err(eyre!(
            "the scripted session timed out after {limit:?} waiting for: {}",
            input.waiting_on().unwrap_or("the next event")
        )),
    }
}
