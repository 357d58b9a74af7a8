//! The rotation's one entry point: [`update`] takes what happened (a key,
//! or an answer from Keystone or the disk) and moves the [`Rotation`] to
//! its next phase, returning what to send and what to say as a
//! [`Reaction`]. Pure and synchronous: the host (`host.rs`) tags the
//! requests and shows what is said; tests walk the machine with this
//! function alone.

use crossterm::event::KeyEvent;

use super::confirm::{self, Answer};
use super::questions::still_old;
use super::state::{Consumers, Phase, Progress, Rotation};
use crate::export::EntryRef;
use crate::keys::{Action, KeyContext};
use crate::keystone::{ApplicationCredential, NewApplicationCredential, VerifyReport};
use crate::secret::Secret;
use crate::tui::context::Context;
use crate::tui::error_report::ErrorReport;
use crate::tui::popups::Info;
use crate::tui::screens::reveal::{self, RevealState};

/// What happened to the rotation.
pub enum Event<'a> {
    Key(KeyEvent),
    /// Keystone created the successor; the host built its reveal screen.
    Created(Box<RevealState>),
    CreateFailed(ErrorReport),
    Verified(&'a Result<VerifyReport, ErrorReport>),
    ConsumersFound(Result<Consumers, ErrorReport>),
    /// The report lines, and whether every updated consumer authenticates.
    ConsumersUpdated(Result<(Vec<String>, bool), ErrorReport>),
    /// A deletion answered (any credential's: the rotation checks the id).
    Deleted {
        id: &'a str,
        ok: bool,
    },
}

/// A request the rotation needs sent. No `Debug`: some carry the secret.
pub enum Request {
    Create(NewApplicationCredential),
    Verify {
        id: String,
        secret: Secret,
    },
    /// Look for clouds.yaml entries and consumer files that use `old_id`.
    FindConsumers {
        old_id: String,
        export_dir: Option<std::path::PathBuf>,
    },
    UpdateConsumers {
        entries: Vec<EntryRef>,
        files: Vec<std::path::PathBuf>,
        old_id: String,
        new_id: String,
        secret: Secret,
        /// The successor, for the recorded stores (all its fields are kept).
        successor: Box<ApplicationCredential>,
    },
    DeleteOld {
        id: String,
    },
}

/// What the host does after a step: send, say, and whether the rotation
/// is over (the list again).
#[derive(Default)]
pub struct Reaction {
    pub send: Vec<Request>,
    /// A remark for the status bar.
    pub notice: Option<String>,
    /// An error for a popup (and the status bar).
    pub error: Option<ErrorReport>,
    /// An error the screen already shows: only the status bar's summary.
    pub status_error: Option<String>,
    /// A result for a popup.
    pub info: Option<Info>,
    /// A reveal-screen key's outcome (copy, export, verify) for the reveal
    /// screen's host to run, as it does outside a rotation.
    pub reveal: Option<reveal::Outcome>,
    /// The rotation is over, done or given up.
    pub end: bool,
}

impl Reaction {
    fn send(request: Request) -> Self {
        Reaction {
            send: vec![request],
            ..Reaction::default()
        }
    }

    fn end(notice: Option<String>) -> Self {
        Reaction {
            notice,
            end: true,
            ..Reaction::default()
        }
    }
}

pub fn update(rotation: &mut Rotation, event: Event, ctx: &Context) -> Reaction {
    match event {
        Event::Key(key) => on_key(rotation, key, ctx),
        Event::Created(reveal) => created(rotation, reveal),
        Event::CreateFailed(report) => create_failed(rotation, report),
        Event::Verified(result) => verified(rotation, result, ctx),
        Event::ConsumersFound(result) => consumers_found(rotation, result),
        Event::ConsumersUpdated(result) => consumers_updated(rotation, result),
        Event::Deleted { id, ok } => deleted(rotation, id, ok),
    }
}

