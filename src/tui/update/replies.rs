//! Answers from the effect runner. A reply tagged with an older generation
//! belongs to a cloud or scope the person already left and is dropped;
//! a new credential and a deletion are never dropped (they happened, and a
//! new secret must reach the reveal screen).

use super::signal_create;
// The screens' hosts: the replies meant for each go to it.
use crate::tui::model::session;
use crate::tui::model::{Model, Pane, Screen};
use crate::tui::msg::{Effect, ErrorReport, Reply, Tag};
use crate::tui::popups::delete;
use crate::tui::screens::audit::host as audit;
use crate::tui::screens::main::{scope_page, table_page};
use crate::tui::screens::reveal::host as reveal;
use crate::tui::screens::rotate::host as rotate;
use crate::tui::screens::wizard::host as wizard;
use crate::tui::screens::wizard::{RoleSourceStatus, RolesStatus};

pub fn on_reply(
    model: &mut Model,
    tag: Tag,
    requests_sent: Option<u64>,
    reply: Reply,
) -> Vec<Effect> {
    // Progress is one of several answers to one request: not its end.
    if let Reply::AuditProgress(progress) = reply {
        audit::on_progress(model, tag, progress);
        return Vec::new();
    }
    // The record of where credentials are held rides along other answers
    // (the list, an export): it ends no request and is never stale.
    if let Reply::Held(ledger) = reply {
        model.table.held = ledger;
        return Vec::new();
    }
    model.requests.finish(tag.request);
    let current = model.requests.is_current(tag);
    if current && let Some(sent) = requests_sent {
        model.requests_sent = model.requests_sent.max(sent);
    }
    match reply {
        Reply::Clouds(result) => match result {
            Ok(list) => return crate::tui::screens::cloud_picker::host::on_cloud_list(model, list),
            Err(report) => {
                model.clouds.loading = false;
                model.clouds.loaded = true;
                session::show_error(model, report);
            }
        },
        Reply::LoggedIn(result) if current => {
            model.clouds.logging_in = None;
            match result {
                Ok(info) => {
                    model.scopes.loading = true;
                    model.session = Some(info);
                    model.screen = Screen::Main;
                    model.focus = Pane::Credentials;
                    model.last_error = None;
                    return session::load_all(model);
                }
                Err(report) => {
                    model.table.loading = false;
                    session::show_error(model, report);
                    // Nowhere to go without a session but the picker.
                    return crate::tui::screens::cloud_picker::host::open_cloud_picker(model);
                }
            }
        }
        Reply::Credentials(result) if current => match result {
            Ok(items) => {
                model.table.set_items(items);
                let page = table_page(model);
                model.table.scroll_into_view(page);
            }
            Err(report) => {
                model.table.loading = false;
                session::show_error(model, report);
            }
        },
        Reply::Scopes(result) if current => match result {
            Ok(choices) => {
                model.scopes.set_choices(choices);
                if let Some(info) = &model.session {
                    let page = scope_page(model);
                    model.scopes.select_current(&info.token.scope, page);
                }
            }
            Err(report) => {
                model.scopes.loading = false;
                session::show_error(model, report);
            }
        },
        Reply::Roles(result) if current => match result {
            Ok(roles) => {
                model.roles_status = RolesStatus::Loaded;
                if let Screen::Wizard(wizard) = &mut model.screen {
                    wizard.set_roles(RolesStatus::Loaded, Some(roles.clone()));
                }
                model.roles = roles;
            }
            Err(report) => {
                let reason = report.message.clone();
                model.roles_status = RolesStatus::Failed(reason.clone());
                if let Screen::Wizard(wizard) = &mut model.screen {
                    // The roles step says why, with `r` to retry; no popup over the wizard.
                    wizard.set_roles(RolesStatus::Failed(reason), None);
                    model.last_error = Some(format!("{}: {}", report.what, report.message));
                } else {
                    session::show_error(model, report);
                }
            }
        },
        Reply::RoleSource(result) if current => {
            if let Screen::Wizard(wizard) = &mut model.screen {
                wizard.set_role_source(match result {
                    Ok(source) => RoleSourceStatus::Known(source),
                    Err(report) => RoleSourceStatus::Unknown(report.message),
                });
            }
        }
        Reply::Rescoped(result) if current => match result {
            Ok(info) => {
                let page = scope_page(model);
                model.scopes.select_current(&info.token.scope, page);
                model.notice = Some(format!("now on {}", info.token.scope.label()));
                model.session = Some(info);
                let mut effects = session::load_credentials(model);
                effects.extend(session::load_roles(model));
                return effects;
            }
            Err(report) => {
                session::show_error(model, report);
                // The token stayed where it was: show its credentials again.
                let mut effects = session::load_credentials(model);
                effects.extend(session::load_roles(model));
                return effects;
            }
        },
        Reply::Created(result) => match result {
            Ok(created) if model.delete_after_create => {
                return signal_create::on_created(model, created);
            }
            Ok(created) => {
                let effects = if rotate::creating(model) {
                    rotate::on_created(model, created)
                } else {
                    reveal::open(model, created);
                    Vec::new()
                };
                if std::mem::take(&mut model.quit_after_create) {
                    model.notice = Some(
                        "You asked to quit while this was being created: note the secret \
                         (shown only now), then leave with q"
                            .to_string(),
                    );
                }
                return effects;
            }
            // Nothing was created: the quit asked for meanwhile can happen.
            Err(_) if model.quit_after_create => {
                model.quitting = true;
                return vec![Effect::Quit];
            }
            Err(report) if rotate::creating(model) => rotate::on_create_failed(model, report),
            Err(report) => wizard::create_failed(model, report),
        },
        Reply::Deleted { id, result } => {
            if let Some(effects) = signal_create::on_deleted(model, &id, &result) {
                return effects;
            }
            let ok = result.is_ok();
            delete::on_deleted(model, &id, result);
            rotate::on_deleted(model, &id, ok);
        }
        Reply::Copied { what, result } => {
            let seconds = model.ctx.settings.clipboard_clear_seconds;
            let result = result.map(|place| reveal::copied_text(what, &place, seconds));
            reveal::report(model, result);
        }
        Reply::ClipboardCleared(result) => match result {
            Ok(text) => model.notice = Some(text),
            Err(report) => model.last_error = Some(format!("{}: {}", report.what, report.message)),
        },
        Reply::ExportInGitTree { format, path, root } => match model.reveal_mut() {
            Some(state) => state.export_in_git_tree(format, path, root),
            None => {
                model.notice = Some(format!(
                    "Not written: {} is inside the git work tree {}",
                    path.display(),
                    root.display()
                ));
            }
        },
        // Unreachable (handled above); kept so the match stays exhaustive.
        Reply::Held(_) => {}
        Reply::Stored { address, result } => reveal::on_stored(model, &address, result),
        Reply::HandedOff { recipient, result } => reveal::on_handed_off(model, &recipient, result),
        Reply::Exported(result) => {
            let result = result.map(|path| format!("Wrote {} (mode 0600)", path.display()));
            reveal::report(model, result);
        }
        Reply::Audited(result) if current => audit::on_result(model, result),
        // Unreachable (handled above); kept so the match stays exhaustive.
        Reply::AuditProgress(_) => {}
        Reply::Verified(result) => {
            let effects = rotate::on_verified(model, &result);
            let retiring_next = matches!(model.screen, Screen::Rotate(_));
            let result = result.and_then(|report| {
                if report.works {
                    let next = if retiring_next {
                        "; leave this screen (Esc) to delete or keep the old one"
                    } else {
                        ""
                    };
                    Ok(format!(
                        "It works: Keystone issued a token for the new credential{next}"
                    ))
                } else {
                    Err(ErrorReport::new(
                        "The new credential does not work",
                        report
                            .reason
                            .unwrap_or_else(|| "Keystone refused it".to_string()),
                    ))
                }
            });
            reveal::report(model, result);
            return effects;
        }
        Reply::CloudEntries(result) => return rotate::on_consumers_found(model, result),
        Reply::CloudsUpdated(result) => return rotate::on_consumers_updated(model, result),
        // A reply for a scope or cloud already left.
        Reply::LoggedIn(_)
        | Reply::Credentials(_)
        | Reply::Scopes(_)
        | Reply::Roles(_)
        | Reply::RoleSource(_)
        | Reply::Rescoped(_)
        | Reply::Audited(_) => {
            tracing::debug!(request = tag.request, "dropped a stale reply");
        }
    }
    Vec::new()
}
