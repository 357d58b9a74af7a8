//! The scope pane, rescoping and stale replies, pane focus.

use super::*;

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
    let last = crate::tui::screens::main::detail::line_count(&model) - 1;
    assert_eq!(model.detail_scroll, last);
    press(&mut model, KeyCode::Char('g'));
    assert_eq!(model.detail_scroll, 0);
}

/// Issue 11, defect 3: a message belongs to the action that made it. "now
/// on ..." goes with the next action; an old error goes with a cloud switch.
#[test]
fn status_messages_end_with_the_next_action() {
    let mut model = logged_in(80, 24);
    let mut info = session();
    info.token.scope = project_scope("p0000000000000000000000000000002", "ci");
    let tag = model.requests.start_generation("switch scope");
    reply(&mut model, tag, Reply::Rescoped(Ok(info)));
    assert!(
        model
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("now on"))
    );
    // Moving the cursor is no new action: the remark stays...
    press(&mut model, KeyCode::Down);
    assert!(model.notice.is_some());
    // ...a refresh is: it goes.
    press(&mut model, KeyCode::Char('r'));
    assert_eq!(model.notice, None);

    model.last_error = Some("Writing the export failed: app-cred-x exists".to_string());
    model.notice = Some("Wrote /tmp/x (mode 0600)".to_string());
    crate::tui::model::session::start_login(&mut model, CloudChoice::Named("other".to_string()));
    assert_eq!(model.last_error, None);
    assert_eq!(model.notice, None);
}
