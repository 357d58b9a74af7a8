//! Every screen at 80x24 (issue 23): no word cut where room remains, the
//! secret on rows that hold only the secret, hint pairs whole. Asserted on
//! the drawn text, wrapped phrases read back across rows.

use crossterm::event::KeyCode;

use crate::config::CloudSummary;
use crate::keys::KeyContext;
use crate::keystone::CreatedCredential;
use crate::secret::Secret;
use crate::tui::model::{Model, Pane, Screen};
use crate::tui::msg::{CloudList, CopyWhat, Effect, ErrorReport, Msg, Reply, Tag};
use crate::tui::screens::cloud_picker::FleetRow;
use crate::tui::testing::*;
use crate::tui::update::update;

/// 86 characters, as Keystone's secrets are: wider than 80 columns.
const SECRET: &str =
    "fAkE-s3cr3t-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789_x";

const TMUX_FIX: &str = "nothing was copied: inside tmux with allow-passthrough off and \
    set-clipboard external, OSC 52 cannot reach your terminal. Run `tmux set -g \
    allow-passthrough on` (and add it to ~/.tmux.conf), then copy again; or press v and copy \
    the value by hand";

/// The screen's rows as drawn.
pub(super) fn rows(model: &Model) -> Vec<String> {
    let terminal = draw(model);
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect()
        })
        .collect()
}

