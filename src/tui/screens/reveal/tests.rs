//! Key handling of the reveal screen: show/hide, copy, export prompts,
//! verify, and the leave confirmation that drops the secret.

use std::path::PathBuf;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::keystone::{AccessRule, RoleRef};
use crate::tui::context::Context;

pub(super) const FAKE_SECRET: &str =
    "fAkE-s3cr3t-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789_x";

pub(super) fn now() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2026, 11, 25)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .map(|n| n.and_utc())
        .unwrap_or_default()
}

fn fake_local(t: DateTime<Utc>) -> String {
    (t + Duration::hours(1))
        .format("%Y-%m-%d %H:%M CET")
        .to_string()
}

pub(super) fn reveal() -> RevealState {
    let credential = ApplicationCredential {
        id: "0a1b2c3d4e5f60718293a4b5c6d7e8f9".into(),
        name: "magnum-k8s-prod".into(),
        description: Some("Magnum cluster (k8s-prod)".into()),
        user_id: Some("u-1".into()),
        project_id: Some("p-1".into()),
        roles: vec![RoleRef {
            id: "r-member".into(),
            name: "member".into(),
        }],
        unrestricted: Some(false),
        expires_at: Some(now() + Duration::days(90)),
        access_rules: Some(vec![AccessRule {
            id: None,
            service: "compute".into(),
            method: "GET".into(),
            path: "/v2.1/servers/**".into(),
        }]),
    };
    let export = ExportInfo {
        cloud_name: "mycloud".into(),
        auth_url: "https://keystone.example.test:5000/v3".into(),
        region_name: Some("RegionOne".into()),
        interface: "public".into(),
        cacert: None,
        clouds_file: Some(PathBuf::from("/home/ada/.config/openstack/clouds.yaml")),
        home: Some(PathBuf::from("/home/ada")),
    };
    let created = CreatedCredential {
        credential,
        secret: Secret::new(FAKE_SECRET),
    };
    RevealState::new(created, export)
}

/// The shared context the reveal screen's tests draw and press with.
pub(super) fn ctx() -> Context {
    let mut ctx = crate::tui::testing::context_with(fake_local);
    ctx.now = now();
    ctx
}

pub(super) fn press(r: &mut RevealState, code: KeyCode) -> Outcome {
    handle_key(r, &ctx(), KeyEvent::new(code, KeyModifiers::NONE))
}

#[test]
fn secret_is_masked_until_v() {
    let mut r = reveal();
    assert!(!r.is_shown());
    press(&mut r, KeyCode::Char('v'));
    assert!(r.is_shown());
    press(&mut r, KeyCode::Char('v'));
    assert!(!r.is_shown());
}

#[test]
fn copy_secret_and_id() {
    let mut r = reveal();
    let Outcome::Copy { what, text } = press(&mut r, KeyCode::Char('y')) else {
        panic!("expected a copy")
    };
    assert_eq!(what, CopyWhat::Secret);
    assert_eq!(text.expose(), FAKE_SECRET);
    let Outcome::Copy { what, text } = press(&mut r, KeyCode::Char('i')) else {
        panic!("expected a copy")
    };
    assert_eq!(what, CopyWhat::Id);
    assert_eq!(text.expose(), "0a1b2c3d4e5f60718293a4b5c6d7e8f9");
    r.set_status("Copied to the terminal's clipboard (OSC 52)");
    assert!(r.status.is_some());
}

#[test]
fn verify_key() {
    let mut r = reveal();
    assert!(matches!(press(&mut r, KeyCode::Char('t')), Outcome::Verify));
}

#[test]
fn openrc_export_prompt_with_default_path() {
    let mut r = reveal();
    press(&mut r, KeyCode::Char('o'));
    let Outcome::Export {
        format,
        path,
        cloud_name,
        merge,
        ..
    } = press(&mut r, KeyCode::Enter)
    else {
        panic!("expected an export")
    };
    assert_eq!(format, ExportFormat::Openrc);
    assert_eq!(path, PathBuf::from("./app-cred-magnum-k8s-prod-openrc.sh"));
    assert_eq!(cloud_name, None);
    assert!(!merge);
    assert!(matches!(r.mode, Mode::Normal));
}

