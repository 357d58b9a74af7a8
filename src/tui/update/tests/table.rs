//! The credential table: selection, paging, filter, sort, marks, delete.

use super::*;

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

/// Issue 11, defect 7: once the deletes are answered the dialog shows the
/// results, not the question, and the next key (any key) closes it without
/// reaching the list under it.
#[test]
fn a_finished_delete_dialog_shows_results_and_closes_on_any_key() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char(' '));
    press(&mut model, KeyCode::Char('j'));
    press(&mut model, KeyCode::Char(' '));
    press(&mut model, KeyCode::Char('d'));
    let effects = press(&mut model, KeyCode::Char('y'));
    for effect in &effects {
        if let Effect::Delete { tag, id, .. } = effect {
            let result = Ok(());
            let id = id.clone();
            reply(&mut model, *tag, Reply::Deleted { id, result });
        }
    }
    let text = draw(&model).backend().to_string();
    assert!(!text.contains("Delete these"), "{text}");
    assert!(text.contains("Deleted all 2"), "{text}");
    let selected = selected_name(&model);
    assert!(press(&mut model, KeyCode::Char('j')).is_empty());
    assert!(model.overlays.is_empty(), "any key closes the results");
    assert_eq!(
        selected_name(&model),
        selected,
        "the key did not reach the list"
    );
}

/// Issue 11, defect 4: Keystone lists a user's credentials of every
/// project. The detail names the project (the id only where the name is
/// unknown), a Project column appears when the list spans projects, and
/// `c` narrows the list to the current project (again: all).
#[test]
fn projects_are_named_shown_and_the_list_narrows_to_the_current_one() {
    let mut model = logged_in(160, 40);
    let header = |text: &str| {
        text.lines()
            .find(|l| l.contains("Name") && l.contains("Roles"))
            .unwrap_or_default()
            .to_string()
    };
    let text = draw(&model).backend().to_string();
    assert!(
        !header(&text).contains("Project"),
        "one project, no column:\n{text}"
    );
    let mut items = credentials();
    items[1].project_id = Some("p0000000000000000000000000000002".to_string());
    items[2].project_id = Some("p-unknown".to_string());
    model.table.set_items(items);
    model.table.recount(now());
    let text = draw(&model).backend().to_string();
    assert!(header(&text).contains("Project"), "{text}");
    let row = |name: &str| {
        text.lines()
            .find(|l| l.contains(name) && !l.contains("Name "))
            .unwrap_or_default()
            .to_string()
    };
    assert!(row("backup-nightly").contains("alt-demo"), "{text}");
    assert!(row("terraform").contains("p-unknown"), "{text}");
    // The detail names the selected one's project, with its id.
    assert!(
        text.contains("alt-demo (p0000000000000000000000000000002)"),
        "{text}"
    );

    press(&mut model, KeyCode::Char('c'));
    let names = visible_names(&model);
    assert!(!names.contains(&"backup-nightly".to_string()), "{names:?}");
    assert!(!names.contains(&"terraform".to_string()), "{names:?}");
    assert!(names.contains(&"ci-pipeline".to_string()));
    press(&mut model, KeyCode::Char('c'));
    assert_eq!(visible_names(&model).len(), 5);
}
