//! The detail pane with a 64-character user id (an LDAP user's: Keystone's
//! id mapping gives them 64 hex digits): the id is shown whole, wrapped
//! under its own column with the "User" label on its first row, at 80x24
//! and at the narrowest size the TUI draws.

use crossterm::event::KeyCode;

use crate::tui::model::Model;
use crate::tui::msg::Msg;
use crate::tui::testing::*;
use crate::tui::update::update;

const LDAP_ID: &str = "3f9c2a71d04be8c5a6f1e0d297b3c48a5e6d7f8091a2b3c4d5e6f708192a3b4c";

fn with_ldap_owner(width: u16) -> Model {
    let mut model = logged_in(width, 24);
    let mut items = credentials();
    for c in &mut items {
        c.user_id = Some(LDAP_ID.to_string());
    }
    model.table.set_items(items);
    model.table.recount(now());
    model
}

/// The User field's rows: its label on the first, the id whole across them.
fn user_rows(model: &Model) -> Vec<String> {
    let rows: Vec<String> = super::detail::lines(model)
        .iter()
        .map(ToString::to_string)
        .skip_while(|l| !l.starts_with("User "))
        .take_while(|l| l.starts_with("User ") || l.starts_with("   "))
        .collect();
    let id: String = rows
        .iter()
        .map(|r| r.get(14..).unwrap_or_default().trim_end())
        .collect();
    assert_eq!(id, LDAP_ID, "the id whole, under its column: {rows:#?}");
    rows
}

#[test]
fn a_64_character_user_id_wraps_under_its_label_at_80x24() {
    let model = with_ldap_owner(80);
    let rows = user_rows(&model);
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert!(rows[0].starts_with("User          3f9c2a71"), "{rows:#?}");
    insta::assert_snapshot!("main_detail_ldap_user_80x24", draw(&model).backend());
}

#[test]
fn a_64_character_user_id_wraps_under_its_label_at_60x24() {
    let mut model = with_ldap_owner(60);
    assert_eq!(user_rows(&model).len(), 3);
    // The pane scrolls: the user's rows brought into view.
    update(&mut model, Msg::Key(key(KeyCode::Tab)));
    for _ in 0..3 {
        update(&mut model, Msg::Key(key(KeyCode::Down)));
    }
    insta::assert_snapshot!("main_detail_ldap_user_60x24", draw(&model).backend());
}
