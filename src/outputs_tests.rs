//! The terminal UI agrees with the export table (`crate::export::OUTPUTS`):
//! each row is one action on the secret screen, bound by default to the
//! row's key with the row's words, configured under the row's config name,
//! and opening a prompt titled with the row's words on the row's file name.
//! The command line's side is in `cli/format_arg_tests.rs`.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::export::OUTPUTS;
use crate::keys::{self, Action, KeyContext};
use crate::keystone::CreatedCredential;
use crate::secret::Secret;
use crate::tui::screens::reveal::{self, ExportInfo, Outcome, RevealState};

#[test]
fn the_secret_screen_binds_each_row_to_its_key_and_words() {
    let table = keys::bindings(KeyContext::Reveal);
    for o in OUTPUTS {
        let rows: Vec<_> = table
            .iter()
            .filter(|b| b.action == Action::Export(o.format))
            .collect();
        let [b] = rows.as_slice() else {
            panic!("{}: {} bindings on the secret screen", o.name, rows.len());
        };
        assert_eq!(keys::keys_label(b), o.screen.key.to_string(), "{}", o.name);
        assert_eq!(b.description, o.screen.help);
        assert_eq!(b.hint, o.screen.hint);
        assert_eq!(crate::settings::action_name(b.action), o.screen.action);
        let press = KeyEvent::new(KeyCode::Char(o.screen.key), KeyModifiers::NONE);
        assert_eq!(
            keys::action(KeyContext::Reveal, &press),
            Some(b.action),
            "{}",
            o.name
        );
    }
}

#[test]
fn each_row_opens_its_prompt_on_its_file() {
    let ctx = crate::tui::testing::context_with(|t| t.to_string());
    for o in OUTPUTS {
        let mut state = RevealState::new(
            CreatedCredential {
                credential: crate::tui::testing::credential("web", Some(30)),
                secret: Secret::new("fAkE-s3cr3t"),
            },
            ExportInfo::default(),
        );
        let press = KeyEvent::new(KeyCode::Char(o.screen.key), KeyModifiers::NONE);
        reveal::handle_key(&mut state, &ctx, press);
        assert_eq!(state.key_context(), KeyContext::RevealExport, "{}", o.name);
        let file = o.file_name.replace("{name}", "web");
        assert_eq!(
            state.default_path(o.format),
            PathBuf::from(format!("./{file}"))
        );
        let Ok(mut terminal) = Terminal::new(TestBackend::new(160, 40));
        if let Err(e) = terminal.draw(|f| reveal::draw(&state, &ctx, f, f.area())) {
            panic!("draw: {e}");
        }
        let screen = terminal.backend().to_string();
        assert!(
            screen.contains(&format!("Export as {}", o.screen.prompt)),
            "{}: {screen}",
            o.name
        );
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        let Outcome::Export { format, merge, .. } = reveal::handle_key(&mut state, &ctx, enter)
        else {
            panic!("{}: Enter wrote no export", o.name);
        };
        assert_eq!((format, merge), (o.format, o.merges));
    }
}

#[test]
fn the_secret_screen_binds_each_destination_to_its_key_and_words() {
    let table = keys::bindings(KeyContext::Reveal);
    for d in crate::export::DESTINATIONS {
        let rows: Vec<_> = table
            .iter()
            .filter(|b| b.action == Action::Destination(d.kind))
            .collect();
        let [b] = rows.as_slice() else {
            panic!("{}: {} bindings on the secret screen", d.flag, rows.len());
        };
        assert_eq!(keys::keys_label(b), d.screen.key.to_string(), "{}", d.flag);
        assert_eq!(b.description, d.screen.help);
        assert_eq!(b.hint, d.screen.hint);
        assert_eq!(crate::settings::action_name(b.action), d.screen.action);
        assert_eq!(d.kind.destination().map(|r| r.flag), Some(d.flag));
    }
}
