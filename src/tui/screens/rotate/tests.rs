//! The rotation plan and the confirmation's keys, and its snapshots.

use crossterm::event::KeyCode;

use super::*;
use crate::keystone::{ApplicationCredential, HeldRole};
use crate::tui::testing::*;

/// A key on the confirmation, with the tests' shared context.
fn press(state: &mut Rotation, event: crossterm::event::KeyEvent) -> Reaction {
    update(
        state,
        Event::Key(event),
        &context_with(crate::expiry::local_text),
    )
}

/// The create request a reaction sends, if it sends one.
fn create_sent(reaction: &Reaction) -> Option<&crate::keystone::NewApplicationCredential> {
    reaction.send.iter().find_map(|r| match r {
        Request::Create(request) => Some(request),
        _ => None,
    })
}

/// Nothing sent, nothing ended.
fn quiet(reaction: &Reaction) -> bool {
    reaction.send.is_empty() && !reaction.end
}

fn confirm(rotation: &Rotation) -> &Confirm {
    rotation.confirm().expect("on the confirmation")
}

fn ci() -> ApplicationCredential {
    credentials().remove(0)
}

#[test]
fn plan_copies_what_the_old_one_had() {
    let mut old = credentials().remove(2); // terraform: unrestricted, 2 rules
    old.description = Some("infra".to_string());
    let plan = match plan(&old, &held_roles(), &[], now()) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(plan.request.name, "terraform-20261125");
    assert!(plan.request.unrestricted);
    assert_eq!(plan.request.access_rules.len(), 2);
    assert!(plan.request.access_rules.iter().all(|r| r.id.is_none()));
    assert_eq!(plan.request.description.as_deref(), Some("infra"));
    assert_eq!(plan.request.expires_at, None);
    assert!(plan.dropped.is_empty());
}

#[test]
fn plan_drops_roles_no_longer_held_and_refuses_with_none() {
    let only_member: Vec<HeldRole> = held_roles()
        .into_iter()
        .filter(|r| r.name == "member")
        .collect();
    let plan = match plan(&ci(), &only_member, &[], now()) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(names(&plan.kept), "member");
    assert_eq!(names(&plan.dropped), "reader");
    assert!(super::plan(&ci(), &[], &[], now()).is_err());
}

#[test]
fn enter_confirms_unless_roles_are_dropped() {
    let plan_for = |held: &[HeldRole]| match plan(&ci(), held, &[], now()) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    let mut state = Rotation::new(plan_for(&held_roles()));
    assert!(create_sent(&press(&mut state, key(KeyCode::Enter))).is_some());
    assert!(matches!(state.phase, Phase::Creating(_)));
    // While submitting, keys do nothing (no second create).
    assert!(quiet(&press(&mut state, key(KeyCode::Char('y')))));
    assert!(quiet(&press(&mut state, key(KeyCode::Esc))));
    let member = &held_roles()[..1];
    let mut state = Rotation::new(plan_for(member));
    assert!(quiet(&press(&mut state, key(KeyCode::Enter))));
    assert!(press(&mut state, key(KeyCode::Esc)).end);
}

#[test]
fn snapshots() {
    let mut old = credentials().remove(2);
    old.roles.push(role("r-deployer", "deployer"));
    for (w, h) in [(80, 24), (160, 48)] {
        let plan = match plan(&old, &held_roles(), &[], now()) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        };
        let state = Rotation::new(plan);
        let mut terminal = match ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)) {
            Ok(t) => t,
            Err(e) => panic!("{e}"),
        };
        if let Err(e) = terminal.draw(|f| {
            super::draw(
                &state,
                &context_with(crate::expiry::local_text),
                f,
                f.area(),
            )
        }) {
            panic!("{e}");
        }
        // A wrapped value stays right of its label (column 1 + 16).
        let screen = terminal.backend().to_string();
        for line in screen.lines().filter(|l| l.contains("without them")) {
            let at = line.chars().position(|c| c == 'w').unwrap_or(0);
            let label_end = line.chars().position(|c| c == '│').unwrap_or(0) + 1 + 16;
            assert!(at >= label_end, "wrapped to the edge:\n{screen}");
        }
        insta::assert_snapshot!(format!("rotate_confirm_{w}x{h}"), terminal.backend());
    }
}

#[test]
fn an_expired_credential_of_unknown_lifetime_gets_the_named_default() {
    let mut old = ci();
    old.name = "ci".to_string();
    old.expires_at = Some(now() - chrono::Duration::days(1));
    let plan = match plan(&old, &held_roles(), &[], now()) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(plan.request.expires_at, Some(now() + UNKNOWN_LIFETIME));
    assert!(
        plan.expiry_reason.contains("unknown"),
        "{}",
        plan.expiry_reason
    );
}

/// Issue 11, defect 10: the successor's expiry can be changed here, as
/// `--expires` does on the command line; a bad value says why and keeps
/// the planned one.
#[test]
fn e_changes_the_successors_expiry() {
    let plan = match plan(&ci(), &held_roles(), &[], now()) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    let mut state = Rotation::new(plan);
    let planned = confirm(&state).plan.request.expires_at;
    press(&mut state, key(KeyCode::Char('e')));
    for c in "soon".chars() {
        press(&mut state, key(KeyCode::Char(c)));
    }
    press(&mut state, key(KeyCode::Enter));
    assert!(
        confirm(&state)
            .error
            .as_deref()
            .is_some_and(|e| e.contains("cannot read"))
    );
    assert_eq!(confirm(&state).plan.request.expires_at, planned);
    press(&mut state, ctrl('u'));
    for _ in 0..4 {
        press(&mut state, key(KeyCode::Backspace));
    }
    for c in "10d".chars() {
        press(&mut state, key(KeyCode::Char(c)));
    }
    press(&mut state, key(KeyCode::Enter));
    assert_eq!(confirm(&state).error, None);
    assert_eq!(
        confirm(&state).plan.request.expires_at,
        Some(now() + chrono::Duration::days(10))
    );
    let reaction = press(&mut state, key(KeyCode::Enter));
    let request = create_sent(&reaction).expect("Enter confirms");
    assert_eq!(request.expires_at, Some(now() + chrono::Duration::days(10)));
}
