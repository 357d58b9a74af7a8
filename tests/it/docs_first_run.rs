//! First run: no clouds.yaml anywhere and no `OS_*` variables. The command
//! line says where it looked and how to create one, with an example that
//! really works as a clouds.yaml.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use appcred::config::{self, EXAMPLE_CLOUDS_YAML, Environment, Overrides};

fn bare_env(home: &Path) -> Environment {
    Environment {
        vars: HashMap::new(),
        cwd: home.to_path_buf(),
        home: Some(home.to_path_buf()),
    }
}

fn fresh_home(name: &str) -> std::path::PathBuf {
    crate::support::temp_dir(&format!("first-run-{name}"))
}

#[test]
fn list_says_where_it_looked_and_how_to_start() {
    let home = fresh_home("cli");
    let out = Command::new(env!("CARGO_BIN_EXE_appcred"))
        .arg("list")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &home)
        .current_dir(&home)
        .output()
        .expect("cannot run appcred");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no cloud is configured"), "{stderr}");
    // Every directory of the search is named.
    for candidate in config::clouds_file_candidates(&bare_env(&home)) {
        let dir = candidate.parent().map(|p| p.display().to_string());
        let dir = dir.unwrap_or_default();
        assert!(
            stderr.contains(&format!("{dir}/clouds.")),
            "{dir} not named:\n{stderr}"
        );
    }
    let suggested = home.join(".config/openstack/clouds.yaml");
    assert!(
        stderr.contains(&format!("Create {}", suggested.display())),
        "{stderr}"
    );
    assert!(stderr.contains(EXAMPLE_CLOUDS_YAML), "{stderr}");
    assert!(stderr.contains("appcred --os-cloud mycloud"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn the_example_is_a_working_clouds_yaml() {
    let home = fresh_home("example");
    let dir = home.join(".config/openstack");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("clouds.yaml"), EXAMPLE_CLOUDS_YAML).expect("write");
    let overrides = Overrides {
        cloud: Some("mycloud".to_string()),
        ..Overrides::default()
    };
    let cloud = config::resolve(&bare_env(&home), &overrides);
    let cloud = cloud.expect("the example does not resolve");
    assert_eq!(cloud.name, "mycloud");
    assert_eq!(
        cloud.auth.auth_url.as_deref(),
        Some("https://keystone.example.com:5000/v3")
    );
    assert_eq!(cloud.region_name.as_deref(), Some("RegionOne"));
    // With the file in place, a single cloud is picked without --os-cloud.
    let only = config::resolve(&bare_env(&home), &Overrides::default());
    assert_eq!(only.map(|c| c.name).ok().as_deref(), Some("mycloud"));
}
