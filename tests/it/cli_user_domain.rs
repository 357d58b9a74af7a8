//! `--user NAME [--user-domain NAME|ID]` for an admin (issue 29): a name
//! looked for in every domain the admin can see, several matches listed
//! with their domains (exit 1), none said with the domains searched, and an
//! id no user answers to worked on by id. The users are made here, in the
//! seed's two SQL domains (Default and engineering), with unique names.

use serde_json::{Value, json};

use crate::support::cli::*;
use crate::support::{self, block_on, seed};

/// A throwaway SQL user with the member role on one seed project, deleted
/// (with its credentials: SQL cascades) when dropped.
struct Person {
    id: String,
    password: String,
    project_id: String,
}

impl Person {
    fn new(name: &str, domain: &str, project: &str) -> Person {
        let s = seed();
        let domain_id = s.domain(domain).id.clone();
        let project_id = s.project(project).id.clone();
        let role_id = s.role("member").id.clone();
        let password = support::unique("pw");
        let (name, pw) = (name.to_string(), password.clone());
        let id = block_on(async move {
            let admin = admin();
            let r = admin
                .call(
                    reqwest::Method::POST,
                    "/users",
                    Some(json!({"user": {"name": name, "domain_id": domain_id,
                        "password": pw, "enabled": true}})),
                )
                .await;
            assert_eq!(r.status, 201, "create user: {}", r.body);
            let id = r.body["user"]["id"].as_str().unwrap().to_string();
            crate::support::workflow::grant(&admin, &id, &project_id, &role_id).await;
            id
        });
        Person {
            id,
            password,
            project_id: s.project(project).id.clone(),
        }
    }

    /// A credential made as this user (password login); Keystone's answer.
    fn create_cred(&self, name: &str) -> Value {
        let login = json!({"auth": {"identity": {"methods": ["password"],
            "password": {"user": {"id": self.id, "password": self.password}}},
            "scope": {"project": {"id": self.project_id}}}});
        create_logged_in(login, &self.id, json!({ "name": name }))
    }

    fn cred_names(&self) -> Vec<String> {
        let id = self.id.clone();
        block_on(async move { admin().app_creds(&id).await })
            .iter()
            .filter_map(|c| c["name"].as_str().map(str::to_string))
            .collect()
    }
}

impl Drop for Person {
    fn drop(&mut self) {
        let id = self.id.clone();
        block_on(async move {
            let _ = admin()
                .call(reqwest::Method::DELETE, &format!("/users/{id}"), None)
                .await;
        });
    }
}

#[test]
fn a_name_in_another_domain_is_found_with_and_without_user_domain() {
    let s = seed();
    let name = support::unique("eng-user");
    let eng = Person::new(&name, "engineering", "platform");
    let cred = eng.create_cred("eng-ci");
    let cred_id = cred["id"].as_str().unwrap();

    let engineering = &s.domain("engineering");
    for domain in [None, Some(engineering.name.as_str()), Some(&engineering.id)] {
        let mut args = vec!["list", "--user", &name, "-f", "json"];
        if let Some(d) = domain {
            args.extend(["--user-domain", d]);
        }
        let out = run("demo", &args);
        out.ok();
        assert_eq!(out.ids(), vec![cred_id.to_string()], "{domain:?}");
    }

    // Named in the wrong domain: not found there, and said so.
    let out = run(
        "demo",
        &["list", "--user", &name, "--user-domain", "Default"],
    );
    out.expect_code(1).stderr_has(&[
        &format!("no user matches {name:?} in domain Default"),
        "--user-domain",
    ]);

    // Deleted by name from the admin's own domain, with and without the domain.
    let other = eng.create_cred("eng-other");
    assert!(other["id"].is_string());
    run(
        "demo",
        &["delete", "--user", &name, "eng-ci", "--yes", "-f", "json"],
    )
    .ok();
    run(
        "demo",
        &[
            "delete",
            "--user",
            &name,
            "--user-domain",
            "engineering",
            "eng-other",
            "--yes",
        ],
    )
    .ok();
    assert_eq!(eng.cred_names(), Vec::<String>::new());
}

#[test]
fn a_name_in_two_domains_lists_both_and_exits_1_until_the_domain_is_named() {
    let s = seed();
    let name = support::unique("twin");
    let here = Person::new(&name, "Default", "demo");
    let there = Person::new(&name, "engineering", "platform");
    let cred = there.create_cred("twin-ci");

    for cmd in [
        vec!["list", "--user", &name],
        vec!["show", "twin-ci", "--user", &name],
        vec!["delete", "twin-ci", "--user", &name, "--yes"],
    ] {
        let out = run("demo", &cmd);
        out.expect_code(1).stderr_has(&[
            &format!("2 users are named {name:?}"),
            &format!("{} in domain Default ({})", here.id, s.domain("Default").id),
            &format!(
                "{} in domain engineering ({})",
                there.id,
                s.domain("engineering").id
            ),
            "--user-domain",
        ]);
        assert!(out.stdout.is_empty(), "{cmd:?}: {}", out.stdout);
    }
    assert_eq!(there.cred_names(), vec!["twin-ci".to_string()]);

    let out = run(
        "demo",
        &[
            "show",
            "twin-ci",
            "--user",
            &name,
            "--user-domain",
            "engineering",
            "-f",
            "json",
        ],
    );
    out.ok();
    assert_eq!(out.json()["id"], cred["id"]);
    // The id is never ambiguous.
    let out = run("demo", &["list", "--user", &here.id, "-f", "json"]);
    out.ok();
    assert!(out.ids().is_empty());
}

#[test]
fn a_name_no_domain_holds_says_where_it_looked() {
    let s = seed();
    let name = support::unique("nobody");
    let out = run("demo", &["list", "--user", &name]);
    out.expect_code(1).stderr_has(&[
        &format!("no user matches {name:?} in domains"),
        &s.domain("Default").name,
        &s.domain("engineering").name,
        "--user-domain",
        "as the directory does in LDAP-backed ones",
    ]);
    // The domain itself must exist.
    let out = run(
        "demo",
        &[
            "list",
            "--user",
            &name,
            "--user-domain",
            &support::unique("nodomain"),
        ],
    );
    out.expect_code(1).stderr_has(&["no domain matches"]);
}

#[test]
fn an_id_no_user_answers_to_is_worked_on_by_id_saying_so() {
    let id = format!("{:0>32}", "deadbeef");
    let note = format!("user {id} not found (deleted from the directory?): working by id");
    let out = run("demo", &["list", "--user", &id, "-f", "json"]);
    out.ok().stderr_has(&[&note]);
    assert_eq!(out.json(), json!([]));
    let out = run("demo", &["delete", "--user", &id, "nothing-here", "--yes"]);
    out.expect_code(1).stderr_has(&[&note, "1 of 1 failed"]);
}

#[test]
fn user_domain_needs_user_and_is_in_the_help() {
    let out = run("demo", &["list", "--user-domain", "Default"]);
    out.expect_code(2).stderr_has(&["--user"]);
    for cmd in ["list", "show", "delete"] {
        let out = run_cmd(support::appcred(), None, &[cmd, "--help"], None);
        out.ok().stdout_has(&["--user-domain <NAME|ID>"]);
    }
}