#[test]
fn clouds_export_merges_into_the_file_appcred_read() {
    let mut r = reveal();
    press(&mut r, KeyCode::Char('c'));
    press(&mut r, KeyCode::Tab);
    press(&mut r, KeyCode::Char('2'));
    let Outcome::Export {
        format,
        path,
        cloud_name,
        merge,
        ..
    } = press(&mut r, KeyCode::Enter)
    else {
        panic!("expected an export")
    };
    assert_eq!(format, ExportFormat::Clouds);
    assert_eq!(
        path,
        PathBuf::from("/home/ada/.config/openstack/clouds.yaml")
    );
    assert_eq!(cloud_name.as_deref(), Some("mycloud-magnum-k8s-prod2"));
    assert!(merge);
}

#[test]
fn clouds_default_without_a_source_file_and_home_expansion() {
    let mut r = reveal();
    r.export.clouds_file = None;
    assert_eq!(
        r.default_path(ExportFormat::Clouds),
        PathBuf::from("/home/ada/.config/openstack/clouds.yaml")
    );
    press(&mut r, KeyCode::Char('j'));
    if let Mode::Prompt(p) = &mut r.mode {
        p.path = Input::new("~/creds/k8s.json".into());
    }
    let Outcome::Export { path, .. } = press(&mut r, KeyCode::Enter) else {
        panic!("expected an export")
    };
    assert_eq!(path, PathBuf::from("/home/ada/creds/k8s.json"));
}

#[test]
fn export_prompt_refuses_empty_path_and_esc_cancels() {
    let mut r = reveal();
    press(&mut r, KeyCode::Char('o'));
    if let Mode::Prompt(p) = &mut r.mode {
        p.path = Input::default();
    }
    assert!(matches!(press(&mut r, KeyCode::Enter), Outcome::Redraw));
    assert!(r.error.is_some());
    assert!(matches!(r.mode, Mode::Prompt(_)));
    // Keys typed in the prompt are text, not commands.
    assert!(matches!(press(&mut r, KeyCode::Char('q')), Outcome::Redraw));
    assert!(!r.is_confirming_leave());
    press(&mut r, KeyCode::Esc);
    assert!(matches!(r.mode, Mode::Normal));
}

#[test]
fn file_names_stay_safe() {
    assert_eq!(file_safe("a b/c\\d"), "a-b-c-d");
    assert_eq!(file_safe("ci.runner_1"), "ci.runner_1");
}

#[test]
fn leaving_asks_and_n_stays() {
    for key in [KeyCode::Esc, KeyCode::Enter, KeyCode::Char('q')] {
        let mut r = reveal();
        assert!(matches!(press(&mut r, key), Outcome::Redraw));
        assert!(r.is_confirming_leave());
        assert!(
            ctx()
                .hints(r.key_context(), &[])
                .contains(&("y".to_string(), "leave"))
        );
        // Other keys do nothing while asking.
        assert!(matches!(press(&mut r, KeyCode::Char('v')), Outcome::None));
        assert!(matches!(press(&mut r, KeyCode::Char('n')), Outcome::Redraw));
        assert!(!r.is_confirming_leave());
        assert!(r.secret().is_some());
    }
}

#[test]
fn leaving_with_y_drops_the_secret() {
    let mut r = reveal();
    press(&mut r, KeyCode::Char('v'));
    press(&mut r, KeyCode::Char('q'));
    assert!(matches!(press(&mut r, KeyCode::Char('y')), Outcome::Leave));
    assert!(r.secret().is_none());
    assert!(!r.is_shown());
    // Nothing can bring it back.
    assert!(matches!(press(&mut r, KeyCode::Char('y')), Outcome::None));
    assert!(matches!(press(&mut r, KeyCode::Char('v')), Outcome::None));
}

#[test]
fn debug_never_shows_the_secret() {
    let mut r = reveal();
    press(&mut r, KeyCode::Char('v'));
    assert!(!format!("{r:?}").contains("fAkE"));
    let copy = press(&mut r, KeyCode::Char('y'));
    assert_eq!(format!("{copy:?}"), "Copy(Secret, [REDACTED])");
}