fn on_key(rotation: &mut Rotation, key: KeyEvent, ctx: &Context) -> Reaction {
    match &mut rotation.phase {
        Phase::Confirm(c) => match confirm::on_key(c, ctx, key) {
            Answer::None => Reaction::default(),
            Answer::Cancel => Reaction::end(None),
            Answer::Submit => {
                c.error = None;
                let request = c.plan.request.clone();
                take_phase(rotation, |phase| match phase {
                    Phase::Confirm(c) => Phase::Creating(c),
                    other => other,
                });
                Reaction::send(Request::Create(request))
            }
        },
        // No second create while the first is on its way.
        Phase::Creating(_) | Phase::Retiring(_) => Reaction::default(),
        Phase::Reveal {
            reveal,
            progress: progress @ Progress::Asking(_),
        } => {
            let Progress::Asking(found) = &*progress else {
                return Reaction::default();
            };
            match ctx.action(KeyContext::UpdateClouds, &key) {
                Some(Action::Confirm) => {
                    let Some(secret) = reveal.secret().cloned() else {
                        return Reaction::default();
                    };
                    let Consumers { entries, files, .. } = found.clone();
                    let request = Request::UpdateConsumers {
                        entries,
                        files,
                        old_id: rotation.old.id.clone(),
                        new_id: reveal.credential().id.clone(),
                        secret,
                        successor: Box::new(reveal.credential().clone()),
                    };
                    *progress = Progress::Updating;
                    Reaction::send(request)
                }
                Some(Action::Back) => {
                    let notice = still_old(found);
                    *progress = Progress::Works;
                    Reaction {
                        notice: Some(notice),
                        ..Reaction::default()
                    }
                }
                _ => Reaction::default(),
            }
        }
        Phase::Reveal { reveal, .. } => match reveal::handle_key(reveal, ctx, key) {
            // Leaving drops the reveal state and with it the secret.
            reveal::Outcome::Leave => {
                take_phase(rotation, |phase| match phase {
                    Phase::Reveal { progress, .. } => Phase::Retire(progress),
                    other => other,
                });
                Reaction::default()
            }
            outcome => Reaction {
                reveal: Some(outcome),
                ..Reaction::default()
            },
        },
        Phase::Retire(progress) => match ctx.action(KeyContext::Retire, &key) {
            Some(Action::Delete) if progress.may_retire() => {
                let id = rotation.old.id.clone();
                let progress = progress.clone();
                rotation.phase = Phase::Retiring(progress);
                Reaction::send(Request::DeleteOld { id })
            }
            Some(Action::Back) => Reaction::end(Some(format!(
                "kept {} beside {}: both show \"rot\" until you delete the old one",
                rotation.old.name, rotation.new_name
            ))),
            _ => Reaction::default(),
        },
    }
}

/// Moves the phase by value (a phase owns its parts, like the reveal
/// state, that the next one takes or drops).
fn take_phase(rotation: &mut Rotation, next: impl FnOnce(Phase) -> Phase) {
    let placeholder = Phase::Retiring(Progress::Verifying);
    let phase = std::mem::replace(&mut rotation.phase, placeholder);
    rotation.phase = next(phase);
}

/// The successor exists: verify it at once, while its secret is in memory.
fn created(rotation: &mut Rotation, reveal: Box<RevealState>) -> Reaction {
    if !matches!(rotation.phase, Phase::Creating(_)) {
        return Reaction::default();
    }
    let Some(secret) = reveal.secret().cloned() else {
        return Reaction::default();
    };
    let id = reveal.credential().id.clone();
    rotation.phase = Phase::Reveal {
        reveal,
        progress: Progress::Verifying,
    };
    Reaction::send(Request::Verify { id, secret })
}

