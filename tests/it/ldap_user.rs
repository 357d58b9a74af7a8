//! The everyday commands as a user of the LDAP-backed domain `corp` (issue
//! 29: "every existing test that makes sense for a federated or LDAP user
//! runs there too"), through the real binary against the test Keystone's
//! LDAP bed (docs/seed.md, "The LDAP domain"). Mostly as `lina`, whose only
//! role on `corp-apps` (member) comes through the LDAP group `corp-devs`:
//! create with a clouds.yaml the real OpenStack client logs in with, show,
//! delete, rotate, `--expiring`, the fleet with both LDAP clouds, a user name
//! in another case (the directory compares names, not appcred), the admin's
//! audit of the project, the TUI wizard offering the group's role, `roles`
//! and `scopes`, the token cache and `exec --ephemeral`; and a user of its
//! own taken out of the group, whose credential the domain audit flags.
//! The seed's LDAP state is only read; each test makes and deletes
//! credentials of its own (unique names), so they run in any order, in
//! parallel. Where the instance has no slapd every test is a counted skip.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use appcred::config::{AuthOptions, AuthType, CloudConfig, Environment, Overrides};
use appcred::tui::app::{Step, run_headless};
use appcred::tui::effects::KeystoneRunner;
use appcred::tui::model::{Model, Screen};
use appcred::tui::screens::wizard;
use appcred::tui::theme::Theme;
use appcred::tui::update;
use chrono::{NaiveDateTime, Utc};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};

use crate::support::cli::*;
use crate::support::headless::{press, wizard_after_roles, wizard_to_roles};
use crate::support::ldap::{DirectoryUser, flush_identity_cache, password_login};
use crate::support::{self, Ldap, block_on};

/// The seed's LDAP domain, or None after a counted skip.
fn ldap(test: &str) -> Option<Ldap> {
    support::seed()
        .ldap_or_skip(&format!("ldap_user: {test}"))
        .cloned()
}

fn array(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("not an array: {v}"))
}

fn named<'a>(list: &'a Value, name: &str) -> Option<&'a Value> {
    array(list).iter().find(|c| c["name"] == name)
}

/// Makes a credential as an LDAP user through the API (password login by
/// name in `corp`, on `corp-apps`): Keystone's answer, with the secret.
fn api_create_as(ldap: &Ldap, user: &str, body: Value) -> Value {
    let u = ldap.user(user);
    create_logged_in(password_login(ldap, user, &u.password), &u.id, body)
}

/// `appcred` with this clouds.yaml instead of the seed's (no secure.yaml).
fn appcred_with(clouds_yaml: &Path) -> Command {
    let mut cmd = support::appcred();
    cmd.env("OS_CLIENT_CONFIG_FILE", clouds_yaml)
        .env("OS_CLIENT_SECURE_FILE", clouds_yaml.with_extension("none"));
    cmd
}

/// The real `openstack` client with only `clouds_yaml`: `ARGS -f json`.
fn openstack_json(clouds_yaml: &Path, args: &[&str]) -> Value {
    let home = support::temp_dir("ldap-user-osc");
    let out = Command::new(crate::support::workflow::openstack())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &home)
        .env("OS_CLIENT_CONFIG_FILE", clouds_yaml)
        .current_dir(&home)
        .args(args)
        .args(["-f", "json"])
        .output()
        .expect("run openstack");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        out.status.success(),
        "openstack {args:?} failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("no JSON ({e}): {stdout}"))
}

/// Keystone's `expires_at` (`2026-12-08T12:55:57.000000`, UTC) as seconds from now.
fn seconds_left(expires_at: &Value) -> i64 {
    let text = expires_at
        .as_str()
        .unwrap_or_else(|| panic!("no expiry: {expires_at}"));
    let at = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .unwrap_or_else(|e| panic!("{text}: {e}"));
    (at.and_utc() - Utc::now()).num_seconds()
}

