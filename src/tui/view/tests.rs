//! Snapshot tests of every screen and popup on a `TestBackend`, at 80x24
//! and 160x48, with fake ids and the fixed clock of `tui::testing`. Plus
//! the colour rules, which a text snapshot cannot see.

use crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};

use crate::config::CloudSummary;
use crate::keys::KeyContext;
use crate::keystone::CreatedCredential;
use crate::secret::Secret;
use crate::tui::model::{Model, Overlay, Screen};
use crate::tui::msg::{CloudList, ErrorReport, Msg, PromptFor};
use crate::tui::popups::DeleteDialog;
use crate::tui::testing::*;
use crate::tui::theme::{Palette, Theme};
use crate::tui::update::update;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn snapshot(name: &str, model: &Model) {
    let terminal = draw(model);
    insta::assert_snapshot!(
        format!("{name}_{}x{}", model.width, model.height),
        terminal.backend()
    );
}

fn press(model: &mut Model, code: KeyCode) {
    update(model, Msg::Key(key(code)));
}

fn picker(width: u16, height: u16) -> Model {
    let mut model = Model::new(now(), Theme { color: true }, width, height);
    let summary = |name: &str, url: &str, user: Option<&str>, source: Option<&str>| CloudSummary {
        name: name.to_string(),
        auth_url: Some(url.to_string()),
        username: user.map(str::to_string),
        auth_type: "password".to_string(),
        source_file: source.map(Into::into),
    };
    model.clouds.set_list(CloudList {
        clouds: vec![
            summary(
                "devstack",
                "http://keystone.test:5000/v3",
                Some("demo"),
                Some("/c.yaml"),
            ),
            summary(
                "production",
                "https://identity.example.com/v3",
                Some("ops"),
                Some("/c.yaml"),
            ),
            summary(
                "envvars",
                "http://10.0.0.5/identity/v3",
                Some("admin"),
                None,
            ),
        ],
        environment_name: Some("envvars".to_string()),
        searched: Vec::new(),
    });
    model
}

#[test]
fn cloud_picker() {
    for (w, h) in SIZES {
        let mut model = picker(w, h);
        snapshot("cloud_picker", &model);
        press(&mut model, KeyCode::Down);
        press(&mut model, KeyCode::Enter);
        snapshot("cloud_picker_logging_in", &model);
    }
}

#[test]
fn cloud_picker_without_clouds() {
    let mut model = Model::new(now(), Theme { color: true }, 80, 24);
    model.clouds.set_list(CloudList {
        searched: [
            "/home/demo/clouds",
            "/home/demo/.config/openstack/clouds",
            "/etc/openstack/clouds",
        ]
        .iter()
        .flat_map(|stem| ["yaml", "yml", "json"].map(|ext| format!("{stem}.{ext}").into()))
        .collect(),
        ..CloudList::default()
    });
    snapshot("cloud_picker_empty", &model);
    model.width = 120;
    model.height = 32;
    snapshot("cloud_picker_empty", &model);
}

#[test]
fn main_view() {
    // 120x32 too: the medium width where the table takes the whole width.
    for (w, h) in SIZES.into_iter().chain([(120, 32)]) {
        let mut model = logged_in(w, h);
        press(&mut model, KeyCode::Down);
        snapshot("main", &model);
    }
}

#[test]
fn main_view_unrestricted_with_access_rules() {
    for (w, h) in SIZES {
        let mut model = logged_in(w, h);
        press(&mut model, KeyCode::Char('G'));
        press(&mut model, KeyCode::Tab);
        snapshot("main_detail_rules", &model);
    }
}

#[test]
fn main_view_filtering_and_marks() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char(' '));
    press(&mut model, KeyCode::Char('/'));
    for c in "de".chars() {
        update(&mut model, Msg::Key(char_key(c)));
    }
    snapshot("main_filtering", &model);
}

#[test]
fn main_view_sorted_by_expiry_while_loading() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char('s'));
    press(&mut model, KeyCode::Char('r'));
    snapshot("main_sorted_busy", &model);
}

#[test]
fn main_view_logging_in_and_empty() {
    let mut model = Model::new(now(), Theme { color: true }, 80, 24);
    model.screen = Screen::Main;
    model.clouds.logging_in = Some("devstack".to_string());
    snapshot("main_logging_in", &model);

    let mut model = logged_in(80, 24);
    model.table.set_items(Vec::new());
    model.table.recount(now());
    snapshot("main_empty", &model);
}

#[test]
fn help_overlay() {
    for (w, h) in SIZES {
        let mut model = logged_in(w, h);
        press(&mut model, KeyCode::Char('?'));
        snapshot("help_credentials", &model);
    }
    let mut model = picker(80, 24);
    model.overlays.push(Overlay::Help(KeyContext::CloudPicker));
    snapshot("help_cloud_picker", &model);
}

#[test]
fn error_popup() {
    for (w, h) in SIZES {
        let mut model = logged_in(w, h);
        let report = ErrorReport::new(
            "Creating the credential failed",
            "POST /v3/users/u1/application_credentials: Keystone answered 404 Not Found: \
             Could not find role assignment with role: r-member, user or group: u1, project: p1.",
        )
        .with_hint(Some(
            "federated users hold roles only for the role-assignment window; log in again \
             through SSO and retry"
                .to_string(),
        ));
        model.last_error = Some(format!("{}: {}", report.what, report.message));
        model.overlays.push(Overlay::Error(report));
        snapshot("error", &model);
    }
}

