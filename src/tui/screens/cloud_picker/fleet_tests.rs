//! The fleet view: update tests (a survey per clouds.yaml read, answers
//! filling their own row only, stale answers dropped, Enter as before) and
//! snapshots at 80x24 of the loading, ok, failed and needs-prompt rows.

use crossterm::event::KeyCode;

use super::state::{FleetAnswer, FleetRow};
use crate::config::CloudSummary;
use crate::fleet::ExpiryCounts;
use crate::tui::model::{Model, Screen};
use crate::tui::msg::{CloudChoice, CloudList, Effect, Msg, Reply, names};
use crate::tui::testing::*;
use crate::tui::theme::Theme;
use crate::tui::update::{init, update};

const CLOUDS: [&str; 4] = ["devstack", "production", "staging-totp", "lab-offline"];

fn summary(name: &str) -> CloudSummary {
    CloudSummary {
        name: name.to_string(),
        auth_url: Some(format!("https://{name}.example.com:5000/v3")),
        username: Some("ops".to_string()),
        auth_type: "password".to_string(),
        source_file: Some("/c.yaml".into()),
    }
}

/// A picker that read clouds.yaml; returns the survey effect it asked for.
fn surveyed() -> (Model, Vec<Effect>) {
    let mut model = Model::new(now(), Theme { color: true }, 80, 24);
    let first = init(&mut model, None);
    let Some(Effect::ListClouds { tag }) = first.into_iter().next() else {
        panic!("the picker reads clouds.yaml first");
    };
    let list = CloudList {
        clouds: CLOUDS.iter().map(|c| summary(c)).collect(),
        environment_name: None,
        searched: Vec::new(),
    };
    let effects = update(
        &mut model,
        Msg::Reply {
            tag,
            requests_sent: None,
            reply: Reply::Clouds(Ok(list)),
        },
    );
    (model, effects)
}

fn answer(model: &mut Model, survey: u64, cloud: &str, row: FleetRow) -> Vec<Effect> {
    let cloud = cloud.to_string();
    update(model, Msg::Fleet(FleetAnswer { survey, cloud, row }))
}

fn listed(total: usize, expired: usize, expiring: usize) -> FleetRow {
    FleetRow::Listed(ExpiryCounts {
        total,
        expired,
        expiring,
        ephemeral: 0,
    })
}

fn needs_password() -> FleetRow {
    FleetRow::NeedsPrompt {
        what: "passcode",
        reason: "logging in as ops needs a TOTP passcode, and none was configured or typed".into(),
    }
}

fn failed() -> FleetRow {
    FleetRow::Failed {
        reason: "cannot connect to Keystone at https://lab-offline.example.com:5000/v3: \
                 Connection refused"
            .into(),
    }
}

fn snapshot(name: &str, model: &Model) {
    let terminal = draw(model);
    insta::assert_snapshot!(
        format!("{name}_{}x{}", model.width, model.height),
        terminal.backend()
    );
}

#[test]
fn reading_clouds_yaml_surveys_every_cloud() {
    let (model, effects) = surveyed();
    assert_eq!(names(&effects), ["survey-clouds"]);
    let Some(Effect::SurveyClouds {
        survey,
        clouds,
        window,
    }) = effects.first()
    else {
        panic!("a survey");
    };
    assert_eq!(clouds, &CLOUDS.map(String::from));
    assert_eq!(*survey, model.clouds.fleet.survey);
    assert_eq!(*window, model.table.warning, "the table's expiry window");
    for c in CLOUDS {
        assert_eq!(model.clouds.fleet.row(c), Some(&FleetRow::Checking), "{c}");
    }
}

#[test]
fn each_answer_fills_its_own_row_only() {
    let (mut model, _) = surveyed();
    let survey = model.clouds.fleet.survey;
    assert!(answer(&mut model, survey, "lab-offline", failed()).is_empty());
    assert_eq!(model.clouds.fleet.row("lab-offline"), Some(&failed()));
    for other in ["devstack", "production", "staging-totp"] {
        assert_eq!(model.clouds.fleet.row(other), Some(&FleetRow::Checking));
    }
    answer(&mut model, survey, "devstack", listed(5, 1, 2));
    assert_eq!(model.clouds.fleet.row("devstack"), Some(&listed(5, 1, 2)));
    assert!(model.clouds.fleet.checking());
    assert!(
        matches!(model.screen, Screen::CloudPicker),
        "nothing opens by itself"
    );
    assert!(model.overlays.is_empty(), "a failed row is no error popup");
}