#[test]
fn create_exports_a_clouds_yaml_the_openstack_client_logs_in_with_then_show_and_delete() {
    let Some(ldap) = ldap("create, export, show, delete") else {
        return;
    };
    let lina = ldap.user("lina");
    let mut clean = Cleanup::of_user_id(&lina.id);
    let name = clean.name(support::unique("ldap-exp"));
    let dir = support::temp_dir("ldap-user-exp");
    let file = dir.join("clouds.yaml");
    let f = file.to_string_lossy();
    // One HOME for create and show: appcred records where it put the secret.
    let home = support::temp_dir("ldap-user-home");
    let made = run_in(
        &home,
        Some("ldap-lina"),
        &[
            "create",
            &name,
            "--role",
            "member",
            "--expires",
            "1d",
            "--export",
            "clouds",
            "--output",
            &f,
        ],
        None,
    );
    made.ok().stderr_has(&["the secret is only in that file"]);
    assert_eq!(mode(&file), 0o600);

    // The real client, given only that file, gets a token for lina on
    // corp-apps (her role came from the group; the credential carries it).
    let entry = format!("ldap-lina-{name}");
    let token = openstack_json(&file, &["--os-cloud", &entry, "token", "issue"]);
    assert_eq!(token["user_id"], lina.id.as_str(), "{token}");
    assert_eq!(token["project_id"], ldap.project.id.as_str(), "{token}");

    let shown = run_in(
        &home,
        Some("ldap-lina"),
        &["show", &name, "-f", "json"],
        None,
    )
    .ok()
    .json();
    assert_eq!(shown["user_id"], lina.id.as_str(), "{shown}");
    assert_eq!(shown["project_id"], ldap.project.id.as_str(), "{shown}");
    assert_eq!(
        role_names(&shown),
        support::seed().stored_roles(&["member"]),
        "{shown}"
    );
    let left = seconds_left(&shown["expires_at"]);
    assert!(
        (86_400 - 600..=86_400 + 60).contains(&left),
        "expires in {left} s, not 1 day: {shown}"
    );
    assert!(
        array(&shown["held_in"])
            .iter()
            .any(|h| h["kind"] == "clouds"
                && h["entry"] == entry.as_str()
                && h["location"] == f.as_ref()),
        "{shown}"
    );

    run("ldap-lina", &["delete", &name, "--yes"]).ok();
    assert!(
        !keystone_names_of(&lina.id).contains(&name),
        "{name} still in Keystone after delete"
    );
}

#[test]
fn rotate_makes_a_credential_that_logs_in_and_deletes_the_old_one() {
    let Some(ldap) = ldap("rotate") else {
        return;
    };
    let lina = ldap.user("lina");
    let mut clean = Cleanup::of_user_id(&lina.id);
    let old_name = clean.name(support::unique("ldap-rot"));
    let new_name = clean.name(format!("{old_name}-new"));
    let made = run(
        "ldap-lina",
        &[
            "create",
            &old_name,
            "--role",
            "member",
            "--expires",
            "5d",
            "-f",
            "json",
        ],
    )
    .ok()
    .json();
    let old_id = made["id"].as_str().expect("id").to_string();
    let old_secret = made["secret"].as_str().expect("secret").to_string();
    assert_eq!(app_cred_login(&old_id, &old_secret), 201);

    let r = run(
        "ldap-lina",
        &[
            "rotate",
            &old_name,
            "--name",
            &new_name,
            "--delete-old",
            "-f",
            "json",
        ],
    );
    r.ok();
    let report = r.json();
    assert_eq!(report["verified"], true, "{report}");
    assert_eq!(report["old_deleted"], true, "{report}");
    assert_eq!(report["dropped_roles"], json!([]), "{report}");
    let new = &report["new"];
    assert_eq!(new["name"], new_name.as_str(), "{report}");
    assert_eq!(new["user_id"], lina.id.as_str(), "{report}");
    assert_eq!(
        role_names(new),
        support::seed().stored_roles(&["member"]),
        "{report}"
    );
    let new_id = new["id"].as_str().expect("new id").to_string();
    let new_secret = new["secret"].as_str().expect("new secret").to_string();
    assert_ne!(new_id, old_id);

    // The new secret logs in (appcred's own check and a raw token request);
    // the old credential is gone from Keystone and no longer logs in.
    let verified = run_stdin(
        "ldap-lina",
        &["verify", "--id", &new_id, "--secret-stdin", "-f", "json"],
        &new_secret,
    );
    let v = verified.ok().json();
    assert_eq!(v["works"], true, "{v}");
    assert_eq!(v["project"]["domain"]["name"], "corp", "{v}");
    assert_eq!(app_cred_login(&new_id, &new_secret), 201);
    let kept = keystone_names_of(&lina.id);
    assert!(!kept.contains(&old_name), "old one still there: {kept:?}");
    assert!(kept.contains(&new_name), "{kept:?}");
    assert_ne!(app_cred_login(&old_id, &old_secret), 201);
}

