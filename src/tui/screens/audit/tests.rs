//! The audit screen: its keys, its host (effect, progress,
//! result, a refusal), and snapshots of each phase at 80x24 and 160x48.

use chrono::Duration;
use crossterm::event::KeyCode;

use super::*;
use crate::audit::{Found, Progress, Target};
use crate::keystone::User;
use crate::tui::model::{Model, Overlay, Screen};
use crate::tui::msg::{ErrorReport, Msg, Reply, Tag, names};
use crate::tui::testing::*;
use crate::tui::update::update;

fn user(name: &str, enabled: bool) -> User {
    User {
        id: format!("u-{name}"),
        name: name.to_string(),
        domain_id: Some("default".to_string()),
        enabled,
    }
}

/// Three users: ann fine, bob disabled, cy lost the reader role.
fn found() -> Found {
    let mut creds = credentials();
    let mut found = Found {
        users: 3,
        ..Found::default()
    };
    let ci = creds.remove(0); // member + reader, in 12 d
    let backup = creds.remove(0); // expired
    let terraform = creds.remove(0); // never, unrestricted
    found.credentials.push((user("ann", true), terraform));
    found.credentials.push((user("bob", false), backup));
    found.credentials.push((user("cy", true), ci));
    let project = "p0000000000000000000000000000001".to_string();
    for (u, roles) in [
        ("u-ann", vec![role("r-member", "member")]),
        ("u-bob", vec![role("r-member", "member")]),
        ("u-cy", vec![role("r-member", "member")]),
    ] {
        found.held.insert((u.to_string(), project.clone()), roles);
    }
    found
}

fn open(width: u16, height: u16) -> Model {
    let mut model = logged_in(width, height);
    update(&mut model, Msg::Key(char_key('A')));
    assert!(
        matches!(model.screen, Screen::Audit(_)),
        "A opens the audit"
    );
    model
}

fn state(model: &Model) -> &AuditState {
    match &model.screen {
        Screen::Audit(s) => s,
        _ => panic!("not on the audit screen"),
    }
}

fn start(model: &mut Model) -> Tag {
    let effects = update(model, Msg::Key(key(KeyCode::Enter)));
    assert_eq!(names(&effects), vec!["audit"]);
    match effects.first().and_then(|e| e.tag()) {
        Some(tag) => tag,
        None => panic!("the audit effect has a tag"),
    }
}

#[test]
fn tab_switches_between_the_project_and_its_domain() {
    let mut model = open(80, 24);
    assert_eq!(
        state(&model).target(),
        Target::Project("p0000000000000000000000000000001".to_string())
    );
    update(&mut model, Msg::Key(key(KeyCode::Tab)));
    assert_eq!(
        state(&model).target(),
        Target::Domain("default".to_string())
    );
    assert_eq!(state(&model).target_label(), "domain Default");
    update(&mut model, Msg::Key(key(KeyCode::Esc)));
    assert!(matches!(model.screen, Screen::Main));
}

#[test]
fn progress_then_flagged_rows() {
    let mut model = open(80, 24);
    let tag = start(&mut model);
    assert!(model.requests.busy());
    reply(
        &mut model,
        tag,
        Reply::AuditProgress(Progress { done: 2, total: 3 }),
    );
    assert_eq!(
        state(&model).phase,
        Phase::Running(Progress { done: 2, total: 3 })
    );
    assert!(model.requests.busy(), "progress does not end the request");
    reply(&mut model, tag, Reply::Audited(Ok(found())));
    assert!(!model.requests.busy());
    let Phase::Done { users, rows } = &state(&model).phase else {
        panic!("the audit should be done");
    };
    assert_eq!(*users, 3);
    let flags: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.flags.iter().map(|f| f.as_str()).collect())
        .collect();
    assert_eq!(
        flags,
        vec![
            vec!["never_expires", "unrestricted"],
            vec!["owner_disabled", "expired"],
            vec!["expiring", "dropped_role"],
        ]
    );
}

#[test]
fn a_refusal_is_an_error_popup_with_the_hint_and_the_question_again() {
    let mut model = open(80, 24);
    let tag = start(&mut model);
    let report = ErrorReport::new("Auditing failed", "403 Forbidden")
        .with_hint(Some(crate::audit::PERMISSION_HINT.to_string()));
    reply(&mut model, tag, Reply::Audited(Err(report)));
    assert_eq!(state(&model).phase, Phase::Asking);
    let Some(Overlay::Error(shown)) = model.overlays.last() else {
        panic!("an error popup");
    };
    assert!(shown.hint.as_deref().is_some_and(|h| h.contains("admin")));
    insta::assert_snapshot!(
        "audit_refused_80x24",
        crate::tui::testing::draw(&model).backend()
    );
}