#[test]
fn delete_confirmation_and_results() {
    for (w, h) in SIZES {
        let mut model = logged_in(w, h);
        press(&mut model, KeyCode::Char(' '));
        press(&mut model, KeyCode::Char(' '));
        press(&mut model, KeyCode::Char('d'));
        snapshot("delete_confirm", &model);
    }
    let mut model = logged_in(80, 24);
    let items = credentials();
    let targets: Vec<_> = items.iter().take(3).collect();
    let mut dialog = DeleteDialog::new(&targets);
    dialog.started = true;
    use crate::tui::popups::DeleteStatus;
    dialog.rows[0].status = DeleteStatus::Deleted;
    dialog.rows[1].status = DeleteStatus::Failed(
        "Keystone answered 403 Forbidden (you may only delete your own credentials)".to_string(),
    );
    dialog.rows[2].status = DeleteStatus::Running;
    model.overlays.push(Overlay::Delete(dialog));
    snapshot("delete_results", &model);
}

#[test]
fn password_prompt() {
    let mut model = picker(80, 24);
    let (answer, _wait) = tokio::sync::oneshot::channel();
    update(
        &mut model,
        Msg::PromptNeeded {
            prompt: PromptFor {
                label: "Password".to_string(),
                user: "demo".to_string(),
            },
            answer,
        },
    );
    for c in "fake-pw".chars() {
        update(&mut model, Msg::Key(char_key(c)));
    }
    snapshot("prompt", &model);
    assert!(!draw(&model).backend().to_string().contains("fake-pw"));
}

#[test]
fn too_small() {
    let model = logged_in(50, 12);
    snapshot("too_small", &model);
}

#[test]
fn hosted_wizard_and_reveal() {
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char('n'));
    assert!(matches!(model.screen, Screen::Wizard(_)));
    snapshot("hosted_wizard", &model);

    let created = CreatedCredential {
        credential: credential("new-ci", Some(30)),
        secret: Secret::new("FAKE-SECRET-never-a-real-one"),
    };
    let tag = model.requests.start("create new-ci");
    update(
        &mut model,
        Msg::Reply {
            tag,
            requests_sent: Some(5),
            reply: crate::tui::msg::Reply::Created(Ok(created)),
        },
    );
    assert!(matches!(model.screen, Screen::Reveal(_)));
    let text = draw(&model).backend().to_string();
    assert!(!text.contains("FAKE-SECRET"), "masked until v");
    snapshot("hosted_reveal", &model);
}

/// The expiry column's colour: expired red, soon yellow, never grey.
#[test]
fn expiry_colours_and_no_color_markers() {
    let find = |model: &Model, text: &str| {
        let terminal = draw(model);
        let buffer = terminal.backend().buffer().clone();
        let area = buffer.area;
        for y in 0..area.height {
            let line: String = (0..area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect();
            if let Some(col) = line.find(text) {
                let x = u16::try_from(line[..col].chars().count()).unwrap_or(0);
                return Some(buffer[(x, y)].clone());
            }
        }
        None
    };
    let model = logged_in(160, 48);
    let expired = find(&model, "expired 3 d ago").map(|c| c.fg);
    assert_eq!(expired, Some(Color::Red));
    let soon = find(&model, "in 12 d").map(|c| c.fg);
    assert_eq!(soon, Some(Color::Yellow));
    let never = find(&model, "never").map(|c| c.fg);
    assert_eq!(never, Some(Color::DarkGray));

    let mut plain = logged_in(160, 48);
    plain.ctx.theme = Palette::plain();
    let terminal = draw(&plain);
    let buffer = terminal.backend().buffer();
    assert!(
        buffer
            .content()
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
        "NO_COLOR: no colour anywhere"
    );
    let text = terminal.backend().to_string();
    assert!(text.contains("! expired 3 d ago"));
    assert!(text.contains("~ in 12 d"));
    // Emphasis remains without colour.
    let cell = find(&plain, "! expired").map(|c| c.modifier);
    assert!(cell.is_some_and(|m| m.contains(Modifier::BOLD)));
    insta::assert_snapshot!("main_no_color_160x48", terminal.backend());
}

#[test]
fn rotation_retire_choice_and_verify_explanation() {
    use crate::tui::screens::rotate::{Phase, Progress, Rotation, plan};
    for (w, h) in SIZES {
        let mut model = logged_in(w, h);
        let old = credentials().remove(0);
        let mut rotation = Rotation::new(plan(&old, &held_roles(), &[], now()).expect("a plan"));
        rotation.phase = Phase::Retire(Progress::Works);
        model.screen = Screen::Rotate(Box::new(rotation));
        snapshot("rotation_retire", &model);
    }
    let mut model = logged_in(80, 24);
    press(&mut model, KeyCode::Char('t'));
    snapshot("verify_needs_secret", &model);
}

/// Issue 11, defect 6: a cut name ends in `…` (never passes for the whole
/// name), and the help explains the Flags column's codes.
#[test]
fn cut_names_show_an_ellipsis_and_the_help_explains_the_flags() {
    let mut model = logged_in(80, 24);
    let mut items = credentials();
    items[0].name = "a-very-long-credential-name-for-the-nightly-backup-job-of-team-x".to_string();
    model.table.set_items(items);
    model.table.recount(now());
    let text = draw(&model).backend().to_string();
    assert!(text.contains("a-very-long-credential-name"), "{text}");
    assert!(text.contains('…'), "no ellipsis:\n{text}");
    assert!(!text.contains("team-x"), "{text}");
    press(&mut model, KeyCode::Char('?'));
    let text = draw(&model).backend().to_string();
    assert!(text.contains("U unrestricted"), "{text}");
    assert!(text.contains("rot being rotated"), "{text}");
}
