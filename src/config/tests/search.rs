//! Where files are looked for, which one wins, and the cloud picker list.

use std::path::PathBuf;

use super::{Sandbox, cloud};
use crate::config::{Environment, Overrides, clouds_file_candidates, secure_file_candidates};

const ONE: &str = "clouds: {one: {auth: {auth_url: https://one/v3}}}";
const TWO: &str = "clouds: {two: {auth: {auth_url: https://two/v3}}}";

fn names(files: &[&str], dirs: &[PathBuf]) -> Vec<PathBuf> {
    dirs.iter()
        .flat_map(|d| files.iter().map(move |f| d.join(f)))
        .collect()
}

#[test]
fn clouds_candidates_in_openstacksdk_order() {
    let sb = Sandbox::new()
        .var("OS_CLIENT_CONFIG_FILE", "/custom/clouds.yaml")
        .var("XDG_CONFIG_HOME", "/xdg");
    let home = sb.root().join("home/.config/openstack");
    let mut expected = vec![PathBuf::from("/custom/clouds.yaml")];
    let mut dirs = vec![sb.env.cwd.clone(), PathBuf::from("/xdg/openstack"), home];
    dirs.extend(sb.system_dirs());
    expected.extend(names(&["clouds.yaml", "clouds.yml", "clouds.json"], &dirs));
    assert_eq!(sb.loader().clouds_candidates(), expected);
}

#[test]
fn home_config_dir_appears_once_without_xdg() {
    let sb = Sandbox::new();
    let c = sb.loader().clouds_candidates();
    let home = sb.root().join("home/.config/openstack/clouds.yaml");
    assert_eq!(c.iter().filter(|p| **p == home).count(), 1);
    assert_eq!(c.len(), 4 * 3);
}

#[test]
fn snap_real_home_is_used_for_the_unix_config_dir() {
    let sb = Sandbox::new().var("SNAP_REAL_HOME", "/real");
    let c = sb.loader().clouds_candidates();
    assert!(c.contains(&PathBuf::from("/real/.config/openstack/clouds.yaml")));
}

#[test]
fn public_candidates_end_with_the_system_dirs() {
    // Only the list is built here; nothing under /etc is read.
    let env = Environment {
        cwd: PathBuf::from("/work"),
        home: Some(PathBuf::from("/home/u")),
        ..Environment::default()
    };
    let c = clouds_file_candidates(&env);
    assert_eq!(c.first(), Some(&PathBuf::from("/work/clouds.yaml")));
    assert!(c.contains(&PathBuf::from("/etc/xdg/openstack/clouds.yml")));
    assert_eq!(c.last(), Some(&PathBuf::from("/etc/openstack/clouds.json")));
    let env = Environment {
        vars: [(
            "OS_CLIENT_SECURE_FILE".to_string(),
            "/s/secure.yaml".to_string(),
        )]
        .into(),
        ..env
    };
    let s = secure_file_candidates(&env);
    assert_eq!(s.first(), Some(&PathBuf::from("/s/secure.yaml")));
    assert_eq!(s.get(1), Some(&PathBuf::from("/work/secure.yaml")));
}

#[test]
fn first_existing_file_wins_and_files_are_not_merged() {
    let sb = Sandbox::new();
    sb.write("cwd/clouds.yaml", ONE);
    sb.user_file("clouds.yaml", TWO);
    assert_eq!(sb.resolve_ok(&Overrides::default()).name, "one");
    let err = sb.resolve_err(&cloud("two"));
    super::assert_mentions(&err, &["`two` not found", "one"]);
    assert_eq!(
        sb.loader().loaded_file(),
        Some(sb.root().join("cwd/clouds.yaml"))
    );
}

#[test]
fn yaml_before_yml_before_json() {
    let sb = Sandbox::new();
    sb.user_file(
        "clouds.json",
        r#"{"clouds": {"json": {"auth": {"auth_url": "u"}}}}"#,
    );
    sb.user_file("clouds.yml", TWO);
    assert_eq!(sb.resolve_ok(&Overrides::default()).name, "two");
    sb.user_file("clouds.yaml", ONE);
    assert_eq!(sb.resolve_ok(&Overrides::default()).name, "one");
}

#[test]
fn os_client_config_file_comes_first_and_is_skipped_when_missing() {
    let sb = Sandbox::new().var("OS_CLIENT_CONFIG_FILE", "custom/my.yaml");
    sb.user_file("clouds.yaml", TWO);
    assert_eq!(sb.resolve_ok(&Overrides::default()).name, "two");
    // Relative to the current directory.
    sb.write("cwd/custom/my.yaml", ONE);
    assert_eq!(sb.resolve_ok(&Overrides::default()).name, "one");
}

#[test]
fn system_dirs_are_searched_last() {
    let sb = Sandbox::new();
    sb.write("etc/openstack/clouds.yaml", TWO);
    assert_eq!(sb.resolve_ok(&Overrides::default()).name, "two");
    sb.write("etc-xdg/openstack/clouds.yaml", ONE);
    assert_eq!(sb.resolve_ok(&Overrides::default()).name, "one");
}

#[test]
fn secure_file_is_searched_on_its_own_and_can_stand_alone() {
    let sb = Sandbox::new().var("OS_CLIENT_SECURE_FILE", "/nonexistent/secure.yaml");
    sb.write("etc/openstack/secure.yaml", ONE);
    let c = sb.resolve_ok(&Overrides::default());
    assert_eq!(c.name, "one");
    assert_eq!(
        c.source_file,
        Some(sb.root().join("etc/openstack/secure.yaml"))
    );
}

#[test]
fn list_clouds_in_file_order_then_envvars_without_secrets() {
    let sb = Sandbox::new().vars(&[
        ("OS_AUTH_URL", "https://env/v3"),
        ("OS_PASSWORD", "env-secret-pw"),
    ]);
    sb.write(
        "cwd/clouds.yaml",
        "clouds:\n  zeta: {auth: {auth_url: https://z/v3, username: zu, password: file-secret-pw}}\n  \
         alpha: {auth_type: v3applicationcredential, auth: {auth_url: https://a/v3}}\n  \
         broken: {auth: 5}\n  prof: {profile: missing}\n",
    );
    let list = match sb.list() {
        Ok(l) => l,
        Err(e) => panic!("list failed: {e}"),
    };
    let names: Vec<&str> = list.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, vec!["zeta", "alpha", "broken", "prof", "envvars"]);
    assert_eq!(list[0].username.as_deref(), Some("zu"));
    assert_eq!(list[0].auth_type, "password");
    assert_eq!(list[1].auth_type, "v3applicationcredential");
    assert_eq!(list[4].source_file, None);
    assert_eq!(list[0].source_file, Some(sb.root().join("cwd/clouds.yaml")));
    let debug = format!("{list:?} {:?}", sb.env);
    assert!(!debug.contains("secret-pw"), "{debug}");
}

#[test]
fn list_clouds_is_empty_without_files_or_variables() {
    let sb = Sandbox::new().var("OS_CLOUD", "x");
    assert!(matches!(sb.list(), Ok(l) if l.is_empty()));
    assert_eq!(sb.loader().loaded_file(), None);
}
