//! The places appcred recorded putting a credential (`crate::held`), in
//! the detail pane and in the delete confirmation, at 80x24.

use chrono::TimeZone;
use crossterm::event::KeyCode;

use crate::held::{Kind, Place};
use crate::tui::model::Model;
use crate::tui::msg::Msg;
use crate::tui::testing::*;
use crate::tui::update::update;

fn place(kind: Kind, location: &str, entry: Option<&str>) -> Place {
    Place {
        kind,
        location: location.to_string(),
        entry: entry.map(str::to_string),
        recorded_at: chrono::Utc.with_ymd_and_hms(2026, 11, 2, 9, 30, 0).unwrap(),
    }
}

/// Logged in, the first credential held in an openrc and a clouds.yaml entry.
fn held_model() -> Model {
    let mut model = logged_in(80, 24);
    let id = model.table.selected_credential().unwrap().id.clone();
    let mut ledger = crate::held::Ledger::default();
    ledger.add(&id, place(Kind::Openrc, "/home/ops/ci-openrc.sh", None));
    ledger.add(
        &id,
        place(Kind::Clouds, "/etc/openstack/clouds.yaml", Some("ci")),
    );
    let tag = model.requests.start("read the record".to_string());
    reply(&mut model, tag, crate::tui::msg::Reply::Held(ledger));
    // Rides along another answer (the list's): ends no request itself.
    assert!(model.requests.busy());
    model.requests.finish(tag.request);
    model
}

#[test]
fn the_detail_pane_lists_where_it_is_held() {
    let mut model = held_model();
    let lines: Vec<String> = super::detail::lines(&model)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Held in") && l.contains("openrc /home/ops/ci-openrc.sh")),
        "{lines:#?}"
    );
    // At 80x24 the places are below the fold: the detail pane scrolls.
    update(&mut model, Msg::Key(key(KeyCode::Tab)));
    for _ in 0..4 {
        update(&mut model, Msg::Key(key(KeyCode::Down)));
    }
    insta::assert_snapshot!("main_detail_held_80x24", draw(&model).backend());
}

#[test]
fn the_delete_confirmation_names_the_places() {
    let mut model = held_model();
    update(&mut model, Msg::Key(key(KeyCode::Char('d'))));
    insta::assert_snapshot!("delete_confirm_held_80x24", draw(&model).backend());
}
