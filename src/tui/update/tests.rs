//! `update` tests: keys and transitions of every screen, asserted on the
//! model and the effects returned. No terminal, no network.

use crossterm::event::{KeyCode, MouseButton, MouseEvent, MouseEventKind};
use tokio::sync::oneshot;

use super::*;
use crate::config::CloudSummary;
use crate::keystone::CreatedCredential;
use crate::secret::Secret;
use crate::tui::keymap::KeyContext;
use crate::tui::model::popups::DeleteStatus;
use crate::tui::model::{Pane, SortBy};
use crate::tui::msg::{CloudList, ErrorReport, PromptFor, Reply, Tag, names};
use crate::tui::testing::*;
use crate::tui::theme::Theme;

fn press(model: &mut Model, code: KeyCode) -> Vec<Effect> {
    update(model, Msg::Key(key(code)))
}

fn type_keys(model: &mut Model, text: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for c in text.chars() {
        effects.extend(update(model, Msg::Key(char_key(c))));
    }
    effects
}

fn reply(model: &mut Model, tag: Tag, reply: Reply) -> Vec<Effect> {
    update(
        model,
        Msg::Reply {
            tag,
            requests_sent: Some(9),
            reply,
        },
    )
}

fn selected_name(model: &Model) -> String {
    model
        .table
        .selected_credential()
        .map(|c| c.name.clone())
        .unwrap_or_default()
}

fn visible_names(model: &Model) -> Vec<String> {
    model
        .table
        .visible
        .iter()
        .map(|&i| model.table.items[i].name.clone())
        .collect()
}

fn tag_of(effects: &[Effect], name: &str) -> Tag {
    effects
        .iter()
        .find(|e| e.name() == name)
        .and_then(Effect::tag)
        .unwrap_or_else(|| panic!("no {name} effect in {:?}", names(effects)))
}

fn error(what: &str) -> ErrorReport {
    ErrorReport::new(what, "Keystone answered 500").with_hint(Some("try again".to_string()))
}

// --- start, cloud picker, login -------------------------------------------

#[test]
fn without_a_cloud_the_picker_reads_clouds_yaml() {
    let mut model = Model::new(now(), Theme { color: true }, 80, 24);
    let effects = init(&mut model, None);
    assert_eq!(names(&effects), ["list-clouds"]);
    assert!(matches!(model.screen, Screen::CloudPicker));
    assert!(model.requests.busy());
}

#[test]
fn picker_lists_clouds_and_logs_in_to_the_chosen_one() {
    let mut model = Model::new(now(), Theme { color: true }, 80, 24);
    let effects = init(&mut model, None);
    let summary = |name: &str, source: Option<&str>| CloudSummary {
        name: name.to_string(),
        auth_url: Some("http://k:5000/v3".to_string()),
        username: Some("demo".to_string()),
        auth_type: "password".to_string(),
        source_file: source.map(Into::into),
    };
    let list = CloudList {
        clouds: vec![
            summary("devstack", Some("/c.yaml")),
            summary("prod", Some("/c.yaml")),
            summary("envvars", None),
        ],
        environment_name: Some("envvars".to_string()),
    };
    reply(
        &mut model,
        tag_of(&effects, "list-clouds"),
        Reply::Clouds(Ok(list)),
    );
    assert!(!model.requests.busy());
    let labels: Vec<&str> = model.clouds.rows.iter().map(|r| r.label()).collect();
    assert_eq!(labels, ["devstack", "prod", "environment"]);

    press(&mut model, KeyCode::Char('j'));
    press(&mut model, KeyCode::Char('j'));
    press(&mut model, KeyCode::Char('j'));
    assert_eq!(model.clouds.selected, 2, "stops at the last row");
    press(&mut model, KeyCode::Char('k'));
    let effects = press(&mut model, KeyCode::Enter);
    assert_eq!(names(&effects), ["login"]);
    assert!(matches!(
        &effects[0],
        Effect::Login { cloud: crate::tui::msg::CloudChoice::Named(n), .. } if n == "prod"
    ));
    assert_eq!(model.clouds.logging_in.as_deref(), Some("prod"));
    // A second Enter while logging in does nothing.
    assert!(press(&mut model, KeyCode::Enter).is_empty());

    let login = tag_of(&effects, "login");
    let effects = reply(&mut model, login, Reply::LoggedIn(Ok(session())));
    assert!(matches!(model.screen, Screen::Main));
    assert_eq!(
        names(&effects),
        ["load-credentials", "load-scopes", "load-roles"],
        "list, scopes and roles load in parallel"
    );
    assert_eq!(model.requests_sent, 9);
}