#[test]
fn expiring_lists_the_one_due_tomorrow_not_the_one_due_in_a_month() {
    let Some(ldap) = ldap("--expiring") else {
        return;
    };
    let lina = ldap.user("lina");
    let mut clean = Cleanup::of_user_id(&lina.id);
    let soon = clean.name(support::unique("ldap-soon"));
    let later = clean.name(support::unique("ldap-later"));
    for (name, when) in [(&soon, "1d"), (&later, "30d")] {
        run(
            "ldap-lina",
            &["create", name, "--role", "member", "--expires", when],
        )
        .ok();
    }
    let out = run("ldap-lina", &["list", "--expiring", "2d", "-f", "json"]);
    // Something expires within the window: exit 3.
    out.expect_code(3);
    let listed = out.json();
    assert!(named(&listed, &soon).is_some(), "{soon} missing: {listed}");
    assert!(named(&listed, &later).is_none(), "{later} listed: {listed}");
    // Without the window both are hers.
    let all = run("ldap-lina", &["list", "-f", "json"]).ok().json();
    assert!(named(&all, &soon).is_some() && named(&all, &later).is_some());
}

#[test]
fn the_project_audit_finds_a_group_members_credential_and_flags_the_disabled_owner() {
    let Some(ldap) = ldap("the audit as the project admin") else {
        return;
    };
    let lina = ldap.user("lina");
    let otto = ldap.user("otto");
    let mut clean = Cleanup::of_user_id(&lina.id);
    let name = clean.name(support::unique("ldap-audit"));
    let made = api_create_as(
        &ldap,
        "lina",
        json!({"name": name, "roles": [{"name": "member"}],
               "expires_at": crate::support::workflow::keystone_in(20 * 86_400)}),
    );
    // `admin`: the bootstrap admin on its project, as an operator's cloud.
    let out = run(
        "admin",
        &["audit", "--project", &ldap.project.name, "-f", "json"],
    );
    out.ok();
    let rows = out.json();
    let row = |id: &str| -> &Value {
        array(&rows)
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("credential {id} not in the audit: {rows}"))
    };
    let flags = |r: &Value| -> Vec<String> {
        array(&r["flags"])
            .iter()
            .filter_map(|f| f.as_str().map(str::to_string))
            .collect()
    };
    // otto is disabled in the directory (out of enabled_users).
    let o = row(&ldap.credential("otto-ci").id);
    assert_eq!(o["user_id"], otto.id.as_str(), "{o}");
    assert_eq!(o["user_name"], "otto", "{o}");
    assert_eq!(o["user_enabled"], false, "{o}");
    assert!(flags(o).contains(&"owner_disabled".to_string()), "{o}");
    // lina holds her role only through corp-devs: the audit still finds
    // her (the project's assignments include the group's) and has nothing
    // to say about her or her roles.
    let l = row(made["id"].as_str().expect("id"));
    assert_eq!(l["user_name"], "lina", "{l}");
    assert_eq!(l["user_enabled"], true, "{l}");
    assert_eq!(l["dropped_roles"], json!([]), "{l}");
    assert!(
        !flags(l)
            .iter()
            .any(|f| f.starts_with("owner_") || f.contains("role")),
        "{l}"
    );
    // The table names the flag too.
    run("admin", &["audit", "--project", &ldap.project.name])
        .ok()
        .stdout_has(&["otto-ci", "owner_disabled"]);
}

#[test]
fn the_fleet_lists_both_ldap_clouds_each_record_with_its_cloud() {
    let Some(ldap) = ldap("the fleet") else {
        return;
    };
    let lina = ldap.user("lina");
    let mut clean = Cleanup::of_user_id(&lina.id);
    let name = clean.name(support::unique("ldap-fleet"));
    let made = api_create_as(&ldap, "lina", json!({ "name": name }));
    let out = run_cmd(
        support::appcred(),
        None,
        &[
            "--os-cloud",
            "ldap-lina",
            "--os-cloud",
            "ldap-alice",
            "list",
            "-f",
            "json",
        ],
        None,
    );
    out.ok();
    let records = out.json();
    let clouds_of = |id: &str| -> Vec<String> {
        array(&records)
            .iter()
            .filter(|r| r["id"] == id)
            .map(|r| r["cloud"].as_str().unwrap_or("(none)").to_string())
            .collect()
    };
    assert_eq!(
        clouds_of(made["id"].as_str().expect("id")),
        ["ldap-lina"],
        "{records}"
    );
    assert_eq!(
        clouds_of(&ldap.credential("corp-alice-ci").id),
        ["ldap-alice"],
        "{records}"
    );
    // Each cloud lists only its own user's credentials.
    for r in array(&records) {
        let owner = match r["cloud"].as_str() {
            Some("ldap-lina") => lina,
            Some("ldap-alice") => ldap.user("alice"),
            other => panic!("a record of cloud {other:?}: {r}"),
        };
        assert_eq!(r["user_id"], owner.id.as_str(), "{r}");
    }
}