#[test]
fn outside_a_project_it_explains_instead() {
    let mut model = logged_in(80, 24);
    if let Some(info) = model.session.as_mut() {
        info.token.scope = crate::keystone::Scope::System;
    }
    update(&mut model, Msg::Key(char_key('A')));
    assert!(matches!(model.screen, Screen::Main));
    assert!(matches!(model.overlays.last(), Some(Overlay::Error(_))));
}

#[test]
fn snapshots() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut model = open(w, h);
        insta::assert_snapshot!(
            format!("audit_asking_{w}x{h}"),
            crate::tui::testing::draw(&model).backend()
        );
        let tag = start(&mut model);
        reply(
            &mut model,
            tag,
            Reply::AuditProgress(Progress { done: 5, total: 12 }),
        );
        insta::assert_snapshot!(
            format!("audit_running_{w}x{h}"),
            crate::tui::testing::draw(&model).backend()
        );
        reply(&mut model, tag, Reply::Audited(Ok(found())));
        insta::assert_snapshot!(
            format!("audit_done_{w}x{h}"),
            crate::tui::testing::draw(&model).backend()
        );
    }
    // The configured window is the one flagged.
    let mut model = logged_in(80, 24);
    model.table.warning = Duration::days(100);
    update(&mut model, Msg::Key(char_key('A')));
    assert_eq!(state(&model).window, Duration::days(100));
}

#[test]
fn a_federated_owner_whose_group_roles_lapsed_is_named_with_what_to_do() {
    let mut model = open(80, 24);
    let tag = start(&mut model);
    let mut found = found();
    // cy lost the reader role and is a federated user: the group lapse.
    found.federated.insert("u-cy".to_string());
    reply(&mut model, tag, Reply::Audited(Ok(found)));
    let Phase::Done { rows, .. } = &state(&model).phase else {
        panic!("the audit should be done");
    };
    let cy = rows.iter().find(|r| r.user.name == "cy");
    assert!(
        cy.is_some_and(|r| r.flags.contains(&crate::audit::Flag::GroupsLapsed)),
        "{rows:?}"
    );
    let ann = rows.iter().find(|r| r.user.name == "ann");
    assert!(ann.is_some_and(|r| !r.flags.contains(&crate::audit::Flag::GroupsLapsed)));
    let screen = crate::tui::testing::draw(&model).backend().to_string();
    let flat = crate::tui::testing::flat(&screen);
    for part in [
        "group_membership_lapsed:",
        "identity provider's",
        "direct role",
    ] {
        assert!(flat.contains(part), "{part:?} not on the screen\n{screen}");
    }
    // The flag is whole in cy's row itself (the row used to show `group`,
    // cut, and the word was only found in the paragraph above the table):
    // cy's line and its continuation lines (blank in the User column).
    let lines: Vec<&str> = screen.lines().collect();
    let cy_at = lines
        .iter()
        .position(|l| l.trim_start_matches('"').starts_with("│cy "))
        .unwrap_or_else(|| panic!("no row for cy\n{screen}"));
    let user_column_blank = |l: &&&str| {
        let cells: String = l.trim_start_matches('"').chars().skip(1).take(13).collect();
        cells.trim().is_empty() && l.chars().any(|c| c.is_alphanumeric())
    };
    let cy_row: Vec<&str> = std::iter::once(lines[cy_at])
        .chain(
            lines[cy_at + 1..]
                .iter()
                .take_while(user_column_blank)
                .copied(),
        )
        .collect();
    assert!(
        cy_row
            .iter()
            .flat_map(|l| l.split(['│', ' ', '"']))
            .any(|word| word == "group_membership_lapsed"),
        "the flag is not whole in cy's row {cy_row:#?}\n{screen}"
    );
    insta::assert_snapshot!("audit_groups_lapsed_80x24", screen);
}

#[test]
fn an_owner_deleted_from_the_directory_is_shown_by_id_with_the_flag_and_its_reason() {
    let mut model = open(80, 24);
    let tag = start(&mut model);
    let mut found = found();
    let gone = "d".repeat(64);
    found.users += 1;
    found.deleted.insert(gone.clone());
    let mut backup = credentials().remove(0);
    backup.name = "gone-backup".into();
    found.credentials.push((
        User {
            id: gone.clone(),
            name: String::new(),
            domain_id: None,
            enabled: true,
        },
        backup,
    ));
    reply(&mut model, tag, Reply::Audited(Ok(found)));
    let Phase::Done { rows, .. } = &state(&model).phase else {
        panic!("the audit should be done");
    };
    let row = rows.iter().find(|r| r.user.id == gone);
    assert!(
        row.is_some_and(|r| r.flags.first() == Some(&crate::audit::Flag::OwnerDeleted)),
        "{rows:?}"
    );
    let screen = crate::tui::testing::draw(&model).backend().to_string();
    let flat = crate::tui::testing::flat(&screen);
    for part in [
        "owner_deleted: user not found: deleted from the directory?",
        "dddddddd",
        "gone-backup",
    ] {
        assert!(flat.contains(part), "{part:?} not on the screen\n{screen}");
    }
}