#[test]
fn failed_login_shows_the_error_and_the_picker() {
    let mut model = Model::new(now(), Theme { color: true }, 80, 24);
    let cloud = crate::config::CloudConfig {
        name: "devstack".to_string(),
        auth_type: crate::config::AuthType::Password,
        auth: Default::default(),
        region_name: None,
        interface: "public".to_string(),
        identity_api_version: None,
        tls: Default::default(),
        api_timeout: None,
        source_file: None,
    };
    let effects = init(&mut model, Some(cloud));
    assert_eq!(names(&effects), ["login"]);
    let effects = reply(
        &mut model,
        tag_of(&effects, "login"),
        Reply::LoggedIn(Err(error("Logging in to devstack failed"))),
    );
    assert_eq!(names(&effects), ["list-clouds"]);
    assert!(matches!(model.screen, Screen::CloudPicker));
    assert!(matches!(model.overlays.last(), Some(Overlay::Error(_))));
    assert!(
        model
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("500"))
    );
    press(&mut model, KeyCode::Esc);
    assert!(model.overlays.is_empty(), "Esc dismisses the error");
}

// --- credential table -----------------------------------------------------

#[test]
fn selection_stays_in_bounds() {
    let mut model = logged_in(80, 24);
    assert_eq!(selected_name(&model), "backup-nightly", "sorted by name");
    press(&mut model, KeyCode::Up);
    assert_eq!(model.table.selected, 0);
    press(&mut model, KeyCode::Char('G'));
    assert_eq!(selected_name(&model), "terraform");
    press(&mut model, KeyCode::Down);
    assert_eq!(model.table.selected, 4);
    press(&mut model, KeyCode::Char('g'));
    assert_eq!(model.table.selected, 0);
    press(&mut model, KeyCode::PageDown);
    assert_eq!(model.table.selected, 4);
    press(&mut model, KeyCode::PageUp);
    assert_eq!(model.table.selected, 0);
    press(&mut model, KeyCode::Char('j'));
    assert_eq!(selected_name(&model), "ci-pipeline");
}

#[test]
fn paging_scrolls_a_long_list() {
    let mut model = logged_in(80, 24);
    let many = (0..500)
        .map(|i| credential(&format!("cred-{i:04}"), Some(i - 100)))
        .collect();
    model.table.set_items(many);
    let page = table_page(&model);
    press(&mut model, KeyCode::PageDown);
    assert_eq!(model.table.selected, page);
    assert!(model.table.offset > 0);
    assert!(model.table.selected < model.table.offset + page);
    press(&mut model, KeyCode::End);
    assert_eq!(model.table.selected, 499);
    assert_eq!(model.table.offset, 500 - page);
}

#[test]
fn filter_narrows_as_you_type_and_esc_clears() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char('/'));
    assert!(model.table.filtering);
    type_keys(&mut model, "dep");
    assert_eq!(visible_names(&model), ["old-deploy"]);
    // q is text while filtering, not quit.
    let effects = type_keys(&mut model, "q");
    assert!(effects.is_empty() && !model.quitting);
    assert!(visible_names(&model).is_empty());
    press(&mut model, KeyCode::Backspace);
    press(&mut model, KeyCode::Enter);
    assert!(!model.table.filtering);
    assert_eq!(
        visible_names(&model),
        ["old-deploy"],
        "Enter keeps the filter"
    );
    press(&mut model, KeyCode::Esc);
    assert_eq!(visible_names(&model).len(), 5, "Esc clears it");
}

#[test]
fn fuzzy_filter_matches_out_of_order_letters() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char('/'));
    type_keys(&mut model, "cipl");
    assert_eq!(visible_names(&model), ["ci-pipeline"]);
    press(&mut model, KeyCode::Esc);
    assert!(!model.table.filtering);
    assert_eq!(visible_names(&model).len(), 5);
}

