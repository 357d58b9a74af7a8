//! config.toml in the TUI: rebound keys act and show in the help and hint
//! bars, colours paint (and `NO_COLOR` still wins), the expiry window
//! moves the colours and counts, the clipboard delay is what the reveal
//! screen announces, and `export_dir` is the export prompt's folder.

use std::path::{Path, PathBuf};

use ratatui::style::Color;

use crate::export::ExportFormat;
use crate::keystone::CreatedCredential;
use crate::secret::Secret;
use crate::settings::Settings;
use crate::tui::model::{Model, Overlay, Screen};
use crate::tui::msg::{CopyWhat, Msg, Reply};
use crate::tui::testing::*;
use crate::tui::theme::Palette;
use crate::tui::update::update;

fn settings(toml: &str) -> Settings {
    match Settings::parse(toml, Path::new("config.toml"), Some(Path::new("/home/ada"))) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    }
}

fn configured(width: u16, height: u16, toml: &str) -> Model {
    let mut model = logged_in(width, height);
    model.apply_settings(settings(toml));
    model
}

/// The cell where `text` starts on screen.
fn cell_of(model: &Model, text: &str) -> Option<ratatui::buffer::Cell> {
    let terminal = draw(model);
    let buffer = terminal.backend().buffer().clone();
    (0..buffer.area.height).find_map(|y| {
        let line: String = (0..buffer.area.width)
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect();
        let col = line.find(text)?;
        let x = u16::try_from(line[..col].chars().count()).ok()?;
        Some(buffer[(x, y)].clone())
    })
}

#[test]
fn a_rebound_key_acts_and_the_old_one_does_not() {
    let mut model = configured(80, 24, "[keys.credentials]\ndelete = [\"x\"]\n");
    update(&mut model, Msg::Key(char_key('d')));
    assert!(model.overlays.is_empty(), "d no longer deletes");
    update(&mut model, Msg::Key(char_key('x')));
    assert!(matches!(model.overlays.last(), Some(Overlay::Delete(_))));
    // The confirmation's own keys can be rebound too.
    let mut model = configured(80, 24, "[keys.confirm_delete]\nback = [\"Esc\", \"c\"]\n");
    update(&mut model, Msg::Key(char_key('d')));
    update(&mut model, Msg::Key(char_key('c')));
    assert!(model.overlays.is_empty(), "c cancels");
}

#[test]
fn main_section_rebinds_every_pane_and_help_follows() {
    let mut model = configured(80, 24, "[keys.main]\nhelp = [\"h\"]\nquit = [\"ctrl-q\"]\n");
    update(&mut model, Msg::Key(char_key('q')));
    assert!(!model.quitting, "q is no longer quit");
    update(&mut model, Msg::Key(char_key('h')));
    assert!(matches!(model.overlays.last(), Some(Overlay::Help(_))));
    let text = draw(&model).backend().to_string();
    assert!(text.contains("Ctrl-q"), "the help shows the new quit key");
    assert!(!text.contains("?               this help"));
}

#[test]
fn help_and_hints_show_the_effective_keys() {
    for (w, h) in [(80, 24), (160, 48)] {
        let toml = "[keys.credentials]\ndelete = [\"x\", \"Delete\"]\nfilter = [\"f\"]\n\
                    [keys.main]\nhelp = [\"F1\", \"?\"]\n";
        let mut model = configured(w, h, toml);
        let hints = draw(&model).backend().to_string();
        assert!(hints.contains("x delete") && hints.contains("f filter"));
        assert!(
            hints.contains("F1 help"),
            "the status bar names the help key"
        );
        update(&mut model, Msg::Key(char_key('?')));
        insta::assert_snapshot!(format!("help_rebound_{w}x{h}"), draw(&model).backend());
    }
}

#[test]
fn configured_colours_paint_and_no_color_still_wins() {
    let toml = "[colours]\nexpired = \"lightmagenta\"\nexpiring = \"#ff8000\"\nnever = \"blue\"\n";
    let model = configured(160, 48, toml);
    let fg = |text: &str| cell_of(&model, text).map(|c| c.fg);
    assert_eq!(fg("expired 3 d ago"), Some(Color::LightMagenta));
    assert_eq!(fg("in 12 d"), Some(Color::Rgb(255, 128, 0)));
    assert_eq!(fg("never"), Some(Color::Blue));

    let mut plain = logged_in(160, 48);
    plain.ctx.theme = Palette::plain();
    plain.apply_settings(settings(toml));
    let terminal = draw(&plain);
    assert!(
        terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
        "NO_COLOR wins over configured colours"
    );
}

#[test]
fn the_expiry_window_moves_colours_and_counts() {
    // monitoring expires in 90 d: expiring only with a window past that.
    let wide = configured(160, 48, "expiry_warning_days = 100\n");
    assert_eq!(wide.table.expiring, 2);
    let colour = cell_of(&wide, "in 90 d").map(|c| c.fg);
    assert_eq!(colour, Some(Color::Yellow));
    assert!(draw(&wide).backend().to_string().contains("2 expiring"));
    // 0 turns the marking off.
    let off = configured(160, 48, "expiry_warning_days = 0\n");
    assert_eq!(off.table.expiring, 0);
    let colour = cell_of(&off, "in 12 d").map(|c| c.fg);
    assert_eq!(colour, Some(Color::Reset));
}

fn reveal(model: &mut Model) {
    let created = CreatedCredential {
        credential: credential("web", Some(30)),
        secret: Secret::new("s3cr3t-fake"),
    };
    let tag = model.requests.start("create");
    update(
        model,
        Msg::Reply {
            tag,
            requests_sent: None,
            reply: Reply::Created(Ok(created)),
        },
    );
}

#[test]
fn the_reveal_screen_announces_the_configured_clipboard_delay() {
    let mut model = configured(80, 24, "clipboard_clear_seconds = 7\n");
    reveal(&mut model);
    let tag = model.requests.start("copy");
    update(
        &mut model,
        Msg::Reply {
            tag,
            requests_sent: None,
            reply: Reply::Copied {
                what: CopyWhat::Secret,
                result: Ok("the system clipboard".to_string()),
            },
        },
    );
    let text = draw(&model).backend().to_string();
    assert!(text.contains("cleared in 7 s"), "{text}");
}

#[test]
fn export_dir_is_the_export_prompts_folder() {
    let mut model = configured(80, 24, "export_dir = \"~/creds\"\n");
    reveal(&mut model);
    let Screen::Reveal(state) = &model.screen else {
        panic!("the reveal screen should be open");
    };
    assert_eq!(
        state.default_path(ExportFormat::Openrc),
        PathBuf::from("/home/ada/creds/app-cred-web-openrc.sh")
    );
    assert_eq!(
        state.default_path(ExportFormat::Json),
        PathBuf::from("/home/ada/creds/app-cred-web.json")
    );
    // Without the setting: the current directory, as before.
    let mut model = logged_in(80, 24);
    reveal(&mut model);
    let Screen::Reveal(state) = &model.screen else {
        panic!("the reveal screen should be open");
    };
    assert_eq!(
        state.default_path(ExportFormat::Openrc),
        PathBuf::from("./app-cred-web-openrc.sh")
    );
}