#[test]
fn a_user_name_in_another_case_logs_in_and_is_found_as_the_directory_compares() {
    let Some(ldap) = ldap("LINA") else {
        return;
    };
    let seed = support::seed();
    let lina = ldap.user("lina");
    let mut clean = Cleanup::of_user_id(&lina.id);
    let before = clean.name(support::unique("ldap-case"));
    let made = api_create_as(&ldap, "lina", json!({ "name": before }));
    let before_id = made["id"].as_str().expect("id").to_string();

    let dir = support::temp_dir("ldap-user-case");
    let yaml = dir.join("clouds.yaml");
    crate::support::workflow::write_private(
        &yaml,
        &format!(
            "clouds:\n  upper:\n    auth_type: password\n    auth:\n      auth_url: {}\n      \
             username: LINA\n      password: \"{}\"\n      user_domain_name: corp\n      \
             project_name: {}\n      project_domain_name: corp\n    region_name: {}\n    \
             interface: public\n    identity_api_version: 3\n",
            seed.auth_url, lina.password, ldap.project.name, seed.region
        ),
    );
    // LINA is lina: her credentials, and a new one is hers.
    let listed = run_cmd(
        appcred_with(&yaml),
        Some("upper"),
        &["list", "-f", "json"],
        None,
    );
    assert!(listed.ok().ids().contains(&before_id), "{}", listed.stdout);
    let after = clean.name(support::unique("ldap-case-new"));
    let made = run_cmd(
        appcred_with(&yaml),
        Some("upper"),
        &["create", &after, "--role", "member", "-f", "json"],
        None,
    )
    .ok()
    .json();
    assert_eq!(made["user_id"], lina.id.as_str(), "{made}");

    // The admin finds her as LINA in corp, with and without the domain.
    for domain in [Some("corp"), None] {
        let mut args = vec!["list", "--user", "LINA", "-f", "json"];
        if let Some(d) = domain {
            args.extend(["--user-domain", d]);
        }
        let out = run("admin", &args);
        let ids = out.ok().ids();
        assert!(ids.contains(&before_id), "{domain:?}: {}", out.stdout);
        assert!(
            ids.contains(&made["id"].as_str().expect("id").to_string()),
            "{domain:?}: {}",
            out.stdout
        );
    }
}

#[test]
fn roles_and_scopes_show_the_group_role_on_corp_apps_in_corp() {
    let Some(ldap) = ldap("roles and scopes") else {
        return;
    };
    // scopes: corp-apps, current, in the domain corp.
    let v = run("ldap-lina", &["scopes", "-f", "json"]).ok().json();
    let p = named(&v, &ldap.project.name).unwrap_or_else(|| panic!("{v}"));
    assert_eq!(p["type"], "project", "{p}");
    assert_eq!(p["id"], ldap.project.id.as_str(), "{p}");
    assert_eq!(p["domain_id"], ldap.domain.id.as_str(), "{p}");
    assert_eq!(p["current"], true, "{p}");
    // roles: the scope named with its domain, member (from the group) held.
    let t = run("ldap-lina", &["roles"]);
    t.ok().stdout_has(&["member"]);
    t.stderr_has(&["scope: project corp-apps (corp)"]);
    // A role she does not hold is refused naming the ones she does.
    let name = support::unique("ldap-notheld");
    let out = run(
        "ldap-lina",
        &["create", &name, "--role", "member", "--role", "admin"],
    );
    out.expect_code(1)
        .stderr_has(&["admin", "nothing was created", "member"]);
    assert!(!keystone_names_of(&ldap.user("lina").id).contains(&name));
}