#[test]
fn sort_toggles_between_name_and_expiry() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char('s'));
    assert_eq!(model.table.sort, SortBy::Expiry);
    assert_eq!(
        visible_names(&model),
        [
            "old-deploy",
            "backup-nightly",
            "ci-pipeline",
            "monitoring",
            "terraform"
        ],
        "expired first, never last"
    );
    assert_eq!(
        selected_name(&model),
        "backup-nightly",
        "selection follows the credential"
    );
    press(&mut model, KeyCode::Char('s'));
    assert_eq!(model.table.sort, SortBy::Name);
}

#[test]
fn space_marks_and_delete_confirms_each_marked() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char(' ')); // backup-nightly
    press(&mut model, KeyCode::Char('j')); // skip monitoring
    press(&mut model, KeyCode::Char(' ')); // monitoring
    assert_eq!(model.table.marked.len(), 2);
    press(&mut model, KeyCode::Char('d'));
    let Some(Overlay::Delete(dialog)) = model.overlays.last() else {
        panic!("no delete dialog");
    };
    let names_in_dialog: Vec<&str> = dialog.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names_in_dialog, ["backup-nightly", "monitoring"]);
    assert_eq!(dialog.rows[1].roles, ["reader"]);

    let effects = press(&mut model, KeyCode::Char('y'));
    assert_eq!(names(&effects), ["delete", "delete"]);
    // Confirming twice sends nothing more.
    assert!(press(&mut model, KeyCode::Char('y')).is_empty());

    let ids: Vec<(Tag, String)> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Delete { tag, id, .. } => Some((*tag, id.clone())),
            _ => None,
        })
        .collect();
    reply(
        &mut model,
        ids[0].0,
        Reply::Deleted {
            id: ids[0].1.clone(),
            result: Ok(()),
        },
    );
    reply(
        &mut model,
        ids[1].0,
        Reply::Deleted {
            id: ids[1].1.clone(),
            result: Err(error("Deleting failed")),
        },
    );
    let Some(Overlay::Delete(dialog)) = model.overlays.last() else {
        panic!("the dialog stays to show results");
    };
    assert_eq!(dialog.rows[0].status, DeleteStatus::Deleted);
    assert!(matches!(&dialog.rows[1].status, DeleteStatus::Failed(m) if m.contains("try again")));
    assert!(dialog.finished());
    assert_eq!(model.notice.as_deref(), Some("deleted 1 of 2"));
    assert_eq!(model.table.items.len(), 4);
    assert!(!visible_names(&model).contains(&"backup-nightly".to_string()));
    assert_eq!(model.table.marked.len(), 1, "the failed one stays marked");
    press(&mut model, KeyCode::Esc);
    assert!(model.overlays.is_empty());
}

#[test]
fn delete_without_marks_takes_the_selection_and_can_be_cancelled() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char('j'));
    press(&mut model, KeyCode::Char('d'));
    let Some(Overlay::Delete(dialog)) = model.overlays.last() else {
        panic!("no delete dialog");
    };
    assert_eq!(dialog.rows.len(), 1);
    assert_eq!(dialog.rows[0].name, "ci-pipeline");
    assert_eq!(dialog.rows[0].roles, ["member", "reader"]);
    let effects = press(&mut model, KeyCode::Char('n'));
    assert!(effects.is_empty());
    assert!(model.overlays.is_empty());
    assert_eq!(model.table.items.len(), 5);
}

#[test]
fn esc_clears_marks_and_filter() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char(' '));
    press(&mut model, KeyCode::Char('/'));
    type_keys(&mut model, "e");
    press(&mut model, KeyCode::Enter);
    press(&mut model, KeyCode::Esc);
    assert!(model.table.marked.is_empty());
    assert_eq!(model.table.filter.value(), "");
}

// --- scopes, stale replies, refresh ----------------------------------------