#[test]
fn a_reload_drops_the_older_surveys_answers() {
    let (mut model, _) = surveyed();
    let old = model.clouds.fleet.survey;
    let effects = update(&mut model, Msg::Key(key(KeyCode::Char('r'))));
    assert_eq!(names(&effects), ["list-clouds"]);
    let Some(Effect::ListClouds { tag }) = effects.into_iter().next() else {
        panic!()
    };
    let list = CloudList {
        clouds: CLOUDS.iter().map(|c| summary(c)).collect(),
        ..CloudList::default()
    };
    let reply = Reply::Clouds(Ok(list));
    let effects = update(
        &mut model,
        Msg::Reply {
            tag,
            requests_sent: None,
            reply,
        },
    );
    assert_eq!(names(&effects), ["survey-clouds"]);
    answer(&mut model, old, "devstack", listed(9, 9, 9));
    assert_eq!(
        model.clouds.fleet.row("devstack"),
        Some(&FleetRow::Checking)
    );
    // An answer for a cloud no longer listed is dropped too.
    let new = model.clouds.fleet.survey;
    answer(&mut model, new, "gone", listed(1, 0, 0));
    assert_eq!(model.clouds.fleet.row("gone"), None);
}

#[test]
fn enter_opens_any_cloud_as_before_prompting_ones_included() {
    let (mut model, _) = surveyed();
    let survey = model.clouds.fleet.survey;
    answer(&mut model, survey, "staging-totp", needs_password());
    model.clouds.selected = 2;
    let effects = update(&mut model, Msg::Key(key(KeyCode::Enter)));
    assert_eq!(names(&effects), ["login"]);
    assert!(matches!(
        &effects[0],
        Effect::Login { cloud: CloudChoice::Named(n), .. } if n == "staging-totp"
    ));
}

#[test]
fn snapshot_while_checking() {
    let (model, _) = surveyed();
    snapshot("fleet_checking", &model);
}

#[test]
fn snapshot_ok_failed_and_needs_prompt_rows() {
    let (mut model, _) = surveyed();
    let survey = model.clouds.fleet.survey;
    answer(&mut model, survey, "devstack", listed(7, 1, 2));
    answer(&mut model, survey, "staging-totp", needs_password());
    answer(&mut model, survey, "lab-offline", failed());
    // production still checking; the failed row selected shows its reason.
    model.clouds.selected = 3;
    snapshot("fleet_rows_failed_selected", &model);
    model.clouds.selected = 2;
    snapshot("fleet_rows_needs_prompt_selected", &model);
    let screen = draw(&model).backend().to_string();
    assert!(
        screen.contains("needs a passcode") && screen.contains("checking"),
        "{screen}"
    );
}

/// A federated cloud whose device login nobody could approve in the
/// background: "needs a person", not a password, not a failure.
#[test]
fn an_sso_login_that_needs_a_person_says_so() {
    let listing = crate::fleet::CloudListing {
        cloud: "production".into(),
        scope: None,
        outcome: Err(crate::fleet::Unlisted::NeedsPrompt {
            reason: "logging in as production needs a device-code approval, and none was \
                     configured or typed"
                .into(),
        }),
    };
    let row = FleetRow::from_listing(&listing, now(), chrono::Duration::days(14));
    assert_eq!(row.state_text(), "needs a person");
    let (mut model, _) = surveyed();
    let survey = model.clouds.fleet.survey;
    answer(&mut model, survey, "production", row);
    model.clouds.selected = 1;
    let screen = draw(&model).backend().to_string();
    assert!(
        screen.contains("needs a person") && screen.contains("production: its SSO login needs"),
        "{screen}"
    );
    assert!(!screen.contains("needs a password"), "{screen}");
}
