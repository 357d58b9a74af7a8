//! The cloud picker and logging in.

use super::*;

#[test]
fn without_a_cloud_the_picker_reads_clouds_yaml() {
    let mut model = Model::new(now(), Theme { color: true }, 80, 24);
    let effects = init(&mut model, None);
    assert_eq!(names(&effects), ["list-clouds"]);
    assert!(matches!(model.screen, Screen::CloudPicker));
    assert!(model.requests.busy());
}

#[test]
fn picker_lists_clouds_and_logs_in_to_the_chosen_one() {
    let mut model = Model::new(now(), Theme { color: true }, 80, 24);
    let effects = init(&mut model, None);
    let summary = |name: &str, source: Option<&str>| CloudSummary {
        name: name.to_string(),
        auth_url: Some("http://k:5000/v3".to_string()),
        username: Some("demo".to_string()),
        auth_type: "password".to_string(),
        source_file: source.map(Into::into),
    };
    let list = CloudList {
        clouds: vec![
            summary("devstack", Some("/c.yaml")),
            summary("prod", Some("/c.yaml")),
            summary("envvars", None),
        ],
        environment_name: Some("envvars".to_string()),
        searched: Vec::new(),
    };
    reply(
        &mut model,
        tag_of(&effects, "list-clouds"),
        Reply::Clouds(Ok(list)),
    );
    assert!(!model.requests.busy());
    let labels: Vec<&str> = model.clouds.rows.iter().map(|r| r.label()).collect();
    assert_eq!(labels, ["devstack", "prod", "environment"]);

    press(&mut model, KeyCode::Char('j'));
    press(&mut model, KeyCode::Char('j'));
    press(&mut model, KeyCode::Char('j'));
    assert_eq!(model.clouds.selected, 2, "stops at the last row");
    press(&mut model, KeyCode::Char('k'));
    let effects = press(&mut model, KeyCode::Enter);
    assert_eq!(names(&effects), ["login"]);
    assert!(matches!(
        &effects[0],
        Effect::Login { cloud: crate::tui::msg::CloudChoice::Named(n), .. } if n == "prod"
    ));
    assert_eq!(model.clouds.logging_in.as_deref(), Some("prod"));
    // A second Enter while logging in does nothing.
    assert!(press(&mut model, KeyCode::Enter).is_empty());

    let login = tag_of(&effects, "login");
    let effects = reply(&mut model, login, Reply::LoggedIn(Ok(session())));
    assert!(matches!(model.screen, Screen::Main));
    assert_eq!(
        names(&effects),
        ["load-credentials", "load-scopes", "load-roles"],
        "list, scopes and roles load in parallel"
    );
    assert_eq!(model.requests_sent, 9);
}

#[test]
fn failed_login_shows_the_error_and_the_picker() {
    let mut model = Model::new(now(), Theme { color: true }, 80, 24);
    let cloud = crate::config::CloudConfig {
        name: "devstack".to_string(),
        auth_type: crate::config::AuthType::Password,
        auth: Default::default(),
        region_name: None,
        interface: "public".to_string(),
        identity_api_version: None,
        tls: Default::default(),
        api_timeout: None,
        source_file: None,
    };
    let effects = init(&mut model, Some(cloud));
    assert_eq!(names(&effects), ["login"]);
    let effects = reply(
        &mut model,
        tag_of(&effects, "login"),
        Reply::LoggedIn(Err(error("Logging in to devstack failed"))),
    );
    assert_eq!(names(&effects), ["list-clouds"]);
    assert!(matches!(model.screen, Screen::CloudPicker));
    assert!(matches!(model.overlays.last(), Some(Overlay::Error(_))));
    assert!(
        model
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("500"))
    );
    press(&mut model, KeyCode::Esc);
    assert!(model.overlays.is_empty(), "Esc dismisses the error");
}