#[test]
fn rescoping_drops_replies_for_the_scope_left() {
    let mut model = logged_in(80, 24);
    // A refresh goes out on the current scope...
    let old = press(&mut model, KeyCode::Char('r'));
    assert_eq!(
        names(&old),
        ["load-credentials", "load-scopes", "load-roles"]
    );
    // ...then the person switches to project alt-demo.
    press(&mut model, KeyCode::Char('p'));
    assert_eq!(model.focus, Pane::Scopes);
    let entries: Vec<&str> = model
        .scopes
        .entries
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(entries, ["system", "Default", "admin", "alt-demo", "demo"]);
    assert_eq!(model.scopes.selected, 4, "the current scope is selected");
    press(&mut model, KeyCode::Up);
    let effects = press(&mut model, KeyCode::Enter);
    assert_eq!(names(&effects), ["rescope"]);
    assert!(model.table.items.is_empty() && model.table.loading);
    assert_eq!(model.focus, Pane::Credentials);

    // The old list arrives late: dropped.
    let stale = tag_of(&old, "load-credentials");
    reply(&mut model, stale, Reply::Credentials(Ok(credentials())));
    assert!(model.table.items.is_empty(), "stale reply dropped");
    assert!(model.table.loading);

    let mut info = session();
    info.token.scope = project_scope("p0000000000000000000000000000002", "alt-demo");
    let next = reply(
        &mut model,
        tag_of(&effects, "rescope"),
        Reply::Rescoped(Ok(info)),
    );
    assert_eq!(names(&next), ["load-credentials", "load-roles"]);
    reply(
        &mut model,
        tag_of(&next, "load-credentials"),
        Reply::Credentials(Ok(vec![credential("alt-only", Some(30))])),
    );
    assert_eq!(visible_names(&model), ["alt-only"]);
    assert!(
        model
            .requests
            .pending
            .iter()
            .all(|(_, l)| l != "credentials")
    );
}

#[test]
fn enter_on_the_current_scope_sends_nothing() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char('p'));
    assert!(press(&mut model, KeyCode::Enter).is_empty());
}

#[test]
fn tab_cycles_panes_and_esc_returns_to_the_table() {
    let mut model = logged_in(80, 24);
    assert_eq!(model.focus, Pane::Credentials);
    press(&mut model, KeyCode::Tab);
    assert_eq!(model.focus, Pane::Detail);
    press(&mut model, KeyCode::Tab);
    assert_eq!(model.focus, Pane::Scopes);
    press(&mut model, KeyCode::BackTab);
    assert_eq!(model.focus, Pane::Detail);
    press(&mut model, KeyCode::Esc);
    assert_eq!(model.focus, Pane::Credentials);
    press(&mut model, KeyCode::Enter);
    assert_eq!(model.focus, Pane::Detail, "Enter opens the detail");
}

#[test]
fn detail_scroll_stays_in_range() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char('G')); // terraform: most lines
    press(&mut model, KeyCode::Tab);
    for _ in 0..50 {
        press(&mut model, KeyCode::Down);
    }
    let last = crate::tui::view::detail::line_count(&model) - 1;
    assert_eq!(model.detail_scroll, last);
    press(&mut model, KeyCode::Char('g'));
    assert_eq!(model.detail_scroll, 0);
}

// --- popups -----------------------------------------------------------------

#[test]
fn failed_load_opens_a_dismissible_error_and_keeps_running() {
    let mut model = logged_in(80, 24);
    let effects = press(&mut model, KeyCode::Char('r'));
    reply(
        &mut model,
        tag_of(&effects, "load-credentials"),
        Reply::Credentials(Err(error("Loading the credentials failed"))),
    );
    assert!(matches!(model.overlays.last(), Some(Overlay::Error(r)) if r.hint.is_some()));
    assert!(model.last_error.is_some());
    assert!(!model.table.loading);
    // Keys go to the popup: j does not move the table.
    press(&mut model, KeyCode::Char('j'));
    assert_eq!(model.table.selected, 0);
    press(&mut model, KeyCode::Enter);
    assert!(model.overlays.is_empty());
    press(&mut model, KeyCode::Char('j'));
    assert_eq!(model.table.selected, 1);
}

#[test]
fn help_shows_the_current_context_and_closes() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char('p'));
    press(&mut model, KeyCode::Char('?'));
    assert!(matches!(
        model.overlays.last(),
        Some(Overlay::Help(KeyContext::ScopePane))
    ));
    // q closes the help rather than quitting.
    let effects = press(&mut model, KeyCode::Char('q'));
    assert!(effects.is_empty() && model.overlays.is_empty() && !model.quitting);
}