/// The ldap-lina cloud, built from the seed (as tui_loop builds alice's).
fn lina_cloud(ldap: &Ldap) -> CloudConfig {
    let seed = support::seed();
    CloudConfig {
        name: "ldap-lina".into(),
        auth_type: AuthType::Password,
        auth: AuthOptions {
            auth_url: Some(seed.auth_url.clone()),
            username: Some("lina".into()),
            user_domain_name: Some(ldap.domain.name.clone()),
            password: Some(appcred::secret::Secret::new(
                ldap.user("lina").password.clone(),
            )),
            project_name: Some(ldap.project.name.clone()),
            project_domain_name: Some(ldap.domain.name.clone()),
            ..Default::default()
        },
        region_name: Some(seed.region.clone()),
        interface: "public".into(),
        identity_api_version: Some("3".into()),
        tls: Default::default(),
        api_timeout: None,
        source_file: None,
    }
}

fn on_step(m: &Model, step: wizard::Step) -> bool {
    matches!(&m.screen, Screen::Wizard(w) if w.step() == step)
}

#[tokio::test]
async fn the_wizard_offers_the_role_from_the_ldap_group_and_creates_with_it() {
    let Some(ldap) = ldap("the TUI wizard") else {
        return;
    };
    let lina = ldap.user("lina").clone();
    let mut clean = Cleanup::of_user_id(&lina.id);
    let name = clean.name(support::unique("ldap-wiz"));
    let mut model = Model::new(Utc::now(), Theme { color: false }, 100, 30);
    let mut runner = KeystoneRunner::new(Environment::default(), Overrides::default());
    let first = update::init(&mut model, Some(lina_cloud(&ldap)));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let limit = Duration::from_secs(60);

    // Up to the roles step.
    let mut script = wizard_to_roles(&name);
    script.push(Step::wait("the roles step", |m| {
        on_step(m, wizard::Step::Roles)
    }));
    run_headless(&mut terminal, &mut model, &mut runner, script, first, limit)
        .await
        .unwrap();
    let held: Vec<&str> = model.roles.iter().map(|r| r.name.as_str()).collect();
    assert!(held.contains(&"member"), "held: {held:?}");
    let screen = terminal.backend().to_string();
    assert!(
        screen.contains("[ ] member"),
        "member not offered:\n{screen}"
    );
    assert!(
        !screen.contains("Keystone lists no roles for you here"),
        "{screen}"
    );

    // Only member ticked (its row comes after "all my roles"), then create.
    let member_row = model
        .roles
        .iter()
        .position(|r| r.name == "member")
        .expect("member held");
    let mut script: Vec<Step> = (0..=member_row).map(|_| press(KeyCode::Down)).collect();
    script.push(press(KeyCode::Char(' ')));
    script.extend(wizard_after_roles());
    run_headless(
        &mut terminal,
        &mut model,
        &mut runner,
        script,
        Vec::new(),
        limit,
    )
    .await
    .unwrap();
    assert!(model.last_error.is_none(), "{:?}", model.last_error);
    let id = lina.id.clone();
    let kept =
        tokio::task::spawn_blocking(move || block_on(async move { admin().app_creds(&id).await }))
            .await
            .unwrap();
    let c = kept
        .iter()
        .find(|c| c["name"] == name.as_str())
        .unwrap_or_else(|| panic!("{name} not in Keystone after the wizard: {kept:?}"));
    assert_eq!(c["project_id"], ldap.project.id.as_str(), "{c}");
    assert_eq!(
        role_names(c),
        support::seed().stored_roles(&["member"]),
        "{c}"
    );
}

#[test]
fn the_token_cache_keeps_an_ldap_users_token_and_the_next_command_uses_it() {
    use crate::support::token_cache::*;
    let Some(ldap) = ldap("the token cache") else {
        return;
    };
    let _one = one_at_a_time();
    fresh_session_keyring();
    let lina = ldap.user("lina");
    let home = support::temp_dir("ldap-user-tc");
    let as_lina = || {
        let mut cmd = appcred_cached(&home);
        cmd.args(["--os-cloud", "ldap-lina"]);
        cmd
    };
    let first = run_logged(as_lina(), &home, "first", &["list", "-f", "json"]);
    first.assert_ok("first");
    assert_eq!(first.logins(), 1, "{:?}", first.requests);
    let key = the_cached_key();
    assert_eq!(key.value["user"]["id"], lina.id.as_str(), "{}", key.value);
    assert_eq!(key.value["user"]["name"], "lina", "{}", key.value);

    // The next command: no login, the request names her mapped id.
    let second = run_logged(as_lina(), &home, "second", &["list", "-f", "json"]);
    second.assert_ok("second");
    assert!(second.used_the_cache(), "{}", second.log);
    assert_eq!(second.logins(), 0, "{:?}", second.requests);
    let listed: Value = serde_json::from_slice(&second.out.stdout).expect("JSON");
    assert!(listed.is_array(), "{listed}");
    assert!(
        second
            .requests
            .iter()
            .all(|r| r.starts_with(&format!("GET /v3/users/{}/", lina.id))),
        "{:?}",
        second.requests
    );
}

