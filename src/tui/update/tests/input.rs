//! Mouse, resize, ticks and pastes.

use super::*;
use crate::tui::screens::main::main_layout;

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
    assert_eq!(model.ctx.now, later);
    assert_eq!(model.spinner, 0);
    press(&mut model, KeyCode::Char('r'));
    update(&mut model, Msg::Tick(later));
    assert_eq!(model.spinner, 1);
}

/// Issue 17, defect 7: a 5,000-character paste is one event; the name field
/// keeps its limit (255) and says so, and the next keys work at once.
#[test]
fn a_long_paste_is_cut_at_the_field_limit_and_input_goes_on() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char('n'));
    press(&mut model, KeyCode::Enter); // no preset: the name step
    let long = "x".repeat(5_000);
    assert!(update(&mut model, Msg::Paste(long)).is_empty());
    let text = draw(&model).backend().to_string();
    assert!(text.contains("255/255 characters"), "{text}");
    assert!(text.contains("the paste was cut"), "{text}");
    press(&mut model, KeyCode::Backspace);
    assert!(draw(&model).backend().to_string().contains("254/255"));
    press(&mut model, KeyCode::Enter);
    let Screen::Wizard(wizard) = &model.screen else {
        panic!("the wizard closed");
    };
    assert_eq!(
        wizard.step(),
        crate::tui::screens::wizard::Step::Description
    );
}

/// A paste where no field has the keyboard is dropped, not read as keys:
/// a pasted "dy" on the list must not delete anything.
#[test]
fn a_paste_on_the_list_does_nothing() {
    let mut model = logged_in(80, 24);
    assert!(update(&mut model, Msg::Paste("dy".to_string())).is_empty());
    assert!(model.overlays.is_empty());
    // In the filter it filters.
    press(&mut model, KeyCode::Char('/'));
    update(&mut model, Msg::Paste("monitor\n".to_string()));
    assert_eq!(model.table.filter.value(), "monitor");
    assert_eq!(visible_names(&model), ["monitoring"]);
}
