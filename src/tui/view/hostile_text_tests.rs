//! Issue 24, findings 1 and 10, in the TUI: other people's text (a
//! credential's name and description from Keystone) is drawn through the
//! same rule as the command line's tables (`terminal_text`): escape
//! sequences shown as text, never handed to the terminal, and a name mixing
//! Latin with Cyrillic marked.

use crate::tui::model::Pane;
use crate::tui::testing::*;

fn drawn(model: &crate::tui::model::Model) -> String {
    super::fit_tests::rows(model).join("\n")
}

#[test]
fn names_and_descriptions_are_drawn_escaped_and_look_alikes_marked() {
    let mut model = logged_in(160, 40);
    let mut evil = credential("a-evil\u{1b}]52;c;ZXZpbA==\u{7}", Some(30));
    evil.description = Some("wipe\u{1b}[2Jnow \u{202e}txt.exe".to_string());
    let lookalike = credential("a-automаtion", Some(30)); // a Cyrillic а
    let mut items = credentials();
    items.push(evil);
    items.push(lookalike);
    model.table.set_items(items);
    model.table.recount(now());
    let text = drawn(&model);
    assert!(text.contains("a-evil\\x1b]52;c;ZXZpbA=="), "{text}");
    assert!(text.contains("(mixed scripts!)"), "{text}");
    // The detail pane of the evil one: its description, escaped.
    for row in 0..40 {
        model.table.select_row(row, 20);
        let name = model.table.selected_credential().map(|c| c.name.clone());
        if name.is_some_and(|n| n.starts_with("a-evil")) {
            break;
        }
    }
    model.focus = Pane::Credentials;
    let text = drawn(&model);
    assert!(text.contains("wipe\\x1b[2Jnow"), "{text}");
    assert!(text.contains("\\u{202e}txt.exe"), "{text}");
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}'),
        "a control or bidi character reached the screen"
    );
}