#[test]
fn exec_ephemeral_gives_the_openstack_client_her_credential_and_deletes_it_after() {
    let Some(ldap) = ldap("exec --ephemeral") else {
        return;
    };
    let lina = ldap.user("lina");
    let mut cmd = support::appcred();
    cmd.env("OPENSTACK", crate::support::workflow::openstack());
    let out = run_cmd(
        cmd,
        Some("ldap-lina"),
        &[
            "exec",
            "--ephemeral",
            "30m",
            "--role",
            "member",
            "--",
            "sh",
            "-c",
            "echo ID=$OS_APPLICATION_CREDENTIAL_ID; \"$OPENSTACK\" token issue -f json",
        ],
        None,
    );
    out.ok();
    let (first, rest) = out.stdout.split_once('\n').expect("two parts");
    let id = first.strip_prefix("ID=").expect("ID=").to_string();
    let token: Value = serde_json::from_str(rest).unwrap_or_else(|e| panic!("{e}: {}", out.stdout));
    assert_eq!(token["user_id"], lina.id.as_str(), "{token}");
    assert_eq!(token["project_id"], ldap.project.id.as_str(), "{token}");
    // Made as hers, named for her, and gone once the command ended.
    out.stderr_has(&["appcred-ephemeral-lina@"]);
    let kept = block_on({
        let lid = lina.id.clone();
        async move { admin().app_creds(&lid).await }
    });
    assert!(
        kept.iter().all(|c| c["id"] != id.as_str()),
        "{id} still in Keystone: {kept:?}"
    );
}

#[test]
fn taken_out_of_the_ldap_group_the_owner_loses_the_role_and_the_domain_audit_flags_it() {
    let Some(ldap) = ldap("group membership removed") else {
        return;
    };
    let seed = support::seed();
    let mut user = DirectoryUser::new(&ldap, "grp", &[&ldap.group.dn]);
    flush_identity_cache(&seed.keystone.cache_servers);
    let id = user.keystone_id();
    let mut clean = Cleanup::of_user_id(&id);
    let name = clean.name(support::unique("grp-ci"));
    let made = create_logged_in(
        user.login(),
        &id,
        json!({"name": name, "roles": [{"name": "member"}]}),
    );
    let (cred_id, secret) = (
        made["id"].as_str().expect("id").to_string(),
        made["secret"].as_str().expect("secret").to_string(),
    );
    assert_eq!(app_cred_login(&cred_id, &secret), 201);

    // The directory's admin takes the user out of corp-devs.
    user.leave(&ldap.group.dn);
    flush_identity_cache(&seed.keystone.cache_servers);

    // The audit of the domain: the credential is flagged, the roles named.
    let mut row = Value::Null;
    for _ in 0..20 {
        let out = run(
            "admin",
            &["audit", "--domain", &ldap.domain.name, "-f", "json"],
        );
        out.ok();
        let rows = out.json();
        row = array(&rows)
            .iter()
            .find(|r| r["id"] == cred_id.as_str())
            .cloned()
            .unwrap_or_else(|| panic!("{name} not in the domain audit: {rows}"));
        if row["flags"].as_array().is_some_and(|f| !f.is_empty()) {
            break;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    let flags: Vec<&str> = array(&row["flags"])
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(flags.contains(&"dropped_role"), "{row}");
    assert!(
        !flags.iter().any(|f| f.starts_with("owner_")),
        "the owner is still there and enabled: {row}"
    );
    assert_eq!(row["user_name"], user.name.as_str(), "{row}");
    assert!(
        array(&row["dropped_roles"])
            .iter()
            .any(|r| r["name"] == "member"),
        "{row}"
    );
    // And it is so: Keystone refuses the credential now.
    assert_ne!(app_cred_login(&cred_id, &secret), 201);
}
