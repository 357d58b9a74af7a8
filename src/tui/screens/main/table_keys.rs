//! Keys of the credential table, and of its filter field while it is open.

use crossterm::event::{Event, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

use super::table_page;
use crate::keys::{Action, KeyContext};
use crate::tui::model::{Model, Overlay, Pane, SortBy};
use crate::tui::msg::Effect;
use crate::tui::popups::DeleteDialog;

pub fn on_action(model: &mut Model, action: Action) -> Vec<Effect> {
    let page = table_page(model);
    let table = &mut model.table;
    let before = table.selected;
    match action {
        Action::Up => table.move_by(-1, page),
        Action::Down => table.move_by(1, page),
        Action::Top => table.select_row(0, page),
        Action::Bottom => table.select_row(table.visible.len().saturating_sub(1), page),
        Action::PageUp => table.move_by(-(page as isize), page),
        Action::PageDown => table.move_by(page as isize, page),
        Action::Mark => {
            // Marking moves on, so Space Space Space marks three in a row.
            table.toggle_mark();
            table.move_by(1, page);
        }
        Action::Filter => table.filtering = true,
        Action::Sort => {
            let next = match table.sort {
                SortBy::Name => SortBy::Expiry,
                SortBy::Expiry => SortBy::Name,
            };
            table.set_sort(next);
            table.scroll_into_view(page);
            model.notice = Some(format!("sorted by {}", next.label()));
        }
        Action::Select => model.focus = Pane::Detail,
        Action::Back => {
            table.filter.reset();
            table.marked.clear();
            table.refilter();
            table.scroll_into_view(page);
        }
        Action::Delete => {
            let targets = table.delete_targets();
            if !targets.is_empty() {
                let dialog = DeleteDialog::new(&targets);
                model.overlays.push(Overlay::Delete(dialog));
            }
        }
        Action::Rotate => return crate::tui::screens::rotate::host::open(model),
        Action::Verify => crate::tui::screens::rotate::host::explain_verify(model),
        Action::ThisProject => {
            let current = match model.session.as_ref().map(|s| &s.token.scope) {
                Some(crate::keystone::Scope::Project { id, name, .. }) => {
                    Some((id.clone(), name.clone()))
                }
                _ => None,
            };
            let table = &mut model.table;
            table.only_project = match (&table.only_project, current) {
                (None, Some((id, name))) => {
                    model.notice = Some(format!("only the credentials of project {name}"));
                    Some(id)
                }
                _ => {
                    model.notice = Some("the credentials of every project".to_string());
                    None
                }
            };
            table.refilter();
            table.scroll_into_view(page);
        }
        _ => {}
    }
    if model.table.selected != before {
        model.detail_scroll = 0;
    }
    Vec::new()
}

/// The filter field has the keyboard: text edits the filter, the table
/// follows with every keystroke; Enter keeps the filter, Esc drops it.
pub fn filter_key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let page = table_page(model);
    let table = &mut model.table;
    match model.ctx.action(KeyContext::Filter, &key) {
        Some(Action::Confirm) => table.filtering = false,
        Some(Action::Back) => {
            table.filtering = false;
            table.filter.reset();
            table.refilter();
        }
        Some(Action::Up) => table.move_by(-1, page),
        Some(Action::Down) => table.move_by(1, page),
        _ => {
            let changed = table.filter.handle_event(&Event::Key(key));
            if changed.is_some_and(|c| c.value) {
                table.refilter();
            }
        }
    }
    table.scroll_into_view(page);
    model.detail_scroll = 0;
    Vec::new()
}