#[test]
fn q_and_ctrl_c_quit() {
    let mut model = logged_in(80, 24);
    assert_eq!(names(&press(&mut model, KeyCode::Char('q'))), ["quit"]);
    assert!(model.quitting);

    let mut model = logged_in(80, 24);
    let (answer, _wait) = oneshot::channel();
    update(
        &mut model,
        Msg::PromptNeeded {
            prompt: PromptFor {
                label: "Password".to_string(),
                user: "demo".to_string(),
            },
            answer,
        },
    );
    // In the password field q is text, Ctrl-C still quits.
    assert!(type_keys(&mut model, "q").is_empty());
    assert_eq!(names(&update(&mut model, Msg::Key(ctrl('c')))), ["quit"]);

    let mut model = logged_in(80, 24);
    assert_eq!(
        names(&update(&mut model, Msg::Quit)),
        ["quit"],
        "signals quit"
    );
}

#[test]
fn password_prompt_answers_through_the_channel() {
    let mut model = logged_in(80, 24);
    let (answer, mut wait) = oneshot::channel();
    update(
        &mut model,
        Msg::PromptNeeded {
            prompt: PromptFor {
                label: "Password".to_string(),
                user: "demo".to_string(),
            },
            answer,
        },
    );
    type_keys(&mut model, "s3cr3tX");
    press(&mut model, KeyCode::Backspace);
    let Some(Overlay::Prompt(prompt)) = model.overlays.last() else {
        panic!("no prompt");
    };
    assert_eq!(prompt.field.char_count(), 6);
    let effects = press(&mut model, KeyCode::Enter);
    assert!(model.overlays.is_empty());
    let [Effect::AnswerPrompt { answer, value }] = <[Effect; 1]>::try_from(effects)
        .unwrap_or_else(|e| panic!("one effect expected, got {:?}", names(&e)))
    else {
        panic!("not an answer");
    };
    assert_eq!(value.as_ref().map(Secret::expose), Some("s3cr3t"));
    let _ = answer.send(value);
    assert_eq!(
        wait.try_recv().ok().flatten().as_ref().map(Secret::expose),
        Some("s3cr3t")
    );
}

#[test]
fn password_prompt_esc_answers_none() {
    let mut model = logged_in(80, 24);
    let (answer, _wait) = oneshot::channel();
    update(
        &mut model,
        Msg::PromptNeeded {
            prompt: PromptFor {
                label: "TOTP passcode".to_string(),
                user: "demo".to_string(),
            },
            answer,
        },
    );
    type_keys(&mut model, "123");
    let effects = press(&mut model, KeyCode::Esc);
    assert!(matches!(
        effects.as_slice(),
        [Effect::AnswerPrompt { value: None, .. }]
    ));
}

// --- mouse, resize, tick ------------------------------------------------------

fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Msg {
    Msg::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: crossterm::event::KeyModifiers::NONE,
    })
}

#[test]
fn click_selects_a_row_and_wheel_scrolls() {
    let mut model = logged_in(80, 24);
    let rows = main_layout(&model).table_rows();
    update(
        &mut model,
        mouse(
            MouseEventKind::Down(MouseButton::Left),
            rows.x + 3,
            rows.y + 2,
        ),
    );
    assert_eq!(model.table.selected, 2);
    assert_eq!(model.focus, Pane::Credentials);
    // A click below the last row changes nothing.
    update(
        &mut model,
        mouse(
            MouseEventKind::Down(MouseButton::Left),
            rows.x + 3,
            rows.y + 6,
        ),
    );
    assert_eq!(model.table.selected, 2);
    update(
        &mut model,
        mouse(MouseEventKind::ScrollDown, rows.x, rows.y),
    );
    assert_eq!(model.table.selected, 4);
    update(&mut model, mouse(MouseEventKind::ScrollUp, rows.x, rows.y));
    assert_eq!(model.table.selected, 1);

    let scopes = main_layout(&model).scope_rows();
    update(
        &mut model,
        mouse(
            MouseEventKind::Down(MouseButton::Left),
            scopes.x,
            scopes.y + 1,
        ),
    );
    assert_eq!(model.focus, Pane::Scopes);
    assert_eq!(model.scopes.selected, 1);
}

