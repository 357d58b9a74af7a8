//! Mouse, resize and ticks.

use super::*;

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