/// `rows` as one text, borders and runs of spaces gone: a phrase wrapped
/// over several rows reads whole here; a cut one does not.
fn flat<S: AsRef<str>>(rows: &[S]) -> String {
    let joined: Vec<&str> = rows
        .iter()
        .map(|r| {
            r.as_ref()
                .trim_matches(|c: char| c == '│' || c.is_whitespace())
        })
        .collect();
    joined
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn press(model: &mut Model, code: KeyCode) -> Vec<Effect> {
    update(model, Msg::Key(key(code)))
}

/// The reveal screen of a new credential `new-one` with [`SECRET`].
fn revealed(width: u16, height: u16) -> Model {
    let mut model = logged_in(width, height);
    let tag = model.requests.start("create new-one");
    let created = CreatedCredential {
        credential: credential("new-one", Some(30)),
        secret: Secret::new(SECRET),
    };
    reply(&mut model, tag, Reply::Created(Ok(created)));
    assert!(matches!(model.screen, Screen::Reveal(_)));
    model
}

fn tag_of(effects: &[Effect]) -> Tag {
    match effects {
        [Effect::CopyToClipboard { tag, .. } | Effect::WriteExport { tag, .. }] => *tag,
        other => panic!("{:?}", crate::tui::msg::names(other)),
    }
}

#[test]
fn help_keeps_every_description_whole() {
    let mut model = logged_in(80, 24);
    update(&mut model, Msg::Key(char_key('?')));
    let rows = rows(&model);
    let screen = rows.join("\n");
    assert!(!screen.contains('…'), "{screen}");
    // The two columns, each read top to bottom.
    let column = |from: usize, to: usize| -> Vec<String> {
        rows.iter()
            .map(|r| r.chars().skip(from).take(to - from).collect())
            .collect()
    };
    let text = format!("{} {}", flat(&column(1, 40)), flat(&column(40, 79)));
    for binding in model.ctx.bindings(KeyContext::CredentialTable) {
        assert!(
            text.contains(binding.description),
            "{:?} not whole\n{screen}",
            binding.description
        );
    }
}

#[test]
fn preset_summaries_wrap_whole() {
    let mut model = logged_in(80, 24);
    update(&mut model, Msg::Key(char_key('n')));
    let rows = rows(&model);
    let text = flat(&rows);
    for preset in crate::presets::all() {
        assert!(
            text.contains(&preset.summary),
            "{:?} cut\n{}",
            preset.summary,
            rows.join("\n")
        );
    }
}

#[test]
fn a_copy_failure_reads_whole_and_leaves_with_the_export_prompt() {
    let mut model = revealed(80, 24);
    let effects = press(&mut model, KeyCode::Char('y'));
    let failed = Reply::Copied {
        what: CopyWhat::Secret,
        result: Err(ErrorReport::new("Copying failed", TMUX_FIX)),
    };
    reply(&mut model, tag_of(&effects), failed);
    let rows = rows(&model);
    assert!(
        flat(&rows).contains("Run `tmux set -g allow-passthrough on` (and add it to ~/.tmux.conf)"),
        "{}",
        rows.join("\n")
    );
    // The export prompt is a new action: the copy's error is not its own,
    // neither in the box nor on the status bar.
    press(&mut model, KeyCode::Char('o'));
    let screen = self::rows(&model).join("\n");
    assert!(screen.contains("Export as openrc"), "{screen}");
    assert!(!screen.contains("Copying failed"), "{screen}");
}

#[test]
fn a_refused_export_reads_whole() {
    let mut model = revealed(80, 24);
    press(&mut model, KeyCode::Char('o'));
    let effects = press(&mut model, KeyCode::Enter);
    let refused = Reply::ExportInGitTree {
        format: crate::export::ExportFormat::Openrc,
        path: "./app-cred-new-one-openrc.sh".into(),
        root: "/home/demo/src/appcred".into(),
    };
    reply(&mut model, tag_of(&effects), refused);
    let rows = rows(&model);
    let text = flat(&rows);
    for part in [
        "Not written: ./app-cred-new-one-openrc.sh is inside the git work tree",
        "type the first path again to write there anyway (or set export_dir in config.toml).",
    ] {
        assert!(text.contains(part), "{part:?}\n{}", rows.join("\n"));
    }
}

#[test]
fn the_secret_has_rows_of_its_own() {
    for (width, height) in [(80, 24), (160, 48)] {
        let mut model = revealed(width, height);
        press(&mut model, KeyCode::Char('v'));
        let rows = rows(&model);
        let chunks: Vec<String> = SECRET
            .chars()
            .collect::<Vec<_>>()
            .chunks(usize::from(width))
            .map(|c| c.iter().collect())
            .collect();
        for chunk in &chunks {
            assert!(
                rows.iter().any(|r| r.trim() == chunk.as_str()),
                "{chunk:?} not on a row of its own at {width}x{height}\n{}",
                rows.join("\n")
            );
        }
        // Nothing but the secret on its rows: no border to select with it.
        let on = rows.iter().filter(|r| r.contains(&chunks[0])).count();
        assert_eq!(on, 1);
        assert!(
            rows.iter()
                .all(|r| !r.contains(&chunks[0]) || !r.contains('│'))
        );
    }
}

#[test]
fn the_reveal_hints_never_split_a_key_from_its_words() {
    let model = revealed(80, 24);
    let rows = rows(&model);
    let screen = rows.join("\n");
    assert!(screen.contains("g cloud.conf"), "{screen}");
    for row in rows.iter().filter(|r| r.starts_with('│')) {
        let inside = row.trim_matches(|c: char| c == '│' || c == ' ');
        let last = inside.rsplit(" · ").next().unwrap_or_default();
        assert!(
            last.contains(' ') || last.is_empty(),
            "{last:?} alone\n{screen}"
        );
    }
}

#[test]
fn the_status_line_gives_the_message_room_before_the_counters() {
    let mut model = logged_in(80, 24);
    let notice = "rotated: deleted ci-pipeline; ci-pipeline-20261125 replaces it";
    model.notice = Some(notice.to_string());
    let rows = rows(&model);
    let last = rows.last().cloned().unwrap_or_default();
    assert!(last.starts_with(notice), "{last:?}");
    // What still fits of the counters comes after it, whole.
    assert!(last.contains("2 exp"), "{last:?}");
}

fn summary(name: &str, url: &str, user: &str) -> CloudSummary {
    CloudSummary {
        name: name.to_string(),
        auth_url: Some(url.to_string()),
        username: Some(user.to_string()),
        auth_type: "password".to_string(),
        source_file: Some("/c.yaml".into()),
    }
}

#[test]
fn the_cloud_picker_shows_users_urls_and_reasons_whole() {
    let mut model = logged_in(80, 24);
    model.screen = Screen::CloudPicker;
    model.clouds.set_list(CloudList {
        clouds: vec![
            summary(
                "devstack-admin",
                "http://192.168.121.10/identity/v3",
                "admin",
            ),
            summary(
                "devstack-alice",
                "http://192.168.121.10/identity/v3",
                "alice",
            ),
        ],
        environment_name: None,
        searched: Vec::new(),
    });
    let reason = "GET /v3/users/cef9a1b2/application_credentials: Keystone answered 403 \
                  Forbidden: you may not list this user's credentials; log in as alice";
    let failed = FleetRow::Failed {
        reason: reason.to_string(),
    };
    model
        .clouds
        .fleet
        .rows
        .insert("devstack-admin".to_string(), failed);
    let rows = rows(&model);
    let screen = rows.join("\n");
    assert!(screen.contains(" admin "), "{screen}");
    assert!(screen.contains(" alice "), "{screen}");
    assert!(screen.contains("Auth URL"), "{screen}");
    assert!(screen.contains("192.168"), "{screen}");
    assert!(flat(&rows).contains(reason), "{screen}");
    assert!(screen.contains("Esc back"), "{screen}");
}

#[test]
fn while_filtering_the_hints_are_the_filter_keys() {
    let mut model = logged_in(80, 24);
    update(&mut model, Msg::Key(char_key('/')));
    let screen = rows(&model).join("\n");
    assert!(!screen.contains("? help"), "{screen}");
    assert!(screen.contains("Esc drop it"), "{screen}");
    assert!(!screen.contains("Space mark"), "{screen}");
}

#[test]
fn a_new_credential_s_detail_starts_at_its_name() {
    let mut model = logged_in(80, 24);
    model.focus = Pane::Detail;
    model.detail_scroll = 4;
    let mut model = {
        let tag = model.requests.start("create new-one");
        let created = CreatedCredential {
            credential: credential("new-one", Some(30)),
            secret: Secret::new(SECRET),
        };
        reply(&mut model, tag, Reply::Created(Ok(created)));
        model
    };
    press(&mut model, KeyCode::Esc);
    press(&mut model, KeyCode::Char('y'));
    assert!(matches!(model.screen, Screen::Main));
    let screen = rows(&model).join("\n");
    assert!(screen.contains("Name          new-one"), "{screen}");
    assert_eq!(model.detail_scroll, 0);
}

#[test]
fn the_smallest_terminal_still_draws_help_and_the_secret() {
    let mut model = logged_in(60, 16);
    update(&mut model, Msg::Key(char_key('?')));
    let screen = rows(&model).join("\n");
    assert!(screen.contains("Keys: credentials"), "{screen}");
    let mut model = revealed(60, 16);
    press(&mut model, KeyCode::Char('v'));
    let rows = rows(&model);
    assert!(
        rows.iter().any(|r| r.trim() == &SECRET[..60]),
        "{}",
        rows.join("\n")
    );
}