/// Nothing was created: back on the confirmation, saying why.
fn create_failed(rotation: &mut Rotation, report: ErrorReport) -> Reaction {
    let Phase::Creating(_) = rotation.phase else {
        return Reaction::default();
    };
    take_phase(rotation, |phase| match phase {
        Phase::Creating(mut c) => {
            c.error = Some(match &report.hint {
                Some(hint) => format!("{} — {hint}", report.message),
                None => report.message.clone(),
            });
            Phase::Confirm(c)
        }
        other => other,
    });
    Reaction {
        status_error: Some(format!("{}: {}", report.what, report.message)),
        ..Reaction::default()
    }
}

fn progress_mut(rotation: &mut Rotation) -> Option<&mut Progress> {
    match &mut rotation.phase {
        Phase::Reveal { progress, .. } | Phase::Retire(progress) | Phase::Retiring(progress) => {
            Some(progress)
        }
        Phase::Confirm(_) | Phase::Creating(_) => None,
    }
}

/// Once the successor works, look for what uses the old id.
fn verified(
    rotation: &mut Rotation,
    result: &Result<VerifyReport, ErrorReport>,
    ctx: &Context,
) -> Reaction {
    let old_id = rotation.old.id.clone();
    let Some(progress) = progress_mut(rotation) else {
        return Reaction::default();
    };
    if *progress != Progress::Verifying {
        return Reaction::default();
    }
    match result {
        Ok(report) if report.works => {
            *progress = Progress::LookingForConsumers;
            Reaction::send(Request::FindConsumers {
                old_id,
                export_dir: ctx.settings.export_dir.clone(),
            })
        }
        Ok(report) => {
            let why = report.reason.as_deref().unwrap_or("Keystone refused it");
            *progress = Progress::Fails(why.to_string());
            Reaction::default()
        }
        Err(e) => {
            *progress = Progress::Fails(e.message.clone());
            Reaction::default()
        }
    }
}

/// Found consumers are asked about while the secret is at hand; once the
/// reveal screen was left there is nothing to write them with, so the
/// status bar names them instead (as declining does).
fn consumers_found(rotation: &mut Rotation, result: Result<Consumers, ErrorReport>) -> Reaction {
    let on_reveal = matches!(rotation.phase, Phase::Reveal { .. });
    let Some(progress) = progress_mut(rotation) else {
        return Reaction::default();
    };
    if *progress != Progress::LookingForConsumers {
        return Reaction::default();
    }
    match result {
        Ok(found) if found.is_empty() => {
            *progress = Progress::Works;
            Reaction::default()
        }
        Ok(found) if on_reveal => {
            *progress = Progress::Asking(found);
            Reaction::default()
        }
        Ok(found) => {
            *progress = Progress::Works;
            Reaction {
                notice: Some(still_old(&found)),
                ..Reaction::default()
            }
        }
        Err(report) => {
            *progress = Progress::Works;
            Reaction {
                error: Some(report),
                ..Reaction::default()
            }
        }
    }
}

fn consumers_updated(
    rotation: &mut Rotation,
    result: Result<(Vec<String>, bool), ErrorReport>,
) -> Reaction {
    let Some(progress) = progress_mut(rotation) else {
        return Reaction::default();
    };
    if *progress != Progress::Updating {
        return Reaction::default();
    }
    *progress = if matches!(result, Ok((_, true))) {
        Progress::Works
    } else {
        Progress::ConsumersBroken
    };
    match result {
        Ok((lines, _)) => Reaction {
            info: Some(Info {
                title: "Consumers updated".to_string(),
                lines,
            }),
            ..Reaction::default()
        },
        Err(report) => Reaction {
            error: Some(report),
            ..Reaction::default()
        },
    }
}

/// The old one's deletion answered: the rotation is over either way (on
/// failure the deletion's error popup says why, and both stay).
fn deleted(rotation: &mut Rotation, id: &str, ok: bool) -> Reaction {
    if !matches!(rotation.phase, Phase::Retiring(_)) || rotation.old.id != id {
        return Reaction::default();
    }
    let notice = ok.then(|| {
        format!(
            "rotated: deleted {}; {} replaces it",
            rotation.old.name, rotation.new_name
        )
    });
    Reaction::end(notice)
}
