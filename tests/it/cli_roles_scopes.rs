//! `appcred roles` and `appcred scopes` against the real test Keystone
//! (compared with the seed), rescoping with `--os-project-name` and
//! `--os-project-domain-name`, and the usage errors that exit 2.

use crate::support;

use std::collections::BTreeSet;

use crate::support::cli::*;
use serde_json::Value;

fn array(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("not an array: {v}"))
}

/// `(name, id)` pairs of a `roles -f json` answer, checking each object.
fn role_pairs(v: &Value) -> BTreeSet<(String, String)> {
    array(v)
        .iter()
        .map(|r| {
            let name = r["name"].as_str().unwrap_or_else(|| panic!("name in {r}"));
            let id = r["id"].as_str().unwrap_or_else(|| panic!("id in {r}"));
            (name.to_string(), id.to_string())
        })
        .collect()
}

/// What the seed says the roles are: names with their ids.
fn expected(names: &[String]) -> BTreeSet<(String, String)> {
    let seed = support::seed();
    names
        .iter()
        .map(|n| (n.clone(), seed.role(n).id.clone()))
        .collect()
}

#[test]
fn admin_roles_are_labelled_direct_or_implied() {
    let seed = support::seed();
    let v = run("demo", &["roles", "-f", "json"]).ok().json();
    assert_eq!(
        role_pairs(&v),
        expected(&seed.effective_project_roles("admin", "admin"))
    );
    let direct: Vec<String> = seed.user("admin").project_roles["admin"].clone();
    for r in array(&v) {
        let name = r["name"].as_str().unwrap_or_default().to_string();
        if direct.contains(&name) {
            assert_eq!(r["origin"], "direct", "{r}");
        } else {
            assert_eq!(r["origin"], "implied", "{r}");
            let by = r["implied_by"]
                .as_str()
                .unwrap_or_else(|| panic!("implied_by in {r}"));
            assert!(
                seed.role_inferences
                    .iter()
                    .any(|i| i.prior == by && i.implies == name),
                "{by} implies {name} per Keystone: {r}"
            );
        }
    }
    let table = run("demo", &["roles"]).ok().stdout.clone();
    assert!(
        table.contains("direct") && table.contains("implied by admin"),
        "{table}"
    );
}

#[test]
fn a_members_roles_are_exactly_the_tokens() {
    let seed = support::seed();
    let v = run("alice", &["roles", "-f", "json"]).ok().json();
    let want = seed.effective_project_roles("alice", "demo");
    assert_eq!(role_pairs(&v), expected(&want));
    // Nothing she lacks: not admin, manager, service, nor her ci-only roles' extras.
    for lacking in ["admin", "manager", "service", "_member_"] {
        assert!(!want.iter().any(|w| w == lacking));
        assert!(
            !array(&v).iter().any(|r| r["name"] == lacking),
            "{lacking} offered to alice: {v}"
        );
    }
    // The policy hides her assignments: no labels, and the table says why.
    assert!(array(&v).iter().all(|r| r["origin"] == "unknown"), "{v}");
    run("alice", &["roles"])
        .ok()
        .stderr_has(&["scope: project demo", "hides role assignments"]);
}

#[test]
fn rescoping_on_the_command_line_changes_the_roles_and_where_create_puts_credentials() {
    let seed = support::seed();
    let ci = [
        "--os-project-name",
        "ci",
        "--os-project-domain-name",
        "Default",
    ];
    let v = run("alice", &[&ci[..], &["roles", "-f", "json"]].concat())
        .ok()
        .json();
    assert_eq!(
        role_pairs(&v),
        expected(&seed.effective_project_roles("alice", "ci"))
    );
    assert_ne!(
        seed.effective_project_roles("alice", "ci"),
        seed.effective_project_roles("alice", "demo"),
        "the seed makes the two scopes differ"
    );
    // carol: domain scope in her cloud, a project by name in another domain.
    let sandbox = [
        "--os-project-name",
        "sandbox",
        "--os-project-domain-name",
        "engineering",
    ];
    let v = run(
        "carol-domain",
        &[&sandbox[..], &["roles", "-f", "json"]].concat(),
    )
    .ok()
    .json();
    assert_eq!(
        role_pairs(&v),
        expected(&seed.effective_project_roles("carol", "sandbox"))
    );
    let v = run("carol-domain", &["roles", "-f", "json"]).ok().json();
    let domain_roles = seed.with_implied(&seed.user("carol").domain_roles["engineering"]);
    assert_eq!(role_pairs(&v), expected(&domain_roles));

    // create follows the scope: the credential lands on ci with ci's roles.
    let mut clean = Cleanup::new("alice");
    let name = clean.name(support::unique("cli-on-ci"));
    run("alice", &[&ci[..], &["create", &name]].concat()).ok();
    let c = keystone_cred("alice", &name).expect("created");
    assert_eq!(c["project_id"], seed.project("ci").id.as_str());
    assert_eq!(role_names(&c), seed.effective_project_roles("alice", "ci"));
    // A role held on demo but not on ci is refused there.
    let refused = support::unique("cli-on-ci");
    run(
        "alice",
        &[&ci[..], &["create", &refused, "--role", "member"]].concat(),
    )
    .expect_code(1)
    .stderr_has(&["\"member\"", "reader"]);
    assert_absent("alice", &refused);
}

