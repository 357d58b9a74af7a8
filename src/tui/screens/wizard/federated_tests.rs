//! The review's federated warning, hosted in the whole model: `n` as a
//! federated user asks Keystone where the roles come from; the review
//! says it is checking until the answer, then warns for roles from groups
//! only (ttl 0: Keystone will refuse; a ttl: it lapses), says nothing for a
//! direct role, and says it could not tell when the lists failed. A local
//! user's wizard asks nothing. Snapshots at 80x24.

use chrono::{TimeZone, Utc};
use crossterm::event::KeyCode;

use super::RoleSourceStatus;
use crate::keystone::federated::RoleSource;
use crate::keystone::{IdRef, UserFederation};
use crate::tui::model::{Model, Screen};
use crate::tui::msg::{Effect, ErrorReport, Msg, Reply, Tag, names};
use crate::tui::testing::*;
use crate::tui::update::update;

fn press(model: &mut Model, code: KeyCode) -> Vec<Effect> {
    update(model, Msg::Key(key(code)))
}

/// A model logged in as a federated user, on the wizard's review (no
/// preset, a name, the first role, the default expiry); the role-source
/// request's tag.
fn federated_review() -> (Model, Tag) {
    let mut model = logged_in(80, 24);
    if let Some(s) = model.session.as_mut() {
        s.token.user.federation = Some(UserFederation {
            identity_provider: IdRef { id: "myidp".into() },
            protocol: IdRef {
                id: "openid".into(),
            },
            groups: vec![IdRef {
                id: "cloud-users".into(),
            }],
        });
    }
    let effects = press(&mut model, KeyCode::Char('n'));
    assert_eq!(names(&effects), ["load-role-source"]);
    let tag = effects[0]
        .tag()
        .unwrap_or_else(|| panic!("a tagged request"));
    walk_to_review(&mut model);
    (model, tag)
}

fn walk_to_review(model: &mut Model) {
    press(model, KeyCode::Enter); // no preset
    for c in "sso-bot".chars() {
        update(model, Msg::Key(char_key(c)));
    }
    for code in [KeyCode::Enter, KeyCode::Enter, KeyCode::Char(' ')] {
        press(model, code); // name, no description, the first role
    }
    for _ in 0..5 {
        press(model, KeyCode::Enter); // roles, expiry, unrestricted, rules, secret
    }
    let Screen::Wizard(w) = &model.screen else {
        panic!("the wizard closed");
    };
    assert_eq!(w.step(), super::Step::Review, "{:?}", w.error());
}

fn answer(model: &mut Model, tag: Tag, result: Result<RoleSource, ErrorReport>) {
    let reply = Reply::RoleSource(result);
    let msg = Msg::Reply {
        tag,
        requests_sent: None,
        reply,
    };
    assert!(update(model, msg).is_empty());
}

fn screen(model: &Model) -> String {
    draw(model).backend().to_string()
}

fn snapshot(name: &str, model: &Model) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::assert_snapshot!(
            format!("wizard_review_federated_{name}_80x24"),
            draw(model).backend()
        );
    });
}

#[test]
fn before_the_answer_the_review_says_it_is_checking() {
    let (model, _) = federated_review();
    let text = screen(&model);
    assert!(text.contains("Checking"), "{text}");
    assert!(
        !text.contains("will refuse"),
        "no guess before the answer:\n{text}"
    );
    snapshot("checking", &model);
}

#[test]
fn roles_from_groups_only_with_ttl_0_say_the_create_will_fail() {
    let (mut model, tag) = federated_review();
    answer(&mut model, tag, Ok(RoleSource::GroupsOnly { until: None }));
    let text = screen(&model);
    assert!(text.contains("Keystone will refuse"), "{text}");
    assert!(!text.contains("Checking"), "{text}");
    snapshot("groups_ttl_0", &model);
}

#[test]
fn roles_from_groups_with_a_ttl_say_when_it_lapses() {
    let (mut model, tag) = federated_review();
    let until = Utc.with_ymd_and_hms(2026, 11, 25, 13, 0, 0).single();
    answer(&mut model, tag, Ok(RoleSource::GroupsOnly { until }));
    let Screen::Wizard(w) = &model.screen else {
        panic!("the wizard closed");
    };
    let warning = w.role_source().warning().unwrap_or_default();
    assert!(
        warning.contains("until 2026-11-25 13:00 UTC") && warning.contains("stop authenticating"),
        "{warning}"
    );
    assert!(screen(&model).contains("stop"), "{}", screen(&model));
}

#[test]
fn a_direct_role_gets_no_warning() {
    let (mut model, tag) = federated_review();
    answer(&mut model, tag, Ok(RoleSource::Direct));
    let text = screen(&model);
    assert!(!text.contains("Warning"), "{text}");
    assert!(!text.contains("identity provider"), "{text}");
    snapshot("direct", &model);
}

#[test]
fn lists_keystone_refused_are_said_not_guessed() {
    let (mut model, tag) = federated_review();
    let refused = ErrorReport::new(
        "Checking where your roles come from failed",
        "GET /v3/users/u1/projects: Keystone answered 403 Forbidden",
    );
    answer(&mut model, tag, Err(refused));
    let Screen::Wizard(w) = &model.screen else {
        panic!("the wizard closed");
    };
    assert!(matches!(w.role_source(), RoleSourceStatus::Unknown(_)));
    let text = screen(&model);
    assert!(text.contains("could not tell"), "{text}");
    assert!(model.overlays.is_empty(), "no popup over the wizard");
}

#[test]
fn a_local_user_asks_nothing_and_an_old_answer_is_dropped() {
    let mut model = logged_in(80, 24);
    let effects = press(&mut model, KeyCode::Char('n'));
    assert!(effects.is_empty(), "{:?}", names(&effects));
    walk_to_review(&mut model);
    assert!(!screen(&model).contains("Warning"));

    // The wizard was left and the scope switched: a late answer is stale.
    let (mut model, tag) = federated_review();
    model.requests.start_generation("switch scope");
    answer(&mut model, tag, Ok(RoleSource::GroupsOnly { until: None }));
    assert!(screen(&model).contains("Checking"));
}