#[test]
fn resize_keeps_the_selection_on_screen() {
    let mut model = logged_in(160, 48);
    let many = (0..200)
        .map(|i| credential(&format!("cred-{i:03}"), Some(i)))
        .collect();
    model.table.set_items(many);
    press(&mut model, KeyCode::Char('G'));
    update(&mut model, Msg::Resize(80, 24));
    let page = table_page(&model);
    assert!(model.table.selected >= model.table.offset);
    assert!(model.table.selected < model.table.offset + page);
}

#[test]
fn tick_moves_the_clock_and_turns_the_spinner_only_when_busy() {
    let mut model = logged_in(80, 24);
    let later = now() + chrono::Duration::minutes(1);
    update(&mut model, Msg::Tick(later));
    assert_eq!(model.now, later);
    assert_eq!(model.spinner, 0);
    press(&mut model, KeyCode::Char('r'));
    update(&mut model, Msg::Tick(later));
    assert_eq!(model.spinner, 1);
}

// --- wizard and reveal hosting ------------------------------------------------

#[test]
fn n_opens_the_wizard_on_a_project_and_esc_leaves_it() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char('n'));
    assert!(matches!(model.screen, Screen::Wizard(_)));
    // Esc on the first step leaves.
    let effects = press(&mut model, KeyCode::Esc);
    assert!(effects.is_empty());
    assert!(matches!(model.screen, Screen::Main));
}

#[test]
fn n_on_a_domain_scope_explains_instead() {
    let mut model = logged_in(80, 24);
    if let Some(s) = model.session.as_mut() {
        s.token.scope = crate::keystone::Scope::Domain {
            id: "default".to_string(),
            name: "Default".to_string(),
        };
    }
    press(&mut model, KeyCode::Char('n'));
    assert!(matches!(model.screen, Screen::Main));
    assert!(matches!(model.overlays.last(), Some(Overlay::Error(_))));
}

#[test]
fn a_created_credential_opens_the_reveal_screen_and_leaving_drops_it() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char('n'));
    let tag = model.requests.start("create new-one");
    let created = CreatedCredential {
        credential: credential("new-one", Some(30)),
        secret: Secret::new("fake-secret-0123456789"),
    };
    reply(&mut model, tag, Reply::Created(Ok(created)));
    let Screen::Reveal(state) = &model.screen else {
        panic!("no reveal screen");
    };
    assert_eq!(
        state.secret().map(Secret::expose),
        Some("fake-secret-0123456789")
    );
    assert!(visible_names(&model).contains(&"new-one".to_string()));

    // y copies the secret through an effect.
    let effects = press(&mut model, KeyCode::Char('y'));
    assert_eq!(names(&effects), ["copy-to-clipboard"]);
    reply(
        &mut model,
        tag_of(&effects, "copy-to-clipboard"),
        Reply::Copied {
            what: crate::tui::msg::CopyWhat::Secret,
            result: Ok("the terminal's clipboard (OSC 52)".to_string()),
        },
    );

    // Leaving asks first, then drops the state (and the secret).
    press(&mut model, KeyCode::Esc);
    assert!(matches!(&model.screen, Screen::Reveal(s) if s.is_confirming_leave()));
    press(&mut model, KeyCode::Char('y'));
    assert!(matches!(model.screen, Screen::Main));
}

#[test]
fn a_failed_create_goes_back_to_the_wizard_review() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char('n'));
    let tag = model.requests.start("create x");
    reply(
        &mut model,
        tag,
        Reply::Created(Err(error("Creating the credential failed"))),
    );
    let Screen::Wizard(state) = &model.screen else {
        panic!("the wizard stays open");
    };
    assert!(state.error().is_some_and(|e| e.contains("try again")));
    assert!(model.overlays.is_empty());
}

#[test]
fn a_created_credential_is_never_dropped_as_stale() {
    let mut model = logged_in(80, 24);
    let tag = model.requests.start("create kept");
    model.requests.start_generation("switch scope");
    let created = CreatedCredential {
        credential: credential("kept", None),
        secret: Secret::new("fake"),
    };
    reply(&mut model, tag, Reply::Created(Ok(created)));
    assert!(matches!(model.screen, Screen::Reveal(_)));
}