/// `(name, id)` pairs.
type Named = BTreeSet<(String, String)>;

/// `scopes -f json` split by type: every item, project and domain
/// `(name, id)`s, and whether the system scope is offered.
fn scopes(cloud: &str) -> (Vec<Value>, Named, Named, bool) {
    let v = run(cloud, &["scopes", "-f", "json"]).ok().json();
    let items = array(&v).clone();
    let of = |t: &str| -> Named {
        items
            .iter()
            .filter(|i| i["type"] == t)
            .map(|i| {
                let f = |k: &str| {
                    i[k].as_str()
                        .unwrap_or_else(|| panic!("{k} in {i}"))
                        .to_string()
                };
                (f("name"), f("id"))
            })
            .collect()
    };
    let (projects, domains) = (of("project"), of("domain"));
    let system = items.iter().any(|i| i["type"] == "system");
    (items, projects, domains, system)
}

fn current(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .filter(|i| i["current"] == true)
        .map(|i| {
            format!(
                "{} {}",
                i["type"].as_str().unwrap_or(""),
                i["name"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn scopes_for_several_projects_a_domain_and_the_system() {
    let seed = support::seed();
    let projects_of = |user: &str| -> Named {
        seed.user(user)
            .project_roles
            .keys()
            .map(|p| (p.clone(), seed.project(p).id.clone()))
            .collect()
    };
    // alice: two projects, no domain, no system.
    let (items, projects, domains, system) = scopes("alice");
    assert_eq!(projects, projects_of("alice"));
    assert!(projects.len() >= 2, "a user with several projects");
    assert!(domains.is_empty() && !system, "{items:?}");
    assert_eq!(current(&items), vec!["project demo"]);

    // carol: her projects and the domain engineering, which is current.
    let (items, projects, domains, system) = scopes("carol-domain");
    assert_eq!(projects, projects_of("carol"));
    let eng = seed.domain("engineering");
    assert_eq!(
        domains,
        BTreeSet::from([(eng.name.clone(), eng.id.clone())])
    );
    assert!(!system);
    assert_eq!(current(&items), vec!["domain engineering"]);

    // admin: the system scope too.
    let (items, projects, _, system) = scopes("demo");
    assert!(system, "admin may use the system scope: {items:?}");
    assert!(projects.contains(&("admin".to_string(), seed.project("admin").id.clone())));
    assert_eq!(current(&items), vec!["project admin"]);
    let (items, _, _, _) = scopes("system-admin");
    assert_eq!(current(&items), vec!["system all"]);

    let table = run("alice", &["scopes"]).ok().stdout.clone();
    for p in seed.user("alice").project_roles.keys() {
        assert!(table.contains(p.as_str()), "{p} in\n{table}");
    }
}

#[test]
fn usage_errors_exit_2_before_anything_is_done() {
    for args in [
        vec!["list", "--bogus"],
        vec!["list", "-f", "openrc"],
        vec!["show", "x", "-f", "clouds"],
        vec!["list", "--sort", "size"],
        vec!["no-such-command"],
        vec!["export", "x", "--secret-stdin"],
        vec!["export", "x", "--secret-stdin", "-f", "yaml"],
        vec!["delete"],
        vec!["create"],
        vec!["create", "x", "--force"],
        vec![
            "create",
            "x",
            "--access-rule",
            "a:GET:/x",
            "--access-rules",
            "f.json",
        ],
    ] {
        // A dead auth URL: a usage error must come before any connection.
        let mut all = vec!["--os-auth-url", "http://127.0.0.1:9/v3"];
        all.extend_from_slice(&args);
        let out = run("alice", &all);
        out.expect_code(2);
        assert!(out.stdout.is_empty(), "{args:?}: {}", out.stdout);
        assert!(
            out.stderr.contains("error") && !out.stderr.contains("connect"),
            "{args:?}: {}",
            out.stderr
        );
    }
    // --help is not an error.
    let out = run("alice", &["create", "--help"]);
    out.ok().stdout_has(&["--secret-stdin", "--expires"]);
}
